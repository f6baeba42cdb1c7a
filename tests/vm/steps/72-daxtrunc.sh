#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Step daxtrunc: truncate and hole-punch of a DAX file while O_DIRECT
# I/O from/into a MAP_SHARED mapping of it is in flight (issue 12 part 1,
# docs/vm.md "DAX truncate and hole-punch under in-flight O_DIRECT").
#
# The I/O goes to a dm-delay target over the spare raw virtio disk (vdd),
# so that every bio stays in flight for VM_DAXTRUNC_DELAY_MS; userspace/daxtrunc
# does the rest, once per DAX file system (ext4 -o dax, xfs dax=always, both
# on the fsdax namespace through guestlib.sh's mount_dax).  What block direct
# I/O takes (pins or page references) is VM_DIO_EXPECT.  VM_DAXTRUNC_ITERS,
# VM_DAXTRUNC_DELAY_MS: iterations per case (3) and the delay (150 ms).
# The kernel's known fault (docs/vm.md, DAX finding 1): every kernel but the
# converted one releases the I/O's pages without waking the truncate, which
# daxtrunc then reports as XFAIL with the reason.  VM_DAXTRUNC_UNMAPPED=1 also
# runs the cases with the buffer munmap()ed first (finding 2: no wait, a
# WARN in fs/dax.c and reused blocks on every 6.1 kernel; they fail, and the
# WARN fails the run's dmesg check), which the default run leaves out.
# shellcheck source=../guestlib.sh
. "${0%/*}/../guestlib.sh"
BIN=$TOP/userspace/daxtrunc
PINS=$VM_DIO_EXPECT
case $VM_KIND in
converted) KNOWN=none ;;
*) KNOWN=unwoken ;;
esac
EXTRA=()
[ "${VM_DAXTRUNC_UNMAPPED:-0}" = 0 ] || EXTRA=(--unmapped)
ITERS=${VM_DAXTRUNC_ITERS:-3}
DELAY=${VM_DAXTRUNC_DELAY_MS:-150}
LIMIT=240	# seconds per file system
NAME=daxtrunc-delay

tap_header
# the step always ends with its plan; a failing line makes it exit 1
trap 'dmsetup remove --noudevsync "$NAME" >/dev/null 2>&1; tap_done; exit $?' EXIT

if [ ! -b "${PMEM:-}" ]; then
	tap_fail "daxtrunc: no fsdax device from setup (PMEM=${PMEM:-unset})"
	exit
fi
if ! DEV=$(spare_disk raw 128); then
	tap_fail "daxtrunc: no 128 MiB spare disk at /dev/vdd for the delay target"
	exit
fi
# dm-delay: one table line, the same delay for reads and writes; no udev
# in the guest, so dmsetup makes the /dev/mapper node itself
$MODPROBE dm_delay 2>/dev/null
sectors=$(blockdev --getsz "$DEV")
if dmsetup create --noudevsync "$NAME" --table "0 $sectors delay $DEV 0 $DELAY" &&
	dmsetup mknodes "$NAME" && [ -b "/dev/mapper/$NAME" ]; then
	tap_ok "daxtrunc: dm-delay target /dev/mapper/$NAME over $DEV, $DELAY ms per I/O ($(dmsetup table "$NAME"))"
else
	tap_fail "daxtrunc: dmsetup create $NAME (delay $DEV, $DELAY ms): kernel without dm-delay?"
	grep -w -e delay -e device-mapper /proc/devices /proc/misc 2>/dev/null | tap_diag
	exit
fi
# kretprobe events need tracefs; daxtrunc says so itself when they are missing
mountpoint -q "$TRACEFS" || mount -t tracefs nodev "$TRACEFS" 2>/dev/null

# phase timestamps (guest uptime) on stderr, for the step's timing
up() { echo "daxtrunc step: $* at $(cut -d' ' -f1 /proc/uptime) s" >&2; }
for fs in ext4 xfs; do
	up "mkfs and mount $fs"
	if ! mount_dax "$fs"; then
		tap_fail "daxtrunc $fs: DAX mount of $PMEM on /mnt/pmem"
		continue
	fi
	echo "+ daxtrunc --pins $PINS --known $KNOWN ${EXTRA[*]} --iters $ITERS --delay-ms $DELAY --label ${fs}dax /dev/mapper/$NAME /mnt/pmem" >&2
	"$BIN" --pins "$PINS" --known "$KNOWN" "${EXTRA[@]}" --iters "$ITERS" --delay-ms "$DELAY" \
		--label "${fs}dax" --keep-filler \
		"/dev/mapper/$NAME" /mnt/pmem >"/tmp/daxtrunc-$fs.out" 2>"/tmp/daxtrunc-$fs.err" &
	pid=$!
	for _ in $(seq $((LIMIT * 5))); do
		kill -0 $pid 2>/dev/null || break
		sleep 0.2
	done
	if kill -0 $pid 2>/dev/null; then
		# where each of its threads sleeps, then the kill (the truncate
		# waits interruptibly, the I/O does not)
		tap_fail "daxtrunc $fs: still running after $LIMIT s; its threads' kernel stacks follow"
		for t in /proc/$pid/task/*; do
			echo "thread ${t##*/} ($(cat "$t/wchan" 2>/dev/null)):"
			cat "$t/stack" 2>/dev/null
		done | tap_diag
		tail -5 "/tmp/daxtrunc-$fs.err" | tap_diag
		# the page the truncate waits for: the last non-NULL return of
		# dax_layout_busy_page_range() (daxtrunc's kretprobe)
		grep ' busy: ' "$TRACEFS/trace" | tail -4 | tap_diag
		kill -KILL $pid
	fi
	wait $pid
	rc=$?
	up "daxtrunc on $fs exited ($rc)"
	cat "/tmp/daxtrunc-$fs.err" >&2
	nfail=0
	while IFS= read -r line; do
		case $line in
		# (no sed per line: a fork costs under TCG)
		"ok "*) rest=${line#ok } && tap_ok "${rest#* }" ;;
		"not ok "*)
			nfail=$((nfail + 1))
			rest=${line#not ok } && tap_fail "${rest#* }"
			;;
		"#"*) echo "$line" ;;
		esac
	done <"/tmp/daxtrunc-$fs.out"
	if [ "$rc" -ne 0 ] && [ "$nfail" -eq 0 ]; then
		tap_fail "daxtrunc $fs exited with status $rc"
		tail -20 "/tmp/daxtrunc-$fs.out" | tap_diag
	fi
	umount /mnt/pmem
	up "umount $fs"
done
