#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the tiny VM initramfs: static busybox, tests/vm/init and the modules
# needed to reach the host root over virtio-9p.
# Usage: mkinitramfs.sh OUT.cpio.gz KVER MODROOT   (MODROOT empty: built-in kernel)
set -eu
out=$1 kver=$2 modroot=$3
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"/{bin,proc,sys,dev,newroot,mods}
cp /bin/busybox "$tmp/bin/busybox"
file "$tmp/bin/busybox" 2>/dev/null | grep -q 'statically linked' ||
	{ echo "busybox is not static (install busybox-static)" >&2; exit 1; }
cp "$here/init" "$tmp/init"
chmod +x "$tmp/init"
: >"$tmp/modules.list"
if [ -n "$modroot" ]; then
	for m in virtio_pci 9pnet_virtio 9p; do
		modprobe -C /dev/null -d "$modroot" -S "$kver" --show-depends "$m" |
			awk '$1 == "insmod" {print $2}'
	done | awk '!seen[$0]++' | while read -r ko; do
		cp "$ko" "$tmp/mods/"
		basename "$ko" >>"$tmp/modules.list"
	done
fi
(cd "$tmp" && find . | cpio -o -H newc --quiet | gzip -1) >"$out.tmp"
mv "$out.tmp" "$out"
