#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The version and wrapper gate: per-site decisions that override the
conversion engine's, and the filter that keeps patch mode off those sites.

Inputs: the work copy of the candidates (a directory), the candidate list,
the original tree (for configure macros and wrapper callers), COMPAT and
MIN_KERNEL.  For every get_user_pages*() call site it decides, from the
kernel-version range of its line (scripts/verrange.py) and the driver's
wrappers (scripts/wrappers.py):

  kept          the site is the #else/#if side of a compat pair whose other
                side already calls pin_user_pages*() ("already converted");
                or its whole range is before the pin API's first kernel
                ("compiled only for kernels < 5.6 (#if at file:line)")
  needs-manual  its range straddles the pin API's first kernel (unless
                COMPAT=1), or its pages are released by code shared with a
                site that stays get_*() (a release after #endif)
  wrapper       the call is the body of a driver's wrapper macro / static
                inline: not a call site (report.py leaves it out)
  and adds one row per call through a wrapper (needs-manual, naming both).

Output (gate.tsv, one row per decision, tab-separated, with a header):
  file line col function api verdict case confidence reason when mask hold
when: "always" replaces the engine's verdict, "if-converted" only a
"converted" verdict, "add" is a site the engine does not see (a wrapper
call).  mask=1: the call is held: renamed in the work copy while the
rewrite runs (mask/unmask), so it is never rewritten.  hold says why a
held call stays, for the engine's shared releases:
  old       compiled only for kernels before 5.6 (COMPAT=1's pinconv_compat.h
            makes unpin_user_page*() put_page() on all of them)
  old-api   compiled only for kernels without its pin name, some of them 5.6
            or later (pin_user_pages_unlocked() is 5.8)
  dead      compiled for no kernel the code must build on (MIN_KERNEL, or a
            full tree's own version)
  straddle  compiled for kernels before and after its pin name's first
  pair      the fallback branch of a compat pair
  wrapper-kept  the body of a driver's wrapper that stays get_*() (a
            definition for old kernels, a compat pair, a nested wrapper):
            the wrapper and its calls stay (the solver says why)
  wrapper-skip  a wrapper body compiled for no kernel the code builds on
            (or, with COMPAT=1, only before 5.6): left as it is, harmless
  wrapper   (mask=0) a wrapper body whose whole range has its pin name:
            the solver converts it together with every call of the
            wrapper when all their pages reach releases it can rewrite
  -         not held (if-converted and add rows)
The page-flow solver (scripts/pageflow.py --gate, FlowGate below) decides
shared releases from the flow itself; the if-converted rows are the gate's
per-file view of them, which it uses only for held calls it has no facts of.

Commands (errors: one line on stderr, exit 1):
  gate.py extra-files --tree T --candidates F     add the files calling a
                                                  wrapper to F (NUL-separated)
  gate.py min-kernel --src T [--subdir S] [--given V] --out min-kernel.json
                                                  MIN_KERNEL and where it came
                                                  from (min_kernel_of())
  gate.py decide --work W --src T --candidates F --out gate.tsv [--compat 0|1]
                 [--min-kernel 5.4 [--min-kernel-json min-kernel.json]]
  gate.py mask --gate gate.tsv --work W FILE      hide the masked calls
  gate.py unmask --work W FILE
  gate.py compat-header --work W FILE...          COMPAT=1: pinconv_compat.h
                                                  beside each file, included
  gate.py old-view --work W [--min-kernel V] FILE...  the files as compiled for the
                                                  kernels before 5.6 their #ifs
                                                  name use no pin API (exit 1)
"""
import argparse
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import verrange  # noqa: E402
import wrappers  # noqa: E402

HOLD = 'pinconv_hold__'
COLUMNS = ['file', 'line', 'col', 'function', 'api', 'verdict', 'case', 'confidence',
           'reason', 'when', 'mask', 'hold']
# The first kernel with the pin API: below it pinconv_compat.h (COMPAT=1)
# maps the pin API to the get API.
COMPAT_FIRST = verrange.API_FIRST['pin_user_pages'][0]
CALL_RE = re.compile(r'\b(' + wrappers.GUP + r')\s*\(')

# The pin API that replaces each get API (its first kernel is in verrange.API_FIRST).
PIN = {
    'get_user_pages': 'pin_user_pages',
    'get_user_pages_fast': 'pin_user_pages_fast',
    'get_user_pages_fast_only': 'pin_user_pages_fast_only',
    '__get_user_pages_fast': 'pin_user_pages_fast_only',
    'get_user_pages_remote': 'pin_user_pages_remote',
    'get_user_pages_unlocked': 'pin_user_pages_unlocked',
    'get_user_pages_locked': 'pin_user_pages_locked',
    'get_user_pages_longterm': 'pin_user_pages',
}


class GateError(Exception):
    pass


def _fname(since):
    """The function name of a definition header ('... name(args) ')."""
    t = since.rstrip()
    if not t.endswith(')') or '=' in t:
        return ''
    depth = 0
    for i in range(len(t) - 1, -1, -1):
        depth += (t[i] == ')') - (t[i] == '(')
        if depth == 0:
            m = re.search(r'(\w+)\s*$', t[:i])
            return m.group(1) if m else ''
    return ''


def functions(code):
    """Per 1-based line (index 0 unused), the name of the function the line
    is in ('' outside functions)."""
    names = ['']
    depth, cur, since = 0, '', ''
    cont = False
    for ln in code.split('\n'):
        directive = cont or ln.lstrip().startswith('#')
        cont = directive and ln.endswith('\\')
        if directive:
            names.append(cur if depth else '')
            continue
        for ch in ln:
            if ch == '{':
                if depth == 0:
                    cur = _fname(since)
                depth += 1
            elif ch == '}':
                depth = max(0, depth - 1)
                if depth == 0:
                    since = ''
                    continue
            elif depth == 0:
                since = '' if ch == ';' else since + ch
        if depth == 0:
            since += ' '
        names.append(cur)
        if depth == 0:
            cur = ''
    return names


def call_args(code, start):
    """The top-level arguments of the call whose '(' is at or after start."""
    i = code.index('(', start)
    depth, cur, out = 0, '', []
    for ch in code[i:]:
        if ch in '([{':
            depth += 1
            if depth == 1:
                continue
        elif ch in ')]}':
            depth -= 1
            if depth == 0:
                out.append(cur.strip())
                return out
        if ch == ',' and depth == 1:
            out.append(cur.strip())
            cur = ''
        else:
            cur += ch
    return out


def pages_arg(api, args):
    """The pages argument of a gup-family call of any kernel generation: the
    first argument after the address and count that looks like a page
    pointer (&x, a name or field, not a number, flag or NULL)."""
    for a in args[2:]:
        t = re.sub(r'\s+', '', a)
        if t in ('NULL', '0', '1') or re.match(r'^(FOLL_|\d)', t) or '|' in t or \
                re.match(r'^!?\w+(==|!=)', t) or '?' in t:
            continue
        if t.startswith('&') or re.search(r'page|pg|\[', t, re.I):
            return t
    return None


def base_of(pg):
    """A pages argument -> its array or variable (as the engine associates
    releases): &x -> x, &a[i] -> a, a + i -> a."""
    if pg is None:
        return None
    m = re.match(r'^&(.+)\[[^\[\]]*\]$', pg) or re.match(r'^&(\w+)$', pg) or \
        re.match(r'^(.+?)\+[^+]+$', pg)
    return m.group(1) if m else pg


class Site(object):
    def __init__(self, path, line, col, api, func, base, args=()):
        self.path, self.line, self.col, self.api, self.func = path, line, col, api, func
        self.base = base
        self.args = args
        self.row = None
        self.why = ''

    def same_pages(self, other):
        if not self.base or self.base != other.base:
            return False
        return '->' in self.base or self.func == other.func


def old_arglist(api, args, first):
    """(generation, argument names) when the call's argument list is one
    that api() took only on kernels before first (the pin name's first
    kernel): such a call builds only where the pin API does not exist,
    whatever its #if range says.  None otherwise (or when the list is
    ambiguous).  The generations are pageflow.ACQ_FORMS'."""
    import pageflow                 # scripts/pageflow.py (it imports this module)
    gen = pageflow.pick_form(api, list(args))[0] if args else None
    if gen is None or gen.endswith('+'):
        return None
    lo, _, hi = gen.rpartition('-') if '-' in gen else (gen, '', gen)
    try:
        if verrange.parse_version(hi.replace('.x', '.255')) >= first:
            return None
    except verrange.VerrangeError:
        return None
    when = 'kernels up to %s' % hi if not lo else 'kernel %s' % hi if lo == hi else \
        'kernels %s to %s' % (lo, hi)
    return when, ', '.join(dict(pageflow.ACQ_FORMS[api])[gen].split())


