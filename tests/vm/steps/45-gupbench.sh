#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Step gupbench, a benchmark for tests/bench/bench-kernel.sh:
# step: only when named
# gup_test's GUP_FAST (-u) and PIN_FAST (-a) alternately, so that both see
# the same emulator state; every repeat's get/put time goes to
# out/gupbench.txt as "<opt> <get us> <put us>".  No pass/fail on time.
# shellcheck source=../guestlib.sh
. "${0%/*}/../guestlib.sh"
tap_header
gt=$VM_GUPTEST
if why=$(guptest_missing) && [ -n "$why" ]; then
	tap_skip "gupbench" "$why"
else
	: >"$OUT/gupbench.txt"
	nbad=0
	for _ in 1 2 3 4 5 6; do
		for opt in u a; do
			timeout 120 "$gt" -m 64 -r 5 -$opt >/tmp/gb.out 2>&1 || nbad=$((nbad + 1))
			sed -n 's/.*Time: get:\([0-9]*\) put:\([0-9]*\) us.*/\1 \2/p' /tmp/gb.out |
				sed "s/^/$opt /" >>"$OUT/gupbench.txt"
		done
	done
	n=$(wc -l <"$OUT/gupbench.txt")
	tap_check "gupbench: $n timings of gup_test -m 64 -r 5 -u/-a, $nbad failed runs" \
		test "$nbad" -eq 0 -a "$n" -eq 60
fi
tap_done
