#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# applies.sh TREE PATCH...: do the patches apply to TREE one after the other
# (later ones on top of earlier ones)?  Works on a scratch copy of the files
# they touch; TREE is only read.  Exit 0 if they do, 1 (with patch's
# complaint on stderr) if not, 2 if it cannot tell (no patch(1), no such
# file): a caller must not take that for "does not apply".
#
# Not "git apply --check": inside a git work tree (build/ is inside
# pinconv's own repository) git apply ignores every path outside the
# current directory and checks nothing, and it checks several patches to
# one file against the original instead of in order.
set -eu -o pipefail
tree=$1
shift
PATCH=${PATCH:-patch}
command -v "$PATCH" >/dev/null || { echo "applies.sh: patch(1) not found ($PATCH; apt-get install patch)" >&2; exit 2; }
patches=()
for p in "$@"; do
	[ -f "$p" ] || { echo "applies.sh: no patch $p" >&2; exit 2; }
	patches+=("$(cd "$(dirname "$p")" && pwd)/${p##*/}")
done
[ -d "$tree" ] || { echo "applies.sh: $tree is not a directory" >&2; exit 2; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
grep -h '^+++ b/' "${patches[@]}" | sed 's|^+++ b/||' | sort -u | while read -r f; do
	[ -f "$tree/$f" ] || continue
	mkdir -p "$scratch/$(dirname "$f")"
	cp "$tree/$f" "$scratch/$f"
done
cd "$scratch"
for p in "${patches[@]}"; do
	"$PATCH" -s -p1 -f -F0 --no-backup-if-mismatch <"$p" >"$scratch/.log" 2>&1 || {
		echo "applies.sh: ${p##*/} does not apply:" >&2
		sed 's/^/  /' "$scratch/.log" >&2
		exit 1
	}
done
