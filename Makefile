# SPDX-License-Identifier: GPL-2.0
# pinconv: convert get_user_pages() call sites to FOLL_PIN, and prove it.
#
#   make convert [TREE=dir] [M=subdir] [OUT=dir]   the main job
#   make test                                      fixtures + tree run + kernel scripts + VM suite on Debian's kernel
#   make test-kernels                              VM suite on the patched and converted kernels (builds both)
#   make vmtest [KERNEL=debian|patched|converted|path]   the VM suite alone
#   make kernel [CONVERTED=1]                      the patched test kernel
#   make kernel-bisect                             build + checkpatch each prefix of kernel/series
#   make bench                                     benchmarks (docs/benchmarks.md)
#   make pincheck [TREE=dir] [M=subdir] [MODE=report|context|org]   the balance checker (docs/checker.md)

SHELL := /bin/bash
TOP := $(CURDIR)
BUILD ?= $(TOP)/build
KVER_SRC ?= 6.1
DEFAULT_TREE := $(BUILD)/linux-source-$(KVER_SRC)
TREE ?= $(DEFAULT_TREE)
OUT ?=
M ?=
# TREE, OUT and M= given on the command line (or in the environment) are
# taken literally, '$' and spaces included, and quoted for the shell; the
# scripts resolve them (scripts/outdir.sh), and OUT defaults to out/<tree>.
rawvar = $(if $(filter command line environment environment override,$(origin $(1))),$(value $(1)),$(2))
shq = '$(subst ','\'',$(1))'
TREE_ARG := $(call shq,$(call rawvar,TREE,$(DEFAULT_TREE)))
OUT_ARG := $(call shq,$(call rawvar,OUT,))
M_ARG := $(call shq,$(call rawvar,M,))
KERNEL ?= debian
CONVERTED ?=
# Old kernels and out-of-tree drivers (scripts/gate.py, docs/rules.md "Version ranges")
COMPAT ?= 0
MIN_KERNEL ?=
# Kernel build directory for check-build of a tree that is not a kernel tree
KDIR ?=
MODE ?= report
PINCHECK_OUT ?= $(TOP)/out/pincheck-$(notdir $(abspath $(TREE)))

# patch: scripts/applies.sh (convert.sh's --core-api auto, check-build.sh)
CONVERT_PKGS := coccinelle linux-source-$(KVER_SRC) linux-config-$(KVER_SRC) git xz-utils make \
	gcc bc bison flex libelf-dev libssl-dev python3 perl patch
# rsync: the kernel's headers_install (gup_test's build)
KERNEL_PKGS := bc bison flex libelf-dev libssl-dev ccache make gcc libc6-dev cpio xz-utils \
	git python3 perl kmod rsync
export TOP BUILD KVER_SRC

.PHONY: all convert deps-convert tree check-build test test-kernels test-fixtures test-tree test-robust \
	vmtest userspace bench bench-kernel bench-dio clean deps-kernel kernel kernel-bisect pincheck \
	kernel-patched kernel-converted kver-src

all: convert

# Coccinelle's Python rules run in the libpython of the python3 on PATH, which
# the coccinelle package does not pull in (without it every rule with a script
# fails: "Py.find_library: unable to find the Python library"): install the
# libpythonX.Y-dev matching the python3 that CONVERT_PKGS brought.  -dev, not
# only libpythonX.Y: spatch finds libpythonX.Y.so.1 only when python3 is
# reached through /usr/bin; through a symlink elsewhere (such as the PATH of
# symlinks in tests/robust) it loads the unversioned libpythonX.Y.so of -dev.
deps-convert:
	@scripts/setup/ensure-pkgs.sh $(CONVERT_PKGS)
	@scripts/setup/ensure-pkgs.sh libpython$$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')-dev

# Unpack Debian's kernel source under build/ (never touched afterwards).
tree: deps-convert
	@scripts/setup/unpack-source.sh $(KVER_SRC) $(BUILD)

ifeq ($(origin TREE),file)
convert: tree
else
convert: deps-convert
endif
	@scripts/convert.sh --tree $(TREE_ARG) --out $(OUT_ARG) --subdir $(M_ARG) \
		--compat "$(COMPAT)" $(if $(MIN_KERNEL),--min-kernel "$(MIN_KERNEL)")

# patch(1), gcc and the kernel's host tools for make prepare: CONVERT_PKGS
check-build: deps-convert
	@scripts/check-build.sh --tree $(TREE_ARG) --out $(OUT_ARG) $(if $(KDIR),--kdir "$(KDIR)")

userspace:
	$(MAKE) -C userspace deps all

