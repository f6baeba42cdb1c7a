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

declare -A P=([top]= [modroot]= [expect]=stock [iters]=3 [only]= [rcsubset]= [inject]=
	[guptest]= [kernel]=)
for w in $(cat /proc/cmdline); do
	case $w in
	pinconv.*=*) k=${w#pinconv.}; P[${k%%=*}]=${w#*=} ;;
	esac
done
TOP=${P[top]}
MRTEST=$TOP/userspace/mrtest
MRSTRESS=$TOP/userspace/mrstress
MRWRITEBACK=$TOP/userspace/mrwriteback
DIOTEST=$TOP/userspace/diotest
URINGTEST=$TOP/userspace/uringtest
SGIOTEST=$TOP/userspace/sgiotest
# the kernel selftest pin_ledger (kernel/0009), built beside gup_test
LEDGERTEST=${P[guptest]:+${P[guptest]%/*}/pin_ledger}
LEDGER=/sys/kernel/debug/pin_ledger
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
		"1..0 # SKIP "*) T tap_skip "$(basename "$file" .out)" "${line#1..0 # SKIP }" ;;
		esac
	done <"$file"
	if [ "$rc" -ne 0 ] && [ "$nfail" -eq 0 ]; then
		T tap_fail "$(basename "$file" .out) exited with status $rc"
		tail -20 "$file" | T tap_diag
	fi
}
# mrt NAME ARGS...: run mrtest, import its TAP (urt: the same for uringtest)
mrt() { tprog "$MRTEST" "$@"; }
urt() { tprog "$URINGTEST" "$@"; }
tprog() {
	local bin=$1 name=$2 rc
	shift 2
	echo "+ ${bin##*/} $*"
	timeout 300 "$bin" --expect "${P[expect]}" "$@" >"/tmp/$name.out" 2>&1
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
	rdma_rxe nfit nd_pmem dax_pmem device_dax virtio_scsi sd_mod; do
	$MODPROBE "$m" 2>/dev/null
done
mkdir -p /mnt/ext4 /mnt/xfs /mnt/pmem
# gup_test and the pin ledger live in debugfs
mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug
echo "# kernel ${P[kernel]:-?} ($(uname -r)), expectations: ${P[expect]}" >>"$OUT/guest.tap"
ip link set lo up
eth=$(ls /sys/class/net | grep -v -e '^lo$' -e '^dummy' | head -1)
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
# the same memory kinds as io_uring fixed buffers (userspace/uringtest)
if want uring; then
	urt uring anon shmem hugetlb "ext4:/mnt/ext4" "xfs:/mnt/xfs" "devdax:$DAX"
	for fs in ext4 xfs; do
		if mount_dax $fs; then
			urt "uring${fs}dax" "${fs}dax:/mnt/pmem"
		else
			T tap_fail "$fs DAX mount on $PMEM for uringtest"
		fi
	done
	stamp uring
fi
# SG_IO through blk-map's mapped and copied paths (userspace/sgiotest); the
# mapped path pins where O_DIRECT does (pinconv.dio)
if want sgio; then
	mountpoint -q /sys/kernel/tracing || mount -t tracefs tracefs /sys/kernel/tracing
	sd=
	for b in /sys/bus/scsi/devices/*/block/sd*; do
		[ -e "$b" ] && sd=${b##*/} && break
	done
	if [ -n "$sd" ]; then
		echo "+ sgiotest --pins ${P[dio]:-ref} /dev/$sd"
		timeout 300 "$SGIOTEST" --pins "${P[dio]:-ref}" "/dev/$sd" >/tmp/sgio.out 2>&1
		tap_import $? /tmp/sgio.out
		cat /tmp/sgio.out
	else
		T tap_fail "sgio: no SCSI disk behind virtio-scsi"
	fi
	stamp sgio
fi

# ---------- writeback vs pinned page cache ----------
# mrwriteback: a read-only MR over a MAP_SHARED file, CPU writes + fsync
# with a syncfs() loop and fast background writeback alongside; the disk is
# read through the block device, dirty state from /proc/kpageflags; then
# diotest: O_DIRECT writes from a file mapping racing with syncfs().  docs/vm.md.
if want writeback; then
	for fs in ext4 xfs; do
		tprog "$MRWRITEBACK" "writeback-$fs" "$fs:/mnt/$fs"
		echo "+ diotest $fs:/mnt/$fs"
		timeout 300 "$DIOTEST" "$fs:/mnt/$fs" >"/tmp/diotest-$fs.out" 2>&1
		tap_import $? "/tmp/diotest-$fs.out"
		cat "/tmp/diotest-$fs.out"
	done
	stamp writeback
fi

# ---------- stress with live pins ----------
# fio adds page-cache writeback traffic on the same ext4 filesystem meanwhile
if want stress; then
	fio --name=writeback --filename=/mnt/ext4/fio.dat --size=64M --bs=64k \
		--rw=randwrite --ioengine=psync --fsync=16 --time_based --runtime=600 \
		--output=/tmp/fio.out >/dev/null 2>&1 &
	fiopid=$!
	tprog "$MRSTRESS" stress --iters "${P[iters]}" /mnt/ext4
	if kill -0 $fiopid 2>/dev/null; then
		kill -TERM $fiopid
		wait $fiopid
		fbw=$(grep -m1 -o 'WRITE: bw=[^ ,]*' /tmp/fio.out)
		T tap_ok "stress: fio writeback load ran alongside (${fbw:-stopped before its first report})"
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
	# the patched kernel says why in the log, naming the task and file system
	if [ "$e" = refused ]; then
		l=$(dmesg | grep -m1 -E 'gup: ib_write_bw\[[0-9]+\]: writable long-term pin of a ext4 file mapping refused')
		if [ -n "$l" ]; then
			T tap_ok "ib_write_bw ext4-mmap: kernel log explains the refusal: ${l#*] }"
		else
			T tap_fail "ib_write_bw ext4-mmap: kernel log has 'gup: ib_write_bw[PID]: writable long-term pin of a ext4 file mapping refused'"
		fi
	fi
	if mount_dax ext4; then
		mkfiles /mnt/pmem
		bw fsdax-mmap refused --mmap=/mnt/pmem/bw.dat
	else
		T tap_fail "ext4 -o dax on $PMEM for ib_write_bw"
	fi
	stamp perftest
fi

# ---------- gup_test (CONFIG_GUP_TEST) ----------
# the kernel's own gup selftest binary, built from the kernel's tree
# (pinconv.guptest); 32 MiB instead of its 128 MiB default to stay short
# under TCG; -ct dumps pages 0, 19 and 4096 (16 MiB in) of a THP-advised
# mapping, as run_vmtests.sh does.
# pin_counts: "acquired released" from /proc/vmstat, per-cpu deltas folded
pin_counts() {
	echo 1 >/proc/sys/vm/stat_refresh 2>/dev/null
	awk '$1 == "nr_foll_pin_acquired" { a = $2 }
		$1 == "nr_foll_pin_released" { r = $2 }
		END { print a + 0, r + 0 }' /proc/vmstat
}
if want gup; then
	gt=${P[guptest]}
	if [ -z "$gt" ]; then
		T tap_skip "gup_test" "no gup_test binary for kernel ${P[kernel]:-?} (pinconv.guptest is empty: only self-built kernels come with one)"
	elif [ ! -e /sys/kernel/debug/gup_test ]; then
		T tap_skip "gup_test" "/sys/kernel/debug/gup_test is missing: kernel ${P[kernel]:-?} was built without CONFIG_GUP_TEST"
	elif [ ! -x "$gt" ]; then
		T tap_fail "gup_test: $gt (pinconv.guptest) is not an executable"
	else
		# (no process substitution: the guest has no /dev/fd)
		read -r a0 r0 <<<"$(pin_counts)"
		for args in "-u" "-a" "-b" "-L" "-ct -F 0x1 0 19 0x1000"; do
			echo "+ $gt -m 32 $args"
			# shellcheck disable=SC2086
			timeout 120 "$gt" -m 32 $args >/tmp/gup.out 2>&1
			rc=$?
			cat /tmp/gup.out
			if [ $rc -eq 0 ]; then
				T tap_ok "gup_test -m 32 $args: $(grep -v '^$' /tmp/gup.out | tail -1)"
			else
				T tap_fail "gup_test -m 32 $args exited with status $rc"
				tail -5 /tmp/gup.out | T tap_diag
			fi
		done
		read -r a1 r1 <<<"$(pin_counts)"
		if [ $((a1 - a0)) -eq $((r1 - r0)) ]; then
			T tap_ok "gup_test: nr_foll_pin_acquired and _released both grew by $((a1 - a0))"
		else
			T tap_fail "gup_test: nr_foll_pin_acquired grew by $((a1 - a0)), _released by $((r1 - r0))"
		fi
	fi
	stamp gup
fi

# ---------- gup_test timings (benchmark only: VM_ONLY=gupbench) ----------
# GUP_FAST (-u) and PIN_FAST (-a) alternately, so that both see the same
# emulator state; every repeat's get/put time goes to $OUT/gupbench.txt as
# "<opt> <get us> <put us>" for scripts/bench-kernel.sh.  No pass/fail on time.
if [[ ",${P[only]}," == *",gupbench,"* ]]; then
	gt=${P[guptest]}
	if [ -z "$gt" ] || [ ! -e /sys/kernel/debug/gup_test ]; then
		T tap_skip "gupbench" "no gup_test binary or no /sys/kernel/debug/gup_test on kernel ${P[kernel]:-?}"
	else
		: >"$OUT/gupbench.txt"
		nbad=0
		for _ in 1 2 3 4 5 6; do
			for opt in u a; do
				timeout 120 "$gt" -m 64 -r 5 -$opt >/tmp/gb.out 2>&1 || nbad=$((nbad + 1))
				sed -n 's/.*Time: get:\([0-9]*\) put:\([0-9]*\) us.*/\1 \2/p' /tmp/gb.out |
					sed "s/^/$opt /" >>"$OUT/gupbench.txt"
			done
		done
		n=$(wc -l <"$OUT/gupbench.txt")
		T tap_check "gupbench: $n timings of gup_test -m 64 -r 5 -u/-a, $nbad failed runs" \
			test "$nbad" -eq 0 -a "$n" -eq 60
	fi
	stamp gupbench
fi

# ---------- pin ledger (CONFIG_PIN_LEDGER) ----------
# pin_ledger: a get/unpin mismatch is refused and logged, a pin released with
# put_page() by a process that then exits is reported, and gup_test's repair
# ioctl balances it
if want ledger; then
	if [ ! -d "$LEDGER" ]; then
		T tap_skip "pin ledger" "$LEDGER is missing: kernel ${P[kernel]:-?} was built without CONFIG_PIN_LEDGER"
	elif [ ! -x "$LEDGERTEST" ]; then
		T tap_skip "pin ledger" "no pin_ledger selftest beside gup_test (pinconv.guptest) for kernel ${P[kernel]:-?}"
	else
		echo "+ $LEDGERTEST"
		timeout 120 "$LEDGERTEST" >/tmp/ledgertest.out 2>&1
		rc=$?
		cat /tmp/ledgertest.out
		tap_import "$rc" /tmp/ledgertest.out
	fi
	stamp ledger
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
# ---------- O_DIRECT through the iov_iter_get_pages users (dio) ----------
# fio --direct=1 --verify=crc32c per target; each target reaches another
# 6.1 user of iov_iter_get_pages2() (docs/vm.md):
#   ext4, xfs  iomap_dio_rw -> bio_iov_iter_get_pages (block/bio.c)
#   vfat       fat_direct_IO -> __blockdev_direct_IO (fs/direct-io.c)
#   blk        a raw virtio disk: block/fops.c -> bio_iov_iter_get_pages
#   9p         cache=none, virtio zero-copy: p9_virtio_zc_request ->
#              p9_get_mapped_pages
#   fuse       bindfs -o direct_io: fuse_direct_io -> fuse_get_user_pages
# The converted kernel (pinconv.dio=pin) must take FOLL_PIN pins for them,
# every other kernel (pinconv.dio=ref) page references only, so that
# nr_foll_pin_acquired stays put; either way the pins taken are released by
# the time fio exits.  Where the kernel has kprobe events, hit counts show
# that fio's I/O took the path named above.
DIO_MIB=4
TRACEFS=/sys/kernel/tracing
# (iov_iter_get_pages2() itself cannot be probed: lib/iov_iter.c is notrace)
DIO_PROBES="iomap_dio_rw bio_iov_iter_get_pages __blockdev_direct_IO
p9_virtio_zc_request fuse_direct_io"
dio_expect=${P[dio]:-}
if [ -z "$dio_expect" ]; then
	case ${P[kernel]}:$(uname -r) in
	converted:* | *:*-converted) dio_expect=pin ;;
	*) dio_expect=ref ;;
	esac
