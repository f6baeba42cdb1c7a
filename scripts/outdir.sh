# SPDX-License-Identifier: GPL-2.0
# Path safety for the scripts that read a user's tree and write an output
# directory (convert.sh, check-build.sh).  Sourced; the caller defines die().
#
# Every path is resolved physically (symlinks followed) before anything is
# created or removed, so that no spelling of TREE, OUT or M= can make pinconv
# write into the tree or delete it:
#   pc_tree DIR            print DIR's physical path; die unless a directory
#   pc_out TREE OUT TOP    print OUT's physical path (default TOP/out/<tree
#                          name>); die when OUT and TREE overlap either way
#   pc_subdir TREE M       print M relative to TREE ("." for the tree); die
#                          when M leaves the tree or is not a directory
#   pc_claim_out OUT       create OUT or take over an OUT that pinconv made
#                          (marker file), and lock it for the whole run (fd 9);
#                          die on any other existing non-empty directory or
#                          when another run holds the lock
#   pc_publish OUT STAGE   replace OUT's contents (all but the marker and the
#                          lock) with STAGE's (OUT/.staging), so no file of an
#                          older run stays

PC_MARKER=.pinconv-out
PC_LOCK=.pinconv-lock

pc_tree() {
	local d=$1 p
	[ -n "$d" ] || die "no tree given (TREE=dir)"
	[ -e "$d" ] || die "tree '$d' does not exist$(case $d in /*) ;; *) echo " (relative to $PWD)" ;; esac)"
	[ -d "$d" ] || die "tree '$d' is not a directory"
	p=$(realpath -e -- "$d") || die "cannot resolve the path of tree '$d'"
	printf '%s\n' "$p"
}

# True when path $2 is $1 or lies below it (both physical, no trailing /),
# also when $2 reaches $1's directory by another mount (a bind mount): the
# device and inode of $1 are looked for among $2's existing ancestors.
pc_within() {
	local p id
	[ "$2" = "$1" ] && return 0
	case $2 in "${1%/}"/*) return 0 ;; esac
	id=$(stat -L -c %d:%i -- "$1" 2>/dev/null) || return 1
	p=$2
	while [ ! -e "$p" ]; do p=$(dirname -- "$p"); done
	while :; do
		[ "$(stat -L -c %d:%i -- "$p" 2>/dev/null)" = "$id" ] && return 0
		[ "$p" = / ] && return 1
		p=$(dirname -- "$p")
	done
}

pc_out() {
	local tree=$1 out=$2 top=$3 p
	[ -n "$out" ] || out=$top/out/$(basename -- "$tree")
	[ ! -e "$out" ] || [ -d "$out" ] || die "OUT '$out' exists and is not a directory"
	p=$(realpath -m -- "$out") || die "cannot resolve the path of OUT '$out'"
	pc_within "$tree" "$p" && die "OUT ($p) must not be the tree or inside it ($tree)"
	pc_within "$p" "$tree" && die "the tree ($tree) must not be inside OUT ($p): pinconv replaces OUT's contents"
	printf '%s\n' "$p"
}

pc_subdir() {
	local tree=$1 m=${2%/} p
	[ -n "$m" ] || { echo .; return; }
	case $m in /*) die "M=$m must be a path relative to the tree" ;; esac
	p=$(realpath -m -- "$tree/$m") || die "cannot resolve M=$m"
	pc_within "$tree" "$p" || die "M=$m leaves the tree ($tree)"
	[ -d "$p" ] || die "M=$m is not a directory under $tree"
	p=${p#"$tree"}
	p=${p#/}
	printf '%s\n' "${p:-.}"
}

pc_claim_out() {
	local out=$1
	if [ -d "$out" ] && [ ! -e "$out/$PC_MARKER" ] &&
		[ -n "$(find "$out" -mindepth 1 -maxdepth 1 -print -quit)" ]; then
		die "OUT ($out) exists and was not made by pinconv: choose another OUT or empty it"
	fi
	mkdir -p "$out" || die "cannot create OUT ($out)"
	: >>"$out/$PC_MARKER" || die "cannot write into OUT ($out)"
	exec 9>>"$out/$PC_LOCK"
	flock -n 9 || die "another pinconv run is writing $out"
}

pc_publish() {
	local out=$1 stage=$2 old=$1/.old
	# Renames only while signals wait, so an interrupt leaves either the old
	# output or the new one; what was replaced is removed afterwards.
	trap '' INT TERM HUP
	rm -rf -- "$old"
	mkdir -- "$old"
	find "$out" -mindepth 1 -maxdepth 1 ! -name "$PC_MARKER" ! -name "$PC_LOCK" \
		! -name .staging ! -name .old -exec mv -- {} "$old/" \;
	find "$stage" -mindepth 1 -maxdepth 1 -exec mv -- {} "$out/" \;
	rmdir -- "$stage"
	trap - INT TERM HUP
	rm -rf -- "$old"
}
