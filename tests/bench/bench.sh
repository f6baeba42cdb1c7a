#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Conversion benchmark: whole-tree make convert wall time, and the same rules
# run naively (spatch over every .c file of a subtree, no prefilter, spatch's
# own token prefilter disabled), extrapolated per file to the whole tree.
# Usage: bench.sh [SUBTREE]   (default drivers/misc); prints a markdown table.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$top/build}
tree=$build/linux-source-6.1
sub=${1:-drivers/misc}
[ -d "$tree/$sub" ] || { echo "pinconv: $tree/$sub missing (make tree)" >&2; exit 1; }
out=$build/bench
rm -rf "$out"
mkdir -p "$out"

t0=$(date +%s.%N)
"$top/scripts/convert.sh" --tree "$tree" --out "$out/convert" 2>"$out/convert.log"
t1=$(date +%s.%N)
whole=$(echo "$t1 - $t0" | bc)
nall=$(cd "$tree" && find . -name '*.c' | wc -l)

mapfile -t files < <(cd "$tree" && find "$sub" -name '*.c' | sort)
t0=$(date +%s.%N)
(cd "$tree" && printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -I{} sh -c \
	'spatch --very-quiet --no-includes --include-headers --disable-worth-trying-opt \
	 --timeout 120 -D report --sp-file "$1" "$2" >/dev/null 2>&1; \
	 spatch --very-quiet --no-includes --include-headers --disable-worth-trying-opt \
	 --timeout 120 -D report --sp-file "$3" "$2" >/dev/null 2>&1' _ \
	"$top/cocci/gup_to_pin.cocci" {} "$top/cocci/iov_iter_pages.cocci")
t1=$(date +%s.%N)
naive=$(echo "$t1 - $t0" | bc)
per=$(echo "scale=4; $naive / ${#files[@]}" | bc)
extra=$(echo "scale=1; $per * $nall" | bc)
ratio=$(echo "scale=1; $extra / $whole" | bc)
cat <<EOT
| measurement | value |
|---|---|
| make convert, whole 6.1 tree ($nall .c files), $(nproc) jobs | ${whole%.*} s |
| naive run over $sub (${#files[@]} .c files, no prefilter) | ${naive%.*} s ($per s/file) |
| naive run extrapolated to $nall files | ${extra%.*} s |
| speed-up of make convert over the naive run | ${ratio}x |
EOT
