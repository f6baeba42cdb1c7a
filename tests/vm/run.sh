#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# pinconv VM suite: boot KERNEL (debian | bzImage | kernel build dir) under
# qemu TCG with the host's root over virtio-9p (read-only), fresh virtio disks
# and emulated NVDIMMs, run tests/vm/guest.sh inside, and report its TAP, the
# guest's dmesg check and a timeout as TAP.  See docs/vm.md.
#
# Environment (or make variables):
#   KERNEL        debian (default) | patched | converted | bzImage | kernel build dir
#                 (patched/converted: make kernel's build, docs/kernel-build.md)
#   VM_TIMEOUT    seconds before the guest is killed (900)
#   VM_EXPECT     stock | patched: mrtest's expectation table (default: stock
#                 for debian and a bare bzImage, patched for patched, converted
#                 and a kernel build dir)
#   VM_ITERS      stress iterations (3)
#   VM_ONLY       comma-separated guest steps: matrix,uring,sgio,writeback,stress,
#                 perftest,gup,ledger,rdmacore,dio,ledgerclean (default: all);
#                 gupbench, diobench (benchmarks, only when named)
#   VM_DIO_EXPECT pin | ref: what O_DIRECT takes in the dio step (default: pin
#                 for the converted kernel, KERNEL=converted or a release
#                 ending in -converted; ref, page references, for all others)
#   VM_RC_SUBSET  comma-separated unittest -k patterns for rdma-core (full suite)
#   VM_KEEP       runs whose disk images are kept (1)
#   VM_MODROOT    module root for KERNEL=bzImage (DIR/lib/modules/KVER)
#   VM_INJECT_WARNING=1  self-test: the dmesg check must fail the run
#   VM_APPEND     more guest kernel command line (e.g. pin_ledger=off)
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-$TOP/build}
export BUILD
. "$TOP/tests/lib/tap.sh"

KERNEL=${KERNEL:-debian}
VM_TIMEOUT=${VM_TIMEOUT:-900}
VM_RC_SUBSET=${VM_RC_SUBSET:-}
case $KERNEL in
debian) expect=stock ;;
patched | converted) expect=patched ;;
*) if [ -d "$KERNEL" ]; then expect=patched; else expect=stock; fi ;;
esac
VM_EXPECT=${VM_EXPECT:-$expect}
VM_ITERS=${VM_ITERS:-3}
VM_ONLY=${VM_ONLY:-}
VM_KEEP=${VM_KEEP:-1}
VM_INJECT_WARNING=${VM_INJECT_WARNING:-}
VM_PKGS="qemu-system-x86 busybox-static kmod cpio gzip file rdma-core ibverbs-providers
libibverbs1 ibverbs-utils perftest fio ndctl e2fsprogs xfsprogs
python3-pyverbs iproute2 dosfstools bindfs"

tap_header
die() {
	tap_fail "$1"
	[ -n "${2:-}" ] && tail -30 "$2" | tap_diag
	tap_done
	exit 1
}

# shellcheck disable=SC2086
"$TOP/scripts/ensure-pkgs.sh" $VM_PKGS >&2 || die "install the VM packages"
make -s -C "$TOP/userspace" deps all >&2 || die "build userspace/ (make -C userspace deps all)"

kvars=$("$HERE/kernel.sh") || die "resolve KERNEL=$KERNEL"
eval "$kvars"
VM_KIMAGE=${VM_KIMAGE:?} VM_KVER=${VM_KVER:?} VM_MODROOT=${VM_MODROOT:-} VM_GUPTEST=${VM_GUPTEST:-}
# the dio step's expectation, by kernel identity: only the converted kernel
# (its iov_iter_get_pages2() users converted) pins O_DIRECT buffers
case $KERNEL:$VM_KVER in
converted:* | *:*-converted) dio=pin ;;
*) dio=ref ;;
esac
VM_DIO_EXPECT=${VM_DIO_EXPECT:-$dio}
case $VM_DIO_EXPECT in
pin | ref) ;;
*) die "VM_DIO_EXPECT=$VM_DIO_EXPECT: expected pin or ref" ;;
esac

mkdir -p "$BUILD/vm"
initrd=$BUILD/vm/initramfs-$VM_KVER.cpio.gz
if [ ! -s "$initrd" ] || [ "$HERE/init" -nt "$initrd" ] ||
	[ "$HERE/mkinitramfs.sh" -nt "$initrd" ]; then
	"$HERE/mkinitramfs.sh" "$initrd" "$VM_KVER" "$VM_MODROOT" >&2 ||
		die "build the initramfs"
fi

# rdma-core's tests ship gzip-compressed under /usr/share/doc: unpack a copy
rct=$BUILD/vm/rdma-core-tests
src=/usr/share/doc/rdma-core/tests
if [ ! -e "$rct/.done" ] || [ "$src" -nt "$rct/.done" ]; then
	rm -rf "$rct"
	mkdir -p "$rct"
	cp -r "$src" "$rct/tests"
	find "$rct/tests" -name '*.gz' -exec gunzip -f {} +
	/usr/bin/python3 -m compileall -q "$rct/tests" >&2 || true
	touch "$rct/.done"
fi

