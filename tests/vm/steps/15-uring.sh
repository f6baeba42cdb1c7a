#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Step uring: the matrix's memory kinds as io_uring fixed buffers
# (userspace/uringtest, docs/vm.md "io_uring fixed buffers beside the MRs").
# shellcheck source=../guestlib.sh
. "${0%/*}/../guestlib.sh"
tap_header
tprog "$URINGTEST" uring anon shmem hugetlb "ext4:/mnt/ext4" "xfs:/mnt/xfs" "devdax:$DAX"
for fs in ext4 xfs; do
	if mount_dax $fs; then
		tprog "$URINGTEST" "uring${fs}dax" "${fs}dax:/mnt/pmem"
	else
		tap_fail "$fs DAX mount on $PMEM for uringtest"
	fi
done
tap_done
