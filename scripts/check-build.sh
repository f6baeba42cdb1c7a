#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Prove a generated series: it applies to the pristine tree (scripts/applies.sh)
# and every object file it touches compiles with the tree's config,
# on top of the pinconv core series (kernel/series) when a patch uses its API
# (Debian's shipped amd64 config for Debian's source; the tree's .config or
# x86_64_defconfig otherwise).  Works on a scratch copy under BUILD, prepared
# once; the user's tree is never written.
# Usage: check-build.sh --tree DIR [--out OUTDIR] [--kdir KDIR]  (reads OUTDIR/series)
# A tree that is not a kernel tree (or any tree with --kdir) goes to
# scripts/check-build-oot.sh (sourced): Kbuild M= against KDIR, pristine vs
# converted.
# Writes OUTDIR/build-check.txt; last line "N objects: B built, F failed, S skipped".
set -eu -o pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
die() { echo "pinconv: $*" >&2; exit 1; }
log() { echo "pinconv: $*" >&2; }
tree= out= kdir=
while [ $# -gt 0 ]; do
	case $1 in
	--tree) tree=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--kdir) kdir=$2; shift 2 ;;
	*) die "unknown argument '$1'" ;;
	esac
done
. "$top/scripts/outdir.sh"
tree=$(pc_tree "$tree")
out=$(pc_out "$tree" "$out" "$top")
[ -d "$out/series" ] && [ -e "$out/$PC_MARKER" ] || die "no series in $out (run make convert first)"
exec 9>>"$out/$PC_LOCK"
flock -n 9 || die "another pinconv run is writing $out"
# Not a kernel tree (an out-of-tree driver): Kbuild M= against KDIR, with
# the TREE, OUT and lock above; it exits.
if ! { [ -f "$tree/Makefile" ] && [ -f "$tree/scripts/checkpatch.pl" ]; } || [ -n "$kdir" ]; then
	. "$top/scripts/check-build-oot.sh"
fi

