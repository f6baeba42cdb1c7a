#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Run the tree's own checkpatch.pl over every patch of a series.
# Usage: checkpatch-series.sh TREE SERIESDIR; last line: "N patches, E errors, W warnings"
# checkpatch runs in a scratch directory with --root=TREE: it keeps its
# CamelCase cache in the current directory (and deletes older ones), and
# the tree is the user's, never written.
set -u
tree=$(cd "$1" && pwd) series=$(cd "$2" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
np=0 ne=0 nw=0
for p in "$series"/*.patch; do
	[ -e "$p" ] || continue
	case $p in */0000-cover-letter.patch) continue ;; esac
	np=$((np + 1))
	out=$(cd "$scratch" && perl "$tree/scripts/checkpatch.pl" --root="$tree" --no-color --show-types "$p" 2>&1)
	echo "== $(basename "$p")"
	echo "$out"
	e=$(echo "$out" | sed -n 's/^total: \([0-9]*\) errors, \([0-9]*\) warnings.*/\1/p')
	w=$(echo "$out" | sed -n 's/^total: \([0-9]*\) errors, \([0-9]*\) warnings.*/\2/p')
	ne=$((ne + ${e:-1})) nw=$((nw + ${w:-0}))
done
echo "$np patches, $ne errors, $nw warnings"
[ "$ne" -eq 0 ]
