#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# tests/vm/run.sh on the patched kernel (make kernel's build), a suite of its
# own for tests/run.sh: make test-kernels builds the kernel first.
KERNEL=patched exec "$(dirname "$0")/run.sh"
