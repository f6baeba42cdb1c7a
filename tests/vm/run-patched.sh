#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The VM suite on pinconv's own kernel: make kernel (a build failure is a
# failing TAP line with the error's tail), then tests/vm/run.sh with
# KERNEL=patched (KERNEL=converted: make kernel CONVERTED=1, KERNEL=converted).
# Used by make test-kernels and make vmtest KERNEL=patched|converted.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-$TOP/build}
export BUILD
. "$TOP/tests/lib/tap.sh"

case ${KERNEL:-} in
converted) variant=converted conv=1 ;;
*) variant=patched conv= ;;
esac
mkdir -p "$BUILD/kernel"
# a log of our own (two runs may wait on the build lock at once), kept as
# build/kernel/make-kernel-$variant.log at the end
log=$(mktemp "$BUILD/kernel/make-kernel-$variant.XXXXXX")
keep() { chmod 644 "$log"; mv -f "$log" "$BUILD/kernel/make-kernel-$variant.log"; }

tap_header
t0=$(date +%s)
if make -s -C "$TOP" --no-print-directory kernel CONVERTED="$conv" >"$log" 2>&1; then
	tap_ok "kernel: make kernel${conv:+ CONVERTED=1} ($(($(date +%s) - t0)) s)"
	grep '^pinconv: bzImage' "$log" | tap_diag
	keep
else
	keep
	tap_fail "kernel: make kernel${conv:+ CONVERTED=1} (log $BUILD/kernel/make-kernel-$variant.log)"
	grep -v 'needs-patch' "$BUILD/kernel/make-kernel-$variant.log" | tail -30 | tap_diag
	tap_done
	exit 1
fi

# run.sh's TAP, numbered after our line
KERNEL=$variant "$HERE/run.sh" | awk -v n=1 '
	/^TAP version/ || /^1\.\.[0-9]+$/ { next }
	/^ok [0-9]+/ { sub(/^ok [0-9]+/, "ok " ++n) }
	/^not ok [0-9]+/ { sub(/^not ok [0-9]+/, "not ok " ++n) }
	{ print; fflush() }
	END { print "1.." n }'
exit "${PIPESTATUS[0]}"
