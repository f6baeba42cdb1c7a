#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Page-flow solver: decide each get_user_pages*() call site tree-wide.

Inputs
  --facts FILE...   JSON lines from cocci/gup_facts.cocci (all candidate
                    files of a run, read together).
  --target DIR      the tree whose mm/gup.c and include/linux/mm.h give the
                    pin API (names, parameters, refused flags, NULL pages);
                    a tree without them falls back to --default-target.
  --gate FILE       gate.tsv of scripts/gate.py (with --src, --compat,
                    --min-kernel): a call it holds (mask=1) keeps the gate's
                    verdict and gets no rewrite, and so does every release its
                    pages reach: a converted acquire sharing one is
                    needs-manual (with COMPAT=1 not when the held call is
                    compiled only for kernels < 5.6).  Lines
                    of #if branches compiled for no common kernel (version
                    ladders, MIN_KERNEL) never meet: no step, release or sink
                    of one is credited to an acquire of the other.
Outputs
  --sites FILE      one JSON record per call site: file, line, col, function,
                    api, verdict (converted, kept, needs-manual), case,
                    confidence, reason, evidence [..], longterm (bool).
  --decisions FILE  JSON {file: [{line, col, action, ...}]}: the positions
                    cocci/gup_rewrite.cocci rewrites (acquire: the new call;
                    release: its new form).  Nothing else is rewritten.
Errors: unreadable facts or target files raise (the caller reports them);
a malformed fact line is skipped with a warning on stderr.

