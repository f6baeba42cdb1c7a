#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The balance checker (scripts/pincheck.py) over the output of make convert.
#
# Usage: scripts/pincheck-converted.sh WORK OUTDIR TREE
#   WORK    convert.sh's work directory: git/ (the converted candidates, root
#           commit = pristine), logs/*.facts (facts of the pristine files),
#           pincheck-base.json (optional: the baseline, computed beforehand)
#   OUTDIR  where findings.tsv, findings.jsonl, report.txt go
#   TREE    the source convert.sh read (the pristine text of the facts)
# The files the conversion changed get new facts, every other file keeps its
# pristine facts, and only findings that touch a changed file are reported:
# what the conversion wrote, not what the tree had before: a leak, a bad
# count or a missing dirtying the FOLL_GET code had already is carried, not
# introduced (pincheck.py --baseline-tree).  Exit 0: no
# finding; 1: findings (the generated series must be clean); 2: usage or tool
# error.
set -u
work=${1:?WORK}; outdir=${2:?OUTDIR}; tree=${3:?TREE}
top=$(cd "$(dirname "$0")/.." && pwd)
git=$work/git
[ -d "$git/.git" ] || { echo "pincheck-converted: $git is not convert.sh's work tree" >&2; exit 2; }
mkdir -p "$outdir"
root=$(git -C "$git" rev-list --max-parents=0 HEAD | tail -1)
git -C "$git" diff --name-only "$root" -- '*.c' '*.h' >"$outdir/changed"
shopt -s nullglob
facts=("$work"/logs/*.facts)
if [ ! -s "$outdir/changed" ] || [ ${#facts[@]} -eq 0 ]; then
	echo "kind	file	line	function	acquire	message	path" >"$outdir/findings.tsv"
	exit 0
fi
# WORK/pincheck-base.json: the baseline, when convert.sh computed it while
# the rewrite ran (pincheck.py --write-baseline over the same facts)
base=()
[ ! -s "$work/pincheck-base.json" ] || base=(--baseline-keys "$work/pincheck-base.json")
python3 "$top/scripts/pincheck.py" --tree "$git" --facts "${facts[@]}" \
	--changed "$outdir/changed" --baseline-tree "$tree" "${base[@]}" --out "$outdir" >"$outdir/report.raw"
