#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Run pinconv's test suites (each prints TAP) and end with one summary line:
#   N passed, N failed, N skipped
# Usage: tests/run.sh SUITE...   (a suite is an executable printing TAP)
set -u
pass=0 fail=0 skip=0
logdir=${PINCONV_TEST_LOG:-build/test-logs}
mkdir -p "$logdir"
for suite in "$@"; do
	name=$(echo "$suite" | tr '/ ' '__')
	log=$logdir/$name.tap
	echo "# suite: $suite"
	t0=$SECONDS
	"$suite" 2>"$logdir/$name.stderr" | tee "$log"
	rc=${PIPESTATUS[0]}
	echo "# suite: $suite: $((SECONDS - t0)) s"
	p=$(grep -cE '^ok [0-9]+' "$log" | head -1)
	s=$(grep -cE '^ok [0-9]+.*# *SKIP' "$log" | head -1)
	f=$(grep -cE '^not ok [0-9]+' "$log" | head -1)
	p=$((p - s))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $suite exited $rc without reporting a failing test"
		tail -20 "$logdir/$name.stderr" | sed 's/^/# /'
		f=1
	fi
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
