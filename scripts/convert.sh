#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# pinconv's main job: run the cocci/ rules over a tree of C sources and write
#   OUT/series/      git format-patch series, one patch per directory
#   OUT/report.tsv   every gup-family / iov_iter_get_pages*() call site
#   OUT/report.txt   the same, grouped by verdict and directory
# The input tree is only read.  Work files go to OUT/work.
#
# Usage: convert.sh --tree DIR --out DIR [--subdir M] [--jobs N] [--core-api auto|yes|no]
#
# iov_iter_get_pages*2() users are converted to the pinconv core API
# (iov_iter_pin_pages(), kernel/series).  --core-api auto (the default) does
# that when the tree has it (include/linux/uio.h declares iov_iter_pin_pages)
# or kernel/series applies to the tree; otherwise those sites are reported
# needs-core-api with what the conversion would do.
set -eu -o pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
tree= out= subdir= jobs=$(nproc) core_api=${CORE_API:-auto}
die() { echo "pinconv: $*" >&2; exit 1; }
log() { echo "pinconv: $*" >&2; }

while [ $# -gt 0 ]; do
	case $1 in
	--tree) tree=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--subdir) subdir=$2; shift 2 ;;
	--jobs) jobs=$2; shift 2 ;;
	--core-api) core_api=$2; shift 2 ;;
	*) die "unknown argument '$1' (usage: convert.sh --tree DIR --out DIR [--subdir M] [--core-api auto|yes|no])" ;;
	esac
done
[ -n "$tree" ] || die "no tree given (TREE=dir)"
[ -n "$out" ] || die "no output directory given (OUT=dir)"
[ -d "$tree" ] || die "tree '$tree' is not a directory"
SPATCH=${SPATCH:-spatch}
command -v "$SPATCH" >/dev/null || die "spatch not found ($SPATCH): apt-get install coccinelle"
tree=$(cd "$tree" && pwd)
subdir=${subdir%/}
[ -z "$subdir" ] || [ -d "$tree/$subdir" ] || die "M=$subdir is not a directory under $tree"
mkdir -p "$out"
out=$(cd "$out" && pwd)
case "$out/" in "$tree/"*) die "OUT ($out) must not be inside the tree ($tree)" ;; esac

case $core_api in
auto)
	core_api=no
	if grep -qs 'iov_iter_pin_pages(' "$tree/include/linux/uio.h"; then
		core_api=yes
	elif [ -f "$tree/include/linux/uio.h" ]; then
		mapfile -t core < <(TOP=$top BUILD=${BUILD:-$top/build} bash -c '. "$TOP/scripts/kernel-lib.sh" && kseries "$KSERIES"')
		"$top/scripts/applies.sh" "$tree" "${core[@]}" 2>/dev/null && core_api=yes
	fi ;;
yes | no) ;;
*) die "--core-api must be auto, yes or no (CORE_API=$core_api)" ;;
esac
export core_api

nfiles=$(cd "$tree" && find ${subdir:-.} -name '*.[ch]' -type f | wc -l)
[ "$nfiles" -gt 0 ] || die "no C files under $tree${subdir:+/$subdir}"
full=0
[ -f "$tree/Makefile" ] && [ -f "$tree/scripts/checkpatch.pl" ] &&
	[ -f "$tree/include/linux/mm.h" ] && full=1

work=$out/work
rm -rf "$work" "$out/series"
mkdir -p "$work/logs"

# 1. Prefilter: only files that name the APIs go to spatch.
log "scanning $nfiles C files under ${subdir:-the tree} (iov_iter core API: $core_api)"
(cd "$tree" && grep -rlE --include='*.[ch]' \
	'\b(get_user_pages|pin_user_pages|iov_iter_get_pages|put_user_page)' ${subdir:-.} |
	sed 's|^\./||' | sort) >"$work/candidates" || true
ncand=$(wc -l <"$work/candidates")
log "$ncand of $nfiles files mention the APIs"
[ "$ncand" -gt 0 ] || log "nothing to do: no file uses get_user_pages*/iov_iter_get_pages*"

# 2. Pristine copies of the candidates in a git repository: the base of the series.
git_q() { git -C "$work/git" -c user.name=pinconv -c user.email=pinconv@invalid "$@"; }
mkdir -p "$work/git"
git -C "$work/git" init -q
(cd "$tree" && tar -cf - -T "$work/candidates") | tar -C "$work/git" -xf -
git_q add -A
git_q commit -q --allow-empty -m "pristine"