def where(path, fr, b):
    """'#if at file:14' (+ ', #elif at line 16' for a later branch)."""
    head = fr.chains[b.chain][0]
    s = '#%s at %s:%d' % (head.kind, path, head.line)
    if b is not head:
        s += ', #%s at line %d' % (b.kind, b.line)
    return s


def chain_head(fr, b):
    return fr.chains[b.chain][0]


def tree_version(tree):
    """A full kernel tree's own version code (its Makefile's VERSION,
    PATCHLEVEL, SUBLEVEL), or None for any other tree."""
    if not full_tree(tree):
        return None
    try:
        with open(os.path.join(tree, 'Makefile'), errors='replace') as f:
            head = f.read(2000)
    except OSError:
        return None
    v = {}
    for k in ('VERSION', 'PATCHLEVEL', 'SUBLEVEL'):
        m = re.search(r'^%s\s*=\s*(\d+)' % k, head, re.M)
        v[k] = int(m.group(1)) if m else 0
    return verrange.kv(v['VERSION'], v['PATCHLEVEL'], v['SUBLEVEL']) if v['VERSION'] else None


# Statements that stop the build where they are compiled: #error, BUILD_BUG(),
# BUILD_BUG_ON*(cond) (stops where cond holds), static_assert(cond) (stops
# where cond fails).
STOP_RE = re.compile(r'^\s*#\s*error\b|\b(BUILD_BUG|BUILD_BUG_ON(?:_MSG|_ZERO)?|'
                     r'_Static_assert|static_assert)\s*\(')


def stated_minimums(text, macros=None):
    """The kernel minimums one C file states: [(version code, line, text)],
    one per #error / BUILD_BUG*() / static_assert() that stops the build on
    every kernel below a version V and on none from V on (its range is yes
    on [0, V) and no from V).  A stop under an unknown condition
    (CONFIG_*, a driver switch), one for new kernels only (a maximum) and
    the lowest version a ladder compares are not minimums (docs/rules.md)."""
    if not re.search(r'#\s*error\b|BUILD_BUG|static_assert', text):
        return []
    fr = verrange.FileRanges(text, macros)
    code = verrange.strip_comments(text)
    lines = code.split('\n')
    offs = [0]
    for ln in lines:
        offs.append(offs[-1] + len(ln) + 1)
    out = []
    for no, ln in enumerate(lines, 1):
        m = STOP_RE.search(ln)
        if not m:
            continue
        rng = fr.at(no)
        if m.group(1):
            try:
                args = call_args(code, offs[no - 1] + m.start(1))
            except ValueError:
                continue
            if m.group(1) == 'BUILD_BUG':
                pass
            elif not args or not args[0]:
                continue
            elif m.group(1).endswith('static_assert') or m.group(1) == '_Static_assert':
                rng = rng.and_(fr.cond(args[0]).neg())
            else:
                rng = rng.and_(fr.cond(args[0]))
        p = rng.pieces
        if len(p) >= 2 and p[0] == (0, verrange.YES) and p[1][1] == verrange.NO:
            out.append((p[1][0], no, ' '.join(text.split('\n')[no - 1].split())))
    return out


