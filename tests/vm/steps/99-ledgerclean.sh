#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Step ledgerclean, the last: nothing the suite pinned (MRs, killed MR
# holders, gup_test, the ledger test, O_DIRECT) may still be pinned: the pin
# ledger has no outstanding row and its stats say 0 outstanding.
# shellcheck source=../guestlib.sh
. "${0%/*}/../guestlib.sh"
tap_header
what="pin ledger: zero outstanding pins after the whole suite"
if why=$(ledger_missing) && [ -n "$why" ]; then
	tap_skip "$what" "$why"
else
	rows=$(grep -v -e '^#' -e '^[[:space:]]*$' "$LEDGER/outstanding")
	n=$(awk '$1 == "outstanding" { print $2 }' "$LEDGER/stats")
	if [ -z "$rows" ] && [ "$n" = 0 ]; then
		tap_ok "$what (stats: $(tr '\n' ' ' <"$LEDGER/stats"))"
	else
		tap_fail "$what (stats outstanding ${n:-missing})"
		printf '%s\n' "$rows" | head -20 | tap_diag
	fi
fi
tap_done
