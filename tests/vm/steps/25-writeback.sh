#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Step writeback: writeback of pinned page cache, per file system
# (docs/vm.md "Writeback of pinned page cache"): userspace/mrwriteback (a
# read-only MR over a MAP_SHARED file, CPU writes + fsync with a syncfs()
# loop and fast background writeback alongside; the disk read through the
# block device, dirty state from /proc/kpageflags), then userspace/diotest
# (O_DIRECT writes from a file mapping racing with syncfs()).
# shellcheck source=../guestlib.sh
. "${0%/*}/../guestlib.sh"
tap_header
for fs in ext4 xfs; do
	tprog "$MRWRITEBACK" "writeback-$fs" "$fs:/mnt/$fs"
	tap_run "diotest-$fs" timeout 300 "$DIOTEST" "$fs:/mnt/$fs"
done
tap_done
