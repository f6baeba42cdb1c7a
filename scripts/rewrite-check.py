#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that cocci/gup_rewrite.cocci rewrote exactly the calls the page-flow
solver chose, and undo the conversions where it did not.

For every file of decisions.json and every callee a decision names, the
calls of that callee in the pristine copy (git HEAD) less the chosen ones
must be the calls left in the rewritten copy.  A rewrite rule that does not
match a chosen call (an argument list it does not know) leaves a put_page()
or release_pages() on pinned pages; one that matches a call not chosen turns
another reference into an unpin.  Either way the converted sites that share
a file with that one (their acquire or one of their releases) go back to
pristine, together, and sites.jsonl says why (needs-manual).

Usage: rewrite-check.py --work GITDIR --decisions FILE --sites FILE
Prints the files put back, one per line, on stdout.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from verrange import strip_comments  # noqa: E402


def calls(text, name):
    return len(re.findall(r'(?<![\w.>])%s\s*\(' % re.escape(name), strip_comments(text)))


def pristine(work, path):
    return subprocess.run(['git', 'show', 'HEAD:./' + path], cwd=work, capture_output=True,
                          text=True, errors='surrogateescape').stdout


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument('--work', required=True)
    ap.add_argument('--decisions', required=True)
    ap.add_argument('--sites', required=True)
    a = ap.parse_args(argv)
    with open(a.decisions) as fh:
        dec = json.load(fh)
    sites = [json.loads(ln) for ln in open(a.sites) if ln.strip()]

    bad = {}
    for path, ds in dec.items():
        try:
            now = open(os.path.join(a.work, path), errors='surrogateescape').read()
        except OSError:
            continue
        before = pristine(a.work, path)
        chosen = collections.defaultdict(set)
        for d in ds:
            chosen[d['old']].add((d['line'], d['col']))
        for name, pos in sorted(chosen.items()):
            want = calls(before, name) - len(pos)
            got = calls(now, name)
            if got != want:
                lines = ', '.join('%s:%d' % (path, ln) for ln, _ in sorted(pos))
                bad[path] = ('the rewrite left %d %s() call(s) where %d were to stay (chosen: %s)'
                             % (got, name, max(want, 0), lines))
                break
    if not bad:
        return 0

    # the files of each converted site: its acquire's and its releases'
    groups = []
    for s in sites:
        if s.get('verdict') != 'converted':
            continue
        files = {s['file']}
        for path, ds in dec.items():
            if any([s['file'], s['line']] in d.get('sites', ()) for d in ds):
                files.add(path)
        groups.append((s, files))
    revert = set(bad)
    changed = True
    while changed:
        changed = False
        for s, files in groups:
            if files & revert and not files <= revert:
                revert |= files
                changed = True
    for s, files in groups:
        if files & revert:
            why = '; '.join(bad[f] for f in sorted(files & set(bad))) or \
                '; '.join('%s: %s' % (f, bad[f]) for f in sorted(bad))
            s.update(verdict='needs-manual', case='?', confidence='Moderate',
                     reason='not converted: %s. The solver chose: %s' % (why, s['reason']))
            s.pop('newapi', None)
    subprocess.run(['git', 'checkout', '-q', '--'] + sorted(revert), cwd=a.work, check=True)
    with open(a.sites, 'w') as fh:
        for s in sites:
            fh.write(json.dumps(s, sort_keys=True) + '\n')
    for f in sorted(revert):
        print(f)
    return 0


if __name__ == '__main__':
    sys.exit(main())
