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
# The last part checks every rule the way make coccicheck runs it over a whole
# tree (see there); `run.sh coccicheck` runs that part alone.
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

# make coccicheck runs a rule as
#   spatch -D MODE --very-quiet --cocci-file RULE <its // Options:> --dir .
#          --jobs J --chunksize 1
# over the whole tree, headers included.  The tree holds amdgpu register
# headers of 150,000 lines (drivers/gpu/drm/amd/include/asic_reg/nbio/
# nbio_7_2_0_sh_mask.h): spatch 1.1.1 overflows its 8 MB stack on them when a
# rule must be matched there, which kills a parmap worker (the parent stops
# with "Fatal error: exception End_of_file").  A rule is safe only when
# spatch can skip such files unparsed: every rule must give spatch the API
# names to look for ("Grep query" in --parse-cocci) in every mode it has.
# The run below puts a few fixtures beside a generated header of that shape
# and size; its report must be the one the fixtures give alone.
cc_opts() { grep "Options:" "$1" | cut -d':' -f2; }
cc_header() { # the shape of asic_reg/*_sh_mask.h: 2 #defines per field
	python3 - "$1" <<'PY'
import sys
out = ['/* SPDX-License-Identifier: MIT */', '#ifndef _SYNTH_SH_MASK_HEADER',
       '#define _SYNTH_SH_MASK_HEADER', '']
for reg in range(16750):
	if reg % 200 == 0:
		out.append('// addressBlock: nbio_nbif0_bif_cfg_dev%d_epf0_bifcfgdecp' % (reg // 200))
	out.append('//BIF_CFG_DEV0_EPF0_REG%05d' % reg)
	for i in range(4):
		f = 'BIF_CFG_DEV0_EPF0_REG%05d__FIELD%d' % (reg, i)
		out.append('#define %-100s 0x%x' % (f + '__SHIFT', i * 8))
		out.append('#define %-100s 0x%XL' % (f + '_MASK', 0xff << (i * 8)))
out += ['', '#endif', '']
open(sys.argv[1], 'w').write('\n'.join(out))
PY
}
if [ -z "$only" ] || [ "$only" = coccicheck ]; then
	cc=$tmp/cc-tree
	mkdir -p "$cc/drivers/misc" "$cc/fs" "$cc/block" "$cc/drivers/gpu/drm/amd/include/asic_reg/nbio"
	cp "$top/tests/cocci/gup_to_pin/dio_local_array.c" "$top/tests/cocci/pin_balance/get_unpin.c" \
		"$cc/drivers/misc/"
	cp "$top/tests/cocci/iov_iter_pages/shapes_kept.c" "$top/tests/cocci/iov_pin_balance/half_converted.c" \
		"$cc/fs/"
	cp "$top/tests/cocci/iov_iter_to_pin/bio_dio.c" "$cc/block/"
	cp -r "$cc" "$tmp/cc-small"	# the same fixtures without the header
	cc_header "$cc/drivers/gpu/drm/amd/include/asic_reg/nbio/synth_sh_mask.h"
	for sp in "$top"/cocci/*.cocci; do
		rule=$(basename "$sp" .cocci)
		modes=$(sed -n 's/^virtual \(patch\|report\|context\|org\)$/\1/p' "$sp")
		if ! grep -qx 'virtual \(report\|context\|org\)' "$sp"; then
			continue	# patch-only (gup_rewrite): below
		fi
		for mode in $modes; do
			if spatch --parse-cocci "$sp" -D "$mode" 2>/dev/null | grep -q '^Grep query'; then
				tap_ok "coccicheck/$rule: -D $mode gives spatch a file filter"
			else
				tap_fail "coccicheck/$rule: -D $mode gives spatch no file filter (no inferred keywords): every file of a tree is parsed"
			fi
		done
		# shellcheck disable=SC2046
		(cd "$tmp/cc-small" && spatch -D report --no-show-diff --very-quiet --cocci-file "$sp" \
			$(cc_opts "$sp") --dir .) 2>/dev/null | sort >"$tmp/cc-want"
		# shellcheck disable=SC2046
		(ulimit -s 8192 && cd "$cc" && spatch -D report --no-show-diff --very-quiet \
			--cocci-file "$sp" $(cc_opts "$sp") --dir . --jobs 2 --chunksize 1) \
			>"$tmp/cc-out" 2>"$tmp/cc-err"
		rc=$?
		sort "$tmp/cc-out" >"$tmp/cc-got"
		if [ $rc -ne 0 ] || grep -qE 'exception|Fatal error|^EXN' "$tmp/cc-err"; then
			tap_fail "coccicheck/$rule: parallel run over the tree failed (exit $rc)"
			head -20 "$tmp/cc-err" | tap_diag
		elif [ ! -s "$tmp/cc-want" ]; then
			tap_fail "coccicheck/$rule: reports nothing on the fixtures: the run shows nothing"
		elif diff -u "$tmp/cc-want" "$tmp/cc-got" >"$tmp/diff"; then
			tap_ok "coccicheck/$rule: parallel run over the tree reports what the fixtures give alone"
		else
			tap_fail "coccicheck/$rule: parallel run over the tree reports something else"
			head -40 "$tmp/diff" | tap_diag
		fi
	done
	# The patch-only rewrite needs the solver's decisions: without them it
	# must stop at once, not run every file into a failure.
	sp=$top/cocci/gup_rewrite.cocci
	# shellcheck disable=SC2046
	(ulimit -s 8192 && cd "$tmp/cc-small" && spatch -D patch --very-quiet --cocci-file "$sp" \
		$(cc_opts "$sp") --dir . --jobs 2 --chunksize 1) >"$tmp/cc-out" 2>"$tmp/cc-err"
	rc=$?
	if [ $rc -ne 0 ] && grep -q 'no -D decisions=FILE' "$tmp/cc-err" &&
		! grep -qE 'Traceback|^EXN|exception' "$tmp/cc-err" && [ ! -s "$tmp/cc-out" ]; then
		tap_ok "coccicheck/gup_rewrite: without -D decisions it stops with a clear error"
	else
		tap_fail "coccicheck/gup_rewrite: without -D decisions: exit $rc, no clear error"
		head -20 "$tmp/cc-err" | tap_diag
	fi
fi
tap_done
