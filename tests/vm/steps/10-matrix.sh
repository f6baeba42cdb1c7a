#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Step matrix: ibv_reg_mr() per memory kind (userspace/mrtest, docs/vm.md
# "The matrix"): anonymous, shmem, hugetlb, ext4, xfs, devdax and memlock,
# then ext4 -o dax and xfs dax=always on the fsdax namespace.
# shellcheck source=../guestlib.sh
. "${0%/*}/../guestlib.sh"
tap_header
tprog "$MRTEST" matrix anon shmem hugetlb "ext4:/mnt/ext4" "xfs:/mnt/xfs" "devdax:$DAX" memlock
for fs in ext4 xfs; do
	if mount_dax $fs; then
		tprog "$MRTEST" "${fs}dax" "${fs}dax:/mnt/pmem"
	else
		tap_fail "$fs DAX mount on $PMEM"
	fi
done
tap_done
