#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Unpack Debian's linux-source-VER under BUILD/linux-source-VER, once, read-only
# material for pinconv (outputs go elsewhere).
set -eu
ver=$1 build=$2
tarball=/usr/src/linux-source-$ver.tar.xz
dest=$build/linux-source-$ver
[ -f "$dest/.pinconv-unpacked" ] && exit 0
[ -f "$tarball" ] || { echo "pinconv: $tarball not found (apt-get install linux-source-$ver)" >&2; exit 1; }
mkdir -p "$build"
rm -rf "$dest.tmp"
mkdir -p "$dest.tmp"
echo "pinconv: unpacking $tarball into $dest" >&2
tar -C "$dest.tmp" --strip-components=1 -xJf "$tarball"
rm -rf "$dest"
mv "$dest.tmp" "$dest"
touch "$dest/.pinconv-unpacked"
