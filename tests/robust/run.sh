#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make convert as a user meets it (TAP): no spelling of TREE, OUT or M= writes
# into the tree or deletes it; OUT is pinconv's alone (marker, lock, new
# output only at the end); every spatch failure reaches the report and the
# exit status; any file name a tree can hold is converted.  After every run
# the input tree is compared byte for byte (names, modes, sizes, contents).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
conv() { "$top/scripts/convert.sh" "$@"; }

# snap DIR: every entry with its type, mode, size and link target, then the
# content hash of every file
snap() {
	(cd "$1" && find . -printf '%p\t%M\t%s\t%l\n' | LC_ALL=C sort &&
		find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
}
# site NAME: a direct-I/O style call site converted in every engine (case 5)
site() {
	cat <<EOF
// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/highmem.h>

static int $1(unsigned long uaddr, int n)
{
	struct page *pages[16];
	int got, i;

	got = get_user_pages_fast(uaddr, n, FOLL_WRITE, pages);
	if (got <= 0)
		return got;
	for (i = 0; i < got; i++) {
		void *p = kmap_local_page(pages[i]);

		memset(p, 0, PAGE_SIZE);
		kunmap_local(p);
		set_page_dirty_lock(pages[i]);
		put_page(pages[i]);
	}
	return 0;
}
EOF
}
mktree() { # DIR FILE...: a tree with one call site in each FILE
	local d=$1 f n=0
	shift
	for f in "$@"; do
		n=$((n + 1))
		mkdir -p "$d/$(dirname -- "$f")"
		site "zero_user_$n" >"$d/$f"
	done
}
# refused MSG CMD...: one error line naming MSG, non-zero exit
refused() {
	local msg=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	[ $rc -ne 0 ] && [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] && printf '%s\n' "$out" | grep -q -- "$msg" ||
		{ echo "exit $rc: $out"; return 1; }
}
verdicts() { # OUT: "file verdict" per row
	tail -n +2 "$1/report.tsv" | awk -F'\t' '{print $1, $5}'
}

tap_header
if ! command -v spatch >/dev/null; then
	tap_skip "robustness" "spatch not installed (make deps-convert)"
	tap_done
	exit 1
fi

t=$tmp/t
mktree "$t" drivers/misc/a.c drivers/misc/b.c
snap "$t" >"$tmp/t.snap"
unchanged() { snap "$1" | diff "$2" -; }

# --- OUT and TREE overlap, by any spelling -----------------------------------
conv --tree "$t" --out "$tmp/outA" >/dev/null 2>&1
snap "$tmp/outA/work/git" >"$tmp/conv.snap"
tap_check "a tree inside OUT (the converted copy, same OUT) is refused" \
	refused "must not be inside OUT" conv --tree "$tmp/outA/work/git" --out "$tmp/outA"
tap_check "... and that tree is intact" unchanged "$tmp/outA/work/git" "$tmp/conv.snap"
ln -s "$t" "$tmp/tlink"
tap_check "OUT that is a symlink to the tree is refused" \
	refused "must not be the tree" conv --tree "$t" --out "$tmp/tlink"
tap_check "OUT inside the tree, the tree reached through a symlink, is refused" \
	refused "must not be the tree or inside it" conv --tree "$tmp/tlink" --out "$t/out"
tap_check "OUT inside the tree through a symlinked OUT parent is refused" \
	refused "must not be the tree or inside it" conv --tree "$t" --out "$tmp/tlink/drivers/out"
tap_check "... no refused run created anything in the tree" unchanged "$t" "$tmp/t.snap"

# --- M= stays in the tree ------------------------------------------------------
tap_check "M= with ../ that leaves the tree is refused" \
	refused "leaves the tree" conv --tree "$t" --out "$tmp/outM1" --subdir ../../etc
tap_check "M= absolute is refused" \
	refused "must be a path relative" conv --tree "$t" --out "$tmp/outM1" --subdir /etc
conv --tree "$t" --out "$tmp/outM2" --subdir "../t/drivers/./misc/" >"$tmp/m2.log" 2>&1
tap_check "M= that comes back into the tree is confined to it (sites under drivers/misc)" \
	test "$(verdicts "$tmp/outM2" | sort | tr '\n' ' ')" = \
	"drivers/misc/a.c converted drivers/misc/b.c converted "
tap_check "... and the tree is byte-identical" unchanged "$t" "$tmp/t.snap"

# --- OUT belongs to pinconv ----------------------------------------------------
mkdir -p "$tmp/mine/work" "$tmp/mine/series"
echo notes >"$tmp/mine/work/notes.txt"
echo keep >"$tmp/mine/series/0001-mine.patch"
snap "$tmp/mine" >"$tmp/mine.snap"
tap_check "an existing directory not made by pinconv is refused as OUT" \
	refused "not made by pinconv" conv --tree "$t" --out "$tmp/mine"
tap_check "... and keeps its files" unchanged "$tmp/mine" "$tmp/mine.snap"
tap_check "a file as OUT is refused" refused "is not a directory" conv --tree "$t" --out "$t/drivers/misc/a.c"
mkdir -p "$tmp/empty-out"
tap_check "an existing empty directory is taken as OUT" \
	bash -c '"$0" --tree "$1" --out "$2" >/dev/null 2>&1 && test -f "$2/report.tsv"' \
	"$top/scripts/convert.sh" "$t" "$tmp/empty-out"

# --- one run at a time, and nothing stale ------------------------------------
snap "$tmp/outA" >"$tmp/outA.snap"
tap_check "a second run into a locked OUT is refused" \
	bash -c 'exec 9>>"$1/.pinconv-lock"; flock 9; "$0" --tree "$2" --out "$1" 2>&1 | grep -q "another pinconv run" &&
		! "$0" --tree "$2" --out "$1" 2>/dev/null' "$top/scripts/convert.sh" "$tmp/outA" "$t"
tap_check "... and the locked OUT is untouched" unchanged "$tmp/outA" "$tmp/outA.snap"
echo stale >"$tmp/outA/build-check.txt"
echo stale >"$tmp/outA/series/0099-stale.patch"
conv --tree "$t" --out "$tmp/outA" >/dev/null 2>&1
tap_check "files of an earlier run do not stay beside the new output" \
	test ! -e "$tmp/outA/build-check.txt" -a ! -e "$tmp/outA/series/0099-stale.patch" -a -f "$tmp/outA/report.tsv"
(cd "$tmp/outA" && sha256sum report.tsv report.txt series/*) >"$tmp/outA.sum"
cat >"$tmp/slow-spatch" <<'EOF'
#!/bin/sh
case "$*" in *probe.c*) ;; *) sleep 60 ;; esac
exec spatch "$@"
EOF
chmod +x "$tmp/slow-spatch"
setsid env SPATCH="$tmp/slow-spatch" "$top/scripts/convert.sh" --tree "$t" --out "$tmp/outA" \
	>/dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do [ -d "$tmp/outA/.staging/work/logs" ] && break; sleep 0.1; done
sleep 1
kill -TERM -- -"$pid" 2>/dev/null
wait "$pid" 2>/dev/null
tap_check "an interrupted run leaves the previous output whole" \
	bash -c 'cd "$0" && sha256sum -c --quiet "$1"' "$tmp/outA" "$tmp/outA.sum"
conv --tree "$t" --out "$tmp/outA" >/dev/null 2>&1
tap_check "... and the next run replaces it, with no staging left" \
	test -f "$tmp/outA/report.tsv" -a ! -e "$tmp/outA/.staging"

gl="$tmp/out [try 2] *?\\"
conv --tree "$t" --out "$gl" >/dev/null 2>&1
conv --tree "$t" --out "$gl" >"$tmp/gl.log" 2>&1
tap_check "an OUT whose name has glob characters is replaced, not emptied" \
	test -f "$gl/report.tsv" -a -f "$gl/series/0000-cover-letter.patch" -a ! -e "$gl/.staging"

# --- an interrupt stops the run's workers and frees OUT -----------------------
cat >"$tmp/sleepy-spatch" <<'EOF'
#!/bin/sh
case "$*" in *probe.c*) ;; *) touch "${SLEEPY_MARK}.$$"; sleep 30 ;; esac
exec spatch "$@"
EOF
chmod +x "$tmp/sleepy-spatch"
mktree "$tmp/many" d/1.c d/2.c d/3.c d/4.c d/5.c d/6.c
SLEEPY_MARK=$tmp/sleepy SPATCH=$tmp/sleepy-spatch "$top/scripts/convert.sh" --tree "$tmp/many" \
	--out "$tmp/outS" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do ls "$tmp"/sleepy.* >/dev/null 2>&1 && break; sleep 0.1; done
kill -TERM "$pid"
wait "$pid" 2>/dev/null
sleep 1
tap_check "killing the run stops its spatch workers" \
	bash -c '! pgrep -f "^/bin/sh $0" >/dev/null' "$tmp/sleepy-spatch"
tap_check "... and the next run can take OUT at once" \
	bash -c '"$0" --tree "$1" --out "$2" >/dev/null 2>&1 && test -f "$2/report.tsv"' \
	"$top/scripts/convert.sh" "$tmp/many" "$tmp/outS"

# --- spatch failures reach the report and the exit status ---------------------
f=$tmp/fail
mktree "$f" drivers/misc/ok.c
python3 - "$f/drivers/misc/huge.c" <<'EOF'
import sys
with open(sys.argv[1], 'w') as out:
    out.write('#include <linux/mm.h>\n\nstatic void huge(unsigned long a, struct page **pages)\n{\n')
    for i in range(2000):
        out.write('\tif (get_user_pages_fast(a + %d, 1, 0, &pages[%d]) == 1)\n'
                  '\t\tput_page(pages[%d]);\n' % (i, i, i))
    out.write('}\n')
EOF
snap "$f" >"$tmp/f.snap"
PINCONV_SPATCH_TIMEOUT=2 conv --tree "$f" --out "$tmp/outF" >"$tmp/f.log" 2>&1
rc=$?
tap_check "a spatch timeout makes the run exit 3 (got $rc)" test "$rc" -eq 3
tap_check "... every site of the file is spatch-failed with spatch's message" \
	awk -F'\t' '$1 == "drivers/misc/huge.c" {n++; if ($5 != "spatch-failed" || $8 !~ /timeout/) bad++}
		END {exit !(n == 2000 && !bad)}' "$tmp/outF/report.tsv"
tap_check "... the other file is still converted, and only it is in the series" \
	bash -c 'awk -F"\t" "\$1 == \"drivers/misc/ok.c\" && \$5 == \"converted\" {ok=1} END {exit !ok}" "$0/report.tsv" &&
		grep -l "huge.c" "$0"/series/0001-*.patch | grep -q . && exit 1;
		grep -q "ok.c" "$0"/series/0001-*.patch' "$tmp/outF"
tap_check "... and the input is byte-identical" unchanged "$f" "$tmp/f.snap"
# spatch's stack: a function with many calls (300 here, under a 256 KiB
# stack; 2,000 under the usual 8 MiB) overflows it unless the run raises it
deep=$tmp/deep
mktree "$deep" drivers/misc/ok.c
python3 - "$deep/drivers/misc/deep.c" <<'EOF'
import sys
with open(sys.argv[1], 'w') as out:
    out.write('#include <linux/mm.h>\n\nstruct buf { struct page **pages; int n; };\n\n'
              'static int deep_map(struct buf *b, unsigned long uaddr)\n{\n\tint ret;\n\n')
    for i in range(300):
        out.write('\tret = get_user_pages_fast(uaddr + %d * PAGE_SIZE, 1, FOLL_WRITE, b->pages);\n'
                  '\tif (ret != 1)\n\t\tgoto err;\n' % i)
    out.write('\treturn 0;\nerr:\n\twhile (b->n--)\n\t\tput_page(b->pages[b->n]);\n'
              '\treturn -EFAULT;\n}\n')
EOF
(ulimit -S -s 256 && PINCONV_CACHE= conv --tree "$deep" --out "$tmp/outD" >"$tmp/d.log" 2>&1)
rc=$?
tap_check "a function of 300 calls under a 256 KiB stack: the run exits 0 (got $rc)" test "$rc" -eq 0
tap_check "... and all 300 sites are converted, none spatch-failed" \
	awk -F'\t' '$1 == "drivers/misc/deep.c" {n++; if ($5 != "converted") bad++}
		END {exit !(n == 300 && !bad)}' "$tmp/outD/report.tsv"
# (the facts batches name their files in a --file-groups list)
cat >"$tmp/crash-spatch" <<'EOF'
#!/bin/sh
crash() { echo 'Fatal error: exception Stack_overflow' >&2; exit 2; }
case "$*" in
*huge.c*) crash ;;
esac
prev=
for a; do
	[ "$prev" != --file-groups ] || ! grep -q huge.c "$a" || crash
	prev=$a
done
exec spatch "$@"
EOF
chmod +x "$tmp/crash-spatch"
SPATCH=$tmp/crash-spatch conv --tree "$f" --out "$tmp/outF2" >"$tmp/f2.log" 2>&1
rc=$?
tap_check "a spatch crash on one file: exit 3 and spatch-failed rows naming Stack_overflow" \
	bash -c '[ "$1" -eq 3 ] && awk -F"\t" "\$1 == \"drivers/misc/huge.c\" && \$5 == \"spatch-failed\" && \$8 ~ /Stack_overflow/ {ok=1} END {exit !ok}" "$0/report.tsv"' \
	"$tmp/outF2" "$rc"
cat >"$tmp/nopy-spatch" <<'EOF'
#!/bin/sh
echo 'Py.find_library: unable to find the Python library [libpython3.11.so returned libpython3.11.so: cannot open shared object file]' >&2
exit 1
EOF
chmod +x "$tmp/nopy-spatch"
tap_check "spatch without Python scripting: one line naming libpython, before any work" \
	bash -c 'out=$(SPATCH="$1" "$0" --tree "$2" --out "$3" 2>&1); rc=$?
		[ $rc -ne 0 ] && [ "$(echo "$out" | wc -l)" -eq 1 ] && echo "$out" | grep -q "apt-get install libpython" &&
		[ ! -e "$3" ]' "$top/scripts/convert.sh" "$tmp/nopy-spatch" "$t" "$tmp/outP"

# --- a missing tool is said, not taken for an answer ---------------------------
# (applies.sh decides whether the core series applies: without patch(1) the
# run used to go on without the iov_iter conversion, silently)
mkdir -p "$tmp/k/include/linux"
cp "$t/drivers/misc/a.c" "$tmp/k/a.c"
echo 'struct iov_iter;' >"$tmp/k/include/linux/uio.h"
tap_check "without patch(1), the core-API check stops the run with one line" \
	env PATCH=/nonexistent/patch bash -c 'out=$("$0" --tree "$1" --out "$2" 2>&1); rc=$?
		[ $rc -eq 1 ] && [ "$(echo "$out" | wc -l)" -eq 1 ] && echo "$out" | grep -q "patch(1) not found"' \
	"$top/scripts/convert.sh" "$tmp/k" "$tmp/outK"

# --- a read-only tree, run as an ordinary user --------------------------------
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	ro=$tmp/ro
	mktree "$ro" drivers/misc/ro.c
	chmod -R a-w,a+rX "$ro"
	chmod 755 "$tmp"
	mkdir -p "$tmp/home" "$tmp/ro-out"
	chown 65534:65534 "$tmp/home" "$tmp/ro-out"
	snap "$ro" >"$tmp/ro.snap"
	# nobody may not reach this checkout (a clone in /root): run a copy
	pc=$tmp/pinconv
	mkdir -p "$pc"
	(cd "$top" && tar --exclude=./build --exclude=./out --exclude=./.git -cf - .) | tar -C "$pc" -xf -
	k=${BUILD:-$top/build}/linux-source-6.1
	for f in mm/gup.c include/linux/mm.h; do
		[ -f "$k/$f" ] && mkdir -p "$pc/build/linux-source-6.1/$(dirname "$f")" &&
			cp "$k/$f" "$pc/build/linux-source-6.1/$f"
	done
	chmod -R a+rX "$pc"
	setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$tmp/home" BUILD="$pc/build" \
		"$pc/scripts/convert.sh" --tree "$ro" --out "$tmp/ro-out/o" >"$tmp/ro.log" 2>&1
	tap_check "a read-only tree, run as nobody: converted, with a patch" \
		bash -c 'awk -F"\t" "\$5 == \"converted\" {ok=1} END {exit !ok}" "$0/report.tsv" &&
			ls "$0"/series/0001-*.patch >/dev/null' "$tmp/ro-out/o"
	[ -f "$tmp/ro-out/o/report.tsv" ] || tap_diag <"$tmp/ro.log"
	tap_check "... and the read-only tree is unchanged" unchanged "$ro" "$tmp/ro.snap"
	mktree "$tmp/ur" a.c secret/b.c
	chmod 755 "$tmp/ur" "$tmp/ur/secret"
	chmod 600 "$tmp/ur/secret/b.c"
	tap_check "a C file the user cannot read: one error line naming it" \
		setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$tmp/home" BUILD="$pc/build" \
		bash -c 'out=$("$0" --tree "$1" --out "$2" 2>&1); rc=$?
			[ $rc -eq 1 ] && [ "$(echo "$out" | wc -l)" -eq 1 ] && echo "$out" | grep -q "secret/b.c"' \
		"$pc/scripts/convert.sh" "$tmp/ur" "$tmp/ro-out/ur"
else
	tap_skip "a read-only tree, run as nobody" "needs root and setpriv to switch to nobody"
	tap_skip "... and the read-only tree is unchanged" "needs root and setpriv"
	tap_skip "a C file the user cannot read" "needs root and setpriv"
fi
if [ "$(id -u)" -eq 0 ] && mkdir -p "$tmp/view" && mount --bind "$t" "$tmp/view" 2>/dev/null; then
	tap_check "OUT inside the tree through a bind mount of it is refused" \
		refused "must not be the tree or inside it" conv --tree "$t" --out "$tmp/view/out"
	umount "$tmp/view"
	tap_check "... and nothing was created in the tree" unchanged "$t" "$tmp/t.snap"
else
	tap_skip "OUT inside the tree through a bind mount of it is refused" "needs root and mount --bind"
	tap_skip "... and nothing was created in the tree" "needs root and mount --bind"
fi

# --- any file name a tree can hold, through make with '$' and spaces ---------
odd="$tmp/my \$HOME tree"
names=("drivers/a b.c" "drivers/é.c" "drivers/\$PATH.c" "drivers/-lead.c" "drivers/x:1:2-3: y.c"
	"sub dir/\$(id).c" "drivers/'q'.c" "drivers/$(printf 'lat\351n').c" "drivers/\$(touch pwned).c"
	"drivers/new"$'\n'"line.c" "drivers/tab"$'\t'"name.c" "drivers/back\\slash.c")
mktree "$odd" "${names[@]}"
snap "$odd" >"$tmp/odd.snap"
oout="$tmp/out \$x 'q'"
make -s -C "$top" convert TREE="$odd" OUT="$oout" >"$tmp/odd.log" 2>&1
rc=$?
tap_check "make convert with '\$', quotes and spaces in TREE and OUT exits 0" test "$rc" -eq 0
[ "$rc" -eq 0 ] || tail -5 "$tmp/odd.log" | tap_diag
tap_check "report.tsv has 8 columns on every row" \
	test -z "$(awk -F'\t' 'NF != 8' "$oout/report.tsv" 2>/dev/null)"
tap_check "every oddly named file has a converted row" \
	test "$(tail -n +2 "$oout/report.tsv" 2>/dev/null | awk -F'\t' '$5 == "converted"' | wc -l)" -eq "${#names[@]}"
cp -r "$odd" "$tmp/applied"
git -C "$tmp/applied" init -q
cat "$oout"/series/0*-*.patch 2>/dev/null | grep -v '^$' >/dev/null
ok=1
for p in "$oout"/series/0*.patch; do
	case $p in */0000-cover-letter.patch) continue ;; esac
	git -C "$tmp/applied" apply "$p" || ok=0
done
missing=$(for n in "${names[@]}"; do grep -q 'pin_user_pages_fast(' "$tmp/applied/$n" || echo "$n"; done)
tap_check "the series converts every oddly named file" test "$ok" -eq 1 -a -z "$missing"
[ -z "$missing" ] || printf '%s\n' "$missing" | tap_diag
tap_check "... and the tree is byte-identical" unchanged "$odd" "$tmp/odd.snap"
tap_check "no file name was run as a command (no 'pwned' file anywhere)" \
	test -z "$(find "$tmp" "$top" -name pwned -print -quit)"

# --- a carrier structure in a header: a directory with a space, no #include ---
c=$tmp/carrier
mkdir -p "$c/my dir"
sed -n '/^struct alg_sgl {/,/^};/p' "$top/tests/cocci/iov_iter_to_pin/carrier_sgl.c" >"$c/my dir/alg.h"
sed '/^struct alg_sgl {/,/^};/d; s|^#include <linux/mm.h>|&\n#include "alg.h"|' \
	"$top/tests/cocci/iov_iter_to_pin/carrier_sgl.c" >"$c/my dir/alg.c"
snap "$c" >"$tmp/c.snap"
conv --tree "$c" --out "$tmp/outC" --core-api yes >"$tmp/c.log" 2>&1
rc=$?
tap_check "carrier header in a directory with a space and without #include: converted" \
	bash -c '[ "$1" -eq 0 ] && grep -q "^+#include <linux/uio.h>" "$0"/series/0001-*.patch &&
		grep -q "pin_mode" "$0"/series/0001-*.patch' "$tmp/outC" "$rc"
[ "$rc" -eq 0 ] || tail -3 "$tmp/c.log" | tap_diag
tap_check "... and the tree is byte-identical" unchanged "$c" "$tmp/c.snap"
# Two workers alias the same file at once (its facts batch and its iov_iter
# rules); the iov_iter rules start late, after the facts run has ended and
# removed its copy.  Each run must keep its own copy.
cat >"$tmp/late-iov-spatch" <<'EOF'
#!/bin/sh
case "$*" in *-D\ facts*iov_iter_*) sleep 3 ;; esac
exec spatch "$@"
EOF
chmod +x "$tmp/late-iov-spatch"
SPATCH=$tmp/late-iov-spatch PINCONV_CACHE= conv --tree "$c" --out "$tmp/outC2" --core-api yes --jobs 2 \
	>"$tmp/c2.log" 2>&1
