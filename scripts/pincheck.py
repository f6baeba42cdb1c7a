#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Pin balance checker over already-pinned code, on the page-flow facts.

Inputs
  --tree DIR [--subdir M]  the source to check; the files naming the
                           gup/pin API get cocci/gup_facts.cocci facts
                           (one spatch per file, --jobs in parallel);
  --facts FILE...          or facts already made (JSON lines), read from
                           files under --tree.
  --mode report|context|org  what stdout shows (as the cocci rules do).
  --out DIR                findings.jsonl, findings.tsv, report.txt, and
                           facts.jsonl (the facts it made, for --facts).
Outputs: one finding per bug, dict(kind, file, line, fn, acquire, message,
path=[{file, line, what}]) - the path runs from the acquire through each
flow step to the release (or return).  Exit status 0 with no finding, 1
with findings, 2 on a usage error or when spatch is missing.
Errors: a file spatch cannot parse is listed in --out/spatch-failed and
skipped; a function whose braces do not balance gets no path checks.

Kinds (docs/checker.md):
  put-on-pinned      pinned pages reach put_page()/release_pages()/folio_put()
  unpin-on-got       FOLL_GET pages reach unpin_user_page*()
  unpin-not-pinned   iov_iter_extract_pages()/iov_iter_pin_pages*() pages reach
                     unpin_user_page*() with nothing telling a user-backed
                     iterator (iov_iter_extract_will_pin()) from the others
  mixed-release      one release serves pinned and got pages
  count-negative     a count that may hold an errno reaches an unpin
  count-uninit       a path reaches the unpin before its count is assigned
  count-overwritten  the count of a partial pin is replaced by the requested one
  leak               a return after a full or partial pin neither releases
                     nor stores the pages
  missing-longterm   pages kept past the call without FOLL_LONGTERM
  missing-dirty      FOLL_WRITE pages written (DMA from the device, CPU
                     store) released without dirtying
  double-release     the same pages released twice on one path
