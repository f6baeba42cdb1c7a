#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Step rdmacore: rdma-core's own python suite (python3-pyverbs, unpacked by
# tests/vm/run.sh into VM_RC_TESTS) against rxe0, no worse than
# tests/vm/rdma-core-baseline.txt.  The whole suite takes ~10 s under TCG;
# VM_RC_SUBSET=PAT,PAT... runs unittest -k patterns only, compared against
# the same baseline (docs/vm.md "rdma-core's own suite").
# shellcheck source=../guestlib.sh
. "${0%/*}/../guestlib.sh"
tap_header
sel=()
what=full
if [ -n "$VM_RC_SUBSET" ]; then
	for p in ${VM_RC_SUBSET//,/ }; do sel+=(-k "$p"); done
	what=subset
fi
base=$VMDIR/rdma-core-baseline.txt
res=$OUT/rdma-core-$what.txt
(cd /tmp && timeout 1500 /usr/bin/python3 -B "$VMDIR/rdmacore.py" "${VM_RC_TESTS:?}/tests" \
	"$res" --dev rxe0 --gid "$GIDX" "${sel[@]}") >&2
rc=$?
if [ ! -s "$res" ]; then
	tap_fail "rdma-core suite ($what) produced no results (exit $rc)"
else
	np=$(awk '$2 == "pass"' "$res" | wc -l)
	ns=$(awk '$2 == "skip"' "$res" | wc -l)
	nf=$(awk '$2 == "fail"' "$res" | wc -l)
	if [ ! -s "$base" ]; then
		tap_fail "rdma-core suite ($what): $np pass, $ns skip, $nf fail; no baseline $base"
	else
		# worse than the baseline: a test that passed there and does not pass now
		worse=$(awk 'NR == FNR { if ($2 == "pass") p[$1] = 1; next }
			($1 in p) && $2 != "pass" { print $1, $2 }' "$base" "$res")
		gone=
		[ "$what" = full ] && gone=$(awk 'NR == FNR { seen[$1] = 1; next }
			$2 == "pass" && !($1 in seen) { print $1 }' "$res" "$base")
		if [ -z "$worse$gone" ]; then
			tap_ok "rdma-core suite ($what): $np pass, $ns skip, $nf fail; no worse than the baseline"
		else
			tap_fail "rdma-core suite ($what): $np pass, $ns skip, $nf fail; worse than the baseline"
			printf '%s\n' "$worse" "$gone" | grep . | sed 's/$/ (passed in baseline)/' | head -30 | tap_diag
		fi
	fi
	awk '$2 == "fail"' "$res" | head -20 | tap_diag
fi
tap_done
