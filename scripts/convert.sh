#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# pinconv's main job: run the cocci/ rules over a tree of C sources and write
#   OUT/series/      git format-patch series, one patch per directory
#   OUT/report.tsv   every gup-family / iov_iter_get_pages*() call site
#   OUT/report.txt   the same, grouped by verdict and directory
#   OUT/checkpatch.txt  checkpatch.pl over the series (full kernel trees)
# The input tree is only read.  Work files go to OUT/work.  OUT (default
# out/<tree name>) must not overlap the tree, is created by pinconv or was
# made by an earlier run (scripts/outdir.sh), is locked for the run, and gets
# the new output only at the end.  Exit 3: spatch failed on some files (their
# sites are reported spatch-failed); exit 1: bad input or an error.
#
# Usage: convert.sh --tree DIR [--out DIR] [--subdir M] [--jobs N] [--core-api auto|yes|no]
#                   [--compat 0|1] [--min-kernel VERSION]
#
# Version ranges and wrappers (scripts/gate.py): sites compiled only for
# kernels without the pin API are kept, compat pairs are "already converted",
# branches that straddle 5.6 are needs-manual unless --compat 1 (which adds a
# generated pinconv_compat.h to the converted files); a driver's wrapper
# macro or static inline converts together with all its calls, or each call
# is needs-manual naming what blocked it.  --min-kernel: the oldest kernel the
# code must build on (default: the driver's own stated minimum, an #error
# under a version condition; else none, only #if ranges count; a full kernel
# tree is its own version).
#
# iov_iter_get_pages*2() users are converted to the pinconv core API
# (iov_iter_pin_pages(), kernel/series).  --core-api auto (the default) does
# that when the tree has it (include/linux/uio.h declares iov_iter_pin_pages)
# or kernel/series applies to the tree; otherwise those sites are reported
# needs-core-api with what the conversion would do.
set -eu -o pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
tree= out= subdir= jobs=$(nproc) core_api=${CORE_API:-auto}
compat=${COMPAT:-0} min_kernel=${MIN_KERNEL:-}
die() { echo "pinconv: $*" >&2; exit 1; }
log() { echo "pinconv: $*" >&2; }
. "$top/scripts/outdir.sh"

while [ $# -gt 0 ]; do
	case $1 in
	--tree) tree=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--subdir) subdir=$2; shift 2 ;;
	--jobs) jobs=$2; shift 2 ;;
	--core-api) core_api=$2; shift 2 ;;
	--compat) compat=$2; shift 2 ;;
	--min-kernel) min_kernel=$2; shift 2 ;;
	*) die "unknown argument '$1' (usage: convert.sh --tree DIR [--out DIR] [--subdir M] [--core-api auto|yes|no])" ;;
	esac
done
case $compat in 0 | 1) ;; *) die "COMPAT must be 0 or 1 (COMPAT=$compat)" ;; esac
[ -z "$min_kernel" ] || echo "$min_kernel" | grep -qE '^[0-9]+\.[0-9]+(\.[0-9]+)?$' ||
	die "MIN_KERNEL must be a kernel version like 4.19 (MIN_KERNEL=$min_kernel)"
# Physical paths, checked before anything is created or removed.
tree=$(pc_tree "$tree")
out=$(pc_out "$tree" "$out" "$top")
subdir=$(pc_subdir "$tree" "$subdir")
SPATCH=${SPATCH:-spatch}
command -v "$SPATCH" >/dev/null || die "spatch not found ($SPATCH): apt-get install coccinelle"
"$top/scripts/spatch-check.sh" "$SPATCH" || exit 1

case $core_api in
auto)
	core_api=no
	if grep -qs 'iov_iter_pin_pages(' "$tree/include/linux/uio.h"; then
		core_api=yes
	elif [ -f "$tree/include/linux/uio.h" ]; then
		mapfile -t core < <(TOP=$top BUILD=${BUILD:-$top/build} bash -c '. "$TOP/kernel/build/kernel-lib.sh" && kseries "$KSERIES"')
		rc=0
		why=$("$top/scripts/applies.sh" "$tree" "${core[@]}" 2>&1 >/dev/null) || rc=$?
		[ "$rc" -ne 2 ] || die "cannot tell whether kernel/series applies: ${why%%$'\n'*}"
		[ "$rc" -ne 0 ] || core_api=yes
	fi ;;
yes | no) ;;
*) die "--core-api must be auto, yes or no (CORE_API=$core_api)" ;;
esac
export core_api
# What iov_iter sites are converted to, or the advice for them
# (scripts/iovsites.py): the tree's own iov_iter_extract_pages() (6.3+),
# pinconv's core API where it applies, or both named when the tree has
# neither.
iov_target=both
if grep -qs 'iov_iter_extract_pages(' "$tree/include/linux/uio.h"; then
	iov_target=extract
elif [ "$core_api" = yes ]; then
	iov_target=core
