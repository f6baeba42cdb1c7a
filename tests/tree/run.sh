#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Tree runs (TAP): the whole make convert job over Debian's 6.1 source, the
# series it writes (applies, checkpatch, compiles), a second run over the
# converted files, an out-of-tree driver, and bad input.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
build=${BUILD:-$top/build}
tree=${PINCONV_TEST_TREE:-$build/linux-source-6.1}
out=$build/test-tree/out
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

tap_header
if [ ! -f "$tree/Makefile" ]; then
	tap_skip "tree run" "no kernel tree at $tree (make tree)"
	tap_done
	exit 0
fi
rm -rf "$build/test-tree"
mkdir -p "$build/test-tree"

# The input tree must not change: remember the candidates' checksums.
(cd "$tree" && grep -rlE --include='*.[ch]' 'get_user_pages|iov_iter_get_pages' . |
	sort | xargs md5sum) >"$tmp/before"

start=$(date +%s)
if "$top/scripts/convert.sh" --tree "$tree" --out "$out" >"$tmp/convert.log" 2>&1; then
	tap_ok "make convert over $(basename "$tree") exits 0"
else
	tap_fail "make convert over $(basename "$tree") exits 0"
	tail -20 "$tmp/convert.log" | tap_diag
fi
echo "# convert took $(($(date +%s) - start)) s"
(cd "$tree" && grep -rlE --include='*.[ch]' 'get_user_pages|iov_iter_get_pages' . |
	sort | xargs md5sum) >"$tmp/after"
tap_check "the input tree is unchanged" diff "$tmp/before" "$tmp/after"
tap_check "progress is shown" grep -q 'files done' "$tmp/convert.log"

tsv=$out/report.tsv
tap_check "report.tsv has the documented header" \
	test "$(head -1 "$tsv" 2>/dev/null)" = "$(printf 'file\tline\tfunction\tapi\tverdict\tcase\tconfidence\treason')"
bad=$(tail -n +2 "$tsv" | awk -F'\t' 'NF != 8 || $5 !~ /^(converted|kept|needs-manual|needs-core-api|parse-failed|spatch-failed)$/ || $8 == ""')
tap_check "every row has 8 columns, a known verdict and a reason" test -z "$bad"
# Each row points at a line of the pristine tree that names its API.
miss=$(tail -n +2 "$tsv" | while IFS=$'\t' read -r f l _ api _; do
	sed -n "${l}p" "$tree/$f" | grep -q "$api" || echo "$f:$l $api"
done)
tap_check "every row points at a line naming its API" test -z "$miss"
# Accounting: every call found by a plain search of code is a row.
calls=$(sed -n 's/.* = calls \([0-9]*\) .*/\1/p' "$out/report.txt")
wcalls=$(sed -n 's/.*; calls through wrappers \([0-9]*\)$/\1/p' "$out/report.txt")
rows=$(($(wc -l <"$tsv") - 1))
tap_check "report.txt accounts for all $calls calls + ${wcalls:-?} through wrappers ($rows rows)" \
	test "$((${calls:-0} + ${wcalls:-0}))" = "$rows"

row() { awk -F'\t' -v f="$1" -v a="$2" '$1 == f && $4 == a' "$tsv"; }
verdict_is() { # file api verdict [pattern in reason]
	local r
	r=$(row "$1" "$2")
	[ -n "$r" ] && ! echo "$r" | awk -F'\t' -v v="$3" '$5 != v {bad=1} END {exit !bad}' &&
		{ [ -z "${4:-}" ] || echo "$r" | grep -q -- "$4"; }
}
tap_check "KVM's gup calls are kept as case 4" \
	verdict_is virt/kvm/kvm_main.c get_user_pages_unlocked kept
tap_check "radeon userptr is kept as case 3 (MMU notifier)" \
	verdict_is drivers/gpu/drm/radeon/radeon_ttm.c get_user_pages kept
tap_check "vmci_host's page is followed to its release in vmci_context.c (a file without gup calls)" \
	verdict_is drivers/misc/vmw_vmci/vmci_host.c get_user_pages_fast converted vmci_context.c
tap_check "nitro_enclaves: FOLL_LONGTERM through pin_user_pages_fast() (6.1's _unlocked refuses it)" \
	verdict_is drivers/virt/nitro_enclaves/ne_misc_dev.c get_user_pages_unlocked converted \
	'pin_user_pages_fast()'
tap_check "every reason of the page-flow solver names evidence (no empty or placeholder reason)" \
	test -z "$(awk -F'\t' '$8 == "" || $8 == "not analysed"' "$tsv")"
tap_check "bio's iov_iter_get_pages2() is converted through the bio" \
	verdict_is block/bio.c iov_iter_get_pages2 converted bio_set_pin_mode
tap_check "fuse direct I/O is converted through its carrier structure" \
	verdict_is fs/fuse/file.c iov_iter_get_pages2 converted 'struct fuse_args_pages'