"""
import argparse
import collections
import concurrent.futures
import functools
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cflow        # noqa: E402
import verrange     # noqa: E402
import pageflow     # noqa: E402
from pageflow import core, where, fmt_loc, UNSIGNED_RE   # noqa: E402

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CANDIDATE_RE = r'(pin_user_pages|unpin_user_page|get_user_pages|pin_user_page|iov_iter_pin_pages|' \
    r'iov_iter_extract_pages)'
PIN_RE = r'(pin_user_page|unpin_user_page|iov_iter_pin_pages|iov_iter_extract_pages)'
# iov_iter calls that pin the pages of a user-backed iterator and take no
# reference on any other (6.3+ iov_iter_extract_pages(); pinconv's
# iov_iter_pin_pages*()): the index of the pages argument
BV_PAGE = ('F', 'bio_vec', 'bv_page')
IOV_ACQ = {'iov_iter_extract_pages': 1, 'iov_iter_pin_pages': 1, 'iov_iter_pin_pages_alloc': 1}
# what tells a user-backed iterator (pinned pages) from the others
IOV_GUARD_RE = re.compile(r'\b(iov_iter_extract_will_pin|user_backed_iter|iov_iter_pin_mode|'
                          r'IOV_PIN_FOLL_PIN|iter_is_\w+|iov_iter_is_\w+|ITER_UBUF|ITER_IOVEC|'
                          r'BIO_PAGE_PINNED)\b')
PUTS = {'put_page', 'release_pages', 'folio_put', '__free_page', '__free_pages',
        'put_page_testzero', 'bio_release_pages'}
# bio_add_page() and friends: the index of the page argument
BIO_ADDS = {'bio_add_page': 1, '__bio_add_page': 1, 'bio_add_pc_page': 2, 'bio_add_hw_page': 2}
UNPINS = {'unpin_user_page', 'unpin_user_pages', 'unpin_user_pages_dirty_lock',
          'unpin_user_page_range_dirty_lock'}
COUNTED = {'unpin_user_pages': 1, 'unpin_user_pages_dirty_lock': 1, 'release_pages': 1}
DIRTYING = {'unpin_user_pages_dirty_lock', 'unpin_user_page_range_dirty_lock'}
GET_OF = {'pin_user_pages': 'get_user_pages', 'pin_user_pages_fast': 'get_user_pages_fast',
          'pin_user_pages_fast_only': 'get_user_pages_fast_only',
          'pin_user_pages_remote': 'get_user_pages_remote',
          'pin_user_pages_unlocked': 'get_user_pages_unlocked',
          'pin_user_pages_locked': 'get_user_pages_locked'}
NOESCAPE = re.compile(r'^(kfree|kvfree|vfree|memset|sizeof|ARRAY_SIZE|pr_\w+|dev_\w+|printk|'
                      r'WARN\w*|BUG_ON|flush_dcache_page|set_page_dirty\w*|SetPageDirty|lock_page|'
                      r'unlock_page|kmap\w*|kunmap\w*|page_address|PageHighMem|page_to_pfn|'
                      r'page_to_phys|nth_page|likely|unlikely|IS_ERR|PTR_ERR|min|max|min_t|max_t|'
                      r'trace_\w+|might_sleep|READ_ONCE|WRITE_ONCE|mutex_\w+|spin_\w+|up_\w+|'
                      r'down_\w+|mmap_\w+|mmgrab|mmdrop|mmput|get_task_mm|put_task_struct|'
                      r'array_size|struct_size|PAGE_ALIGN|offset_in_page)$')
# calls that write the page passed as their first argument
PAGE_STORES = {'memcpy_to_page', 'copy_page_from_iter', 'copy_page_from_iter_atomic', 'memzero_page',
               'zero_user', 'zero_user_segment', 'zero_user_segments', 'clear_highpage',
               'copy_highpage', 'copy_user_highpage', 'memset_page', 'memcpy_page'}
# calls that map a page (or an array of pages) for the CPU: the address they
# return is where a store writes the page
MAPS = {'kmap', 'kmap_atomic', 'kmap_local_page', 'page_address', 'vmap', 'vm_map_ram'}
# calls that store into the memory at one of their arguments (its index)
STORE_CALLS = {'memcpy': 0, 'memmove': 0, 'memset': 0, 'memzero_explicit': 0, 'strscpy': 0,
               'strcpy': 0, 'strncpy': 0, 'strlcpy': 0, 'copy_from_user': 0, '__copy_from_user': 0,
               '__copy_from_user_inatomic': 0, 'copy_from_user_nofault': 0, 'copy_from_iter': 0,
               '_copy_from_iter': 0, 'copy_from_iter_full': 0, 'copy_from_iter_nocache': 0,
               '_copy_from_iter_nocache': 0, 'memcpy_fromio': 0, 'memcpy_from_msg': 0,
               'skb_copy_bits': 2, 'sg_copy_to_buffer': 2, 'sg_pcopy_to_buffer': 2}
KINDS = ['put-on-pinned', 'unpin-on-got', 'unpin-not-pinned', 'mixed-release', 'count-negative',
         'count-uninit', 'count-overwritten', 'leak', 'missing-longterm', 'missing-dirty',
         'double-release']
MAX_STATES = 6000
# Path states of one function, all its acquires together: beyond it the
# remaining acquires of the function are not walked, and each is named in
# the report's "not checked" list.  The whole 6.1 run uses at most 11,590
# (mm/gup_test.c's ioctl, 7 acquires); 20 sequential pins sharing an array
# in one function take 360,000 without it (12 s), 2,000 take hours.
FN_BUDGET = 60000


# ---------------------------------------------------------------------------
# Facts

def candidates(tree, subdir, every_gup=False):
    """Files under tree (relative names) to take facts from: those naming the
    pin API (pin_user_page*, unpin_user_page*), and those naming
    get_user_pages*() in a directory that has such a file (a got caller can
    share a release helper with a pinned one only where they meet).  With
    every_gup, every file naming get_user_pages*() too."""
    def grep(rx):
        r = subprocess.run(['grep', '-rlE', '--include=*.[ch]', rx, subdir or '.'],
                           cwd=tree, capture_output=True, text=True)
        return {f[2:] if f.startswith('./') else f for f in r.stdout.split()}
    pins = grep(PIN_RE)
    gups = grep(CANDIDATE_RE) - pins
    dirs = {os.path.dirname(f) for f in pins}
    return sorted(pins | {f for f in gups if every_gup or os.path.dirname(f) in dirs})


def make_facts(tree, files, jobs, failed, group=8):
    """Run cocci/gup_facts.cocci over files; returns the fact records.

    The rule is match-only and keeps no state between files, so files go to
    spatch in groups (one start-up per group: about half the time of one
    spatch per file, the same records).  A group that fails is run again
    file by file; the files that fail alone are appended to failed."""
    sp = os.path.join(TOP, 'cocci', 'gup_facts.cocci')

    def spatch(fs):
        try:
            r = subprocess.run(['spatch', '--very-quiet', '--no-includes', '--include-headers',
                                '--timeout', '120', '-D', 'facts', '--sp-file', sp] + fs,
                               cwd=tree, capture_output=True, text=True, timeout=150 * len(fs))
        except subprocess.TimeoutExpired:
            return None
        if r.returncode:
            return None
        out = []
        for ln in r.stdout.splitlines():
            if ln.startswith('{'):
                try:
                    out.append(json.loads(ln))
                except ValueError:
                    pass
        return out

    def one_group(fs):
        recs = spatch(fs)
        if recs is not None:
            return recs
        recs = []
        for f in fs if len(fs) > 1 else []:
            r = spatch([f])
            if r is None:
                failed.append(f)
            else:
                recs += r
        if len(fs) == 1:
            failed.append(fs[0])
        return recs
    # large files first, dealt round-robin: the groups end together
    files = sorted(files, key=lambda f: -os.path.getsize(os.path.join(tree, f))
                   if os.path.exists(os.path.join(tree, f)) else 0)
    n = max(1, (len(files) + group - 1) // group)
    groups = [files[i::n] for i in range(n)]
    facts = []
    with concurrent.futures.ThreadPoolExecutor(max(1, jobs)) as ex:
        for recs in ex.map(one_group, groups):
            facts.extend(recs)
    return facts


# ---------------------------------------------------------------------------
# Expressions of the path checks

@functools.lru_cache(maxsize=None)
def calls_in(text):
    """((name, (args...), start, end), ...) of every call in text (nested
    ones too).  Cached: the path walk asks again for every path state that
    reaches a node."""
    out = []
    for m in re.finditer(r'([A-Za-z_]\w*)\(', text):
        if m.group(1) in cflow.KEYWORDS:
            continue
        i, depth = m.end() - 1, 0
        for j in range(i, len(text)):
            depth += text[j] in '([{'
            depth -= text[j] in ')]}'
            if depth == 0:
                break
        else:
            continue
        inner = text[i + 1:j]
        out.append((m.group(1), tuple(a.strip() for a in pageflow.split_args(inner)) if inner else (),
                    m.start(), j + 1))
    return tuple(out)


def strip_parens(e):
    e = e.strip()
    while e.startswith('(') and e.endswith(')') and pageflow.parens_balanced(e[1:-1]):
        e = e[1:-1].strip()
    return e


def split_top(e, op):
    out, depth, cur, i = [], 0, '', 0
    while i < len(e):
        ch = e[i]
        depth += ch in '([{'
        depth -= ch in ')]}'
        if depth == 0 and e.startswith(op, i):
            out.append(cur)
            cur = ''
            i += len(op)
            continue
        cur += ch
        i += 1
    out.append(cur)
    return out


def top_assign(text):
    """(lhs, rhs) of a top-level simple assignment, or None."""
    depth = 0
    for i, ch in enumerate(text):
        depth += ch in '([{'
        depth -= ch in ')]}'
        if ch == '=' and depth == 0 and text[i + 1:i + 2] != '=' and \
                (i == 0 or text[i - 1] not in '=!<>+-*/%&|^'):
            return text[:i], text[i + 1:]
    return None


def mentions(text, name):
    """Whether text names the expression name (a word or a field path)."""
    return bool(re.search(r'(?<![\w>.])%s(?![\w])' % re.escape(name), text))


POINT = {'NEG': -2, 'ZERO': 0, 'PART': 1, 'FULL': 3, 'REQ': 3}


class Cond:
    """Three-valued evaluation of a condition under one pin outcome."""

    def __init__(self, vals, unsigned, nr, consts=None, nonnull=()):
        self.vals, self.unsigned, self.nr = vals, unsigned, nr
        self.consts, self.nonnull = consts or {}, nonnull

    def point(self, e, other_tracked):
        e = pageflow.strip_cast(strip_parens(e))
        if e in self.consts:
            return self.consts[e]
        if e in self.vals:
            v = self.vals[e]
            if v == 'NEG' and e in self.unsigned:
                return 9          # an errno read as unsigned: larger than any count
            return POINT.get(v)
        if re.match(r'^\d+[uUlL]*$', e):
            k = int(re.match(r'\d+', e).group(0))
            if k == 0:
                return 0
            if self.nr == e:
                return 3
            return None if other_tracked in (1, 3) else 2
        if other_tracked is not None and e and not re.match(r'^-', e):
            return 3              # the other side of a comparison with the count: the request
        return None

    def tracked(self, e):
        e = pageflow.strip_cast(strip_parens(e))
        return e in self.vals or e in self.consts

    def eval(self, c):
        c = strip_parens(c)
        for op, anyv in (('||', True), ('&&', False)):
            parts = split_top(c, op)
            if len(parts) > 1:
                vs = [self.eval(p) for p in parts]
                if anyv in vs:
                    return anyv
                return None if None in vs else (not anyv)
        if c.startswith('!') and not c.startswith('!='):
            v = self.eval(c[1:])
            return None if v is None else not v
        m = re.match(r'^(?:unlikely|likely|WARN_ON_ONCE|WARN_ON)\((.*)\)$', c)
        if m and pageflow.parens_balanced(m.group(1)):
            return self.eval(m.group(1))
        if c in self.nonnull:
            return True         # pages a pin filled are not NULL
        m = re.match(r'^(\w+)(==|!=)NULL$', c)
        if m and m.group(1) in self.nonnull:
            return m.group(2) == '!='
        m = re.match(r'^IS_ERR_VALUE\((.*)\)$', c)
        if m and self.tracked(m.group(1)):
            return self.vals[pageflow.strip_cast(strip_parens(m.group(1)))] == 'NEG'
        for op in ('<=', '>=', '==', '!=', '<', '>'):
            parts = split_top(c, op)
            if len(parts) == 2 and '->' not in (parts[0][-1:] + op[:1]) and \
                    not (op in '<>' and ('<<' in c or '>>' in c or '->' in c and
                                         len(split_top(c.replace('->', '..'), op)) != 2)):
                a, b = parts
                ta, tb = self.tracked(a), self.tracked(b)
                if not ta and not tb:
                    return None
                pa = self.point(a, None) if ta else self.point(a, self.point(b, None))
                pb = self.point(b, None) if tb else self.point(b, pa)
                if pa is None or pb is None:
                    return None
                return {'<=': pa <= pb, '>=': pa >= pb, '==': pa == pb, '!=': pa != pb,
                        '<': pa < pb, '>': pa > pb}[op]
        if self.tracked(c):
            p = self.point(c, None)
            return None if p is None else p != 0
        return None


# ---------------------------------------------------------------------------

class Checker:
    def __init__(self, facts, tree, target=None):
        self.tree = tree
        self.S = pageflow.Solver(facts, target or pageflow.BUILTIN_61, src=tree)
        self.P, self.G = self.S.P, self.S.G
        self.findings = []
        # release summaries of helpers: fn name -> [release call facts]
        self.quiet = False
        self.visited = {}        # acquire key -> source lines its path checks reached
        self.fn_states = collections.Counter()   # (file, fn) -> path states walked
        self.unchecked = []      # pinning acquires whose paths were not (all) walked
        self._selected = {}      # release key -> selected()
        self._releases_at = {}   # (file, line, node text) -> releases_at()
        self.summ = collections.defaultdict(list)
        for c in self.P.by_kind['call']:
            if c['role'] == 'release':
                self.summ[(c['file'], c['fn'])].append(c)
        # pages added to a bio, and bio_release_pages() where it puts them
        self.bioadds = collections.defaultdict(list)     # page loc -> [(call, bio loc)]
        for name, i in BIO_ADDS.items():
            for c in self.P.calls_of.get(name, []):
                if len(c['args']) > i:
                    pl = self.P.loc(c['args'][i], c['file'], c['fn'])
                    bl = self.P.loc(c['args'][i - 1], c['file'], c['fn'])
                    if pl is not None and bl is not None:
                        self.bioadds[pl].append((c, bl))
        self.biorels = [c for c in self.P.calls_of.get('bio_release_pages', []) if c['args'] and
                        not self.bio_pin_aware(c['file'])] if self.bioadds else []

    # -- helpers -------------------------------------------------------------
    def src(self, f):
        return self.S.text(f)

    def cfg(self, f, fn):
        return self.S.cfg(f, fn)

    def add(self, kind, at, acq, msg, path):
        if self.quiet:
            return
        self.findings.append(dict(kind=kind, file=at['file'], line=at['line'], col=at.get('col', 0),
                                  fn=at.get('fn', ''), acquire='%s:%d' % (acq['file'], acq['line'])
                                  if acq else '', message=msg, path=path))

    def form(self, a):
        if a.get('iov'):
            return 'iov', {'pages': a['args'][IOV_ACQ[a['callee']]], 'flags': ''}
        api = GET_OF.get(a['callee'], a['callee'])
        return pageflow.pick_form(api, a['args'])

    def flow(self, a):
        """(releases, uses, parents, via, start) of acquire a, via the page-flow graph."""
        gen, m = self.form(a)
        if gen is None:
            return None
        start, alias = self.P.loc(m['pages'], a['file'], a['fn']), None
        if start is not None and a.get('iov') and start[0] == 'V':
            # iov_iter_extract_pages(iter, &pages, ..) fills the array pages
            # points to when it is not NULL: pages = req->pages, pages = &page
            before = [x for x in self.in_fn('assign', a['file'], a['fn'])
                      if x['lhs'] == start[3] and x['line'] <= a['line']]
            if before:
                x = max(before, key=lambda x: x['line'])
                l = self.P.loc(x['rhs'], a['file'], a['fn']) if not calls_in(x['rhs']) else None
                if l is not None and not pageflow.NULLISH.match(x['rhs']):
                    start, alias = l, x
        if start is None:
            return None
        parents, via = {}, {}
        reach = self.G.reach(start, parents, [], via)
        rels, uses, sgstep = [], [], {}
        sgrels = self.G.releases.get(('SGREL',), [])
        for l in sorted(reach):
            for r in self.G.releases.get(l, []):
                rels.append((r, l))
            uses += [(c, role, l) for c, role in self.G.uses.get(l, [])]
            # into an sg table (sg_set_page, sg_alloc_table_from_pages), then
            # put page by page from that table (for_each_sg*_page + sg_page)
            for c, sgl in self.G.sgwrites.get(l, []):
                if not sgrels:
                    continue
                sgl = self.sg_table_of(c, sgl)
                if sgl is None:
                    continue
                tables = self.G.reach(sgl)
                for r in sgrels:
                    rl = self.rel_sgloc(r)
                    # an sg field of an unknown structure, by name alone: same file only
                    if rl is None or r['file'] != a['file'] and \
                            '?' in (sgl[1] if sgl[0] == 'F' else '', rl[1] if rl[0] == 'F' else ''):
                        continue
                    if any(x in tables for x in self.G.same(rl)):
                        rels.append((r, l))
                        sgstep[(r['file'], r['line'], r['col'])] = c
            # into a bio (bio_add_page()), put by bio_release_pages() of that bio
            for c, bl in self.bioadds.get(l, []) if self.biorels else []:
                if self.bio_pin_aware(c['file']):
                    continue        # the builder flags its bio (bio_set_pin_mode())
                bpar = {}
                bios = self.G.reach(bl, bpar)
                for r in self.biorels:
                    x = self.P.loc(r['args'][0], r['file'], r['fn'])
                    if x in bios:
                        # a bio reached through a structure field (request,
                        # bio chains: kernel-wide) stays in the builder's file
                        y, fields = x, False
                        while y is not None and not fields:
                            fields, y = y[0] == 'F', bpar.get(y)
                        if fields and r['file'] != c['file']:
                            continue
                    elif not self.end_io_of(r, bios):
                        continue
                    rels.append((r, l))
                    sgstep[(r['file'], r['line'], r['col'])] = dict(c, _into='a bio')
        return dict(m=m, start=start, reach=reach, rels=rels, uses=uses, parents=parents, via=via,
                    sgstep=sgstep, alias=alias)

    def bio_pin_aware(self, f):
        """Whether bio_release_pages() can unpin in file f: the tree's bio
        has BIO_PAGE_PINNED (6.5+: it unpins a bio so flagged, and leaves
        any other alone), or the file flags its bios (BIO_PAGE_PINNED,
        pinconv's bio_set_pin_mode()).  Otherwise it put_page()s them."""
        if not hasattr(self, '_bio_aware'):
            try:
                with open(os.path.join(self.tree, 'include/linux/bio.h'), errors='replace') as fh:
                    self._bio_aware = 'BIO_PAGE_PINNED' in fh.read()
            except OSError:
                self._bio_aware = False
        return self._bio_aware or bool(re.search(r'\bBIO_PAGE_PINNED\b|\bbio_set_pin_mode\(',
                                                 self.src(f) or ''))

    def end_io_of(self, r, bios):
        """Whether release r runs in the completion of one of the bios: its
        function, releasing its own first parameter, is stored as the
        bi_end_io of a bio in bios."""
        d = self.P.resolve(r['fn'], r['file'])
        if d is None or not d['params'] or core(r['args'][0]) != d['params'][0][1]:
            return False
        for x in self.P.by_kind['assign']:
            if x['rhs'] == r['fn'] and x['lhs'].endswith('->bi_end_io') and \
                    self.P.loc(x['lhs'][:-len('->bi_end_io')], x['file'], x['fn']) in bios:
                return True
        return False

    def sg_table_of(self, c, sgl):
        """The table an sg write c fills: the list a for_each_sg() or
        for_each_sgtable_sg() walk steps its entry through (sg_set_page(sg,
        ..) in for_each_sg(sgt->sgl, sg, n, i) fills sgt), named the way a
        release through sg_page() of such a walk names it; else sgl."""
        x = self.walk_of(c, c['args'][0]) if c['args'] else None
        if x is not None:
            return self.P.loc(re.sub(r'(->|\.)sgl$', '', x['sg']), c['file'], c['fn'])
        return sgl

    def walk_of(self, c, e):
        """The innermost sg walk (iter fact) before call c whose entry is e."""
        e = core(e)
        ws = [x for x in self.in_fn('iter', c['file'], c['fn'])
              if core(x['it']) == e and x['line'] <= c['line']]
        return max(ws, key=lambda x: x['line']) if ws else None

    def rel_sgloc(self, r):
        """The table a release through sg_page()/sg_page_iter_page() takes
        its page from: the walk just before it (a function may walk two
        tables with one iterator variable), else pageflow's answer."""
        if '_sgloc' not in r:
            m = re.match(r'^(?:sg_page|sg_page_iter_page)\((.*)\)$', core(r['args'][0]))
            x = self.walk_of(r, m.group(1)) if m else None
            r['_sgloc'] = r.get('sgloc') if x is None else \
                self.P.loc(re.sub(r'(->|\.)sgl$', '', x['sg']), r['file'], r['fn'])
        return r['_sgloc']

    def steps(self, a, fl, l, last=None):
        """The evidence path: acquire, each flow step, last (a fact)."""
        chain = []
        while l is not None and len(chain) < 12:
            st = fl['via'].get(l)
            if st is not None:
                chain.append(dict(file=st['file'], line=st['line'], what='pages in %s' % fmt_loc(l)))
            l = fl['parents'].get(l)
        out = [dict(file=a['file'], line=a['line'], what='%s() into %s' % (
            a['callee'], fl['m']['pages']))]
        if fl.get('alias'):
            x = fl['alias']
            out.append(dict(file=x['file'], line=x['line'], what='%s = %s: the array it fills' % (
                x['lhs'], x['rhs'])))
        out += list(reversed(chain))
        if last is not None:
            c = fl.get('sgstep', {}).get((last['file'], last['line'], last.get('col')))
            if c is not None:
                out.append(dict(file=c['file'], line=c['line'], what='%s(%s): into %s' % (
                    c['callee'], ', '.join(c['args']), c.get('_into', 'an sg table'))))
            out.append(dict(file=last['file'], line=last['line'], what='%s(%s)' % (
                last['callee'], ', '.join(last['args']))))
        return out

    def disjoint(self, a, b):
        """True when facts a and b (acquires, a release) exist for no common kernel
        (#if LINUX_VERSION_CODE / pin-feature branches, scripts/verrange.py):
        a version ladder's pin and get never meet at a shared release."""
        try:
            ra = verrange.range_at(os.path.join(self.tree, a['file']), int(a['line']))
            rb = verrange.range_at(os.path.join(self.tree, b['file']), int(b['line']))
        except (verrange.VerrangeError, ValueError):
            return False
        return verrange.disjoint(ra, rb)

    def compat_put(self, a):
        """True when got acquire a is never compiled for the kernels the
        code must build on (PINCONV_MIN_KERNEL, convert's MIN_KERNEL=), or is
        compiled only for kernels before the pin API and its file includes
        pinconv's COMPAT=1 header, which makes unpin_user_page*() put_page()
        there."""
        path = os.path.join(self.tree, a['file'])
        mk = os.environ.get('PINCONV_MIN_KERNEL')
        try:
            if mk and not verrange.range_at(path, int(a['line']),
                                            min_kernel=verrange.parse_version(mk)).intervals():
                return True
            with open(path, errors='replace') as fh:
                if not re.search(r'^#\s*include\s+"pinconv_compat\.h"', fh.read(), re.M):
                    return False
            r = verrange.range_at(path, int(a['line']))
        except (OSError, verrange.VerrangeError, ValueError):
            return False
        return r.version_dependent() and \
            all(hi <= verrange.kv(5, 6) for _, hi in r.intervals())

    # -- (1) (4) (5): flow checks ----------------------------------------------
    def iov_acqs(self):
        """iov_iter_extract_pages()/iov_iter_pin_pages*() calls, as acquires
        of role 'iov' (their count is bytes: no path checks)."""
        return [dict(c, role='iov', iov=True) for name, i in sorted(IOV_ACQ.items())
                for c in self.P.calls_of.get(name, []) if len(c['args']) > i]

    def iov_refs(self, fl):
        """Whether the flow also takes a reference of its own on the pages
        (get_page() on the kernel-backed ones an extraction left bare):
        a put may then be for that reference."""
        return any(self.P.loc(c['args'][0], c['file'], c['fn']) in fl['reach']
                   for n in ('get_page', 'try_get_page', 'folio_get') for c in self.P.calls_of.get(n, [])
                   if c['args'])

    def other_writer(self, fl, l):
        """The fact storing pages from elsewhere (a location the flow does not
        reach) into a field or global on the flow's way to l, or None: the
        put at l may be for those pages (fuse's ap->pages holds page-cache
        pages and, for direct I/O, extracted ones)."""
        if not hasattr(self, '_rev'):
            self._rev = collections.defaultdict(list)
            for x, ys in self.G.edges.items():
                for y, fact, _ in ys:
                    self._rev[y].append((x, fact))
        x = l
        while x is not None:
            if x[0] in ('F', 'G'):
                for src, fact in self._rev.get(x, ()):
                    if src not in fl['reach']:
                        return fact
            x = fl['parents'].get(x)
        return None

    def iov_guarded(self, a, r):
        """Whether the code tells a user-backed iterator from the others
        around release r of the pages of iov acquire a: an if on
        iov_iter_extract_will_pin(), user_backed_iter(), iter_is_ubuf()...
        or a switch on iov_iter_type() in r's or a's function or a caller of
        either, or an if in r's function, before r, on a value assigned
        from such a test (dio->is_pinned = iov_iter_extract_will_pin(iter))."""
        if not hasattr(self, '_iov_names'):
            self._iov_names = set()
            for x in self.P.by_kind['assign']:
                if IOV_GUARD_RE.search(x['rhs']):
                    w = re.findall(r'\w+', x['lhs'])
                    if w:
                        self._iov_names.add(w[-1])
        for c in self.in_fn('cond', r['file'], r['fn']):
            if c['line'] <= r['line'] and (IOV_GUARD_RE.search(c['cond']) or any(
                    re.search(r'\b%s\b' % n, c['cond']) for n in self._iov_names)):
                return True
        fns = {(a['file'], a['fn']), (r['file'], r['fn'])}
        for f in (a['fn'], r['fn']):
            for c in self.S.callers.get(f, ()):
                for d in self.P.defs.get(c, [])[:3]:
                    fns.add((d['file'], c))
        for f, fn in sorted(fns):
            g = self.cfg(f, fn)
            if g is None or not g.nodes:
                continue
            if any(n['kind'] == 'cond' and IOV_GUARD_RE.search(n['text']) for n in g.nodes):
                return True
            lines = (self.src(f) or '').split('\n')[min(n['line'] for n in g.nodes) - 1:
                                                     max(n['last'] for n in g.nodes)]
            if re.search(r'\bcase\s+ITER_(UBUF|IOVEC)\b|\bswitch\s*\(\s*iov_iter_type\(',
                         '\n'.join(lines)):
                return True     # a switch on the iterator type (the cfg keeps no case labels)
        return False

    def flow_checks(self):
        owners = collections.defaultdict(lambda: {'pinned': [], 'acquire': [], 'iov': []})
        rels = {}
        flows = {}
        for a in self.S.acqs + self.iov_acqs():
            fl = self.flow(a)
            if fl is None:
                continue
            flows[id(a)] = fl
            fl['rels'] = [(r, l) for r, l in fl['rels'] if self.credible(a, fl, l, r)]
            for r, l in fl['rels']:
                if self.disjoint(a, r):
                    continue    # never compiled together (#if on the version)
                k = (r['file'], r['line'], r['col'])
                owners[k][a['role']].append((a, fl, l))
                rels[k] = r
        for k, r in sorted(rels.items()):
            o = owners[k]
            put, unpin = r['callee'] in PUTS, r['callee'] in UNPINS
            if (put or unpin) and o['pinned'] and o['acquire'] and \
                    not self.disjoint(o['pinned'][0][0], o['acquire'][0][0]):
                a, fl, l = (o['pinned'] if put else o['acquire'])[0]
                b = (o['acquire'] if put else o['pinned'])[0][0]
                self.add('mixed-release', r, a, '%s() in %s() releases pinned pages (%s() at %s) and '
                         'got pages (%s() at %s)' % (
                             r['callee'], r['fn'], o['pinned'][0][0]['callee'],
                             where(o['pinned'][0][0]), o['acquire'][0][0]['callee'],
                             where(o['acquire'][0][0])),
                         self.steps(a, fl, l, r) + [dict(file=b['file'], line=b['line'], what='%s() '
                                                         'also reaches it' % b['callee'])])
            elif put and o['pinned']:
                a, fl, l = o['pinned'][0]
                self.add('put-on-pinned', r, a, '%s() on pages pinned by %s() at %s: needs '
                         'unpin_user_page*()' % (r['callee'], a['callee'], where(a)),
                         self.steps(a, fl, l, r))
            elif unpin and o['acquire'] and not all(self.compat_put(a) for a, _, _ in o['acquire']):
                a, fl, l = o['acquire'][0]
                self.add('unpin-on-got', r, a, '%s() on pages got by %s() at %s (FOLL_GET): needs '
                         'put_page()' % (r['callee'], a['callee'], where(a)), self.steps(a, fl, l, r))
            elif put and o['iov'] and not o['acquire']:
                refd = [(a, fl, l) for a, fl, l in o['iov'] if not self.iov_refs(fl) and
                        self.other_writer(fl, l) is None]
                if refd:
                    a, fl, l = refd[0]
                    self.add('put-on-pinned', r, a, '%s() on pages taken by %s() at %s: pinned when the '
                             'iterator is user-backed, no reference otherwise: needs %s' % (
                                 r['callee'], a['callee'], where(a),
                                 'iov_iter_unpin_pages()' if a['callee'].startswith('iov_iter_pin')
                                 else 'unpin_user_page*() when iov_iter_extract_will_pin()'),
                             self.steps(a, fl, l, r))
            if unpin and o['iov']:
                bare = [(a, fl, l) for a, fl, l in o['iov'] if not self.iov_guarded(a, r)]
                if bare:
                    a, fl, l = bare[0]
                    self.add('unpin-not-pinned', r, a, '%s() on pages taken by %s() at %s, which pins '
                             'only the pages of a user-backed iterator, and nothing here asks '
                             'iov_iter_extract_will_pin(): %s' % (
                                 r['callee'], a['callee'], where(a),
                                 'needs iov_iter_unpin_pages()' if a['callee'].startswith('iov_iter_pin')
                                 else 'unpin only when iov_iter_extract_will_pin() said so'),
                             self.steps(a, fl, l, r))
        for a in self.S.acqs:
            fl = flows.get(id(a))
            if fl is None or a['role'] != 'pinned':
                continue
            self.longterm_check(a, fl)
            self.dirty_check(a, fl)

    def credible(self, a, fl, l, r):
        """Whether the flow from acquire a to release r is evidence: a field of
        an unknown structure matched by name alone does not cross files, and
        the first step lies on the pin's own paths (on_path)."""
        if not self.fields_ok(a, fl, l, r['file']) or not self.bvec_ok(fl, l, r):
            return False
        if self.selected(r):
            return False
        if self.step_disjoint(a, fl, l):
            return False
        return self.on_path(a, fl, l, r)

    def step_disjoint(self, a, fl, l):
        """Whether a step of the flow from acquire a to l is compiled for no
        kernel a is (the get of a version ladder's < 5.6 branch flows through
        `ub->pages = pages` of the other branch only in the flow-insensitive
        graph)."""
        x, n = l, 0
        while x is not None and n < 20:
            f = fl['via'].get(x)
            if f is not None and f.get('file') and f.get('line') and self.disjoint(a, f):
                return True
            x, n = fl['parents'].get(x), n + 1
        return False

    def fields_ok(self, a, fl, l, f):
        """Whether the flow from acquire a to location l may end in file f: a
        field matched by name alone stays in a's file, and a structure field
        shared kernel-wide (bio_vec, scatterlist...) does not carry one
        driver's pages into another subsystem."""
        chain = self.chain_locs(fl, l) + [fl['start']]
        if any(x[0] == 'F' and x[1] == '?' for x in chain) and f != a['file']:
            return False
        return not (any(x[0] == 'F' for x in chain) and subsystem(f) != subsystem(a['file']))

    def bvec_ok(self, fl, l, r):
        """Whether every pass of the flow through a bio_vec's bv_page (one
        location for every bio_vec of the kernel) leaves from the bio_vec
        array it entered: bvec_set_page(&io->bvec[i], ..) ...
        put_page(io->bvec[i].bv_page) is the same array; pages a bio took
        (bio->bi_io_vec) and a walk freeing another bio's bounce pages
        (bvec->bv_page) are not."""
        seq, x = [], l
        while x is not None and len(seq) < 20:
            seq.append(x)
            x = fl['parents'].get(x)
        seq.reverse()
        for k, x in enumerate(seq):
            if x != BV_PAGE:
                continue
            into = self.bv_container(fl['via'].get(x))
            out = self.bv_container(fl['via'].get(seq[k + 1]) if k + 1 < len(seq) else r)
            if into is None or into != out:
                return False
        return True

    def bv_container(self, fact):
        """The location of the bio_vec array a fact stores to or loads from
        bv_page (io->bvec of io->bvec[i].bv_page), or None."""
        if fact is None:
            return None
        if fact.get('kind') == 'call' and fact['callee'] == 'bvec_set_page' and fact['args']:
            return self.P.loc(fact['args'][0], fact['file'], fact['fn'])
        texts = [fact['lhs'], fact['rhs']] if fact.get('kind') == 'assign' else \
            fact.get('args') or [fact.get('expr', '')]
        for t in texts:
            m = re.match(r'^(.*?)(\.|->)bv_page$', core(t))
            if m:
                return self.P.loc(m.group(1), fact['file'], fact['fn'])
        return None

    def selected(self, r):
        """Whether release r sits in one branch of an if whose other branch
        releases the same pages the other way (if (put) unpin_user_page(p);
        else __free_page(p)): the function serves both kinds of pages and
        the caller chooses.  Cached: it depends on r alone, and every flow
        that reaches r asks."""
        k = (r['file'], r['line'], r['col'], r['callee'])
        if k not in self._selected:
            self._selected[k] = self._selected_at(r)
        return self._selected[k]

    def _selected_at(self, r):
        g = self.cfg(r['file'], r['fn'])
        if g is None:
            return False
        kind = r['callee'] in UNPINS
        pg = core(r['args'][0]) if r['args'] else None
        rn = [i for i, n in enumerate(g.nodes) if n['line'] <= r['line'] <= n['last'] and
              r['callee'] + '(' in n['text']]
        if not rn or pg is None:
            return False

        def reach(x):
            return g.reachable_cached(x, 500)
        for n in g.nodes:
            if n['kind'] != 'cond' or len(n['succ']) != 2 or None in n['succ']:
                continue
            t, f = reach(n['succ'][0]), reach(n['succ'][1])
            for mine, other in ((t - f, f - t), (f - t, t - f)):
                if rn[0] not in mine:
                    continue
                for i in other:
                    for name, args, _, _ in calls_in(g.nodes[i]['text']):
                        if (name in UNPINS or name in PUTS) and (name in UNPINS) != kind and \
                                args and core(args[0]) == pg:
                            return True
        return False

    def on_path(self, a, fl, l, r):
        """False when the first step of the flow from acquire a to release r
        is in a's own function on a line its path checks never reach (the
        branch of the other kind of pages, e.g. if (flags & USER) pin else get)."""
        vis = self.visited.get((a['file'], a['line'], a['col']))
        if not vis:
            return True
        facts, x = [], l
        while x is not None and len(facts) < 20:
            if fl['via'].get(x) is not None:
                facts.append(fl['via'][x])
            x = fl['parents'].get(x)
        first = facts[-1] if facts else r
        if first['file'] == a['file'] and first.get('fn') == a['fn'] and first['line'] > a['line']:
            return first['line'] in vis
        return True

    def chain_locs(self, fl, l):
        """The locations from l back to the start; a structure field reached
        by its name only (the store's own location has no known structure)
        is given as ('F', '?', name)."""
        out = []
        while l is not None and len(out) < 20:
            st = fl['via'].get(l)
            if l[0] == 'F' and st is not None and st.get('kind') == 'assign' and \
                    self.P.loc(st['lhs'], st['file'], st['fn']) != l:
                out.append(('F', '?', l[2]))
            out.append(l)
            l = fl['parents'].get(l)
        return out

    def longterm_check(self, a, fl):
        flags = fl['m'].get('flags', '')
        if 'FOLL_LONGTERM' in flags or not fl['rels']:
            return
        # a function that pins into the same place itself releases on its own
        # error path: not where kept pages end
        pinners = {x['fn'] for x in self.S.acqs}
        rel_fns = {r['fn'] for r, _ in fl['rels'] if r['fn'] == a['fn'] or r['fn'] not in pinners}
        others = sorted(rel_fns - {a['fn']})
        fields = [l for l in fl['reach'] if l[0] in ('F', 'G')]
        if not others or not fields:
            return
        if all(f in self.down(a['fn']) for f in others):
            return      # every release runs inside the pinning call
        if all(self.same_call(a['fn'], f) for f in others):
            return      # a caller pins and then releases within one call
        own = {x for c in self.P.by_kind['call'] if (c['file'], c['fn']) == (a['file'], a['fn'])
               for x in c['args']}
        if any(f in own for f in others):
            return      # the release is the destructor the pinning call hands on (kref_put(.., f))
        lt, why = self.S.longterm(dict(function=a['fn']), dict(reach=fl['reach']), rel_fns)
        if not lt:
            # a release entry point the pinning call never reaches, not an I/O
            # completion, and the object is not handed to a submit/queue call
            reach_up = self.up(a['fn'])
            sub = [c for c in self.P.by_kind['call'] if (c['file'], c['fn']) == (a['file'], a['fn'])
                   and re.search(r'(submit|queue|start|kick|send|xmit|issue|post)', c['callee'])]
            lone = [f for f in others if f not in self.down(a['fn']) and
                    not (self.up(f) & reach_up) and
                    not any(pageflow.COMPLETION_RE.search(x) for x in self.up(f))]
            if sub or not lone:
                return
            why = 'kept in %s until %s() (an entry point %s() never calls) releases them' % (
                ', '.join(sorted({fmt_loc(l) for l in fields})), lone[0], a['fn'])
        r = next(r for r, l in fl['rels'] if r['fn'] in others)
        l = next(l for rr, l in fl['rels'] if rr is r)
        self.add('missing-longterm', a, a, '%s() without FOLL_LONGTERM (flags %s): %s' % (
            a['callee'], flags, why), self.steps(a, fl, l, r))

    def same_call(self, pin_fn, rel_fn):
        """Whether some function calls towards pin_fn and then, on every path of
        its own body that does not return an error code, towards rel_fn (setup
        ... wait ... unmap in one syscall)."""
        pu, ru = self.up(pin_fn), self.up(rel_fn)
        for c in sorted((pu & ru) - {pin_fn, rel_fn}):
            for d in self.P.defs.get(c, [])[:1]:
                g = self.cfg(d['file'], c)
                if g is None:
                    continue
                ps = [i for i, n in enumerate(g.nodes) if any(x[0] in pu and x[0] != c
                                                             for x in calls_in(n['text']))]
                rs = {i for i, n in enumerate(g.nodes) if any(x[0] in ru and x[0] != c
                                                             for x in calls_in(n['text']))}
                for p in ps:
                    # every way out after the pinning call passes the release,
                    # except returns of an error code (-E...) and the failure
                    # branch of if ((rc = setup(..)) != 0)
                    succ = list(g.nodes[p]['succ'])
                    if g.nodes[p]['kind'] == 'cond' and re.match(
                            r'^\(?(\w+=)?(%s)\(.*\)\)?(!=0|<0)?$' % '|'.join(map(re.escape, pu)),
                            g.nodes[p]['text']):
                        succ = succ[1:]     # the true branch is the call's failure
                    seen, todo, ok = set(), succ, bool(rs)
                    while todo and ok:
                        i = todo.pop()
                        if i is None or i in seen or i in rs:
                            continue
                        seen.add(i)
                        n = g.nodes[i]
                        if n['kind'] == 'end' or n['kind'] == 'ret' and not n['text'].startswith('-'):
                            ok = False
                        todo += n['succ']
                    if ok:
                        return True
        return False

    def up(self, fn, depth=4):
        seen, todo = {fn}, [fn]
        for _ in range(depth):
            todo = [c for f in todo for c in self.S.callers.get(f, ()) if c not in seen]
            seen.update(todo)
        return seen

    def down(self, fn, depth=4):
        calls = self.__dict__.get('_callees')
        if calls is None:
            calls = self._callees = collections.defaultdict(set)
            for c in self.P.by_kind['call']:
                calls[c['fn']].add(c['callee'])
        seen, todo = {fn}, [fn]
        for _ in range(depth):
            todo = [c for f in todo for c in calls.get(f, ()) if c not in seen]
            seen.update(todo)
        return seen

    def in_fn(self, kind, f, fn):
        """The facts of one kind in function fn of file f."""
        byfn = self.__dict__.setdefault('_byfn', {})
        if kind not in byfn:
            byfn[kind] = collections.defaultdict(list)
            for x in self.P.by_kind[kind]:
                byfn[kind][(x['file'], x['fn'])].append(x)
        return byfn[kind].get((f, fn), [])

    def writes(self, a, fl):
        """[(fact, what)]: where the pages' data is written: a DMA mapping
        from the device, a call that writes a page (memcpy_to_page(),
        zero_user()...), or a CPU store through the address a kmap*(),
        page_address() or vmap() of the pages returned (memcpy(),
        copy_from_user()... into it, or an assignment through it).  A read
        through the mapping (memcpy() out of it, copy_to_user()) is none."""
        out = []
        for c, role, l in fl['uses']:
            if role == 'dma' and re.search(r'DMA_FROM_DEVICE|DMA_BIDIRECTIONAL|PCI_DMA_FROMDEVICE|'
                                           r'PCI_DMA_BIDIRECTIONAL', ' '.join(c['args'])):
                out.append((c, '%s(%s)' % (c['callee'], ', '.join(c['args'])), l))
        for name in sorted(PAGE_STORES):
            for c in self.P.calls_of.get(name, []):
                l = self.P.loc(c['args'][0], c['file'], c['fn']) if c['args'] else None
                if l in fl['reach']:
                    out.append((c, '%s(%s)' % (c['callee'], ', '.join(c['args'])), l))
        for c, role, l in fl['uses']:
            if c['callee'] not in MAPS:
                continue
            for x in self.in_fn('assign', c['file'], c['fn']):
                if x['line'] != c['line'] or \
                        not re.match(r'^(\([^()]*\))?%s\(' % c['callee'], x['rhs']):
                    continue
                addr = self.P.loc(x['lhs'], x['file'], x['fn'])
                if addr is None or addr[0] not in ('V', 'F') or addr in fl['reach'] and \
                        c['callee'] != 'page_address':
                    continue
                out += [w + (l,) for w in self.stores_through(x, addr, c)]
        # into an sg table (sg_alloc_table_from_pages(), sg_set_page()) that
        # is then mapped from the device: dma_map_sg*()/dma_map_sgtable() of
        # that table (its ->sgl or the table itself)
        for l in sorted(fl['reach']):
            for c, sgl in self.G.sgwrites.get(l, []):
                t = self.sg_table_of(c, sgl)
                if t is None:
                    continue
                tables = self.G.reach(t)
                for d in self.sg_dma_maps():
                    dl = self.P.loc(re.sub(r'(->|\.)sgl$', '', core(d['args'][1])), d['file'], d['fn'])
                    if dl is None or d['file'] != c['file'] and \
                            '?' in (t[1] if t[0] == 'F' else '', dl[1] if dl[0] == 'F' else ''):
                        continue    # an sg field of an unknown structure: same file only
                    if any(x in tables for x in self.G.same(dl)) and re.search(
                            r'DMA_FROM_DEVICE|DMA_BIDIRECTIONAL|PCI_DMA_FROMDEVICE|'
                            r'PCI_DMA_BIDIRECTIONAL', ' '.join(d['args'][2:])):
                        out.append((d, '%s(%s) of the sg table %s() filled at %s' % (
                            d['callee'], ', '.join(d['args']), c['callee'], where(c)), l))
        # the same field rules as for a release (a bio_vec of block/ is not
        # written for io_uring's pages)
        out = [(w, what) for w, what, l in out if self.fields_ok(a, fl, l, w['file']) and
               self.bvec_ok(fl, l, dict(w, kind='call') if w['callee'] != '=' else w)]
        return sorted(out, key=lambda w: (w[0]['file'], w[0]['line']))

    def sg_dma_maps(self):
        """The DMA mappings of an sg list (dma_map_sg*(), dma_map_sgtable(),
        ib_dma_map_sg(), pci_map_sg()): the list or table is argument 1."""
        if not hasattr(self, '_sg_dma_maps'):
            self._sg_dma_maps = [c for n in ('dma_map_sg', 'dma_map_sg_attrs', 'dma_map_sgtable',
                                             'ib_dma_map_sg', 'pci_map_sg')
                                 for c in self.P.calls_of.get(n, []) if len(c['args']) > 2]
        return self._sg_dma_maps

    def stores_through(self, x, addr, mc):
        """Stores through the mapped address addr (assigned by x from map call
        mc): in the same function for a local, in the same file for a field."""
        if addr[0] == 'V':
            fns = [(x['file'], x['fn'])]
        else:
            fns = sorted({(d['file'], d['name']) for ds in self.P.defs.values() for d in ds
                          if d['file'] == x['file']})
        mapped = '%s = %s(%s) at %s' % (x['lhs'], mc['callee'], ', '.join(mc['args']), where(mc))
        out = []
        for f, fn in fns:
            for c in self.in_fn('call', f, fn):
                i = STORE_CALLS.get(c['callee'])
                if i is None or i >= len(c['args']) or (f, fn) == (x['file'], x['fn']) and \
                        c['line'] < x['line']:
                    continue
                if self.P.loc(c['args'][i], f, fn) == addr:
                    out.append((c, '%s(%s): a store through %s' % (
                        c['callee'], ', '.join(c['args']), mapped)))
            for y in self.in_fn('assign', f, fn):
                if y is x or (f, fn) == (x['file'], x['fn']) and y['line'] < x['line']:
                    continue
                lhs = y['lhs']
                if core(lhs) == lhs or not re.match(r'^(\*|\(|[\w>.\-]+\[)', lhs):
                    continue        # the pointer itself, not the memory it points to
                if self.P.loc(lhs, f, fn) == addr:
                    out.append((dict(y, callee='='), '%s = %s: a store through %s' % (
                        lhs, y['rhs'], mapped)))
        return out

    def dirty_check(self, a, fl):
        flags = fl['m'].get('flags', '')
        # a literal 1 as gup_flags (an old int write left in place) is
        # FOLL_WRITE (0x01 in every kernel), as pageflow.new_flags() reads it
        if 'FOLL_WRITE' not in flags and \
                not any(t in ('1', 'true') for t in pageflow.split_or(flags)):
            return
        writes = self.writes(a, fl)
        if not writes or any(role == 'dirty' for _, role, _ in fl['uses']):
            return
        w, wwhat = writes[0]
        # where the write happens in the pinning function: its own line, or
        # the call that leads to the function writing
        wline = w['line'] if w['fn'] == a['fn'] and w['file'] == a['file'] else None
        if wline is None:
            for c in self.in_fn('call', a['file'], a['fn']):
                if c['line'] > a['line'] and w['fn'] in self.down(c['callee']) and \
                        (wline is None or c['line'] < wline):
                    wline = c['line']
        g = self.cfg(a['file'], a['fn'])
        span = (min(n['line'] for n in g.nodes), max(n['last'] for n in g.nodes)) \
            if g is not None and g.nodes else (a['line'], a['line'])
        bad = []
        for r, l in fl['rels']:
            if r['callee'] in DIRTYING and not (r['callee'] == 'unpin_user_pages_dirty_lock' and
                                                len(r['args']) > 2 and r['args'][2] in ('false', '0')):
                return
            if r['callee'] not in UNPINS and r['callee'] not in PUTS:
                return
            st = self.steps(a, fl, l, r)
            if wline is not None and (
                    any(p['file'] == a['file'] and a['fn'] == r['fn'] and p['line'] < wline
                        for p in st[-1:]) or
                    any(p['file'] == a['file'] and a['line'] < p['line'] < wline and
                        p['line'] <= span[1] for p in st[1:-1])):
                continue        # an error path before the data is written
            bad.append((r, l))
        if bad:
            if wline is None:
                # written after the pinning function returned: name a release
                # outside it, not one of its error paths
                bad.sort(key=lambda x: (x[0]['file'], x[0]['fn']) == (a['file'], a['fn']))
            r, l = bad[0]
            self.add('missing-dirty', r, a, 'pages pinned FOLL_WRITE by %s() at %s are written by %s '
                     'at %s and released by %s() without dirtying' % (
                         a['callee'], where(a), w['callee'] + '()' if w['callee'] != '=' else
                         'a store', where(w), r['callee']),
                     self.steps(a, fl, l, r)[:-1] + [dict(file=w['file'], line=w['line'], what=wwhat)] +
                     [dict(file=r['file'], line=r['line'], what=r['callee'] + '()')])

    # -- (2) (3) (6): path checks ----------------------------------------------
    def releases_at(self, node, fn_file):
        """[(callee, pages, count, line, via)] of the releases a node's text runs,
        helpers' releases mapped to the caller's arguments.  Cached per
        node (text and line) and file: the helpers' summaries are fixed."""
        key = (fn_file, node['line'], node['text'])
        if key not in self._releases_at:
            self._releases_at[key] = self._releases_at_uncached(node, fn_file)
        return self._releases_at[key]

    def _releases_at_uncached(self, node, fn_file):
        out = []
        for name, args, _, _ in calls_in(node['text']):
            if name in PUTS or name in UNPINS:
                if args:
                    cnt = args[COUNTED[name]] if name in COUNTED and len(args) > 1 else None
                    out.append((name, args[0], cnt, node['line'], None))
                continue
            d = self.P.resolve(name, fn_file)
            if d is None or not self.summ.get((d['file'], d['name'])):
                continue
            params = [p[1] for p in d['params']]
            sub = {p: args[i] for i, p in enumerate(params) if p and i < len(args)}

            def tr(e):
                return re.sub(r'(?<![\w>.])(%s)\b' % '|'.join(map(re.escape, sub)),
                              lambda m: sub[m.group(1)], e) if sub and e else e
            def rooted(e):
                # every name of e is a parameter (or a constant): it means the
                # same thing in the caller once the arguments replace them
                names = [w for w in re.findall(r'(?<![\w>.])([A-Za-z_]\w*)\b(?!\()', e)
                         if not re.match(r'^[A-Z_][A-Z0-9_]*$', w)]
                return bool(names) and all(w in sub for w in names)
            for r in self.summ[(d['file'], d['name'])]:
                if not r['args'] or not rooted(core(r['args'][0])):
                    continue
                cnt = r['args'][COUNTED[r['callee']]] if r['callee'] in COUNTED and \
                    len(r['args']) > 1 else None
                if cnt and not rooted(cnt):
                    cnt = None
                out.append((r['callee'], tr(r['args'][0]), tr(cnt), node['line'],
                            '%s() at %s:%d' % (d['name'], r['file'], r['line'])))
        return out

    def path_checks(self):
        for a in self.S.acqs:
            # FOLL_GET acquires are walked too, quietly: the lines their
            # paths reach keep the flow checks to consistent branches
            self.quiet = a['role'] != 'pinned'
            g = self.cfg(a['file'], a['fn'])
            if g is None:
                continue
            gen, m = self.form(a)
            if gen is None:
                continue
            self.explore_pin(a, g, m)
        self.quiet = False
        seen = set()
        for c in self.P.by_kind['call']:
            if c['callee'] in COUNTED and (c['file'], c['fn']) not in seen:
                seen.add((c['file'], c['fn']))
                g = self.cfg(c['file'], c['fn'])
                if g is not None:
                    self.explore_uninit(c, g)

    def pin_node(self, g, a):
        for i, n in enumerate(g.nodes):
            if n['line'] <= a['line'] <= n['last'] and a['callee'] + '(' in n['text']:
                return i
        return None

    def explore_pin(self, a, g, m):
        n0 = self.pin_node(g, a)
        if n0 is None:
            return
        if self.fn_states[(a['file'], a['fn'])] >= FN_BUDGET:
            self.not_checked(a)
            return
        node = g.nodes[n0]
        call = next((c for c in calls_in(node['text']) if c[0] == a['callee']), None)
        if call is None:
            return
        text = node['text'][:call[2]] + '__pin' + node['text'][call[3]:]
        cv = '__pin'
        mm = re.search(r'([\w>.\-\[\]]+?)=__pin\b', text)
        if mm and not text[mm.start(1) - 1:mm.start(1)] in ('=', '!', '<', '>'):
            cv = mm.group(1)
            text = text.replace(mm.group(0), cv)
        nr = m.get('nr', '')
        t = self.P.etype(cv, a['file'], a['fn']) or ''
        unsigned = {cv} if UNSIGNED_RE.search(t) else set()
        pages = core(m['pages'])
        base = re.match(r'^(\w+)(->|\.)', pages)
        pinned_field = base.group(1) if base else None
        locs = self.P.decls.get((a['file'], a['fn']), {})
        is_global = pages not in locs and not base
        guards = self.guards(g, n0)
        # the array the pages go into may be a window of another one
        # (pages = pvec + pinned): both names hold the pinned pages
        pset = {pages}
        for x in self.P.by_kind['assign']:
            if (x['file'], x['fn']) == (a['file'], a['fn']) and x['lhs'] == pages and \
                    x['line'] <= a['line'] and not calls_in(x['rhs']):
                l = self.P.loc(x['rhs'], a['file'], a['fn'])
                if l is not None and l[0] in ('V', 'F'):
                    pset.add(core(x['rhs']))
        self.visited[(a['file'], a['line'], a['col'])] = set()
        outs = ['PART', 'NEG', 'ZERO', 'FULL'] if nr != '1' else ['NEG', 'ZERO', 'FULL']
        for o in outs:
            vals = {cv: o}
            # pages pinned straight into a structure are stored there
            # pages pinned into *out, an array the caller passed, are the caller's
            st = dict(vals=vals, pages=set(pset), rel=None,
                      esc=is_global or bool(base) or m['pages'].startswith('*'), ovw=set(),
                      known=dict(guards), consts={}, maybe=False)
            trail = [(a['line'], '%s() = %s' % (a['callee'], {'NEG': 'an errno', 'ZERO': '0',
                                                               'PART': 'fewer pages than asked',
                                                               'FULL': 'every page'}[o]))]
            if node['kind'] == 'cond':
                v = Cond(vals, unsigned, nr).eval(text)
                succ = [node['succ'][0]] if v is True else [node['succ'][1]] if v is False \
                    else node['succ']
            else:
                succ = node['succ']
            self.run(a, g, n0, succ, st, trail, o, unsigned, nr, locs, pinned_field)

    def branch_releases(self, a, g, start, other, pages):
        """Whether the nodes only reachable from start (not from other) release
        pages, the two branches joining again: a release inside an if whose
        condition the checker cannot decide (if (pages) unpin...)."""
        def reach(x):
            return g.reachable_cached(x, 400)
        rs, ro = reach(start), reach(other)
        if not rs & ro:
            return False        # the path leaves (returns) on its own: no join
        for i in rs - ro:
            for _, pg, _, _, _ in self.releases_at(g.nodes[i], a['file']):
                if core(pg) in pages:
                    return True
        return False

    @staticmethod
    def guards(g, target):
        """{condition text: bool} every path from the entry to node target
        passes with that outcome (the branches the pin sits in).  Each walk
        of a condition (from the entry, and from each branch, not through
        it) is made once per function, not once per pin."""
        walks = g.guard_walks

        def reach(c, k):
            if (c, k) not in walks:
                walks[(c, k)] = g.reachable([0] if k is None else [g.nodes[c]['succ'][k]], c)
            return walks[(c, k)]
        out = {}
        for c, n in enumerate(g.nodes):
            if n['kind'] != 'cond' or n['text'] == '?' or len(n['succ']) != 2 or c == target:
                continue
            if target in reach(c, None):
                continue        # the pin is reached without this condition
            t, f = target in reach(c, 0), target in reach(c, 1)
            if t != f:
                out[n['text']] = t
        return out

    def not_checked(self, a):
        """Acquire a's paths were not all walked (FN_BUDGET): named in the
        report, and its flows are not limited to the lines it reached."""
        self.visited.pop((a['file'], a['line'], a['col']), None)
        if not self.quiet and (a['file'], a['line'], a['fn']) not in \
                {(u['file'], u['line'], u['fn']) for u in self.unchecked}:
            self.unchecked.append(dict(file=a['file'], line=a['line'], fn=a['fn'],
                                       acquire=a['callee']))

    def run(self, a, g, n0, succ, st0, trail0, o, unsigned, nr, locs, pfield):
        fk = (a['file'], a['fn'])
        if self.fn_states[fk] >= FN_BUDGET:
            self.not_checked(a)
            return
        seen = set()
        visited = self.visited[(a['file'], a['line'], a['col'])]
        todo = [(s, st0, trail0) for s in succ]
        reported = set()
        while todo and len(seen) < MAX_STATES:
            if self.fn_states[fk] >= FN_BUDGET:
                self.not_checked(a)
                return
            i, st, trail = todo.pop()
            key = (i, frozenset(st['vals'].items()), frozenset(st['pages']), st['rel'], st['esc'],
                   frozenset(st['ovw']), frozenset(st['known'].items()),
                   frozenset(st['consts'].items()), st['maybe'])
            if key in seen or i == n0:
                continue
            seen.add(key)
            self.fn_states[fk] += 1
            n = g.nodes[i]
            visited.update(range(n['line'], n['last'] + 1))
            txt = n['text']
            if n['kind'] == 'cond':
                if txt != '?':
                    st = dict(st, vals=dict(st['vals']), pages=set(st['pages']), ovw=set(st['ovw']),
                      known=dict(st['known']), consts=dict(st['consts']))
                    self.transfer(a, n, st, trail, o, locs, pfield, nr, reported)
                    trail = trail + st.pop('_ev', [])
                v = Cond(st['vals'], unsigned, nr, st['consts'],
                         st['pages'] if o in ('PART', 'FULL') else ()).eval(txt) if txt != '?' else None
                if v is None and txt in st['known']:
                    v = st['known'][txt]
                    trail = trail + [(n['line'], 'if (%s) %s as before' % (
                        txt, 'taken' if v else 'not taken'))]
                if v is None and txt != '?':
                    # a condition seen once decides the same way later on the path;
                    # a branch it cannot decide that skips a release of the pages
                    # makes a leak on that path unproven
                    for d in (False, True):
                        nxt = n['succ'][not d]
                        if nxt is not None:
                            other = n['succ'][d]
                            mb = st['maybe'] or (other is not None and
                                                 self.branch_releases(a, g, other, nxt, st['pages']))
                            todo.append((nxt, dict(st, known=dict(st['known'], **{txt: d}), maybe=mb),
                                         trail))
                    continue
                if v is not True:
                    todo.append((n['succ'][1], st, trail + [(n['line'], 'if (%s) not taken' % txt)]
                                 if v is False else trail))
                if v is not False and n['succ'][0] is not None:
                    todo.append((n['succ'][0], st, trail + [(n['line'], 'if (%s)' % txt)]
                                 if v is True or re.search(r'goto|return', g.nodes[n['succ'][0]]['text'])
                                 else trail))
                continue
            if n['kind'] == 'nop':
                if txt.startswith('goto ') or txt.endswith(':') and txt != 'case':
                    trail = trail + [(n['line'], txt)]
                for s in n['succ']:
                    todo.append((s, st, trail))
                continue
            st = dict(st, vals=dict(st['vals']), pages=set(st['pages']), ovw=set(st['ovw']),
                      known=dict(st['known']), consts=dict(st['consts']))
            if n['kind'] in ('stmt', 'ret'):
                self.transfer(a, n, st, trail, o, locs, pfield, nr, reported)
            if n['kind'] in ('ret', 'end'):
                if n['kind'] == 'ret' and (any(mentions(txt, p) for p in st['pages']) or
                                           any(strip_parens(txt) == v for v in st['vals'])):
                    st['esc'] = True
                if o in ('PART', 'FULL') and st['rel'] is None and not st['esc'] and not st['maybe'] and \
                        ('leak', n['line']) not in reported:
                    reported.add(('leak', n['line']))
                    self.add('leak', dict(file=a['file'], line=n['line'], fn=a['fn']), a,
                             'return after %s pinned %s: the pages are neither released nor stored' % (
                                 a['callee'], 'every page' if o == 'FULL' else 'only part of the pages'),
                             self.trail(a, trail + [(n['line'], 'return %s' % txt)]))
                continue
            trail2 = trail
            if st.get('_ev'):
                trail2 = trail + st.pop('_ev')
            for s in n['succ']:
                todo.append((s, st, trail2))

    def trail(self, a, tr):
        return [dict(file=a['file'], line=l, what=w) for l, w in tr]

    def transfer(self, a, n, st, trail, o, locs, pfield, nr, reported):
        txt = n['text']
        ev = []
        for callee, pg, cnt, line, via in self.releases_at(n, a['file']):
            if core(pg) not in st['pages']:
                continue
            what = '%s(%s%s)%s' % (callee, pg, ', ' + cnt if cnt else '', ' in ' + via if via else '')
            if cnt:
                cv = pageflow.strip_cast(strip_parens(cnt))
                val = st['vals'].get(cv)
                if val == 'NEG' and ('count-negative', line) not in reported:
                    reported.add(('count-negative', line))
                    self.add('count-negative', dict(file=a['file'], line=line, fn=a['fn']), a,
                             '%s reaches %s() holding the errno of %s()%s' % (
                                 cnt, callee, a['callee'], ' (unsigned: > 0 holds for an errno)'
                                 if any(u in st['vals'] for u in [cv]) and cv in self._unsigned(a, cv)
                                 else ''), self.trail(a, trail + [(line, what)]))
                elif val == 'REQ' and cv in st['ovw'] and o in ('NEG', 'ZERO', 'PART') and \
                        ('count-overwritten', line) not in reported:
                    reported.add(('count-overwritten', line))
                    self.add('count-overwritten', dict(file=a['file'], line=line, fn=a['fn']), a,
                             '%s held the count %s() pinned, then was set to the requested %s: '
                             '%s() releases pages that were never pinned' % (
                                 cnt, a['callee'], nr, callee), self.trail(a, trail + [(line, what)]))
            whole = core(pg) == pageflow.strip_cast(strip_parens(pg)) and \
                (callee in COUNTED or callee == 'unpin_user_pages_dirty_lock' or
                 not self.P.etype(pg, a['file'], a['fn']) or '**' not in
                 (self.P.etype(pg, a['file'], a['fn']) or ''))
            if st['rel'] is not None and st['rel'][0] != n['line'] and whole and st['rel'][2] and \
                    ('double-release', line) not in reported and not st['esc']:
                reported.add(('double-release', line))
                self.add('double-release', dict(file=a['file'], line=line, fn=a['fn']), a,
                         'the pages %s pinned are released again (first at line %d)' % (
                             a['callee'], st['rel'][0]), self.trail(a, trail + [(line, what)]))
            if st['rel'] is None or st['rel'][0] != n['line']:
                st['rel'] = (n['line'], callee, whole)
            ev.append((line, what))
        # assignments: aliases of the count and the pages, stores
        m = re.match(r'^\*?([\w>.\-\[\]]+)(\+=|-=)(.*)$', txt)
        if m and any(mentions(m.group(3), v) for v in st['vals']):
            st['esc'] = True    # the count goes into a running total: accounted there
        asg = top_assign(txt)
        if asg:
            lhs, rhs = asg
            lw = re.findall(r'\w+', lhs)
            lname = lw[-1] if lw and re.match(r'^[\w\s\*]+$', lhs) else core(lhs)
            for k in [k for k in st['known'] if lw and mentions(k, lw[-1])]:
                del st['known'][k]      # the condition's value may change
            r = pageflow.strip_cast(strip_parens(rhs))
            local = lname in locs and lname == core(lhs.split()[-1] if ' ' in lhs else lhs)
            st['consts'].pop(lname, None)
            if local and re.match(r'^\d+$', r):
                st['consts'][lname] = 0 if r == '0' else 2
            if re.match(r'^(\w+)\+', r) and re.match(r'^(\w+)\+', r).group(1) == lname and \
                    any(mentions(r, v) for v in st['vals']):
                st['esc'] = True    # x = x + count: a running total
            if r not in st['vals'] and local and any(mentions(rhs, v) for v in st['vals']) and \
                    lname not in st['vals']:
                st['vals'][lname] = 'DER'   # computed from the count: returning it hands over
            elif r in st['vals']:
                if lname != r and st['vals'][r] != 'DER':
                    ev.append((n['line'], '%s = %s' % (lname, r)))    # a copy of the count
                st['vals'][lname] = st['vals'][r]
                st['ovw'].discard(lname)
                if not local and not re.match(r'^\w+$', lname):
                    st['esc'] = st['esc'] or lname.split('->')[0].split('.')[0] == pfield
            elif lname in st['vals']:
                if r == nr or core(r) == core(nr) and nr:
                    st['vals'][lname] = 'REQ'
                    st['ovw'].add(lname)
                    ev.append((n['line'], '%s = %s' % (lname, r)))
                else:
                    del st['vals'][lname]
            if any(mentions(rhs, p) for p in st['pages']):
                if local and not lhs.strip().startswith('*'):
                    st['pages'].add(lname)
                else:
                    st['esc'] = True
            elif pfield and mentions(lhs, pfield) and not mentions(lhs, a['fn']):
                st['esc'] = True      # the object holding the pages gets its count or more
            if not local and any(mentions(rhs, v) for v in st['vals']):
                st['esc'] = True
        helpers = {v.split('()')[0] for _, _, _, _, v in self.releases_at(n, a['file']) if v}
        for name, args, _, _ in calls_in(txt):
            if name in PUTS or name in UNPINS or NOESCAPE.match(name) or name == a['callee'] or \
                    name in helpers:
                continue
            if any(mentions(x, p) for x in args for p in st['pages']) or \
                    pfield and any(re.match(r'^&?%s$' % re.escape(pfield), x) for x in args):
                st['esc'] = True
        if ev:
            st['_ev'] = ev

    def _unsigned(self, a, cv):
        t = self.P.etype(cv, a['file'], a['fn']) or ''
        return {cv} if UNSIGNED_RE.search(t) else set()

    def explore_uninit(self, c, g):
        locs = self.P.decls.get((c['file'], c['fn']), {})
        params = {p[1] for d in self.P.defs.get(c['fn'], []) if d['file'] == c['file'] for p in d['params']}
        uninit = set()
        for n in g.nodes:
            if n['kind'] == 'stmt' and '=' not in n['text'] and '(' not in n['text']:
                for part in n['text'].split(','):
                    w = re.findall(r'\w+', part)
                    if w and w[-1] in locs and w[-1] not in params and len(w) >= (2 if part is
                                                                                  n['text'].split(',')[0] else 1):
                        uninit.add(w[-1])
        counts = set()
        for n in g.nodes:
            for callee, pg, cnt, line, via in self.releases_at(n, c['file']):
                if cnt and re.match(r'^\w+$', cnt) and cnt in uninit:
                    counts.add(cnt)
        if not counts:
            return
        seen, todo, reported = set(), [(0, frozenset(counts), ())], set()
        while todo and len(seen) < MAX_STATES:
            i, un, trail = todo.pop()
            if (i, un) in seen:
                continue
            seen.add((i, un))
            n = g.nodes[i]
            txt = n['text']
            if n['kind'] == 'nop' and (txt.startswith('goto ') or txt.endswith(':') and txt != 'case'):
                trail = trail + ((n['line'], txt),)
            if n['kind'] in ('stmt', 'ret', 'cond'):
                for callee, pg, cnt, line, via in self.releases_at(n, c['file']):
                    if cnt in un and (cnt, line) not in reported:
                        reported.add((cnt, line))
                        first = next((x for x in g.nodes if x['kind'] == 'stmt' and
                                      re.search(r'(^|\W)%s=' % re.escape(cnt), x['text'])), None)
                        acq = next((x for x in self.S.acqs if x['file'] == c['file'] and x['fn'] == c['fn']),
                                   None)
                        self.add('count-uninit', dict(file=c['file'], line=line, fn=c['fn']), acq or c,
                                 '%s reaches %s() before it is assigned%s' % (
                                     cnt, callee, ' (first set at line %d)' % first['line'] if first else ''),
                                 [dict(file=c['file'], line=l, what=w) for l, w in trail] +
                                 [dict(file=c['file'], line=line, what='%s(%s, %s)' % (callee, pg, cnt))])
                un = frozenset(u for u in un if not re.search(
                    r'(^|[^\w>.])%s(=(?!=)|\+=|\+\+)|&%s\b' % (re.escape(u), re.escape(u)), txt))
            if n['kind'] == 'cond' and txt != '?' and n['succ'][0] is not None:
                todo.append((n['succ'][0], un, trail))
                todo.append((n['succ'][1], un, trail))
                continue
            for s in n['succ']:
                if s is not None:
                    todo.append((s, un, trail))


# ---------------------------------------------------------------------------
# Output

def subsystem(f):
    """The first two directory components of file f (drivers/misc, fs, or
    none for a file at the top of an out-of-tree driver): files of one
    directory are always one subsystem, whatever their names."""
    return os.path.dirname(f).split('/')[:2]


def fmt_path(f):
    return ' -> '.join('%s:%d %s' % (p['file'], p['line'], p['what']) for p in f['path'])


def show(findings, mode, tree, out):
    for f in findings:
        if mode == 'report':
            out.write('%s:%d:%d-%d: %s: %s [path: %s]\n' % (f['file'], f['line'], f['col'], f['col'],
                                                          f['kind'], f['message'], fmt_path(f)))
        elif mode == 'org':
            out.write('* TODO [[view:%s::face=ovl-face1::linb=%d::colb=%d::cole=%d][%s: %s]]\n' % (
                f['file'], f['line'], f['col'], f['col'], f['kind'], f['message']))
            for p in f['path']:
                out.write('** [[view:%s::face=ovl-face2::linb=%d::colb=0::cole=0][%s]]\n' % (
                    p['file'], p['line'], p['what']))
        else:       # context: the source lines of the path, starred
            out.write('--- %s:%d %s: %s\n' % (f['file'], f['line'], f['kind'], f['message']))
            for p in f['path']:
                try:
                    with open(os.path.join(tree, p['file']), errors='replace') as fh:
                        ln = fh.read().split('\n')[p['line'] - 1]
                except (OSError, IndexError):
                    ln = ''
                out.write('* %s:%d: %s\n' % (p['file'], p['line'], ln.strip()))


CARRIED = {'count-negative', 'count-uninit', 'count-overwritten', 'leak', 'missing-longterm',
           'missing-dirty', 'double-release'}


def baseline_keys(facts, tree):
    """(kind, file, function) of the findings the code had before a
    conversion: the pristine facts with every FOLL_GET acquire read as a pin,
    so a leak, a bad count or a missing dirtying the conversion only carried
    over is known.  Mixing kinds (put-on-pinned...) are never carried: a
    converted pin still released by put_page() is the conversion's fault."""
    facts = [dict(f, role='pinned') if f.get('kind') == 'call' and f.get('role') == 'acquire'
             else f for f in facts]
    return {(f['kind'], f['file'], f['fn']) for f in check(facts, tree) if f['kind'] in CARRIED}


def check(facts, tree, unchecked=None):
    """Findings (sorted, unique) of the facts of one run; the pinning
    acquires whose paths were not all walked (FN_BUDGET) are appended to
    the list unchecked, if given."""
    C = Checker(facts, tree)
    C.path_checks()
    C.flow_checks()
    if unchecked is not None:
        unchecked.extend(sorted(C.unchecked, key=lambda u: (u['file'], u['line'])))
    uniq = {}
    for f in C.findings:
        uniq.setdefault((f['kind'], f['file'], f['line'], f['acquire']), f)
    return sorted(uniq.values(), key=lambda f: (f['file'], f['line'], KINDS.index(f['kind'])))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--tree', required=True)
    ap.add_argument('--subdir', default='')
    ap.add_argument('--facts', nargs='*')
    ap.add_argument('--jobs', type=int, default=os.cpu_count() or 2)
    ap.add_argument('--every-gup', action='store_true',
                    help='facts from every file naming get_user_pages*(), not only the '
                    'directories that pin')
    ap.add_argument('--mode', choices=('report', 'context', 'org'), default='report')
    ap.add_argument('--baseline-tree', help='with --changed: the tree before the change; '
                    'findings it had already (a FOLL_GET acquire read as a pin) are not reported')
    ap.add_argument('--changed', help='a list of files (one a line) that changed since --facts '
                    'were made: their facts are made again, and only findings that touch them '
                    '(site, acquire or a step of the path) are reported')
    ap.add_argument('--write-baseline', metavar='FILE',
                    help='with --facts and --baseline-tree: only compute the findings the '
                    'pristine code has (JSON) and write them to FILE, for --baseline-keys')
    ap.add_argument('--baseline-keys', metavar='FILE',
                    help='with --changed: the baseline --write-baseline wrote, instead of '
                    'computing it again')
    ap.add_argument('--out')
    a = ap.parse_args(argv)
    failed = []
    if not os.path.isdir(a.tree):
        sys.stderr.write('pincheck: %s is not a directory\n' % a.tree)
        return 2
    if a.facts:
        facts = pageflow.load_facts(a.facts)
        for f in facts:
            if f.get('file', '').startswith('./'):
                f['file'] = f['file'][2:]
    else:
        if subprocess.run(['sh', '-c', 'command -v spatch'], capture_output=True).returncode:
            sys.stderr.write('pincheck: spatch not found (apt-get install coccinelle)\n')
            return 2
        files = candidates(a.tree, a.subdir, a.every_gup)
        facts = make_facts(a.tree, files, a.jobs, failed)
    if a.out and not a.facts:
        os.makedirs(a.out, exist_ok=True)
        with open(os.path.join(a.out, 'facts.jsonl'), 'w') as fh:
            for f in facts:
                fh.write(json.dumps(f, sort_keys=True) + '\n')
    if a.write_baseline:
        if not (a.facts and a.baseline_tree):
            sys.stderr.write('pincheck: --write-baseline needs --facts and --baseline-tree\n')
            return 2
        with open(a.write_baseline, 'w') as fh:
            json.dump(sorted(baseline_keys(facts, a.baseline_tree)), fh)
        return 0
    changed = None
    if a.changed:
        with open(a.changed) as fh:
            changed = {ln.strip()[2:] if ln.startswith('./') else ln.strip() for ln in fh if ln.strip()}
        before = [f for f in facts if f.get('file') in changed]
        facts = [f for f in facts if f.get('file') not in changed]
        # spatch makes the new facts while the baseline is computed
        with concurrent.futures.ThreadPoolExecutor(1) as ex:
            new = ex.submit(make_facts, a.tree, sorted(changed), a.jobs, failed)
            if a.baseline_keys:
                with open(a.baseline_keys) as fh:
                    base = {tuple(k) for k in json.load(fh)}
            else:
                base = baseline_keys(facts + before, a.baseline_tree) if a.baseline_tree \
                    else set()
            facts += new.result()
    unchecked = []
    findings = check(facts, a.tree, unchecked)
    if changed is not None:
        unchecked = [u for u in unchecked if u['file'] in changed]
    if changed is not None:
        findings = [f for f in findings if (f['kind'], f['file'], f['fn']) not in base]
    if changed is not None:
        findings = [f for f in findings if f['file'] in changed or
                    f['acquire'].rsplit(':', 1)[0] in changed or
                    any(p['file'] in changed for p in f['path'])]
    show(findings, a.mode, a.tree, sys.stdout)
    if a.out:
        os.makedirs(a.out, exist_ok=True)
        with open(os.path.join(a.out, 'findings.jsonl'), 'w') as fh:
            for f in findings:
                fh.write(json.dumps(f, sort_keys=True) + '\n')
        with open(os.path.join(a.out, 'findings.tsv'), 'w') as fh:
            fh.write('kind\tfile\tline\tfunction\tacquire\tmessage\tpath\n')
            for f in findings:
                fh.write('\t'.join([f['kind'], f['file'], str(f['line']), f['fn'], f['acquire'],
                                    f['message'], fmt_path(f)]) + '\n')
        with open(os.path.join(a.out, 'report.txt'), 'w') as fh:
            cnt = collections.Counter(f['kind'] for f in findings)
            fh.write('pincheck: %d findings (%s)\n\n' % (len(findings), ', '.join(
                '%s %d' % (k, cnt[k]) for k in KINDS if cnt[k])))
            show(findings, 'context', a.tree, fh)
            if unchecked:
                fh.write('\nnot checked: the paths of these pins were not all walked (more than '
                         '%d path states in their function):\n' % FN_BUDGET)
                for u in unchecked:
                    fh.write('  %s:%d %s(): %s()\n' % (u['file'], u['line'], u['fn'], u['acquire']))
        with open(os.path.join(a.out, 'not-checked.jsonl'), 'w') as fh:
            for u in unchecked:
                fh.write(json.dumps(u, sort_keys=True) + '\n')
        with open(os.path.join(a.out, 'spatch-failed'), 'w') as fh:
            fh.write(''.join(f + '\n' for f in sorted(failed)))
    if failed:
        sys.stderr.write('pincheck: spatch failed on %d files (listed in spatch-failed)\n' % len(failed))
    if unchecked:
        sys.stderr.write('pincheck: the paths of %d pins were not all walked (more than %d path '
                         'states in their function): %s\n' % (
                             len(unchecked), FN_BUDGET, ', '.join(
                                 '%s:%d' % (u['file'], u['line']) for u in unchecked[:3])))
    return 1 if findings else 0


if __name__ == '__main__':
    sys.exit(main())