fi
export iov_target

nfiles=$(cd "$tree" && find "./$subdir" -name '*.[ch]' \( -type f -o -type l \) -printf . | wc -c)
# A C file or directory pinconv cannot read would be skipped without a word.
unreadable=$(cd "$tree" && find "./$subdir" \( -type d \( ! -readable -o ! -executable \) -o \
	-name '*.[ch]' ! -readable \) -print -quit 2>/dev/null) || true
[ -z "$unreadable" ] || die "cannot read '${unreadable#./}' in $tree (run as a user who can)"
where="the tree"
[ "$subdir" = . ] || where=$subdir
[ "$nfiles" -gt 0 ] || die "no C files under $tree/$subdir"
full=0
[ -f "$tree/Makefile" ] && [ -f "$tree/scripts/checkpatch.pl" ] &&
	[ -f "$tree/include/linux/mm.h" ] && full=1

# Everything is built in OUT/.staging and moved into place at the end: an
# interrupted run leaves the previous output whole, and no file of an older
# run stays beside the new one.
pc_claim_out "$out"
stage=$out/.staging
rm -rf "$stage"
trap 'rm -rf "$stage"' EXIT
work=$stage/work
mkdir -p "$work/logs"

# 1. Prefilter: only files that name the APIs go to spatch.  File names
#    travel NUL-separated: a kernel tree may hold any name.
log "scanning $nfiles C files under $where (iov_iter core API: $core_api)"
(cd "$tree" && grep -rlZE --include='*.[ch]' \
	'\b(get_user_pages|__get_user_pages_fast|pin_user_pages|iov_iter_get_pages|put_user_page)' "./$subdir" |
	python3 -c 'import os, sys
names = sorted(os.path.normpath(n) for n in sys.stdin.buffer.read().split(b"\0") if n)
sys.stdout.buffer.write(b"".join(n + b"\0" for n in names))') >"$work/candidates" || true
# Symbolic links to C files that lead out of the scanned directory: grep -r
# does not follow them, and the copies and the series hold only the tree's
# own files.  report.py gives their calls a row saying so.
(cd "$tree" && find "./$subdir" -name '*.[ch]' -type l -print0 |
	python3 -c 'import json, os, re, sys
top = os.path.realpath(sys.argv[1])
api = re.compile(rb"\b(get_user_pages|__get_user_pages_fast|pin_user_pages|iov_iter_get_pages|put_user_page)")
for n in sorted(os.path.normpath(os.fsdecode(x)) for x in sys.stdin.buffer.read().split(b"\0") if x):
    real = os.path.realpath(n)
    if os.path.commonpath([top, real]) == top or not os.path.isfile(real):
        continue
    try:
        if api.search(open(real, "rb").read()):
            print(json.dumps(dict(file=n, target=real)))
    except OSError:
        pass' "$tree/$subdir") >"$work/symlinks" || : >"$work/symlinks"
# Files that call a driver's own wrapper of the API (scripts/wrappers.py).
python3 "$top/scripts/gate.py" extra-files --tree "$tree" --candidates "$work/candidates" \
	--subdir "$subdir" || die "wrapper scan failed"
ncand=$(tr -cd '\0' <"$work/candidates" | wc -c)
# The local headers ("x.h") that files calling get_user_pages*() include
# name the structures the pages are stored in: their facts are read too
# (not for the core API's own directories of a kernel tree: their structures
# are the API's; a driver's own kernel/ or lib/ is the driver's),
# and the local headers those include, two levels down (a driver's common.h
# that includes the header defining its structures).
(cd "$tree" && xargs -0 -r grep -lZE '(^|[^_[:alnum:]])(__)?get_user_pages(_[a-z_]+)?[[:space:]]*\(' \
	<"$work/candidates" | python3 -c 'import os, re, sys
cands = {n for n in sys.stdin.buffer.read().split(b"\0") if n}
allc = {os.path.normpath(n) for n in open(sys.argv[1], "rb").read().split(b"\0") if n}
out = set()
todo = [(c, 0) for c in sorted(cands)
        if sys.argv[2] != "1" or
        not re.match(rb"(include|arch/[^/]+/include|mm|kernel|lib|virt|arch/[^/]+/kvm)/", c)]
while todo:
    c, depth = todo.pop()
    for m in re.finditer(rb"^#[ \t]*include[ \t]+\"([^\"]+\.h)\"", open(c, "rb").read(), re.M):
        h = os.path.normpath(os.path.join(os.path.dirname(c), m.group(1)))
        if os.path.isfile(h) and not h.startswith(b"..") and h not in allc and h not in out:
            out.add(h)
            if depth < 2:
                todo.append((h, depth + 1))
sys.stdout.buffer.write(b"".join(n + b"\0" for n in sorted(out)))' "$work/candidates" "$full") >"$work/headers" || : >"$work/headers"
log "$ncand of $nfiles files mention the APIs"
[ "$ncand" -gt 0 ] || log "nothing to do: no file uses get_user_pages*/iov_iter_get_pages*"

# 2. Pristine copies of the candidates in a git repository: the base of the
#    series.  They are made writable (a read-only tree gives read-only copies).
git_q() { git -C "$work/git" -c user.name=pinconv -c user.email=pinconv@invalid "$@"; }
mkdir -p "$work/git"
git -C "$work/git" init -q
(cd "$tree" && cat "$work/candidates" "$work/headers" |
	tar --null --verbatim-files-from -cf - -T -) | tar -C "$work/git" -xf -
chmod -R u+w "$work/git"
git_q add -A
git_q commit -q --allow-empty -m "pristine"

# 2b. MIN_KERNEL, decided in one place (scripts/gate.py min-kernel): the
#     one given, else the driver's own stated minimum (an #error under a
#     version condition), else none; a full kernel tree is its own version
#     (the gate bounds its lines by it).  The gate, the solver and pincheck
#     get the same value; report.txt says where it came from.
python3 "$top/scripts/gate.py" min-kernel --src "$tree" --subdir "$subdir" \
	--given "$min_kernel" --candidates "$work/candidates" \
	--out "$work/min-kernel.json" || die "cannot decide MIN_KERNEL"
min_kernel=$(python3 -c 'import json, sys
m = json.load(open(sys.argv[1]))
print(m["version"] if m["source"] in ("given", "guard") else "")' "$work/min-kernel.json")
[ -z "$min_kernel" ] || log "MIN_KERNEL=$min_kernel ($(python3 -c 'import json, sys
m = json.load(open(sys.argv[1]))
print("given" if m["source"] == "given" else "the driver'"'"'s guard at " + m["where"])' "$work/min-kernel.json"))"

# 2c. The version/wrapper gate: the calls it holds, with their verdicts
#     (gate.tsv).  It is input of the page-flow solver (3b), and the held
#     calls are masked while the rewrite runs.
#     It reads the pristine copies and runs while spatch makes the facts.
python3 "$top/scripts/gate.py" decide --work "$work/git" --src "$tree" \
	--candidates "$work/candidates" --out "$work/gate.tsv" --compat "$compat" \
	${min_kernel:+--min-kernel "$min_kernel" --min-kernel-json "$work/min-kernel.json"} 9>&- &
gate_pid=$!

# 3. Report mode (the decisions) and patch mode (in place, on the copies),
#    one spatch per file: spatch treats the files of one command line as one
#    unit, and the rules' state is per unit.  A failed spatch run (exit
#    status, timeout, exception) is recorded in logs/<id>.fail as JSON.
spopts=(--very-quiet --no-includes --include-headers --timeout "${PINCONV_SPATCH_TIMEOUT:-120}")
# The facts cache (scripts/factcache.py): PINCONV_CACHE= (empty) turns it off.
cache=${PINCONV_CACHE-${BUILD:-$top/build}/cache/facts}
# The key's salt: the rule, the spatch program (its bytes: a Debian upgrade
# or another build is another program), the Coccinelle on PATH that a
# wrapper runs, the options, and how a batch runs (each file a unit, and
# which runs count as failed: records of a run that failed unseen must not
# be read back).
if [ -n "$cache" ]; then
	{ sha256sum <"$top/cocci/gup_facts.cocci"; sha256sum <"$(command -v "$SPATCH")"
		! command -v spatch >/dev/null || sha256sum <"$(command -v spatch)"
		echo "${spopts[*]}"; echo "batches: --file-groups; failed: EXN lines"; } >"$work/cache-salt-gup" ||
		die "cannot read $SPATCH"
	# the iov_iter rules' records (iov_chunk): both rules, the same program
	{ cat "$top/cocci/iov_iter_to_pin.cocci" "$top/cocci/iov_iter_pages.cocci" | sha256sum
		tail -n +2 "$work/cache-salt-gup"; } >"$work/cache-salt-iov"
fi
export top spopts_s="${spopts[*]}" work SPATCH cache
gate_mask() { python3 "$top/scripts/gate.py" mask --gate "$work/gate.tsv" --work "$work/git" "$1"; }
gate_unmask() { python3 "$top/scripts/gate.py" unmask --work "$work/git" "$1"; }
export -f gate_mask gate_unmask
# spatch runs diff and cp through a shell with the file names unquoted: a
# name with a space, a quote, '$' or ';' would fail or run code.  Files with
# such names go to spatch as a copy under a plain alias name; its output is
# mapped back to the real name (and the copy back onto the file).
sp() { # id rule mode stdout file... : one spatch run; failures recorded
	# SP_GROUPS=1: each file is a unit of its own (spatch --file-groups),
	# else the files are one unit.  With groups spatch goes on after a
	# file it failed on (a timeout, an exception): it says so on a line
	# "EXN: <exception> in <file>" and exits 0.
	local id=$1 rule=$2 mode=$3 dest=$4 rc=0 err out f a i groups=
	shift 4
	local args=() alias=() adir=
	for f in "$@"; do
		if [[ $f =~ ^\./[A-Za-z0-9_][A-Za-z0-9_./+-]*$ && $f != *..* && $f != */-* ]]; then
			args+=("$f")
		else
			# a directory of this run's own: two workers may alias the
			# same file at once, and each removes its copies at the end
			if [ -z "$adir" ]; then
				mkdir -p "$work/git/.pinconv-alias"
				adir=$(mktemp -d "$work/git/.pinconv-alias/XXXXXX")
				adir=./.pinconv-alias/${adir##*/}
			fi
			a=$adir/$(printf '%s' "$f" | sha1sum | cut -c1-16).${f##*.}
			cp -- "$work/git/$f" "$work/git/$a"
			args+=("$a")
			alias+=("$a" "$f")
		fi
	done
	err=$(mktemp "$work/logs/err.XXXXXX")
	out=$(mktemp "$work/logs/out.XXXXXX")
	if [ -n "${SP_GROUPS:-}" ] && [ ${#args[@]} -gt 1 ]; then
		groups=$(mktemp "$work/logs/groups.XXXXXX")
		printf '%s\n\n' "${args[@]}" >"$groups"
		args=(--file-groups "$groups")
	fi
	# The rewrite finds its decisions by file name: give them the alias names.
	local dec=$work/decisions.json dargs=()
	if [ "$rule" = gup_rewrite ] && [ ${#alias[@]} -gt 0 ]; then
		dec=$(mktemp "$work/logs/dec.XXXXXX")
		python3 -c 'import json, os, sys
d = json.load(open(sys.argv[1]))
a = sys.argv[3:]
for i in range(0, len(a), 2):
    real = os.path.normpath(os.fsdecode(a[i + 1].encode("utf-8", "surrogateescape")))
    if real in d:
        d[os.path.normpath(a[i])] = d[real]
json.dump(d, open(sys.argv[2], "w"))' "$work/decisions.json" "$dec" "${alias[@]}"
	fi
	[ "$rule" != gup_rewrite ] || dargs=(-D "decisions=$dec")
	# spatch recurses over a function's statements: a function of some
	# 1,500 gup calls overflows the usual 8 MiB stack ("Fatal error:
	# exception Stack overflow").  Its runs get 1 GiB, or the hard limit.
	# shellcheck disable=SC2086
	(cd "$work/git" && { ulimit -S -s 1048576 2>/dev/null || ulimit -S -s hard 2>/dev/null || :; } &&
		timeout --foreground 900 $SPATCH $spopts_s -D "$mode" \
		$([ "$mode" = patch ] && echo --in-place) \
		"${dargs[@]}" --sp-file "$top/cocci/$rule.cocci" "${args[@]}") \
		>"$out" 2>"$err" || rc=$?
	if [ ${#alias[@]} -eq 0 ]; then
		cat "$out" >>"$dest"
	else
		python3 "$top/scripts/unalias.py" "${alias[@]}" <"$out" >>"$dest"
	fi
	for ((i = 0; i < ${#alias[@]}; i += 2)); do
		cmp -s -- "$work/git/${alias[i]}" "$work/git/${alias[i + 1]}" ||
			cp -- "$work/git/${alias[i]}" "$work/git/${alias[i + 1]}"
		rm -f -- "$work/git/${alias[i]}"
	done
	[ -z "$adir" ] || rmdir -- "$work/git/$adir"
	[ "$dec" = "$work/decisions.json" ] || rm -f "$dec"
	[ -z "$groups" ] || rm -f "$groups"
	cat "$err" >>"$work/logs/$id.err"
	if [ "$rc" -ne 0 ] || grep -qE '^(Fatal error|timeout \(we abort\)|EXN: )|exception' "$err"; then
		python3 "$top/scripts/spatch-failure.py" --rule "$rule" --mode "$mode" \
			--status "$rc" --stderr "$err" -- "$@" >>"$work/logs/$id.fail"
	fi
	rm -f "$err" "$out"
}
# Patch mode with the gate's held calls masked (scripts/gate.py).  A mask
# that fails is a failure of the file, recorded like a spatch failure: an
# unmasked rewrite would convert the calls the gate holds.
masked_patch() { # id file rule
	local id=$1 file=$2 rule=$3 err
	err=$(mktemp "$work/logs/err.XXXXXX")
	if gate_mask "$file" 2>"$err"; then
		sp "$id" "$rule" patch /dev/null "./$file"
	else
		python3 "$top/scripts/spatch-failure.py" --rule gate.py --mode mask --status 1 \
			--stderr "$err" -- "./$file" >>"$work/logs/$id.fail"
	fi
	cat "$err" >>"$work/logs/$id.err"
	rm -f "$err"
	gate_unmask "$file"
}
iov_chunk() { # list: the iov_iter rules' records (JSON lines,
	# scripts/iovsites.py) of the files of a list (NUL-separated): the
	# cached ones, then both rules over the others (these rules keep
	# per-unit state: each file is a unit of its own, rules_batch).
	local list=$1
	cache_lookup iov "$list" "$list.miss" "$work/logs/iov-${list##*/}.iov"
	(rules_batch iov iov "$list.miss" iov_iter_to_pin iov_iter_pages)
}
iov_patch() { # file: the iov_iter rule's rewrite (scripts/iovsites.py patch)
	# (its failures in logs/iovpatch-*.fail: written while the solver
	# reads the facts runs' failures)
	local id
	id=iovpatch-$(printf '%s' "$1" | sha1sum | cut -c1-16)
	cd "$work/git"
	sp "$id" iov_iter_to_pin patch /dev/null "./$1"
}
# The records of the rules (facts mode) over a batch of files in one spatch
# a rule, each file a unit of its own (--file-groups): spatch's start-up
# (loading its Python, about 0.35 s of CPU) is paid once a batch instead of
# once a file, and the records are the same as file by file (every record
# names its file).  Files given as one unit would cost more than apart
# (spatch matches a unit as a whole: the 12 largest 6.1 candidates take 63 s
# of CPU as one unit, 18 s apart, 14 s as groups).  A batch that fails is
# run again file by file, so that a failure is recorded against the file
# that has it.  Successful runs go into the cache (KIND's salt).
rules_batch() { # kind ext list rule...: records into logs/*.EXT
	local kind=$1 ext=$2 list=$3 id files=() f r
	shift 3
	while IFS= read -r -d '' f; do
		[ -z "$f" ] || files+=("./$f")
	done <"$list"
	id=$kind-${list##*/}
	[ ${#files[@]} -gt 0 ] || return 0
	cd "$work/git" || return 1
	if [ ${#files[@]} -gt 1 ]; then
		for r; do
			SP_GROUPS=1 sp "$id" "$r" facts "$work/logs/$id.try" "${files[@]}"
		done
		if [ ! -e "$work/logs/$id.fail" ]; then
			cat "$work/logs/$id.try" >>"$work/logs/$id.$ext"
			rm -f "$work/logs/$id.try"
			cache_store "$kind" "$list" "$work/logs/$id.$ext"
			return
		fi
		rm -f "$work/logs/$id.fail" "$work/logs/$id.try"
	fi
	for f in "${files[@]}"; do
		id=$(printf '%s' "${f#./}" | sha1sum | cut -c1-16)
		for r; do
			sp "$id" "$r" facts "$work/logs/$id.$ext" "$f"
		done
		if [ ! -e "$work/logs/$id.fail" ]; then
			printf '%s\0' "${f#./}" >"$work/logs/$id.$ext.names"
			cache_store "$kind" "$work/logs/$id.$ext.names" "$work/logs/$id.$ext"
		fi
	done
}
facts_batch() { # list: the gup_facts records of a batch (NUL-separated names)
	(rules_batch gup facts "$1" gup_facts)
}
# The records of a successful run into the cache; the cached records of the
# files of a list appended to HITS, the others to a list of misses.  KIND:
# gup (gup_facts) or iov (the iov_iter rules), each with its salt.
cache_store() { # kind list facts
	[ -z "$cache" ] || python3 "$top/scripts/factcache.py" store --cache "$cache" \
		--salt "$work/cache-salt-$1" --root "$work/git" --names "$2" --facts "$3"
}
cache_lookup() { # kind list misses hits
	if [ -z "$cache" ]; then
		cp "$2" "$3"
	else
		python3 "$top/scripts/factcache.py" lookup --cache "$cache" --salt "$work/cache-salt-$1" \
			--root "$work/git" --names "$2" --hits "$4" --misses "$3"
	fi
}
# The rewrite of the positions the solver chose (cocci/gup_rewrite.cocci),
# with the gate's held calls masked (scripts/gate.py).
rewrite_one() { # file
	local id
	id=$(printf '%s' "$1" | sha1sum | cut -c1-16)
	masked_patch "$id" "$1" gup_rewrite
}
export -f sp masked_patch iov_chunk iov_patch rules_batch facts_batch cache_store cache_lookup rewrite_one
# One queue: the facts of the candidates and of the headers the solver
# reads, and the iov_iter rules' records of the files that name
# iov_iter_get_pages, in batches (facts_batch, iov_chunk) of files up to
# PINCONV_BATCH_BYTES of source (default 600 KB); largest first: a large
# batch started last would leave one core idle until it ends.
nhdr=$(tr -cd '\0' <"$work/headers" | wc -c)
mkdir -p "$work/batches"
cat "$work/candidates" "$work/headers" >"$work/facts-wanted"
cache_lookup gup "$work/facts-wanted" "$work/facts-todo" "$work/logs/cached.facts"
nq=$(tr -cd '\0' <"$work/facts-todo" | wc -c)
[ -z "$cache" ] || [ "$nq" -eq $((ncand + nhdr)) ] ||
	log "the facts of $((ncand + nhdr - nq)) files come from the cache ($cache)"
(cd "$work/git" && python3 -c 'import os, sys
limit = int(sys.argv[4])

def batches(names, prefix, tag):
    """NUL-separated lists of files, largest first, up to limit bytes each
    (a larger file alone): (bytes, queue entry)."""
    names = sorted(names, key=lambda n: (-os.path.getsize(n), n))
    out, cur, size = [], [], 0
    for n in names + [None]:
        z = os.path.getsize(n) if n else 0
        if cur and (n is None or size + z > limit):
            b = os.path.join(sys.argv[3], "%s%03d" % (prefix, len(out)))
            open(b, "wb").write(b"".join(c + b"\0" for c in cur))
            out.append((size, tag(len(cur)) + os.fsencode(b)))
            cur, size = [], 0
        if n:
            cur.append(n)
            size += z
    return out

def names(path):
    return [n for n in open(path, "rb").read().split(b"\0") if n]

iov = [n for n in names(sys.argv[1]) if b"iov_iter_get_pages" in open(n, "rb").read()]
jobs = batches(names(sys.argv[2]), "", lambda k: b"f%d:" % k)
jobs += batches(iov, "iov-", lambda k: b"i:")
jobs.sort(key=lambda j: -j[0])
sys.stdout.buffer.write(b"".join(j + b"\0" for _, j in jobs))' \
	"$work/candidates" "$work/facts-todo" "$work/batches" "${PINCONV_BATCH_BYTES:-600000}") >"$work/queue"
log "running spatch on $ncand files and the facts of $nhdr headers they include ($jobs jobs)"
# The workers run as one process group that an interrupt of this run
# stops too; they do not inherit the lock on OUT.  Each facts batch reports
# how many files it held (progress).
set -m
(
	n=0 next=20
	xargs -0 -a "$work/queue" -r -P "$jobs" -n 1 bash -c \
		'case $1 in i:*) iov_chunk "${1#i:}" ;; *) facts_batch "${1#*:}"; echo "${1%%:*}" ;; esac' _ |
		while read -r k; do
			[[ $k =~ ^f[0-9]+$ ]] || continue
			n=$((n + ${k#f}))
			if [ "$n" -ge "$next" ] || [ "$n" -eq "$nq" ]; then
				log "  $n/$nq files done"
				next=$((n - n % 20 + 20))
			fi
		done
	[ "$nq" -gt 0 ] || log "  0/0 files done (every file's facts from the cache)"
) 9>&- &
workers=$!
set +m
trap 'kill -TERM -- -$workers 2>/dev/null; exit 130' INT TERM HUP
wait "$workers"
# The iov_iter rule's rewrites in place, once no worker and not the gate
# reads the files: a facts run reading a file while it is rewritten would
# see new text (and the cache would key its records by the new bytes).
# They run while the solver does (it reads the facts and the user's tree,
# and the second round's facts are of files that are not candidates).
wait "$gate_pid" || die "the version gate failed"
find "$work/logs" -name '*.iov' -print0 | xargs -0 -r python3 "$top/scripts/iovsites.py" \
	patch --target "$iov_target" >"$work/iov-patch" || die "iovsites.py failed on the iov_iter records"
set -m
xargs -0 -a "$work/iov-patch" -r -P "$jobs" -n 1 bash -c 'iov_patch "$1"' _ 9>&- &
workers=$!
set +m

# 3b. The page-flow solver over the facts of all candidates together, then
#     the rewrite of exactly the positions it chose.  Pages stored in a
#     structure field may be released by a file that does not name the gup
#     API: a second round takes the facts of the files that name such a field
#     and a release (scripts/flow-extra.py), then solves again; those files
#     join the pristine commit.  Facts that spatch could not produce make the
#     sites that reach a structure needs-manual (--failed).  The gate's
#     held calls keep its verdicts, and so do the releases their pages
#     reach (--gate; with the #if ranges of the tree's lines).
solve() { # the failed runs it reads are the facts runs' (iov_patch runs beside it)
	find "$work/logs" -name '*.facts' -print0 | sort -z | xargs -0 -r cat >"$work/facts.jsonl"
	find "$work/logs" -name '*.fail' ! -name 'iovpatch-*' -print0 | sort -z |
		xargs -0 -r cat >"$work/failures.jsonl"
	python3 "$top/scripts/pageflow.py" --facts "$work/facts.jsonl" --target "$tree" \
		--default-target "${BUILD:-$top/build}/linux-source-6.1" \
		--failed "$work/failures.jsonl" --gate "$work/gate.tsv" --src "$tree" \
		--compat "$compat" ${min_kernel:+--min-kernel "$min_kernel"} \
		--sites "$work/sites.jsonl" --decisions "$work/decisions.json" \
		--escapes "$work/escapes.jsonl" ${complete:+--complete "$complete"} ||
		die "the page-flow solver failed (facts: $work/facts.jsonl)"
}
log "solving the page flow of $ncand files (and $nhdr headers they include)"
complete=
solve
python3 "$top/scripts/flow-extra.py" --tree "$tree" --escapes "$work/escapes.jsonl" \
	--candidates <(cat "$work/candidates" "$work/headers" | tr '\0' '\n') \
	--complete "$work/complete" >"$work/extra" || : >"$work/extra"
[ ! -s "$work/complete" ] || complete=$work/complete
if [ -s "$work/extra" ]; then
	log "$(wc -l <"$work/extra") more files name the fields or functions the pages go through: their facts too"
	(cd "$tree" && tar -cf - -T "$work/extra") | tar -C "$work/git" -xf -
	chmod -R u+w "$work/git"
	xargs -a "$work/extra" git -C "$work/git" add --
	git_q commit -q --amend -m "pristine"
	tr '\n' '\0' <"$work/extra" >"$work/facts-extra"
	cache_lookup gup "$work/facts-extra" "$work/batches/extra" "$work/logs/cached.facts"
	facts_batch "$work/batches/extra"
fi
[ ! -s "$work/extra" ] && [ -z "$complete" ] || solve
wait "$workers"
trap - INT TERM HUP

# Carrier conversions: the .c file with the header that defines the carrier
# structure (same directory first, then include/), as one spatch unit.  The
# header joins the pristine base commit and goes into the .c file's patch.
# The carriers come from the records (none without the core API).
: >"$work/companions"
find "$work/logs" -name '*.iov' -print0 | xargs -0 -r python3 "$top/scripts/iovsites.py" \
	carriers --target "$iov_target" >"$work/carriers" || die "iovsites.py failed on the iov_iter records"
while IFS= read -r -d '' f && IFS= read -r -d '' st; do
	hdr=$(cd "$tree" && { find "./$(dirname "$f")" -maxdepth 1 -name '*.h' -print0; find ./include -name '*.h' -print0; } 2>/dev/null |
		xargs -0 -r grep -l -Z "^struct $st {" 2>/dev/null | head -z -n1 | tr -d '\0') || true
	hdr=${hdr#./}
	files=("./$f")
	if [ -n "$hdr" ] && [ "$hdr" != "$f" ]; then
		if [ ! -e "$work/git/$hdr" ]; then
			mkdir -p "$work/git/$(dirname "$hdr")"
			cp "$tree/$hdr" "$work/git/$hdr"
			chmod u+w "$work/git/$hdr"
			git_q add -- "$hdr"
			git_q commit -q --amend -m "pristine"
		fi
		files+=("./$hdr")
		printf '%s\t%s\n' "$hdr" "$f" >>"$work/companions"
	fi
	sp carriers iov_iter_to_pin patch /dev/null "${files[@]}"
	# The header's new field is an enum iov_pin_mode: it needs <linux/uio.h>.
	if [ ${#files[@]} -gt 1 ] && ! grep -q '^#include <linux/uio\.h>' "$work/git/$hdr" &&
		grep -q 'enum iov_pin_mode pin_mode;' "$work/git/$hdr"; then
		# after the last #include, else after the include guard, else first
		last=$(grep -n '^#include <' "$work/git/$hdr" | tail -1 | cut -d: -f1) || true
		[ -n "$last" ] || last=$(grep -n -m1 '^#define [A-Za-z0-9_]*_H_*\b' "$work/git/$hdr" | cut -d: -f1) || true
		if [ -n "$last" ]; then
			sed -i "${last}a #include <linux/uio.h>" "$work/git/$hdr"
		else
			sed -i '1i #include <linux/uio.h>' "$work/git/$hdr"
		fi
	fi
done <"$work/carriers"
# The iov_iter sites for the report; the per-file rule's prose (gated files).
find "$work/logs" -name '*.iov' -print0 | xargs -0 -r python3 "$top/scripts/iovsites.py" \
	sites --target "$iov_target" >"$work/iov-sites.jsonl" || die "iovsites.py failed on the iov_iter records"

# The balance checker's baseline (the findings the pristine code has, step
# 6) needs only these facts: it is computed while the rewrite runs.
shopt -s nullglob
facts_files=("$work"/logs/*.facts)
shopt -u nullglob
base_pid=
if [ ${#facts_files[@]} -gt 0 ]; then
	python3 "$top/scripts/pincheck.py" --tree "$tree" --facts "${facts_files[@]}" \
		--baseline-tree "$tree" --write-baseline "$work/pincheck-base.json" 9>&- &
	base_pid=$!
fi
python3 -c 'import json, sys
sys.stdout.buffer.write(b"".join(f.encode("utf-8", "surrogateescape") + b"\0" for f in json.load(open(sys.argv[1]))))' \
	"$work/decisions.json" >"$work/rewrite-files"
xargs -0 -a "$work/rewrite-files" -r -P "$jobs" -n 1 bash -c 'rewrite_one "$1"' _
# Exactly the chosen calls rewritten, or the sites that share a file with
# the difference go back to pristine (needs-manual, scripts/rewrite-check.py).
python3 "$top/scripts/rewrite-check.py" --work "$work/git" --decisions "$work/decisions.json" \
	--sites "$work/sites.jsonl" >"$work/rewrite-undone" || die "the rewrite check failed"
[ ! -s "$work/rewrite-undone" ] ||
	log "$(wc -l <"$work/rewrite-undone") files put back: the rewrite did not match the solver's choice"

# A file that spatch did not analyse whole is not converted at all: its
# copy goes back to pristine, and every site in it is reported spatch-failed.
cat "$work"/logs/*.fail 2>/dev/null >"$work/failures.jsonl" || true
nfail=$(python3 "$top/scripts/spatch-failure.py" --files "$work/failures.jsonl" | tr -cd '\0' | wc -c)
if [ "$nfail" -gt 0 ]; then
	python3 "$top/scripts/spatch-failure.py" --files "$work/failures.jsonl" |
		(cd "$work/git" && xargs -0 -r git checkout -q --)
fi
# Loop indexes a collapsed release loop left unused (scripts/unused.py).
git_q diff -z --name-only -- '*.c' '*.h' |
	xargs -0 -r python3 "$top/scripts/unused.py" --work "$work/git" >"$work/unused.log" ||
	die "unused-variable pass failed"
# COMPAT=1: files with pin_user_pages*() conversions include pinconv_compat.h.
if [ "$compat" = 1 ]; then
	git_q diff -z --name-only | while IFS= read -r -d '' f; do
		git_q diff -U0 -- "$f" | grep -qE '^\+.*\b(pin_user_pages|unpin_user_page)' &&
			printf '%s\0' "$f"
	done | xargs -0 -r python3 "$top/scripts/gate.py" compat-header --work "$work/git" |
		while IFS= read -r h; do git_q add -N -- "$h"; done
fi
nconv=$(git_q status --porcelain | wc -l)
log "$nconv files converted"

# 4. Sites table and readable report.
python3 "$top/scripts/report.py" --tree "$work/git" --src "$tree" \
	--logs "$work/logs" --candidates "$work/candidates" --failures "$work/failures.jsonl" \
	--sites "$work/sites.jsonl" --iov-sites "$work/iov-sites.jsonl" --symlinks "$work/symlinks" \
	--gate "$work/gate.tsv" --min-kernel "$work/min-kernel.json" \
	--out "$stage"

# 5. One commit per directory, then the series.
python3 "$top/scripts/series.py" --git "$work/git" --report "$stage/report.tsv" \
	--tree "$tree" --out "$stage/series" --companions "$work/companions" \
	--sites "$work/sites.jsonl" --iov-sites "$work/iov-sites.jsonl"

# checkpatch runs while the balance checker (6.) does: they read the
# series and the work tree and write different files.
cp_pid=
if [ "$full" -eq 1 ]; then
	"$top/scripts/checkpatch-series.sh" "$tree" "$stage/series" >"$stage/checkpatch.txt" 9>&- &
	cp_pid=$!
else
	echo "not a full kernel tree: checkpatch and the build check are skipped here; run make check-build TREE=... [KDIR=...] (Kbuild M=)" >"$stage/checkpatch.txt"
	log "not a full kernel tree ($tree): checkpatch and the build check are skipped here; make check-build TREE=... [KDIR=...] builds it with Kbuild M="
fi
# 6. The balance checker over the converted files (docs/checker.md): only a
#    report, published with the rest, but a finding in the generated output
#    fails the run.
pc_rc=0
# a baseline that failed is computed again by pincheck-converted.sh
[ -z "$base_pid" ] || wait "$base_pid" || rm -f "$work/pincheck-base.json"
PINCONV_MIN_KERNEL=$min_kernel "$top/scripts/pincheck-converted.sh" "$work" "$stage/pincheck" "$tree" || pc_rc=$?
if [ -n "$cp_pid" ]; then
	wait "$cp_pid" || log "checkpatch found errors: see $out/checkpatch.txt"
	log "checkpatch: $(tail -1 "$stage/checkpatch.txt")"
fi
pc_publish "$out" "$stage"
trap - EXIT
log "series: $(find "$out/series" -name '*.patch' | wc -l) files in $out/series"
[ "$pc_rc" -eq 0 ] ||
	die "pincheck: findings in the converted output (status $pc_rc): $out/pincheck/report.txt"
log "pincheck: the converted output is clean"
log "report: $out/report.tsv, $out/report.txt"
if [ "$nfail" -gt 0 ]; then
	log "spatch failed on $nfail files: their sites are reported spatch-failed, with spatch's message"
	exit 3
fi
