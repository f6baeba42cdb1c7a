#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Unit tests of scripts/pageflow.py (python unittest, reported as TAP).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
tap_header
out=$(python3 -m unittest discover -v -s "$top/tests/pageflow" -p 'test_*.py' 2>&1)
while IFS= read -r ln; do
	case $ln in
	*' ... ok') tap_ok "${ln% ... ok}" ;;
	*' ... skipped'*) tap_skip "${ln%% ... *}" "${ln##* ... skipped }" ;;
	*' ... FAIL' | *' ... ERROR') tap_fail "${ln% ... *}" ;;
	esac
done <<<"$out"
echo "$out" | grep -A30 -E '^(FAIL|ERROR):' | tap_diag
tap_done