fi
# dio_disk NAME MIB: the spare virtio disk run.sh made for NAME (vdc: vfat,
# 64 MiB; vdd: raw, 128 MiB), checked by its size before it is written
dio_disk() {
	local dev
	case $1 in
	vfat) dev=vdc ;;
	raw) dev=vdd ;;
	esac
	[ "$(cat "/sys/block/$dev/size" 2>/dev/null)" = $(($2 * 2048)) ] || return 1
	echo "/dev/$dev"
}
# dio_fs FSTYPE: the kernel can mount FSTYPE (loads its module when modular)
dio_fs() {
	$MODPROBE "$1" 2>/dev/null
	grep -qw "$1" /proc/filesystems
}
# dio_probes: a kprobe event per function of DIO_PROBES (group pinconv),
# counted in kprobe_profile; nothing goes to the ring buffer.  Prints why not.
dio_probes() {
	local s
	mountpoint -q "$TRACEFS" || mount -t tracefs nodev "$TRACEFS" 2>/dev/null
	if [ ! -w "$TRACEFS/kprobe_events" ]; then
		echo "no $TRACEFS/kprobe_events: kernel ${P[kernel]:-?} was built without CONFIG_KPROBE_EVENTS (in 6.1 KPROBES needs MODULES, which pinconv's test kernels leave out)"
		return 1
	fi
	echo 0 >"$TRACEFS/tracing_on"
	for s in $DIO_PROBES; do
		echo "p:pinconv/$s $s" >>"$TRACEFS/kprobe_events" 2>/dev/null ||
			echo "# dio: no kprobe on $s (not in kallsyms, or inlined)" >>"$OUT/guest.tap"
	done
	echo 1 >"$TRACEFS/events/pinconv/enable"
}
# dio_hits: "function hits" of our probes
dio_hits() { awk '{ print $1, $2 }' "$TRACEFS/kprobe_profile"; }
# dio_pins NAME WHAT WHEN ACQUIRED RELEASED: the "grows" and "balanced"
# TAP lines of a target: WHAT (O_DIRECT, sendmsg()) must pin on the
# converted kernel (pinconv.dio=pin) and must not anywhere else, and by
# WHEN every pin taken must be released
dio_pins() {
	local name=$1 what=$2 when=$3 da=$4 dr=$5
	if [ "$dio_expect" = pin ]; then
		if [ "$da" -gt 0 ]; then
			T tap_ok "dio $name: $what took FOLL_PIN pins (nr_foll_pin_acquired +$da; kernel ${P[kernel]}: pins expected)"
		else
			T tap_fail "dio $name: $what took no FOLL_PIN pins (nr_foll_pin_acquired +$da) on kernel ${P[kernel]}, which should pin (pinconv.dio=pin)"
		fi
	elif [ "$da" -eq 0 ]; then
		T tap_ok "dio $name: $what took no FOLL_PIN pins (nr_foll_pin_acquired +0; kernel ${P[kernel]}: page references expected)"
	else
		T tap_fail "dio $name: nr_foll_pin_acquired grew by $da on kernel ${P[kernel]}, whose $what takes page references (pinconv.dio=ref)"
	fi
	if [ "$da" -eq "$dr" ]; then
		T tap_ok "dio $name: pins balanced after $when (acquired +$da, released +$dr)"
	else
		T tap_fail "dio $name: pins not balanced after $when (acquired +$da, released +$dr)"
	fi
}
# dio_fio NAME FILE PATH...: one fio write+verify run under the pin counters
# (and the probes); TAP lines: fio, grows, balanced, and with probes the
# path: +FN must be hit at least once per fio I/O, -FN not at all
dio_fio() {
	local name=$1 file=$2 rc a0 r0 a1 r1 res err wr rd nio da dr
	shift 2
	local args=(--name="dio-$name" --filename="$file" --size="${DIO_MIB}M" --bs=16k
		--rw=randwrite --direct=1 --ioengine=libaio --iodepth=4 --overwrite=1
		--fallocate=none --verify=crc32c --do_verify=1 --verify_fatal=1
		--verify_state_save=0 --output-format=json --output="/tmp/dio-$name.json")
	echo "+ fio ${args[*]}"
	[ -n "$dio_kp" ] && dio_hits >/tmp/dio-hits.0
	read -r a0 r0 <<<"$(pin_counts)"
	timeout 120 fio "${args[@]}" >"/tmp/dio-$name.err" 2>&1
	rc=$?
	read -r a1 r1 <<<"$(pin_counts)"
	[ -n "$dio_kp" ] && dio_hits >/tmp/dio-hits.1
	da=$((a1 - a0)) dr=$((r1 - r0))
	cat "/tmp/dio-$name.err"
	cp "/tmp/dio-$name.json" "$OUT/" 2>/dev/null
	# error, bytes written, bytes read back by the verify phase, I/O count
	res=$(/usr/bin/python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))["jobs"][0]
