# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034
# Shared by kernel/build/build-kernel.sh and tests/kernel/bisect.sh: the git
# source trees under build/kernel, applying kernel/series, the config and the
# ccache'd out-of-tree build.  Source it after setting TOP and BUILD.
#
# Layout (the short names are symlinks, so that every variant's obj and src
# are siblings: ccache with CCACHE_BASEDIR then sees the same relative paths
# and shares hits between variants):
#   build/kernel/patched/{src,obj}    src -> patched/src, obj-patched -> patched/obj
#   build/kernel/converted/{src,obj}  src-converted, obj-converted
#   build/kernel/bisect/{src,obj}     src-bisect, obj-bisect
# patched/src is a git repo created once from the pristine unpacked tree
# (tag pinconv-base); the other variants are local clones of it.

KSRC_VER=${KVER_SRC:-6.1}
KPRISTINE=$BUILD/linux-source-$KSRC_VER
KDIR=$BUILD/kernel
KSERIES=$TOP/kernel/series
KFRAGMENT=$TOP/kernel/config/pinconv.config
# fixed identity for the commits and the kernel's version string
export GIT_COMMITTER_NAME=pinconv GIT_COMMITTER_EMAIL=pinconv@localhost
export KBUILD_BUILD_TIMESTAMP='Mon Jan  1 00:00:00 UTC 2024'
export KBUILD_BUILD_USER=pinconv KBUILD_BUILD_HOST=pinconv
export CCACHE_DIR=$BUILD/ccache CCACHE_BASEDIR=$KDIR
export CCACHE_NOHASHDIR=1 CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}