mapfile -t patches < <(ls "$out"/series/*.patch 2>/dev/null | grep -v '/0000-cover-letter.patch$' || true)
result=$out/build-check.txt
if [ ${#patches[@]} -eq 0 ]; then
	echo "0 objects: 0 built, 0 failed, 0 skipped (empty series)" >"$result"
	cat "$result"
	exit 0
fi

# 1. The series applies to the pristine tree.  Patches that use the pinconv
#    core API (the iov_iter conversions) are built on top of kernel/series,
#    which must apply to the tree as well.
"$top/scripts/applies.sh" "$tree" "${patches[@]}" ||
	die "the series does not apply to $tree"
core=()
if grep -qE '^\+.*\b(iov_iter_pin_pages|iov_iter_unpin_page|iov_iter_repin_page|bio_set_pin_mode|bio_release_page)\b' \
	"${patches[@]}"; then
	TOP=$top BUILD=$build
	. "$top/kernel/build/kernel-lib.sh"
	mapfile -t core < <(kseries "$KSERIES")
	"$top/scripts/applies.sh" "$tree" "${core[@]}" "${patches[@]}" ||
		die "the series uses the pinconv core API, and kernel/series + the series do not apply to $tree"
fi

# 2. A scratch copy (with kernel/series applied when needed), configured and
#    prepared once.  .pinconv-base keeps the core-patched files, so that the
#    touched files can be reset to the base of the series.
scratch=$build/check-$(basename "$tree")${core:+-core}
if [ ! -f "$scratch/.pinconv-prepared" ]; then
	log "preparing $scratch (copy, config, make prepare: once)"
	rm -rf "$scratch"
	mkdir -p "$scratch/.pinconv-base"
	(cd "$tree" && tar -cf - --exclude=.git .) | tar -C "$scratch" -xf -
	if [ ${#core[@]} -gt 0 ]; then
		cat "${core[@]}" | (cd "$scratch" && patch -s -p1) ||
			die "kernel/series does not apply to the scratch copy $scratch"
		grep -h '^+++ b/' "${core[@]}" | sed 's|^+++ b/||' | sort -u | while read -r f; do
			mkdir -p "$scratch/.pinconv-base/$(dirname "$f")"
			cp "$scratch/$f" "$scratch/.pinconv-base/$f"
		done
	fi
	debcfg=/usr/src/linux-config-6.1/config.amd64_none_amd64.xz
	if [ -f "$tree/.config" ]; then
		cp "$tree/.config" "$scratch/.config"
	elif [ -f "$tree/.pinconv-unpacked" ] && [ -f "$debcfg" ] &&
		grep -q '^VERSION = 6$' "$tree/Makefile" && grep -q '^PATCHLEVEL = 1$' "$tree/Makefile"; then
		xz -dc "$debcfg" >"$scratch/.config"
	else
		make -C "$scratch" -s x86_64_defconfig
	fi
	# Debug info and module signing do not change what compiles; they only
	# slow the check down or need Debian's keys.
	"$scratch/scripts/config" --file "$scratch/.config" --disable DEBUG_INFO \
		--enable DEBUG_INFO_NONE --disable DEBUG_INFO_DWARF5 \
		--disable DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT --disable DEBUG_INFO_BTF \
		--set-str SYSTEM_TRUSTED_KEYS "" --set-str SYSTEM_REVOCATION_KEYS "" \
		--disable MODULE_SIG_ALL
	make -C "$scratch" -s olddefconfig
	make -C "$scratch" -s -j"$(nproc)" prepare
	touch "$scratch/.pinconv-prepared"
fi

# 3. Base copies of the touched files, then the series.
mapfile -t files < <(grep -h '^+++ b/' "${patches[@]}" | sed 's|^+++ b/||' | sort -u)
reset_files() {
	local f
	for f in "${files[@]}"; do
		if [ -f "$scratch/.pinconv-base/$f" ]; then
			cp "$scratch/.pinconv-base/$f" "$scratch/$f"
		else
			cp "$tree/$f" "$scratch/$f"
		fi
	done
}
reset_files
(cd "$scratch" && patch -s -p1 <<<"$(cat "${patches[@]}")") ||
	die "the series does not apply to the scratch copy $scratch"

built=0 failed=0 skipped=0
: >"$result"
for f in "${files[@]}"; do
	case $f in *.c) ;; *) continue ;; esac
	obj=${f%.c}.o
	arch=$(echo "$f" | sed -n 's|^arch/\([^/]*\)/.*|\1|p')
	if [ -n "$arch" ] && [ "$arch" != x86 ]; then
		echo "SKIP $obj: $arch code, the check builds x86_64" >>"$result"
		skipped=$((skipped + 1))
		continue
	fi
	dir=$(dirname "$f")
	if [ ! -f "$scratch/$dir/Makefile" ] && [ ! -f "$scratch/$dir/Kbuild" ]; then
		echo "SKIP $obj: $dir has no Makefile (part of a composite object kbuild cannot build alone)" >>"$result"
		skipped=$((skipped + 1))
		continue
	fi
	if make -C "$scratch" -s -j"$(nproc)" "$obj" >"$scratch/.pinconv-build.log" 2>&1; then
		echo "OK   $obj" >>"$result"
		built=$((built + 1))
	elif grep -qE 'No rule to make target|fatal error: asm/' "$scratch/.pinconv-build.log"; then
		echo "SKIP $obj: not buildable for x86_64 with this config: $(grep -m1 -E 'No rule|fatal error' "$scratch/.pinconv-build.log")" >>"$result"
		skipped=$((skipped + 1))
	else
		echo "FAIL $obj" >>"$result"
		sed 's/^/     /' "$scratch/.pinconv-build.log" | head -30 >>"$result"
		failed=$((failed + 1))
	fi
done
# Leave the scratch copy at the base for the next run.
reset_files
echo "$((built + failed + skipped)) objects: $built built, $failed failed, $skipped skipped" >>"$result"
cat "$result"
[ "$failed" -eq 0 ]
