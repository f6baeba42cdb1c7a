# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154
# The build check for a tree that is not a kernel tree (an out-of-tree
# driver): build it with Kbuild M= against a kernel build directory, pristine
# and with the series applied (copies under OUT/build-oot, never in TREE),
# and compare errors and warnings object by object.  A conversion that adds
# an error or a warning fails.  Also: the series' files as compiled for the
# kernels before 5.6 that their #if ladders name must not use the pin API
# (scripts/gate.py old-view), and checkpatch.pl --no-tree over the series.
#
# Sourced by check-build.sh (make check-build TREE= [KDIR=]) once it has
# read its arguments, resolved TREE and OUT (scripts/outdir.sh: OUT holds a
# series of make convert's and does not overlap TREE) and locked OUT; it
# uses their top, build, tree, out, kdir, die and log, and exits.
#   KDIR default: Debian's 6.1 headers (/usr/src/linux-headers-6.1*-amd64,
#   installed with apt-get install linux-headers-amd64).
# Writes OUTDIR/build-check.txt (last line "N objects: ..., E new errors,
# W new warnings") and OUTDIR/checkpatch.txt; exit 0 only if nothing is new.

if [ -z "$kdir" ]; then
	kdir=$(ls -d /usr/src/linux-headers-6.1*-amd64 2>/dev/null | sort -V | tail -1)
	if [ -z "$kdir" ]; then
		"$top/scripts/setup/ensure-pkgs.sh" linux-headers-amd64 >&2 ||
			die "cannot install linux-headers-amd64 (give KDIR=<kernel build dir>)"
		kdir=$(ls -d /usr/src/linux-headers-6.1*-amd64 2>/dev/null | sort -V | tail -1)
	fi
fi
[ -n "$kdir" ] && [ -f "$kdir/Makefile" ] || die "KDIR '$kdir' is not a kernel build directory (no Makefile)"
[ -f "$tree/Makefile" ] || [ -f "$tree/Kbuild" ] ||
	die "$tree has no Makefile or Kbuild: Kbuild M= cannot build it"

