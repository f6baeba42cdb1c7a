#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install the named Debian packages that are not installed yet (apt-get, as root).
set -eu
missing=()
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "pinconv: missing packages (${missing[*]}); run as root or install them" >&2
	exit 1
fi
echo "pinconv: installing ${missing[*]}" >&2
stamp=/var/lib/apt/lists/partial/.pinconv-updated
if [ ! -e "$stamp" ] || [ -n "$(find "$stamp" -mmin +360 2>/dev/null)" ]; then
	apt-get update -qq -o DPkg::Lock::Timeout=600 >&2
	touch "$stamp" 2>/dev/null || true
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends \
	"${missing[@]}" >&2
