#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Core-series benchmark under qemu TCG: gup_test's GUP_FAST (-u) against
# PIN_FAST (-a) in the same boot, on the unpatched reference kernel (same
# config, no patches: build-kernel.sh --base) and on the patched kernel with
# the pin ledger on (the default) and off (pin_ledger=off, another boot of
# the same kernel).  Prints a markdown table of medians; raw timings stay in
# the run directories.  Usage: bench-kernel.sh  (make bench-kernel)
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$top/build}
[ -e "$build/kernel/obj-patched/arch/x86/boot/bzImage" ] ||
	{ echo "pinconv: no patched kernel (make kernel)" >&2; exit 1; }

median() { sort -n | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# boot NAME KERNEL APPEND: one VM run of the gupbench step; prints its run dir
boot() {
	KERNEL=$2 VM_ONLY=gupbench VM_APPEND="$3" "$top/tests/vm/run.sh" >"$build/bench-kernel-$1.tap" 2>&1 ||
		{ echo "pinconv: VM run '$1' failed (see $build/bench-kernel-$1.tap)" >&2; exit 1; }
	sed -n 's/^# kernel .*, run dir //p' "$build/bench-kernel-$1.tap"
}

[ -e "$build/kernel/obj-base/arch/x86/boot/bzImage" ] ||
	{ echo "pinconv: no reference kernel (kernel/build/build-kernel.sh --base)" >&2; exit 1; }

printf '| kernel | gup_test -m 64 -r 5 | median get (us) | median put (us) | n |\n|---|---|---|---|---|\n'
for cfg in base on off; do
	k=patched app= label='patched, ledger on'
	case $cfg in
	base) k=$build/kernel/obj-base label='unpatched 6.1.192' ;;
	off) app=pin_ledger=off label='patched, pin_ledger=off' ;;
	esac
	run=$(boot "$cfg" "$k" "$app")
	f=$run/out/gupbench.txt
	for opt in u a; do
		g=$(awk -v o=$opt '$1 == o {print $2}' "$f" | median)
		p=$(awk -v o=$opt '$1 == o {print $3}' "$f" | median)
		n=$(awk -v o=$opt '$1 == o' "$f" | wc -l)
		eval "get_${cfg}_$opt=$g"
		printf '| %s | -%s (%s) | %s | %s | %s |\n' "$label" "$opt" \
			"$([ $opt = u ] && echo GUP_FAST || echo PIN_FAST)" "$g" "$p" "$n"
	done
done
echo
echo "PIN_FAST / GUP_FAST get-time ratio, same boot: unpatched $(echo "scale=3; $get_base_a / $get_base_u" | bc), patched ledger off $(echo "scale=3; $get_off_a / $get_off_u" | bc), ledger on $(echo "scale=3; $get_on_a / $get_on_u" | bc)"
echo "PIN_FAST get time, ledger on / off (two boots): $(echo "scale=3; $get_on_a / $get_off_a" | bc)"
