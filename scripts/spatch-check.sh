#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Check once, before a run, that spatch can run a rule with Python scripting
# (every pinconv rule has some).  Without the shared libpython that
# Coccinelle embeds, spatch runs but every Python rule fails, and a run would
# blame the code for what is the tool's fault.
# Usage: spatch-check.sh [SPATCH]; one error line and exit 1 when it cannot.
set -u
SPATCH=${1:-spatch}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/check.cocci" <<'COCCI'
@r@
identifier f;
@@
f(...) { ... }

@script:python@
f << r.f;
@@
print("pinconv-python-ok:" + f)
COCCI
echo 'int pinconv_probe(void) { return 0; }' >"$tmp/probe.c"
out=$(cd "$tmp" && "$SPATCH" --very-quiet --sp-file check.cocci probe.c 2>"$tmp/err")
if [ "$out" != "pinconv-python-ok:pinconv_probe" ]; then
	why=$(grep -m1 -E 'Py\.find_library|Fatal error|rror' "$tmp/err" || head -1 "$tmp/err")
	pyver=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || echo 3)
	echo "pinconv: spatch ($SPATCH) cannot run Python rules (${why:-no output}): apt-get install libpython$pyver" >&2
	exit 1
fi
