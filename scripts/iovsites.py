#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The iov_iter_get_pages*() call sites, from the rules' JSON records.

cocci/iov_iter_to_pin.cocci (-D facts) writes a record for each site whose
release it can convert (rule "iov_iter_to_pin": shape, reason, release
positions, carrier struct); cocci/iov_iter_pages.cocci (-D facts) writes one
for every site (rule "iov_iter_pages": verdict and a reason for each
target).  The target is what the tree offers for pinning an iterator's pages:

  core     pinconv's core API (iov_iter_pin_pages(), kernel/series) is in the
           tree or applies to it: the converting rule's sites are converted;
  extract  the tree has iov_iter_extract_pages() (6.3+): they are
           needs-manual, with that API as the advice and the release found;
  both     neither: they are needs-core-api, saying what would convert.

A site the converting rule found takes its record (it knows the release);
every other site takes the classifier's.

Usage:
  iovsites.py sites --target T RECORDS...   the sites (JSON lines, sorted):
        file, line, column, function, api, verdict, case, confidence,
        reason, rule, shape, release, carrier (when the converting rule
        found one)
  iovsites.py patch --target T RECORDS...   the files to convert on their
        own by patch mode (a converted site, none through a carrier struct),
        "file NUL" each (the records of many files may be given at once)
  iovsites.py carriers --target T RECORDS...   for each file with a
        converted carrier site, "file NUL struct NUL" (file names are bytes)
Missing or empty record files count as no records.  Errors: exit 2.
"""
import argparse
import json
import os
import sys

TARGETS = ('core', 'extract', 'both')

EXTRACT = ('convert by hand with iov_iter_extract_pages() (this kernel has it, 6.3+): '
           'release with unpin_user_page() where iov_iter_extract_will_pin(); '
           'the release pinconv found: ')
NO_CORE = ('the tree has neither iov_iter_extract_pages() (6.3+) nor iov_iter_pin_pages() '
           '(pinconv core series, kernel/series, for Debian 6.1); with the core series it '
           'would convert: ')
FIELDS = ('file', 'line', 'column', 'function', 'api', 'case', 'confidence', 'rule', 'shape')


def load(paths):
    """The records of the files in paths, in order."""
    recs = []
    for p in paths:
        try:
            f = open(p, encoding='utf-8', errors='surrogateescape')
        except FileNotFoundError:
            continue
        with f:
            for n, ln in enumerate(f, 1):
                if not ln.strip():
                    continue
                try:
                    r = json.loads(ln)
                except ValueError as e:
                    raise SystemExit('iovsites.py: %s:%d: not a JSON record (%s)' % (p, n, e))
                if r.get('rule') in ('iov_iter_to_pin', 'iov_iter_pages'):
                    r['file'] = os.path.normpath(r['file'])
                    recs.append(r)
    return recs


def site(r, target):
    """The report record of one rule record for the target."""
    d = {k: r[k] for k in FIELDS if k in r}
    if r['rule'] == 'iov_iter_pages':
        d['verdict'] = r['verdict']
        d['reason'] = r['reasons'][target]
        return d
    d['release'] = r.get('release', [])
    if 'carrier' in r:
        d['carrier'] = r['carrier']
    if target == 'core':
        d['verdict'], d['reason'] = 'converted', r['reason']
    elif target == 'extract':
        d['verdict'], d['reason'] = 'needs-manual', EXTRACT + r['reason']
    else:
        d['verdict'], d['reason'] = 'needs-core-api', NO_CORE + r['reason']
    return d


def sites(recs, target):
    """One site per call (file, line, column): the converting rule's record
    when it has one, else the classifier's."""
    best = {}
    for r in recs:
        k = (r['file'], r['line'], r['column'])
        old = best.get(k)
        if old is None or (old['rule'] == 'iov_iter_pages' and r['rule'] == 'iov_iter_to_pin'):
            best[k] = r
    return [site(best[k], target) for k in sorted(best)]


def main(argv):
    ap = argparse.ArgumentParser(description='iov_iter sites from the rules\' records')
    ap.add_argument('cmd', choices=('sites', 'patch', 'carriers'))
    ap.add_argument('--target', required=True, choices=TARGETS)
    ap.add_argument('records', nargs='*')
    a = ap.parse_intermixed_args(argv)
    ss = sites(load(a.records), a.target)
    if a.cmd == 'sites':
        out = open(sys.stdout.fileno(), 'w', encoding='utf-8', errors='surrogateescape',
                   closefd=False)
        for d in ss:
            out.write(json.dumps(d, sort_keys=True) + '\n')
        out.flush()
        return 0
    conv = [d for d in ss if d['verdict'] == 'converted']
    if a.cmd == 'patch':
        held = {d['file'] for d in conv if 'carrier' in d}
        for f in sorted({d['file'] for d in conv} - held):
            sys.stdout.buffer.write(os.fsencode(f) + b'\0')
        return 0
    seen = set()
    for d in conv:
        if 'carrier' in d:
            seen.add((d['file'], d['carrier']['struct']))
    for f, st in sorted(seen):
        sys.stdout.buffer.write(os.fsencode(f) + b'\0' + st.encode() + b'\0')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
