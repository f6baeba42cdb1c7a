#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Core-series benchmark on the patched kernel under qemu TCG: gup_test's
# GUP_FAST (-u) against PIN_FAST (-a) in the same boot, with the pin ledger
# on (the default) and off (pin_ledger=off, a second boot of the same
# kernel).  Prints a markdown table of medians; raw timings stay in the run
# directories.  Usage: bench-kernel.sh  (make kernel first; make bench-kernel)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
[ -e "$build/kernel/obj-patched/arch/x86/boot/bzImage" ] ||
	{ echo "pinconv: no patched kernel (make kernel)" >&2; exit 1; }

median() { sort -n | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# boot NAME APPEND: one VM run of the gupbench step; prints its run dir
boot() {
	KERNEL=patched VM_ONLY=gupbench VM_APPEND="$2" "$top/tests/vm/run.sh" >"$build/bench-kernel-$1.tap" 2>&1 ||
		{ echo "pinconv: VM run '$1' failed (see $build/bench-kernel-$1.tap)" >&2; exit 1; }
	sed -n 's/^# kernel .*, run dir //p' "$build/bench-kernel-$1.tap"
}

printf '| ledger | gup_test -m 64 -r 5 | median get (us) | median put (us) | n |\n|---|---|---|---|---|\n'
for cfg in on off; do
	app=
	[ "$cfg" = off ] && app=pin_ledger=off
	run=$(boot "ledger-$cfg" "$app")
	f=$run/out/gupbench.txt
	for opt in u a; do
		g=$(awk -v o=$opt '$1 == o {print $2}' "$f" | median)
		p=$(awk -v o=$opt '$1 == o {print $3}' "$f" | median)
		n=$(awk -v o=$opt '$1 == o' "$f" | wc -l)
		eval "get_${cfg}_$opt=$g"
		printf '| %s | -%s (%s) | %s | %s | %s |\n' "$cfg" "$opt" \
			"$([ $opt = u ] && echo GUP_FAST || echo PIN_FAST)" "$g" "$p" "$n"
	done
done
echo
echo "PIN_FAST / GUP_FAST get-time ratio, same boot: ledger off $(echo "scale=3; $get_off_a / $get_off_u" | bc), ledger on $(echo "scale=3; $get_on_a / $get_on_u" | bc)"
echo "PIN_FAST get time, ledger on / off (two boots): $(echo "scale=3; $get_on_a / $get_off_a" | bc)"