def min_kernel_of(src, subdir='.', given=None, near=None):
    """The one place that decides MIN_KERNEL (the oldest kernel the code
    must build on) for make convert: a dict with
      version  'X.Y[.Z]' or None (no minimum: only the #if ranges count)
      source   'given' (MIN_KERNEL=), 'guard' (the driver's own stated
               minimum, the highest one), 'target tree' (a full kernel tree:
               its own version bounds every line anyway), or 'none'
      where    'file:line' of the guard ('' otherwise)
      text     the guard's line ('' otherwise)
      guards   every stated minimum found: [[version, 'file:line']]
    given wins; a full kernel tree is its own version; else the highest
    stated minimum of the driver's C files (stated_minimums()).
    near: the directories (relative to src) of the files that call the API,
    or None.  A .c file elsewhere is another module or a configure probe
    (a compile test whose #error is its answer, never linked into the
    driver): its stop ends only its own compile, so only the .c files of
    those directories and the headers count."""
    res = dict(version=None, source='none', where='', text='', guards=[])
    if given:
        res.update(version=verrange.kv_str(verrange.parse_version(given)), source='given')
        return res
    tv = tree_version(src)
    if tv is not None:
        res.update(version=verrange.kv_str(tv & ~0xff), source='target tree')
        return res
    macros = verrange.configure_macros(src)
    top = os.path.normpath(os.path.join(src, subdir or '.'))
    found = []
    for root, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d != '.git')
        for name in sorted(files):
            if not name.endswith(('.c', '.h')):
                continue
            path = os.path.join(root, name)
            try:
                with open(path, errors='surrogateescape') as fh:
                    text = fh.read()
            except OSError:
                continue
            rel = os.path.relpath(path, src)
            if near is not None and name.endswith('.c') and os.path.dirname(rel) not in near:
                continue
            for code, no, line in stated_minimums(text, macros):
                found.append((code, rel, no, line))
    found.sort(key=lambda g: (-g[0], g[1], g[2]))
    res['guards'] = [[verrange.kv_str(c), '%s:%d' % (f, n)] for c, f, n, _ in found]
    if found:
        c, f, n, line = found[0]
        res.update(version=verrange.kv_str(c), source='guard', where='%s:%d' % (f, n), text=line)
    return res


def min_kernel_note(mk):
    """How a reason names where MIN_KERNEL came from (min_kernel_of()'s
    dict, or None: MIN_KERNEL given on the command line)."""
    if not mk or mk.get('source') == 'given':
        return 'MIN_KERNEL= given'
    if mk['source'] == 'guard':
        return "MIN_KERNEL from the driver's guard at %s" % mk['where']
    return 'MIN_KERNEL from the %s' % mk['source']


def body_hold(path, fr, line, api, compat, min_kernel, target):
    """Whether the wrapper body's call at line can be converted with the
    wrapper's callers: ('wrapper', '') its whole range has the pin name;
    ('wrapper-skip', why) it is compiled for no kernel the code builds on, or
    (COMPAT=1) only before 5.6, where pinconv_compat.h maps the callers'
    unpins back to put_page(): it stays as it is without harm;
    ('wrapper-kept', why) it must stay get_*() on kernels that also run the
    callers: the wrapper and its callers stay."""
    pin = PIN.get(api)
    if pin is None:
        return 'wrapper-skip' if api.startswith('pin_') else 'wrapper-kept', \
            '%s() has no pin counterpart' % api
    first = verrange.kv_str(verrange.API_FIRST[pin][0])
    rng = fr.at(line)
    g = fr.guard(line)
    if target is not None:
        rng = rng.and_(verrange.Range([(0, verrange.NO), (target, verrange.YES),
                                       (target + 1, verrange.NO)]))
        if not rng.intervals():
            return 'wrapper-skip', 'not compiled for this tree'
        if verrange.has_api(rng, pin) is False:
            return 'wrapper-kept', 'the tree is older than %s, where %s() first appears' % (
                first, pin)
        return 'wrapper', ''
    if min_kernel is not None:
        rng = rng.clip(min_kernel)
    elif not rng.version_dependent():
        # no #if around it and no MIN_KERNEL: a compat header whose other
        # #if branches are for other kernels is built on kernels before
        # the pin name too (the old-kernel check of make check-build reads
        # it so); a header without any is the target tree's, like any call
        ladder = next((b for b in fr.branches if fr.chain_version_dependent(b.chain)), None)
        if ladder is None or (compat and verrange.API_FIRST[pin][0] == verrange.kv(5, 6)):
            return 'wrapper', ''
        return 'wrapper-kept', 'compiled for every kernel, and %s has #if branches for other ' \
            'kernels (#%s at %s:%d): %s() does not exist below %s; give MIN_KERNEL=%s, or ' \
            'COMPAT=1' % (path, ladder.kind, path, ladder.line, pin, first, first)
    gw = where(path, fr, g) if g else 'MIN_KERNEL=%s' % verrange.kv_str(min_kernel)
    if not rng.intervals():
        return 'wrapper-skip', 'compiled only for kernels below MIN_KERNEL=%s (%s)' % (
            verrange.kv_str(min_kernel), gw)
    has = verrange.has_api(rng, pin)
    if has is False:
        if compat and old_hold(rng) == 'old':
            return 'wrapper-skip', 'compiled only for kernels < 5.6 (%s), where ' \
                'pinconv_compat.h makes unpin_user_page*() put_page()' % gw
        return 'wrapper-kept', 'compiled only for kernels < %s (%s): %s() first appears in %s' % (
            first, gw, pin, first)
    if has is None and not (compat and verrange.API_FIRST[pin][0] == verrange.kv(5, 6)):
        return 'wrapper-kept', 'compiled for kernels before and after %s (%s: %s): %s() does ' \
            'not exist below %s' % (first, gw, rng.describe(), pin, first)
    return 'wrapper', ''