w, r = j["write"], j["read"]
print(j["error"], w["io_bytes"], r["io_bytes"], w["total_ios"] + r["total_ios"])' "/tmp/dio-$name.json" 2>/dev/null)
	read -r err wr rd nio <<<"${res:-x x x 0}"
	echo "fio $name: exit $rc error $err written $wr read $rd ios $nio; nr_foll_pin acquired +$da released +$dr"
	local want=$((DIO_MIB << 20))
	if [ "$rc" -eq 0 ] && [ "$err" = 0 ] && [ "$wr" = "$want" ] && [ "$rd" = "$want" ]; then
		T tap_ok "dio $name: fio O_DIRECT randwrite 16k x4 (libaio) + crc32c verify of $DIO_MIB MiB: exit 0, $wr bytes written, $rd verified"
	else
		T tap_fail "dio $name: fio O_DIRECT randwrite + crc32c verify (exit $rc, error ${err}, written ${wr}, verified ${rd} of $want bytes)"
		{ tail -10 "/tmp/dio-$name.err"; grep -m5 -i 'verify\|error' "/tmp/dio-$name.json"; } | T tap_diag
	fi
	dio_pins "$name" O_DIRECT "fio exits" "$da" "$dr"
	[ -n "$dio_kp" ] || return 0
	# the path, from the kprobe hit counts
	local p fn n bad="" desc=""
	for p in "$@"; do
		fn=${p#[+-]}
		n=$(awk -v f="$fn" 'NR == FNR { h[$1] = $2; next }
			$1 == f && ($1 in h) { print $2 - h[$1] }' /tmp/dio-hits.0 /tmp/dio-hits.1)
		case $p in
		+*)
			[ -n "$n" ] && [ "$n" -ge "$nio" ] && [ "$nio" -gt 0 ] || bad=1
			desc="$desc, $fn +${n:-(no probe)} (>= $nio)"
			;;
		-*)
			[ "$n" = 0 ] || bad=1
			desc="$desc, $fn +${n:-(no probe)} (none)"
			;;
		esac
	done
	if [ -z "$bad" ]; then
		T tap_ok "dio $name: kernel path of the $nio fio I/Os (kprobe hits):${desc#,}"
	else
		T tap_fail "dio $name: kernel path of the $nio fio I/Os (kprobe hits):${desc#,}"
	fi
}
if want dio; then
	echo "# dio: kernel ${P[kernel]:-?} ($(uname -r)): O_DIRECT expected to take $([ "$dio_expect" = pin ] && echo "FOLL_PIN pins" || echo "page references, no pins")" >>"$OUT/guest.tap"
	mkdir -p /mnt/vfat /mnt/9p /mnt/fuse /tmp/fuse-src
	# modules first (Debian's kernel), so that the probes find their symbols
	dio_fs vfat
	dio_fs fuse
	dio_kp=1
	if ! why=$(dio_probes); then
		dio_kp=
		T tap_skip "dio: kernel path checks (kprobe hit counts)" "$why"
	fi
	# ext4 and xfs: the suite's disks (vda, vdb)
	for fs in ext4 xfs; do
		if mountpoint -q "/mnt/$fs"; then
			dio_fio "$fs" "/mnt/$fs/dio.dat" +iomap_dio_rw +bio_iov_iter_get_pages -__blockdev_direct_IO
			rm -f "/mnt/$fs/dio.dat"
		else
			T tap_fail "dio $fs: /mnt/$fs is not mounted (setup failed)"
		fi
	done
	# vfat on its own disk; mkfs.vfat (dosfstools) comes from the host root.
	# fio lays the file out first: fat_direct_IO() would hand a write beyond
	# the initialized size back to buffered I/O
	if ! dio_fs vfat; then
		T tap_skip "dio vfat" "kernel ${P[kernel]:-?} has no vfat (not in /proc/filesystems, no module)"
	elif ! dev=$(dio_disk vfat 64); then
		T tap_fail "dio vfat: no 64 MiB spare disk at /dev/vdc"
	elif mkfs.vfat "$dev" >/dev/null && mount -t vfat "$dev" /mnt/vfat; then
		dio_fio vfat /mnt/vfat/dio.dat +__blockdev_direct_IO -bio_iov_iter_get_pages -iomap_dio_rw
		umount /mnt/vfat
	else
		T tap_fail "dio vfat: mkfs.vfat $dev and mount"
	fi
	# the raw block device, no file system
	if dev=$(dio_disk raw 128); then
		dio_fio blk "$dev" +bio_iov_iter_get_pages -iomap_dio_rw -__blockdev_direct_IO
	else
		T tap_fail "dio blk: no 128 MiB spare disk at /dev/vdd"
	fi
	# 9p, cache=none: every read/write goes to the server; more than 1 KiB
	# takes virtio's zero-copy path (p9_client_read_once/p9_client_write)
	if ! grep -qw 9p /proc/filesystems; then
		T tap_skip "dio 9p" "kernel ${P[kernel]:-?} has no 9p"
	elif mount -t 9p -o trans=virtio,version=9p2000.L,cache=none,msize=262144 dio9p /mnt/9p; then
		dio_fio 9p /mnt/9p/dio.dat +p9_virtio_zc_request -bio_iov_iter_get_pages
		rm -f /mnt/9p/dio.dat
		umount /mnt/9p
	else
		T tap_fail "dio 9p: mount the dio9p share (cache=none)"
	fi
	# FUSE: bindfs (libfuse2) mirroring a tmpfs directory; -o direct_io makes
	# every open FOPEN_DIRECT_IO, so all reads and writes, the layout and the
	# verify included, go through fuse_direct_io
	if ! dio_fs fuse; then
		T tap_skip "dio fuse" "kernel ${P[kernel]:-?} has no fuse (not in /proc/filesystems, no module)"
	elif [ ! -c /dev/fuse ]; then
		T tap_skip "dio fuse" "no /dev/fuse"
	elif ! command -v bindfs >/dev/null; then
		T tap_fail "dio fuse: no bindfs on the host root (VM_PKGS has it)"
	elif bindfs -o direct_io /tmp/fuse-src /mnt/fuse && grep -q ' /mnt/fuse fuse' /proc/mounts; then
		dio_fio fuse /mnt/fuse/dio.dat +fuse_direct_io -bio_iov_iter_get_pages
		rm -f /mnt/fuse/dio.dat
		umount /mnt/fuse
	else
		T tap_fail "dio fuse: bindfs -o direct_io /tmp/fuse-src /mnt/fuse"
	fi
	# AF_ALG (crypto/af_alg.c, not O_DIRECT but the same conversion):
	# algif_hash's sendmsg takes the user buffer's pages with
	# af_alg_make_sg() and frees them with af_alg_free_sg().  The digest
	# must match hashlib's, and the pin counters follow pinconv.dio.
	if ! dio_afalg=$(/usr/bin/python3 - 2>&1 <<'PY'
import hashlib, os, socket, sys
try:
	s = socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET, 0)
	s.bind(("hash", "sha256"))