# 3. Report mode (the decisions) and patch mode (in place, on the copies),
#    one spatch per file: spatch treats the files of one command line as one
#    unit, and the rules' state is per unit.
spopts=(--very-quiet --no-includes --include-headers --timeout 120)
export top spopts_s="${spopts[*]}" work SPATCH
run_one() { # file
	local f=$1 id
	id=$(echo "$f" | tr '/' '%')
	cd "$work/git"
	# shellcheck disable=SC2086
	if grep -qE '\b(get_user_pages|pin_user_pages|put_user_page)' "$f"; then
		$SPATCH $spopts_s -D report --sp-file "$top/cocci/gup_to_pin.cocci" "$f" \
			>"$work/logs/$id.report" 2>"$work/logs/$id.err" || echo "$f" >>"$work/logs/$id.failed"
	fi
	# shellcheck disable=SC2086
	if grep -q 'iov_iter_get_pages' "$f"; then
		$SPATCH $spopts_s -D report --sp-file "$top/cocci/iov_iter_to_pin.cocci" "$f" \
			>"$work/logs/$id.iov" 2>>"$work/logs/$id.err" || echo "$f" >>"$work/logs/$id.failed"
		$SPATCH $spopts_s -D report --sp-file "$top/cocci/iov_iter_pages.cocci" "$f" \
			>>"$work/logs/$id.report" 2>>"$work/logs/$id.err" || echo "$f" >>"$work/logs/$id.failed"
	fi
	# Patch mode makes the same decisions: run it only where report mode converts.
	# shellcheck disable=SC2086
	if grep -q ': converted (' "$work/logs/$id.report" 2>/dev/null; then
		$SPATCH $spopts_s -D patch --in-place --sp-file "$top/cocci/gup_to_pin.cocci" "$f" \
			>/dev/null 2>>"$work/logs/$id.err" || echo "$f" >>"$work/logs/$id.failed"
	fi
	# Without the core API the conversion is only a report.
	if [ "$core_api" = no ] && [ -s "$work/logs/$id.iov" ]; then
		sed -i 's/: converted (\(case [^)]*\)): \(.*()\) in \([^(]*\)(): /: needs-core-api (\1): \2 in \3(): no iov_iter_pin_pages() in this tree (pinconv core series, kernel\/series); would convert: /' \
			"$work/logs/$id.iov"
	fi
	# A carrier structure may be defined in a header: those files are
	# converted afterwards, together with the header (below).
	# shellcheck disable=SC2086
	if grep -q ': converted (' "$work/logs/$id.iov" 2>/dev/null &&
		! grep -q ' go into struct ' "$work/logs/$id.iov"; then
		$SPATCH $spopts_s -D patch --in-place --sp-file "$top/cocci/iov_iter_to_pin.cocci" "$f" \
			>/dev/null 2>>"$work/logs/$id.err" || echo "$f" >>"$work/logs/$id.failed"
	fi
	echo .
}
export -f run_one
log "running spatch on $ncand files ($jobs jobs)"
n=0
xargs -a "$work/candidates" -r -P "$jobs" -I{} bash -c 'run_one "$@"' _ {} |
	while read -r _; do
		n=$((n + 1))
		if [ $((n % 20)) -eq 0 ] || [ "$n" -eq "$ncand" ]; then
			log "  $n/$ncand files done"
		fi
	done

# Carrier conversions: the .c file with the header that defines the carrier
# structure (same directory first, then include/), as one spatch unit.  The
# header joins the pristine base commit and goes into the .c file's patch.
# (Without the core API the .iov lines say needs-core-api: none match.)
: >"$work/companions"
carriers=$(cat "$work"/logs/*.iov 2>/dev/null |
	sed -n 's/^\([^:]*\):[^ ]*: converted (.* go into struct \([A-Za-z0-9_]*\)\..*/\1 \2/p' |
	sort -u) || true
[ -z "$carriers" ] || while read -r f st; do
	hdr=$(cd "$tree" && { ls "$(dirname "$f")"/*.h 2>/dev/null; find include -name '*.h' 2>/dev/null; } |
		xargs -r grep -l "^struct $st {" 2>/dev/null | head -1) || true
	files=("$f")
	if [ -n "$hdr" ] && [ "$hdr" != "$f" ]; then
		if [ ! -e "$work/git/$hdr" ]; then
			mkdir -p "$work/git/$(dirname "$hdr")"
			cp "$tree/$hdr" "$work/git/$hdr"
			git_q add -- "$hdr"
			git_q commit -q --amend -m "pristine"
		fi
		files+=("$hdr")
		printf '%s\t%s\n' "$hdr" "$f" >>"$work/companions"
	fi
	# shellcheck disable=SC2086
	(cd "$work/git" && $SPATCH $spopts_s -D patch --in-place \
		--sp-file "$top/cocci/iov_iter_to_pin.cocci" "${files[@]}") \
		>/dev/null 2>>"$work/logs/carriers.err" || echo "$f" >>"$work/logs/carriers.failed"
	# The header's new field is an enum iov_pin_mode: it needs <linux/uio.h>.
	if [ ${#files[@]} -gt 1 ] && ! grep -q '^#include <linux/uio\.h>' "$work/git/$hdr" &&
		grep -q 'enum iov_pin_mode pin_mode;' "$work/git/$hdr"; then
		last=$(grep -n '^#include <' "$work/git/$hdr" | tail -1 | cut -d: -f1)
		if [ -n "$last" ]; then
			sed -i "${last}a #include <linux/uio.h>" "$work/git/$hdr"
		fi
	fi
done <<<"$carriers"
cat "$work"/logs/*.report "$work"/logs/*.iov 2>/dev/null | sort -t: -k1,1 -k2,2n >"$work/report.raw" || true
nconv=$(git_q status --porcelain | wc -l)
log "$nconv files converted"

# 4. Sites table and readable report.
python3 "$top/scripts/report.py" --tree "$work/git" --src "$tree" --raw "$work/report.raw" \
	--logs "$work/logs" --candidates "$work/candidates" --out "$out"

# 5. One commit per directory, then the series.
python3 "$top/scripts/series.py" --git "$work/git" --report "$out/report.tsv" \
	--tree "$tree" --out "$out/series" --companions "$work/companions"

if [ "$full" -eq 1 ]; then
	"$top/scripts/checkpatch-series.sh" "$tree" "$out/series" >"$out/checkpatch.txt" ||
		log "checkpatch found errors: see $out/checkpatch.txt"
	log "checkpatch: $(tail -1 "$out/checkpatch.txt")"
else
	echo "not a full kernel tree: checkpatch and the build check are skipped" >"$out/checkpatch.txt"
	log "not a full kernel tree ($tree): checkpatch and the build check are skipped"
fi
log "series: $(ls "$out/series" | wc -l) files in $out/series"
log "report: $out/report.tsv, $out/report.txt"
