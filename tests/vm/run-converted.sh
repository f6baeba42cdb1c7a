#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# tests/vm/run.sh on the converted kernel (make kernel-converted's build), a
# suite of its own for tests/run.sh: make test-kernels builds the kernel first.
KERNEL=converted exec "$(dirname "$0")/run.sh"