tap_check "fuse's device copy is needs-manual (page cache and pipe pages next to it)" \
	verdict_is fs/fuse/dev.c iov_iter_get_pages2 needs-manual
tap_check "NFS direct I/O is needs-manual, naming nfs_create_request()" \
	verdict_is fs/nfs/direct.c iov_iter_get_pages_alloc2 needs-manual nfs_create_request
tap_check "network zero-copy is kept" \
	verdict_is net/core/datagram.c iov_iter_get_pages2 kept zero-copy
tap_check "already pinned RDMA umem is kept" \
	verdict_is drivers/infiniband/core/umem.c pin_user_pages_fast kept

mapfile -t patches < <(ls "$out"/series/0*.patch 2>/dev/null | grep -v 0000-cover-letter)
tap_check "the series has patches and a cover letter" \
	test ${#patches[@]} -gt 0 -a -f "$out/series/0000-cover-letter.patch"
tap_check "the series applies to the pristine tree" \
	"$top/scripts/applies.sh" "$tree" "${patches[@]}"
tap_check "checkpatch: no errors" grep -q ', 0 errors,' <(tail -1 "$out/checkpatch.txt")
nosob=$(grep -L '^Signed-off-by: ' "${patches[@]}")
tap_check "every patch is signed off" test -z "$nosob"
nocase=$(grep -L 'pin_user_pages.rst CASE' "${patches[@]}")
tap_check "every patch names its pin_user_pages.rst case" test -z "$nocase"
# No call the target refuses: 6.1's pin_user_pages_unlocked() WARNs and
# returns -EINVAL on FOLL_LONGTERM (mm/gup.c), so a patch must not add it.
refused=$(for p in "${patches[@]}"; do
	awk '/^\+.*pin_user_pages_unlocked\(/ {s = $0; open = 1}
	     open && !/pin_user_pages_unlocked\(/ {s = s $0}
	     open && /\);/ {if (s ~ /FOLL_LONGTERM/) print FILENAME ": " s; open = 0}' "$p"
done)
tap_check "no patch calls pin_user_pages_unlocked() with FOLL_LONGTERM" test -z "$refused"
conv=$(awk -F'\t' '$5 == "converted" && $4 !~ /^iov_iter/' "$tsv" | wc -l)
inser=$(grep -hE '^\+.*\bpin_user_pages' "${patches[@]}" | wc -l)
tap_check "each converted gup site is a pin_user_pages*() line in the series ($conv)" \
	test "$conv" -eq "$inser"
conv=$(awk -F'\t' '$5 == "converted" && $4 ~ /^iov_iter/' "$tsv" | wc -l)
inser=$(grep -hE '^\+.*\biov_iter_pin_pages' "${patches[@]}" | wc -l)
tap_check "each converted iov_iter site is an iov_iter_pin_pages*() line ($conv)" \
	test "$conv" -gt 0 -a "$conv" -eq "$inser"
# The iov_iter patches use the core API: they must apply on top of kernel/series.
mapfile -t core < <(TOP=$top BUILD=$build bash -c '. "$TOP/kernel/build/kernel-lib.sh" && kseries "$KSERIES"')
tap_check "the series applies on top of the core series (kernel/series)" \
	"$top/scripts/applies.sh" "$tree" "${core[@]}" "${patches[@]}"
# applies.sh itself must be able to say no: the core series is for 6.1, so
# applying it twice fails.
tap_check "applies.sh refuses a series that does not apply (kernel/series twice)" \
	bash -c '! "$0/scripts/applies.sh" "$1" "${@:2}" "${@:2}" 2>/dev/null' "$top" "$tree" "${core[@]}"

if "$top/scripts/check-build.sh" --tree "$tree" --out "$out" >"$tmp/build.log" 2>&1; then
	tap_ok "every touched object compiles ($(tail -1 "$out/build-check.txt"))"
else
	tap_fail "every touched object compiles"
	tail -30 "$tmp/build.log" | tap_diag
fi

# The converted files: nothing more to convert, and the checker is quiet.
conv_tree=$out/work/git
"$top/scripts/convert.sh" --tree "$conv_tree" --out "$build/test-tree/again" \
	>"$tmp/again.log" 2>&1
again=$(tail -n +2 "$build/test-tree/again/report.tsv" 2>/dev/null | awk -F'\t' '$5 == "converted"' | wc -l)
tap_check "a second run over the converted files converts nothing" \
	test -f "$build/test-tree/again/report.tsv" -a "$again" -eq 0
if [ -f "$top/cocci/pin_balance.cocci" ]; then
	files=$(cd "$conv_tree" && git diff --name-only HEAD~$((${#patches[@]})) HEAD 2>/dev/null)
	found=$(cd "$conv_tree" && for f in $files; do
		spatch --very-quiet --no-includes --include-headers -D report \
			--sp-file "$top/cocci/pin_balance.cocci" "$f" 2>/dev/null; done)
	# Pairing errors are what a conversion can introduce; other findings
	# (e.g. write pins never dirtied) were there before and are shown only.
	pairing=$(echo "$found" | grep -E 'pages released with' || true)
	tap_check "pin_balance finds no pin/put pairing error in the converted files" \
		test -z "$pairing"
	[ -z "$found" ] || echo "$found" | tap_diag
fi
found=$(cd "$conv_tree" && for f in $files; do
	spatch --very-quiet --no-includes --include-headers -D report \
		--sp-file "$top/cocci/iov_pin_balance.cocci" "$f" 2>/dev/null; done)
tap_check "iov_pin_balance: every page from iov_iter_pin_pages*() is released in its pin mode" \
	test -z "$found"
[ -z "$found" ] || echo "$found" | tap_diag
# make convert ends with scripts/pincheck.py over the converted files
# (docs/checker.md); a finding there already fails the run above.
tap_check "pincheck over the converted output: no finding" \
	test -f "$out/pincheck/findings.tsv" -a "$(tail -n +2 "$out/pincheck/findings.tsv" 2>/dev/null | wc -l)" -eq 0
[ ! -s "$out/pincheck/report.raw" ] || tap_diag <"$out/pincheck/report.raw"

# An out-of-tree driver directory: converted, checks skipped with a note.
"$top/scripts/convert.sh" --tree "$top/tests/tree/oot-driver" --out "$build/test-tree/oot" \
	>"$tmp/oot.log" 2>&1
tap_check "out-of-tree driver: converted, with a patch" \
	test "$(ls "$build/test-tree/oot/series"/0001-*.patch 2>/dev/null | wc -l)" -eq 1
tap_check "out-of-tree driver: checkpatch/build check skipped with a note" \
	grep -q 'not a full kernel tree' "$tmp/oot.log"

# An out-of-tree iov_iter user: without the core API in the tree (auto)
# only a report saying what would convert; --core-api yes converts it.
"$top/scripts/convert.sh" --tree "$top/tests/tree/oot-iov" --out "$build/test-tree/oot-iov" \
	>"$tmp/oot-iov.log" 2>&1
tap_check "out-of-tree iov_iter user, no core API: needs-core-api, would convert, no patch" \
	bash -c 'awk -F"\t" "\$1 == \"mydio.c\" && \$5 == \"needs-core-api\" && \$8 ~ /would convert/ {ok=1} END {exit !ok}" \
		"$0/report.tsv" && ! ls "$0"/series/0001-*.patch 2>/dev/null' "$build/test-tree/oot-iov"
"$top/scripts/convert.sh" --tree "$top/tests/tree/oot-iov" --out "$build/test-tree/oot-iov-yes" \
	--core-api yes >"$tmp/oot-iov-yes.log" 2>&1
tap_check "out-of-tree iov_iter user, --core-api yes: converted through the bio" \
	grep -q '^+.*bio_set_pin_mode(bio, iov_iter_pin_mode(iter));' \
	"$build/test-tree/oot-iov-yes/series/0001-"*.patch

# A call inside code spatch cannot parse is listed as parse-failed with
# spatch's reason; the parsable one beside it gets its normal verdict.
"$top/scripts/convert.sh" --tree "$top/tests/tree/unparsable" --out "$build/test-tree/unparsable" \
	>"$tmp/unparsable.log" 2>&1
tap_check "unparsable call: parse-failed with spatch's reason" \
	awk -F'\t' '$1 == "bad.c" && $2 == 10 && $5 == "parse-failed" && $8 ~ /^spatch: / {ok=1} END {exit !ok}' \
	"$build/test-tree/unparsable/report.tsv"
tap_check "parsable call beside it: its own verdict" \
	awk -F'\t' '$1 == "bad.c" && $2 == 4 && $5 == "needs-manual" {ok=1} END {exit !ok}' \
	"$build/test-tree/unparsable/report.tsv"

# Bad input: one line, non-zero exit.
bad_input() { # expected-message args...
	local msg=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	[ $rc -ne 0 ] && [ "$(echo "$out" | wc -l)" -eq 1 ] && echo "$out" | grep -q "$msg"
}
tap_check "missing tree: one error line, non-zero exit" \
	bad_input "does not exist" "$top/scripts/convert.sh" --tree /nonexistent --out "$tmp/o1"
mkdir -p "$tmp/empty"
touch "$tmp/empty/README"
tap_check "tree without C files: one error line, non-zero exit" \
	bad_input "no C files" "$top/scripts/convert.sh" --tree "$tmp/empty" --out "$tmp/o2"
tap_check "bad --core-api value: one error line, non-zero exit" \
	bad_input "must be auto, yes or no" "$top/scripts/convert.sh" \
	--tree "$top/tests/tree/oot-driver" --out "$tmp/o4" --core-api maybe
tap_check "spatch missing: one error line, non-zero exit" \
	bad_input "spatch not found" env SPATCH=/nonexistent/spatch "$top/scripts/convert.sh" \
	--tree "$top/tests/tree/oot-driver" --out "$tmp/o3"
tap_done
