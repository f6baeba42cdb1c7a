#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Self-tests of the kernel build machinery (kernel/build/kernel-lib.sh) that need no
# kernel build: series parsing, applying and re-applying a series in a small
# git repo, and the config check on the pristine tree (olddefconfig in a
# scratch dir): a dropped dependency must fail with one line per option.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-$TOP/build}
. "$TOP/tests/lib/tap.sh"
# shellcheck source=../../kernel/build/kernel-lib.sh
. "$TOP/kernel/build/kernel-lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tap_header

# ---- kseries: quilt-style list ----
mkdir -p "$tmp/k"
touch "$tmp/k/a.patch" "$tmp/k/b.patch"
printf '# comment\n\na.patch -p1\n  b.patch # trailing comment\n' >"$tmp/k/series"
got=$(kseries "$tmp/k/series" | xargs -n1 basename | tr '\n' ' ')
if [ "$got" = "a.patch b.patch " ]; then
	tap_ok "kseries: comments, blank lines and quilt options ignored"
else
	tap_fail "kseries: comments, blank lines and quilt options ignored (got '$got')"
fi
got=$(kseries "$tmp/k/none" | wc -l)
[ "$got" -eq 0 ] && tap_ok "kseries: a missing series file is an empty series" ||
	tap_fail "kseries: a missing series file is an empty series ($got entries)"
printf 'a.patch\nc.patch\n' >"$tmp/k/series2"
err=$( (kseries "$tmp/k/series2" >/dev/null) 2>&1)
if [ $? -ne 0 ] && [ "$(wc -l <<<"$err")" -eq 1 ] && [[ $err == *"lists c.patch, which does not exist"* ]]; then
	tap_ok "kseries: a listed file that does not exist is one error line"
else
	tap_fail "kseries: a listed file that does not exist is one error line"
	tap_diag <<<"$err"
fi

# ---- ksync: apply, no-op, re-apply on change, refuse a bad patch ----
r=$tmp/repo
mkdir -p "$r"
(
	cd "$r" && git init -q -b pinconv && printf '%s\n' one two a b c d e f g h three >f.c &&
		git add f.c && git -c user.name=t -c user.email=t@e commit -q -m base && git tag pinconv-base
)
mkpatch() { # NAME SED: a format-patch of SED applied to f.c at base
	(
		cd "$r" && git checkout -q -B tmp pinconv-base && sed -i "$2" f.c &&
			git -c user.name=t -c user.email=t@e commit -qam "$1" &&
			git format-patch -q -1 --stdout >"$tmp/k/$1.patch" && git checkout -q pinconv && git branch -qD tmp
	)
}
mkpatch p1 's/one/ONE/'
(cd "$r" && git checkout -q -B tmp pinconv-base && sed -i 's/three/THREE/' f.c && git diff >"$tmp/k/p2.patch" &&
	git checkout -q f.c && git checkout -q pinconv && git branch -qD tmp)
body() { tr '\n' ' ' <"$r/f.c" | sed 's/ a b c d e f g h / .. /'; }
if (ksync "$r" "$tmp/log" "$tmp/k/p1.patch" "$tmp/k/p2.patch") 2>"$tmp/err" &&
	[ "$(body)" = "ONE two .. THREE " ] && [ "$(git -C "$r" rev-list --count HEAD)" -eq 3 ]; then
	tap_ok "ksync: a format-patch (git am) and a plain diff (git apply) become two commits"
else
	tap_fail "ksync: a format-patch (git am) and a plain diff (git apply) become two commits"
	tap_diag <"$tmp/err"
fi
head1=$(git -C "$r" rev-parse HEAD)
(ksync "$r" "$tmp/log" "$tmp/k/p1.patch" "$tmp/k/p2.patch") 2>/dev/null
[ "$(git -C "$r" rev-parse HEAD)" = "$head1" ] && tap_ok "ksync: unchanged series, nothing re-applied" ||
	tap_fail "ksync: unchanged series, nothing re-applied"
