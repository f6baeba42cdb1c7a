#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Step perftest: ib_write_bw over rxe0 with anonymous memory, --mmap of an
# ext4 file and --mmap of an ext4 -o dax file (docs/vm.md "ib_write_bw").
# On a kernel with the patched expectations the ext4 registration must be
# refused, and the kernel must say why in its log.
# shellcheck source=../guestlib.sh
. "${0%/*}/../guestlib.sh"
tap_header
BWPORT=18515
# bw NAME EXPECT(ok|refused) [--mmap=FILE]: server in the background, client
# to our own address; the average Gb/s goes into the TAP line as a diagnostic
bw() {
	local name=$1 expect=$2 port=$BWPORT rc src gbps spid log=/tmp/bw-$1
	shift 2
	BWPORT=$((BWPORT + 1))
	local common=(-d rxe0 -x "$GIDX" -F --report_gbits -s 65536 -n 2000 -p "$port")
	echo "+ ib_write_bw ${common[*]} $*" >&2
	timeout 120 ib_write_bw "${common[@]}" "${@/%.dat/-srv.dat}" >"$log.srv" 2>&1 &
	spid=$!
	for _ in $(seq 150); do	# up to 30 s for the server to listen
		ss -ltn 2>/dev/null | grep -q ":$port " && break
		kill -0 $spid 2>/dev/null || break
		sleep 0.2
	done
	timeout 120 ib_write_bw "${common[@]}" "${@/%.dat/-cli.dat}" "$IP" >"$log.cli" 2>&1
	rc=$?
	wait $spid
	src=$?
	cat "$log.srv" "$log.cli" >&2
	gbps=$(awk '$1 == 65536 && $2 == 2000 {print $4}' "$log.cli" | tail -1)
	if [ "$expect" = ok ]; then
		if [ $rc -eq 0 ] && [ $src -eq 0 ] && [ -n "$gbps" ]; then
			tap_ok "ib_write_bw $name: average $gbps Gb/s"
			echo "bw $name $gbps" >>"$OUT/times"
		else
			tap_fail "ib_write_bw $name (client $rc, server $src)"
			tail -5 "$log.srv" "$log.cli" | tap_diag
		fi
	elif [ $src -ne 0 ] && grep -qiE "couldn't|failed|unable" "$log.srv"; then
		tap_ok "ib_write_bw $name: MR registration refused as expected ($(grep -m1 -iE "couldn't|failed|unable" "$log.srv"))"
	else
		tap_fail "ib_write_bw $name: expected the MR registration to be refused (server $src)"
		tail -5 "$log.srv" | tap_diag
	fi
}
# files for --mmap must exist and be large enough (one per side)
mkfiles() { for s in srv cli; do truncate -s 16M "$1/bw-$s.dat"; done; }

bw anon ok
mkfiles /mnt/ext4
if [ "$VM_EXPECT" = patched ]; then e=refused; else e=ok; fi
bw ext4-mmap "$e" --mmap=/mnt/ext4/bw.dat
# the patched kernel says why in the log, naming the task and file system
if [ "$e" = refused ]; then
	l=$(dmesg | grep -m1 -E 'gup: ib_write_bw\[[0-9]+\]: writable long-term pin of a ext4 file mapping refused')
	if [ -n "$l" ]; then
		tap_ok "ib_write_bw ext4-mmap: kernel log explains the refusal: ${l#*] }"
	else
		tap_fail "ib_write_bw ext4-mmap: kernel log has 'gup: ib_write_bw[PID]: writable long-term pin of a ext4 file mapping refused'"
	fi
fi
if mount_dax ext4; then
	mkfiles /mnt/pmem
	bw fsdax-mmap refused --mmap=/mnt/pmem/bw.dat
else
	tap_fail "ext4 -o dax on $PMEM for ib_write_bw"
fi
tap_done
