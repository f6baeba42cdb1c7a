#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build pinconv's test kernel (docs/kernel-build.md): Debian's pristine source
# + the patches of kernel/series (git am), config from
# kernel/config/pinconv.config, out of tree with ccache, bzImage only, plus
# the gup_test and pin_ledger selftest binaries of the same source.
#
# Usage: build-kernel.sh [--converted | --base]
#   (default)    build/kernel/src           -> build/kernel/obj-patched
#   --base       no patches at all (the reference for benchmarks)
#                                           -> build/kernel/obj-base
#   --converted  kernel/series, then out/linux-source-6.1/series/*.patch
#                (make convert's series)    -> build/kernel/obj-converted
# Environment: BUILD (build/), KVER_SRC (6.1), CONVERT_OUT (the generated
# series' directory, default out/linux-source-$KVER_SRC), KERNEL_JOBS (nproc).
set -eu -o pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$TOP/build}
. "$TOP/kernel/build/kernel-lib.sh"

variant=patched
case ${1:-} in
"") ;;
--converted) variant=converted ;;
--base) variant=base ;;
*) kdie "usage: build-kernel.sh [--converted | --base]" ;;
esac

t0=$(date +%s)
klock
list=$(kseries "$KSERIES")
patches=()
[ -z "$list" ] || [ "$variant" = base ] || mapfile -t patches <<<"$list"
if [ "$variant" = converted ]; then
	gen=${CONVERT_OUT:-$TOP/out/linux-source-$KSRC_VER}/series
	conv=()
	for p in "$gen"/[0-9]*.patch; do
		[ -f "$p" ] && [ "${p##*/}" != 0000-cover-letter.patch ] && conv+=("$p")
	done
	[ ${#conv[@]} -gt 0 ] || kdie "no generated series in $(krel "$gen") (run make convert first)"
	patches+=("${conv[@]}")
fi

kvariant "$variant"
src=$KDIR/$variant/src obj=$KDIR/$variant/obj
mkdir -p "$obj/.pinconv"
ksync "$src" "$obj/.pinconv/apply.log" "${patches[@]}"
kconfig "$src" "$obj" || kdie "the final .config of $(krel "$obj") lacks options of $(krel "$KFRAGMENT") (lines above)"

# the release string tells the variants apart: 6.1.x-pinconv[-converted]
lv=
[ "$variant" = patched ] || lv=-$variant
log=$obj/.pinconv/build.log
klog "building bzImage in $(krel "$KDIR/obj-$variant") ($(nproc) jobs, log $(krel "$log"))"
if ! kmake "$src" "$obj" LOCALVERSION="$lv" bzImage >"$log" 2>&1; then
	grep -E -m5 'error:|Error [0-9]' "$log" >&2 || tail -5 "$log" >&2
	kdie "bzImage build failed in $(krel "$KDIR/obj-$variant") (log $(krel "$log"))"
fi
nwarn=$(grep -c 'warning:' "$log" || true)
if [ "$nwarn" -gt 0 ]; then
	klog "$nwarn compiler warnings (log $(krel "$log")):"
	grep -m5 'warning:' "$log" >&2
fi
kguptest "$src" "$obj" >"$obj/.pinconv/gup_test.log" 2>&1 || {
	cat "$obj/.pinconv/gup_test.log" >&2
	kdie "selftest build failed ($(krel "$src")/tools/testing/selftests/vm/, log $(krel "$obj/.pinconv/gup_test.log"))"
}
kver=$(cat "$obj/include/config/kernel.release")
klog "bzImage $(krel "$KDIR/obj-$variant")/arch/x86/boot/bzImage ($kver, $(stat -c %s "$obj/arch/x86/boot/bzImage") bytes), gup_test $(krel "$KDIR/obj-$variant")/gup_test: $(($(date +%s) - t0)) s"
