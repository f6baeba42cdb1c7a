#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Page-flow fixtures (TAP): the whole make convert pipeline (facts ->
# scripts/pageflow.py -> cocci/gup_rewrite.cocci -> report) over small trees.
#
# Layout: tests/flow/<kind>/<name>/
#   input/           the tree (one or more files)
#   expected.tsv     one line per call site: file line function api verdict case
#                    [reason substring], tab-separated (report.tsv's columns
#                    without confidence; the reason is matched as a substring)
#   output/          the files as the rewrite must leave them (only the
#                    changed ones; no output/ = nothing may change)
#   opts             optional: extra convert.sh arguments (--compat 1,
#                    --min-kernel 5.6)
# Usage: tests/flow/run.sh [kind[/name]]
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
only=${1:-}

tap_header
if ! command -v spatch >/dev/null; then
	tap_skip "flow fixtures" "spatch not installed (apt-get install coccinelle)"
	tap_done
	exit 1
fi
for dir in "$top"/tests/flow/*/*/; do
	dir=${dir%/}
	name=${dir#"$top"/tests/flow/}
	[ -d "$dir/input" ] || continue
	case $name in "$only"*) ;; *) continue ;; esac
	out=$tmp/$(echo "$name" | tr / _)
	opts=()
	[ -f "$dir/opts" ] && read -r -a opts <"$dir/opts"
	if ! "$top/scripts/convert.sh" --tree "$dir/input" --out "$out" "${opts[@]}" >"$out.log" 2>&1; then
		tap_fail "$name: convert.sh fails"
		tail -20 "$out.log" | tap_diag
		continue
	fi
	# report rows
	bad=$(awk -F'\t' 'NR == FNR { if (FNR > 1) row[$1 "\t" $2] = $0; next }
		/^#/ || NF == 0 { next }
		{ r = row[$1 "\t" $2]; split(r, c, "\t")
		  if (r == "") { print "no row for " $1 ":" $2; next }
		  if (c[3] != $3 || c[4] != $4 || c[5] != $5 || c[6] != $6)
			print "want " $1 ":" $2 " " $3 " " $4 " " $5 " case " $6 "; got " c[3] " " c[4] " " c[5] " case " c[6] ": " c[8]
		  else if ($7 != "" && index(c[8], $7) == 0)
			print $1 ":" $2 ": reason lacks \"" $7 "\": " c[8]
		  seen[$1 "\t" $2] = 1 }
		END { for (k in row) if (!(k in seen)) print "unexpected row " row[k] }' \
		"$out/report.tsv" "$dir/expected.tsv")
	if [ -z "$bad" ]; then
		tap_ok "$name: report rows"
	else
		tap_fail "$name: report rows"
		echo "$bad" | tap_diag
	fi
	# rewritten files
	diffs=
	changed=$(git -C "$out/work/git" diff --name-only $(git -C "$out/work/git" rev-list --max-parents=0 HEAD) 2>/dev/null)
	for f in $changed; do
		if [ ! -f "$dir/output/$f" ]; then
			diffs+="$f changed, no output/$f expected"$'\n'
		fi
	done
	if [ -d "$dir/output" ]; then
		while IFS= read -r f; do
			f=${f#./}
			git -C "$out/work/git" show "HEAD:$f" >"$tmp/got" 2>/dev/null ||
				cp "$out/work/git/$f" "$tmp/got"
			diff -u "$dir/output/$f" "$tmp/got" >"$tmp/d" || diffs+="$(head -40 "$tmp/d")"$'\n'
		done < <(cd "$dir/output" && find . -type f | sort)
	fi
	if [ -z "$diffs" ]; then
		tap_ok "$name: rewrite"
	else
		tap_fail "$name: rewrite"
		printf '%s' "$diffs" | tap_diag
	fi
done
tap_done