tap_check "... also when its iov_iter rules run after its facts run removed its copy" \
	bash -c '[ "$(cut -f5 "$0/report.tsv" | tail -n +2)" = converted ] &&
		grep -q "pin_mode" "$0"/series/0001-*.patch' "$tmp/outC2"

# --- checkpatch leaves a full tree alone ----------------------------------------
k61=${BUILD:-$top/build}/linux-source-6.1
if [ -f "$k61/scripts/checkpatch.pl" ]; then
	ft=$tmp/full
	mkdir -p "$ft/scripts" "$ft/include/linux"
	cp "$k61/scripts/checkpatch.pl" "$k61/scripts/spelling.txt" "$k61/scripts/const_structs.checkpatch" \
		"$ft/scripts/" 2>/dev/null
	cp "$k61/Makefile" "$ft/Makefile"
	# what checkpatch takes for the top of a kernel tree
	mkdir -p "$ft"/{Documentation,arch,fs,init,ipc,kernel,lib}
	touch "$ft"/{COPYING,CREDITS,Kbuild,MAINTAINERS,README}
	cp "$k61/include/linux/mm.h" "$ft/include/linux/mm.h"
	mktree "$ft" drivers/staging/vend/vend.c
	sed -i 's/\bgot\b/nGot/g' "$ft/drivers/staging/vend/vend.c"	# CamelCase: checkpatch caches
	echo mine >"$ft/.checkpatch-camelcase.mine"
	snap "$ft" >"$tmp/ft.snap"
	conv --tree "$ft" --out "$tmp/outFT" >"$tmp/ft.log" 2>&1
	tap_check "checkpatch over a full tree's series writes nothing into the tree" unchanged "$ft" "$tmp/ft.snap"