def decide_file(path, text, macros, ws, compat, min_kernel, target=None, mk_note=None,
                wblock=None):
    """The gate rows of one file (lists of COLUMNS values).  target: the
    version code of the kernel tree the file is part of (its lines compile
    for that kernel only), or None (an out-of-tree driver: every kernel its
    #if ranges allow, from min_kernel on).  mk_note: where min_kernel came
    from, for the reasons that depend on it (min_kernel_note()).  wblock:
    {wrapper: why} of the wrappers that cannot convert with their callers
    (wrappers.blockers())."""
    rows = []
    fr = verrange.FileRanges(text, macros)
    code = verrange.strip_comments(text)
    lines = code.split('\n')
    fnames = functions(code)
    offs = [0]
    for ln in lines:
        offs.append(offs[-1] + len(ln) + 1)
    sites, pins = [], []
    cont = False
    for no, ln in enumerate(lines, 1):
        directive = cont or ln.lstrip().startswith('#')
        cont = directive and ln.endswith('\\')
        for m in CALL_RE.finditer(ln):
            api = m.group(1)
            w = wrappers.in_wrapper_body(path, no, ws)
            if w:
                # the solver converts it with all its calls, or none
                # (pageflow.py: wrapper groups); its row says whether this
                # definition may be converted
                pair = w.compat_pair()
                if pair or all(x.startswith('pin_') for x in w.apis):
                    hold, why = 'wrapper-kept', 'already converted: %s' % (
                        'compat pair: its definition at %s:%d pins' % pair[:2] if pair
                        else 'it pins')
                elif (wblock or {}).get(w.name):
                    hold, why = 'wrapper-kept', wblock[w.name]
                else:
                    hold, why = body_hold(path, fr, no, api, compat, min_kernel, target)
                rows.append([path, no, m.start(), w.name, api, 'wrapper', '-', 'High',
                             'body of the wrapper %s %s (%s): its calls are the call sites%s'
                             % (w.kind, w.name, w.where(), '; this definition stays: ' + why
                                if hold == 'wrapper-kept' else ''), 'always',
                             0 if hold == 'wrapper' else 1, hold])
                continue
            if directive:
                continue
            if re.match(r'^\s*(?:(?:static|inline|extern)\s+)*[\w\s\*]+\s\**$', ln[:m.start()]) \
                    and not re.search(r'(=|return|\()', ln[:m.start()]):
                continue       # a prototype or definition
            try:
                args = call_args(code, offs[no - 1] + m.start())
            except ValueError:
                args = []
            s = Site(path, no, m.start(), api, fnames[no] if no < len(fnames) else '',
                     base_of(pages_arg(api, args)), args)
            (pins if api.startswith('pin_') else sites).append(s)

    # A wrapper definition that is only another name for the API (#define
    # w get_user_pages) has no call to rewrite: where it is compiled with
    # the pin name, the wrapper cannot convert (gup_rewrite renames calls).
    for w in ws.values():
        for (p, a, b), apis in sorted(w.def_apis.items()):
            if p != path or any(CALL_RE.search(lines[i - 1]) for i in range(a, b + 1)):
                continue
            for api in sorted(apis):
                m = re.search(r'\b%s\b' % re.escape(api), ' '.join(lines[a - 1:b]))
                mm = re.search(r'\b%s\b' % re.escape(api), lines[a - 1])
                if not m or not mm or api.startswith('pin_'):
                    continue
                hold, why = body_hold(path, fr, a, api, compat, min_kernel, target)
                if hold == 'wrapper':
                    hold, why = 'wrapper-kept', 'it is only another name for %s() (#define ' \
                        '%s %s), which the rewrite does not rename' % (api, w.name, api)
                rows.append([path, a, mm.start(), w.name, api, 'wrapper', '-', 'High',
                             'body of the wrapper %s %s (%s): its calls are the call sites%s'
                             % (w.kind, w.name, w.where(), '; this definition stays: ' + why
                                if hold == 'wrapper-kept' else ''), 'always', 1, hold])

    def pin_in(b):
        return [p for p in pins if b.first <= p.line <= (b.last or 10**9)]

    def pair_has_pin(rng, pin, min_kernel, target):
        """Whether a compat pair's get_*() side is compiled for the kernels
        the conversion is for, and they have its pin name: a full tree's own
        version, else (out of tree) the default target, 6.1, and every later
        kernel.  A pair that switches at 5.9 for pin_user_pages_remote()'s
        new argument list is a fallback there; one that switches at 6.10
        leaves 6.1 to 6.9 on get_*().  A configure macro's #ifdef has no
        version range: it is the fallback for what the probe lacks."""
        if not rng.version_dependent():
            return False
        if target is not None:
            rng = rng.and_(verrange.Range([(0, verrange.NO), (target, verrange.YES),
                                           (target + 1, verrange.NO)]))
        else:
            rng = rng.clip(max(verrange.kv(6, 1), min_kernel or 0))
        if not rng.intervals():
            return False
        return verrange.has_api(rng, pin) is not False

    held = []
    for s in sites:
        pin = PIN.get(s.api)
        if not pin:
            continue
        first = verrange.kv_str(verrange.API_FIRST[pin][0])
        # 1. A compat pair: another branch of an enclosing #if chain pins.
        pair = None
        for b in reversed(fr.enclosing(s.line)):
            for other in fr.chains[b.chain]:
                if other is not b and pin_in(other):
                    pair = (b, pin_in(other)[0])
                    break
            if pair:
                break
        if pair and pair_has_pin(fr.at(s.line), pin, min_kernel, target):
            # the fallback is compiled for the target kernels, which have
            # the pin call (#if < 6.10 ... #else pin_*(): 6.1 to 6.9 run the
            # get_*() side): no fallback; the rules below decide it
            pair = None
        if pair:
            b, p = pair
            s.row = [path, s.line, s.col, s.func, s.api, 'kept', '-', 'High',
                     'already converted: compat pair at %s:%d (%s() in the other branch of '
                     'the %s): this is the fallback for kernels without it'
                     % (path, p.line, p.api, where(path, fr, fr.chains[b.chain][0])),
                     'always', 1, 'pair']
            s.why = 'the compat fallback'
            held.append(s)
            continue
        rng = fr.at(s.line)
        g = fr.guard(s.line)
        if target is not None:
            rng = rng.and_(verrange.Range([(0, verrange.NO), (target, verrange.YES),
                                           (target + 1, verrange.NO)]))
            tv = 'Linux %s' % verrange.kv_str(target & ~0xff)
            if not rng.intervals():
                s.row = [path, s.line, s.col, s.func, s.api, 'kept', '-', 'High',
                         'not compiled for this tree (%s): %s' % (
                             tv, where(path, fr, g) if g else 'its #if is false'),
                         'always', 1, 'dead']
                s.why = 'below MIN_KERNEL'
                held.append(s)
            elif verrange.has_api(rng, pin) is False:
                s.row = [path, s.line, s.col, s.func, s.api, 'kept', '-', 'High',
                         'the tree is %s: %s() first appears in %s' % (tv, pin, first),
                         'always', 1, old_hold(rng)]
                s.why = 'kept for kernels < %s, the tree is %s' % (first, tv)
                held.append(s)
            continue
        if min_kernel is not None:
            rng = rng.clip(min_kernel)
        elif not rng.version_dependent():
            continue
        mkn = mk_note or 'MIN_KERNEL= given'
        gw = where(path, fr, g) if g else 'MIN_KERNEL=%s, %s' % (
            verrange.kv_str(min_kernel), mkn)
        if not rng.intervals():
            s.row = [path, s.line, s.col, s.func, s.api, 'kept', '-', 'High',
                     'compiled only for kernels below MIN_KERNEL=%s (%s); %s'
                     % (verrange.kv_str(min_kernel), gw, mkn), 'always', 1, 'dead']
            s.why = 'below MIN_KERNEL'
            held.append(s)
            continue
        has = verrange.has_api(rng, pin)
        if has is False:
            s.row = [path, s.line, s.col, s.func, s.api, 'kept', '-', 'High',
                     'compiled only for kernels < %s (%s): the branch is for %s, and '
                     '%s() first appears in %s' % (first, gw, rng.describe(), pin, first),
                     'always', 1, old_hold(rng)]
            s.why = 'kept for kernels < %s, %s' % (first, gw)
            held.append(s)
            continue
        # neither COMPAT=1 nor MIN_KERNEL= converts a call whose argument
        # list only kernels without the pin name took
        old = old_arglist(s.api, s.args, verrange.API_FIRST[pin][0]) if has is None else None
        # pinconv_compat.h covers the 5.6 names only
        if has is None and (old or not (compat and verrange.API_FIRST[pin][0] == verrange.kv(5, 6))):
            if old:
                why = 'compiled for kernels before and after %s (%s: %s), but its argument ' \
                    'list (%s) is the one %s() took on %s: the call builds only on kernels ' \
                    'without %s(); port it to the current argument list by hand' % (
                        first, gw, rng.describe(), old[1], s.api, old[0], pin)
            else:
                why = 'compiled for kernels before and after %s (%s: %s): %s() does not ' \
                    'exist below %s; split the branch at %s%s (or MIN_KERNEL=%s)' % (
                        first, gw, rng.describe(), pin, first, first,
                        ', or convert with COMPAT=1' if first == '5.6' else '', first)
            s.row = [path, s.line, s.col, s.func, s.api, 'needs-manual', '?', 'High',
                     why, 'always', 1, 'straddle']
            s.why = 'needs-manual: it straddles %s, %s' % (first, gw)
            held.append(s)
    # 2. A release shared with a site that stays get_*(): the pages of both
    #    go through the same put_page().  COMPAT=1 maps unpin to put_page
    #    below 5.6, which makes sharing safe with sites kept for old kernels.
    for s in sites:
        if s.row or s.api not in PIN:
            continue
        for h in held:
            if not s.same_pages(h):
                continue
            if h.why == 'below MIN_KERNEL':
                continue       # dead code on every kernel the driver supports
            if compat and h.row[-1] == 'old':
                continue
            s.row = [path, s.line, s.col, s.func, s.api, 'needs-manual', '?', 'High',
                     'the release of %s is shared with the %s() at line %d, which stays '
                     '(%s): converting only this branch would unpin pages that were got; '
                     'COMPAT=1 maps unpin_user_page*() to put_page() on old kernels'
                     % (s.base, h.api, h.line, h.why), 'if-converted', 0, '-']
            break
    rows += [s.row for s in sites if s.row]
    # 3. Calls through the driver's wrappers.
    for no, col, name in wrappers.calls_of(path, text, ws):
        w = ws[name]
        api = '%s->%s' % (name, w.api())
        func = fnames[no] if no < len(fnames) else ''
        pair = w.compat_pair()
        if pair:
            rows.append([path, no, col, func, api, 'kept', '-', 'High',
                         'already converted: compat pair in the driver\'s wrapper %s %s: its '
                         'definition at %s:%d pins, the others are the fallback (%s)'
                         % (w.kind, name, pair[0], pair[1], w.where()), 'add', 0, '-'])
        elif all(a.startswith('pin_') for a in w.apis):
            rows.append([path, no, col, func, api, 'kept', '-', 'High',
                         'already FOLL_PIN: call through the driver\'s wrapper %s %s (%s)'
                         % (w.kind, name, w.where()), 'add', 0, '-'])
        else:
            rows.append([path, no, col, func, api, 'needs-manual', '?', 'Moderate',
                         'call through the driver\'s wrapper %s %s (%s) around %s(): convert '
                         'the wrapper and its callers together' % (
                             w.kind, name, w.where(), '(), '.join(sorted(w.apis))), 'add', 0,
                             '-'])
    return rows


