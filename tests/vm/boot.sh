#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot a kernel under qemu TCG and run one command in it; report as TAP.
# Usage: tests/vm/boot.sh GUEST-COMMAND [ARG...]
#
# The guest's userland is the host's: its root over virtio-9p, read-only
# (tests/vm/init, then tests/vm/pid1.sh as PID 1), so GUEST-COMMAND is a
# path on the host.  Its stdout, TAP, becomes a KTAP subtest of ours; then
# two results of our own: the guest finished (no timeout, completion
# marker), and the guest's dmesg has no WARNING/BUG/Oops/... line.
# Each run gets a fresh run directory build/vm/run-DATE-PID/ with fresh
# images: two 1 GiB virtio disks (vda, vdb), a 64 MiB (vdc) and a 128 MiB
# (vdd) spare one, a 16 MiB SCSI disk behind virtio-scsi, two NVDIMMs
# (512 and 256 MiB), and three 9p shares: hostroot, out (the results:
# guest.tap, guest.log, dmesg, times) and dio9p (an empty directory).
# docs/vm.md, "The boot program".
#
# Options (environment; these are the only defaults):
#   KERNEL             debian: Debian's newest linux-image-$KVER_SRC.* |
#                      patched | converted (make kernel's build) | a kernel
#                      build dir | a bzImage            (default debian)
#   KVER_SRC           the source version (the Makefile's; asked of make
#                      when unset)
#   VM_MODROOT         module root for KERNEL=bzImage (DIR/lib/modules/KVER)
#   VM_TIMEOUT         seconds before the guest is killed (900)
#   VM_APPEND          more guest kernel command line (e.g. pin_ledger=off)
#   VM_KEEP            runs whose disk images are kept (1)
#   VM_INJECT_WARNING  1: the guest writes a WARNING line to the kernel log
#                      after the command: the dmesg check must fail the run
# Every VM_* variable of the environment goes on to the guest command (the
# guest runner's options: tests/vm/guestlib.sh), with VM_MODROOT and
# VM_GUPTEST (the gup_test built with the kernel, or empty) from
# tests/vm/kernel.sh.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-$TOP/build}
export BUILD
. "$TOP/tests/lib/tap.sh"

KERNEL=${KERNEL:-debian}
KVER_SRC=${KVER_SRC:-$(make -s --no-print-directory -C "$TOP" kver-src)}
VM_TIMEOUT=${VM_TIMEOUT:-900}
VM_KEEP=${VM_KEEP:-1}
export KERNEL KVER_SRC

tap_header
die() {
	tap_fail "$1"
	[ -n "${2:-}" ] && tail -30 "$2" | tap_diag
	tap_done
	exit 1
}
[ $# -gt 0 ] || die "usage: tests/vm/boot.sh GUEST-COMMAND [ARG...]"

kvars=$("$HERE/kernel.sh") || die "resolve KERNEL=$KERNEL"
eval "$kvars"
VM_KIMAGE=${VM_KIMAGE:?} VM_KVER=${VM_KVER:?}
export VM_MODROOT=${VM_MODROOT:-} VM_GUPTEST=${VM_GUPTEST:-}

mkdir -p "$BUILD/vm"
initrd=$BUILD/vm/initramfs-$VM_KVER.cpio.gz
if [ ! -s "$initrd" ] || [ "$HERE/init" -nt "$initrd" ] ||
	[ "$HERE/mkinitramfs.sh" -nt "$initrd" ]; then
	"$HERE/mkinitramfs.sh" "$initrd" "$VM_KVER" "$VM_MODROOT" >&2 ||
		die "build the initramfs"
fi

# a fresh run directory with fresh images; older runs lose their images
run=$BUILD/vm/run-$(date +%Y%m%d-%H%M%S)-$$
mkdir -p "$run/out" "$run/9p"
# shellcheck disable=SC2012
ls -dt "$BUILD"/vm/run-* 2>/dev/null | tail -n +$((VM_KEEP + 1)) |
	while read -r old; do
		rm -f "$old"/*.img
		# the 9p share's files only once that run's qemu is gone (wall written)
		if [ -e "$old/wall" ]; then rm -rf "$old/9p"; fi
	done
truncate -s 1G "$run/ext4.img" "$run/xfs.img"
truncate -s 64M "$run/vfat.img"
truncate -s 128M "$run/raw.img"
truncate -s 16M "$run/scsi.img"
truncate -s 512M "$run/pmem0.img"
truncate -s 256M "$run/pmem1.img"

# the guest command and every VM_* option, for pid1.sh
VM_CMD=("$@")
# shellcheck disable=SC2046
declare -p VM_CMD $(compgen -e | grep '^VM_') >"$run/out/params"

# idle=poll: an idle vCPU polls instead of halting, so a cross-CPU call
# (text patching when a kprobe or trace event is armed) needs no wake-up of a
# halted TCG vCPU: in one CI run each such call waited for the target's next
# timer tick and sgiotest's kprobe took minutes (docs/vm.md "The boot
# program").  softlockup_panic=1 and hung_task_panic=1 (kernels with
# DETECT_HUNG_TASK: a task 120 s in D state): a soft lockup or a hung task
# ends the run at once, its stack in the console tail, instead of at
# VM_TIMEOUT.
append="console=ttyS0 loglevel=5 panic=-1 mitigations=off nokaslr idle=poll softlockup_panic=1 hung_task_panic=1 pinconv.top=$TOP ${VM_APPEND:-}"
qemu=(qemu-system-x86_64 -accel tcg -cpu max -smp 2
	-machine pc,nvdimm=on -m 2G,slots=4,maxmem=8G
	-kernel "$VM_KIMAGE" -initrd "$initrd" -append "$append"
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

echo "# kernel $VM_KVER ($VM_KIMAGE), gup_test ${VM_GUPTEST:-none}, run dir $run"
t0=$(date +%s.%N)
timeout -k 10 "$VM_TIMEOUT" "${qemu[@]}" >"$run/qemu.log" 2>&1
rc=$?
t1=$(date +%s.%N)
wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}')
echo "$wall" >"$run/wall"

# the guest command's TAP, nested
touch "$run/out/guest.tap"
tap_subtest "${1#"$TOP"/}" "$(cat "$run/out/guest.status" 2>/dev/null || echo 0)" "$run/out/guest.tap"

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
