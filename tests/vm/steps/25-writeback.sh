#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Step writeback: writeback of pinned page cache on ext4 and xfs (mrtest
# writeback: a read-only MR over a MAP_SHARED file, CPU writes + fsync with a
# syncfs() loop and fast background writeback alongside, then O_DIRECT
# writes from a file mapping racing with syncfs(); docs/vm.md "Writeback of
# pinned page cache").
# shellcheck source=../guestlib.sh
. "${0%/*}/../guestlib.sh"
tap_header
mrt writeback "writeback:ext4:/mnt/ext4" "writeback:xfs:/mnt/xfs"
tap_done
