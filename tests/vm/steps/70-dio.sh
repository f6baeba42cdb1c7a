#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Step dio: O_DIRECT through the iov_iter_get_pages users of the source
# kernel, one fio --direct=1 --verify=crc32c run per target, each reaching
# another user of iov_iter_get_pages2() (docs/vm.md "O_DIRECT pin
# accounting"):
#   ext4, xfs  iomap_dio_rw -> bio_iov_iter_get_pages (block/bio.c)
#   vfat       fat_direct_IO -> __blockdev_direct_IO (fs/direct-io.c)
#   blk        a raw virtio disk: block/fops.c -> bio_iov_iter_get_pages
#   9p         cache=none, virtio zero-copy: p9_virtio_zc_request ->
#              p9_get_mapped_pages
#   fuse       bindfs -o direct_io: fuse_direct_io -> fuse_get_user_pages
# then AF_ALG (tests/vm/afalg.py).  Where the kernel converts them
# (VM_DIO_EXPECT=pin) they must take FOLL_PIN pins, elsewhere (ref) page
# references only, so that nr_foll_pin_acquired stays put; either way the
# pins taken are released by the time fio exits.  Where the kernel has
# kprobe events, hit counts show that fio's I/O took the path named above.
# shellcheck source=../guestlib.sh
. "${0%/*}/../guestlib.sh"
tap_header
DIO_MIB=4
# (iov_iter_get_pages2() itself cannot be probed: lib/iov_iter.c is notrace)
DIO_PROBES="iomap_dio_rw bio_iov_iter_get_pages __blockdev_direct_IO
p9_virtio_zc_request fuse_direct_io"
# dio_probes: a kprobe event per function of DIO_PROBES (group pinconv),
# counted in kprobe_profile; nothing goes to the ring buffer.  Prints why not.
dio_probes() {
	local s
	mountpoint -q "$TRACEFS" || mount -t tracefs nodev "$TRACEFS" 2>/dev/null
	if [ ! -w "$TRACEFS/kprobe_events" ]; then
		echo "no $TRACEFS/kprobe_events: kernel $KDESC was built without CONFIG_KPROBE_EVENTS (in 6.1 KPROBES needs MODULES, which pinconv's test kernels leave out)"
		return 1
	fi
	echo 0 >"$TRACEFS/tracing_on"
	for s in $DIO_PROBES; do
		echo "p:pinconv/$s $s" >>"$TRACEFS/kprobe_events" 2>/dev/null ||
			echo "# dio: no kprobe on $s (not in kallsyms, or inlined)"
	done
	echo 1 >"$TRACEFS/events/pinconv/enable"
}
# dio_hits: "function hits" of our probes
dio_hits() { awk '{ print $1, $2 }' "$TRACEFS/kprobe_profile"; }
# dio_pins NAME WHAT WHEN ACQUIRED RELEASED: the "grows" and "balanced"
# TAP lines of a target: WHAT (O_DIRECT, sendmsg()) must pin where the kernel
# converts it (VM_DIO_EXPECT=pin) and must not anywhere else, and by WHEN
# every pin taken must be released
dio_pins() {
	local name=$1 what=$2 when=$3 da=$4 dr=$5
	if [ "$VM_DIO_EXPECT" = pin ]; then
		if [ "$da" -gt 0 ]; then
			tap_ok "dio $name: $what took FOLL_PIN pins (nr_foll_pin_acquired +$da; kernel $KDESC: pins expected)"
		else
			tap_fail "dio $name: $what took no FOLL_PIN pins (nr_foll_pin_acquired +$da) on kernel $KDESC, which should pin (VM_DIO_EXPECT=pin)"
		fi
	elif [ "$da" -eq 0 ]; then
		tap_ok "dio $name: $what took no FOLL_PIN pins (nr_foll_pin_acquired +0; kernel $KDESC: page references expected)"
	else
		tap_fail "dio $name: nr_foll_pin_acquired grew by $da on kernel $KDESC, whose $what takes page references (VM_DIO_EXPECT=ref)"
	fi
	if [ "$da" -eq "$dr" ]; then
		tap_ok "dio $name: pins balanced after $when (acquired +$da, released +$dr)"
	else
		tap_fail "dio $name: pins not balanced after $when (acquired +$da, released +$dr)"
	fi
}
# dio_path NIO +FN|-FN...: the kernel path TAP line of a target from the
# kprobe hit counts before (/tmp/dio-hits.0) and after (.1) its NIO I/Os:
# +FN must be hit at least once per I/O, -FN not at all
dio_path() {
	local name=$1 nio=$2 p fn n bad="" desc=""
	shift 2
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
		tap_ok "dio $name: kernel path of the $nio fio I/Os (kprobe hits):${desc#,}"
	else
		tap_fail "dio $name: kernel path of the $nio fio I/Os (kprobe hits):${desc#,}"
	fi
}
# dio_fio NAME FILE PATH...: one fio write+verify run under the pin counters
# (and the probes); TAP lines: fio, grows, balanced, and with probes the
# path (dio_path)
dio_fio() {
	local name=$1 file=$2 rc a0 r0 a1 r1 res err wr rd nio
	shift 2
	local args=(--name="dio-$name" --filename="$file" --size="${DIO_MIB}M" --bs=16k
		--rw=randwrite --direct=1 --ioengine=libaio --iodepth=4 --overwrite=1
		--fallocate=none --verify=crc32c --do_verify=1 --verify_fatal=1
		--verify_state_save=0 --output-format=json --output="/tmp/dio-$name.json")
	echo "+ fio ${args[*]}" >&2
	[ -n "$dio_kp" ] && dio_hits >/tmp/dio-hits.0
	read -r a0 r0 <<<"$(pin_counts)"
	timeout 120 fio "${args[@]}" >"/tmp/dio-$name.err" 2>&1
	rc=$?
	read -r a1 r1 <<<"$(pin_counts)"
	[ -n "$dio_kp" ] && dio_hits >/tmp/dio-hits.1
	cat "/tmp/dio-$name.err" >&2
	cp "/tmp/dio-$name.json" "$OUT/" 2>/dev/null
	# error, bytes written, bytes read back by the verify phase, I/O count
	res=$(/usr/bin/python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))["jobs"][0]
