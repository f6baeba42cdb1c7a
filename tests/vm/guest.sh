#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The VM suite's guest runner: the command tests/vm/run.sh has
# tests/vm/boot.sh run in the guest.  It prints what the running kernel is
# expected to do (guestlib.sh kernel_facts), runs tests/vm/setup.sh, then
# the chosen steps, and prints each one's TAP as a KTAP subtest (the
# kernel's Documentation/dev-tools/ktap.rst) followed by one result line
# for the step; their other output goes to stderr (out/guest.log).
#
# A step is an executable tests/vm/steps/NN-NAME.sh printing one TAP
# stream; steps run in the order of NN.  VM_ONLY=NAME,NAME... runs only
# those (setup always runs); without VM_ONLY every step runs but those
# whose file has a line "# step: only when named" (the benchmarks).
# A step that hangs ends the run at boot.sh's VM_TIMEOUT; the programs the
# steps run have timeouts of their own.  docs/vm.md, "Adding a step".
# shellcheck source=guestlib.sh
. "${0%/*}/guestlib.sh"

tap_header
echo "# kernel $KDESC: expectations $VM_EXPECT, O_DIRECT takes $VM_DIO_EXPECT (pin: FOLL_PIN pins, ref: page references)"
bad=
case $VM_EXPECT in stock | patched) ;; *) bad="VM_EXPECT=$VM_EXPECT: expected stock or patched" ;; esac
case $VM_DIO_EXPECT in pin | ref) ;; *) bad="VM_DIO_EXPECT=$VM_DIO_EXPECT: expected pin or ref" ;; esac
declare -A known=()
for f in "$VMDIR"/steps/[0-9]*-*.sh; do
	n=${f##*/[0-9][0-9]-}
	known[${n%.sh}]=$f
done
for n in ${VM_ONLY//,/ }; do
	[ -n "${known[$n]:-}" ] || bad="VM_ONLY names $n, which is no step in tests/vm/steps/ ($(printf "%s\n" "${!known[@]}" | sort | paste -sd " "))"
done
if [ -n "$bad" ]; then
	tap_fail "$bad"
	tap_done
	exit 1
fi

tap_run setup "$VMDIR/setup.sh" || { tap_done; exit 1; }
stamp first-test
for f in "$VMDIR"/steps/[0-9]*-*.sh; do
	n=${f##*/[0-9][0-9]-}
	n=${n%.sh}
	if [ -n "$VM_ONLY" ]; then
		[[ ",$VM_ONLY," == *",$n,"* ]] || continue
	elif [[ $(<"$f") == *$'\n# step: only when named\n'* ]]; then
		continue
	fi
	tap_run "$n" "$f"
	stamp "$n"
done
tap_done
