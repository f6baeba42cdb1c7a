#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Step sgio: SG_IO through blk-map's mapped and copied paths
# (userspace/sgiotest, docs/vm.md "SG_IO through blk-map"); the mapped path
# pins where O_DIRECT does (VM_DIO_EXPECT).
# shellcheck source=../guestlib.sh
. "${0%/*}/../guestlib.sh"
tap_header
mountpoint -q "$TRACEFS" || mount -t tracefs tracefs "$TRACEFS"
sd=
for b in /sys/bus/scsi/devices/*/block/sd*; do
	[ -e "$b" ] && sd=${b##*/} && break
done
if [ -n "$sd" ]; then
	tap_run sgiotest timeout 300 "$SGIOTEST" --pins "$VM_DIO_EXPECT" "/dev/$sd"
else
	tap_fail "sgio: no SCSI disk behind virtio-scsi"
fi
tap_done
