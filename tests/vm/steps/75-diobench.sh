#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Step diobench, a benchmark for tests/bench/bench-dio.sh:
# step: only when named
# fio on the raw spare disk (/dev/vdd, a sparse image file that sits in the
# host's page cache: no file system and no real disk between the
# measurement and block/fops.c -> bio_iov_iter_get_pages, the path the
# conversion changes).  Filled once, then 4k random reads and 128k
# sequential writes, psync at queue depth 1, alternately, DIOBENCH_ROUNDS
# times.  Each result is a TAP diagnostic line of a fixed form:
#   # diobench workload=randread4k round=1 iops=1234.5 kib_s=4938 pins=0
# (kib_s: KiB/s; pins: nr_foll_pin_acquired growth during the run).  No
# pass/fail on the numbers.
# shellcheck source=../guestlib.sh
. "${0%/*}/../guestlib.sh"
tap_header
DIOBENCH_ROUNDS=3
nbad=0 n=0
if ! dev=$(spare_disk raw 128); then
	tap_fail "diobench: no 128 MiB spare disk at /dev/vdd"
	tap_done
	exit 1
fi
common=(--filename="$dev" --size=64M --direct=1 --ioengine=psync --iodepth=1)
fio --name=fill "${common[@]}" --rw=write --bs=1M >/tmp/db-fill.out 2>&1 ||
	nbad=$((nbad + 1))
for r in $(seq "$DIOBENCH_ROUNDS"); do
	for w in randread4k seqwrite128k; do
		case $w in
		randread4k) wargs=(--rw=randread --bs=4k) dir=read ;;
		seqwrite128k) wargs=(--rw=write --bs=128k) dir=write ;;
		esac
		read -r a0 _ <<<"$(pin_counts)"
		timeout 120 fio --name="$w" "${common[@]}" "${wargs[@]}" --time_based \
			--ramp_time=1 --runtime=4 --output-format=json \
			--output="/tmp/db-$w.json" >"/tmp/db-$w.err" 2>&1 || nbad=$((nbad + 1))
		read -r a1 _ <<<"$(pin_counts)"
		res=$(/usr/bin/python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))["jobs"][0][sys.argv[2]]
print("%.1f %d" % (j["iops"], j["bw"]))' "/tmp/db-$w.json" "$dir" 2>/dev/null)
		if [ -n "$res" ]; then
			read -r iops kib <<<"$res"
			echo "# diobench workload=$w round=$r iops=$iops kib_s=$kib pins=$((a1 - a0))"
			n=$((n + 1))
		else
			cat "/tmp/db-$w.err" >&2
		fi
	done
done
tap_check "diobench: $n results of fio O_DIRECT randread 4k / write 128k on $dev, $nbad failed fio runs" \
	test "$nbad" -eq 0 -a "$n" -eq $((2 * DIOBENCH_ROUNDS))
tap_done
