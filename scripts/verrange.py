#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Kernel-version ranges of the lines of a C file.

For every line of a C source this module tells for which kernel versions the
line is compiled, by evaluating the #if/#ifdef/#ifndef/#elif/#else/#endif
conditions around it on

  - LINUX_VERSION_CODE compared with KERNEL_VERSION(a, b, c) or a number,
  - defined(X) / #ifdef X of feature macros tied to an API: HAVE_PIN_USER_PAGES*,
    NV_PIN_USER_PAGES*_PRESENT, FOLL_PIN, FOLL_LONGTERM, ..., and macros that
    the driver's own configure step or Makefile tests with pin_user_pages*()
    (configure_macros()),
  - 0/1 and !, &&, || of the above (Kleene three-valued logic).

Anything else (CONFIG_*, RHEL_RELEASE_CODE, a driver's own macros) is
"unknown": never guessed.

A Range is a piecewise function over version codes (KERNEL_VERSION(a,b,c) =
a << 16 | b << 8 | c) with the values YES (compiled), NO (not compiled) and
UNKNOWN.  The first kernel of each gup/pin name and flag is in API_FIRST
(docs/rules.md gives the source of each entry); has_api() says whether a
range only contains kernels with an API.

Library use:
    fr = FileRanges(text)           # text: the C source
    fr.at(line) -> Range            # 1-based line
    fr.guard(line) -> Branch|None   # the innermost version-dependent branch
    has_api(range, 'pin_user_pages') -> True | False | None
    range_at(path, line[, tree, min_kernel]) -> Range     (cached per file)
    disjoint(range, range[, bound]) -> bool   compiled for no common kernel
    site_has(path, line, api[, tree, min_kernel]) -> True | False | None
Command line (errors: one line on stderr, exit 1):
    verrange.py FILE [LINE...]      JSON: the range (and guard) of each line
    verrange.py --at 4.9.0 FILE     the file as compiled for that kernel:
                                    lines of branches not taken are blanked
                                    (unknown conditions are kept)
"""
import json
import os
import re
import sys

YES, NO, UNKNOWN = 'yes', 'no', 'unknown'
TOP = 1 << 30          # larger than every version code


class VerrangeError(Exception):
    """Bad input (unreadable file, malformed version)."""


def kv(a, b=0, c=0):
    """KERNEL_VERSION(a, b, c) as the kernel computes it (c saturates at 255)."""
    return (a << 16) + (b << 8) + min(c, 255)


def kv_str(code):
    if code >= TOP:
        return 'latest'
    return '%d.%d' % (code >> 16, (code >> 8) & 255) + (
        '.%d' % (code & 255) if code & 255 else '')


def parse_version(s):
    """'5.6', '5.6.0' or a number (version code) -> version code."""
    m = re.match(r'^(\d+)\.(\d+)(?:\.(\d+))?$', s.strip())
    if m:
        return kv(int(m.group(1)), int(m.group(2)), int(m.group(3) or 0))
    if re.match(r'^(0x[0-9a-fA-F]+|\d+)$', s.strip()):
        return int(s, 0)
    raise VerrangeError("bad kernel version '%s' (expected e.g. 5.6 or 4.9.0)" % s)


# First kernel (and the first without it, if removed) of each gup/pin name,
# flag and argument list.  Sources: docs/rules.md ("Version ranges").
API_FIRST = {
    'pin_user_pages': (kv(5, 6), TOP),
    'pin_user_pages_fast': (kv(5, 6), TOP),
    'pin_user_pages_remote': (kv(5, 6), TOP),
    'unpin_user_page': (kv(5, 6), TOP),
    'unpin_user_pages': (kv(5, 6), TOP),
    'unpin_user_pages_dirty_lock': (kv(5, 6), TOP),
    'FOLL_PIN': (kv(5, 6), TOP),
    'pin_user_pages_unlocked': (kv(5, 8), TOP),
    'pin_user_pages_locked': (kv(5, 8), kv(6, 1)),
    'pin_user_pages_fast_only': (kv(5, 8), TOP),
    'get_user_pages_fast_only': (kv(5, 8), TOP),
    '__get_user_pages_fast': (0, kv(5, 8)),
    'unpin_user_page_range_dirty_lock': (kv(5, 12), TOP),
    'FOLL_LONGTERM': (kv(5, 2), TOP),
    'get_user_pages_longterm': (kv(4, 15), kv(5, 2)),
    'put_user_page': (kv(5, 2), kv(5, 6)),
    'put_user_pages': (kv(5, 2), kv(5, 6)),
    'put_user_pages_dirty_lock': (kv(5, 2), kv(5, 6)),
    'get_user_pages_remote': (kv(4, 6), TOP),
    'get_user_pages_locked': (kv(4, 0), kv(6, 1)),
    'gup_flags': (kv(4, 9), TOP),            # get_user_pages(start, n, gup_flags, ...)
    'gup_fast_flags': (kv(5, 2), TOP),       # get_user_pages_fast(start, n, gup_flags, pages)
    'remote_locked': (kv(4, 10), TOP),       # get_user_pages_remote(..., locked)
    'remote_no_tsk': (kv(5, 9), TOP),        # get_user_pages_remote(mm, ...)
    'gup_no_vmas': (kv(6, 5), TOP),          # get_user_pages(start, n, flags, pages)
    'iov_iter_get_pages2': (kv(6, 0), TOP),
    'iov_iter_extract_pages': (kv(6, 3), TOP),
}

# The pin API a feature macro stands for: the macro is defined exactly on the
# kernels that have it (a configure test that compiles a call of it).
FEATURE_MACROS = [
    (r'^HAVE_PIN_USER_PAGES_FAST$', 'pin_user_pages_fast'),
    (r'^HAVE_PIN_USER_PAGES_REMOTE$', 'pin_user_pages_remote'),
    (r'^HAVE_PIN_USER_PAGES_UNLOCKED$', 'pin_user_pages_unlocked'),
    (r'^HAVE_PIN_USER_PAGES(_\w+)?$', 'pin_user_pages'),
    (r'^HAVE_UNPIN_USER_PAGES?(_\w+)?$', 'unpin_user_page'),
    (r'^NV_PIN_USER_PAGES_REMOTE(_\w+)?_PRESENT$', 'pin_user_pages_remote'),
    (r'^NV_PIN_USER_PAGES(_\w+)?_PRESENT$', 'pin_user_pages'),
    (r'^NV_UNPIN_USER_PAGES?(_\w+)?_PRESENT$', 'unpin_user_page'),
    (r'^FOLL_PIN$', 'FOLL_PIN'),
    (r'^(HAVE_)?FOLL_LONGTERM$', 'FOLL_LONGTERM'),
    # configure tests of the gup argument lists (Lustre's names, and the
    # like): defined from the kernel that changed the list
    (r'^HAVE_GET_USER_PAGES_(WITHOUT|NO)_VMAS?$', 'gup_no_vmas'),
    (r'^HAVE_GET_USER_PAGES_GUP_FLAGS$', 'gup_flags'),
    (r'^HAVE_GET_USER_PAGES_REMOTE$', 'get_user_pages_remote'),
    (r'^HAVE_GET_USER_PAGES_REMOTE_LOCKED$', 'remote_locked'),
    (r'^HAVE_GET_USER_PAGES_REMOTE_(WITHOUT|NO)_(TSK|TASK)(_STRUCT)?$', 'remote_no_tsk'),
    (r'^HAVE_IOV_ITER_EXTRACT_PAGES$', 'iov_iter_extract_pages'),
]


def feature_api(name, extra=None):
    """The API whose presence the macro name stands for, or None."""
    if extra and name in extra:
        return extra[name]
    for rx, api in FEATURE_MACROS:
        if re.match(rx, name):
            return api
    return None


CONF_FILES = re.compile(r'(Makefile|Kbuild|GNUmakefile|configure(\.\w+)?|'
                        r'[^/]*\.(mk|sh|m4|ac)|[^/]*conftest[^/]*)$')


# A macro a configure step defines: HAVE_*/NV_*/*_PRESENT, "#define X" or -DX.
MACRO_DEF = re.compile(r'\b((?:HAVE|NV)_[A-Z0-9_]+|[A-Z0-9_]+_PRESENT)\b|'
                       r'(?:#\s*define\s+|-D)([A-Z][A-Z0-9_]{2,})\b')


def configure_macros(tree):
    """Macros that the tree's configure scripts / Makefiles define from a test
    of a pin API: {macro: api}.  A macro (HAVE_*, NV_*, *_PRESENT, or one
    written as "#define X" / -DX) counts when it is named within 15 lines of
    a pin_user_pages*()/unpin_user_page*() mention in such a file (the
    nearest macro to each mention)."""
    found = {}
    for root, dirs, files in os.walk(tree):
        dirs[:] = [d for d in dirs if d not in ('.git',)]
        for name in files:
            if not CONF_FILES.match(name):
                continue
            try:
                with open(os.path.join(root, name), 'rb') as fh:
                    data = fh.read()
            except OSError:
                continue
            if b'pin_user_page' not in data:
                continue
            lines = data.decode(errors='replace').split('\n')
            for i, ln in enumerate(lines):
                for m in re.finditer(r'\b(un)?pin_user_pages?(_\w+)?\b', ln):
                    api = m.group(0)
                    best = None
                    for j in range(max(0, i - 15), min(len(lines), i + 16)):
                        for mm in re.finditer(MACRO_DEF, lines[j]):
                            d = abs(j - i)
                            name = mm.group(1) or mm.group(2)
                            if best is None or d < best[0]:
                                best = (d, name)
                    if best and best[1] not in found:
                        found[best[1]] = api if api in API_FIRST else 'pin_user_pages'
    return found


class Range(object):
    """A piecewise function version code -> YES/NO/UNKNOWN: pieces is a list
    of (start, value), starts ascending, the first start 0."""

    def __init__(self, pieces):
        last = {}
        for s, v in pieces:
            last[s] = v            # a later piece at the same start wins
        out = []
        for s in sorted(last):
            if not out or out[-1][1] != last[s]:
                out.append((s, last[s]))
        self.pieces = out

    @staticmethod
    def const(v):
        return Range([(0, v)])

    def value(self, code):
        v = self.pieces[0][1]
        for s, val in self.pieces:
            if s <= code:
                v = val
        return v

    def combine(self, other, fn):
        starts = sorted({s for s, _ in self.pieces} | {s for s, _ in other.pieces})
        return Range([(s, fn(self.value(s), other.value(s))) for s in starts])

    def neg(self):
        flip = {YES: NO, NO: YES, UNKNOWN: UNKNOWN}
        return Range([(s, flip[v]) for s, v in self.pieces])

    def and_(self, other):
        def f(a, b):
            if NO in (a, b):
                return NO
            return YES if a == b == YES else UNKNOWN
        return self.combine(other, f)

    def or_(self, other):
        def f(a, b):
            if YES in (a, b):
                return YES
            return NO if a == b == NO else UNKNOWN
        return self.combine(other, f)

    def intervals(self, values=(YES, UNKNOWN)):
        """[(lo, hi)] half-open intervals where the value is in values."""
        out = []
        for i, (s, v) in enumerate(self.pieces):
            hi = self.pieces[i + 1][0] if i + 1 < len(self.pieces) else TOP
            if v in values:
                out.append((s, hi))
        return out

    def version_dependent(self):
        return len(self.pieces) > 1

    def clip(self, lo):
        """The range with every version below lo made NO (MIN_KERNEL)."""
        return self.and_(Range([(0, NO), (lo, YES)]) if lo > 0 else Range.const(YES))

    def describe(self):
        """'all kernels', '< 5.6', '>= 6.5', '4.9 to < 6.5', with '(unknown
        conditions)' where the value is UNKNOWN."""
        if not self.version_dependent():
            return {YES: 'all kernels', NO: 'no kernel', UNKNOWN: 'unknown'}[self.pieces[0][1]]
        parts = []
        for lo, hi in self.intervals():
            unk = any(v == UNKNOWN for s, v in self.pieces if lo <= s < hi)
            if lo == 0:
                t = '< %s' % kv_str(hi)
            elif hi >= TOP:
                t = '>= %s' % kv_str(lo)
            else:
                t = '%s to < %s' % (kv_str(lo), kv_str(hi))
            parts.append(t + (' (if unknown conditions hold)' if unk else ''))
        return ', '.join(parts) or 'no kernel'

    def to_json(self):
        return [[kv_str(s) if s else '0', v] for s, v in self.pieces]


