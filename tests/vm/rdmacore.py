#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Run rdma-core's python test suite (python3-pyverbs) and record the outcome
of every test as 'TEST-ID pass|skip|fail [reason]' lines in RESULTS.

usage: rdmacore.py TESTS_DIR RESULTS [--dev rxe0] [--gid N] [-k PATTERN]...
TESTS_DIR holds the (gunzipped) 'tests' package; -k patterns select a subset
exactly like unittest's -k (substring or fnmatch pattern of the test id).
"""
import os
import sys
import unittest
from importlib.machinery import SourceFileLoader


def flatten(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from flatten(t)
        else:
            yield t


def main():
    tdir, results = sys.argv[1], sys.argv[2]
    args = sys.argv[3:]
    pats = [args[i + 1] for i, a in enumerate(args) if a == '-k']
    sys.path.insert(0, tdir)
    sys.argv = [sys.argv[0]] + [a for i, a in enumerate(args)
                                if a != '-k' and (i == 0 or args[i - 1] != '-k')]
    from args_parser import parser
    parser.parse_args()
    tests = SourceFileLoader('tests', os.path.join(tdir, '__init__.py')).load_module()
    loader = unittest.TestLoader()
    if pats:
        loader.testNamePatterns = [p if '*' in p else '*%s*' % p for p in pats]
    suite = loader.loadTestsFromModule(tests)
    ids = [t.id() for t in flatten(suite)]   # the runner drops tests it ran
    result = unittest.TextTestRunner(stream=sys.stdout, verbosity=2).run(suite)
    outcome = {}
    for tid in ids:
        outcome[tid] = ('pass', '')
    for t, msg in result.skipped:
        outcome[t.id()] = ('skip', ' '.join(str(msg).split())[:160])
    for t, msg in result.failures + result.errors:
        last = [ln for ln in msg.strip().splitlines() if ln.strip()][-1:]
        outcome[t.id()] = ('fail', ' '.join(last)[:160])
    for t in result.unexpectedSuccesses:
        outcome[t.id()] = ('fail', 'unexpected success')
    with open(results, 'w') as f:
        for tid in sorted(outcome):
            res, why = outcome[tid]
            f.write(('%s %s %s' % (tid, res, why)).rstrip() + '\n')


main()
