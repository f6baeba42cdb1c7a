#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The VM suite on the converted kernel: Debian's 6.1 + kernel/series + the
# series make convert generates (make kernel CONVERTED=1), with the dio
# step expecting FOLL_PIN pins on every O_DIRECT path.  The generated series
# is tests/tree's (build/test-tree/out) when that ran, else a convert.sh run
# of our own into build/test-converted.  Used by make test-kernels.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-$TOP/build}
export BUILD
. "$TOP/tests/lib/tap.sh"

tree=$BUILD/linux-source-6.1
out=$BUILD/test-tree/out
if ! ls "$out"/series/0001-*.patch >/dev/null 2>&1; then
	out=$BUILD/test-converted
	if ! "$TOP/scripts/convert.sh" --tree "$tree" --out "$out" >"$BUILD/test-converted.log" 2>&1; then
		tap_header
		tap_fail "make convert over $tree for the converted kernel (log $BUILD/test-converted.log)"
		tail -20 "$BUILD/test-converted.log" | tap_diag
		tap_done
		exit 1
	fi
fi
CONVERT_OUT=$out KERNEL=converted exec "$HERE/run-patched.sh"