Model.  Pages live in *locations*: ('V', file, fn, name) a local or
parameter, ('G', file, name) a file-scope variable, ('F', struct, field) a
structure field ('?' when the structure type is not known: pages never
flow into it, and a release or sink there is named against every acquire
whose pages reach a typed field of that name), ('R', file, fn) the return
value of the
function fn defined in file (static functions of one name in two files are
two functions).
Element and array are one location; nth_page(), pages + i, page_to_pfn(),
pfn_to_page(), page_to_phys() and casts keep the location.  Edges come from
assignments, call arguments into functions defined in the facts (both
ways: a helper can release or fill the caller's array) and returns into
the callers' assignments.  For an acquire, every location reachable from its
pages argument is searched for releases (put_page(), release_pages(),
put_user_page*(), ...) and for sinks it cannot follow (a call outside the
facts, an sg table walked page by page, a bio, get_page(), a return value
nobody captures, a write of other pages into the same location).
"""
import argparse
import collections
import json
import os
import re
import sys

ACQ_FORMS = {
    # api: [(generation, canonical argument names)]; order = preference on ties
    'get_user_pages': [('4.9-6.4', 'start nr flags pages vmas'), ('6.5+', 'start nr flags pages'),
                       ('4.6-4.8', 'start nr write force pages vmas'),
                       ('-4.5', 'tsk mm start nr write force pages vmas')],
    'get_user_pages_remote': [('5.9-6.4', 'mm start nr flags pages vmas locked'),
                              ('6.5+', 'mm start nr flags pages locked'),
                              ('4.10-5.8', 'tsk mm start nr flags pages vmas locked'),
                              ('4.9', 'tsk mm start nr flags pages vmas'),
                              ('4.6-4.8', 'tsk mm start nr write force pages vmas')],
    'get_user_pages_fast': [('4.13+', 'start nr flags pages')],
    'get_user_pages_fast_only': [('5.10+', 'start nr flags pages')],
    '__get_user_pages_fast': [('-5.9', 'start nr write pages')],
    'get_user_pages_unlocked': [('4.9+', 'start nr pages flags'),
                                ('4.6-4.8', 'start nr pages write force'),
                                ('-4.5', 'tsk mm start nr write force pages')],
    'get_user_pages_locked': [('4.9-5.x', 'start nr flags pages locked'),
                              ('4.6-4.8', 'start nr write force pages locked')],
    'get_user_pages_longterm': [('4.15-5.1', 'start nr flags pages vmas')],
}
PIN_OF = {
    'get_user_pages': 'pin_user_pages', 'get_user_pages_remote': 'pin_user_pages_remote',
    'get_user_pages_fast': 'pin_user_pages_fast', 'get_user_pages_fast_only': 'pin_user_pages_fast_only',
    '__get_user_pages_fast': 'pin_user_pages_fast_only',
    'get_user_pages_unlocked': 'pin_user_pages_unlocked', 'get_user_pages_locked': 'pin_user_pages_locked',
    'get_user_pages_longterm': 'pin_user_pages',
}
PARAM_CANON = {'mm': 'mm', 'tsk': 'tsk', 'start': 'start', 'addr': 'start', 'nr_pages': 'nr',
               'gup_flags': 'flags', 'pages': 'pages', 'vmas': 'vmas', 'locked': 'locked'}

# Places whose get_user_pages*() calls are not DMA/data users, by path: kernel
# knowledge the code does not show (docs/rules.md says why, one by one).
KNOWN = [
    (r'(^|/)virt/kvm/|(^|/)arch/[^/]+/kvm/', 'kept', '4',
     'KVM maps guest memory by pfn and follows it with its MMU notifier; it needs the struct page, not a DMA pin'),
    (r'(^|/)kernel/events/uprobes\.c$', 'kept', '4',
     'uprobes reads or replaces an instruction page through its struct page'),
    (r'(^|/)kernel/futex/', 'kept', '4', 'futex needs the page only to compute the futex key'),
    (r'(^|/)fs/exec\.c$', 'kept', '4',
     'exec copies argv/envp into the new stack through the struct page (no DMA, private new mm)'),
    (r'(^|/)security/tomoyo/', 'kept', '4', 'reads exec arguments like fs/exec.c: struct page access only'),
    (r'(^|/)mm/memory\.c$|(^|/)arch/arm64/kernel/mte\.c$', 'kept', '4',
     'ptrace-style access_remote_vm(): short CPU copy under mmap_lock, struct page only'),
    (r'(^|/)mm/(mempolicy|madvise|rmap|ksm|migrate)\.c$', 'kept', '4',
     'mm internals: the struct page is inspected or manipulated, not its data'),
    (r'(^|/)drivers/iommu/iommufd/selftest\.c$', 'kept', '4',
     'the selftest looks pages up to compare their address and refcount with what iommufd pinned'),
    (r'(^|/)mm/gup_test\.c$', 'kept', '-',
     'GUP_TEST calls get_user_pages*() on purpose to compare it with pin_user_pages*()'),
    (r'(^|/)mm/gup\.c$', 'kept', '-', 'the gup implementation itself'),
    (r'(^|/)include/linux/mm\.h$', 'kept', '-', 'API wrapper: its callers are the call sites'),
    (r'(^|/)lib/iov_iter\.c$', 'kept', '1',
     'inside iov_iter_get_pages*(): the core series (kernel/0004) makes it pin for iov_iter_pin_pages*()'),
    (r'(^|/)drivers/gpu/drm/radeon/radeon_ttm\.c$', 'kept', '3',
     'radeon userptr BOs are followed by mmu_interval_notifier (radeon_mn.c); invalidation unbinds the pages'),
    (r'(^|/)drivers/misc/sgi-gru/', 'kept', '3',
     'GRU TLB entries are invalidated by its mmu_notifier (grutlbpurge.c)'),
]

ALLOC_RE = re.compile(r'^(\(.*\))?(k[vcmz]?alloc\w*|kv[mz]alloc\w*|kmalloc\w*|kcalloc\w*|vmalloc\w*|'
                      r'vzalloc\w*|devm_k\w*alloc\w*|kmemdup\w*|kvcalloc\w*|__vmalloc\w*|'
                      r'kmem_cache_\w*alloc\w*|NULL|0|ERR_PTR|\(void\*\)0)\b')
NULLISH = re.compile(r'^(NULL|0|\(\w+\*+\)NULL)$')
COMPLETION_RE = re.compile(r'(complete|completion|_done$|done_|end_io|_cb$|callback|_irq|_isr|'
                           r'interrupt|_work$|workfn|_bh$|tasklet|_event$)')
ENTRY_RE = re.compile(r'(release|close|unmap|destroy|dereg|unregister|unpin|unbind|remove|evict|'
                      r'teardown|cleanup|fini$|_exit|_detach)')
# A deferred teardown (qp_release_work, obj_destroy_work) ends the object's
# life, whatever its name shares with a completion: not an I/O completion.
TEARDOWN_RE = re.compile(r'(release|destroy|dereg|unregister|teardown|cleanup|remove|_fini|_exit|'
                         r'_free)')
UNSIGNED_RE = re.compile(r'\b(unsigned|size_t|u8|u16|u32|u64|__u32|__u64|uint\w*|ulong|uint|bool)\b')
WORD = r'[A-Za-z_]\w*'
# Members whose structure their name tells (kernel API structures).
FIELD_STRUCT = {'bv_page': 'bio_vec', 'bv_len': 'bio_vec', 'bv_offset': 'bio_vec',
                'page_link': 'scatterlist', 'sgl': 'sg_table', 'orig_nents': 'sg_table'}
NUM_RE = re.compile(r'\b(page_to_pfn|page_to_phys|folio_pfn|page_to_virt|page_address)\(')
CORE_RE = re.compile(r'^(include/|mm/|lib/|kernel/|arch/[^/]+/include/)')
WORD_RE = re.compile(r'^%s$' % WORD)
MEMBER_RE = re.compile(r'^(.*?)(->|\.)(%s)$' % WORD)
MACRO_RE = re.compile(r'^[A-Z_][A-Z0-9_]*$')
# macros that only test or compute with their argument (the kernel's own)
HARMLESS_MACRO_RE = re.compile(r'^(?:VM_)?(?:BUG|WARN)(?:_ON)?(?:_ONCE)?(?:_PAGE|_FOLIO|_PGFLAGS)?$|'
                               r'^(?:BUILD_BUG_ON\w*|ARRAY_SIZE|IS_ERR\w*|PTR_ERR\w*|ERR_PTR|'
                               r'ERR_CAST|READ_ONCE|WRITE_ONCE|IS_ALIGNED|ALIGN\w*|PAGE_ALIGN\w*|'
                               r'DIV_ROUND_UP\w*|PFN_\w+|PHYS_PFN|PTR_ALIGN\w*|IS_ENABLED|'
                               r'BIT\w*|GENMASK\w*|FIELD_\w+|OFFSET_IN_PAGE|MAX|MIN|'
                               r'TP_\w+|pr_\w+)$')
# Library calls that read or write the bytes behind a pointer: handed the
# kernel address of a page (page_address(), kmap*()), they access its
# contents with the CPU; handed an array of page pointers, they copy the
# pointers (a place the solver does not follow).
MEMACCESS_CALLS = ('memcpy', 'memmove', 'memcmp', 'memchr', 'memcpy_toio', 'memcpy_fromio',
                   'copy_to_user', 'copy_from_user', '__copy_to_user', '__copy_from_user')
# MMIO-style accessors (writel(v, addr), ioread32(addr), ...): they load or
# store one value at an address.  Handed the kernel address of a page's
# contents they are a CPU access; they never keep a page or its pointer.
IOACCESS_RE = re.compile(r'^(__raw_)?(read|write)[bwlq](_relaxed|_be)?$|'
                         r'^io(read|write)(8|16|32|64)(be)?(_rep)?$|^memset_io$')
# A byte or void pointer: what page_address() is kept in.  Arrays of numbers
# (pfns, physical or DMA addresses) and of pointers are not byte access.
KADDR_TYPE_RE = re.compile(r'^(const|volatile)*(void|char|unsignedchar|signedchar|u8|__u8|uint8_t|s8)'
                           r'(const|volatile)*\*$')
KADDR_RE = re.compile(r'^(page_address|kmap|kmap_atomic|kmap_local_page|page_to_virt)\(')


def warn(msg):
    sys.stderr.write('pageflow: %s\n' % msg)


def load_facts(paths):
    """Read fact JSON lines; returns the list of records (bad lines skipped)."""
    out = []
    for p in paths:
        with open(p, errors='replace') as fh:
            for no, ln in enumerate(fh, 1):
                ln = ln.strip()
                if not ln.startswith('{'):
                    continue
                try:
                    out.append(json.loads(ln))
                except ValueError:
                    warn('%s:%d: not a fact record, skipped' % (p, no))
    return out


# ---------------------------------------------------------------------------
# Target API facts

def _protos(text, prefix):
    """{name: [param names]} of function definitions/prototypes named prefix*."""
    out = {}
    for m in re.finditer(r'^(?:static\s+inline\s+)?(?:long|int)\s+(%s\w*)\s*\(([^)]*)\)' % prefix,
                         text, re.M):
        params = [re.findall(WORD, p)[-1] for p in m.group(2).split(',') if re.findall(WORD, p)]
        out.setdefault(m.group(1), params)
    return out


def _bodies(text):
    """{function name: body text} for top-level functions in text (brace matching)."""
    out = {}
    for m in re.finditer(r'^\w[\w\s\*]*?\b(\w+)\s*\([^;{]*\)\s*\{', text, re.M):
        depth, i = 0, m.end() - 1
        while i < len(text):
            if text[i] == '{':
                depth += 1
            elif text[i] == '}':
                depth -= 1
                if depth == 0:
                    break
            i += 1
        out[m.group(1)] = text[m.end():i]
    return out


def _defline(text, name):
    m = re.search(r'^\w[\w \t\*]*\b%s\(' % re.escape(name), text, re.M)
    return 'mm/gup.c:%d' % (text[:m.start()].count('\n') + 1) if m else 'include/linux/mm.h'


# Debian's 6.1 pin API, as target_api() reads it from that tree: the last
# resort when neither TREE nor the default tree has mm/gup.c.
_FAST_OK = {'FOLL_WRITE', 'FOLL_LONGTERM', 'FOLL_FORCE', 'FOLL_PIN', 'FOLL_GET',
            'FOLL_FAST_ONLY', 'FOLL_NOFAULT'}
BUILTIN_61 = dict(source='built-in table of Linux 6.1', pins={
    'pin_user_pages': dict(params='start nr flags pages vmas'.split(), refuses=set(), allowed=None,
                           null_pages_refused=True, where='mm/gup.c:3304 (6.1)'),
    'pin_user_pages_fast': dict(params='start nr flags pages'.split(), refuses=set(),
                                allowed=_FAST_OK, null_pages_refused=True,
                                where='mm/gup.c:3187 (6.1)'),
    'pin_user_pages_fast_only': dict(params='start nr flags pages'.split(), refuses=set(),
                                     allowed=_FAST_OK, null_pages_refused=True,
                                     where='mm/gup.c:3208 (6.1)'),
    'pin_user_pages_remote': dict(params='mm start nr flags pages vmas locked'.split(),
                                  refuses=set(), allowed=None, null_pages_refused=True,
                                  where='mm/gup.c:3266 (6.1)'),
    'pin_user_pages_unlocked': dict(params='start nr pages flags'.split(), refuses={'FOLL_LONGTERM'},
                                    allowed=None, null_pages_refused=True,
                                    where='mm/gup.c:3329 (6.1)'),
})


def target_api(tree, default):
    """The pin API of the target tree: {'pins': {name: {params, refuses: set,
    null_pages_refused: bool, allowed: set or None}}, 'source': path}.
    Falls back to the default tree when TREE has no mm/gup.c."""
    def has(t):
        return t and os.path.isfile(os.path.join(t, 'mm/gup.c')) and \
            os.path.isfile(os.path.join(t, 'include/linux/mm.h'))
    src = tree if has(tree) else default if has(default) else None
    if src is None:
        return BUILTIN_61
    with open(os.path.join(src, 'mm/gup.c'), errors='replace') as fh:
        gup = fh.read()
    with open(os.path.join(src, 'include/linux/mm.h'), errors='replace') as fh:
        mmh = fh.read()
    protos = _protos(mmh, 'pin_user_pages')
    protos.update(_protos(gup, 'pin_user_pages'))
    bodies = _bodies(gup)

    def refuses(name, seen=()):
        body = bodies.get(name, '')
        r = set()
        if re.search(r'WARN_ON_ONCE\(\s*gup_flags\s*&\s*FOLL_LONGTERM\s*\)', body):
            r.add('FOLL_LONGTERM')
        for callee in re.findall(r'return\s+(\w+)\s*\(', body):
            if callee in bodies and callee not in seen and callee != name:
                r |= refuses(callee, seen + (name,))
        return r

    def allowed(name, seen=()):
        body = bodies.get(name, '')
        m = re.search(r'WARN_ON_ONCE\(\s*gup_flags\s*&\s*~\(([^)]*)\)', body)
        if m:
            return set(re.findall(r'FOLL_\w+', m.group(1)))
        for callee in re.findall(r'\b(\w+)\s*\(', body):
            if callee in bodies and callee not in seen and callee != name and \
                    callee.startswith(('internal_get_user_pages_fast', 'lockless_pages')):
                a = allowed(callee, seen + (name,))
                if a is not None:
                    return a
        return None

    pins = {}
    for name, params in protos.items():
        if name.endswith(('_', 'range')):
            continue
        pins[name] = dict(params=[PARAM_CANON.get(p, p) for p in params],
                          refuses=refuses(name), allowed=allowed(name),
                          null_pages_refused=bool(re.search(r'WARN_ON_ONCE\(\s*!pages\s*\)',
                                                            bodies.get(name, ''))),
                          where=_defline(gup, name))
    return dict(pins=pins, source=src)


# ---------------------------------------------------------------------------
# Expressions

def strip_cast(e):
    """Drop leading casts: (struct page *)x, (unsigned long)x."""
    while True:
        m = re.match(r'^\((?:const )?(?:struct |unsigned |signed )?\w+(?: \w+)?\**\)(?=[\w(&*])', e)
        if not m:
            return e
        e = e[m.end():]


def parens_balanced(e):
    d = 0
    for ch in e:
        d += ch in '([{'
        d -= ch in ')]}'
        if d < 0:
            return False
    return d == 0


DERIVE_CALLS = ('nth_page', 'compound_head', 'folio_page', 'page_folio', 'page_to_pfn',
                'page_to_phys', 'pfn_to_page', 'phys_to_page', 'virt_to_page', 'page_address',
                'READ_ONCE', 'WRITE_ONCE')


_CORE_CACHE = {}
_DERIVE_RE = re.compile(r'^(%s)\((.*)\)$' % '|'.join(DERIVE_CALLS))
_INDEX_RE = re.compile(r'^(.*)\[[^\[\]]*\]$')


def core(e):
    """Strip casts, &, *, (), derivations and indexing: the lvalue carrying
    the page.  Cached: the solver and the checker ask for the same
    expressions many times."""
    r = _CORE_CACHE.get(e)
    if r is None:
        r = _CORE_CACHE[e] = _core(e)
    return r


def _core(e):
    prev = None
    while e != prev:
        prev = e
        e = strip_cast(e)
        if e.startswith('(') and e.endswith(')') and parens_balanced(e[1:-1]):
            e = e[1:-1]
        if e.startswith(('&', '*')) and not e.startswith('&&'):
            e = e[1:]
        m = _DERIVE_RE.match(e)
        if m and parens_balanced(m.group(2)):
            e = split_args(m.group(2))[0]
        m = _INDEX_RE.match(e)
        if m and parens_balanced(m.group(1)):
            e = m.group(1)
        i = top_plus(e)
        if i > 0 and not re.search(r'[<=!?|]|&&|>(?!)', e.replace('->', '')):
            e = e[:i]
    return e


def top_plus(e):
    """Index of the first top-level binary + or - (not ->, ++, --), or -1."""
    depth = 0
    for i, ch in enumerate(e):
        depth += ch in '([{'
        depth -= ch in ')]}'
        if depth == 0 and i > 0 and ch in '+-' and e[i + 1:i + 2] not in ('>', '+', '-') and \
                e[i - 1] not in '+-(':
            return i
    return -1


def split_args(s):
    out, depth, cur = [], 0, ''
    for ch in s:
        depth += ch in '([{'
        depth -= ch in ')]}'
        if ch == ',' and depth == 0:
            out.append(cur)
            cur = ''
        else:
            cur += ch
    out.append(cur)
    return out


class Program:
    """All facts of a run, indexed."""

    def __init__(self, facts, core=True):
        self.facts = facts
        # include/, mm/, lib/, kernel/ are the core API's only in a kernel
        # tree: an out-of-tree driver's own kernel/ or lib/ holds its helpers
        self.core_re = CORE_RE if core else None
        self.funcs = {}          # name -> func record (first definition)
        self.defs = collections.defaultdict(list)    # name -> every definition
        self.decls = collections.defaultdict(dict)   # (file, fn) -> {name: type}
        self.gdecls = collections.defaultdict(dict)  # file -> {name: type}
        self.by_kind = collections.defaultdict(list)
        for f in facts:
            self.by_kind[f['kind']].append(f)
            if f['kind'] == 'func':
                self.funcs.setdefault(f['name'], f)
                self.defs[f['name']].append(f)
                for t, n in f['params']:
                    if n:
                        self.decls[(f['file'], f['name'])][n] = t
            elif f['kind'] == 'decl':
                if f['fn'] in ('', 'something_else', None):
                    self.gdecls[f['file']][f['name']] = f['type']
                else:
                    self.decls[(f['file'], f['fn'])][f['name']] = f['type']
        self.ftypes = collections.defaultdict(set)   # (struct, field) -> {types}
        # typedef struct foo {...} foo_t: spatch names the typedef as the
        # "function" of the fields it declares; a name that two structures
        # claim is no alias
        tdefs = collections.defaultdict(set)
        for f in self.by_kind['field']:
            self.ftypes[(f['struct'], f['name'])].add(f['type'])
            td = f.get('fn')
            if td and WORD_RE.match(td) and td not in ('something_else', f['struct']) and \
                    td not in self.funcs:
                tdefs[td].add(f['struct'])
        self.typedefs = {k: next(iter(v)) for k, v in tdefs.items() if len(v) == 1}
        self._locs = {}
        self.calls_of = collections.defaultdict(list)
        for c in self.by_kind['call']:
            self.calls_of[c['callee']].append(c)

    def resolve(self, name, file):
        """The definition a call of name in file runs: the one in the same file,
        else the only one outside the core API (include/, mm/, lib/ and
        kernel/ define the API, whose functions are calls, not helpers)."""
        ds = self.defs.get(name, [])
        same = [d for d in ds if d['file'] == file]
        if same:
            return same[0] if not (self.core_re and self.core_re.search(file)) else None
        ds = [d for d in ds if not (self.core_re and self.core_re.search(d['file']))]
        return ds[0] if len(ds) == 1 else None

    def vtype(self, file, fn, name):
        return self.decls.get((file, fn), {}).get(name) or self.gdecls.get(file, {}).get(name)

    def etype(self, e, file, fn, depth=0):
        """The C type of expression e when the facts show it, else None."""
        e = core(e) if depth == 0 else e
        if WORD_RE.match(e):
            return self.vtype(file, fn, e)
        m = MEMBER_RE.match(e)
        if m and parens_balanced(m.group(1)) and depth < 6:
            bt = self.etype(core(m.group(1)), file, fn, depth + 1)
            st = struct_name(bt, self.typedefs)
            ts = self.ftypes.get((st, m.group(3))) if st else None
            if ts and len(ts) == 1:
                return next(iter(ts))
        return None

    def loc(self, e, file, fn):
        """The location of expression e (text) in file/fn, or None.  Cached:
        the facts do not change once loaded."""
        k = (e, file, fn)
        r = self._locs.get(k, self)
        if r is self:
            r = self._locs[k] = self._loc(e, file, fn)
        return r

    def _loc(self, e, file, fn):
        c = core(e)
        m = MEMBER_RE.match(c)
        if m and parens_balanced(m.group(1)):
            st = struct_name(self.etype(core(m.group(1)), file, fn, 1), self.typedefs) or \
                FIELD_STRUCT.get(m.group(3), '?')
            return ('F', st, m.group(3))
        if WORD_RE.match(c) and not MACRO_RE.match(c):
            if c in self.decls.get((file, fn), {}):
                return ('V', file, fn, c)
            return ('G', file, c)
        return None


def struct_name(t, typedefs=None):
    """'struct foo *' -> 'foo'; with typedefs ({name: struct}), 'foo_t *'
    -> 'foo' too (None for other types)."""
    t = (t or '').replace(' ', '')
    m = re.match(r'^(?:const)?struct(\w+)[\*\[\]\d]*$', t)
    if m:
        return m.group(1)
    m = re.match(r'^(?:const)?(\w+)[\*\[\]\d]*$', t) if typedefs else None
    return typedefs.get(m.group(1)) if m else None


def fmt_loc(l):
    if l is None:
        return '?'
    if l[0] == 'V':
        return '%s (in %s())' % (l[3], l[2])
    if l[0] == 'G':
        return '%s (file scope, %s)' % (l[2], os.path.basename(l[1]))
    if l[0] == 'F':
        return '->%s%s' % (l[2], '' if l[1] == '?' else ' of struct ' + l[1])
    if l[0] == 'R':
        return 'the return value of %s()' % l[2]
    return str(l)


def where(f):
    return '%s:%d' % (f['file'], f['line'])


class Graph:
    """Flow edges between locations, field locations matched by name."""

    def __init__(self, prog):
        self.prog = prog
        self.edges = collections.defaultdict(list)   # loc -> [(loc, fact)]
        self.fields = collections.defaultdict(set)   # field name -> {F locs}
        self.foreign = collections.defaultdict(list)  # loc -> [(fact, text)]
        self.sinks = collections.defaultdict(list)   # loc -> [(fact, text)]
        self.sgwrites = collections.defaultdict(list)  # loc -> [(fact, sgloc)]
        self.uses = collections.defaultdict(list)    # loc -> [(fact, role)]
        self.releases = collections.defaultdict(list)  # loc -> [fact]
        self.callers_capture = collections.defaultdict(list)
        # (param, caller's argument, id(call)): the edge back from a helper's
        # array parameter into the caller that passed it
        self.backs = set()
        self._redges = None
        self._inedges = None
        self._cache = {}
        P = prog
        for a in P.by_kind['assign']:
            dst = P.loc(a['lhs'], a['file'], a['fn'])
            if dst is None:
                continue
            rhs = a['rhs']
            m = re.match(r'^(?:\([^()]*\))?(%s)\(' % WORD, rhs)
            d = P.resolve(m.group(1), a['file']) if m else None
            if d:
                self.add(('R', d['file'], d['name']), dst, a)
                self.callers_capture[(d['file'], d['name'])].append(a)
                continue
            simple = not re.search(r'[<>=!?|]|&&|\(.*\(', core(rhs).replace('->', '.'))
            src = P.loc(rhs, a['file'], a['fn']) if simple else None
            if src is not None:
                self.add(src, dst, a, bool(NUM_RE.search(rhs)))
            elif not ALLOC_RE.match(rhs) and not re.match(r'^-?\d+$', rhs):
                self.foreign[dst].append((a, rhs))
        for r in P.by_kind['return']:
            m = re.match(r'^(%s)\(' % WORD, r['expr'])
            d = P.resolve(m.group(1), r['file']) if m else None
            if d:
                self.add(('R', d['file'], d['name']), ('R', r['file'], r['fn']), r)
                self.callers_capture[(d['file'], d['name'])].append(r)
                continue
            src = P.loc(r['expr'], r['file'], r['fn'])
            if src is not None:
                self.add(src, ('R', r['file'], r['fn']), r)
        iters = {(i['file'], i['fn'], core(i['it'])): i for i in P.by_kind['iter']}
        # a local that holds a page taken from an sg table (page =
        # sg_page_iter_page(&iter); put_page(page)): its release is one
        # (only when every assignment of that local is one)
        sgvars = {}
        for x in P.by_kind['assign']:
            k = (x['file'], x['fn'], x['lhs'])
            r = core(x['rhs'])
            sgvars[k] = r if r.startswith(('sg_page(', 'sg_page_iter_page(')) and \
                sgvars.get(k, r) is not None else None
        sgvars = {k: v for k, v in sgvars.items() if v is not None}
        for c in P.by_kind['call']:
            role, args = c['role'], c['args']
            f, fn = c['file'], c['fn']
            if role in ('acquire', 'pinned'):
                continue
            if role == 'release':
                pg = args[0] if args else ''
                pg = sgvars.get((f, fn, core(pg)), pg) if args else pg
                if args and core(pg).startswith(('sg_page(', 'sg_page_iter_page(')):
                    inner = re.match(r'^(?:sg_page|sg_page_iter_page)\((.*)\)$', core(pg))
                    it = iters.get((f, fn, core(inner.group(1)))) if inner else None
                    sg = it['sg'] if it else (inner.group(1) if inner else pg)
                    sgl = P.loc(re.sub(r'(->|\.)sgl$', '', sg), f, fn)
                    self.releases[('SGREL',)].append(dict(c, sgloc=sgl))
                    continue
                l = P.loc(pg, f, fn) if args else None
                if l is not None:
                    self.releases[l].append(c)
                continue
            d = P.resolve(c['callee'], f)
            if d is not None:
                for i, arg in enumerate(args):
                    src = P.loc(arg, f, fn)
                    if src is None or i >= len(d['params']) or not d['params'][i][1]:
                        continue
                    prm = ('V', d['file'], d['name'], d['params'][i][1])
                    self.add(src, prm, c, bool(NUM_RE.search(arg)))
                    # back into the caller only through an array the callee can fill
                    if '**' in d['params'][i][0] or d['params'][i][0].endswith('*]'):
                        self.add(prm, src, c)
                        self.backs.add((prm, src, id(c)))
                continue
            for i, arg in enumerate(args):
                src = P.loc(arg, f, fn)
                if src is None:
                    continue
                if role == 'sg':
                    sgl = P.loc(args[0], f, fn)
                    if i == 1:
                        self.sgwrites[src].append((c, sgl))
                elif role == 'bvec' and i == 1:
                    self.add(src, ('F', 'bio_vec', 'bv_page'), c)
                elif role in ('bio', 'getref'):
                    self.sinks[src].append((c, '%s() at %s takes its own reference%s' % (
                        c['callee'], where(c), ' (a bio releases its pages with put_page())'
                        if role == 'bio' else ' (get_page() on a pinned page)')))
                elif role == 'filler':
                    self.foreign[src].append((c, '%s()' % c['callee']))
                elif role in ('dma', 'cpu', 'pfn', 'derive', 'dirty', 'lock', 'unlock', 'notifier'):
                    self.uses[src].append((c, role))
                elif c['callee'] in ('kfree', 'kvfree', 'vfree', 'memset', 'sizeof', 'ARRAY_SIZE',
                                     'PageHighMem', 'page_count', 'page_zone', 'PageAnon',
                                     'page_size', 'page_to_nid', 'lock_page', 'unlock_page',
                                     'trylock_page', 'PageReserved', 'is_zone_device_page',
                                     'WARN_ON', 'WARN_ON_ONCE', 'BUG_ON', 'IS_ERR',
                                     'PageCompound', 'PageHuge', 'page_mapping', 'folio_nr_pages',
                                     'unlikely', 'likely', 'pr_debug', 'pr_err', 'pr_info',
                                     'pr_warn', 'dev_err', 'dev_dbg', 'printk', 'trace_printk'):
                    pass
                elif HARMLESS_MACRO_RE.match(c['callee']):
                    pass        # a check or an arithmetic macro: reads the value only
                elif MACRO_RE.match(c['callee']):
                    # a macro's body is not in the facts: it may release,
                    # store or hand on the pages (a driver's PUT_PAGES(p, n))
                    self.sinks[src].append((c, '%s passed to the macro %s() (argument %d) at %s, '
                                            'whose body the analysis does not follow' % (
                                                arg, c['callee'], i + 1, where(c))))
                elif IOACCESS_RE.match(c['callee']):
                    self.uses[src].append((c, 'cpu'))
                elif c['callee'] in MEMACCESS_CALLS and self.is_kaddr(arg, f, fn):
                    self.uses[src].append((c, 'cpu'))
                elif c['callee'] in MEMACCESS_CALLS:
                    self.sinks[src].append((c, '%s passed to %s() (argument %d) at %s: what it '
                                            'holds of the pages (pointers or numbers) is copied to '
                                            'memory that is not followed' % (
                                                arg, c['callee'], i + 1, where(c))))
                else:
                    self.sinks[src].append((c, '%s passed to %s() (argument %d) at %s, which is not '
                                            'in the candidate files' % (arg, c['callee'], i + 1, where(c))))

    def is_kaddr(self, arg, f, fn):
        """Whether arg is a kernel address of page contents, not page pointers:
        it is page_address()/kmap*() of a page (plus an offset), or the facts
        declare it a void or byte pointer."""
        e = arg
        prev = None
        while e != prev:
            prev = e
            e = strip_cast(e)
            if e.startswith('(') and e.endswith(')') and parens_balanced(e[1:-1]):
                e = e[1:-1]
        if KADDR_RE.match(e):
            return True
        t = self.prog.etype(arg, f, fn)
        return t is not None and bool(KADDR_TYPE_RE.match(t.replace(' ', '')))

    def add(self, a, b, fact, num=False):
        """Edge a -> b; num: the value is a pfn or physical address
        (page_to_pfn(), page_to_phys()), followed only into named places."""
        self.edges[a].append((b, fact, num))
        for l in (a, b):
            if l[0] == 'F':
                self.fields[l[2]].add(l)

    def same(self, l):
        """Locations that are l.  A field of a named structure is that
        structure's field only; a field whose structure the facts do not show
        is never followed (reach() makes it a sink), so it joins nothing."""
        return [l]

    def origins(self, start):
        """Every location whose pages can reach start (the edges backwards,
        calls matched like reach()).  Cached."""
        k = ('origins', start)
        if k in self._cache:
            return self._cache[k]
        if self._redges is None:
            self._redges = collections.defaultdict(list)
            for a, outs in self.edges.items():
                for b, fact, num in outs:
                    self._redges[b].append((a, fact))
        seen, found, todo = set(), set(), [(start, None)]
        while todo:
            x, ctx = todo.pop()
            if (x, ctx) in seen:
                continue
            seen.add((x, ctx))
            found.add(x)
            for y, fact in self._redges.get(x, ()):
                # y -> x is a call into x, an array parameter: out of the
                # callee only into the call it was entered through
                if ctx is not None and (x, y, id(fact)) in self.backs and ctx != id(fact):
                    continue
                todo.append((y, id(fact) if (y, x, id(fact)) in self.backs else None))
        self._cache[k] = found
        return found

    def array_aliases(self, start, keep=None):
        """[(location, assignment)]: the places whose storage the local
        start was set to point into (start = obj->pages, start = &c->p[k],
        start = other_local, start = accessor(obj) returning obj->pages),
        transitively.  An assignment moves a pointer
        to the array, not the pages, so a call that fills start fills them;
        the reverse of the value edges, taken only from the array a pin
        call writes into."""
        out, seen, todo = [], {start}, [start]
        while todo:
            x = todo.pop()
            if x[0] not in ('V', 'R'):
                continue
            for y, a, num in self.edges_into(x):
                # into a local: its assignments; into a function's return
                # value (pages = obj_pages(obj)): what the function returns
                if num or y in seen or y[0] not in ('F', 'V', 'G', 'R'):
                    continue
                if x[0] == 'V' and (a.get('kind') != 'assign' or a['lhs'] != x[3]):
                    continue
                if x[0] == 'R' and a.get('kind') != 'return':
                    continue
                if keep is not None and not keep(a):
                    continue
                seen.add(y)
                if y[0] != 'R':
                    out.append((y, a))
                todo.append(y)
        return out

    def edges_into(self, x):
        """[(a, fact, num)]: the edges a -> x."""
        if self._inedges is None:
            self._inedges = collections.defaultdict(list)
            for a, outs in self.edges.items():
                for b, fact, num in outs:
                    self._inedges[b].append((a, fact, num))
        return self._inedges.get(x, ())

    def reach_cached(self, start):
        if start not in self._cache:
            self._cache[start] = self.reach(start)
        return self._cache[start]

    def reach(self, start, parents=None, sinks=None, via=None, keep=None):
        """Every location reachable from start; parents[loc] = the location
        it was reached from (for the evidence path), via[loc] = the fact
        (assignment, call, return) of that step.  A pfn or physical
        address stored into a field of a structure the facts do not name
        is not followed: it goes to sinks.  keep(fact): whether a step may
        be taken (the version gate: not in a disjoint #if branch).
        Calls are matched: pages that entered a helper's array parameter
        from one call go back only into that call's argument, not into
        what every other caller passed (the helper may fill the array it
        was given, not another caller's)."""
        seen, found, todo = set(), set(), [(start, None, False, None, None)]
        while todo:
            l, par, isnum, step, ctx = todo.pop(0)
            for x in self.same(l):
                if (x, ctx) in seen:
                    continue
                seen.add((x, ctx))
                if x not in found:
                    found.add(x)
                    if parents is not None:
                        parents[x] = par
                    if via is not None:
                        via[x] = step
                for y, fact, num in self.edges.get(x, ()):
                    if keep is not None and not keep(fact):
                        continue
                    if ctx is not None and (x, y, id(fact)) in self.backs and ctx != id(fact):
                        continue    # back into a caller other than the one it came from
                    nctx = id(fact) if (y, x, id(fact)) in self.backs else None
                    num = num or isnum      # a number stays a number
                    if y[0] == 'F' and y[1] == '?' and not num:
                        # a field of a structure the facts do not name: every
                        # structure with that field could be meant
                        if sinks is not None:
                            sinks.append('the pages go into %s at %s, a field of a structure whose '
                                         'type the facts do not show: not followed' % (
                                             fmt_loc(y), where(fact)))
                        continue
                    if num and y[0] == 'F' and y[1] != '?' and \
                            not any(k[0] == y[1] for k in self.prog.ftypes):
                        # a pfn/physical address handed to a kernel structure
                        # (struct range, resource, ...): followed only if
                        # something turns that field back into a page
                        if not self.releases.get(y):
                            continue
                        if sinks is not None:
                            sinks.append('the pfn/physical address of the pages goes into %s at %s, '
                                         'and a page is released from it elsewhere: not followed' % (
                                             fmt_loc(y), where(fact)))
                        continue
                    if num and y[0] == 'F' and y[1] == '?':
                        if sinks is not None:
                            sinks.append('the pfn/physical address of the pages goes into %s at %s '
                                         '(a structure it cannot name): not followed' % (
                                             fmt_loc(y), where(fact)))
                        continue
                    todo.append((y, x, num, fact, nctx))
        return found

    @staticmethod
    def path(parents, l):
        out = []
        while l is not None and len(out) < 8:
            out.append(fmt_loc(l))
            l = parents.get(l)
        return ' <- '.join(out)


# ---------------------------------------------------------------------------
# Acquire forms

def subst(args, params, values):
    """The arguments of a wrapper body's call (args, in terms of the
    wrapper's params) with each parameter replaced by the caller's value
    (parenthesized unless it is a plain name, field, element or &name)."""
    vals = {}
    for p, v in zip(params, values):
        vals[p] = v if re.match(r'^&?[\w.]+(->\w+|\.\w+|\[[\w.>-]*\])*$', v) else '(%s)' % v
    if not vals:
        return list(args)
    rx = re.compile(r'(?<![\w.>])(%s)\b' % '|'.join(map(re.escape, sorted(vals, key=len,
                                                                          reverse=True))))
    return [rx.sub(lambda m: vals[m.group(1)], x) for x in args]


def looks_pages(a):
    return a.startswith('&') or bool(re.search(r'(?i)page|pvec|pg|plist|list', a))


def pick_form(api, args):
    """(generation, {canon: arg}) for a call, or (None, reason)."""
    best = []
    for gen, names in ACQ_FORMS.get(api, []):
        names = names.split()
        if len(names) != len(args):
            continue
        m = dict(zip(names, args))
        score = 0
        pg = m['pages']
        if re.match(r'^-?\d+$', pg) or 'FOLL_' in pg:
            score -= 5
        elif looks_pages(pg) or NULLISH.match(pg):
            score += 2
        if 'flags' in m:
            score += 2 if 'FOLL_' in m['flags'] or re.search(r'(?i)flag', m['flags']) else 0
            score -= 3 if looks_pages(m['flags']) and 'FOLL_' not in m['flags'] else 0
        if 'write' in m and 'FOLL_' in m['write']:
            score -= 3
        if 'tsk' in m:
            score += 1 if re.search(r'(?i)tsk|task|current', m['tsk']) else -1
        best.append((score, gen, m))
    if not best:
        return None, '%d arguments match no generation of %s()' % (len(args), api)
    best.sort(key=lambda x: -x[0])
    if len(best) > 1 and best[0][0] == best[1][0]:
        return None, 'the %d arguments fit both the %s and the %s argument lists of %s()' % (
            len(args), best[0][1], best[1][1], api)
    return best[0][1], best[0][2]


def gen_is_current(api, gen, target):
    """Whether this form is what the target tree's own get_user_pages*() takes."""
    pin = PIN_OF.get(api)
    t = target['pins'].get(pin)
    if api in ('get_user_pages_longterm', '__get_user_pages_fast') or t is None:
        return False
    names = dict(ACQ_FORMS[api])[gen].split()
    return names == t['params']


def split_or(f):
    out, depth, cur = [], 0, ''
    for i, ch in enumerate(f):
        depth += ch in '(['
        depth -= ch in ')]'
        if ch == '|' and depth == 0 and f[i + 1:i + 2] != '|' and (cur[-1:] != '|'):
            out.append(cur.strip())
            cur = ''
        else:
            cur += ch
    out.append(cur.strip())
    return [t for t in out if t]


def new_flags(m, longterm):
    """The gup_flags for the pin call, or (None, reason)."""
    terms = []
    if 'flags' in m:
        terms = [t for t in split_or(m['flags']) if t not in ('FOLL_GET', 'FOLL_PIN', '0')]
        # a literal 1 where gup_flags go (the old int write of
        # get_user_pages_fast() left in place) is FOLL_WRITE (0x01 in every
        # kernel): say so, rather than OR-ing flags onto a number
        terms = ['FOLL_WRITE' if t in ('1', 'true') else t for t in terms]
        if len(split_or(m['flags'])) == 1 and WORD_RE.match(m['flags']) and \
                'FOLL_' not in m['flags'] and not re.search(r'(?i)flag', m['flags']):
            return None, 'flags argument %s: cannot tell a write boolean from gup_flags' % m['flags']
    if 'write' in m:
        w = m['write']
        if w not in ('0', 'false'):
            terms.append('FOLL_WRITE' if w in ('1', 'true') else '(%s ? FOLL_WRITE : 0)' % w)
    if 'force' in m and m['force'] not in ('0', 'false'):
        terms.append('FOLL_FORCE' if m['force'] in ('1', 'true') else '(%s ? FOLL_FORCE : 0)' % m['force'])
    if longterm and 'FOLL_LONGTERM' not in terms:
        terms.append('FOLL_LONGTERM')
    return or_terms(terms), None


def or_terms(terms):
    """terms joined with |: a term with an operator that binds less tightly
    than | (?:, ||, &&, =, ,) is parenthesized, so that FOLL_LONGTERM is
    added to the whole flags value ("to_dev ? 0 : FOLL_WRITE | FOLL_LONGTERM"
    would add it to one branch only)."""
    if len(terms) < 2:
        return terms[0] if terms else '0'
    out = []
    for t in terms:
        bare = re.sub(r'->', '', t)
        if re.search(r'[?,]|\|\||&&|(?<![=!<>])=(?!=)', bare) and \
                not (t.startswith('(') and t.endswith(')') and parens_balanced(t[1:-1])):
            t = '(%s)' % t
        out.append(t)
    return ' | '.join(out)


# ---------------------------------------------------------------------------

class Solver:
    def __init__(self, facts, target, failed=(), gate=None, src=None, complete=None):
        self.failed = sorted(failed)
        # name -> None (every caller is in the facts) or why it is open, for
        # the functions not static the second round looked for
        # (scripts/flow-extra.py --complete); None: not looked for
        self.complete = complete
        self.fescapes = []
        self.gate = gate        # scripts/gate.py FlowGate, or None
        self.src = src          # the tree of the facts' files (count checks on paths), or None
        self._text, self._cfg = {}, {}
        import gate                     # scripts/gate.py: what a whole kernel tree is
        self.P = Program(facts, core=src is None or gate.full_tree(src))
        self.G = Graph(self.P)
        self.T = target
        self.acqs = [c for c in self.P.by_kind['call'] if c['role'] in ('acquire', 'pinned')]
        # errno-capable count locations: assigned from a gup return, then copied
        self.errno_src = {}
        for a in self.P.by_kind['assign']:
            m = re.match(r'^(?:\([^()]*\))?(\w+)\(', a['rhs'])
            if m and (m.group(1) in PIN_OF or m.group(1).startswith('pin_user_pages')):
                l = self.P.loc(a['lhs'], a['file'], a['fn'])
                if l:
                    self.errno_src[l] = a
        self.callers = collections.defaultdict(set)     # fn -> fns calling it
        for c in self.P.by_kind['call']:
            self.callers[c['callee']].add(c['fn'])

    # -- counts ------------------------------------------------------------
    def count_unsafe(self, n, rel):
        """Why count n of release rel may hold an errno, or None."""
        P = self.P
        l = P.loc(n, rel['file'], rel['fn'])
        if l is None:
            return None
        for src, a in self.errno_src.items():
            if l not in self.G.reach_cached(src) and src != l:
                continue
            var = a['lhs']
            t = P.vtype(a['file'], a['fn'], var) or ''
            paths = None
            if not UNSIGNED_RE.search(t) and src == l and (a['file'], a['fn']) == (rel['file'], rel['fn']):
                paths = self.errno_path(a, rel, var)
                if paths is None:
                    pass            # no control flow of the function: the checks' text below
                elif not paths:
                    continue        # every path to the release excludes an errno
                else:
                    return ('%s can hold an errno at the release (%s = %s at %s%s; the path '
                            'through line%s %s does not exclude it)' % (
                                n, var, a['rhs'].split('(')[0] + '()', where(a),
                                ', declared %s' % t if t else '', 's' if len(paths) > 1 else '',
                                ', '.join(str(x) for x in paths)))
            if not UNSIGNED_RE.search(t):
                guard = [c for c in P.by_kind['cond'] if c['file'] == a['file'] and
                         c['fn'] == a['fn'] and c['line'] > a['line'] and
                         re.search(r'(^|[^\w>])%s(<0|<=0|<1)($|[^\w])|IS_ERR_VALUE\(%s\)' % (
                             re.escape(var), re.escape(var)), c['cond']) and
                         (rel['fn'] != a['fn'] or c['line'] < rel['line'])]
                if guard:
                    continue
            return '%s can hold an errno (%s = %s at %s%s)' % (
                n, var, a['rhs'].split('(')[0] + '()', where(a),
                ', declared %s' % t if t else '')
        return None

    def errno_path(self, a, rel, var):
        """The source lines of a path on which var, assigned a gup return by
        assign fact a, can still hold an errno when it reaches release rel in
        the same function ([] when every path excludes it: a check on the path
        sends an errno elsewhere, or var is assigned again), or None when the
        function's control flow is not at hand (no --src, unbalanced braces)."""
        from pincheck import Cond       # scripts/pincheck.py: the checks' values
        g = self.cfg(a['file'], a['fn'])
        if g is None:
            return None

        def at(line):
            return [i for i, x in enumerate(g.nodes) if x['kind'] in ('stmt', 'cond', 'ret') and
                    x['line'] <= line <= x['last']]
        starts, ends = at(a['line']), set(at(rel['line']))
        if len(starts) != 1 or not ends or starts[0] in ends:
            return None
        again = re.compile(r'(?:^|[^\w.>])%s(?:=(?!=)|\+=|-=)(.*)$' % re.escape(var))
        cond = Cond({var: 'NEG'}, set(), '')
        prev = {}
        x = g.nodes[starts[0]]
        succ = [s for s in x['succ'] if s is not None]
        if x['kind'] == 'cond' and len(succ) == 2:
            # if ((n = gup(...)) < 0): the check of the value just assigned
            v = cond.eval(x['text'].replace('%s=%s' % (var, a['rhs']), var))
            succ = succ if v is None else [succ[0] if v else succ[1]]
        todo = [(s, starts[0]) for s in succ]
        while todo:
            i, p = todo.pop()
            if i in prev or i == starts[0]:
                continue
            prev[i] = p
            if i in ends:
                lines, j = [], i
                while j != starts[0]:
                    if g.nodes[j]['kind'] == 'cond':
                        lines.append(g.nodes[j]['line'])
                    j = prev[j]
                return sorted(set(lines)) or [g.nodes[i]['line']]
            x = g.nodes[i]
            succ = [s for s in x['succ'] if s is not None]
            if x['kind'] == 'cond' and len(succ) == 2:
                v = cond.eval(x['text'])
                succ = succ if v is None else [succ[0] if v else succ[1]]
            elif x['kind'] == 'stmt':
                m = again.search(x['text'])
                if m and not re.match(r'^-|%s\b' % re.escape(var), m.group(1)):
                    continue    # another value (a count, 0, ...): no longer the errno
            todo += [(s, i) for s in succ]
        return []

    # -- one acquire ---------------------------------------------------------
    def analyse(self, a):
        """The flow of one acquire: dict(releases, sinks, reach, uses, foreign, null)."""
        P, G = self.P, self.G
        api = a['callee']
        gen, m = pick_form(api, a['args'])
        info = dict(gen=gen, form=m, reach=set(), releases=[], sinks=[], uses=[], foreign=[])
        if gen is None:
            # an argument list it cannot read: still the owner of what its
            # page-like arguments reach (so nobody else's release is rewritten)
            pg = [x for x in a['args'] if looks_pages(x) and P.loc(x, a['file'], a['fn'])]
            if not pg:
                return info
            m = {'pages': pg[-1]}
        start = P.loc(m['pages'], a['file'], a['fn'])
        info['start'] = start
        if start is None:
            return info
        if start[0] == 'F' and start[1] == '?':
            info['sinks'].append('the pages go into %s, a field of a structure whose type the facts '
                                 'do not show: not followed' % fmt_loc(start))
            return info
        parents = {}
        # the version gate: nothing in an #if branch compiled for no kernel
        # the acquire is compiled for is credited to it
        keep = None if self.gate is None else (lambda f: not self.gate.disjoint(a, f))
        if a.get('_via') is not None:
            # a call through a wrapper: the call itself is the acquire, not a
            # step into the wrapper's parameters (and on to its other callers)
            via, gkeep = a['_via'], keep
            keep = lambda f: f is not via and (gkeep is None or gkeep(f))  # noqa: E731
        reach = G.reach(start, parents, info['sinks'], keep=keep)
        # the array the call fills may be another place's storage, named
        # through a local (pages = obj->pages; plist = &chunk->p[got]):
        # the pages are there too, and so are its releases
        for o, fact in G.array_aliases(start, keep):
            if o[0] == 'F' and o[1] == '?':
                info['sinks'].append('the pages are written into %s at %s, a field of a structure '
                                     'whose type the facts do not show: not followed' % (
                                         fmt_loc(o), where(fact)))
                continue
            more = {}
            reach |= G.reach(o, more, info['sinks'], keep=keep)
            more[o] = start
            for k, v in more.items():
                parents.setdefault(k, v)
        info['reach'] = reach
        info['parents'] = parents
        # the pages a function returns reach its callers only through
        # captures.  The locations in a fixed order: the reasons list the
        # sinks in it (a set's order changes from run to run).
        for l in sorted(reach):
            if l[0] == 'R':
                nc = len([c for c in P.calls_of.get(l[2], [])
                          if (P.resolve(l[2], c['file']) or {}).get('file') == l[1]])
                if nc == 0 or nc > len(G.callers_capture.get((l[1], l[2]), [])):
                    info['sinks'].append('returned by %s() to %s' % (
                        l[2], 'callers outside the candidate files' if nc == 0 else
                        'a caller that does not store the result in a variable'))
        for l in sorted(reach | {start}):
            why = self.open_boundary(l, info['sinks'])
            if why:
                info['sinks'].append(why)
                info.setdefault('fescapes', []).append((l[1], l[2]))
        if keep is None:
            keep = lambda f: True   # noqa: E731
        # a field of a structure the facts do not type (a macro accessor, a
        # structure from a header no candidate includes): a release or an
        # unfollowed use of ->f there may be these pages, so it is named,
        # never silently skipped
        untyped = {('F', '?', l[2]) for l in reach if l[0] == 'F' and l[1] != '?'}
        for u in sorted(untyped):
            if u in reach:
                continue
            for y in sorted(G.reach_cached(u)):
                if y in reach:
                    continue
                for r in G.releases.get(y, []):
                    if keep(r):
                        info['sinks'].append(
                            '%s() at %s releases pages read from %s of a structure whose type '
                            'the facts do not show: they may be these pages' % (
                                r['callee'], where(r), fmt_loc(u)))
                for f, s in G.sinks.get(y, []):
                    if keep(f):
                        info['sinks'].append('%s (through %s of a structure whose type the facts '
                                             'do not show: they may be these pages)' % (s, fmt_loc(u)))
        for l in sorted(reach):
            rels = [r for r in G.releases.get(l, []) if keep(r)]
            if rels and l[0] == 'V':
                # a helper's parameter: what its other callers pass reaches
                # the same release
                for o in sorted(G.origins(l) - reach):
                    for fact, text in G.foreign.get(o, []):
                        if keep(fact):
                            info['foreign'].append(
                                '%s() at %s may also release what %s holds: other pages (= %s at %s)'
                                % (rels[0]['callee'], where(rels[0]), fmt_loc(o), text, where(fact)))
            for r in G.releases.get(l, []):
                if not keep(r):
                    continue
                info['releases'].append(r)
                if l != start:
                    info.setdefault('via', {})[(r['file'], r['line'], r['col'])] = G.path(parents, l)
            info['sinks'] += [s for f, s in G.sinks.get(l, []) if keep(f)]
            info['uses'] += [u for u in G.uses.get(l, []) if keep(u[0])]
            for fact, text in G.foreign.get(l, []):
                if keep(fact):
                    info['foreign'].append('%s also holds other pages (= %s at %s)' % (
                        fmt_loc(l), text, where(fact)))
            for c, sgl in G.sgwrites.get(l, []):
                if not keep(c):
                    continue
                info['uses'].append((c, 'sg'))
                for r in [r for r in G.releases.get(('SGREL',), []) if keep(r)]:
                    info['sinks'].append('the pages go into an sg table (%s() at %s) and %s at %s '
                                         'puts pages taken from an sg table: not followed' % (
                                             c['callee'], where(c), r['callee'], where(r)))
        return info

    def open_boundary(self, l, sinks):
        """Why location l, a parameter or the return value of a function that
        is not static, lets the pages meet code the facts do not hold, or
        None.  Its callers may sit in any file of the tree: the pages may go
        to a caller that releases them there, and a caller may pass pages of
        its own to the releases found here.  Unless the second round read
        every file that names the function (self.complete), it stays open."""
        if not l or l[0] not in ('V', 'R') or not self.src:
            return None     # without the source (unit tests) nothing tells static
        d = next((x for x in self.P.defs.get(l[2], []) if x['file'] == l[1]), None)
        if d is None:
            return None
        if l[0] == 'V':
            if l[3] not in [p[1] for p in d['params']]:
                return None
            what = 'its parameter %s' % l[3]
        else:
            what = 'its return value'
            if any(s.startswith('returned by %s() to ' % l[2]) for s in sinks):
                return None     # said already: no caller at all
        why = (self.complete or {}).get(l[2], '')
        if self.is_static(d) or why is None:
            return None
        return ('the pages cross %s() at %s through %s, and %s() is not static: callers %s may '
                'keep them or pass pages of their own%s' % (
                    l[2], where(d), what, l[2],
                    'outside the tree' if why.startswith('EXPORT_SYMBOL') else
                    'in files the analysis did not read' if not why or 'files name it' in why else
                    'through a use it cannot follow', ' (%s)' % why if why else ''))

    def is_static(self, d):
        """Whether the definition of function record d says static (its
        line, or the line before when the name starts its line)."""
        lines = (self.text(d['file']) or '').split('\n')
        if len(lines) < d['line']:
            return False
        head = lines[d['line'] - 1][:max(d['col'], 0)]
        if not head.strip() and d['line'] > 1:
            head = lines[d['line'] - 2]
        return bool(re.search(r'\bstatic\b', head))

    def text(self, f):
        """The text of file f of the tree (--src), or None.  Cached."""
        if f not in self._text:
            try:
                with open(os.path.join(self.src, f), errors='replace') as fh:
                    self._text[f] = fh.read()
            except (OSError, TypeError):     # no such file, or no --src
                self._text[f] = None
        return self._text[f]

    def cfg(self, f, fn):
        """The control flow of function fn of file f (scripts/cflow.py), or
        None (no source, unbalanced braces).  Cached."""
        key = (f, fn)
        if key not in self._cfg:
            import cflow                # scripts/cflow.py
            d = [x for x in self.P.defs.get(fn, []) if x['file'] == f]
            t = self.text(f) if d else None
            self._cfg[key] = cflow.build(t, d[0]['line']) if t else None
        return self._cfg[key]

    def uncalled_param(self, l):
        """', which is a parameter of f() that nothing calls ...' when location
        l is a parameter of a function no candidate file calls, else ''."""
        if not l or l[0] != 'V':
            return ''
        d = next((x for x in self.P.defs.get(l[2], []) if x['file'] == l[1]), None)
        if d is None or l[3] not in [p[1] for p in d['params']]:
            return ''
        if any((self.P.resolve(l[2], c['file']) or {}).get('file') == l[1]
               for c in self.P.calls_of.get(l[2], [])):
            return ''
        return (': %s is a parameter of %s(), which no candidate file calls; its callers '
                'hold and release the pages' % (l[3], l[2]))

    def maybe_null(self, a, m):
        pg = m['pages']
        if NULLISH.match(pg):
            return 'no pages array: the call only faults the pages in'
        l = self.P.loc(pg, a['file'], a['fn'])
        if l and l[0] == 'V' and core(pg) == pg:
            var = l[3]
            mine = [x for x in self.P.by_kind['assign']
                    if (x['file'], x['fn']) == (l[1], l[2]) and x['lhs'] == var]
            nulls = [x for x in mine if NULLISH.match(x['rhs'])]
            if nulls:
                # NULL, then an allocation checked for NULL before the call:
                # the array is there when the call runs.  The check may
                # hold the allocation itself: (pages = kmalloc(..)) == NULL
                last = max(x['line'] for x in nulls)
                v = re.escape(var)
                checked = [c for c in self.P.by_kind['cond']
                           if (c['file'], c['fn']) == (l[1], l[2]) and
                           last < c['line'] < a['line'] and
                           (re.search(r'(^|[^\w>.])(!%s|%s==NULL|NULL==%s)($|[^\w])' % (
                               (v,) * 3), c['cond']) or
                            (re.match(r'^(!\(%s=.*\)|\(%s=.*\)==NULL|NULL==\(%s=.*\))$' % (
                                (v,) * 3), c['cond']) and not re.search(r'&&|\|\|', c['cond'])))]
                allocs = [x for x in mine if last < x['line'] < a['line'] and ALLOC_RE.match(x['rhs'])
                          and not NULLISH.match(x['rhs'])]
                if not (checked and allocs):
                    x = nulls[0]
                    return ('%s may be NULL here (%s = NULL at %s): pin_user_pages*() refuses a NULL '
                            'pages array; the call also faults in: split it by hand' % (
                                var, var, where(x)))
            d = next((x for x in self.P.defs.get(l[2], []) if x['file'] == l[1]), None)
            if d:
                idx = [p[1] for p in d['params']].index(l[3]) if l[3] in [p[1] for p in d['params']] else -1
                for c in self.P.calls_of.get(l[2], []):
                    if (self.P.resolve(l[2], c['file']) or {}).get('file') != l[1]:
                        continue    # a function of that name in another file
                    if 0 <= idx < len(c['args']) and NULLISH.match(c['args'][idx]):
                        return ('%s may be NULL: %s() passes NULL at %s; pin_user_pages*() refuses a '
                                'NULL pages array' % (l[3], c['fn'], where(c)))
        return None

    def longterm(self, a, info, rel_fns):
        """(bool, evidence text)."""
        fields = sorted({fmt_loc(l) for l in info['reach'] if l[0] in ('F', 'G')})
        others = sorted(rel_fns - {a['function']})
        if not others:
            return False, 'released in %s() itself: per-call pin' % a['function']
        if not fields:
            how = 'call arguments and return values' if any(l[0] == 'R' for l in info['reach']) \
                else 'call arguments'
            return False, 'released in %s(), reached through %s only' % ('(), '.join(others), how)

        def up(fn, depth=4):
            seen, todo = {fn}, [fn]
            for _ in range(depth):
                todo = [c for f in todo for c in self.callers.get(f, ()) if c not in seen]
                seen.update(todo)
            return seen
        acq_up = up(a['function'])
        for r in others:
            rup = up(r)
            for c in sorted((acq_up & rup) - {a['function'], r}):
                stack = self.stack_object(c, {l[1] for l in info['reach'] if l[0] == 'F'})
                if stack:
                    return False, ('%s() pins (via %s()) and releases (via %s()) the pages of its '
                                   'stack object %s within one call: per-I/O pin, no FOLL_LONGTERM'
                                   % (c, a['function'], r, stack))
            comp = sorted(f for f in rup if COMPLETION_RE.search(f) and not TEARDOWN_RE.search(f))
            if comp:
                return False, ('released from %s(), an I/O completion: per-I/O pin, no FOLL_LONGTERM'
                               % comp[0])
        entry = sorted(f for r in others for f in up(r) if ENTRY_RE.search(f))
        if entry:
            return True, 'kept in %s until %s() releases them: FOLL_LONGTERM' % (
                ', '.join(fields), entry[0])
        return False, ('kept in %s and released in %s(); no release/close/unmap entry point seen, '
                       'so no FOLL_LONGTERM' % (', '.join(fields), ', '.join(others)))

    def stack_object(self, fn, structs):
        """A local of fn whose type is one of structs (the structures holding
        the pages), passed by address to a call ('cb'), or None."""
        for c in self.P.by_kind['call']:
            if c['fn'] != fn:
                continue
            for arg in c['args']:
                m = re.match(r'^&(%s)$' % WORD, arg)
                if m:
                    t = self.P.decls.get((c['file'], fn), {}).get(m.group(1), '')
                    if '*' not in t and struct_name(t, self.P.typedefs) in structs:
                        return m.group(1)
        return None

    def case_of(self, info, longterm):
        dma = sorted({c['callee'] for c, r in info['uses'] if r in ('dma', 'sg', 'pfn')})
        cpu = sorted({c['callee'] for c, r in info['uses'] if r == 'cpu'})
        if dma:
            return ('2' if longterm else '1'), 'used for DMA (%s)' % ', '.join(dma[:3])
        if cpu:
            return '5', 'data accessed by the CPU (%s)' % ', '.join(cpu[:3])
        return ('2' if longterm else '1'), ('no DMA mapping or kernel mapping of the pages seen '
                                            '(case from the pin\'s lifetime only)')

    def choose_call(self, api, m, longterm, a, form=None):
        """(new api, new args list, note) or (None, None, reason).  form: the
        canonical argument names of the call's own generation, when an #if
        branch says which kernels it is for: the pin call of the same name
        then takes the same arguments (pin_*() mirrors get_*() on every
        kernel since 5.6), not those of the target tree."""
        pins = self.T['pins']
        flags, why = new_flags(m, longterm)
        if flags is None:
            return None, None, why
        want = PIN_OF[api]
        # same locking contract only: _unlocked and _fast take mmap_lock
        # themselves; _locked and plain pin_user_pages() run under the caller's
        cands = {'get_user_pages_unlocked': [want, 'pin_user_pages_fast'],
                 'get_user_pages_locked': [want, 'pin_user_pages']}.get(api, [want])
        note = ''
        if api == 'get_user_pages_longterm' and not longterm:
            flags = or_terms([flags, 'FOLL_LONGTERM']) if flags != '0' else 'FOLL_LONGTERM'
            longterm = True
        tried = []
        for name in cands:
            t = pins.get(name)
            if t is None:
                tried.append('%s() does not exist' % name)
                continue
            fl = set(re.findall(r'FOLL_\w+', flags))
            if fl & t['refuses']:
                tried.append('%s() (%s) refuses %s' % (name, t['where'], ', '.join(sorted(fl & t['refuses']))))
                continue
            if t['allowed'] is not None and fl - t['allowed'] - {'FOLL_PIN'}:
                tried.append('%s() refuses %s' % (name, ', '.join(sorted(fl - t['allowed']))))
                continue
            vals = dict(m)
            vals['flags'] = flags
            params = form if form and name == want else t['params']
            # arguments the pin call does not take must be NULL/absent
            lost = [k for k in vals if k not in params and k not in ('write', 'force', 'tsk')
                    and not NULLISH.match(vals[k])]
            if 'tsk' in vals and 'tsk' not in params:
                note += ('; the tsk argument is dropped: %s() has none (5.9 removed it; it only '
                         'chose whose fault counters to charge)' % name)
            if 'locked' in lost and re.match(r'^&%s$' % WORD, vals['locked']) and \
                    api == 'get_user_pages_locked':
                lost.remove('locked')
                note = ('; the target has no pin_user_pages_locked(): %s() with the lock held never '
                        'drops it, so %s stays 1' % (name, vals['locked'][1:]))
            if lost:
                tried.append('%s() has no %s argument' % (name, '/'.join(lost)))
                continue
            if name != want and api == 'get_user_pages_unlocked':
                note = '; %s, so %s() (takes mmap_lock itself like the _unlocked call, and accepts it)' % (
                    '; '.join(tried), name)
            args = [vals.get(k, 'NULL') if k != 'mm' or 'mm' in vals else 'current->mm'
                    for k in params]
            return name, args, note
        return None, None, 'no pin variant the target accepts: ' + '; '.join(tried)

    def wrapper_calls(self):
        """The driver's wrappers the gate lets convert with their calls
        (scripts/gate.py FlowGate.wrapper_groups()): (groups, synthetic
        acquires).  groups: {name: dict(kind, where, api, bodies [(fact,
        row)] to rewrite, block: why the group stays or None, calls [call
        keys])}.  Each call of a wrapper becomes an acquire of the body's
        gup function with the body's arguments, the wrapper's parameters
        replaced by the call's arguments (_via: the call fact, which is then
        not a sink of its own pages), so its pages are followed from the
        caller like any acquire's."""
        P = self.P
        groups, synth = {}, []
        if self.gate is None:
            return groups, synth
        bodyfacts = collections.defaultdict(dict)
        for a in self.acqs:
            wb = self.gate.wrapper_body(a)
            if wb is not None:
                bodyfacts[wb['function']][(wb['file'], wb['line'], wb['col'])] = a
        for name, g in sorted(self.gate.wrapper_groups().items()):
            b0 = g['bodies'][0]
            m = re.match(r'body of the wrapper (\w+) \S+ \(([^)]*)\)', b0['reason'])
            kind, wh = (m.group(1), m.group(2)) if m else ('', '')
            grp = dict(kind=kind, where=wh, api=b0['api'], bodies=[], block=None, calls=[])
            groups[name] = grp
            kept = [b for b in g['bodies'] if b['hold'] == 'wrapper-kept']
            conv = [b for b in g['bodies'] if b['hold'] == 'wrapper']
            if kept:
                b = kept[0]
                grp['block'] = 'its definition at %s:%d stays (%s)' % (
                    b['file'], b['line'], b['reason'].split('this definition stays: ', 1)[-1])
            elif not conv:
                grp['block'] = 'none of its definitions is compiled for the kernels the code builds on'
            for b in conv:
                f = bodyfacts[name].get((b['file'], b['line'], b['col'])) or next(
                    (x for (fl, ln, _), x in bodyfacts[name].items()
                     if (fl, ln) == (b['file'], b['line']) and x['callee'] == b['api']), None)
                if f is None:
                    grp['block'] = grp['block'] or ('the facts do not show the %s() call of its '
                                                    'body at %s:%d' % (b['api'], b['file'], b['line']))
                else:
                    grp['bodies'].append((f, b))
            if len({f['callee'] for f, _ in grp['bodies']}) > 1:
                grp['block'] = grp['block'] or 'its definitions call different gup functions'
            params = None
            d = [x for x in P.defs.get(name, []) if grp['bodies'] and x['file'] == grp['bodies'][0][0]['file']]
            if d:
                params = [p[1] for p in d[0]['params']]
            elif grp['bodies']:
                params = self.gate.macro_params(grp['bodies'][0][1])
            if params is None and not grp['block']:
                grp['block'] = 'its parameters cannot be read'
            pages = {pick_form(f['callee'], f['args'])[1].get('pages') if pick_form(
                f['callee'], f['args'])[0] else None for f, _ in grp['bodies']}
            if not grp['block'] and (len(pages) != 1 or None in pages):
                grp['block'] = 'its definitions do not pass one pages argument the same way'
            for c in g['calls']:
                cf = [x for x in P.by_kind['call'] if x['file'] == c['file'] and
                      x['line'] == c['line'] and x['callee'] == name]
                key = (c['file'], c['line'], c['col'])
                grp['calls'].append(key)
                a = dict(file=c['file'], line=c['line'], col=c['col'], fn=c['function'] or '?',
                         callee=grp['api'], args=[], role='acquire', kind='call', _wrapper=name,
                         _row=c)
                if grp['block']:
                    if cf:
                        a['fn'] = cf[0]['fn']
                elif not cf:
                    a['_block'] = 'the facts do not show this call'
                elif len(cf[0]['args']) == len(params):
                    a.update(fn=cf[0]['fn'], _via=cf[0], args=subst(
                        grp['bodies'][0][0]['args'], params, cf[0]['args']))
                else:
                    a['_block'] = 'its arguments do not match the wrapper\'s parameters'
                synth.append(a)
        return groups, synth

    def wblocked(self, grp, w, bad, sites, why=None):
        """Why a call of wrapper w stays: the wrapper and all its calls
        convert together, and bad (a call's key) or why (the group's
        blocker) stops them."""
        head = ('call through the driver\'s wrapper %s %s (%s) around %s(): the wrapper and '
                'all its calls convert together or not at all' % (
                    grp['kind'], w, grp['where'], grp['api']))
        if why:
            return '%s, and %s: convert them by hand' % (head, why)
        r = next(x for x in sites if (x['file'], x['line'], x['col']) == bad)
        probs = r.get('_problems') or [r.get('reason', 'not analysed')]
        return '%s, and the call at %s:%d in %s() cannot: %s' % (
            head, r['file'], r['line'], r['function'], '; '.join(dict.fromkeys(probs)))

    def solve(self):
        P = self.P
        sites, verdict = [], {}
        infos = {}
        held = {}       # acquire key -> the gate row that holds it
        wgroups, wsynth = self.wrapper_calls()
        for a in self.acqs + wsynth:
            key = (a['file'], a['line'], a['col'])
            api = a['callee']
            rec = dict(file=a['file'], line=a['line'], col=a['col'], function=a['fn'], api=api,
                       case='?', confidence='High', evidence=[], longterm=False)
            sites.append(rec)
            if '_wrapper' in a:
                # a call through a driver's wrapper (wrapper_calls())
                rec.update(_api=a['_row']['api'], _wrapper=a['_wrapper'])
                if a.get('_block') or wgroups[a['_wrapper']]['block']:
                    rec['_all'] = self.analyse(a) if a['args'] else dict(releases=[])
                    rec['_block'] = a.get('_block')
                    rec.update(verdict='needs-manual', confidence='Moderate')
                    continue
            rec['_all'] = self.analyse(a)   # every acquire owns the releases it reaches
            if a['role'] == 'pinned':
                rec.update(verdict='kept', case='-', reason='already FOLL_PIN (pin_user_pages*())')
                continue
            wb = self.gate.wrapper_body(a) if self.gate else None
            if wb is not None:
                # a wrapper's body: its calls own the pages (wrapper_calls())
                rec.update(verdict='wrapper', case='-', reason=wb['reason'])
                rec['_all'] = dict(releases=[])
                continue
            g = self.gate.held(a) if self.gate else None
            if g is not None:
                # the version gate holds it (scripts/gate.py): no rewrite, the
                # gate's verdict; its releases stay (fixpoint below)
                rec.update(verdict=g['verdict'], case=g['case'], confidence=g['confidence'],
                           reason=g['reason'])
                held[key] = g
                continue
            for rx, v, case, why in KNOWN:
                if re.search(rx, a['file']):
                    rec.update(verdict=v, case=case, reason=why)
                    break
            if 'verdict' in rec:
                continue
            gen, m = pick_form(api, a['args'])
            if gen is None:
                rec.update(verdict='needs-manual', confidence='Moderate', reason=m)
                continue
            rec['generation'] = gen
            # in a version-dependent #if branch the branch says which kernels
            # the form is for: no guess from the target tree's form
            names = dict(ACQ_FORMS[api])[gen].split()
            vfact = wgroups[a['_wrapper']]['bodies'][0][0] if '_wrapper' in a else a
            ranged = self.gate is not None and self.gate.versioned(vfact) and \
                not {'write', 'force'} & set(names)
            rec['_form'] = names if ranged else None
            if not ranged and not gen_is_current(api, gen, self.T) and '_wrapper' not in a and \
                    api in ('get_user_pages', 'get_user_pages_remote', 'get_user_pages_unlocked'):
                sib = [c for c in self.acqs if c is not a and (c['file'], c['fn']) == (a['file'], a['fn'])
                       and c['callee'] in (api, PIN_OF[api]) and
                       (c['role'] == 'pinned' or gen_is_current(c['callee'], (pick_form(
                           c['callee'], c['args'])[0] or ''), self.T))]
                if sib:
                    rec.update(verdict='kept', case='-', reason=(
                        '%s argument list of %s(): a branch for older kernels beside the current '
                        'form at line %d' % (gen, api, sib[0]['line'])))
                    continue
            nul = self.maybe_null(a, m)
            if nul:
                rec.update(verdict='kept', case='4', reason=nul)
                continue
            info = self.analyse(a)
            infos[key] = info
            rec['_info'] = info
            rec['_m'] = m
            rec['_args'] = a['args']
        # notifier: only when it protects a structure the pages go into
        notif = [c for c in P.by_kind['call'] if c['role'] == 'notifier']
        for rec in sites:
            info = rec.get('_info')
            if info is None or 'verdict' in rec:
                continue
            ns = [c for c in notif if c['file'] == rec['file']]
            if ns:
                sts = {l[1] for l in info['reach'] if l[0] == 'F' and l[1] != '?'}
                prot = set()
                for c in ns:
                    l = P.loc(c['args'][0], c['file'], c['fn']) if c['args'] else None
                    if l and l[0] == 'F' and l[1] != '?':
                        prot.add(l[1])
                    if c['args']:
                        b = re.match(r'^&?(\w+)(->|\.)', c['args'][0])
                        t = b and P.vtype(c['file'], c['fn'], b.group(1)) or ''
                        sm = re.match(r'^struct(\w+)', t.replace(' ', ''))
                        if sm:
                            prot.add(sm.group(1))
                if sts & prot:
                    rec.update(verdict='kept', case='3', confidence='Moderate', reason=(
                        'an MMU notifier (%s() at %s) covers struct %s, which holds the pages: '
                        'followed by invalidation, not pinned' % (ns[0]['callee'], where(ns[0]),
                                                                  sorted(sts & prot)[0])))
                else:
                    rec.update(verdict='needs-manual', confidence='Moderate', reason=(
                        '%s() at %s registers an MMU notifier; not shown to cover the structure the '
                        'pages go into: pin, or keep it as a notifier user, by hand' % (
                            ns[0]['callee'], where(ns[0]))))
        # candidates, then the fixpoint over shared releases
        cand = {}
        for rec in sites:
            info = rec.get('_info')
            if info is None or 'verdict' in rec:
                continue
            problems = list(info['sinks']) + info['foreign']
            if info.get('start') is None:
                problems.append('pages argument %s is not a variable or field it can follow' %
                                rec['_m']['pages'])
            rels = [r for r in info['releases'] if r['callee'] not in (
                'unpin_user_page', 'unpin_user_pages', 'unpin_user_pages_dirty_lock',
                'unpin_user_page_range_dirty_lock')]
            for r in rels:
                if r['callee'] in ('put_page', 'put_user_page') and r['args']:
                    # an element indexed by the count itself: while (got--)
                    # put_page(pages[got]) runs with an errno as the index
                    m = re.search(r'\[([^\[\]]*)\]$', r['args'][0])
                    for w in sorted(set(re.findall(r'\b[A-Za-z_]\w*\b', m.group(1)) if m else ())):
                        l = self.P.loc(w, r['file'], r['fn'])
                        why = self.count_unsafe(w, r) if l in self.errno_src else None
                        if why:
                            problems.append('%s(%s) at %s: %s; an unpin of the element it indexes '
                                            'would unpin what is not a pinned page' % (
                                                r['callee'], r['args'][0], where(r), why))
                if r['callee'] in ('put_page', 'put_user_page', 'put_user_pages',
                                   'put_user_pages_dirty_lock'):
                    continue
                if r['callee'] == 'release_pages':
                    why = self.count_unsafe(r['args'][1], r) if len(r['args']) > 1 else 'no count'
                    if why:
                        via = info.get('via', {}).get((r['file'], r['line'], r['col']))
                        problems.append('release_pages(%s) at %s%s: %s; unpin_user_pages() takes an '
                                        'unsigned count' % (', '.join(r['args']), where(r),
                                                            ' (pages of %s)' % via if via else '', why))
                    continue
                problems.append('%s(%s) at %s cannot be rewritten to an unpin' % (
                    r['callee'], ', '.join(r['args']), where(r)))
            leaves = sorted(l for l in info['reach'] if l[0] in ('F', 'G', 'R'))
            if self.failed and leaves:
                problems.append('the pages reach %s, and spatch failed on %d file(s) (%s): a release '
                                'there would not be seen' % (fmt_loc(leaves[0]), len(self.failed),
                                                             ', '.join(self.failed[:3])))
            if not info['releases'] and not problems:
                problems.append('no release of the pages (%s) found in the candidate files%s' %
                                (fmt_loc(info['start']), self.uncalled_param(info['start'])))
            g = self.gate.unfollowed(rec) if self.gate else None
            if g is not None:
                problems.append(g['reason'] + ' (the gate\'s reading of the file: no facts '
                                'of the call that stays)')
            rec['_rels'] = rels
            rec['_problems'] = problems
            cand[(rec['file'], rec['line'], rec['col'])] = rec
        wmembers = collections.defaultdict(list)   # wrapper -> its calls' keys
        for rec in sites:
            if '_wrapper' in rec:
                wmembers[rec['_wrapper']].append((rec['file'], rec['line'], rec['col']))
        for k, rec in cand.items():
            if '_wrapper' not in rec or rec['_problems']:
                continue
            # the body is rewritten, not the call: only the pin call of the
            # same arguments will do (no FOLL_LONGTERM for one caller)
            info = rec['_info']
            lt, _ = self.longterm(rec, dict(info), {r['fn'] for r in info['releases']})
            name, args, note = self.choose_call(rec['api'], rec['_m'], lt, rec, rec['_form'])
            want = PIN_OF[rec['api']]
            if name is None:
                rec['_problems'].append(note)
            elif name != want or args != rec['_args'] or note:
                rec['_problems'].append(
                    'this call needs %s(%s), not %s() with the arguments the wrapper passes: '
                    'change the wrapper by hand' % (name, ', '.join(args), want))
        owners = collections.defaultdict(set)   # release key -> acquire keys reaching it
        pinned = set()
        for rec in sites:
            info = rec['_all']
            if rec['verdict' if 'verdict' in rec else 'api'] == 'kept' and rec['case'] == '-' and \
                    rec['api'].startswith('pin_'):
                pinned.add((rec['file'], rec['line'], rec['col']))
            for r in info['releases']:
                owners[(r['file'], r['line'], r['col'])].add((rec['file'], rec['line'], rec['col']))
        changed = True
        while changed:
            changed = False
            # a wrapper converts with all its calls or not at all
            for w, keys in wmembers.items():
                bad = [x for x in keys if x not in cand or cand[x]['_problems']]
                if not bad:
                    continue
                for x in keys:
                    if x in cand and not cand[x]['_problems']:
                        cand[x]['_problems'].append(self.wblocked(wgroups[w], w, bad[0], sites))
                        changed = True
            for k, rec in cand.items():
                if rec['_problems'] or 'verdict' in rec and rec['verdict'] != 'converted':
                    if 'verdict' not in rec:
                        rec['verdict'] = 'needs-manual'
                    continue
                for r in rec['_rels']:
                    rk = (r['file'], r['line'], r['col'])
                    bad = sorted(o for o in owners[rk] if o != k and o not in pinned and
                                 (o not in cand or cand[o]['_problems']) and
                                 not (o in held and self.gate.may_share(held[o])))
                    if bad and any(o in held for o in bad):
                        o = next(o for o in bad if o in held)
                        rec['_problems'].append(self.gate.shared_reason(
                            r, core(r['args'][0]) if r['args'] else '?', held[o]))
                        changed = True
                        break
                    if bad:
                        orecs = [next(s for s in sites if (s['file'], s['line'], s['col']) == o)
                                 for o in bad]
                        rec['_problems'].append(
                            '%s() at %s also releases pages of %s, which stay%s plain references' % (
                                r['callee'], where(r), ', '.join('%s() at %s:%d' % (
                                    x.get('_api', x['api']), x['file'], x['line']) for x in orecs),
                                '' if len(bad) > 1 else 's'))
                        changed = True
                        break
        decisions = collections.defaultdict(list)
        for k, rec in cand.items():
            info = rec['_info']
            if rec['_problems']:
                rec.update(verdict='needs-manual', confidence='Moderate',
                           reason='; '.join(dict.fromkeys(rec['_problems'])))
                if '_wrapper' in rec and not rec['_problems'][0].startswith('call through'):
                    grp = wgroups[rec['_wrapper']]
                    rec['reason'] = ('call through the driver\'s wrapper %s %s (%s) around %s(): '
                                     'it converts with all its calls or not at all, and this '
                                     'one cannot: %s' % (grp['kind'], rec['_wrapper'],
                                                         grp['where'], grp['api'], rec['reason']))
                rec['evidence'] = rec['_problems']
                continue
            rel_fns = {r['fn'] for r in info['releases']}
            lt, lt_why = self.longterm(rec, dict(info), rel_fns) if True else (False, '')
            name, args, note = self.choose_call(rec['api'], rec['_m'], lt, rec, rec['_form'])
            if name is None:
                rec.update(verdict='needs-manual', confidence='Moderate', reason=note)
                continue
            lt = lt or rec['api'] == 'get_user_pages_longterm'
            case, use = self.case_of(info, lt)
            relw = sorted({'%s() at %s' % (r['callee'], where(r)) for r in info['releases']})
            reason = '%s -> %s(); releases: %s; %s; %s%s' % (
                rec['api'], name, ', '.join(relw), lt_why if rec['api'] != 'get_user_pages_longterm'
                else 'get_user_pages_longterm(): FOLL_LONGTERM', use, note)
            conf = 'High' if rel_fns <= {rec['function']} else 'Moderate'
            rec.update(verdict='converted', case=case, confidence=conf, reason=reason, longterm=lt,
                       newapi=name, evidence=relw)
            if '_wrapper' in rec:
                # the wrapper's body is rewritten, once, for all its calls
                w = rec['_wrapper']
                grp = wgroups[w]
                others = sorted('%s:%d' % (x[0], x[1]) for x in wmembers[w] if x != k)
                rec['reason'] = ('converted together with the wrapper %s %s (%s)%s: its body at %s '
                                 '-> %s(); ' % (grp['kind'], w, grp['where'],
                                                ' and its other calls (%s)' % ', '.join(others)
                                                if others else '',
                                                ', '.join('%s:%d' % (f['file'], f['line'])
                                                          for f, _ in grp['bodies']), name) +
                                 reason.split('; ', 1)[1])
                for f, _ in grp['bodies']:
                    decisions[f['file']].append(dict(
                        line=f['line'], col=f['col'], action='call', fn=f['fn'], old=f['callee'],
                        old_args=f['args'], new=PIN_OF[f['callee']], args=f['args'],
                        same_args=True, sites=sorted([x[0], x[1]] for x in wmembers[w])))
            else:
                decisions[rec['file']].append(dict(line=rec['line'], col=rec['col'], action='call',
                                                   fn=rec['function'], old=rec['api'],
                                                   old_args=rec['_args'], new=name, args=args,
                                                   same_args=args == rec['_args']))
            for r in rec['_rels']:
                decisions[r['file']].append(dict(line=r['line'], col=r['col'], action='release',
                                                 fn=r['fn'], old=r['callee'], old_args=r['args'],
                                                 sites=[[rec['file'], rec['line']]]))
        # a converted wrapper and its calls are one patch: every file of the
        # group (its bodies, its calls, their releases), for series.py
        for w, keys in wmembers.items():
            recs = [cand[x] for x in keys if x in cand]
            if len(recs) != len(keys) or any(r.get('verdict') != 'converted' for r in recs):
                continue
            files = {f['file'] for f, _ in wgroups[w]['bodies']} | {r['file'] for r in recs} | {
                x['file'] for r in recs for x in r['_info']['releases']}
            first = sorted({r['file'] for r in recs})   # the calls' files lead
            for r in recs:
                r['together'] = first + sorted(files - set(first))
        # fields whose releases may sit in files without facts: only of sites
        # that more facts could still turn into a conversion
        # functions whose callers may sit in files without facts: likewise
        self.fescapes = sorted({f for rec in cand.values()
                                if all(x.startswith(('no release of the pages', 'the pages cross '))
                                       for x in rec['_problems'])
                                for f in rec['_info'].get('fescapes', [])})
        self.escapes = sorted({(l[1], l[2], os.path.dirname(rec['file']))
                               for rec in cand.values()
                               if all(x.startswith('no release of the pages')
                                      for x in rec['_problems'])
                               for l in rec['_info']['reach'] if l[0] == 'F'})
        for rec in sites:
            if '_wrapper' in rec and rec.get('verdict') == 'needs-manual' and 'reason' not in rec:
                w = rec['_wrapper']
                why = rec.get('_block') or wgroups[w]['block']
                rec['reason'] = self.wblocked(wgroups[w], w, None, sites, why)
        out = []
        for rec in sites:
            if '_api' in rec:
                rec['api'] = rec['_api']     # wrapper->get_user_pages*
            for k in [k for k in rec if k.startswith('_')]:
                del rec[k]
            rec.setdefault('verdict', 'needs-manual')
            rec.setdefault('reason', 'not analysed')
            out.append(rec)
        for f in decisions:
            uniq = {}
            for d in decisions[f]:
                k = (d['line'], d['col'])
                if k in uniq and 'sites' in d:
                    # a release shared by several converted sites names them all
                    d = dict(d, sites=sorted(uniq[k].get('sites', []) + d['sites']))
                uniq[k] = d
            decisions[f] = sorted(uniq.values(), key=lambda d: (d['line'], d['col']))
        return out, dict(decisions)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--facts', nargs='+', required=True)
    ap.add_argument('--target', required=True)
    ap.add_argument('--default-target', default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), '..', 'build', 'linux-source-6.1'))
    ap.add_argument('--sites', required=True)
    ap.add_argument('--decisions', required=True)
    ap.add_argument('--gate', help='gate.tsv of scripts/gate.py: the calls the version and '
                    'wrapper gate holds (no rewrite, its verdict; their releases stay)')
    ap.add_argument('--src', help='the tree the facts\' file names are relative to, for the '
                    '#if version ranges of their lines (default: --target)')
    ap.add_argument('--compat', default='0', choices=['0', '1'],
                    help='COMPAT=1: a release shared with a call kept for kernels before 5.6 '
                    'is converted (pinconv_compat.h maps it back there)')
    ap.add_argument('--min-kernel', default='', help='MIN_KERNEL: lines compiled only below '
                    'it meet nothing')
    ap.add_argument('--failed', help='JSON records of failed spatch runs (file): their facts '
                    'are missing or partial')
    ap.add_argument('--escapes', help='write the structure fields the pages of undecided '
                    'sites reach (JSON lines: struct, field, dir), for a second round of facts')
    ap.add_argument('--complete', help='JSON lines of scripts/flow-extra.py --complete: the '
                    'functions every file naming which is in the facts, or why not ("open")')
    ap.add_argument('--strip', default='', help='prefix removed from file names in the output')
    a = ap.parse_args(argv)
    facts = load_facts(a.facts)
    for f in facts:
        f['file'] = os.path.normpath(f['file'])
    failed = set()
    if a.failed and os.path.exists(a.failed):
        with open(a.failed, errors='surrogateescape') as fh:
            for ln in fh:
                if ln.strip():
                    failed.add(os.path.normpath(json.loads(ln).get('file', '')))
    if a.strip:
        for f in facts:
            if f['file'].startswith(a.strip):
                f['file'] = f['file'][len(a.strip):].lstrip('/')
    target = target_api(a.target, a.default_target)
    fgate = None
    if a.gate:
        import gate     # scripts/gate.py (and verrange.py, wrappers.py)
        try:
            fgate = gate.FlowGate(gate.load(a.gate), a.src or a.target, a.compat == '1',
                                  gate.verrange.parse_version(a.min_kernel)
                                  if a.min_kernel else None)
        except (gate.GateError, gate.verrange.VerrangeError) as e:
            warn(str(e))
            return 1
    complete = None
    if a.complete:
        with open(a.complete) as fh:
            complete = {r['func']: r.get('open') for r in map(json.loads, fh) if r}
    solver = Solver(facts, target, failed, fgate, a.src or a.target, complete)
    sites, decisions = solver.solve()
    if a.escapes:
        with open(a.escapes, 'w') as fh:
            for st, fld, d in solver.escapes:
                fh.write(json.dumps(dict(struct=st, field=fld, dir=d)) + '\n')
            for f, fn in solver.fescapes:
                fh.write(json.dumps(dict(func=fn, file=f)) + '\n')
    with open(a.sites, 'w') as fh:
        for s in sorted(sites, key=lambda s: (s['file'], s['line'], s['col'])):
            fh.write(json.dumps(s, sort_keys=True) + '\n')
    with open(a.decisions, 'w') as fh:
        json.dump(decisions, fh, indent=1, sort_keys=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
