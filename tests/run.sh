#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Run pinconv's test suites (each prints TAP, subtests nested as KTAP) and
# end with one summary line over their leaf results:
#   N passed, N failed, N skipped
# Usage: tests/run.sh SUITE...   (a suite is an executable printing TAP)
set -u
pass=0 fail=0 skip=0 xfail=0
# count LOG: "passed failed skipped" over LOG's leaf results.  A suite's TAP
# may nest subtests (KTAP, the kernel's Documentation/dev-tools/ktap.rst:
# indented by two spaces a level, then the parent's own result line); the
# leaves are the tests, so a parent's line counts only when it failed
# without a failing leaf below it.  A result line is a parent when the
# result line before it is indented deeper.
count() {
	awk '
	/^ *(not )?ok [0-9]+/ {
		match($0, /^ */)
		d = RLENGTH
		bad = /^ *not ok/
		if (d < prev) {
			if (bad && !below[d])
				f++
		} else if (bad) {
			f++
		} else if (/# *SKIP/) {
			s++
		} else {
			p++
		}
		if (bad || below[d])
			for (k = 0; k < d; k++)
				below[k] = 1
		below[d] = 0
		prev = d
	}
	END { print p + 0, f + 0, s + 0 }' "$1"
}
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
	read -r p f s <<<"$(count "$log")"
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $suite exited $rc without reporting a failing test"
		tail -20 "$logdir/$name.stderr" | sed 's/^/# /'
		f=1
	fi
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
	xfail=$((xfail + $(grep -cE '^ *ok [0-9]+.*# *XFAIL' "$log")))
done
# an expected failure (kselftest's XFAIL: a known fault of the kernel under
# test, with its reason on the line) passes, and is said
[ "$xfail" -eq 0 ] || echo "# $xfail of the passed tests are XFAIL (known faults, each with its reason): grep XFAIL $logdir/*.tap"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
