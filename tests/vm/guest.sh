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

declare -A P=([top]= [modroot]= [expect]=stock [iters]=3 [only]= [rcsubset]= [inject]=)
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
stamp first-test
if want matrix; then
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
# fio adds page-cache writeback traffic on the same ext4 filesystem meanwhile
if want stress; then
	fio --name=writeback --filename=/mnt/ext4/fio.dat --size=64M --bs=64k \
		--rw=randwrite --ioengine=psync --fsync=16 --time_based --runtime=600 \
		--output=/tmp/fio.out >/dev/null 2>&1 &
	fiopid=$!
	mrt stress --iters "${P[iters]}" stress:/mnt/ext4
	if kill -0 $fiopid 2>/dev/null; then
		kill -INT $fiopid
		wait $fiopid
		T tap_ok "stress: fio writeback load ran alongside ($(grep -m1 -o 'WRITE: bw=[^ ,]*' /tmp/fio.out))"
	else
		T tap_fail "stress: fio writeback load died early"
		tail -5 /tmp/fio.out | T tap_diag
	fi
	stamp stress
fi

# ---------- perftest: ib_write_bw over rxe ----------
# bw NAME EXPECT(ok|refused) [--mmap=FILE]: server in the background, client to
# our own address; the average Gb/s goes into the TAP line as a diagnostic
BWPORT=18515
bw() {
	local name=$1 expect=$2 port=$BWPORT rc gbps log=/tmp/bw-$1
	shift 2
	BWPORT=$((BWPORT + 1))
	local common=(-d rxe0 -x "$GIDX" -F --report_gbits -s 65536 -n 2000 -p "$port")
	echo "+ ib_write_bw ${common[*]} $*"
	timeout 120 ib_write_bw "${common[@]}" "${@/%.dat/-srv.dat}" >"$log.srv" 2>&1 &
	local spid=$!
	for _ in $(seq 150); do	# up to 30 s for the server to listen
		ss -ltn 2>/dev/null | grep -q ":$port " && break
		kill -0 $spid 2>/dev/null || break
		sleep 0.2
	done
	timeout 120 ib_write_bw "${common[@]}" "${@/%.dat/-cli.dat}" "$IP" >"$log.cli" 2>&1
	rc=$?
	wait $spid
	local src=$?
	cat "$log.srv" "$log.cli"
	gbps=$(awk '$1 == 65536 && $2 == 2000 {print $4}' "$log.cli" | tail -1)
	if [ "$expect" = ok ]; then
		if [ $rc -eq 0 ] && [ $src -eq 0 ] && [ -n "$gbps" ]; then
			T tap_ok "ib_write_bw $name: average $gbps Gb/s"
			echo "bw $name $gbps" >>"$OUT/times"
		else
			T tap_fail "ib_write_bw $name (client $rc, server $src)"
			tail -5 "$log.srv" "$log.cli" | T tap_diag
		fi
	else
		if [ $src -ne 0 ] && grep -qiE "couldn't|failed|unable" "$log.srv"; then
			T tap_ok "ib_write_bw $name: MR registration refused as expected ($(grep -m1 -iE "couldn't|failed|unable" "$log.srv"))"
		else
			T tap_fail "ib_write_bw $name: expected the MR registration to be refused (server $src)"
			tail -5 "$log.srv" | T tap_diag
		fi
	fi
}
# files for --mmap must exist and be large enough (one per side)
mkfiles() { for s in srv cli; do truncate -s 16M "$1/bw-$s.dat"; done; }

if want perftest; then
	bw anon ok
	mkfiles /mnt/ext4
	if [ "${P[expect]}" = patched ]; then e=refused; else e=ok; fi
	bw ext4-mmap "$e" --mmap=/mnt/ext4/bw.dat
	if mount_dax ext4; then
		mkfiles /mnt/pmem
		bw fsdax-mmap refused --mmap=/mnt/pmem/bw.dat
	else
		T tap_fail "ext4 -o dax on $PMEM for ib_write_bw"
	fi
	stamp perftest
fi

# ---------- rdma-core's own test suite (python3-pyverbs) ----------
# The whole suite takes ~10 s against rxe under TCG, so the default run is the
# full suite.  pinconv.rcsubset=PAT,PAT... (VM_RC_SUBSET) runs unittest -k
# patterns only, compared against the same baseline.
if want rdmacore; then
	sel=()
	what=full
	if [ -n "${P[rcsubset]:-}" ]; then
		for p in ${P[rcsubset]//,/ }; do sel+=(-k "$p"); done
		what=subset
	fi
	base=$TOP/tests/vm/rdma-core-baseline.txt
	res=$OUT/rdma-core-$what.txt
	(cd /tmp && timeout 1500 /usr/bin/python3 -B "$TOP/tests/vm/rdmacore.py" "$RCT/tests" \
		"$res" --dev rxe0 --gid "$GIDX" "${sel[@]}")
	rc=$?
	stamp rdmacore
	if [ ! -s "$res" ]; then
		T tap_fail "rdma-core suite ($what) produced no results (exit $rc)"
	else
		np=$(awk '$2 == "pass"' "$res" | wc -l)
		ns=$(awk '$2 == "skip"' "$res" | wc -l)
		nf=$(awk '$2 == "fail"' "$res" | wc -l)
		if [ ! -s "$base" ]; then
			T tap_fail "rdma-core suite ($what): $np pass, $ns skip, $nf fail; no baseline $base"
		else
			# worse than the baseline: a test that passed there and does not pass now
			worse=$(awk 'NR == FNR { if ($2 == "pass") p[$1] = 1; next }
				($1 in p) && $2 != "pass" { print $1, $2 }' "$base" "$res")
			gone=
			[ "$what" = full ] && gone=$(awk 'NR == FNR { seen[$1] = 1; next }
				$2 == "pass" && !($1 in seen) { print $1 }' "$res" "$base")
			if [ -z "$worse$gone" ]; then
				T tap_ok "rdma-core suite ($what): $np pass, $ns skip, $nf fail; no worse than the baseline"
			else
				T tap_fail "rdma-core suite ($what): $np pass, $ns skip, $nf fail; worse than the baseline"
				printf '%s\n' "$worse" "$gone" | grep . | sed 's/$/ (passed in baseline)/' | head -30 | T tap_diag
			fi
		fi
		awk '$2 == "fail"' "$res" | head -20 | T tap_diag
	fi
fi
# harness self-test: prove the host's dmesg check fires (VM_INJECT_WARNING=1)
[ -n "${P[inject]}" ] && echo "WARNING: pinconv harness self-test, injected" >/dev/kmsg
stamp end