mapfile -t patches < <(ls "$out"/series/*.patch 2>/dev/null | grep -v '/0000-cover-letter.patch$' || true)
result=$out/build-check.txt
work=$out/build-oot
rm -rf "$work"
mkdir -p "$work"
for side in pristine converted; do
	mkdir -p "$work/$side"
	(cd "$tree" && tar -cf - --exclude=.git .) | tar -C "$work/$side" -xf -
done
if [ ${#patches[@]} -gt 0 ]; then
	cat "${patches[@]}" | (cd "$work/converted" && patch -s -p1) ||
		die "the series does not apply to a copy of $tree"
fi

# Build both sides; keep the compiler's output.
for side in pristine converted; do
	make -C "$kdir" M="$work/$side" modules >"$work/$side.log" 2>&1 || true
done

# Compare diagnostics, object by object (line numbers left out: the
# conversion moves lines).
rc=0
python3 - "$work" "$result" "${#patches[@]}" <<'EOF' || rc=1
import collections, re, sys
work, result, npatches = sys.argv[1], sys.argv[2], int(sys.argv[3])
DIAG = re.compile(r'^(?P<file>[^\s:]+\.[ch]):\d+(?::\d+)?: (?P<kind>warning|error|fatal error): '
                  r'(?P<msg>.*)$')
MODPOST = re.compile(r'^(?:ERROR|WARNING): modpost: (?P<msg>.*)$')


def diags(side):
    out = collections.Counter()
    built = set()
    for ln in open('%s/%s.log' % (work, side), errors='replace'):
        ln = ln.rstrip('\n')
        m = DIAG.match(ln)
        if m:
            f = m.group('file').replace('%s/%s/' % (work, side), '')
            kind = 'error' if 'error' in m.group('kind') else 'warning'
            obj = re.sub(r'\.[ch]$', '.o', f)
            out[(obj, kind, m.group('msg'))] += 1
            continue
        m = MODPOST.match(ln)
        if m:
            kind = 'error' if ln.startswith('ERROR') else 'warning'
            out[('modpost', kind, m.group('msg').replace('%s/%s/' % (work, side), ''))] += 1
        m = re.match(r'^\s+CC \[M\]\s+(\S+)', ln)
        if m:
            built.add(m.group(1).replace('%s/%s/' % (work, side), ''))
    return out, built


old, old_objs = diags('pristine')
new, new_objs = diags('converted')
added = new - old
objs = sorted(old_objs | new_objs | {k[0] for k in old | new})
lines = []
for o in objs:
    n = [k for k in added.elements() if k[0] == o]
    e = sum(v for k, v in new.items() if k[0] == o and k[1] == 'error')
    w = sum(v for k, v in new.items() if k[0] == o and k[1] == 'warning')
    if n:
        lines.append('NEW  %s' % o)
        lines += ['     %s: %s' % (k[1], k[2]) for k in n]
    else:
        lines.append('OK   %s (%d errors, %d warnings, none new)' % (o, e, w))
ne = sum(v for k, v in added.items() if k[1] == 'error')
nw = sum(v for k, v in added.items() if k[1] == 'warning')
if not objs:
    lines.append('FAIL nothing was compiled: see %s/pristine.log' % work)
    ne += 1
lines.append('%d objects (%d patches): pristine %d errors %d warnings, converted %d errors '
             '%d warnings: %d new errors, %d new warnings' % (
                 len(objs), npatches,
                 sum(v for k, v in old.items() if k[1] == 'error'),
                 sum(v for k, v in old.items() if k[1] == 'warning'),
                 sum(v for k, v in new.items() if k[1] == 'error'),
                 sum(v for k, v in new.items() if k[1] == 'warning'), ne, nw))
open(result, 'w').write('\n'.join(lines) + '\n')
sys.exit(1 if ne or nw else 0)
EOF

# The old kernels: the converted files as compiled for each kernel before 5.6
# that their #if ladders name must not use the pin API (unless they include
# pinconv_compat.h).
# MIN_KERNEL as make convert decided it (given, or the driver's stated
# minimum: OUT/work/min-kernel.json): the kernels below it are not built.
mapfile -t touched < <(cat "${patches[@]}" /dev/null | sed -n 's|^+++ b/||p' | grep '\.[ch]$' | sort -u)
mk=
[ ! -f "$out/work/min-kernel.json" ] || mk=$(python3 -c 'import json, sys
m = json.load(open(sys.argv[1]))
print(m["version"] if m["source"] in ("given", "guard") else "")' "$out/work/min-kernel.json")
if [ ${#touched[@]} -gt 0 ]; then
	if python3 "$top/scripts/gate.py" old-view --work "$work/converted" ${mk:+--min-kernel "$mk"} "${touched[@]}" \
		>"$work/old-view.txt"; then
		echo "OLD  $(tail -1 "$work/old-view.txt")" >>"$result"
	else
		sed 's/^/OLD  /' "$work/old-view.txt" >>"$result"
		rc=1
	fi
fi

# checkpatch.pl --no-tree (from the kernel source under BUILD) over the series.
src=$build/linux-source-6.1
if [ ${#patches[@]} -eq 0 ]; then
	echo "empty series" >"$out/checkpatch.txt"
elif [ -f "$src/scripts/checkpatch.pl" ]; then
	np=0 ne=0 nw=0
	: >"$out/checkpatch.txt"
	for p in "${patches[@]}"; do
		o=$(perl "$src/scripts/checkpatch.pl" --no-tree --no-color --show-types "$p" 2>&1 || true)
		printf '== %s\n%s\n' "$(basename "$p")" "$o" >>"$out/checkpatch.txt"
		e=$(echo "$o" | sed -n 's/^total: \([0-9]*\) errors, \([0-9]*\) warnings.*/\1/p')
		w=$(echo "$o" | sed -n 's/^total: \([0-9]*\) errors, \([0-9]*\) warnings.*/\2/p')
		np=$((np + 1)) ne=$((ne + ${e:-1})) nw=$((nw + ${w:-0}))
	done
	echo "$np patches, $ne errors, $nw warnings" >>"$out/checkpatch.txt"
	echo "CHECKPATCH $np patches, $ne errors, $nw warnings (checkpatch.txt)" >>"$result"
	[ "$ne" -eq 0 ] || rc=1
else
	echo "CHECKPATCH skipped: no $src/scripts/checkpatch.pl (make tree)" >>"$result"
fi
cat "$result"
exit "$rc"