except OSError as e:
	print("SKIP no AF_ALG sha256 hash (%s)" % e)
	sys.exit(0)
def counts():
	# fold the per-cpu vmstat deltas first, like pin_counts
	try:
		open("/proc/sys/vm/stat_refresh", "w").write("1")
	except OSError:
		pass
	v = dict(l.split() for l in open("/proc/vmstat"))
	return int(v["nr_foll_pin_acquired"]), int(v["nr_foll_pin_released"])
data = os.urandom(4 << 20)
op, _ = s.accept()
a0, r0 = counts()
for off in range(0, len(data), 1 << 16):
	op.sendall(memoryview(data)[off:off + (1 << 16)], socket.MSG_MORE)
op.sendall(b"")
digest = op.recv(32)
a1, r1 = counts()
print("ok" if digest == hashlib.sha256(data).digest() else "bad", a1 - a0, r1 - r0)
PY
	); then
		T tap_fail "dio af_alg: python3 AF_ALG hash run failed: $dio_afalg"
	elif [[ $dio_afalg == SKIP* ]]; then
		T tap_skip "dio af_alg" "${dio_afalg#SKIP }"
	else
		read -r ok da dr <<<"$dio_afalg"
		echo "af_alg: digest $ok; nr_foll_pin acquired +$da released +$dr"
		if [ "$ok" = ok ]; then
			T tap_ok "dio af_alg: sha256 of 4 MiB sent with sendmsg() matches hashlib"
		else
			T tap_fail "dio af_alg: sha256 over AF_ALG differs from hashlib"
		fi
		dio_pins af_alg "sendmsg()" "the digest" "$da" "$dr"
	fi
	if [ -n "$dio_kp" ]; then
		echo 0 >"$TRACEFS/events/pinconv/enable"
		echo >"$TRACEFS/kprobe_events"
	fi
	stamp dio