def old_hold(rng):
    """The hold of a call kept because its kernels lack its pin name: 'old'
    when every kernel of rng is before 5.6 (pinconv_compat.h covers them),
    else 'old-api'."""
    return 'old' if all(hi <= COMPAT_FIRST for _, hi in rng.intervals()) else 'old-api'


def full_tree(tree):
    return os.path.isfile(os.path.join(tree, 'include/linux/mm.h')) and \
        os.path.isfile(os.path.join(tree, 'Makefile'))


def tree_wrappers(tree, files, src=None):
    """The wrappers defined in files (paths relative to tree; the
    candidates, which name the API).  When src (the original tree, default
    tree) is a full kernel tree, its include/ is the API itself and is left
    out."""
    skip_inc = full_tree(src or tree)
    texts = {}
    for rel in files:
        if skip_inc and rel.startswith('include/'):
            continue
        try:
            texts[rel] = open(os.path.join(tree, rel), errors='replace').read()
        except OSError:
            continue
    return wrappers.find_wrappers(texts)


def read_list(path):
    """A candidate list: NUL-separated names (make convert's), or one a line."""
    try:
        with open(path, 'rb') as f:
            data = f.read()
    except OSError as e:
        raise GateError('cannot read %s: %s' % (path, e.strerror))
    sep = b'\0' if b'\0' in data else b'\n'
    return [os.fsdecode(n) for n in data.split(sep) if n]


def write_list(path, names):
    """Write names NUL-separated, sorted (the form convert.sh uses)."""
    with open(path, 'wb') as f:
        f.write(b''.join(os.fsencode(n) + b'\0' for n in sorted(names)))