kdie() { echo "pinconv: $*" >&2; exit 1; }
klog() { echo "pinconv: $*" >&2; }
# krel PATH: PATH relative to TOP when below it (for messages)
krel() { case $1 in "$TOP"/*) echo "${1#"$TOP"/}" ;; *) echo "$1" ;; esac; }

# klock: one kernel build at a time (2 cores); held until the script exits
# or kunlock
klock() {
	mkdir -p "$KDIR"
	exec 9>"$KDIR/.lock"
	if ! flock -n 9; then
		klog "another kernel build holds $(krel "$KDIR/.lock"); waiting"
		flock 9
	fi
}
# kunlock: let a waiting build in (a long kernel-bisect does between prefixes)
kunlock() { flock -u 9; }

# kseries FILE: the patch files it lists (quilt style: one name per line,
# relative to the file's directory; '#' comments and blank lines ignored;
# anything after the name, e.g. quilt's -p1, ignored).  A missing FILE is an
# empty series; a listed file that does not exist is an error.
kseries() {
	local f=$1 dir line name
	[ -f "$f" ] || return 0
	dir=$(cd "$(dirname "$f")" && pwd)
	while IFS= read -r line || [ -n "$line" ]; do
		line=${line%%#*}
		read -r name _ <<<"$line" || true
		[ -n "$name" ] || continue
		[ -f "$dir/$name" ] || kdie "$(krel "$f") lists $name, which does not exist"
		echo "$dir/$name"
	done <"$f"
}

# kvariant NAME: create build/kernel/NAME/{src,obj} and the short symlinks.
# A short name that is gone while its directory is still there was removed on
# purpose (rm -rf build/kernel/obj-patched): start that directory afresh.
kvariant() {
	local v=$1 s o
	case $v in
	patched) s=src o=obj-patched ;;
	*) s=src-$v o=obj-$v ;;
	esac
	mkdir -p "$KDIR/$v"
	if [ ! -L "$KDIR/$o" ] && [ -d "$KDIR/$v/obj" ]; then
		klog "$(krel "$KDIR/$o") was removed: building $v from scratch"
		rm -rf "$KDIR/$v/obj"
	fi
	if [ ! -L "$KDIR/$s" ] && [ -d "$KDIR/$v/src" ]; then
		klog "$(krel "$KDIR/$s") was removed: recreating it"
		rm -rf "$KDIR/$v/src"
	fi
	mkdir -p "$KDIR/$v/obj"
	ln -sfn "$v/obj" "$KDIR/$o"
	[ -d "$KDIR/$v/src/.git" ] || kbase "$KDIR/$v/src"
	ln -sfn "$v/src" "$KDIR/$s"
}

# kbase DIR: a git repo of the pristine tree at tag pinconv-base
kbase() {
	local dir=$1 base=$KDIR/patched/src t0=$SECONDS
	[ -f "$KPRISTINE/.pinconv-unpacked" ] ||
		kdie "$(krel "$KPRISTINE") is not unpacked (make tree)"
	rm -rf "$dir" "$dir.tmp"
	if [ "$dir" != "$base" ]; then
		[ -d "$base/.git" ] || kbase "$base"
		klog "cloning $(krel "$base") into $(krel "$dir")"
		git clone -q --local --no-checkout "$base" "$dir.tmp"
		git -C "$dir.tmp" checkout -q -f -B pinconv pinconv-base
	else
		klog "creating the git source $(krel "$dir") from $(krel "$KPRISTINE") (once, ~2 min)"
		mkdir -p "$dir.tmp"
		(cd "$KPRISTINE" && tar -cf - --exclude=./.pinconv-unpacked .) | tar -C "$dir.tmp" -xf -
		(
			cd "$dir.tmp"
			git init -q -b pinconv
			git config core.compression 1
			git config gc.auto 0
			# -f: the tree's .gitignore files must not hide any shipped file
			git add -A -f .
			GIT_AUTHOR_NAME=pinconv GIT_AUTHOR_EMAIL=pinconv@localhost \
				GIT_AUTHOR_DATE=@1704067200 GIT_COMMITTER_DATE=@1704067200 \
				git commit -q -m "linux-source-$KSRC_VER $(make -s -C "$KPRISTINE" kernelversion 2>/dev/null)" \
				-m "Debian's pristine source, unpacked from /usr/src/linux-source-$KSRC_VER.tar.xz."
			git tag pinconv-base
		) || kdie "could not create the git source in $(krel "$dir.tmp")"
	fi
	git -C "$dir.tmp" config gc.auto 0
	mv "$dir.tmp" "$dir"
	klog "$(krel "$dir") ready ($((SECONDS - t0)) s)"
}

# ksync SRC LOG PATCH...: SRC = pinconv-base + PATCHes applied in order with
# git am (plain diffs without mail headers: git apply + commit).  Nothing is
# done when the same patch contents were applied last time and the tree is
# unchanged since.  A patch that does not apply: one error line, exit 1.
ksync() {
	local src=$1 log=$2 want p
	shift 2
	want=$({ for p in "$@"; do echo "== $(basename "$p")"; cat "$p"; done; } | sha256sum)
	want=${want%% *}
	local stamp=$src/.git/pinconv-applied
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want $(git -C "$src" rev-parse HEAD)" ]; then
		git -C "$src" diff --quiet HEAD ||
			kdie "$(krel "$src") has local changes: put them in a patch of kernel/series, or run git -C $(krel "$src") reset --hard"
		return 0
	fi
	[ -d "$src/.git/rebase-apply" ] && git -C "$src" am --abort >/dev/null 2>&1
	git -C "$src" diff --quiet HEAD ||
		kdie "$(krel "$src") has local changes: put them in a patch of kernel/series, or run git -C $(krel "$src") reset --hard"
	rm -f "$stamp"
	git -C "$src" reset -q --hard pinconv-base
	: >"$log"
	for p in "$@"; do
		kapply "$src" "$log" "$p" ||
			kdie "patch $(krel "$p") does not apply to $(krel "$KPRISTINE") + the patches before it: $KAPPLY_ERR"
	done
	echo "$want $(git -C "$src" rev-parse HEAD)" >"$stamp"
	klog "$(krel "$src"): pinconv-base + $# patches applied"
}

# kapply SRC LOG PATCH: commit PATCH on top of SRC's HEAD: git am for a mail
# (format-patch) patch, git apply + commit for a plain diff.  On failure SRC
# is left as it was and KAPPLY_ERR holds git's first error line.
KAPPLY_ERR=
kapply() {
	local src=$1 log=$2 p=$3 n
	n=$(wc -l <"$log" 2>/dev/null || echo 0)
	if head -40 "$p" | grep -qE '^(From|Subject): '; then
		git -C "$src" am -q "$p" >>"$log" 2>&1 && return 0
		git -C "$src" am --abort >/dev/null 2>&1
	else
		if git -C "$src" apply --index "$p" >>"$log" 2>&1; then
			GIT_AUTHOR_NAME=pinconv GIT_AUTHOR_EMAIL=pinconv@localhost \
				git -C "$src" commit -q -m "$(basename "$p")" >>"$log" 2>&1 && return 0
		fi
		git -C "$src" reset -q --hard HEAD
	fi
	KAPPLY_ERR=$(tail -n +$((n + 1)) "$log" | grep -m1 -E '^(error|fatal|Patch failed)')
	KAPPLY_ERR=${KAPPLY_ERR:-see $(krel "$log")}
	return 1
}

# kknown SRC: every config symbol the tree's Kconfig defines (x86 + generic)
kknown() {
	local src=$1
	{
		find -H "$src" -path "$src/arch" -prune -o -path "$src/.git" -prune -o \
			-name 'Kconfig*' -type f -print
		find "$src/arch/x86" -name 'Kconfig*' -type f
		echo "$src/arch/Kconfig"
	} | xargs awk '/^[ \t]*(menu)?config[ \t]+[A-Za-z0-9_]+[ \t]*$/ { print $2 }' | sort -u
}

# kdepends SRC SYM: the "depends on" lines of SYM's Kconfig entry, on one line
kdepends() {
	local src=$1 sym=$2 f
	f=$(grep -rlE --include='Kconfig*' "^[[:space:]]*(menu)?config[[:space:]]+${sym}[[:space:]]*\$" \
		"$src" --exclude-dir=.git 2>/dev/null | grep -E "^$src/(arch/x86/|[^a])|^$src/arch/Kconfig" | head -1)
	[ -n "$f" ] || return 0
	awk -v sym="$sym" '
		$1 ~ /^(menu)?config$/ || $1 == "choice" || $1 == "endchoice" || $1 == "if" || $1 == "endif" {
			on = ($1 ~ /config$/ && $2 == sym); next }
		on && $1 == "depends" { sub(/^[ \t]*depends on[ \t]*/, ""); d = d (d ? "; " : "") $0 }
		END { if (d) print "depends on " d }' "$f" | sed "s|^|${f#"$src"/}: |"
}