# a fresh run directory with fresh images; older runs lose their images
run=$BUILD/vm/run-$(date +%Y%m%d-%H%M%S)-$$
mkdir -p "$run/out"
# shellcheck disable=SC2012
ls -dt "$BUILD"/vm/run-* 2>/dev/null | tail -n +$((VM_KEEP + 1)) |
	while read -r old; do
		rm -f "$old"/*.img
		# the 9p share's files only once that run's qemu is gone (wall written)
		if [ -e "$old/wall" ]; then rm -rf "$old/9p"; fi
	done
truncate -s 1G "$run/ext4.img" "$run/xfs.img"
# dio step: a vfat disk (64 MiB), a raw block device (128 MiB), a 9p share
truncate -s 64M "$run/vfat.img"
truncate -s 128M "$run/raw.img"
# sgio step: a SCSI disk behind virtio-scsi for SG_IO passthrough
truncate -s 16M "$run/scsi.img"
mkdir -p "$run/9p"
truncate -s 512M "$run/pmem0.img"
truncate -s 256M "$run/pmem1.img"

append="console=ttyS0 loglevel=5 panic=-1 mitigations=off nokaslr
pinconv.top=$TOP pinconv.modroot=$VM_MODROOT pinconv.expect=$VM_EXPECT
pinconv.rcsubset=$VM_RC_SUBSET pinconv.iters=$VM_ITERS pinconv.only=$VM_ONLY pinconv.inject=$VM_INJECT_WARNING
pinconv.kernel=$KERNEL pinconv.guptest=$VM_GUPTEST pinconv.dio=$VM_DIO_EXPECT ${VM_APPEND:-}"
qemu=(qemu-system-x86_64 -accel tcg -cpu max -smp 2
	-machine pc,nvdimm=on -m 2G,slots=4,maxmem=8G
	-kernel "$VM_KIMAGE" -initrd "$initrd" -append "$(echo $append)"
	-display none -monitor none -serial "file:$run/console.log" -no-reboot
	-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap"
	-virtfs "local,path=$run/out,mount_tag=out,security_model=none"
	-virtfs "local,path=$run/9p,mount_tag=dio9p,security_model=none"
	-drive "file=$run/ext4.img,if=virtio,format=raw"
	-drive "file=$run/xfs.img,if=virtio,format=raw"
	-drive "file=$run/vfat.img,if=virtio,format=raw"
	-drive "file=$run/raw.img,if=virtio,format=raw"
	-device virtio-scsi-pci,id=scsi0
	-drive "file=$run/scsi.img,if=none,format=raw,id=scsidisk0"
	-device scsi-hd,drive=scsidisk0,bus=scsi0.0
	-object "memory-backend-file,id=pm0,share=on,mem-path=$run/pmem0.img,size=512M"
	-device nvdimm,id=nv0,memdev=pm0
	-object "memory-backend-file,id=pm1,share=on,mem-path=$run/pmem1.img,size=256M"
	-device nvdimm,id=nv1,memdev=pm1
	-netdev user,id=n0,restrict=on -device virtio-net-pci,netdev=n0)
printf '%q ' "${qemu[@]}" >"$run/qemu.cmd"

echo "# kernel $VM_KVER ($VM_KIMAGE), expect $VM_EXPECT, O_DIRECT $VM_DIO_EXPECT, gup_test ${VM_GUPTEST:-none}, run dir $run"
t0=$(date +%s.%N)
timeout -k 10 "$VM_TIMEOUT" "${qemu[@]}" >"$run/qemu.log" 2>&1
rc=$?
t1=$(date +%s.%N)
wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}')
echo "$wall" >"$run/wall"

# the guest's own TAP, renumbered
gtap=$run/out/guest.tap
if [ ! -s "$gtap" ]; then
	tap_fail "guest reported TAP results ($gtap is empty)"
else
	while IFS= read -r line; do
		case $line in
		"ok "*) tap_ok "$(sed -E 's/^ok [0-9]+ ?//' <<<"$line")" ;;
		"not ok "*) tap_fail "$(sed -E 's/^not ok [0-9]+ ?//' <<<"$line")" ;;
		"#"*) echo "$line" ;;
		esac
	done <"$gtap"
fi

if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
	tap_fail "guest timed out after $VM_TIMEOUT s"
	tail -30 "$run/console.log" | tap_diag
elif [ ! -e "$run/out/guest.done" ]; then
	tap_fail "guest finished its run (qemu exit $rc, no completion marker)"
	tail -30 "$run/console.log" "$run/qemu.log" 2>/dev/null | tap_diag
else
	tap_ok "guest finished its run (qemu exit $rc)"
fi

# dmesg check: the guest's full log, or the console as a fallback
dm=$run/out/dmesg dmsrc="guest dmesg"
if [ ! -s "$dm" ]; then
	dm=$run/console.log dmsrc="guest console (loglevel 5; no dmesg file: guest did not finish)"
fi
bad='WARNING:|BUG:|BUG |Oops|refcount_t|rcu_sched self-detected stall|self-detected stall|KASAN|general protection fault|Kernel panic|cut here'
if grep -Eq "$bad" "$dm"; then
	tap_fail "$dmsrc has no WARNING/BUG/Oops/refcount_t/stall/KASAN lines"
	grep -E -A8 "$bad" "$dm" | head -60 | tap_diag
else
	tap_ok "$dmsrc has no WARNING/BUG/Oops/refcount_t/stall/KASAN lines ($(wc -l <"$dm") lines)"
fi

boot=$(awk '$1 == "first-test" {print $2}' "$run/out/times" 2>/dev/null)
echo "# timings: vm wall ${wall} s, guest uptime at first test ${boot:-?} s (see $run/out/times)"
tap_done