def cmd_extra_files(a):
    """Add the files that call a wrapper to the candidate list (in place)."""
    have = read_list(a.candidates)
    ws = tree_wrappers(a.tree, have)
    if not ws:
        return
    sub = a.subdir if a.subdir and a.subdir != '.' else '.'
    r = subprocess.run(['grep', '-rlwZE', '--include=*.[ch]', '|'.join(sorted(ws)), './' + sub],
                       cwd=a.tree, capture_output=True)
    if r.returncode > 1:
        raise GateError('grep for wrapper calls failed: %s' % r.stderr.decode(errors='replace').strip())
    extra = {os.path.normpath(os.fsdecode(x)) for x in r.stdout.split(b'\0') if x}
    if extra - set(have):
        write_list(a.candidates, set(have) | extra)


def cmd_decide(a):
    min_kernel = verrange.parse_version(a.min_kernel) if a.min_kernel else None
    mk = None
    if a.min_kernel_json:
        with open(a.min_kernel_json) as fh:
            mk = json.load(fh)
    macros = verrange.configure_macros(a.src)
    target = tree_version(a.src)
    cands = read_list(a.candidates)
    ws = tree_wrappers(a.work, cands, a.src)
    rows = []
    texts = {}
    for f in cands:
        try:
            texts[f] = open(os.path.join(a.work, f), errors='replace').read()
        except OSError as e:
            raise GateError('cannot read %s: %s' % (f, e.strerror))
    wblock = wrappers.blockers(texts, ws)
    for f in cands:
        rows += decide_file(f, texts[f], macros, ws, a.compat == '1', min_kernel, target,
                            min_kernel_note(mk), wblock)
    with open(a.out, 'w', errors='surrogateescape') as fh:
        fh.write('\t'.join(COLUMNS) + '\n')
        for r in rows:
            fh.write('\t'.join(str(x).replace('\t', ' ') for x in r) + '\n')


def cmd_min_kernel(a):
    """Write min_kernel_of()'s dict as JSON (make convert reads the version
    from it and passes it on; report.py prints where it came from)."""
    near = None
    if a.candidates:
        with open(a.candidates, 'rb') as fh:
            near = {os.path.dirname(os.path.normpath(os.fsdecode(n)))
                    for n in fh.read().split(b'\0') if n}
    res = min_kernel_of(a.src, a.subdir, a.given or None, near)
    with open(a.out, 'w') as fh:
        json.dump(res, fh, indent=1, sort_keys=True)
        fh.write('\n')


def load(path):
    """gate.tsv -> list of dicts (COLUMNS), line/col/mask as ints."""
    out = []
    if not path or not os.path.exists(path):
        return out
    with open(path, errors='surrogateescape') as fh:
        head = fh.readline().rstrip('\n').split('\t')
        if head != COLUMNS:
            raise GateError('%s: not a gate table (header %s)' % (path, head[:3]))
        for ln in fh:
            d = dict(zip(head, ln.rstrip('\n').split('\t')))
            for k in ('line', 'col', 'mask'):
                d[k] = int(d[k])
            out.append(d)
    return out


def override(d, g):
    """A report row (report.py's dict: file line func api verdict case conf
    reason) after the gate row g (or d unchanged).  d may be None (a site
    the rules did not report)."""
    if g is None:
        return d
    if g['when'] == 'if-converted' and (d is None or d['verdict'] != 'converted'):
        return d
    return dict(file=g['file'], line=str(g['line']), func=g['function'] or (d or {}).get('func', '?'),
                api=g['api'], verdict=g['verdict'], case=g['case'], conf=g['confidence'],
                reason=g['reason'])