mkpatch p1 's/one/One/'
(ksync "$r" "$tmp/log" "$tmp/k/p1.patch" "$tmp/k/p2.patch") 2>/dev/null
[ "$(body)" = "One two .. THREE " ] && tap_ok "ksync: a changed patch re-applies the series from pinconv-base" ||
	tap_fail "ksync: a changed patch re-applies the series from pinconv-base ($(body))"
printf 'From: t <t@e>\nSubject: [PATCH] bad\n\n---\ndiff --git a/f.c b/f.c\n--- a/f.c\n+++ b/f.c\n@@ -1 +1 @@\n-nothere\n+x\n' >"$tmp/k/bad.patch"
err=$( (ksync "$r" "$tmp/log" "$tmp/k/p1.patch" "$tmp/k/bad.patch") 2>&1)
rc=$?
if [ $rc -ne 0 ] && [ "$(wc -l <<<"$err")" -eq 1 ] && [[ $err == *"patch $tmp/k/bad.patch does not apply"* ]] &&
	[ ! -d "$r/.git/rebase-apply" ]; then
	tap_ok "ksync: a patch that does not apply is one error line naming it, no git am left half done"
else
	tap_fail "ksync: a patch that does not apply is one error line naming it (exit $rc)"
	tap_diag <<<"$err"
fi
echo dirty >>"$r/f.c"
err=$( (ksync "$r" "$tmp/log" "$tmp/k/p1.patch") 2>&1)
[ $? -ne 0 ] && [[ $err == *"has local changes"* ]] && grep -q dirty "$r/f.c" &&
	tap_ok "ksync: local edits are refused, not thrown away" ||
	{ tap_fail "ksync: local edits are refused, not thrown away"; tap_diag <<<"$err"; }

# ---- the config check, on the pristine tree ----
if [ ! -f "$KPRISTINE/.pinconv-unpacked" ]; then
	tap_skip "kconfig: the fragment survives olddefconfig" "$(krel "$KPRISTINE") not unpacked (make tree)"
	tap_skip "kconfig: a dropped dependency fails, one line per option" "no tree"
	tap_done
	exit
fi
# the kernel build's packages (ccache, flex, bison, ...): this suite runs
# before anything else in make test has installed them
if ! err=$(make -s -C "$TOP" --no-print-directory deps-kernel 2>&1); then
	tap_fail "kconfig: install the kernel build packages (make deps-kernel)"
	tap_diag <<<"$err"
	tap_skip "kconfig: a dropped dependency fails, one line per option" "packages missing"
	tap_done
	exit
fi
obj=$tmp/obj
mkdir -p "$obj/.pinconv"
if err=$(kconfig "$KPRISTINE" "$obj" 2>&1) && grep -q '^CONFIG_FS_DAX=y' "$obj/.config"; then
	tap_ok "kconfig: the fragment survives olddefconfig on the pristine tree (FS_DAX=y)"
	grep needs-patch <<<"$err" | tap_diag
else
	tap_fail "kconfig: the fragment survives olddefconfig on the pristine tree"
	tap_diag <<<"$err"
fi
grep -v MEMORY_HOTREMOVE "$KFRAGMENT" | sed 's/^CONFIG_GUP_TEST=y/CONFIG_GUP_TSET=y/' >"$tmp/bad.config"
err=$( (KFRAGMENT=$tmp/bad.config kconfig "$KPRISTINE" "$obj") 2>&1)
rc=$?
if [ $rc -ne 0 ] && grep -q '^pinconv: kernel config: CONFIG_FS_DAX=y .* is not set in the final' <<<"$err" &&
	grep -q 'CONFIG_GUP_TSET=y .* is not a config option' <<<"$err" &&
	grep -q '^CONFIG_FS_DAX=y' "$obj/.config"; then
	tap_ok "kconfig: a dropped dependency (MEMORY_HOTREMOVE) fails on FS_DAX, a typo fails, .config kept"
else
	tap_fail "kconfig: a dropped dependency (MEMORY_HOTREMOVE) fails on FS_DAX, a typo fails, .config kept (exit $rc)"
fi
tap_diag <<<"$err"
tap_done
