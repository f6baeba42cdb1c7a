#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make kernel-bisect: every prefix of kernel/series must apply, configure and
# build (bzImage), and every patch must pass the tree's checkpatch.pl.
# Patches are applied one at a time on pinconv-base in build/kernel/src-bisect
# and built incrementally (ccache, shared with the other variants) in
# build/kernel/obj-bisect.  TAP on stdout, one line per patch per check.
# The build lock is released between prefixes, so a make kernel waiting for
# it runs in between instead of after the whole bisect.
set -u -o pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$TOP/build}
. "$TOP/kernel/build/kernel-lib.sh"
. "$TOP/tests/lib/tap.sh"

tap_header
list=$(kseries "$KSERIES") || { tap_fail "read $(krel "$KSERIES")"; tap_done; exit 1; }
if [ -z "$list" ]; then
	tap_skip "kernel/series" "no patches listed"
	tap_done
	exit 0
fi
mapfile -t patches <<<"$list"
klock
kvariant bisect
src=$KDIR/bisect/src obj=$KDIR/bisect/obj
mkdir -p "$obj/.pinconv"
[ -d "$src/.git/rebase-apply" ] && git -C "$src" am --abort >/dev/null 2>&1
git -C "$src" reset -q --hard pinconv-base
rm -f "$src/.git/pinconv-applied"
echo "# ${#patches[@]} patches on $(git -C "$src" log -1 --format=%s pinconv-base)"

applied=1
for p in "${patches[@]}"; do
	name=$(basename "$p")
	log=$obj/.pinconv/${name%.patch}
	# checkpatch of the patch file itself, whatever happens to the build
	out=$(cd "$src" && perl scripts/checkpatch.pl --no-color --show-types "$p" 2>&1)
	rc=$?
	total=$(grep -m1 '^total:' <<<"$out")
	if [ $rc -eq 0 ]; then
		tap_ok "$name: checkpatch.pl (${total:-clean})"
	else
		tap_fail "$name: checkpatch.pl (${total:-exit $rc})"
		grep -E '^(ERROR|WARNING|CHECK):' <<<"$out" | head -20 | tap_diag
	fi
	if [ $applied -eq 0 ]; then
		tap_skip "$name: applies" "an earlier patch did not apply"
		tap_skip "$name: builds (bzImage)" "an earlier patch did not apply"
		continue
	fi
	: >"$log.apply"
	if kapply "$src" "$log.apply" "$p"; then
		tap_ok "$name: applies"
	else
		tap_fail "$name: applies: $KAPPLY_ERR"
		tail -10 "$log.apply" | tap_diag
		tap_skip "$name: builds (bzImage)" "does not apply"
		applied=0
		continue
	fi
	# between two prefixes a waiting make kernel gets its turn (our src and
	# obj are our own, so nothing of ours changes meanwhile)
	kunlock
	sleep 1
	klock
	t0=$(date +%s)
	if ! cfgerr=$(kconfig "$src" "$obj" 2>&1); then
		tap_fail "$name: builds (bzImage): the config check failed"
		grep -v 'needs-patch' <<<"$cfgerr" | head -20 | tap_diag
	elif kmake "$src" "$obj" LOCALVERSION=-bisect bzImage >"$log.build" 2>&1; then
		nwarn=$(grep -c 'warning:' "$log.build")
		tap_ok "$name: builds (bzImage, $(($(date +%s) - t0)) s, $nwarn compiler warnings)"
		grep -m10 'warning:' "$log.build" | tap_diag
	else
		tap_fail "$name: builds (bzImage)"
		{ grep -E -m10 -B2 'error:|Error [0-9]' "$log.build" || tail -20 "$log.build"; } | tap_diag
	fi
done
tap_done
