#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Small input trees with their expected results (TAP): tests/tree/cases/<kind>-<name>/
#   input/        the tree given to make convert (never written)
#   expected.tsv  one line per report row: file line function api verdict
#                 [text the reason must contain]; the report has exactly these rows
#   opts          optional: extra convert.sh arguments (e.g. --compat 1)
#   patches       optional: the number of patches the series must have (default 0)
#   expected/     optional: files as they must be after the conversion
# The kinds: version-ladder, compat-ifdef-pair, compat-wrapper-call, iov-advice,
# old-remote-arglist, loop-collapse-unused-index (docs/rules.md).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
build=${BUILD:-$top/build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

tap_header
if ! command -v spatch >/dev/null; then
	tap_skip "tree cases" "spatch not installed (apt-get install coccinelle)"
	tap_done
	exit 1
fi
for dir in "$top"/tests/tree/cases/*/; do
	name=$(basename "$dir")
	out=$build/test-cases/$name
	rm -rf "$out"
	opts=()
	[ -f "$dir/opts" ] && read -r -a opts <"$dir/opts"
	before=$(cd "$dir/input" && find . -type f | sort | xargs md5sum)
	if ! "$top/scripts/convert.sh" --tree "$dir/input" --out "$out" "${opts[@]}" \
		>"$tmp/log" 2>&1; then
		tap_fail "$name: make convert exits 0"
		tail -5 "$tmp/log" | tap_diag
		continue
	fi
	after=$(cd "$dir/input" && find . -type f | sort | xargs md5sum)
	[ "$before" = "$after" ] || tap_fail "$name: the input tree changed"
	# the rows: file line function api verdict, and the reason text
	tail -n +2 "$out/report.tsv" | cut -f1-5 >"$tmp/got"
	cut -f1-5 "$dir/expected.tsv" >"$tmp/want"
	if diff -u "$tmp/want" "$tmp/got" >"$tmp/diff"; then
		tap_ok "$name: report rows (file line function api verdict)"
	else
		tap_fail "$name: report rows (file line function api verdict)"
		tap_diag <"$tmp/diff"
	fi
	bad=$(paste <(tail -n +2 "$out/report.tsv" | cut -f8) <(cut -f6 "$dir/expected.tsv") |
		awk -F'\t' '$2 != "" && index($1, $2) == 0 {print "reason \"" $1 "\" lacks \"" $2 "\""}')
	tap_check "$name: reasons name their evidence" test -z "$bad"
	[ -n "$bad" ] && echo "$bad" | tap_diag
	want=0
	[ -f "$dir/patches" ] && want=$(cat "$dir/patches")
	got=$(ls "$out/series" 2>/dev/null | grep -vc '^0000-cover-letter.patch$')
	tap_check "$name: $want patches" test "$got" -eq "$want"
	if [ -d "$dir/expected" ]; then
		bad=$(cd "$dir/expected" && find . -type f | while read -r f; do
			diff -u "$f" "$out/work/git/$f" >/dev/null || echo "$f"
		done)
		tap_check "$name: converted files as expected/" test -z "$bad"
		[ -z "$bad" ] || (cd "$dir/expected" && for f in $bad; do diff -u "$f" "$out/work/git/$f"; done) |
			head -40 | tap_diag
	fi
done
tap_done
