#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Find a driver's own wrappers of the gup/pin API and the calls through them.

A wrapper is a macro (#define NAME(...) body, or #define NAME get_user_pages)
or a static inline function whose body calls a gup-family function (or
another wrapper); a static inline counts only when it takes a struct page
pointer parameter and releases no pages itself (else its gup call is an
ordinary call site).  Its body is not a call site of its own: the calls of the
wrapper are.

Library use:
    ws = find_wrappers({path: text, ...}, skip=lambda path: False)
         -> {name: Wrapper}; a Wrapper has name, kind ('macro'/'inline'),
            defs [(path, first line, last line)], apis (set of gup names)
    calls_of(path, text, ws) -> [(line, col, name)]   calls through wrappers
    in_wrapper_body(path, line, ws) -> Wrapper|None
    blockers(texts, ws) -> {name: why}  wrappers that cannot be converted
                                        with their calls (nested, or named
                                        without a call)
Command line:
    wrappers.py TREE [FILE...]   one TSV line per wrapper call:
                                 file line col wrapper apis definition
Errors: unreadable files are skipped; a missing TREE is one line on stderr,
exit 1.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from verrange import strip_comments  # noqa: E402

GUP = (r'(?:__get_user_pages_fast|get_user_pages(?:_fast_only|_fast|_remote|_unlocked|'
       r'_locked|_longterm)?|pin_user_pages(?:_fast_only|_fast|_remote|_unlocked|_locked)?)')
GUP_RE = re.compile(r'\b(' + GUP + r')\b')


class Wrapper(object):
    def __init__(self, name, kind):
        self.name, self.kind = name, kind
        self.defs = []          # (path, first line, last line), 1-based
        self.apis = set()       # gup names called (directly or through wrappers)
        self.def_apis = {}      # (path, first, last) -> the gup names of that definition
        self.wrappers = set()   # other wrappers its body calls

    def where(self):
        return ', '.join('%s:%d%s' % (p, a, '-%d' % b if b != a else '')
                         for p, a, b in self.defs)

    def api(self):
        return '/'.join(sorted(self.apis))

    def compat_pair(self):
        """The definition that only pins, when another one gets: the wrapper
        is a compat pair (the pin side for new kernels), else None."""
        pins = [d for d, a in self.def_apis.items() if a and all(x.startswith('pin_') for x in a)]
        gets = [d for d, a in self.def_apis.items() if any(not x.startswith('pin_') for x in a)]
        return pins[0] if pins and gets else None


def _macros(code):
    """(name, first, last, body) of each #define, continuation lines joined."""
    lines = code.split('\n')
    i = 0
    while i < len(lines):
        m = re.match(r'^\s*#\s*define\s+(\w+)(\([^)]*\))?(.*)$', lines[i])
        first = i
        body = m.group(3) if m else ''
        while lines[i].endswith('\\') and i + 1 < len(lines):
            i += 1
            body += ' ' + lines[i]
        if m:
            yield m.group(1), first + 1, i + 1, body, bool(m.group(2))
        i += 1


INLINE_RE = re.compile(r'\bstatic\s+(?:__always_inline|inline)\b[^;{}()]*?\b(\w+)\s*\(([^;{}]*?)\)\s*\{')


RELEASE_RE = re.compile(r'\b(put_page|put_user_pages?\w*|unpin_user_pages?\w*|release_pages|'
                        r'folio_put|put_pages_list)\s*\(')


def _inlines(code):
    """(name, first, last, body) of each static inline function that can be
    a wrapper: it takes a struct page ** (or *) parameter and releases no
    pages itself (a function that gets and puts its pages is not one)."""
    for m in INLINE_RE.finditer(code):
        depth, j = 0, m.end() - 1
        while j < len(code):
            if code[j] == '{':
                depth += 1
            elif code[j] == '}':
                depth -= 1
                if depth == 0:
                    break
            j += 1
        first = code.count('\n', 0, m.start()) + 1
        last = code.count('\n', 0, j) + 1
        body = code[m.end():j]
        if not re.search(r'struct\s+page\s*\*', m.group(2)) or RELEASE_RE.search(body):
            continue
        yield m.group(1), first, last, body


def find_wrappers(texts, skip=None):
    """{name: Wrapper} over texts ({path: C source}); skip(path) leaves a
    file's definitions out (a full kernel tree's include/: the API itself)."""
    found = {}
    parsed = []
    for path, text in sorted(texts.items()):
        if skip and skip(path):
            continue
        code = strip_comments(text)
        for name, a, b, body, _ in _macros(code):
            parsed.append(('macro', name, path, a, b, body))
        for name, a, b, body in _inlines(code):
            parsed.append(('inline', name, path, a, b, body))
    names = None
    while True:            # wrappers of wrappers: until nothing new
        pat = GUP + (('|' + '|'.join(map(re.escape, sorted(found)))) if found else '')
        rx = re.compile(r'\b(' + pat + r')\b(\s*\()?')
        for kind, name, path, a, b, body in parsed:
            if GUP_RE.fullmatch(name):
                continue       # the API's own definition (a kernel tree)
            for m in rx.finditer(body):
                callee = m.group(1)
                if callee == name:
                    continue
                # a call, or a macro that is only another name for the API
                if not m.group(2) and not (kind == 'macro' and body.strip() == callee):
                    continue
                w = found.setdefault(name, Wrapper(name, kind))
                if (path, a, b) not in w.defs:
                    w.defs.append((path, a, b))
                got = found[callee].apis if callee in found else {callee}
                if callee in found:
                    w.wrappers.add(callee)
                w.apis |= got
                w.def_apis.setdefault((path, a, b), set()).update(got)
        if names == set(found) and all(True for _ in found):
            break
        names = set(found)
    return found


def in_wrapper_body(path, line, ws):
    for w in ws.values():
        for p, a, b in w.defs:
            if p == path and a <= line <= b:
                return w
    return None


def calls_of(path, text, ws):
    """[(line, col, name)]: calls of the wrappers in ws in one file, outside
    the wrappers' own definitions and #define lines."""
    if not ws:
        return []
    rx = re.compile(r'\b(' + '|'.join(map(re.escape, sorted(ws))) + r')\s*\(')
    out = []
    code = strip_comments(text).split('\n')
    cont = False
    for no, ln in enumerate(code, 1):
        directive = cont or ln.lstrip().startswith('#')
        cont = directive and ln.endswith('\\')
        if directive or in_wrapper_body(path, no, ws):
            continue
        for m in rx.finditer(ln):
            before = ln[:m.start()]
            if re.match(r'^\s*(?:(?:static|inline|extern)\s+)*[\w\s\*]+\s\**$', before) and \
                    not re.search(r'(=|return|\()', before):
                continue       # a declaration
            out.append((no, m.start(), m.group(1)))
    return out


def blockers(texts, ws):
    """{name: why} of the wrappers whose calls are not all seen as calls:
    a wrapper that calls another wrapper or is called by one (the inner
    one's callers include a body, whose pages come from its own callers),
    and one whose name appears without a call (its address taken, passed
    as a callback, #undef-ed and redefined): the flow cannot follow every
    caller, so the wrapper cannot be converted with its callers."""
    out = {}
    for w in ws.values():
        for inner in sorted(w.wrappers):
            out.setdefault(w.name, 'it calls the wrapper %s, whose pages it passes on' % inner)
            out.setdefault(inner, 'the wrapper %s (%s) calls it' % (w.name, w.where()))
    if not ws:
        return out
    rx = re.compile(r'\b(' + '|'.join(map(re.escape, sorted(ws))) + r')\b(\s*\()?')
    for path, text in sorted(texts.items()):
        code = strip_comments(text).split('\n')
        cont = False
        for no, ln in enumerate(code, 1):
            directive = cont or ln.lstrip().startswith('#')
            cont = directive and ln.endswith('\\')
            w = in_wrapper_body(path, no, ws)
            for m in rx.finditer(ln):
                if m.group(2) or (w and w.name == m.group(1)) or \
                        re.match(r'^\s*#\s*(define|ifn?def|undef|if|elif)\b', ln):
                    continue
                out.setdefault(m.group(1), 'its name is used without a call at %s:%d (%s): '
                               'calls made through it are not seen' % (path, no, ln.strip()))
    return out


def main(argv):
    if not argv or not os.path.isdir(argv[0]):
        sys.stderr.write('wrappers: usage: wrappers.py TREE [FILE...] (TREE a directory)\n')
        return 1
    tree = argv[0]
    files = argv[1:]
    if not files:
        for root, dirs, names in os.walk(tree):
            dirs[:] = [d for d in dirs if d != '.git']
            files += [os.path.relpath(os.path.join(root, n), tree) for n in names
                      if n.endswith(('.c', '.h'))]
    texts = {}
    for f in files:
        try:
            texts[f] = open(os.path.join(tree, f), errors='replace').read()
        except OSError:
            pass
    ws = find_wrappers(texts)
    for f in sorted(texts):
        for line, col, name in calls_of(f, texts[f], ws):
            print('\t'.join([f, str(line), str(col), name, ws[name].api(), ws[name].where()]))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