class FlowGate(object):
    """gate.tsv as input of a conversion engine that decides tree-wide
    (scripts/pageflow.py --gate): the held calls, and the kernel-version
    range of every line the engine's flow goes through.  (A call through a
    wrapper needs nothing more: the wrapper body of a static inline is a
    held call whose pages reach the caller's array, and a macro's call is a
    call the flow cannot follow, a sink.)

    rows: load()'s rows; src: the tree the file names are relative to;
    compat: COMPAT=1; min_kernel: MIN_KERNEL's version code or None.
    """

    def __init__(self, rows, src, compat=False, min_kernel=None):
        self.src = src
        self.compat = compat
        self.held_rows = {}      # (file, line) -> [always rows with mask=1]
        self.if_converted = {}   # (file, line) -> if-converted row
        self.seen = set()        # held rows an acquire fact was found for
        self.bodies = {}         # (file, line) -> [wrapper body rows]
        self.wcalls = []         # rows of calls through wrappers (when=add)
        for r in rows:
            k = (os.path.normpath(r['file']), r['line'])
            if r['verdict'] == 'wrapper':
                self.bodies.setdefault(k, []).append(r)
            elif r['when'] == 'add':
                self.wcalls.append(r)
            if r['when'] == 'always' and r['mask']:
                self.held_rows.setdefault(k, []).append(r)
            elif r['when'] == 'if-converted':
                self.if_converted[k] = r
        # the kernels every line is compiled for: a full tree's own
        # version, else MIN_KERNEL on (as decide_file bounds the calls)
        target = tree_version(src) if src else None
        if target is not None:
            self.bound = verrange.Range([(0, verrange.NO), (target, verrange.YES),
                                         (target + 1, verrange.NO)])
        elif min_kernel is not None:
            self.bound = verrange.Range([(0, verrange.NO), (min_kernel, verrange.YES)])
        else:
            self.bound = None
        self._macros = None
        self._ranges = {}

    def held(self, fact):
        """The row holding an acquire fact (file, line, callee, col), or None:
        such a call gets no rewrite and keeps the row's verdict and reason."""
        rows = [r for r in self.held_rows.get((fact['file'], fact['line']), ())
                if r['api'] == fact['callee']]
        if len(rows) > 1:
            rows = [r for r in rows if r['col'] == fact.get('col')] or rows[:1]
        if not rows:
            return None
        self.seen.add((rows[0]['file'], rows[0]['line'], rows[0]['col']))
        return rows[0]

    def wrapper_body(self, fact):
        """The wrapper body row of an acquire fact (file, line, callee), or
        None."""
        rows = [r for r in self.bodies.get((fact['file'], fact['line']), ())
                if r['api'] == fact['callee']]
        return rows[0] if rows else None

    def wrapper_groups(self):
        """{wrapper name: dict(bodies=[body rows], calls=[add rows])} of the
        wrappers whose calls the solver may convert with the body: not a
        compat pair, not one that only pins (their calls are kept)."""
        out = {}
        for rows in self.bodies.values():
            for r in rows:
                out.setdefault(r['function'], dict(bodies=[], calls=[]))['bodies'].append(r)
        for r in self.wcalls:
            name = r['api'].split('->')[0]
            if name in out:
                out[name]['calls'].append(r)
        return {n: g for n, g in out.items()
                if g['calls'] and all(c['verdict'] == 'needs-manual' for c in g['calls'])}

    def macro_params(self, row):
        """The parameter names of the #define the body row is in (None: not
        a function-like macro, or unreadable)."""
        try:
            with open(os.path.join(self.src, row['file']), errors='surrogateescape') as fh:
                lines = fh.read().split('\n')
        except OSError:
            return None
        i = row['line'] - 1
        while 0 <= i < len(lines):
            m = re.match(r'^\s*#\s*define\s+%s\(([^)]*)\)' % re.escape(row['function']), lines[i])
            if m:
                return [p.strip() for p in m.group(1).split(',') if p.strip()]
            if i == 0 or not lines[i - 1].rstrip().endswith('\\'):
                return None
            i -= 1
        return None

    def may_share(self, row):
        """Whether a release the pages of held row's call reach may still be
        converted: COMPAT=1 and the call compiled only for kernels before
        5.6, where pinconv_compat.h makes unpin_user_page*() put_page()."""
        return self.compat and row['hold'] == 'old'

    def shared_reason(self, rel, expr, row):
        """Why a converted acquire whose pages reach release rel (a fact; expr
        its pages) is needs-manual: the release is shared with held row's call."""
        return ('the release of %s (%s() at %s:%d) is shared with the %s() at %s:%d, which '
                'stays (%s: %s): converting only this one would unpin pages that were got%s'
                % (expr, rel['callee'], rel['file'], rel['line'], row['api'], row['file'],
                   row['line'], row['verdict'], row['reason'],
                   '; COMPAT=1 maps unpin_user_page*() to put_page() on old kernels'
                   if row['hold'] == 'old' else ''))

    def unfollowed(self, fact):
        """The gate's own shared-release row (if-converted) of an acquire
        fact, when a held call of its file has no facts (spatch did not see
        it, so the flow cannot tell which releases it reaches); else None."""
        r = self.if_converted.get((fact['file'], fact['line']))
        if r is None:
            return None
        for rows in self.held_rows.values():
            for h in rows:
                if h['file'] == r['file'] and not h['hold'].startswith('wrapper') and \
                        (h['file'], h['line'], h['col']) not in self.seen:
                    return r
        return None

    def range_of(self, fact):
        """The version Range of a fact's line (None: the file cannot be read)."""
        if self.src is None:
            return None
        f = fact['file']
        if f not in self._ranges:
            if self._macros is None:
                self._macros = verrange.configure_macros(self.src)
            try:
                with open(os.path.join(self.src, f), errors='surrogateescape') as fh:
                    self._ranges[f] = verrange.FileRanges(fh.read(), self._macros)
            except OSError:
                self._ranges[f] = None
        fr = self._ranges[f]
        try:
            return fr.at(int(fact['line'])) if fr else None
        except (verrange.VerrangeError, ValueError):
            return None

    def versioned(self, fact):
        """Whether the fact's line is in an #if branch that depends on the
        kernel version (then the branch, not the target tree, says which
        kernels its argument list is for)."""
        r = self.range_of(fact)
        return r is not None and r.version_dependent()

    def disjoint(self, a, b):
        """True when facts a and b are compiled for no common kernel (a
        version ladder's branches, a line below MIN_KERNEL): a release in
        one is never credited to an acquire in the other."""
        ra, rb = self.range_of(a), self.range_of(b)
        if ra is None or rb is None:
            return False
        return verrange.disjoint(ra, rb, self.bound)


def cmd_mask(a):
    a.file = os.path.normpath(a.file)
    rows = [r for r in load(a.gate) if r['file'] == a.file and r['mask']]
    if not rows:
        return
    p = os.path.join(a.work, a.file)
    lines = open(p, errors='surrogateescape', newline='').read().split('\n')
    for r in sorted(rows, key=lambda r: (r['line'], -r['col'])):
        ln = lines[r['line'] - 1]
        if ln[r['col']:r['col'] + len(r['api'])] != r['api']:
            raise GateError('%s:%d: no %s at column %d to mask' % (a.file, r['line'], r['api'],
                                                                   r['col']))
        lines[r['line'] - 1] = ln[:r['col']] + HOLD + ln[r['col']:]
    open(p, 'w', errors='surrogateescape', newline='').write('\n'.join(lines))


def cmd_unmask(a):
    p = os.path.join(a.work, a.file)
    t = open(p, errors='surrogateescape', newline='').read()
    if HOLD in t:
        open(p, 'w', errors='surrogateescape', newline='').write(t.replace(HOLD, ''))


COMPAT_H = '''/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generated by pinconv (COMPAT=1).  Kernels before 5.6 have no FOLL_PIN:
 * there the pin API falls back to the get API (plain page references), so
 * that one source builds on both sides.
 */
#ifndef PINCONV_COMPAT_H
#define PINCONV_COMPAT_H

#include <linux/version.h>
#include <linux/mm.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 6, 0)
#ifndef FOLL_LONGTERM
#define FOLL_LONGTERM 0
#endif
#define pin_user_pages get_user_pages
#define pin_user_pages_fast get_user_pages_fast
#define pin_user_pages_remote get_user_pages_remote

static inline void unpin_user_page(struct page *page)
{
	put_page(page);
}

static inline void unpin_user_pages(struct page **pages, unsigned long npages)
{
	unsigned long i;

	for (i = 0; i < npages; i++)
		put_page(pages[i]);
}

static inline void unpin_user_pages_dirty_lock(struct page **pages,
					       unsigned long npages,
					       bool make_dirty)
{
	unsigned long i;

	for (i = 0; i < npages; i++) {
		if (make_dirty)
			set_page_dirty_lock(pages[i]);
		put_page(pages[i]);
	}
}
#endif

#endif /* PINCONV_COMPAT_H */
'''