w, r = j["write"], j["read"]
print(j["error"], w["io_bytes"], r["io_bytes"], w["total_ios"] + r["total_ios"])' "/tmp/dio-$name.json" 2>/dev/null)
	read -r err wr rd nio <<<"${res:-x x x 0}"
	echo "fio $name: exit $rc error $err written $wr read $rd ios $nio; nr_foll_pin acquired +$((a1 - a0)) released +$((r1 - r0))" >&2
	local want=$((DIO_MIB << 20))
	if [ "$rc" -eq 0 ] && [ "$err" = 0 ] && [ "$wr" = "$want" ] && [ "$rd" = "$want" ]; then
		tap_ok "dio $name: fio O_DIRECT randwrite 16k x4 (libaio) + crc32c verify of $DIO_MIB MiB: exit 0, $wr bytes written, $rd verified"
	else
		tap_fail "dio $name: fio O_DIRECT randwrite + crc32c verify (exit $rc, error ${err}, written ${wr}, verified ${rd} of $want bytes)"
		{ tail -10 "/tmp/dio-$name.err"; grep -m5 -i 'verify\|error' "/tmp/dio-$name.json"; } | tap_diag
	fi
	dio_pins "$name" O_DIRECT "fio exits" $((a1 - a0)) $((r1 - r0))
	[ -z "$dio_kp" ] || dio_path "$name" "$nio" "$@"
}
# dio_mounted NAME DIR FILE PATH...: dio_fio on DIR/FILE, then FILE removed
# and DIR unmounted (the spare file systems)
dio_mounted() {
	dio_fio "$1" "$2/$3" "${@:4}"
	rm -f "${2:?}/$3"
	umount "$2"
}

echo "# dio: kernel $KDESC: O_DIRECT expected to take $([ "$VM_DIO_EXPECT" = pin ] && echo "FOLL_PIN pins" || echo "page references, no pins")"
mkdir -p /mnt/vfat /mnt/9p /mnt/fuse /tmp/fuse-src
# modules first (Debian's kernel), so that the probes find their symbols
have_fs vfat
have_fs fuse
dio_kp=1
if ! why=$(dio_probes); then
	dio_kp=
	tap_skip "dio: kernel path checks (kprobe hit counts)" "$why"
else
	printf '%s\n' "$why" | grep '^#'
