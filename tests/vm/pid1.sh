#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The guest's PID 1 under tests/vm/boot.sh, after tests/vm/init has mounted
# the host's root read-only at / and the run's out/ share at /mnt/out.  It
# takes the guest command and the VM_* options from out/params (written by
# boot.sh), makes the kernel's modules loadable (a modprobe wrapper on
# VM_MODROOT), runs the command with its stdout going to out/guest.tap and
# its stderr to out/guest.log (its exit status to out/guest.status), and
# then writes out/dmesg and the completion marker out/guest.done and powers
# the guest off.  out/times gets the guest uptime at boot and at the end.
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/tmp LC_ALL=C OUT=/mnt/out
exec >"$OUT/guest.log" 2>&1
echo "boot $(cut -d' ' -f1 /proc/uptime)" >>"$OUT/times"
# shellcheck disable=SC1091
. "$OUT/params"

finish() {
	dmesg >"$OUT/dmesg" 2>&1
	echo "done" >"$OUT/guest.done"
	sync
	echo 1 >/proc/sys/kernel/sysrq
	echo o >/proc/sysrq-trigger
	sleep 10
}
trap finish EXIT

# the kernel autoloads modules (crc32, rdma-link-rxe, ...) through this too
printf '#!/bin/sh\nexec /sbin/modprobe -C /dev/null %s "$@"\n' \
	"${VM_MODROOT:+-d $VM_MODROOT}" >/tmp/modprobe
chmod +x /tmp/modprobe
echo /tmp/modprobe >/proc/sys/kernel/modprobe

cd /tmp && "${VM_CMD[@]}" >"$OUT/guest.tap"
echo $? >"$OUT/guest.status"
# harness self-test: prove the host's dmesg check fires (VM_INJECT_WARNING=1)
[ -n "${VM_INJECT_WARNING:-}" ] && echo "WARNING: pinconv harness self-test, injected" >/dev/kmsg
echo "end $(cut -d' ' -f1 /proc/uptime)" >>"$OUT/times"
