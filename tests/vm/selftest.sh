#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Self-tests of the VM harness that need no VM: what the guest decides a
# kernel is expected to do from its release string (guestlib.sh
# kernel_facts, also through a faked uname as the runner sees it), and KTAP
# nesting (tests/lib/tap.sh tap_subtest) as tests/run.sh counts it: leaves
# at every depth, a failing nested leaf or a bare non-zero exit fails the
# run, a skip stays a skip.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tap_header

# ---- kernel_facts: release -> kind, --expect column, O_DIRECT ----
while read -r rel want; do
	got=$(VM_KIND=x bash -c '. "$1"; kernel_facts "$2"' - "$HERE/guestlib.sh" "$rel" | tr ' ' /)
	tap_check "kernel_facts $rel: $want" test "$got" = "$want"
done <<'EOT'
6.1.0-57-amd64 stock/stock/ref
6.12.57+deb13-amd64 stock/stock/ref
6.1.192-pinconv patched/patched/ref
6.1.192-pinconv-converted converted/patched/pin
6.1.192-pinconv-base base/stock/ref
EOT
# what a step sees when the runner did not decide already: uname faked
got=$(OUT=$tmp VM_KIND='' bash -c 'uname() { echo 6.1.192-pinconv-converted; }
	export -f uname; . "$1"; echo "$VM_KIND $VM_EXPECT $VM_DIO_EXPECT"' - "$HERE/guestlib.sh")
tap_check "guestlib.sh on a converted kernel: VM_KIND/VM_EXPECT/VM_DIO_EXPECT ($got)" \
	test "$got" = "converted patched pin"
got=$(OUT=$tmp VM_KIND='' VM_DIO_EXPECT=ref bash -c 'uname() { echo 6.1.192-pinconv-converted; }
	export -f uname; . "$1"; echo "$VM_DIO_EXPECT"' - "$HERE/guestlib.sh")
tap_check "guestlib.sh: VM_DIO_EXPECT set by hand overrides the release ($got)" test "$got" = ref

# ---- KTAP nesting as tests/run.sh counts it ----
# suite NAME CHILD-RC CHILD-LINES...: a suite nesting a child's TAP twice deep
suite() {
	local name=$1 rc=$2
	shift 2
	printf '%s\n' "$@" >"$tmp/$name.child"
	cat >"$tmp/$name" <<EOS
#!/usr/bin/env bash
. "$TOP/tests/lib/tap.sh"
tap_header
tap_ok "top-level leaf"
tap_subtest prog $rc "$tmp/$name.child" >"$tmp/$name.step"
tap_subtest step 0 "$tmp/$name.step"
tap_done
EOS
	chmod +x "$tmp/$name"
}
# count NAME WANT-SUMMARY WANT-RC: tests/run.sh over suite NAME
count() {
	local out rc
	out=$(PINCONV_TEST_LOG=$tmp/logs "$TOP/tests/run.sh" "$tmp/$1" 2>&1)
	rc=$?
	tap_check "tests/run.sh on $1: '$2', exit $3 (got '$(tail -1 <<<"$out")', exit $rc)" \
		test "$(tail -1 <<<"$out")" = "$2" -a "$rc" = "$3"
}
suite pass 0 "ok 1 a" "ok 2 b # SKIP why" "1..2"
count pass "2 passed, 0 failed, 1 skipped" 0
suite leaf 0 "ok 1 a" "not ok 2 b" "1..2"
count leaf "2 passed, 1 failed, 0 skipped" 1
suite status 3 "ok 1 a" "1..1"
count status "2 passed, 1 failed, 0 skipped" 1
suite skipped 0 "1..0 # SKIP no such device"
count skipped "1 passed, 0 failed, 1 skipped" 0
suite empty 0
count empty "1 passed, 1 failed, 0 skipped" 1
tap_done