fi
# ext4 and xfs: the suite's disks (vda, vdb)
for fs in ext4 xfs; do
	if mountpoint -q "/mnt/$fs"; then
		dio_fio "$fs" "/mnt/$fs/dio.dat" +iomap_dio_rw +bio_iov_iter_get_pages -__blockdev_direct_IO
		rm -f "/mnt/$fs/dio.dat"
	else
		tap_fail "dio $fs: /mnt/$fs is not mounted (setup failed)"
	fi
done
# vfat on its own disk; mkfs.vfat (dosfstools) comes from the host root.
# fio lays the file out first: fat_direct_IO() would hand a write beyond
# the initialized size back to buffered I/O
if ! have_fs vfat; then
	tap_skip "dio vfat" "kernel $KDESC has no vfat (not in /proc/filesystems, no module)"
elif ! dev=$(spare_disk vfat 64); then
	tap_fail "dio vfat: no 64 MiB spare disk at /dev/vdc"
elif mkfs.vfat "$dev" >&2 && mount -t vfat "$dev" /mnt/vfat; then
	dio_mounted vfat /mnt/vfat dio.dat +__blockdev_direct_IO -bio_iov_iter_get_pages -iomap_dio_rw
else
	tap_fail "dio vfat: mkfs.vfat $dev and mount"
fi
# the raw block device, no file system
if dev=$(spare_disk raw 128); then
	dio_fio blk "$dev" +bio_iov_iter_get_pages -iomap_dio_rw -__blockdev_direct_IO
else
	tap_fail "dio blk: no 128 MiB spare disk at /dev/vdd"
fi
# 9p, cache=none: every read/write goes to the server; more than 1 KiB
# takes virtio's zero-copy path (p9_client_read_once/p9_client_write)
if ! grep -qw 9p /proc/filesystems; then
	tap_skip "dio 9p" "kernel $KDESC has no 9p"
elif mount -t 9p -o trans=virtio,version=9p2000.L,cache=none,msize=262144 dio9p /mnt/9p; then
	dio_mounted 9p /mnt/9p dio.dat +p9_virtio_zc_request -bio_iov_iter_get_pages
else
	tap_fail "dio 9p: mount the dio9p share (cache=none)"
fi
# FUSE: bindfs (libfuse2) mirroring a tmpfs directory; -o direct_io makes
# every open FOPEN_DIRECT_IO, so all reads and writes, the layout and the
# verify included, go through fuse_direct_io
if ! have_fs fuse; then
	tap_skip "dio fuse" "kernel $KDESC has no fuse (not in /proc/filesystems, no module)"
elif [ ! -c /dev/fuse ]; then
	tap_skip "dio fuse" "no /dev/fuse"
elif ! command -v bindfs >/dev/null; then
	tap_fail "dio fuse: no bindfs on the host root (tests/vm/run.sh installs it)"
elif bindfs -o direct_io /tmp/fuse-src /mnt/fuse && grep -q ' /mnt/fuse fuse' /proc/mounts; then
	dio_mounted fuse /mnt/fuse dio.dat +fuse_direct_io -bio_iov_iter_get_pages
else
	tap_fail "dio fuse: bindfs -o direct_io /tmp/fuse-src /mnt/fuse"
fi
# AF_ALG (crypto/af_alg.c, not O_DIRECT but the same conversion): the
# digest must match hashlib's, and the pin counters follow VM_DIO_EXPECT
if ! res=$(/usr/bin/python3 -B "$VMDIR/afalg.py" "$VMDIR/pincount" 2>&1); then
	tap_fail "dio af_alg: python3 AF_ALG hash run failed: $res"
elif [[ $res == SKIP* ]]; then
	tap_skip "dio af_alg" "${res#SKIP }"
else
	read -r ok da dr <<<"$res"
	echo "af_alg: digest $ok; nr_foll_pin acquired +$da released +$dr" >&2
	if [ "$ok" = ok ]; then
		tap_ok "dio af_alg: sha256 of 4 MiB sent with sendmsg() matches hashlib"
	else
		tap_fail "dio af_alg: sha256 over AF_ALG differs from hashlib"
	fi
	dio_pins af_alg "sendmsg()" "the digest" "$da" "$dr"
fi
if [ -n "$dio_kp" ]; then
	echo 0 >"$TRACEFS/events/pinconv/enable"
	echo >"$TRACEFS/kprobe_events"
fi
tap_done