fi
# ---------- O_DIRECT throughput (benchmark only: VM_ONLY=diobench) ----------
# fio on the raw spare disk (/dev/vdd, a sparse image file that sits in the
# host's page cache: no filesystem and no real disk between the measurement
# and block/fops.c -> bio_iov_iter_get_pages, the path the conversion
# changes).  Filled once, then 4k random reads and 128k sequential writes,
# psync at queue depth 1, alternately, DIOBENCH_ROUNDS times.  Each result
# is a TAP diagnostic line of a fixed form for scripts/bench-dio.sh:
#   # diobench workload=randread4k round=1 iops=1234.5 kib_s=4938 pins=0
# (kib_s: KiB/s; pins: nr_foll_pin_acquired growth during the run).  No
# pass/fail on the numbers.
DIOBENCH_ROUNDS=3
if [[ ",${P[only]}," == *",diobench,"* ]]; then
	nbad=0 n=0
	if ! dev=$(dio_disk raw 128); then
		T tap_fail "diobench: no 128 MiB spare disk at /dev/vdd"
	else
		common=(--filename="$dev" --size=64M --direct=1 --ioengine=psync --iodepth=1)
		fio --name=fill "${common[@]}" --rw=write --bs=1M >/tmp/db-fill.out 2>&1 ||
			nbad=$((nbad + 1))
		for r in $(seq "$DIOBENCH_ROUNDS"); do
			for w in randread4k seqwrite128k; do
				case $w in
				randread4k) wargs=(--rw=randread --bs=4k) dir=read ;;
				seqwrite128k) wargs=(--rw=write --bs=128k) dir=write ;;
				esac
				read -r a0 _ <<<"$(pin_counts)"
				timeout 120 fio --name="$w" "${common[@]}" "${wargs[@]}" --time_based \
					--ramp_time=1 --runtime=4 --output-format=json \
					--output="/tmp/db-$w.json" >/tmp/db-$w.err 2>&1 || nbad=$((nbad + 1))
				read -r a1 _ <<<"$(pin_counts)"
				res=$(/usr/bin/python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))["jobs"][0][sys.argv[2]]
