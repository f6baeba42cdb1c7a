# SPDX-License-Identifier: GPL-2.0
# Small TAP (kselftest style) helpers for pinconv's shell test suites.
# Source this file, call tap_plan N (or tap_plan_late at the end), then
# tap_ok / tap_fail / tap_skip / tap_check, and finally tap_done.

__tap_n=0
__tap_failed=0

tap_header() { echo "TAP version 13"; }
tap_plan() { echo "1..$1"; }
tap_ok() { __tap_n=$((__tap_n + 1)); echo "ok $__tap_n $*"; }
tap_fail() {
	__tap_n=$((__tap_n + 1))
	__tap_failed=$((__tap_failed + 1))
	echo "not ok $__tap_n $*"
}
tap_skip() { __tap_n=$((__tap_n + 1)); echo "ok $__tap_n $1 # SKIP $2"; }
tap_diag() { sed 's/^/# /'; }
# tap_check DESC CMD...: ok if CMD succeeds, its output shown as diagnostics otherwise
tap_check() {
	local desc=$1 out
	shift
	if out=$("$@" 2>&1); then
		tap_ok "$desc"
	else
		tap_fail "$desc"
		printf '%s\n' "$out" | head -40 | tap_diag
	fi
}
# tap_done: print the late plan and return non-zero if anything failed
tap_done() {
	echo "1..$__tap_n"
	[ "$__tap_failed" -eq 0 ]
}