def has_api(rng, api):
    """True if every kernel the range may compile for has api, False if none
    has it, None if the range straddles the API's first (or last) kernel or
    the API is not in API_FIRST."""
    if api not in API_FIRST:
        return None
    lo, hi = API_FIRST[api]
    ivs = rng.intervals()
    if not ivs:
        return None
    if all(a >= lo and b <= hi for a, b in ivs):
        return True
    if all(b <= lo or a >= hi for a, b in ivs):
        return False
    return None


# --- the C preprocessor expression evaluator ---------------------------------

TOKEN = re.compile(r'\s*(?:(?P<num>0[xX][0-9a-fA-F]+|\d+)[uUlL]*|(?P<id>[A-Za-z_]\w*)|'
                   r'(?P<op>&&|\|\||==|!=|<=|>=|<<|>>|[-+*/%()<>!,~&|^?:]))')


class Unknown(object):
    """A value the evaluator cannot know."""


UNK = Unknown()
LVC = 'LINUX_VERSION_CODE'


def tokenize(expr):
    toks, i = [], 0
    expr = expr.strip()
    while i < len(expr):
        m = TOKEN.match(expr, i)
        if not m or m.end() == i:
            raise ValueError('bad token at %r' % expr[i:i + 10])
        i = m.end()
        for k in ('num', 'id', 'op'):
            if m.group(k) is not None:
                toks.append((k, m.group(k)))
        if not expr[i:].strip():
            break
    return toks


