#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the pinconv VM as PID 1 (after tests/vm/init).  The host's root
# is mounted read-only at /, results go to /mnt/out (9p share of the run dir):
#   guest.tap  TAP lines (renumbered by the host runner)
#   guest.log  everything else the tests print
#   dmesg      the guest kernel log at the end
#   times      boot-to-first-test and per-step timings
# Parameters come from the kernel command line (pinconv.NAME=VALUE).
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/tmp LC_ALL=C
OUT=/mnt/out
exec >"$OUT/guest.log" 2>&1

declare -A P=([top]= [modroot]= [expect]=stock [full]=0 [iters]=3 [only]=)
for w in $(cat /proc/cmdline); do
	case $w in
	pinconv.*=*) k=${w#pinconv.}; P[${k%%=*}]=${w#*=} ;;
	esac
done
TOP=${P[top]}
MRTEST=$TOP/userspace/mrtest
RCT=$TOP/build/vm/rdma-core-tests
. "$TOP/tests/lib/tap.sh"

finish() {
	dmesg >"$OUT/dmesg" 2>&1
	echo "done" >"$OUT/guest.done"
	sync
	echo 1 >/proc/sys/kernel/sysrq
	echo o >/proc/sysrq-trigger
	sleep 10
}
trap finish EXIT

# T CMD...: run a tap.sh helper with its output going to the TAP file
T() { "$@" >>"$OUT/guest.tap"; }
# run one step when selected by pinconv.only (comma-separated step names)
want() { [ -z "${P[only]}" ] || [[ ",${P[only]}," == *",$1,"* ]]; }
stamp() { echo "$1 $(cut -d' ' -f1 /proc/uptime)" >>"$OUT/times"; }
# tap_import RC FILE: re-emit another program's TAP lines with our numbering;
# a non-zero RC without a failing line becomes a failure of its own
tap_import() {
	local rc=$1 file=$2 line nfail=0
	while IFS= read -r line; do
		case $line in
		"ok "*) T tap_ok "$(sed -E 's/^ok [0-9]+ ?//' <<<"$line")" ;;
		"not ok "*)
			nfail=$((nfail + 1))
			T tap_fail "$(sed -E 's/^not ok [0-9]+ ?//' <<<"$line")"
			;;
		"#"*) echo "$line" >>"$OUT/guest.tap" ;;
		esac
	done <"$file"
	if [ "$rc" -ne 0 ] && [ "$nfail" -eq 0 ]; then
		T tap_fail "$(basename "$file" .out) exited with status $rc"
		tail -20 "$file" | T tap_diag
	fi
}
# mrt NAME ARGS...: run mrtest, import its TAP
mrt() {
	local name=$1 rc
	shift
	echo "+ mrtest $*"
	timeout 300 "$MRTEST" --expect "${P[expect]}" "$@" >"/tmp/$name.out" 2>&1
	rc=$?
	cat "/tmp/$name.out"
	tap_import "$rc" "/tmp/$name.out"
}

# ---------- setup ----------
stamp boot
{
	printf '#!/bin/sh\nexec /sbin/modprobe -C /dev/null %s "$@"\n' \
		"${P[modroot]:+-d ${P[modroot]}}" >/tmp/modprobe
	chmod +x /tmp/modprobe
	echo /tmp/modprobe >/proc/sys/kernel/modprobe
} 2>/dev/null
MODPROBE="/tmp/modprobe"
for m in crc32_generic crc32c_generic virtio_blk virtio_net ext4 xfs \
	rdma_rxe nfit nd_pmem dax_pmem device_dax; do
	$MODPROBE "$m" 2>/dev/null
done
mkdir -p /mnt/ext4 /mnt/xfs /mnt/pmem
ip link set lo up
eth=$(ls /sys/class/net | grep -v '^lo$' | head -1)
ip link set "$eth" up
ip addr add 10.0.2.15/24 dev "$eth"
IP=10.0.2.15
if rdma link add rxe0 type rxe netdev "$eth" &&
	ibv_devinfo -d rxe0 | grep -q PORT_ACTIVE &&
	GIDX=$("$MRTEST" --dev rxe0 --print-gid-index); then
	T tap_ok "setup: rxe0 on $eth ($IP) active, RoCEv2 IPv4 GID index $GIDX"
else
	T tap_fail "setup: rxe0 on $eth"
	ibv_devinfo -d rxe0 2>&1 | T tap_diag
	exit 1
fi
stamp rxe

# virtio disks (fresh images every run) and the two emulated NVDIMMs
mkfs.ext4 -q -F /dev/vda && mount /dev/vda /mnt/ext4 &&
	mkfs.xfs -q -f /dev/vdb && mount /dev/vdb /mnt/xfs
T tap_check "setup: ext4 on vda, xfs on vdb" mountpoint -q /mnt/xfs
echo 8 >/proc/sys/vm/nr_hugepages
ndctl create-namespace -f -e namespace0.0 -m fsdax -a 2M >/dev/null &&
	ndctl create-namespace -f -e namespace1.0 -m devdax -a 2M >/dev/null
PMEM=/dev/$(ls /sys/class/block | grep -m1 '^pmem')
DAX=/dev/$(ls /sys/bus/dax/devices 2>/dev/null | grep -m1 '^dax')
T tap_check "setup: fsdax $PMEM (dax=$(cat /sys/class/block/${PMEM#/dev/}/queue/dax 2>/dev/null)) and devdax $DAX" \
	test -b "$PMEM" -a -c "$DAX"
stamp setup

# mount_dax FS: put FS on the fsdax namespace, mounted with DAX forced on
mount_dax() {
	umount /mnt/pmem 2>/dev/null
	case $1 in
	ext4) mkfs.ext4 -q -F -b 4096 "$PMEM" && mount -o dax "$PMEM" /mnt/pmem ;;
	xfs) mkfs.xfs -q -f -m reflink=0 "$PMEM" && mount -o dax=always "$PMEM" /mnt/pmem ;;
	esac || return 1
	# DAX really on? (S_DAX shows in statx attributes as STATX_ATTR_DAX)
	touch /mnt/pmem/.probe
	grep -q "$PMEM /mnt/pmem $1 .*dax" /proc/mounts
}

# ---------- the MR matrix (userspace/mrtest) ----------
if want matrix; then
	stamp first-test
	mrt matrix anon shmem hugetlb "ext4:/mnt/ext4" "xfs:/mnt/xfs" "devdax:$DAX" memlock
	if mount_dax ext4; then
		mrt ext4dax "ext4dax:/mnt/pmem"
	else
		T tap_fail "ext4 -o dax on $PMEM"
	fi
	if mount_dax xfs; then
		mrt xfsdax "xfsdax:/mnt/pmem"
	else
		T tap_fail "xfs -o dax=always on $PMEM"
	fi
	stamp matrix
fi

# ---------- stress with live pins ----------
if want stress; then
	mrt stress --iters "${P[iters]}" stress:/mnt/ext4
	stamp stress
fi