else
	tap_skip "checkpatch over a full tree's series writes nothing into the tree" "no 6.1 source (make tree)"
fi

# --- the facts cache (scripts/factcache.py) ------------------------------------
# A second run over the same tree reads the facts from the cache and writes
# the same output; a changed file is analysed again; PINCONV_CACHE= is off.
c=$tmp/cache
mktree "$c/t" drivers/misc/a.c drivers/misc/b.c
# and an iov_iter user: the iov_iter rules' records are cached too
cat >"$c/t/drivers/misc/iov.c" <<'EOF'
// SPDX-License-Identifier: GPL-2.0
#include <linux/uio.h>

static ssize_t grab(struct iov_iter *it, struct page **pages, size_t *off)
{
	ssize_t n = iov_iter_get_pages2(it, pages, PAGE_SIZE, 1, off);

	if (n > 0)
		put_page(pages[0]);
	return n;
}
EOF
cat >"$tmp/count-spatch" <<'EOF'
#!/bin/sh
case "$*" in
*gup_facts.cocci*) echo x >>"$COUNT_FILE" ;;
*"-D facts"*iov_iter_*) echo x >>"$COUNT_FILE.iov" ;;
esac
exec spatch "$@"
EOF
chmod +x "$tmp/count-spatch"
cached() { # OUT COUNT: a run with the test's cache, counting gup_facts runs
	: >"$2"
	: >"$2.iov"
	COUNT_FILE=$2 SPATCH=$tmp/count-spatch PINCONV_CACHE=$c/facts conv --tree "$c/t" --out "$1" >"$1.log" 2>&1
}
cached "$c/o1" "$c/n1"
cached "$c/o2" "$c/n2"
tap_check "facts cache: the first run analyses the files ($(wc -l <"$c/n1") gup_facts runs)" test -s "$c/n1"
tap_check "... a second run over the same tree runs no gup_facts, and says so" \
	bash -c '[ ! -s "$0" ] && grep -q "come from the cache" "$1"' "$c/n2" "$c/o2.log"