# kcheckcfg SRC CONFIG FRAGMENT: every option of FRAGMENT has its value in
# CONFIG.  Options unknown to the tree's Kconfig are errors, except those
# named on a "# needs-patch: SYM..." line of FRAGMENT (a patch of the series
# adds them), which are only reported.  One error line per bad option.
# NAME: how to call CONFIG in messages.
kcheckcfg() {
	local src=$1 cfg=$2 frag=$3 name=${4:-$(krel "$2")} known bad
	known=$(mktemp)
	kknown "$src" >"$known"
	bad=$(awk -v fragname="$(krel "$frag")" -v cfgname="$name" '
		FNR == 1 { fi++ }
		fi == 1 { k[$1] = 1; next }
		fi == 2 {
			if (match($0, /^CONFIG_[A-Za-z0-9_]+=/)) v[substr($0, 1, RLENGTH - 1)] = substr($0, RLENGTH + 1)
			else if ($0 ~ /^# CONFIG_[A-Za-z0-9_]+ is not set$/) v[$2] = "n"
			next
		}
		/^# needs-patch:/ { for (i = 3; i <= NF; i++) np[$i] = 1; next }
		match($0, /^CONFIG_[A-Za-z0-9_]+=/) { name = substr($0, 1, RLENGTH - 1); want = substr($0, RLENGTH + 1) }
		/^# CONFIG_[A-Za-z0-9_]+ is not set$/ { name = $2; want = "n" }
		name == "" { next }
		{
			got = (name in v) ? v[name] : "n"
			sym = substr(name, 8)
			req = (want == "n") ? "# " name " is not set" : name "=" want
			if (got != want) {
				if (!(sym in k) && (sym in np))
					print "note " name " is not in this tree'"'"'s Kconfig yet (needs-patch in " fragname "): not checked"
				else if (!(sym in k))
					print "bad " sym " " req " (" fragname ":" FNR ") is not a config option of this tree (a typo, or add it to the needs-patch line)"
				else
					print "bad " sym " " req " (" fragname ":" FNR ") is " (got == "n" ? "not set" : got) " in the final " cfgname
			}
			name = ""
		}' "$known" "$cfg" "$frag")
	rm -f "$known"
	local ret=0 kind sym rest dep
	while read -r kind sym rest; do
		case $kind in
		note) klog "kernel config: $sym $rest" ;;
		bad)
			dep=$(kdepends "$src" "$sym")
			echo "pinconv: kernel config: $rest${dep:+ ($dep)}" >&2
			ret=1
			;;
		esac
	done <<<"$bad"
	return $ret
}

