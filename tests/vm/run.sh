#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The pinconv VM suite on one kernel (KERNEL=debian by default, patched,
# converted, a kernel build dir or a bzImage: tests/vm/boot.sh's options):
# installs the VM packages, builds userspace/, unpacks rdma-core's tests,
# then boots the kernel with tests/vm/boot.sh and runs the guest runner
# tests/vm/guest.sh in it (its options, VM_ONLY and the others: guestlib.sh).
# What the kernel is expected to do is decided in the guest, from its
# release string.  The kernel is not built here: make vmtest
# KERNEL=patched|converted builds it first.  See docs/vm.md.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
VM_PKGS="qemu-system-x86 busybox-static kmod cpio gzip file rdma-core ibverbs-providers
libibverbs1 ibverbs-utils perftest fio ndctl e2fsprogs xfsprogs
python3-pyverbs iproute2 dosfstools bindfs dmsetup"
# die WHAT: the suite's TAP when it cannot boot at all
die() {
	printf 'TAP version 13\nnot ok 1 %s\n1..1\n' "$1"
	exit 1
}
# shellcheck disable=SC2086
"$TOP/scripts/setup/ensure-pkgs.sh" $VM_PKGS >&2 || die "install the VM packages"
make -s -C "$TOP/userspace" deps all >&2 || die "build userspace/ (make -C userspace deps all)"

# rdma-core's tests ship gzip-compressed under /usr/share/doc: unpack a copy
export VM_RC_TESTS=${BUILD:-$TOP/build}/vm/rdma-core-tests
src=/usr/share/doc/rdma-core/tests
if [ ! -e "$VM_RC_TESTS/.done" ] || [ "$src" -nt "$VM_RC_TESTS/.done" ]; then
	rm -rf "$VM_RC_TESTS"
	mkdir -p "$VM_RC_TESTS"
	cp -r "$src" "$VM_RC_TESTS/tests"
	find "$VM_RC_TESTS/tests" -name '*.gz' -exec gunzip -f {} +
	/usr/bin/python3 -m compileall -q "$VM_RC_TESTS/tests" >&2 || true
	touch "$VM_RC_TESTS/.done"
fi
exec "$HERE/boot.sh" "$HERE/guest.sh"
