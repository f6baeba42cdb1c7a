#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The VM suite's fixture, run by tests/vm/guest.sh before any step (TAP on
# stdout, the rest on stderr): the drivers, the network and Soft-RoCE (rxe0),
# ext4 and xfs on the fresh virtio disks (vda, vdb), 8 huge pages, and the
# two emulated NVDIMMs as fsdax and devdax namespaces.  What the steps need
# to know goes to $SETUP_ENV (guestlib.sh sources it).  Exits 1 when rxe0
# is not up: no step can run then (exit 0 otherwise, failed checks
# or not).
# shellcheck source=guestlib.sh
. "${0%/*}/guestlib.sh"
tap_header
for m in crc32_generic crc32c_generic virtio_blk virtio_net ext4 xfs \
	rdma_rxe nfit nd_pmem dax_pmem device_dax virtio_scsi sd_mod; do
	$MODPROBE "$m" 2>/dev/null
done
mkdir -p /mnt/ext4 /mnt/xfs /mnt/pmem
# gup_test and the pin ledger live in debugfs
mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug
# the kprobe steps (sgio, dio, daxtrunc) read hit counts, never task names:
# without record-cmd and record-tgid, arming the first event does not also
# hook the scheduler's tracepoints (more kernel text patched, each patch a
# cross-CPU call)
if mountpoint -q "$TRACEFS" || mount -t tracefs tracefs "$TRACEFS" 2>/dev/null; then
	for o in record-cmd record-tgid; do
		[ -w "$TRACEFS/options/$o" ] && echo 0 >"$TRACEFS/options/$o"
	done
fi
ip link set lo up
# a kernel built with CONFIG_DUMMY has dummy0 (docs/kernel-build.md)
ETH=$(ls /sys/class/net | grep -v -e '^lo$' -e '^dummy' | head -1)
IP=10.0.2.15
ip link set "$ETH" up
ip addr add "$IP/24" dev "$ETH"
if rdma link add rxe0 type rxe netdev "$ETH" >&2 &&
	ibv_devinfo -d rxe0 | grep -q PORT_ACTIVE &&
	GIDX=$("$MRTEST" --dev rxe0 --print-gid-index); then
	tap_ok "setup: rxe0 on $ETH ($IP) active, RoCEv2 IPv4 GID index $GIDX"
else
	tap_fail "setup: rxe0 on $ETH"
	ibv_devinfo -d rxe0 2>&1 | tap_diag
	tap_done
	exit 1
fi
stamp rxe

# virtio disks (fresh images every run) and the two emulated NVDIMMs
mkfs.ext4 -q -F /dev/vda && mount /dev/vda /mnt/ext4 &&
	mkfs.xfs -q -f /dev/vdb && mount /dev/vdb /mnt/xfs
tap_check "setup: ext4 on vda, xfs on vdb" mountpoint -q /mnt/xfs
echo 8 >/proc/sys/vm/nr_hugepages
ndctl create-namespace -f -e namespace0.0 -m fsdax -a 2M >/dev/null &&
	ndctl create-namespace -f -e namespace1.0 -m devdax -a 2M >/dev/null
PMEM=/dev/$(ls /sys/class/block | grep -m1 '^pmem')
DAX=/dev/$(ls /sys/bus/dax/devices 2>/dev/null | grep -m1 '^dax')
tap_check "setup: fsdax $PMEM (dax=$(cat "/sys/class/block/${PMEM#/dev/}/queue/dax" 2>/dev/null)) and devdax $DAX" \
	test -b "$PMEM" -a -c "$DAX"
declare -p ETH IP GIDX PMEM DAX >"$SETUP_ENV"
stamp setup
# a failed disk or NVDIMM check fails its steps' lines too, but they run
tap_done
exit 0
