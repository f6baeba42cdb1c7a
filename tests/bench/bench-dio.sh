#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# O_DIRECT benchmark under qemu TCG: the guest step diobench (fio 4k random
# reads and 128k sequential writes, O_DIRECT, psync, on a raw virtio disk)
# on the unpatched reference kernel ("stock": same config, no patches,
# build-kernel.sh --base) and on the converted kernel (make kernel
# CONVERTED=1), booted twice over: with pin_ledger=off ("converted", the
# kernel as it would run in production: the ledger is a debug option) and
# with the ledger on ("ledger").  BENCH_DIO_REPS boots of each, rotating
# stock/converted/ledger so that all see the same host load over time.
# Prints a markdown table of per-workload medians over all rounds of all
# boots and the ratios to stock; each boot's TAP is kept in
# build/bench-dio-<label>-<rep>.tap.
# Usage: bench-dio.sh  (make bench-dio)
#   BENCH_DIO_STOCK      kernel booted as "stock" (default build/kernel/obj-base)
#   BENCH_DIO_CONVERTED  kernel booted as "converted" (default
#                        build/kernel/obj-converted); any KERNEL= value of
#                        tests/vm/run.sh, e.g. build/kernel/obj-patched to try
#                        the script before the converted kernel exists
#   BENCH_DIO_REPS       boots per kernel (3)
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$top/build}
stock=${BENCH_DIO_STOCK:-$build/kernel/obj-base}
conv=${BENCH_DIO_CONVERTED:-$build/kernel/obj-converted}
reps=${BENCH_DIO_REPS:-3}

for k in "$stock" "$conv"; do
	case $k in
	debian | patched | converted) ;;
	*) [ -e "$k/arch/x86/boot/bzImage" ] || [ -f "$k" ] ||
		{ echo "pinconv: no kernel at $k (stock: kernel/build/build-kernel.sh --base; converted: make kernel CONVERTED=1)" >&2; exit 1; } ;;
	esac
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "-" }'; }
median() { sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# boot LABEL REP KERNEL [CMDLINE]: one VM run of the diobench step; its TAP
# goes to build/bench-dio-LABEL-REP.tap
boot() {
	local tap=$build/bench-dio-$1-$2.tap
	echo "pinconv: bench-dio boot $2/$reps of $1 ($3${4:+ $4})" >&2
	KERNEL=$3 VM_ONLY=diobench VM_APPEND=${4:-} "$top/tests/vm/run.sh" >"$tap" 2>&1 ||
		{ echo "pinconv: VM run '$1' $2 failed (see $tap)" >&2; exit 1; }
}

rm -f "$build"/bench-dio-*.tap
for i in $(seq "$reps"); do
	boot stock "$i" "$stock"
	boot converted "$i" "$conv" pin_ledger=off
	boot ledger "$i" "$conv"
done

# vals LABEL WORKLOAD KEY: the values of KEY in LABEL's "# diobench
# workload=WORKLOAD key=value ..." lines, all boots
vals() {
	cat "$build"/bench-dio-"$1"-*.tap | awk -v w="$2" -v k="$3" '
		$1 == "#" && $2 == "diobench" {
			delete f
			for (i = 3; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
			if (f["workload"] == w) print f[k]
		}'
}
krel() { sed -n 's/^# kernel \([^ ]*\) .*/\1/p' "$build/bench-dio-$1-1.tap" | head -1; }

echo "stock: $stock ($(krel stock)); converted: $conv ($(krel converted)), pin_ledger=off; ledger: the same with the pin ledger on; $reps boots each, rotating"
echo
printf '| workload (fio O_DIRECT, psync, raw virtio disk) | metric | stock median | converted median | converted/stock | ledger median | ledger/stock | n (stock, converted, ledger) | FOLL_PIN pins per run, median (stock, converted) |\n'
printf '|---|---|---|---|---|---|---|---|---|\n'
for w in randread4k seqwrite128k; do
	case $w in
	randread4k) key=iops metric=IOPS desc='4k random read' ;;
	seqwrite128k) key=kib_s metric=KiB/s desc='128k sequential write' ;;
	esac
	s=$(vals stock "$w" "$key" | median)
	c=$(vals converted "$w" "$key" | median)
	l=$(vals ledger "$w" "$key" | median)
	ns=$(vals stock "$w" "$key" | wc -l)
	nc=$(vals converted "$w" "$key" | wc -l)
	nl=$(vals ledger "$w" "$key" | wc -l)
	ps=$(vals stock $w pins | median)
	pc=$(vals converted $w pins | median)
	printf '| %s | %s | %s | %s | %s | %s | %s | %s, %s, %s | %s, %s |\n' "$desc" "$metric" \
		"$s" "$c" "$(ratio "$c" "$s")" "$l" "$(ratio "$l" "$s")" "$ns" "$nc" "$nl" "$ps" "$pc"
done
