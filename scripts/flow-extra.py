#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Files outside the candidates that may release pages the solver follows.

Input: --tree DIR, --escapes FILE (pageflow.py --escapes: struct, field,
dir per line), --candidates FILE (already analysed).  Output on stdout: one
path per line (relative to the tree) of C files that name an escaped
field (-> or .) together with a release call (put_page, release_pages,
put_user_page*, folio_put, __free_page, unpin_user_page*), looked for in
the directory of the site and, for a structure the facts name, in every
file that names that structure.  An escaped function (func, file: one that
is not static, whose parameter or return value the pages cross) brings in
every C file of the tree that names it; with --complete FILE, the functions
every naming file of which is now analysed and names it only in direct
calls (a definition, a prototype, a call: not exported, not taken as a
function pointer) are written there as JSON lines {"func": name}, the
others as {"func": name, "open": why} (the use that keeps it open, with
file:line).  Errors: an unreadable
file is skipped (and its function is not complete).
"""
import argparse
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cflow        # noqa: E402  (scripts/cflow.py: comments and strings blanked)

RELEASE = re.compile(r'\b(put_page|release_pages|put_user_pages?\w*|folio_put|__free_pages?|'
                     r'unpin_user_pages?\w*)\s*\(')


def functions(tree, names):
    """({name: {C files of tree naming it}}, {name: why it is open: its first
    use other than in a direct call or declaration (file:line and text), or
    a file naming it that cannot be read})."""
    files = {n: set() for n in names}
    opened = {}
    if not names:
        return files, opened
    r = subprocess.run(['grep', '-rlwZE', '--include=*.[ch]', '|'.join(names), '.'],
                       cwd=tree, capture_output=True)
    word = re.compile(r'\b(%s)\b(\s*\()?' % '|'.join(names))
    for p in r.stdout.split(b'\0'):
        if not p:
            continue
        f = os.path.normpath(os.fsdecode(p))
        try:
            text = cflow.blank(open(os.path.join(tree, f), errors='replace').read())
        except OSError:
            for n in names:
                opened.setdefault(n, '%s cannot be read' % f)
            continue
        for m in word.finditer(text):
            files[m.group(1)].add(f)
            if not m.group(2) and m.group(1) not in opened:
                # exported, a function pointer, ...
                b = text.rfind('\n', 0, m.start()) + 1
                e = text.find('\n', m.end())
                opened[m.group(1)] = '%s at %s:%d' % (
                    ' '.join(text[b:e if e >= 0 else len(text)].split())[:80], f,
                    text.count('\n', 0, m.start()) + 1)
    return files, opened


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--tree', required=True)
    ap.add_argument('--escapes', required=True)
    ap.add_argument('--candidates', required=True)
    ap.add_argument('--max', type=int, default=200, help='at most this many files')
    ap.add_argument('--complete', help='write the functions whose callers are all analysed')
    a = ap.parse_args(argv)
    cands = {os.path.normpath(n) for n in open(a.candidates).read().split('\n') if n}
    allesc = [json.loads(ln) for ln in open(a.escapes) if ln.strip()]
    esc = [e for e in allesc if 'field' in e]
    funcs = sorted({e['func'] for e in allesc if 'func' in e})
    ffiles, fopen = functions(a.tree, funcs)
    extra = sorted(set().union(*ffiles.values()) - cands) if funcs else []
    out = extra + fields_files(a, esc, cands | set(extra)) if esc else extra
    if len(out) > a.max:
        sys.stderr.write('pinconv: %d files name the escaped fields and functions; the first %d '
                         'are analysed\n' % (len(out), a.max))
        out = out[:a.max]
    if a.complete:
        read = cands | set(out)
        with open(a.complete, 'w') as fh:
            for f in funcs:
                why = fopen.get(f)
                if why is None and not ffiles[f] <= read:
                    why = '%d files name it, more than the second round reads (%d)' % (
                        len(ffiles[f] - cands), a.max)
                fh.write(json.dumps(dict(func=f, open=why) if why else dict(func=f)) + '\n')
    sys.stdout.write(''.join(f + '\n' for f in out))
    return 0


def fields_files(a, esc, cands):
    """The files outside cands that name an escaped field and a release."""
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
    return out


if __name__ == '__main__':
    sys.exit(main())
