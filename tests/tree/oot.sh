#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Out-of-tree drivers (TAP): tests/tree/oot-{ladder,compat,wrapper,sgtable}
# are converted, then built with Kbuild M= against Debian's 6.1 headers
# pristine and converted (scripts/check-build-oot.sh: 0 new errors and
# warnings), and the old branches are preprocessed for old kernels (gcc -E
# with stub headers) to show they still use the get API.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
build=${BUILD:-$top/build}
out=$build/test-oot
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

tap_header
if ! command -v spatch >/dev/null; then
	tap_skip "out-of-tree drivers" "spatch not installed (apt-get install coccinelle)"
	tap_done
	exit 1
fi
"$top/scripts/setup/ensure-pkgs.sh" linux-headers-amd64 gcc make >/dev/null 2>&1 ||
	tap_fail "linux-headers-amd64 installs"
rm -rf "$out"
mkdir -p "$out"

convert() { # name out [convert.sh args]
	local d=$top/tests/tree/$1 o=$2
	shift 2
	(cd "$d" && find . -type f | sort | xargs md5sum) >"$tmp/before"
	"$top/scripts/convert.sh" --tree "$d" --out "$o" "$@" >"$tmp/log" 2>&1 || return 1
	(cd "$d" && find . -type f | sort | xargs md5sum) | diff -q "$tmp/before" - >/dev/null
}
row() { # out file line verdict [reason text]
	awk -F'\t' -v f="$2" -v l="$3" -v v="$4" -v r="${5:-}" \
		'$1 == f && $2 == l && $5 == v && index($8, r) {ok=1} END {exit !ok}' "$1/report.tsv"
}
build_ok() { # name out
	"$top/scripts/check-build.sh" --tree "$top/tests/tree/$1" --out "$2" >"$tmp/build" 2>&1 &&
		grep -q ': 0 new errors, 0 new warnings$' "$2/build-check.txt"
}

# 1. The version ladder: pre-5.6 branches kept, the ladder with one shared
#    release left for a person, the separate >= 5.6 path converted.
o=$out/ladder
tap_check "oot-ladder: converts, the tree unchanged" convert oot-ladder "$o"
tap_check "oot-ladder: the < 5.6 path is kept, naming its #if" \
	row "$o" ladder_dma.c 19 kept "compiled only for kernels < 5.6 (#if at ladder_dma.c:16)"
tap_check "oot-ladder: the >= 5.6 path is converted" row "$o" ladder_dma.c 33 converted
tap_check "oot-ladder: the 4.9-6.4 branch straddles 5.6: needs-manual" \
	row "$o" ladder_main.c 28 needs-manual "before and after 5.6"
tap_check "oot-ladder: the >= 6.5 branch is needs-manual: the exported ladder_pin_all() fills its caller's array" \
	row "$o" ladder_main.c 30 needs-manual "the pages cross ladder_pin_all() at ladder_main.c:18 through its parameter pages, and ladder_pin_all() is not static"
tap_check "oot-ladder: report.txt says the driver states no MIN_KERNEL (its lowest #if bound is not one)" \
	grep -q "^  MIN_KERNEL: none (the driver states no minimum" "$o/report.txt"
tap_check "oot-ladder: subject prefix is the module name (obj-m)" \
	grep -q '^Subject: \[PATCH 1/1\] ladder: ' "$o"/series/0001-*.patch
if build_ok oot-ladder "$o"; then
	tap_ok "oot-ladder: builds against the 6.1 headers, 0 new errors, 0 new warnings"
else
	tap_fail "oot-ladder: builds against the 6.1 headers, 0 new errors, 0 new warnings"
	tap_diag <"$tmp/build"
fi
tap_check "oot-ladder: checkpatch --no-tree: 0 errors" grep -q ', 0 errors,' <(tail -1 "$o/checkpatch.txt")

