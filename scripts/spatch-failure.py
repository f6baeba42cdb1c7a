#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Record and read spatch failures of a make convert run.

Record (convert.sh, after one spatch run failed):
    spatch-failure.py --rule R --mode M --status N --stderr FILE -- FILE...
  prints one JSON record per analysed file on stdout:
    {"file": path relative to the work copy, "rule": R, "mode": M,
     "status": N, "message": spatch's own message (one line)}
Read:
    spatch-failure.py --files FAILURES.jsonl
  prints the distinct file names of the records, NUL-terminated.
Errors: a missing or unreadable FILE/FAILURES is an error (exit 1, one line);
a line that is not a JSON record is skipped with a warning on stderr.
"""
import argparse
import json
import os
import re
import sys

# Lines of spatch's stderr that say why it stopped.
REASON = re.compile(r'(Fatal error|timeout \(we abort\)|^EXN: |exception|Error in Python|'
                    r'Py\.find_library|Traceback|error:|not found)', re.I)


def message(stderr, status):
    """One line that says why spatch failed, from its own stderr."""
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    why = [ln for ln in lines if REASON.search(ln)] or lines[-3:]
    text = ' / '.join(why)[:400]
    if status == 124:
        text = ('killed by timeout(1) after 900 s' + (': ' + text if text else ''))
    return text or 'exit status %d with no message' % status


def read(path):
    """The records of a failures file (a JSON object per line)."""
    recs = []
    with open(path, encoding='utf-8', errors='surrogateescape') as f:
        for n, ln in enumerate(f, 1):
            if not ln.strip():
                continue
            try:
                recs.append(json.loads(ln))
            except ValueError:
                sys.stderr.write('pinconv: %s:%d: not a failure record, skipped\n' % (path, n))
    return recs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--files')
    ap.add_argument('--rule')
    ap.add_argument('--mode')
    ap.add_argument('--status', type=int, default=0)
    ap.add_argument('--stderr')
    ap.add_argument('paths', nargs='*')
    a = ap.parse_args()
    try:
        if a.files:
            seen = []
            for r in read(a.files):
                if r.get('file') not in seen:
                    seen.append(r.get('file'))
            out = sys.stdout.buffer
            for f in seen:
                out.write(os.fsencode(f) + b'\0')
            return 0
        with open(a.stderr, encoding='utf-8', errors='replace') as f:
            msg = message(f.read(), a.status)
    except OSError as e:
        sys.stderr.write('pinconv: spatch-failure: %s\n' % e)
        return 1
    for p in a.paths:
        print(json.dumps(dict(file=os.path.normpath(p), rule=a.rule, mode=a.mode,
                              status=a.status, message=msg)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