print("%.1f %d" % (j["iops"], j["bw"]))' "/tmp/db-$w.json" "$dir" 2>/dev/null)
				if [ -n "$res" ]; then
					read -r iops kib <<<"$res"
					echo "# diobench workload=$w round=$r iops=$iops kib_s=$kib pins=$((a1 - a0))" >>"$OUT/guest.tap"
					n=$((n + 1))
				else
					cat "/tmp/db-$w.err"
				fi
			done
		done
		T tap_check "diobench: $n results of fio O_DIRECT randread 4k / write 128k on $dev, $nbad failed fio runs" \
			test "$nbad" -eq 0 -a "$n" -eq $((2 * DIOBENCH_ROUNDS))
	fi
	stamp diobench
fi
# ---------- last: nothing the suite pinned may still be pinned ----------
if want ledgerclean; then
	what="pin ledger: zero outstanding pins after the whole suite"
	if [ ! -d "$LEDGER" ]; then
		T tap_skip "$what" "$LEDGER is missing: kernel ${P[kernel]:-?} was built without CONFIG_PIN_LEDGER"
	else
		rows=$(grep -v -e '^#' -e '^[[:space:]]*$' "$LEDGER/outstanding")
		n=$(awk '$1 == "outstanding" { print $2 }' "$LEDGER/stats")
		if [ -z "$rows" ] && [ "$n" = 0 ]; then
			T tap_ok "$what (stats: $(tr '\n' ' ' <"$LEDGER/stats"))"
		else
			T tap_fail "$what (stats outstanding ${n:-missing})"
			printf '%s\n' "$rows" | head -20 | T tap_diag
		fi
	fi
	stamp ledgerclean
fi
# harness self-test: prove the host's dmesg check fires (VM_INJECT_WARNING=1)
[ -n "${P[inject]}" ] && echo "WARNING: pinconv harness self-test, injected" >/dev/kmsg
stamp end
