#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A cache of spatch's facts records, one entry per file (as ccache is for
compilers): a second make convert over the same tree (another MIN_KERNEL=,
COMPAT=, OUT=) reads the facts of the files it already analysed instead of
parsing them again.

An entry's key is the SHA-256 of everything the records depend on: the
rule's text, the spatch command and its version line, spatch's options, the
file's name (records name their file) and the file's bytes.  A changed file,
rule, option or spatch is a miss.  Only the records of a spatch run that
succeeded are stored (convert.sh calls store after such a run); entries are
written to a temporary name and renamed, so a reader never sees half of one.

  factcache.py lookup --cache DIR --salt FILE --root DIR --names FILE \
      --hits OUT --misses OUT
      names: NUL-separated file names relative to root.  Appends the cached
      records of the hits to --hits (JSON lines) and writes the misses
      (NUL-separated, in the order given) to --misses.
  factcache.py store --cache DIR --salt FILE --root DIR --names FILE \
      --facts FILE
      Splits the records of one successful run over the files of --names
      (by their "file" field) and stores an entry for each (a file with no
      record gets an empty entry).
  salt FILE: the rule and spatch identity (convert.sh writes it once a run).

Errors: an unreadable cache directory makes every file a miss (lookup) or
stores nothing (store); the run goes on without the cache.  Exit status 2
only for bad arguments.
"""
import argparse
import hashlib
import json
import os
import sys
import tempfile


def key(salt, root, name):
    """The entry name of file name (relative to root) under salt."""
    h = hashlib.sha256(salt)
    h.update(b'\0' + name + b'\0')
    with open(os.path.join(root, os.fsdecode(name)), 'rb') as fh:
        h.update(fh.read())
    return h.hexdigest()


def norm(name):
    """A record's file field or a listed name, as one spelling (no ./)."""
    n = os.path.normpath(name)
    return n[2:] if n.startswith('./') else n


def names_of(path):
    with open(path, 'rb') as fh:
        return [n for n in fh.read().split(b'\0') if n]


def lookup(a, salt):
    hits, misses = [], []
    for n in names_of(a.names):
        try:
            k = key(salt, a.root, n)
            with open(os.path.join(a.cache, k[:2], k), 'rb') as fh:
                hits.append(fh.read())
        except OSError:
            misses.append(n)
    with open(a.hits, 'ab') as fh:
        fh.write(b''.join(hits))
    with open(a.misses, 'wb') as fh:
        fh.write(b''.join(n + b'\0' for n in misses))
    return 0


def store(a, salt):
    names = names_of(a.names)
    per = {norm(os.fsdecode(n)): [] for n in names}
    with open(a.facts, 'rb') as fh:
        for ln in fh:
            if not ln.strip():
                continue
            f = norm(json.loads(ln).get('file', ''))
            if f not in per:
                return 0        # a record of another file: store nothing
            per[f].append(ln if ln.endswith(b'\n') else ln + b'\n')
    for n in names:
        try:
            k = key(salt, a.root, n)
            d = os.path.join(a.cache, k[:2])
            os.makedirs(d, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=d, prefix='.tmp-')
            with os.fdopen(fd, 'wb') as fh:
                fh.write(b''.join(per[norm(os.fsdecode(n))]))
            os.replace(tmp, os.path.join(d, k))
        except OSError:
            return 0
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('cmd', choices=('lookup', 'store'))
    ap.add_argument('--cache', required=True)
    ap.add_argument('--salt', required=True)
    ap.add_argument('--root', required=True)
    ap.add_argument('--names', required=True)
    ap.add_argument('--hits')
    ap.add_argument('--misses')
    ap.add_argument('--facts')
    a = ap.parse_args(argv)
    with open(a.salt, 'rb') as fh:
        salt = fh.read()
    if a.cmd == 'lookup':
        if not (a.hits and a.misses):
            ap.error('lookup needs --hits and --misses')
        return lookup(a, salt)
    if not a.facts:
        ap.error('store needs --facts')
    return store(a, salt)


if __name__ == '__main__':
    sys.exit(main())