# kmake SRC OBJ ARGS...: the kernel's make, out of tree, ccache'd, quiet
kmake() {
	local src=$1 obj=$2
	shift 2
	make -C "$src" O="$obj" CC="ccache gcc" HOSTCC="ccache gcc" -j"${KERNEL_JOBS:-$(nproc)}" -s "$@"
}

# kconfig SRC OBJ: defconfig + kvm_guest.config + kernel/config/pinconv.config,
# olddefconfig, checked; OBJ/.config replaced only when it changed (so an
# unchanged config does not make anything rebuild)
kconfig() {
	local src=$1 obj=$2 tmp=$2/.pinconv
	mkdir -p "$tmp"
	rm -f "$tmp/config.new"
	KCONFIG_CONFIG=$tmp/config.new "$src/scripts/kconfig/merge_config.sh" -m \
		"$src/arch/x86/configs/x86_64_defconfig" "$src/kernel/configs/kvm_guest.config" \
		"$KFRAGMENT" >"$tmp/merge.log" 2>&1 ||
		{ tail -5 "$tmp/merge.log" >&2; kdie "merge_config.sh failed (see $(krel "$tmp/merge.log"))"; }
	kmake "$src" "$obj" KCONFIG_CONFIG="$tmp/config.new" olddefconfig >"$tmp/olddefconfig.log" 2>&1 ||
		{ tail -5 "$tmp/olddefconfig.log" >&2; kdie "make olddefconfig failed (see $(krel "$tmp/olddefconfig.log"))"; }
	kcheckcfg "$src" "$tmp/config.new" "$KFRAGMENT" ".config of $(krel "$obj")" || return 1
	cmp -s "$tmp/config.new" "$obj/.config" || cp "$tmp/config.new" "$obj/.config"
}

# kguptest SRC OBJ: the vm selftests of SRC that the VM suite runs, built like
# the selftest Makefile does (-Wall, uapi headers of SRC) into OBJ: gup_test,
# and pin_ledger where the tree has it (kernel/0009; not in the base variant)
kguptest() {
	local src=$1 obj=$2 dir=$1/tools/testing/selftests/vm t extra
	kmake "$src" "$obj" headers_install >"$obj/.pinconv/headers.log" 2>&1 ||
		{ tail -5 "$obj/.pinconv/headers.log" >&2; return 1; }
	for t in gup_test pin_ledger; do
		[ "$t" = gup_test ] || [ -f "$dir/$t.c" ] || continue
		extra=()
		grep -q '"vm_util.h"' "$dir/$t.c" && extra+=("$dir/vm_util.c")
		gcc -Wall -no-pie -I "$src" -isystem "$obj/usr/include" "$dir/$t.c" "${extra[@]}" \
			-lrt -lpthread -o "$obj/$t.tmp" && mv "$obj/$t.tmp" "$obj/$t" || return 1
	done
}