tap_check "... nor the iov_iter rules' facts (the first run made them $(wc -l <"$c/n1.iov") times)" \
	bash -c '[ -s "$0" ] && [ ! -s "$1" ]' "$c/n1.iov" "$c/n2.iov"
tap_check "... and writes the same report and patches" \
	bash -c 'cmp -s "$0/report.tsv" "$1/report.tsv" &&
		diff <(cat "$0"/series/*.patch | grep -v "^From \|^Date: ") \
			<(cat "$1"/series/*.patch | grep -v "^From \|^Date: ") >/dev/null' "$c/o1" "$c/o2"
# b.c changes: its call moves down two lines; a.c still comes from the cache
sed -i 's|^#include <linux/mm.h>$|#include <linux/mm.h>\n\n/* moved */|' "$c/t/drivers/misc/b.c"
cached "$c/o3" "$c/n3"
tap_check "... a changed file is analysed again (one gup_facts run), with its new line" \
	bash -c '[ "$(wc -l <"$0")" -eq 1 ] &&
		awk -F"\t" "\$1 == \"drivers/misc/b.c\" && \$2 == 12 {ok=1} END {exit !ok}" "$1/report.tsv"' \
	"$c/n3" "$c/o3"
: >"$c/n4"
COUNT_FILE=$c/n4 SPATCH=$tmp/count-spatch PINCONV_CACHE= BUILD=$c/build \
	conv --tree "$c/t" --out "$c/o4" >"$c/o4.log" 2>&1
tap_check "... PINCONV_CACHE= turns it off: every file analysed, no cache written" \
	bash -c '[ -s "$0" ] && [ ! -e "$1/cache" ]' "$c/n4" "$c/build"

# --- a non-UTF-8 byte inside code spatch cannot parse --------------------------
u=$tmp/u
mkdir -p "$u"
printf '#include <linux/mm.h>\nstatic int f(unsigned long a, struct page **p)\n{\n\tint n = get_user_pages_fast(a, 1, 0, p) \xff\xfe @@ ;\n\treturn n;\n}\n' >"$u/bad.c"
conv --tree "$u" --out "$tmp/outU" >"$tmp/u.log" 2>&1
rc=$?
tap_check "a non-UTF-8 byte in an unparsable region: exit 0 and a report row" \
	bash -c '[ "$1" -eq 0 ] && awk -F"\t" "\$1 == \"bad.c\" && \$2 == 4 {ok=1} END {exit !ok}" "$0/report.tsv"' \
	"$tmp/outU" "$rc"
tap_done
