#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Step stress: truncate/punch/sync under a live writable ext4 pin
# (userspace/mrstress, VM_ITERS rounds) while fio adds page-cache writeback traffic on the
# same file system (docs/vm.md "Stress with live pins").
# shellcheck source=../guestlib.sh
. "${0%/*}/../guestlib.sh"
tap_header
fio --name=writeback --filename=/mnt/ext4/fio.dat --size=64M --bs=64k \
	--rw=randwrite --ioengine=psync --fsync=16 --time_based --runtime=600 \
	--output=/tmp/fio.out >/dev/null 2>&1 &
fiopid=$!
tprog "$MRSTRESS" stress --iters "$VM_ITERS" /mnt/ext4
if kill -0 $fiopid 2>/dev/null; then
	kill -TERM $fiopid
	wait $fiopid
	fbw=$(grep -m1 -o 'WRITE: bw=[^ ,]*' /tmp/fio.out)
	tap_ok "stress: fio writeback load ran alongside (${fbw:-stopped before its first report})"
else
	tap_fail "stress: fio writeback load died early"
	tail -5 /tmp/fio.out | tap_diag
fi
tap_done