def cmd_compat_header(a):
    """Write pinconv_compat.h beside each converted file and include it after
    the file's last #include."""
    for f in a.files:
        p = os.path.join(a.work, f)
        h = os.path.join(os.path.dirname(p), 'pinconv_compat.h')
        if not os.path.exists(h):
            open(h, 'w').write(COMPAT_H)
            print(os.path.relpath(h, a.work))
        lines = open(p, errors='surrogateescape', newline='').read().split('\n')
        if any('"pinconv_compat.h"' in l for l in lines):
            continue
        inc = [i for i, l in enumerate(lines) if re.match(r'^\s*#\s*include\s', l)]
        at = inc[-1] + 1 if inc else 0
        lines.insert(at, '#include "pinconv_compat.h"')
        open(p, 'w', errors='surrogateescape', newline='').write('\n'.join(lines))


PIN_USE = re.compile(r'\b(pin_user_pages\w*|unpin_user_page\w*|FOLL_PIN)\b')
# the names COMPAT_H defines below 5.6
COMPAT_MAPPED = {'pin_user_pages', 'pin_user_pages_fast', 'pin_user_pages_remote',
                 'unpin_user_page', 'unpin_user_pages', 'unpin_user_pages_dirty_lock'}


def old_view(path, text, macros=None, min_kernel=None):
    """Problems of one file as compiled for the kernels before 5.6 that its
    #if conditions name (each bound below 5.6, the kernel before it, and
    5.5.255), from min_kernel on (MIN_KERNEL: the kernels below it are not
    built): (version, line, name) of each pin API use there.  In a file
    that includes pinconv_compat.h only the names it does not map count
    (pin_user_pages_unlocked(), FOLL_PIN, ...)."""
    if os.path.basename(path) == 'pinconv_compat.h':
        return []
    # COMPAT=1: the header maps the 5.6 names below 5.6
    mapped = COMPAT_MAPPED if '"pinconv_compat.h"' in text else set()
    fr = verrange.FileRanges(text, macros)
    first = verrange.API_FIRST['pin_user_pages'][0]
    cuts = {s for r in set(fr.ranges) for s, _ in r.pieces if s > 0}
    if not cuts:
        return []       # nothing depends on the version
    versions = {first - 1} | {s for s in cuts if s < first} | {s - 1 for s in cuts if s <= first}
    if min_kernel is not None:
        versions = {v for v in versions if v >= min_kernel}
    out = []
    for v in sorted(versions):
        code = verrange.strip_comments(fr.view(v)).split('\n')
        for no, ln in enumerate(code, 1):
            for m in PIN_USE.finditer(ln):
                if m.group(1) not in mapped:
                    out.append((v, no, m.group(1)))
    return out


def cmd_old_view(a):
    bad = []
    mk = verrange.parse_version(a.min_kernel) if a.min_kernel else None
    for f in a.files:
        try:
            text = open(os.path.join(a.work, f), errors='replace').read()
        except OSError as e:
            raise GateError('cannot read %s: %s' % (f, e.strerror))
        for v, no, name in old_view(f, text, None, mk):
            bad.append('%s:%d: %s() is compiled for %s, which has no pin API (first in 5.6)'
                       % (f, no, name, verrange.kv_str(v) if v else 'kernels before 5.6'))
    for b in bad:
        print(b)
    print('old kernels: %d files checked as compiled before 5.6%s, %d uses of the pin API%s'
          % (len(a.files), ' (MIN_KERNEL=%s: no kernel below it is built)' % a.min_kernel
             if mk else '', len(bad), ' that pinconv_compat.h does not map'
             if 'pinconv_compat.h' in [os.path.basename(f) for f in a.files] else ''))
    if bad:
        sys.exit(1)


def main(argv):
    ap = argparse.ArgumentParser(prog='gate.py')
    sub = ap.add_subparsers(dest='cmd', required=True)
    e = sub.add_parser('extra-files')
    e.add_argument('--tree', required=True)
    e.add_argument('--candidates', required=True)
    e.add_argument('--subdir', default='')
    d = sub.add_parser('decide')
    d.add_argument('--work', required=True)
    d.add_argument('--src', required=True)
    d.add_argument('--candidates', required=True)
    d.add_argument('--out', required=True)
    d.add_argument('--compat', default='0', choices=['0', '1'])
    d.add_argument('--min-kernel', default='')
    d.add_argument('--min-kernel-json', default='', help="min-kernel's output: where "
                   'MIN_KERNEL came from, for the reasons')
    k = sub.add_parser('min-kernel')
    k.add_argument('--src', required=True)
    k.add_argument('--subdir', default='.')
    k.add_argument('--given', default='')
    k.add_argument('--candidates', default='', help='NUL-separated files that call the API '
                   '(relative to --src): only .c files of their directories state a minimum')
    k.add_argument('--out', required=True)
    m = sub.add_parser('mask')
    m.add_argument('--gate', required=True)
    m.add_argument('--work', required=True)
    m.add_argument('file')
    u = sub.add_parser('unmask')
    u.add_argument('--work', required=True)
    u.add_argument('file')
    c = sub.add_parser('compat-header')
    c.add_argument('--work', required=True)
    c.add_argument('files', nargs='*')
    o = sub.add_parser('old-view')
    o.add_argument('--work', required=True)
    o.add_argument('--min-kernel', default='')
    o.add_argument('files', nargs='*')
    a = ap.parse_args(argv)
    for k in ('tree', 'work', 'src'):
        if getattr(a, k, None) and not os.path.isdir(getattr(a, k)):
            raise GateError('%s is not a directory' % getattr(a, k))
    {'extra-files': cmd_extra_files, 'decide': cmd_decide, 'min-kernel': cmd_min_kernel, 'mask': cmd_mask,
     'unmask': cmd_unmask, 'compat-header': cmd_compat_header, 'old-view': cmd_old_view}[a.cmd](a)


if __name__ == '__main__':
    try:
        main(sys.argv[1:])
    except (GateError, verrange.VerrangeError) as e:
        sys.stderr.write('pinconv: gate: %s\n' % e)
        sys.exit(1)
