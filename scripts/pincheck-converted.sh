#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The balance checker (scripts/pincheck.py) over the output of make convert.
#
# Usage: scripts/pincheck-converted.sh WORK OUTDIR
#   WORK    convert.sh's work directory: git/ (the converted candidates, root
#           commit = pristine), logs/*.facts (facts of the pristine files)
#   OUTDIR  where findings.tsv, findings.jsonl, report.txt go
# The files the conversion changed get new facts; every other candidate keeps
# its pristine facts (unchanged text).  Exit 0: no finding; 1: findings (the
# run failed: the generated series must be clean); 2: usage or tool error.
set -u
work=${1:?WORK}; outdir=${2:?OUTDIR}
top=$(cd "$(dirname "$0")/.." && pwd)
git=$work/git
[ -d "$git/.git" ] || { echo "pincheck-converted: $git is not convert.sh's work tree" >&2; exit 2; }
mkdir -p "$outdir/facts"
root=$(git -C "$git" rev-list --max-parents=0 HEAD | tail -1)
git -C "$git" diff --name-only "$root" -- '*.c' '*.h' >"$outdir/changed"
for f in "$work"/logs/*.facts; do
	[ -e "$f" ] || continue
	rel=$(basename "$f" .facts | tr '%' '/')
	grep -qxF "$rel" "$outdir/changed" || cp "$f" "$outdir/facts/"
done
export top git outdir
facts_changed() {
	cd "$git" && spatch --very-quiet --no-includes --include-headers --timeout 120 -D facts \
		--sp-file "$top/cocci/gup_facts.cocci" "$1" \
		>"$outdir/facts/$(echo "$1" | tr '/' '%').facts" 2>/dev/null
}
export -f facts_changed
xargs -a "$outdir/changed" -r -P "$(nproc)" -I{} bash -c 'facts_changed "$@"' _ {}
shopt -s nullglob
set -- "$outdir"/facts/*.facts
[ $# -gt 0 ] || { : >"$outdir/findings.tsv"; exit 0; }
python3 "$top/scripts/pincheck.py" --tree "$git" --facts "$@" --out "$outdir" >"$outdir/report.raw"
