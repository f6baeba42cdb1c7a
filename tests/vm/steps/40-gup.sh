#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Step gup: the kernel's own gup_test selftest (CONFIG_GUP_TEST), built from
# the kernel's tree (VM_GUPTEST); 32 MiB instead of its 128 MiB default to
# stay short under TCG; -ct dumps pages 0, 19 and 4096 (16 MiB in) of a
# THP-advised mapping, as run_vmtests.sh does.  Then the FOLL_PIN counters
# must have grown by as much released as acquired (docs/vm.md "gup_test").
# shellcheck source=../guestlib.sh
. "${0%/*}/../guestlib.sh"
tap_header
gt=$VM_GUPTEST
if why=$(guptest_missing) && [ -n "$why" ]; then
	tap_skip "gup_test" "$why"
elif [ ! -x "$gt" ]; then
	tap_fail "gup_test: $gt (VM_GUPTEST) is not an executable"
else
	read -r a0 r0 <<<"$(pin_counts)"
	for args in "-u" "-a" "-b" "-L" "-ct -F 0x1 0 19 0x1000"; do
		echo "+ $gt -m 32 $args" >&2
		# shellcheck disable=SC2086
		timeout 120 "$gt" -m 32 $args >/tmp/gup.out 2>&1
		rc=$?
		cat /tmp/gup.out >&2
		if [ $rc -eq 0 ]; then
			tap_ok "gup_test -m 32 $args: $(grep -v '^$' /tmp/gup.out | tail -1)"
		else
			tap_fail "gup_test -m 32 $args exited with status $rc"
			tail -5 /tmp/gup.out | tap_diag
		fi
	done
	read -r a1 r1 <<<"$(pin_counts)"
	if [ $((a1 - a0)) -eq $((r1 - r0)) ]; then
		tap_ok "gup_test: nr_foll_pin_acquired and _released both grew by $((a1 - a0))"
	else
		tap_fail "gup_test: nr_foll_pin_acquired grew by $((a1 - a0)), _released by $((r1 - r0))"
	fi
fi
tap_done
