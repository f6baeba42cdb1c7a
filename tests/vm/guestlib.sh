# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034
# Shared helpers of the VM suite's guest side, sourced by tests/vm/guest.sh
# (the runner), tests/vm/setup.sh and every step in tests/vm/steps/.  It
# also holds the defaults of the guest's options (docs/vm.md "Options") and
# decides, from the running kernel's release string, what that kernel is
# expected to do (kernel_facts).  Sourcing it only defines things.
# (builtins where they do: under TCG every exec from the 9p root costs
# tens of milliseconds or more, and every step sources this file)
VMDIR=${BASH_SOURCE[0]%/*}
[ "$VMDIR" != "${BASH_SOURCE[0]}" ] || VMDIR=.
VMDIR=$(cd "$VMDIR" && pwd)
TOP=${VMDIR%/tests/vm}
# shellcheck source=../lib/tap.sh
. "$TOP/tests/lib/tap.sh"
OUT=${OUT:-/mnt/out}
LEDGER=/sys/kernel/debug/pin_ledger
TRACEFS=/sys/kernel/tracing
MODPROBE=/tmp/modprobe
MRTEST=$TOP/userspace/mrtest
MRSTRESS=$TOP/userspace/mrstress
MRWRITEBACK=$TOP/userspace/mrwriteback
DIOTEST=$TOP/userspace/diotest
URINGTEST=$TOP/userspace/uringtest
SGIOTEST=$TOP/userspace/sgiotest
# what setup.sh found (rxe's GID index, the DAX devices, ...), for the steps
SETUP_ENV=/run/pinconv-vm.env
# shellcheck disable=SC1090
[ -r "$SETUP_ENV" ] && . "$SETUP_ENV"

# ---- the guest's options: the one default of each ----
VM_ONLY=${VM_ONLY:-}            # steps to run (comma-separated), empty: the default set
VM_ITERS=${VM_ITERS:-3}         # stress step: rounds
VM_RC_SUBSET=${VM_RC_SUBSET:-}  # rdmacore step: unittest -k patterns, empty: the full suite
VM_GUPTEST=${VM_GUPTEST:-}      # gup steps: the kernel's gup_test binary (boot.sh: the kernel's build)
# the kernel selftest pin_ledger (kernel/0009), built beside gup_test
LEDGERTEST=${VM_GUPTEST:+${VM_GUPTEST%/*}/pin_ledger}

# kernel_facts RELEASE: "KIND EXPECT DIO" for a kernel release string.
# pinconv's kernels say what they are in it (kernel/config/pinconv.config
# sets LOCALVERSION -pinconv, kernel/build/build-kernel.sh appends the variant):
#   *-pinconv        patched    mrtest/uringtest --expect patched, O_DIRECT ref
#   *-converted      converted  --expect patched, O_DIRECT pin
#                               (6.1.192-pinconv-converted)
#   *-pinconv-base   base       (no patches) --expect stock, O_DIRECT ref
#   anything else    stock      (Debian's) --expect stock, O_DIRECT ref
# EXPECT selects the expectation column of the userspace programs; DIO is
# what O_DIRECT and the other converted iov_iter users take: FOLL_PIN pins
# (pin) or page references (ref).
kernel_facts() {
	case $1 in
	*-pinconv) echo patched patched ref ;;
	*-converted) echo converted patched pin ;;
	*-pinconv-base) echo base stock ref ;;
	*) echo stock stock ref ;;
	esac
}
# VM_EXPECT / VM_DIO_EXPECT, when set, override the kernel's facts
if [ -z "${VM_KIND:-}" ]; then
	VM_RELEASE=$(uname -r)
	read -r VM_KIND _e _d <<<"$(kernel_facts "$VM_RELEASE")"
	VM_EXPECT=${VM_EXPECT:-$_e} VM_DIO_EXPECT=${VM_DIO_EXPECT:-$_d}
	export VM_RELEASE VM_KIND VM_EXPECT VM_DIO_EXPECT
fi
KDESC="${VM_RELEASE:-?} ($VM_KIND)"

# stamp NAME: guest uptime at NAME into out/times
stamp() {
	local up _
	read -r up _ </proc/uptime
	echo "$1 $up" >>"$OUT/times"
}
# pin_counts: "acquired released", the FOLL_PIN counters (tests/vm/pincount)
pin_counts() { "$VMDIR/pincount"; }

# tap_run NAME CMD...: run CMD, its stdout (TAP) as subtest NAME of ours
# (tap_subtest); its TAP also goes to stderr, the guest's log.  Returns
# CMD's exit status.  (The output file stays in the guest's /tmp, a tmpfs.)
tap_run() {
	local name=$1 out=/tmp/tap-run.$BASHPID.$RANDOM rc line
	shift
	echo "+ $*" >&2
	"$@" >"$out"
	rc=$?
	while IFS= read -r line; do echo "$line"; done <"$out" >&2
	tap_subtest "$name" "$rc" "$out"
	return "$rc"
}
# tprog PROGRAM NAME ARGS...: a userspace program that takes --expect
# (mrtest, mrstress, mrwriteback, uringtest) with the kernel's expectation
# column, as subtest NAME, killed after 300 s
tprog() { tap_run "$2" timeout 300 "$1" --expect "$VM_EXPECT" "${@:3}"; }

# mount_dax FS: put FS on the fsdax namespace at /mnt/pmem, DAX forced on
mount_dax() {
	umount /mnt/pmem 2>/dev/null
	case $1 in
	ext4) mkfs.ext4 -q -F -b 4096 "$PMEM" && mount -o dax "$PMEM" /mnt/pmem ;;
	xfs) mkfs.xfs -q -f -m reflink=0 "$PMEM" && mount -o dax=always "$PMEM" /mnt/pmem ;;
	esac || return 1
	touch /mnt/pmem/.probe
	grep -q "$PMEM /mnt/pmem $1 .*dax" /proc/mounts
}
# spare_disk NAME MIB: the spare virtio disk boot.sh made for NAME (vdc:
# vfat, 64 MiB; vdd: raw, 128 MiB), checked by its size before it is written
spare_disk() {
	local dev
	case $1 in
	vfat) dev=vdc ;;
	raw) dev=vdd ;;
	esac
	[ "$(cat "/sys/block/$dev/size" 2>/dev/null)" = $(($2 * 2048)) ] || return 1
	echo "/dev/$dev"
}
# have_fs FSTYPE: the kernel can mount FSTYPE (loads its module when modular)
have_fs() {
	$MODPROBE "$1" 2>/dev/null
	grep -qw "$1" /proc/filesystems
}
# guptest_missing: why the kernel's gup_test cannot run here (empty: it can)
guptest_missing() {
	if [ -z "$VM_GUPTEST" ]; then
		echo "no gup_test binary for kernel $KDESC (VM_GUPTEST is empty: only self-built kernels come with one)"
	elif [ ! -e /sys/kernel/debug/gup_test ]; then
		echo "/sys/kernel/debug/gup_test is missing: kernel $KDESC was built without CONFIG_GUP_TEST"
	fi
}
# ledger_missing: why the pin ledger cannot be read here (empty: it can)
ledger_missing() {
	[ -d "$LEDGER" ] || echo "$LEDGER is missing: kernel $KDESC was built without CONFIG_PIN_LEDGER"
}
