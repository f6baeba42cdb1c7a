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
# tap_subtest NAME RC FILE: FILE, the TAP output of a program that exited
# with RC, as a KTAP subtest of ours (the kernel's
# Documentation/dev-tools/ktap.rst, "Subtests"): a version line and
# "# Subtest: NAME", FILE's results, diagnostics and own subtests indented
# by two spaces (any other line left out), its plan, then our one result
# line for NAME.  NAME fails when a result of FILE failed, when FILE has no
# result, or when RC is non-zero: without a failing result of its own that
# adds one ("NAME exited with status RC") to the subtest, so that a counter
# of leaf results sees it.  A plan "1..0 # SKIP why" makes NAME a skip.
tap_subtest() {
	local name=$1 rc=$2 file=$3 out n f skip
	out=$(awk -v rc="$rc" -v name="$name" '
		/^[ \t]*K?TAP version [0-9]+$/ { if (/^[ \t]/) print "  " $0; next }
		/^1\.\.[0-9]+/ { if (/^1\.\.0 *# *SKIP/) skip = $0; next }
		/^ *(not )?ok [0-9]+/ || /^ *1\.\.[0-9]+/ || /^ *#/ { print "  " $0 }
		/^(not )?ok [0-9]+/ { n++ }
		/^not ok [0-9]+/ { f++ }
		END {
			if (rc != 0 && f == 0) {
				n++; f++
				printf "  not ok %d %s exited with status %d\n", n, name, rc
			}
			sub(/^1\.\.0 *# *SKIP */, "", skip)
			print n + 0, f + 0, skip
		}' "$file")
	read -r n f skip <<<"${out##*$'\n'}"
	echo "  KTAP version 1"
	echo "  # Subtest: $name"
	[[ $out == *$'\n'* ]] && printf '%s\n' "${out%$'\n'*}"
	if [ "$n" -eq 0 ] && [ -n "$skip" ]; then
		echo "  1..0 # SKIP $skip"
		tap_skip "$name" "$skip"
	elif [ "$n" -eq 0 ]; then
		echo "  1..0"
		echo "# $name printed no TAP result (exit status $rc)"
		tap_fail "$name"
	else
		echo "  1..$n"
		if [ "$f" -eq 0 ]; then tap_ok "$name"; else tap_fail "$name"; fi
	fi
}