test-fixtures: deps-convert
	@tests/run.sh tests/cocci/run.sh tests/pincheck/run.sh tests/pageflow/run.sh tests/flow/run.sh

# The balance checker over already-pinned code: findings on stdout (MODE),
# findings.tsv/.jsonl and report.txt in PINCHECK_OUT.  Findings are not a
# make error; a failing tool is.
pincheck: $(if $(filter file,$(origin TREE)),tree,deps-convert)
	@python3 scripts/pincheck.py --tree $(TREE_ARG) $(if $(M),--subdir $(M_ARG)) --mode "$(MODE)" \
		--out "$(PINCHECK_OUT)" || [ $$? -eq 1 ]

test-tree: tree
	@tests/run.sh tests/unit/run.py tests/tree/cases.sh tests/tree/run.sh tests/tree/oot.sh

test-robust: deps-convert
	@tests/run.sh tests/robust/run.sh

deps-kernel:
	@scripts/setup/ensure-pkgs.sh $(KERNEL_PKGS)

# Debian's source + kernel/series (+ make convert's series with CONVERTED=1),
# built with kernel/config/pinconv.config into build/kernel/obj-patched
# (obj-converted).  docs/kernel-build.md
kernel: kernel-$(if $(filter-out 0,$(CONVERTED)),converted,patched)
kernel-patched: tree deps-kernel
	@kernel/build/build-kernel.sh
# The generated series comes from CONVERT_OUT: by default tests/tree's make
# convert of the default tree (build/test-tree/out, made by make test) when
# there is one, else out/linux-source-$(KVER_SRC), which make convert
# writes first when it has no series.
CONVERT_OUT ?= $(if $(wildcard $(BUILD)/test-tree/out/series/0001-*.patch),$(BUILD)/test-tree/out,$(TOP)/out/linux-source-$(KVER_SRC))
kernel-converted: tree deps-kernel
	@ls $(call shq,$(CONVERT_OUT))/series/0001-*.patch >/dev/null 2>&1 || \
		scripts/convert.sh --tree $(call shq,$(DEFAULT_TREE)) --out $(call shq,$(CONVERT_OUT))
	@CONVERT_OUT=$(call shq,$(CONVERT_OUT)) kernel/build/build-kernel.sh --converted

# the source version, for scripts run outside make (tests/vm/boot.sh)
kver-src:
	@echo $(KVER_SRC)

kernel-bisect: tree deps-kernel
	@tests/run.sh tests/kernel/bisect.sh

# The VM suite on KERNEL; KERNEL=patched|converted builds that kernel first
vmtest: $(if $(filter patched converted,$(KERNEL)),kernel-$(KERNEL))
	@tests/run.sh tests/vm/run.sh

test: tree
	@tests/run.sh tests/unit/run.py tests/cocci/run.sh tests/pincheck/run.sh tests/pageflow/run.sh tests/flow/run.sh \
		tests/robust/run.sh tests/tree/cases.sh tests/tree/run.sh tests/tree/oot.sh \
		tests/kernel/run.sh tests/vm/selftest.sh tests/vm/run.sh

# The VM suite on pinconv's own kernels: builds the patched kernel and the
# converted one (from scratch the patched build alone took 89 min on the shared
# 2-core machine, with ccache the converted one 3 min; docs/benchmarks.md)
test-kernels: kernel-patched kernel-converted
	@tests/run.sh tests/vm/run-patched.sh tests/vm/run-converted.sh

bench: tree
	@tests/bench/bench.sh

# gup_test -u vs -a: unpatched reference kernel, patched with the pin ledger on and off (three VM boots)
bench-kernel: kernel-patched
	@kernel/build/build-kernel.sh --base
	@tests/bench/bench-kernel.sh

# fio O_DIRECT throughput: unpatched reference kernel vs the converted one,
# alternating boots.  BENCH_DIO_STOCK / BENCH_DIO_CONVERTED name other
# kernels (nothing is built for them); tests/bench/bench-dio.sh
BENCH_DIO_STOCK ?=
BENCH_DIO_CONVERTED ?=
bench-dio: $(if $(and $(BENCH_DIO_STOCK),$(BENCH_DIO_CONVERTED)),,tree deps-kernel)
ifeq ($(BENCH_DIO_STOCK),)
	@kernel/build/build-kernel.sh --base
endif
ifeq ($(BENCH_DIO_CONVERTED),)
	@kernel/build/build-kernel.sh --converted
endif
	@BENCH_DIO_STOCK="$(BENCH_DIO_STOCK)" BENCH_DIO_CONVERTED="$(BENCH_DIO_CONVERTED)" tests/bench/bench-dio.sh

clean:
	rm -rf $(BUILD) $(TOP)/out