# Preprocess the converted files for old kernels with stub headers: the
# get API there, the pin API on 6.1.
pp() { # dir file version-code
	local stub=$tmp/stub
	rm -rf "$stub"
	mkdir -p "$stub"
	grep -ho '#include <[^>]*>' "$1"/*.[ch] | sed 's/#include <\(.*\)>/\1/' | sort -u |
		while read -r h; do mkdir -p "$stub/$(dirname "$h")"; : >"$stub/$h"; done
	gcc -E -P -nostdinc -I "$stub" -I "$1" -DLINUX_VERSION_CODE="$3" \
		-D'KERNEL_VERSION(a,b,c)=(((a) << 16) + ((b) << 8) + (c))' "$1/$2"
}
conv=$o/build-oot/converted
pp_check() { # version want-pin(0|1)
	local v=$1 code
	code=$(( $(echo "$v" | cut -d. -f1) << 16 | $(echo "$v" | cut -d. -f2) << 8 ))
	{ pp "$conv" ladder_dma.c "$code" && pp "$conv" ladder_main.c "$code"; } >"$tmp/pp" || return 1
	grep -q 'get_user_pages' "$tmp/pp" || [ "$2" = 1 ] || return 1
	if [ "$2" = 1 ]; then
		grep -qE '\bpin_user_pages_fast\b' "$tmp/pp"
	else
		! grep -nE '\b(un)?pin_user_page' "$tmp/pp"
	fi
}
for v in 4.4 4.9 5.4 5.5; do
	tap_check "oot-ladder: preprocessed for $v (gcc -E), the converted files use the get API only" \
		pp_check "$v" 0
done
tap_check "oot-ladder: preprocessed for 6.1, the converted path pins" pp_check 6.1 1

# 1b. The same ladder with COMPAT=1: every branch that can pin does, a
#     generated header maps the pin API to the get API before 5.6.
o=$out/ladder-compat
tap_check "oot-ladder COMPAT=1: converts" convert oot-ladder "$o" --compat 1
# ladder_pin_all() is exported and returns with the pages in its caller's
# array: modules outside the tree release them, so the straddling and the
# >= 6.5 branch stay needs-manual, naming that (COMPAT=1 or not).
tap_check "oot-ladder COMPAT=1: the straddling and the >= 6.5 branch are needs-manual: the exported ladder_pin_all() hands its pages to callers outside the tree" \
	bash -c 'awk -F"\t" "\$1 == \"ladder_main.c\" && \$5 == \"needs-manual\" &&
		index(\$8, \"the pages cross ladder_pin_all() at ladder_main.c:18 through its parameter pages, and ladder_pin_all() is not static\")" \
		"$0/report.tsv" | wc -l | grep -qx 2' "$o"
tap_check "oot-ladder COMPAT=1: the series adds pinconv_compat.h and includes it" \
	bash -c 'grep -q "^+++ b/pinconv_compat.h" "$0"/series/0001-*.patch &&
		grep -q "^+#include \"pinconv_compat.h\"" "$0"/series/0001-*.patch' "$o"
if build_ok oot-ladder "$o"; then
	tap_ok "oot-ladder COMPAT=1: builds against the 6.1 headers, 0 new errors, 0 new warnings"
else
	tap_fail "oot-ladder COMPAT=1: builds against the 6.1 headers, 0 new errors, 0 new warnings"
	tap_diag <"$tmp/build"
fi

# 2. The configure-style compat pair: already done, nothing to patch.
o=$out/compat
tap_check "oot-compat: converts" convert oot-compat "$o"
tap_check "oot-compat: the #else fallback is kept as an existing compat pair" \
	row "$o" cpair.c 15 kept "already converted: compat pair at cpair.c:13"
tap_check "oot-compat: the Makefile's configure macro ties #ifndef CPAIR_HAVE_PIN to < 5.6" \
	row "$o" cpair.c 35 kept "compiled only for kernels < 5.6 (#ifndef at cpair.c:30)"
tap_check "oot-compat: no patch" test ! -e "$o/series/0001-"*.patch
tap_check "oot-compat: builds, 0 new errors, 0 new warnings" build_ok oot-compat "$o"

# 3. Wrappers: the calls through them are the rows, the bodies are not.
o=$out/wrapper
tap_check "oot-wrapper: converts" convert oot-wrapper "$o"
tap_check "oot-wrapper: the macro's call site is needs-manual naming the wrapper and its < 6.5 definition" \
	row "$o" wrap_main.c 12 needs-manual "wrapper macro wrap_gup (wrap_compat.h:8, wrap_compat.h:10-11) around get_user_pages(): the wrapper and all its calls convert together or not at all, and its definition at wrap_compat.h:11 stays (compiled for kernels before and after 5.6"
tap_check "oot-wrapper: the static inline's unguarded body in a compat header stays (no MIN_KERNEL): needs-manual naming it" \
	row "$o" wrap_main.c 24 needs-manual "wrapper inline wrap_gup_fast (wrap_compat.h:14-17) around get_user_pages_fast(): the wrapper and all its calls convert together or not at all, and its definition at wrap_compat.h:16 stays (compiled for every kernel"
tap_check "oot-wrapper: no row for the wrapper bodies, none in something_else" \
	bash -c '! awk -F"\t" "\$1 == \"wrap_compat.h\" || \$3 == \"something_else\"" "$0/report.tsv" | grep -q .' "$o"
tap_check "oot-wrapper: the rows carry wrapper->api" \
	grep -q $'\twrap_gup->get_user_pages\t' "$o/report.tsv"
tap_check "oot-wrapper: builds, 0 new errors, 0 new warnings" build_ok oot-wrapper "$o"
o=$out/wrapper-5.6
tap_check "oot-wrapper MIN_KERNEL=5.6: converts" convert oot-wrapper "$o" --min-kernel 5.6
# wrap_pin() and wrap_pin_fast() are exported and fill their caller's
# array: modules outside the tree may hold those pages (wrap_pin() returns
# 0 with them), so neither wrapper converts; the wrappers' conversion with
# their calls is tests/flow/wrapper and oot-guard below.
tap_check "oot-wrapper MIN_KERNEL=5.6: the macro's call is needs-manual: the exported wrap_pin() fills its caller's array" \
	row "$o" wrap_main.c 12 needs-manual "call through the driver's wrapper macro wrap_gup (wrap_compat.h:8, wrap_compat.h:10-11) around get_user_pages(): it converts with all its calls or not at all, and this one cannot: the pages cross wrap_pin() at wrap_main.c:7 through its parameter pages, and wrap_pin() is not static"
tap_check "oot-wrapper MIN_KERNEL=5.6: the static inline's call likewise (wrap_pin_fast())" \
	row "$o" wrap_main.c 24 needs-manual "the pages cross wrap_pin_fast() at wrap_main.c:22 through its parameter pages, and wrap_pin_fast() is not static"
tap_check "oot-wrapper MIN_KERNEL=5.6: no patch touches the wrappers or their calls" \
	bash -c '! cat "$0"/series/0*.patch 2>/dev/null | grep -q "^[-+].*\(wrap_gup\|pin_user_pages\|unpin_user_page\)"' "$o"
tap_check "oot-wrapper MIN_KERNEL=5.6: builds, 0 new errors, 0 new warnings" build_ok oot-wrapper "$o"

# 3b. A driver that states its minimum kernel (#error below 5.10): that is
#     MIN_KERNEL, so its wrapper macro's < 6.5 definition no longer straddles
#     5.6, and the macro converts together with its calls in two files.
o=$out/guard
tap_check "oot-guard: converts" convert oot-guard "$o"
tap_check "oot-guard: report.txt: MIN_KERNEL is the driver's #error guard, file:line" \
	grep -q "^  MIN_KERNEL: 5.10 (the driver's guard at gdma.h:8: #error" "$o/report.txt"
tap_check "oot-guard: both calls through the macro are converted together with it" \
	bash -c 'for r in "gdma_rx.c 16" "gdma_tx.c 15"; do
		awk -F"\t" -v f="${r% *}" -v l="${r#* }" "\$1 == f && \$2 == l && \$5 == \"converted\" &&
			index(\$8, \"converted together with the wrapper macro gdma_gup (gdma.h:13, gdma.h:15-16)\")" \
			"$0/report.tsv" | grep -q . || exit 1; done' "$o"
tap_check "oot-guard: the series renames both definitions of the macro" \
	bash -c '[ "$(grep -c "^+.*pin_user_pages(start, nr, flags, pages" "$0"/series/0001-*.patch)" = 2 ]' "$o"
tap_check "oot-guard: the subject converts get_user_pages() to pin_user_pages() (not the wrapper->api name)" \
	grep -q '^Subject: \[PATCH 1/1\] gdma: convert get_user_pages() to pin_user_pages()$' \
	"$o"/series/0001-*.patch
tap_check "oot-guard: the cover letter names no iov_iter_pin_pages*() (no iov_iter site)" \
	bash -c '! grep -q iov_iter_pin_pages "$0"/series/0000-cover-letter.patch' "$o"
tap_check "oot-guard: builds against the 6.1 headers, 0 new errors, 0 new warnings" build_ok oot-guard "$o"
o=$out/guard-given
tap_check "oot-guard MIN_KERNEL=4.19 given: it wins over the guard" convert oot-guard "$o" --min-kernel 4.19
tap_check "oot-guard MIN_KERNEL=4.19: report.txt says given; the macro's < 6.5 definition straddles 5.6" \
	bash -c 'grep -q "^  MIN_KERNEL: 4.19 (MIN_KERNEL= given)" "$0/report.txt" &&
		awk -F"\t" "\$1 == \"gdma_rx.c\" && \$5 == \"needs-manual\" &&
			index(\$8, \"its definition at gdma.h:16 stays (compiled for kernels before and after 5.6\")" \
			"$0/report.tsv" | grep -q .' "$o"

# 4. An sg_table DMA driver: converted long-term.
o=$out/sgtable
tap_check "oot-sgtable: converts" convert oot-sgtable "$o"
tap_check "oot-sgtable: converted with FOLL_LONGTERM" row "$o" sgt_core.c 26 converted FOLL_LONGTERM
tap_check "oot-sgtable: subject prefix is the module name (sgtdemo-objs)" \
	grep -q '^Subject: \[PATCH 1/1\] sgtdemo: ' "$o"/series/0001-*.patch
tap_check "oot-sgtable: builds, 0 new errors, 0 new warnings" build_ok oot-sgtable "$o"

# 5. The collapsed loop of loop-collapse-unused-index leaves no unused index.
mkdir -p "$tmp/lc"
cp -r "$top/tests/tree/cases/loop-collapse-unused-index-shared/input/." "$tmp/lc/"
echo 'obj-m += drivers/misc/loop_collapse_unused_index/loop_collapse_unused_index.o' >"$tmp/lc/Makefile"
"$top/scripts/convert.sh" --tree "$tmp/lc" --out "$out/lc" >/dev/null 2>&1
if "$top/scripts/check-build.sh" --tree "$tmp/lc" --out "$out/lc" >"$tmp/build" 2>&1 &&
	grep -q ': 0 new errors, 0 new warnings$' "$out/lc/build-check.txt"; then
	tap_ok "loop-collapse-unused-index: converted, 0 new warnings against the 6.1 headers"
else
	tap_fail "loop-collapse-unused-index: converted, 0 new warnings against the 6.1 headers"
	tap_diag <"$tmp/build"
fi

# 6. The check can fail: a series that adds a warning is refused, naming it.
# (OUT must be one make convert made: convert, then swap the series.)
convert oot-sgtable "$out/neg" || tap_fail "oot-sgtable converts into $out/neg"
rm -f "$out/neg/series/"*.patch
mkdir -p "$tmp/neg/a" "$tmp/neg/b"
cp "$top/tests/tree/oot-sgtable/sgt_core.c" "$tmp/neg/a/"
sed 's/^\tunsigned int i;$/\tunsigned int i, pinconv_unused;/' "$tmp/neg/a/sgt_core.c" >"$tmp/neg/b/sgt_core.c"
{ echo "Subject: [PATCH] test"; echo; echo "---"; (cd "$tmp/neg" && diff -u a/sgt_core.c b/sgt_core.c); } \
	>"$out/neg/series/0001-test.patch"
"$top/scripts/check-build.sh" --tree "$top/tests/tree/oot-sgtable" --out "$out/neg" >"$tmp/build" 2>&1
rc=$?
tap_check "check-build: a series that adds a warning fails, naming the object and the warning" \
	bash -c '[ "$0" -ne 0 ] && grep -q "^NEW  sgt_core.o" "$1" && grep -q "unused variable .pinconv_unused." "$1"' \
	"$rc" "$out/neg/build-check.txt"

# Bad input: one line, non-zero exit.
msg=$("$top/scripts/check-build.sh" --tree "$top/tests/tree/oot-sgtable" --out "$out/sgtable" \
	--kdir /nonexistent 2>&1)
rc=$?
tap_check "check-build: a bad KDIR is one error line, non-zero exit" \
	bash -c '[ "$0" -ne 0 ] && [ "$(echo "$1" | wc -l)" -eq 1 ] && echo "$1" | grep -q "not a kernel build directory"' \
	"$rc" "$msg"
msg=$("$top/scripts/convert.sh" --tree "$top/tests/tree/oot-sgtable" --out "$tmp/x" --compat 2 2>&1)
tap_check "convert: COMPAT=2 is one error line" \
	bash -c '[ "$(echo "$0" | wc -l)" -eq 1 ] && echo "$0" | grep -q "COMPAT must be 0 or 1"' "$msg"
msg=$("$top/scripts/convert.sh" --tree "$top/tests/tree/oot-sgtable" --out "$tmp/x" --min-kernel five 2>&1)
tap_check "convert: a bad MIN_KERNEL is one error line" \
	bash -c '[ "$(echo "$0" | wc -l)" -eq 1 ] && echo "$0" | grep -q "MIN_KERNEL must be"' "$msg"
tap_done