class Evaluator(object):
    """Recursive-descent evaluation of one #if expression.  Numbers are ints,
    LINUX_VERSION_CODE is the string LVC, unknowns are UNK; conditions are
    Ranges."""

    def __init__(self, toks, defined):
        self.t, self.i, self.defined = toks, 0, defined

    def peek(self):
        return self.t[self.i] if self.i < len(self.t) else (None, None)

    def take(self, val=None):
        k, v = self.peek()
        if val is not None and v != val:
            raise ValueError('expected %s' % val)
        self.i += 1
        return k, v

    def parse(self):
        r = self.cond()
        if self.i != len(self.t):
            raise ValueError('trailing tokens')
        return as_range(r)

    def cond(self):
        c = self.lor()
        if self.peek()[1] == '?':
            self.take('?')
            a = self.cond()
            self.take(':')
            b = self.cond()
            rc = as_range(c)
            return rc.and_(as_range(a)).or_(rc.neg().and_(as_range(b)))
        return c

    def lor(self):
        a = self.land()
        while self.peek()[1] == '||':
            self.take()
            a = as_range(a).or_(as_range(self.land()))
        return a

    def land(self):
        a = self.rel()
        while self.peek()[1] == '&&':
            self.take()
            a = as_range(a).and_(as_range(self.rel()))
        return a

    def rel(self):
        a = self.add()
        while self.peek()[1] in ('<', '<=', '>', '>=', '==', '!='):
            op = self.take()[1]
            a = compare(a, op, self.add())
        return a

    def add(self):
        a = self.unary()
        while self.peek()[1] in ('+', '-', '*', '/', '<<', '>>', '&', '|', '^', '%'):
            op = self.take()[1]
            b = self.unary()
            if isinstance(a, int) and isinstance(b, int):
                a = {'+': a + b, '-': a - b, '*': a * b, '<<': a << b, '>>': a >> b,
                     '&': a & b, '|': a | b, '^': a ^ b,
                     '/': a // b if b else 0, '%': a % b if b else 0}[op]
            else:
                a = UNK
        return a

    def unary(self):
        k, v = self.peek()
        if v == '!':
            self.take()
            return as_range(self.unary()).neg()
        if v in ('-', '~', '+'):
            self.take()
            x = self.unary()
            if not isinstance(x, int):
                return UNK
            return {'-': -x, '~': ~x, '+': x}[v]
        return self.primary()

    def primary(self):
        k, v = self.take()
        if v == '(':
            r = self.cond()
            self.take(')')
            return r
        if k == 'num':
            return int(v, 0)
        if k != 'id':
            raise ValueError('unexpected %r' % v)
        if v == 'defined':
            par = self.peek()[1] == '('
            if par:
                self.take('(')
            _, name = self.take()
            if par:
                self.take(')')
            return self.defined(name)
        if v == 'KERNEL_VERSION':
            self.take('(')
            args = [self.cond()]
            while self.peek()[1] == ',':
                self.take(',')
                args.append(self.cond())
            self.take(')')
            if len(args) == 3 and all(isinstance(x, int) for x in args):
                return kv(*args)
            return UNK
        if v == LVC:
            return LVC
        if self.peek()[1] == '(':       # a function-like macro we do not know
            depth = 0
            while True:
                _, t = self.take()
                if t is None:
                    raise ValueError('unbalanced')
                depth += (t == '(') - (t == ')')
                if depth == 0:
                    break
        return UNK


def as_range(x):
    if isinstance(x, Range):
        return x
    if isinstance(x, int):
        return Range.const(YES if x else NO)
    return Range.const(UNKNOWN)


def compare(a, op, b):
    flip = {'<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!='}
    if isinstance(a, Range) or isinstance(b, Range):
        return Range.const(UNKNOWN)
    if isinstance(a, int) and isinstance(b, int):
        return Range.const(YES if {'<': a < b, '<=': a <= b, '>': a > b, '>=': a >= b,
                                   '==': a == b, '!=': a != b}[op] else NO)
    if a == LVC and isinstance(b, int):
        pass
    elif b == LVC and isinstance(a, int):
        a, b, op = b, a, flip[op]
    else:
        return Range.const(UNKNOWN)
    n = max(b, 0)
    if op == '<':
        return Range([(0, YES), (n, NO)])
    if op == '<=':
        return Range([(0, YES), (n + 1, NO)])
    if op == '>':
        return Range([(0, NO), (n + 1, YES)])
    if op == '>=':
        return Range([(0, NO), (n, YES)])
    if op == '==':
        return Range([(0, NO), (n, YES), (n + 1, NO)])
    return Range([(0, YES), (n, NO), (n + 1, YES)])


# --- the file walk ------------------------------------------------------------

# A comment (to its end, or to the end of the text), or a string or char
# literal (to its closing quote, or to the end of its line).
_LEXEMES = re.compile(r'/\*.*?(?:\*/|\Z)|//[^\n]*|"(?:\\.|[^"\\\n])*"?|\'(?:\\.|[^\'\\\n])*\'?',
                      re.S)
_NOT_NL = re.compile(r'[^\n]')
_STRIP_CACHE = {}


def _blank_lexeme(m):
    s = m.group(0)
    if s[0] in '"\'':
        close = s[-1] if len(s) > 1 and s[-1] == s[0] and not _escaped_end(s) else ''
        return s[0] + _NOT_NL.sub(' ', s[1:len(s) - len(close)]) + close
    return _NOT_NL.sub(' ', s)


def _escaped_end(s):
    """Whether the last character of the literal s is escaped (s is unterminated)."""
    n = 0
    for ch in reversed(s[:-1]):
        if ch != '\\':
            break
        n += 1
    return n % 2 == 1


def strip_comments(text):
    """Blank comments (keeping every newline) and string contents: the
    result has the length and the line structure of text.  An unterminated
    string or char literal ends at its line's end.  Cached per text (the
    gate, the checker and the report read the same files many times)."""
    r = _STRIP_CACHE.get(text)
    if r is None:
        if len(_STRIP_CACHE) > 256:
            _STRIP_CACHE.clear()
        r = _STRIP_CACHE[text] = _LEXEMES.sub(_blank_lexeme, text)
    return r


class Branch(object):
    """One branch of an #if chain: the directive line of the chain's #if
    (if_line), this branch's directive (line, kind), the branch's own
    condition (own: the Range of its test, already excluding the earlier
    branches) and its line span [first, last]."""

    def __init__(self, chain, if_line, line, kind, own, text):
        self.chain, self.if_line, self.line, self.kind = chain, if_line, line, kind
        self.own, self.text = own, text
        self.first, self.last = line + 1, None

    def __repr__(self):
        return '<Branch %s@%d of #if@%d>' % (self.kind, self.line, self.if_line)


class FileRanges(object):
    """The version range of every line of one C file (see the module doc).
    macros: {name: api} of configure macros (configure_macros())."""

    def __init__(self, text, macros=None):
        self.macros = macros or {}
        self.lines = text.split('\n')
        self.ranges = []       # per line (0-based)
        self.stacks = []       # per line: tuple of enclosing Branches
        self.branches = []
        self.chains = {}       # chain id -> [Branch]
        self._walk(strip_comments(text).split('\n'))

    def _defined(self, name, defined_here):
        if name in (LVC, 'KERNEL_VERSION'):
            return Range.const(YES)
        if name in defined_here:
            return Range.const(YES)
        api = feature_api(name, self.macros)
        if api:
            lo, hi = API_FIRST[api]
            return Range([(0, NO), (lo, YES), (hi, NO)]) if hi < TOP else \
                Range([(0, NO), (lo, YES)])
        return Range.const(UNKNOWN)

    def cond(self, expr, defined_here=()):
        """The Range of one #if expression (UNKNOWN if it cannot be parsed)."""
        try:
            toks = tokenize(expr)
            return Evaluator(toks, lambda n: self._defined(n, defined_here)).parse()
        except (ValueError, IndexError, TypeError, RecursionError):
            return Range.const(UNKNOWN)

    def _walk(self, code):
        stack = []             # [branch, chain-so-far (Range of earlier conds)]
        defined_here = set()
        cur = Range.const(YES)
        nchain = 0
        i, n = 0, len(code)
        while i < n:
            line = code[i]
            start = i
            # a directive with continuation lines
            full = line
            while full.endswith('\\') and i + 1 < n:
                i += 1
                full = full[:-1] + ' ' + code[i]
            m = re.match(r'^\s*#\s*(\w+)\s*(.*)$', full)
            d = m.group(1) if m else None
            arg = m.group(2).strip() if m else ''
            here = cur
            if d in ('if', 'ifdef', 'ifndef'):
                if d == 'if':
                    c = self.cond(arg, defined_here)
                else:
                    name = (re.match(r'\w+', arg) or re.match('', '')).group(0)
                    c = self._defined(name, defined_here)
                    if d == 'ifndef':
                        c = c.neg()
                        # an include guard: #ifndef X followed by #define X
                        nxt = next((l for l in code[i + 1:] if l.strip()), '')
                        if re.match(r'^\s*#\s*define\s+%s\b' % re.escape(name), nxt):
                            c = Range.const(YES)
                nchain += 1
                b = Branch(nchain, start + 1, start + 1, d, c, full.strip())
                self.chains[nchain] = [b]
                self.branches.append(b)
                stack.append([b, c, cur])
                cur = cur.and_(c)
            elif d in ('elif', 'else') and stack:
                top = stack[-1]
                top[0].last = start
                prev = top[1]
                c = self.cond(arg, defined_here) if d == 'elif' else Range.const(YES)
                own = prev.neg().and_(c)
                b = Branch(top[0].chain, top[0].if_line, start + 1, d, own, full.strip())
                self.chains[b.chain].append(b)
                self.branches.append(b)
                top[0] = b
                top[1] = prev.or_(c)
                cur = top[2].and_(own)
                here = top[2]
            elif d == 'endif' and stack:
                top = stack.pop()
                top[0].last = start
                cur = top[2]
                here = cur
            elif d == 'define':
                mm = re.match(r'(\w+)', arg)
                if mm:
                    defined_here.add(mm.group(1))
            if d in ('if', 'ifdef', 'ifndef'):
                here = stack[-1][2]
            for _ in range(start, i + 1):
                self.ranges.append(here)
                self.stacks.append(tuple(s[0] for s in stack) if d not in (
                    'if', 'ifdef', 'ifndef', 'elif', 'else') else tuple(s[0] for s in stack[:-1]))
            i += 1

    def at(self, line):
        """The Range of a 1-based line."""
        if line < 1 or line > len(self.ranges):
            raise VerrangeError('line %d is not in the file (%d lines)' % (line, len(self.ranges)))
        return self.ranges[line - 1]

    def enclosing(self, line):
        """The Branches around a line, outermost first."""
        return self.stacks[line - 1]

    def guard(self, line):
        """The innermost enclosing branch whose condition depends on the
        kernel version (None if the line's range does not)."""
        for b in reversed(self.stacks[line - 1]):
            if self.chain_version_dependent(b.chain):
                return b
        return None

    def chain_version_dependent(self, chain):
        return any(b.own.version_dependent() for b in self.chains[chain])

    def view(self, code):
        """The lines as compiled for one kernel: lines whose range is NO at
        code are blanked (UNKNOWN lines are kept)."""
        return '\n'.join('' if r.value(code) == NO else l
                         for l, r in zip(self.lines, self.ranges))


_CACHE = {}


def file_ranges(path, tree=None):
    """FileRanges of a file (cached per path), with the configure macros of
    tree (default: the file's directory).  Errors: VerrangeError."""
    key = (os.path.abspath(path), tree)
    if key not in _CACHE:
        try:
            with open(path, errors='surrogateescape') as f:
                text = f.read()
        except OSError as e:
            raise VerrangeError('cannot read %s: %s' % (path, e.strerror))
        _CACHE[key] = FileRanges(text, configure_macros(tree or os.path.dirname(
            os.path.abspath(path))))
    return _CACHE[key]


def range_at(path, line, tree=None, min_kernel=None):
    """The conversion engine's entry point: the Range of (file, line),
    clipped to min_kernel (a version code) when given."""
    r = file_ranges(path, tree).at(line)
    return r.clip(min_kernel) if min_kernel is not None else r


def disjoint(ra, rb, bound=None):
    """True when two lines of ranges ra and rb are compiled for no common
    kernel: branches of one version ladder, or a line outside bound (a
    Range: MIN_KERNEL, a full tree's own version).  Unknown conditions never
    make lines disjoint."""
    r = ra.and_(rb)
    if bound is not None:
        r = r.and_(bound)
    return not r.intervals()


def site_has(path, line, api, tree=None, min_kernel=None):
    """Does every kernel (file, line) may be compiled for have api?  True,
    False (none has it) or None (straddles, unknown API, or the line's range
    does not depend on the version and no min_kernel is given: the target
    tree decides)."""
    r = range_at(path, line, tree, min_kernel)
    if min_kernel is None and not r.version_dependent():
        return None
    return has_api(r, api)


def main(argv):
    at = None
    args = list(argv)
    if args[:1] == ['--at']:
        if len(args) < 3:
            raise VerrangeError('usage: verrange.py --at VERSION FILE')
        at = parse_version(args[1])
        args = args[2:]
    if not args:
        raise VerrangeError('usage: verrange.py FILE [LINE...] | --at VERSION FILE')
    path = args[0]
    try:
        text = open(path, errors='replace').read()
    except OSError as e:
        raise VerrangeError('cannot read %s: %s' % (path, e.strerror))
    tree = os.path.dirname(os.path.abspath(path))
    fr = FileRanges(text, configure_macros(tree))
    if at is not None:
        sys.stdout.write(fr.view(at))
        return
    lines = [int(x) for x in args[1:] if x.isdigit()] or range(1, len(fr.ranges) + 1)
    out = []
    for ln in lines:
        r = fr.at(ln)
        g = fr.guard(ln)
        out.append({'line': ln, 'range': r.to_json(), 'describe': r.describe(),
                    'guard': g and {'if_line': g.if_line, 'line': g.line, 'kind': g.kind},
                    'pin_user_pages': has_api(r, 'pin_user_pages')})
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write('\n')


if __name__ == '__main__':
    try:
        main(sys.argv[1:])
    except VerrangeError as e:
        sys.stderr.write('verrange: %s\n' % e)
        sys.exit(1)
