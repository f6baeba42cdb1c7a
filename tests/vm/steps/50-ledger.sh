#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Step ledger: the kernel selftest pin_ledger (kernel/0009, built beside
# gup_test) against the pin ledger (CONFIG_PIN_LEDGER): a get/unpin mismatch
# is refused and logged, a pin released with put_page() by a process that
# then exits is reported, and gup_test's repair ioctl balances it (docs/vm.md
# "Pin ledger").
# shellcheck source=../guestlib.sh
. "${0%/*}/../guestlib.sh"
tap_header
if why=$(ledger_missing) && [ -n "$why" ]; then
	tap_skip "pin ledger" "$why"
elif [ ! -x "$LEDGERTEST" ]; then
	tap_skip "pin ledger" "no pin_ledger selftest beside gup_test (VM_GUPTEST) for kernel $KDESC"
else
	tap_run pin_ledger timeout 120 "$LEDGERTEST"
fi
tap_done
