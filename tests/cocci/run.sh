#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Golden-fixture tests for every rule in cocci/ (TAP).
#
# Layout: tests/cocci/<rule>/<case>.c with <case>.res beside it, where <rule>
# is cocci/<rule>.cocci.
#  - rules with a "virtual patch" mode: <case>.res is the expected C after
#    `spatch -D patch` (equal to <case>.c for a negative case);
#  - report-only rules: <case>.res is the expected output of `spatch -D report`,
#    with the fixture's directory stripped from file names (empty file for a
#    negative case).
# Every case also runs in context mode (and org mode where the rule has it) and
# must not fail there.  Patch rules may also have <case>.report, the expected
# report-mode output (checked like a report-only rule's .res).  Rules with a
# "virtual facts" mode may have <case>.facts, the expected `spatch -D facts`
# output (JSON lines), run like report mode.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
only=${1:-}

spatch_run() { # mode rule file
	spatch --very-quiet --no-includes --include-headers -D "$1" \
		--sp-file "$2" "$3" 2>"$tmp/stderr"
}

tap_header
if ! command -v spatch >/dev/null; then
	tap_skip "cocci fixtures" "spatch not installed (apt-get install coccinelle)"
	tap_done
	exit 1
fi
for dir in "$top"/tests/cocci/*/; do
	rule=$(basename "$dir")
	[ -n "$only" ] && [ "$rule" != "$only" ] && continue
	sp=$top/cocci/$rule.cocci
	if [ ! -f "$sp" ]; then
		tap_fail "$rule: fixtures without cocci/$rule.cocci"
		continue
	fi
	for c in "$dir"*.c; do
		[ -e "$c" ] || continue
		case=$(basename "$c" .c)
		res=${c%.c}.res
		if [ ! -f "$res" ]; then
			tap_fail "$rule/$case: no $case.res"
			continue
		fi
		if grep -q '^virtual patch' "$sp"; then
			cp "$c" "$tmp/$case.c"
			if ! spatch --very-quiet --no-includes --include-headers \
				-D patch --in-place --sp-file "$sp" "$tmp/$case.c" \
				>"$tmp/out" 2>"$tmp/stderr"; then
				tap_fail "$rule/$case: spatch failed in patch mode"
				tap_diag <"$tmp/stderr"
				continue
			fi
			if diff -u "$res" "$tmp/$case.c" >"$tmp/diff"; then
				tap_ok "$rule/$case: patch result matches $case.res"
			else
				tap_fail "$rule/$case: patch result differs from $case.res"
				head -60 "$tmp/diff" | tap_diag
			fi
			# Optional: the verdicts report mode gives for the same input.
			if [ -f "${c%.c}.report" ]; then
				(cd "$dir" && spatch_run report "$sp" "$case.c") >"$tmp/out"
				if diff -u "${c%.c}.report" "$tmp/out" >"$tmp/diff"; then
					tap_ok "$rule/$case: report matches $case.report"
				else
					tap_fail "$rule/$case: report differs from $case.report"
					head -40 "$tmp/diff" | tap_diag
				fi
			fi
		else
			cd "$dir"
			spatch_run report "$sp" "$case.c" >"$tmp/out"
			rc=$?
			cd "$top"
			if [ $rc -ne 0 ]; then
				tap_fail "$rule/$case: spatch failed in report mode"
				tap_diag <"$tmp/stderr"
			elif diff -u "$res" "$tmp/out" >"$tmp/diff"; then
				tap_ok "$rule/$case: report matches $case.res"
			else
				tap_fail "$rule/$case: report differs from $case.res"
				head -60 "$tmp/diff" | tap_diag
			fi
		fi
		if [ -f "${c%.c}.facts" ]; then
			(cd "$dir" && spatch_run facts "$sp" "$case.c") >"$tmp/out"
			if diff -u "${c%.c}.facts" "$tmp/out" >"$tmp/diff"; then
				tap_ok "$rule/$case: facts match $case.facts"
			else
				tap_fail "$rule/$case: facts differ from $case.facts"
				head -40 "$tmp/diff" | tap_diag
			fi
		fi
		for mode in context org; do
			grep -q "^virtual $mode" "$sp" || continue
			if spatch_run "$mode" "$sp" "$c" >/dev/null; then
				tap_ok "$rule/$case: $mode mode runs"
			else
				tap_fail "$rule/$case: spatch failed in $mode mode"
				tap_diag <"$tmp/stderr"
			fi
		done
	done
done
tap_done
