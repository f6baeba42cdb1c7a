#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Drop local variables that a conversion left unused.

Collapsing "for (i = 0; i < n; i++) put_page(p[i]);" into
unpin_user_pages(p, n) can leave the loop index declared and unused
(-Wunused-variable, fatal with -Werror).  For each file given, this compares
the converted text with the pristine one (git HEAD of the work repository):
a plain scalar declaration ("unsigned int i;", "long i, got;") whose name
was used in the function before and is not used any more loses that name
(names with an initialiser other than a number are kept)
(the line goes when nothing is left).

Usage: unused.py --work GITDIR FILE...   prints "file:line: dropped NAME"
Errors: one line on stderr, exit 1 (a file that is not in the work tree).
"""
import argparse
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gate import functions  # noqa: E402
from verrange import strip_comments  # noqa: E402

DECL = re.compile(r'^(\s*)((?:(?:unsigned|signed|long|int|short|char|size_t|ssize_t|loff_t|'
                  r'bool|u8|u16|u32|u64|s8|s16|s32|s64)\s+)+)(\w+(?:\s*=\s*[^,;]+)?'
                  r'(?:\s*,\s*\w+(?:\s*=\s*[^,;]+)?)*)\s*;\s*$')


def bodies(text):
    """{function name: (first line, last line)} (1-based, inclusive)."""
    names = functions(strip_comments(text))
    out = {}
    for no, fn in enumerate(names):
        if fn:
            a, b = out.get(fn, (no, no))
            out[fn] = (min(a, no), max(b, no))
    return out


def uses(lines, a, b, name, skip=None):
    rx = re.compile(r'\b%s\b' % re.escape(name))
    return sum(len(rx.findall(lines[i - 1])) for i in range(a, b + 1) if i != skip)


def fix(pristine, converted):
    """(new text, [(line, name)]) with the newly unused declarations dropped."""
    old_l = strip_comments(pristine).split('\n')
    new_code = strip_comments(converted).split('\n')
    lines = converted.split('\n')
    old_b, new_b = bodies(pristine), bodies(converted)
    dropped, delete = [], set()
    for fn, (a, b) in new_b.items():
        if fn not in old_b:
            continue
        oa, ob = old_b[fn]
        for no in range(a, b + 1):
            m = DECL.match(new_code[no - 1])
            if not m or not DECL.match(lines[no - 1]):
                continue
            names = [x.strip() for x in m.group(3).split(',')]
            keep, gone = [], False
            for item in names:
                nm, _, init = (x.strip() for x in item.partition('='))
                # an initialiser other than a number may have effects: keep it
                if init and not re.match(r'^-?(0[xX][0-9a-fA-F]+|\d+)[uUlL]*$', init):
                    keep.append(item)
                elif uses(new_code, a, b, nm, skip=no) == 0 and uses(old_l, oa, ob, nm) > 1:
                    dropped.append((no, nm))
                    gone = True
                else:
                    keep.append(item)
            if not gone:
                continue
            if keep:
                lines[no - 1] = '%s%s%s;' % (m.group(1), m.group(2), ', '.join(keep))
            else:
                delete.add(no)
                # "{" + the only declaration + blank line: the blank line goes too
                if no >= 2 and lines[no - 2].rstrip().endswith('{') and \
                        no < len(lines) and not lines[no].strip() and \
                        not DECL.match(lines[no - 2]):
                    delete.add(no + 1)
    return '\n'.join(l for i, l in enumerate(lines, 1) if i not in delete), dropped


def main(argv):
    ap = argparse.ArgumentParser(prog='unused.py')
    ap.add_argument('--work', required=True)
    ap.add_argument('files', nargs='*')
    a = ap.parse_args(argv)
    for f in a.files:
        p = os.path.join(a.work, f)
        if not os.path.isfile(p):
            sys.stderr.write('pinconv: unused: %s is not in %s\n' % (f, a.work))
            return 1
        r = subprocess.run(['git', '-C', a.work, 'show', 'HEAD:./' + f], capture_output=True,
                           text=True, errors='replace')
        if r.returncode != 0:
            continue       # a new file
        text = open(p, errors='surrogateescape', newline='').read()
        new, dropped = fix(r.stdout, text)
        if dropped:
            open(p, 'w', errors='surrogateescape', newline='').write(new)
        for no, nm in dropped:
            print('%s:%d: dropped %s (unused after the conversion)' % (f, no, nm))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
