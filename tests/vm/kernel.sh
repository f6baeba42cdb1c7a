#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Resolve KERNEL (debian | patched | converted | bzImage | kernel build dir)
# into a boot image and an optional module tree.  A kernel without modules
# needs 9P_FS, NET_9P_VIRTIO and VIRTIO_PCI built in (the guest's userland is
# the host root over 9p).  Prints shell assignments on stdout:
#   VM_KIMAGE=... VM_KVER=... VM_MODROOT=...   (VM_MODROOT empty: no modules)
#   VM_GUPTEST=...   the gup_test selftest built with a kernel build dir (or empty)
# KERNEL=patched|converted is the build dir of make kernel-patched|converted,
# build/kernel/obj-patched|obj-converted, see docs/kernel-build.md.
# KERNEL=debian fetches Debian's newest generic amd64 image of the source
# version KVER_SRC (the Makefile's, from tests/vm/boot.sh), e.g.
# linux-image-6.1.0-57-amd64-unsigned or linux-image-6.12.57+deb13-amd64-unsigned,
# with apt-get download and unpacks it under $BUILD/vm/debian/ (never installed).
set -eu
KERNEL=${KERNEL:-debian}
BUILD=${BUILD:-$(cd "$(dirname "$0")/../.." && pwd)/build}
out=$BUILD/vm/debian

if [ "$KERNEL" = debian ]; then
	re="^linux-image-${KVER_SRC:?}"
	re="${re//./\\.}\\.[0-9]+[-+][0-9a-z+]*-amd64-unsigned\$"
	pkg=$(apt-cache search --names-only "$re" | awk '{print $1}' | sort -V | tail -1)
	[ -n "$pkg" ] || { echo "no package matching $re in apt" >&2; exit 1; }
	kver=${pkg#linux-image-}
	kver=${kver%-unsigned}
	root=$out/$pkg
	if [ ! -e "$root/.done" ]; then
		rm -rf "$root"
		mkdir -p "$root" "$out/debs"
		(cd "$out/debs" && apt-get download -q "$pkg" >&2)
		dpkg -x "$out/debs/${pkg}"_*.deb "$root"
		depmod -b "$root" "$kver"
		touch "$root/.done"
	fi
	echo "VM_KIMAGE=$root/boot/vmlinuz-$kver"
	echo "VM_KVER=$kver"
	echo "VM_MODROOT=$root"
	echo "VM_GUPTEST="
	exit 0
fi

case $KERNEL in
patched | converted)
	d=$BUILD/kernel/obj-$KERNEL
	if [ ! -f "$d/arch/x86/boot/bzImage" ]; then
		echo "KERNEL=$KERNEL: no $d/arch/x86/boot/bzImage (make kernel-$KERNEL)" >&2
		exit 1
	fi
	KERNEL=$d
	;;
esac

k=$(readlink -f "$KERNEL")
if [ -d "$k" ]; then
	img=$k/arch/x86/boot/bzImage
	[ -f "$img" ] || { echo "$k: no arch/x86/boot/bzImage" >&2; exit 1; }
	kver=$(cat "$k/include/config/kernel.release" 2>/dev/null || echo unknown)
	modroot=
	if grep -q '^CONFIG_MODULES=y' "$k/.config" 2>/dev/null &&
		[ -f "$k/modules.order" ] && [ -s "$k/modules.order" ]; then
		modroot=$BUILD/vm/modules-$kver
		if [ ! -e "$modroot/.done" ] || [ "$k/vmlinux" -nt "$modroot/.done" ]; then
			rm -rf "$modroot"
			make -s -C "$k" INSTALL_MOD_PATH="$modroot" modules_install >&2
			touch "$modroot/.done"
		fi
	fi
	echo "VM_KIMAGE=$img"
	echo "VM_KVER=$kver"
	echo "VM_MODROOT=$modroot"
	if [ -x "$k/gup_test" ]; then echo "VM_GUPTEST=$k/gup_test"; else echo "VM_GUPTEST="; fi
elif [ -f "$k" ]; then
	# a bare bzImage: its release string is in the header; modules (if the
	# kernel needs any to reach 9p) come from VM_MODROOT=DIR (DIR/lib/modules/KVER)
	kver=$(file -b "$k" | sed -n 's/.*version \([^ ,]*\).*/\1/p')
	echo "VM_KIMAGE=$k"
	echo "VM_KVER=${kver:-unknown}"
	echo "VM_MODROOT=${VM_MODROOT:-}"
	echo "VM_GUPTEST="
else
	echo "KERNEL=$KERNEL: not debian, patched, converted, a bzImage or a kernel build dir" >&2
	exit 1
fi
