#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Run the tree's own checkpatch.pl over every patch of a series.
# Usage: checkpatch-series.sh TREE SERIESDIR; last line: "N patches, E errors, W warnings"
set -u
tree=$1 series=$2
np=0 ne=0 nw=0
for p in "$series"/*.patch; do
	[ -e "$p" ] || continue
	case $p in */0000-cover-letter.patch) continue ;; esac
	np=$((np + 1))
	out=$(cd "$tree" && perl scripts/checkpatch.pl --no-color --show-types "$p" 2>&1)
	echo "== $(basename "$p")"
	echo "$out"
	e=$(echo "$out" | sed -n 's/^total: \([0-9]*\) errors, \([0-9]*\) warnings.*/\1/p')
	w=$(echo "$out" | sed -n 's/^total: \([0-9]*\) errors, \([0-9]*\) warnings.*/\2/p')
	ne=$((ne + ${e:-1})) nw=$((nw + ${w:-0}))
done
echo "$np patches, $ne errors, $nw warnings"
[ "$ne" -eq 0 ]
