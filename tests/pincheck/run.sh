#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Fixtures of scripts/pincheck.py (TAP).
#
# Layout: tests/pincheck/<case>/input/ is a small source tree and
# <case>/expected the report-mode output of `pincheck.py --tree input`
# (empty for a negative case: neg-* must stay silent).  Every case also runs
# in context and org mode, which must not fail.  With PINCHECK_CONVERTED=DIR
# the checker also runs over a converted tree (make convert's OUT/work/git)
# and must report nothing there.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

tap_header
if ! command -v spatch >/dev/null; then
	tap_skip "pincheck fixtures" "spatch not installed (apt-get install coccinelle)"
	tap_done
	exit 1
fi
for dir in "$top"/tests/pincheck/*/; do
	case=$(basename "$dir")
	[ -d "$dir/input" ] || continue
	python3 "$top/scripts/pincheck.py" --tree "$dir/input" --jobs 2 --out "$tmp/$case" \
		>"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ ! -f "$dir/expected" ]; then
		tap_fail "$case: no expected file"
	elif [ $rc -gt 1 ] || [ -s "$tmp/$case/spatch-failed" ]; then
		tap_fail "$case: pincheck failed ($rc)"
		tap_diag <"$tmp/err"
	elif diff -u "$dir/expected" "$tmp/out" >"$tmp/diff"; then
		if [ -s "$dir/expected" ]; then
			tap_ok "$case: reported as expected ($(cut -d' ' -f2 "$dir/expected" | sort -u | tr -d ':' | tr '\n' ' '))"
		else
			tap_ok "$case: silent"
		fi
	else
		tap_fail "$case: report differs from expected"
		head -40 "$tmp/diff" | tap_diag
	fi
	for mode in context org; do
		# the facts of the report run, not a second spatch
		if python3 "$top/scripts/pincheck.py" --tree "$dir/input" --mode "$mode" \
			--facts "$tmp/$case/facts.jsonl" >"$tmp/mode.out" 2>"$tmp/err"; [ $? -le 1 ] &&
			{ [ ! -s "$dir/expected" ] || [ -s "$tmp/mode.out" ]; }; then
			tap_ok "$case: $mode mode runs"
		else
			tap_fail "$case: $mode mode failed"
			tap_diag <"$tmp/err"
		fi
	done
done
# A function with many pins of one array: each pin's paths go through the
# others' conditions.  The per-function budget (FN_BUDGET) ends the walk and
# names the pins it did not finish; without it 40 pins took 42 s, 80 more than
# 100 s.
mkdir -p "$tmp/many/drivers/misc"
{
	printf '#include <linux/mm.h>\n\nint many_pin(unsigned long a, struct page **pages)\n{\n\tint n = 0;\n\n'
	for i in $(seq 0 39); do
		printf '\tif (pin_user_pages_fast(a + %d, 1, FOLL_WRITE, &pages[%d]) == 1) {\n' "$i" "$i"
		printf '\t\tunpin_user_page(pages[%d]);\n\t\tn++;\n\t}\n' "$i"
	done
	printf '\treturn n;\n}\n'
} >"$tmp/many/drivers/misc/many.c"
timeout 120 python3 "$top/scripts/pincheck.py" --tree "$tmp/many" --jobs 2 --out "$tmp/many-out" \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -le 1 ] && [ -s "$tmp/many-out/not-checked.jsonl" ] &&
	grep -q '^not checked: ' "$tmp/many-out/report.txt" && grep -q 'not all walked' "$tmp/err"; then
	tap_ok "40 pins in one function: the walk ends at the budget, $(wc -l <"$tmp/many-out/not-checked.jsonl") pins named as not checked"
else
	tap_fail "40 pins in one function: no end at the budget, or no not-checked list (exit $rc)"
	tap_diag <"$tmp/err"
fi
if [ -n "${PINCHECK_CONVERTED:-}" ]; then
	if python3 "$top/scripts/pincheck.py" --tree "$PINCHECK_CONVERTED" >"$tmp/out" 2>"$tmp/err"; then
		tap_ok "converted tree $PINCHECK_CONVERTED: no finding"
	else
		tap_fail "converted tree $PINCHECK_CONVERTED: findings or failure"
		head -40 "$tmp/out" "$tmp/err" | tap_diag
	fi
fi
tap_done
