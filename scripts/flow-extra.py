#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Files outside the candidates that may release pages the solver follows.

Input: --tree DIR, --escapes FILE (pageflow.py --escapes: struct, field,
dir per line), --candidates FILE (already analysed).  Output on stdout: one
path per line (relative to the tree) of C files that name an escaped
field (-> or .) together with a release call (put_page, release_pages,
put_user_page*, folio_put, __free_page, unpin_user_page*), looked for in
the directory of the site and, for a structure the facts name, in every
file that names that structure.  Errors: an unreadable file is skipped.
"""
import argparse
import json
import os
import re
import subprocess
import sys

RELEASE = re.compile(r'\b(put_page|release_pages|put_user_pages?\w*|folio_put|__free_pages?|'
                     r'unpin_user_pages?\w*)\s*\(')


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--tree', required=True)
    ap.add_argument('--escapes', required=True)
    ap.add_argument('--candidates', required=True)
    ap.add_argument('--max', type=int, default=200, help='at most this many files')
    a = ap.parse_args(argv)
    cands = set(open(a.candidates).read().split())
    esc = [json.loads(ln) for ln in open(a.escapes) if ln.strip()]
    if not esc:
        return 0
    fields = sorted({e['field'] for e in esc})
    structs = sorted({e['struct'] for e in esc if e['struct'] != '?'})
    files = set()
    for d in sorted({e['dir'] for e in esc}):
        full = os.path.join(a.tree, d)
        if os.path.isdir(full):
            for n in os.listdir(full):
                if n.endswith(('.c', '.h')):
                    files.add(os.path.normpath(os.path.join(d, n)))
    if structs:
        r = subprocess.run(['grep', '-rlE', '--include=*.[ch]',
                            r'struct (%s)\b' % '|'.join(structs), '.'],
                           cwd=a.tree, capture_output=True, text=True)
        files |= {os.path.normpath(p) for p in r.stdout.split()}
    field_re = re.compile(r'(->|\.)(%s)\b' % '|'.join(map(re.escape, fields)))
    out = []
    for f in sorted(files - cands):
        try:
            text = open(os.path.join(a.tree, f), errors='replace').read()
        except OSError:
            continue
        if field_re.search(text) and RELEASE.search(text):
            out.append(f)
    if len(out) > a.max:
        sys.stderr.write('pinconv: %d files name the escaped fields; the first %d are analysed\n'
                         % (len(out), a.max))
        out = out[:a.max]
    sys.stdout.write(''.join(f + '\n' for f in out))
    return 0


if __name__ == '__main__':
    sys.exit(main())
