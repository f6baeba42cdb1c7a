// SPDX-License-Identifier: GPL-2.0-only
/// Convert get_user_pages*() call sites whose pages are used for DMA or to
/// read/write their data (Documentation/core-api/pin_user_pages.rst cases 1,
/// 2 and 5) to pin_user_pages*(), together with the release of the same pages
/// in the same file (put_page(), set_page_dirty*() + put_page(), release_pages(),
/// and the 5.2-5.5 put_user_page*() names) -> unpin_user_page*().
///
/// FOLL_GET and FOLL_PIN are dropped from the flags, FOLL_WRITE, FOLL_FORCE
/// and the rest are kept, and FOLL_LONGTERM is added when the pages are kept
/// in an object reached through a pointer and released by another function
/// (an MR, a mapping table, a device context): they outlive the system call.
///
/// A site is converted only when every release of its pages in the file is
/// recognised; otherwise it is reported as needs-manual with the reason.
/// Sites of case 3 (the file registers an MMU notifier, or a known notifier
/// user), case 4 (only the struct page is needed: kvm, uprobes, futex, exec,
/// ptrace-style access, mm internals) and calls without a pages array are
/// left alone and reported as kept.  Report mode prints one line per site:
/// "<verdict> (case <n>, <confidence>): <api>() in <function>(): <reason>".
///
/// Loops are collapsed into unpin_user_pages(pages, n) only when n cannot be
/// negative (unsigned type, or the loop is guarded by n > 0); otherwise each
/// page is unpinned inside the loop, which keeps partial and negative counts
/// correct.
//
// Confidence: Moderate
// Copyright: (C) 2026 the pinconv authors.
// Comments: pages are associated with their release by expression text: the
//  same local array in the same function, or the same "obj->field" anywhere
//  in the file, or a static helper taking the array as first argument.
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
import re

# Places whose get_user_pages*() calls are not DMA/data users, by path
# (regex on the file name) and optionally function.  Kernel knowledge that
# the code alone does not show; see docs/rules.md.
KNOWN = [
	(r'(^|/)virt/kvm/|(^|/)arch/[^/]+/kvm/', None, 'kept', '4',
	 'KVM maps guest memory by pfn and follows it with its MMU notifier; it needs the struct page, not a DMA pin'),
	(r'(^|/)kernel/events/uprobes\.c$', None, 'kept', '4',
	 'uprobes reads or replaces an instruction page through its struct page'),
	(r'(^|/)kernel/futex/', None, 'kept', '4',
	 'futex needs the page only to compute the futex key'),
	(r'(^|/)fs/exec\.c$', None, 'kept', '4',
	 'exec copies argv/envp into the new stack through the struct page (no DMA, private new mm)'),
	(r'(^|/)security/tomoyo/', None, 'kept', '4',
	 'reads exec arguments like fs/exec.c: struct page access only'),
	(r'(^|/)mm/memory\.c$|(^|/)arch/arm64/kernel/mte\.c$', None, 'kept', '4',
	 'ptrace-style access_remote_vm(): short CPU copy under mmap_lock, struct page only'),
	(r'(^|/)mm/(mempolicy|madvise|rmap|ksm|migrate)\.c$', None, 'kept', '4',
	 'mm internals: the struct page is inspected or manipulated, not its data'),
	(r'(^|/)drivers/iommu/iommufd/selftest\.c$', None, 'kept', '4',
	 'the selftest looks pages up to compare their address and refcount with what iommufd pinned'),
	(r'(^|/)mm/gup_test\.c$', None, 'kept', '-',
	 'GUP_TEST calls get_user_pages*() on purpose to compare it with pin_user_pages*()'),
	(r'(^|/)mm/gup\.c$', None, 'kept', '-',
	 'the gup implementation itself'),
	(r'(^|/)include/linux/mm\.h$', None, 'kept', '-',
	 'API wrapper: its callers are the call sites'),
	(r'(^|/)lib/iov_iter\.c$', None, 'kept', '1',
	 'inside iov_iter_get_pages*(): the core series (kernel/0004) makes it pin for iov_iter_pin_pages*()'),
	(r'(^|/)drivers/gpu/drm/radeon/radeon_ttm\.c$', None, 'kept', '3',
	 'radeon userptr BOs are followed by mmu_interval_notifier (radeon_mn.c); invalidation unbinds the pages'),
	(r'(^|/)drivers/misc/sgi-gru/', None, 'kept', '3',
	 'GRU TLB entries are invalidated by its mmu_notifier (grutlbpurge.c)'),
]

PIN = {
	'get_user_pages': 'pin_user_pages',
	'get_user_pages_fast': 'pin_user_pages_fast',
	'get_user_pages_fast_only': 'pin_user_pages_fast_only',
	'get_user_pages_remote': 'pin_user_pages_remote',
	'get_user_pages_unlocked': 'pin_user_pages_unlocked',
}

DMA_SIGNS = ('sg_set_page', 'sg_alloc_table_from_pages', 'sg_alloc_append_table_from_pages',
	     'dma_map_page', 'dma_map_sg', 'dma_map_sgtable', 'page_to_phys', 'page_to_pfn',
	     'bio_add_page', 'ib_dma_map_sg', 'pci_map_page')

# Per-unit state: python globals live across the files of a run, so every
# table is keyed by unit() (one file under coccicheck and make convert).
cand = {}      # unit -> {(base, fn or None)}: pages arrays of gup calls
single = {}    # unit -> {(var, fn)}: single pages (&var)
released = {}  # unit -> {base or (var, fn): set of functions releasing it}
unsafe = {}    # unit -> {base: reason the site cannot be converted}
helpers = {}   # unit -> {helper name: first parameter}
signs = {}     # unit -> set of DMA/CPU-access functions called
notifier = set()          # units that register an MMU notifier
unsigned_release = set()  # (unit, line, col) of release_pages() with an unsigned count
conv = {}      # unit -> {(base, fn or None)} converted: releases to rewrite

def unit():
	# The files spatch handles together (one file under coccicheck).  Not
	# q[0].file: after a rewrite, positions point into a temporary copy.
	return '|'.join(cocci.files())

def pretty(e):
	return re.sub(r'\s*(->|\.)\s*', r'\1', e)

def norm(e):
	return re.sub(r'\s+', '', e)

def base_of(pg):
	"""Split a pages argument into (kind, base): ('single', var) for &var,
	('array', base) for base, base + i and &base[i]."""
	pg = norm(pg)
	m = re.match(r'^&(\w+)$', pg)
	if m:
		return ('single', m.group(1))
	m = re.match(r'^&(.+)\[[^\[\]]*\]$', pg)
	if m:
		return ('array', m.group(1))
	m = re.match(r'^(.+?)\+[^+]+$', pg)
	if m:
		return ('array', m.group(1))
	return ('array', pg)

def scope(base, fn):
	# obj->field is reachable from other functions; a local array is not.
	return None if '->' in base else fn

def is_cand(r, q):
	f = unit()
	r = norm(r)
	return (r, None) in cand.get(f, ()) or (r, q[0].current_element) in cand.get(f, ())

def is_conv(r, q):
	f = unit()
	r = norm(r)
	c = conv.get(f, ())
	if (r, None) in c or (r, q[0].current_element) in c:
		return True
	return helpers.get(f, {}).get(q[0].current_element) == r and \
		('helper:' + q[0].current_element, None) in c

def is_single_cand(x, q):
	return (norm(x), q[0].current_element) in single.get(unit(), ())

def is_single_conv(x, q):
	return (norm(x), q[0].current_element) in conv.get(unit(), ())

def note_release(q, key):
	released.setdefault(unit(), {}).setdefault(key, set()).add(q[0].current_element)

def api_at(p):
	with open(p[0].file, errors='replace') as fh:
		line = fh.readlines()[int(p[0].line) - 1]
	m = re.match(r'\w+', line[int(p[0].column):])
	return m.group(0) if m else 'get_user_pages'

def split_or(f):
	"""Split a flags expression at top-level '|'."""
	out, depth, cur = [], 0, ''
	for i, ch in enumerate(f):
		if ch in '([':
			depth += 1
		elif ch in ')]':
			depth -= 1
		if ch == '|' and depth == 0 and '||' not in (cur[-1:] + ch, f[i + 1:i + 2] + ch):
			out.append(cur.strip())
			cur = ''
		else:
			cur += ch
	out.append(cur.strip())
	return [t for t in out if t]

def newflags(f, longterm):
	terms = [t for t in split_or(f) if t not in ('FOLL_GET', 'FOLL_PIN', '0')]
	fixed = []
	for t in terms:
		if t == '1':
			t = 'FOLL_WRITE'	# a pre-4.9 "write" argument
		elif re.search(r'(==|!=|<=|>=|<|>|&&|\|\||^!)', t) and '?' not in t:
			t = '%s ? FOLL_WRITE : 0' % t	# a boolean passed as flags
		fixed.append(t)
	if longterm and 'FOLL_LONGTERM' not in fixed:
		fixed.append('FOLL_LONGTERM')
	if not fixed:
		return '0'
	if len(fixed) > 1:
		fixed = ['(%s)' % t if '?' in t else t for t in fixed]
	return ' | '.join(fixed)

def emit_site(p, verdict, case, conf, api, reason):
	msg = '%s (case %s, %s): %s() in %s(): %s' % (verdict, case, conf, api,
						      p[0].current_element, reason)
	if 'org' in virtual_modes:
		coccilib.org.print_todo(p[0], msg)
	elif 'report' in virtual_modes:
		coccilib.report.print_report(p[0], msg)

virtual_modes = set()

// The rules below depend on this one: it gives spatch the API names
// to look for, so that a whole-tree run (make coccicheck, --dir)
// skips the files that do not name them instead of parsing them all.
@apis@
@@
(
 get_user_pages(...)
|
 get_user_pages_fast(...)
|
 get_user_pages_fast_only(...)
|
 get_user_pages_remote(...)
|
 get_user_pages_unlocked(...)
|
 pin_user_pages(...)
|
 pin_user_pages_fast(...)
|
 pin_user_pages_fast_only(...)
|
 pin_user_pages_remote(...)
|
 pin_user_pages_unlocked(...)
|
 pin_user_pages_locked(...)
)

// (A script rule without metavariables must depend on apis too: one that
// depends only on a virtual rule makes spatch drop its file filter.)
@script:python depends on apis && report@
@@
virtual_modes.add('report')

@script:python depends on apis && org@
@@
virtual_modes.add('org')

// ---------------------------------------------------------------------------
// Facts about the file: MMU notifier use, DMA or CPU access to page data.

@mn depends on apis@
position q;
identifier f = {mmu_interval_notifier_insert, mmu_interval_notifier_insert_locked,
		mmu_notifier_register, __mmu_notifier_register, mmu_notifier_get,
		hmm_range_fault};
@@
f@q(...)

@script:python@
q << mn.q;
@@
notifier.add(unit())

@sig depends on apis@
position q;
identifier f = {sg_set_page, sg_alloc_table_from_pages, sg_alloc_append_table_from_pages,
		dma_map_page, dma_map_sg, dma_map_sgtable, page_to_phys, page_to_pfn,
		bio_add_page, ib_dma_map_sg, pci_map_page, kmap, kmap_local_page,
		kmap_atomic, page_address, vmap, vm_map_ram, memcpy_to_page,
		memcpy_from_page, copy_page_to_iter, copy_page_from_iter};
@@
f@q(...)

@script:python@
q << sig.q;
f << sig.f;
@@
signs.setdefault(unit(), set()).add(f)

// ---------------------------------------------------------------------------
// The call sites, with each kernel generation's argument list.  p sits on
// the function name, pf on the flags argument, PG is the pages argument.

@gup depends on apis@
expression S, N, F, PG, V, L, M, T;
position p, pf;
@@
(
 get_user_pages_fast@p(S, N, F@pf, PG)
|
 get_user_pages_fast_only@p(S, N, F@pf, PG)
|
 get_user_pages@p(S, N, F@pf, PG, V)
|
 get_user_pages@p(S, N, F@pf, PG)
|
 get_user_pages_remote@p(T, M, S, N, F@pf, PG, V, L)
|
 get_user_pages_remote@p(M, S, N, F@pf, PG, V, L)
|
 get_user_pages_remote@p(M, S, N, F@pf, PG, L)
|
 get_user_pages_unlocked@p(S, N, PG, F@pf)
)

@script:python@
p << gup.p;
PG << gup.PG;
@@
kind, b = base_of(PG)
fn = p[0].current_element
if kind == 'single':
	single.setdefault(unit(), set()).add((b, fn))
elif b != 'NULL':
	cand.setdefault(unit(), set()).add((b, scope(b, fn)))

// ---------------------------------------------------------------------------
// Which releases exist for those pages.

@rel_elem depends on apis@
expression R, I;
identifier put = {put_page, put_user_page};
position q : script:python(R) { is_cand(R, q) };
@@
put@q(R[I])

@script:python@
R << rel_elem.R;
q << rel_elem.q;
@@
note_release(q, norm(R))

@rel_batch depends on apis@
expression R, N;
identifier put = {put_user_pages, put_user_pages_dirty, put_user_pages_dirty_lock};
position q : script:python(R) { is_cand(R, q) };
@@
 put@q(R, N, ...)

@script:python@
R << rel_batch.R;
q << rel_batch.q;
@@
note_release(q, norm(R))

@rel_unsigned depends on apis@
expression R;
typedef u64, u32;
{unsigned int, unsigned long, u64, u32, size_t} UN;
position q : script:python(R) { is_cand(R, q) };
@@
 release_pages@q(R, UN)

@script:python@
R << rel_unsigned.R;
q << rel_unsigned.q;
@@
note_release(q, norm(R))
unsigned_release.add((unit(), q[0].line, q[0].column))

@rel_signed depends on apis@
expression R, N;
position q : script:python(R) { is_cand(R, q) };
@@
 release_pages@q(R, N)

@script:python@
R << rel_signed.R;
q << rel_signed.q;
N << rel_signed.N;
@@
fn = q[0].current_element
if (unit(), q[0].line, q[0].column) not in unsigned_release:
	unsafe.setdefault(unit(), {})[norm(R)] = \
		'release_pages(%s, %s) in %s(): the count may be negative, unpin_user_pages() takes an unsigned count' % (pretty(R), pretty(N), fn)

@rel_single depends on apis@
identifier X;
identifier put = {put_page, put_user_page};
position q : script:python(X) { is_single_cand(X, q) };
@@
put@q(X)

@script:python@
X << rel_single.X;
q << rel_single.q;
@@
note_release(q, (norm(X), q[0].current_element))

// A static helper whose first parameter is the array it puts.
@helper_def depends on apis@
identifier h, pp;
expression I;
type T;
@@
T h(struct page **pp, ...)
{
 <+... put_page(pp[I]) ...+>
}

@helper_call depends on apis@
identifier helper_def.h;
expression R;
position q : script:python(R) { is_cand(R, q) };
@@
h@q(R, ...)

@script:python@
h << helper_def.h;
pp << helper_def.pp;
R << helper_call.R;
q << helper_call.q;
@@
helpers.setdefault(unit(), {})[h] = pp
note_release(q, norm(R))
released[unit()].setdefault('helper-of:' + norm(R), set()).add(h)

// A page taken out of the array and put under another name: not handled.
@alias depends on apis@
expression R, E;
identifier Y;
position q : script:python(R) { is_cand(R, q) };
@@
Y = R@q[E]
... when != Y = E
put_page(Y)

@script:python@
R << alias.R;
Y << alias.Y;
q << alias.q;
@@
unsafe.setdefault(unit(), {})[norm(R)] = \
	'%s() puts %s, an alias of %s[]: convert by hand' % (q[0].current_element, Y, R)

// The array stored under another name (a structure field, another
// variable): what is released through that name, here or in another file,
// is not seen by the release rules above.
@stored depends on apis@
expression L, R;
position q : script:python(R) { is_cand(R, q) };
@@
L = R@q

@script:python@
L << stored.L;
R << stored.R;
q << stored.q;
@@
if norm(L) != norm(R):
	unsafe.setdefault(unit(), {}).setdefault(norm(R), \
		'%s() stores %s in %s (line %s): its release through that name is not followed; '
		'convert by hand' % (q[0].current_element, pretty(R), pretty(L), q[0].line))

// ---------------------------------------------------------------------------
// The decision, per call site.

@script:python mk@
p << gup.p;
F << gup.F;
PG << gup.PG;
NF;
NEWAPI;
@@
f = unit()
fn = p[0].current_element
api = api_at(p)
kind, b = base_of(PG)
verdict = None
for rx, frx, v, case, why in KNOWN:
	if re.search(rx, p[0].file) and (frx is None or re.search(frx, fn)):
		verdict, conf, reason = v, 'High', why
		break
if verdict:
	pass
elif f in notifier:
	verdict, case, conf = 'kept', '3', 'Moderate'
	reason = 'the file registers an MMU notifier: the pages are followed by invalidation, not pinned'
elif norm(PG) == 'NULL':
	verdict, case, conf = 'kept', '4', 'High'
	reason = 'no pages array: the call only faults the pages in'
elif norm(b) in unsafe.get(f, {}):
	verdict, case, conf = 'needs-manual', '?', 'Moderate'
	reason = unsafe[f][norm(b)]
else:
	key = (norm(b), fn) if kind == 'single' else norm(b)
	fns = released.get(f, {}).get(key, set())
	if not fns:
		verdict, case, conf = 'needs-manual', '?', 'Moderate'
		reason = 'no release of %s in this file: it is stored or handed on and put elsewhere' % b
if verdict:
	emit_site(p, verdict, case, conf, api, reason)
	cocci.include_match(False)
else:
	via = released[f].get('helper-of:' + norm(b), set())
	others = sorted((fns | via) - {fn})
	longterm = kind == 'array' and '->' in b and bool(others)
	s = signs.get(f, set())
	dma = sorted(s & set(DMA_SIGNS))
	cpu = sorted(s - set(DMA_SIGNS))
	if dma:
		case = '2' if longterm else '1'
		use = 'used for DMA (%s)' % ', '.join(dma[:3])
	else:
		case = '5'
		use = 'data accessed by the CPU (%s)' % (', '.join(cpu[:3]) or 'no DMA mapping seen')
	if longterm:
		reason = '%s kept in %s and released in %s(): FOLL_LONGTERM; %s' % (
			'pages', b, '(), '.join(others), use)
	else:
		reason = 'pages released in %s(); %s' % (fn, use)
	conf = 'High' if scope(b, fn) or kind == 'single' else 'Moderate'
	emit_site(p, 'converted', case, conf, api, reason)
	coccinelle.NF = cocci.make_expr(newflags(F, longterm))
	coccinelle.NEWAPI = cocci.make_ident(PIN[api])
	c = conv.setdefault(f, set())
	if kind == 'single':
		c.add((norm(b), fn))
	else:
		c.add((norm(b), scope(b, fn)))
		for h in via:
			c.add(('helper:' + h, None))

// Sites already converted, so that the report accounts for them too.  Not
// "depends on apis": mk drops every gup environment it keeps out of the
// patch (include_match(False)), and with them the record that apis matched,
// so in a file whose gup sites are all kept the rule would not run.  The
// names are spelled out instead (an identifier set gives spatch no name to
// filter files on), and pinned_name reads back which one matched.
@pinned depends on report || org@
position p;
@@
(
 pin_user_pages@p(...)
|
 pin_user_pages_fast@p(...)
|
 pin_user_pages_fast_only@p(...)
|
 pin_user_pages_remote@p(...)
|
 pin_user_pages_unlocked@p(...)
|
 pin_user_pages_locked@p(...)
)

@pinned_name@
position pinned.p;
identifier f;
@@
f@p(...)

@script:python@
f << pinned_name.f;
p << pinned.p;
@@
emit_site(p, 'kept', '-', 'High', f, 'already FOLL_PIN (pin_user_pages*())')

@depends on apis && context@
position gup.p;
identifier fn;
@@
* fn@p(...)

// ---------------------------------------------------------------------------
// Rewrites (patch mode).

@depends on apis && patch@
position gup.p, gup.pf;
expression gup.F;
expression mk.NF;
identifier mk.NEWAPI;
identifier fn;
@@
- fn@p
+ NEWAPI
  (...,
- F@pf
+ NF
  ,...)

// Whole loops, when the count cannot be negative (an unsigned type).
@depends on apis && patch@
expression R, D;
typedef u64, u32;
{unsigned int, unsigned long, u64, u32, size_t} UN;
identifier I;
identifier spd = {set_page_dirty_lock, set_page_dirty, SetPageDirty};
position q : script:python(R) { is_conv(R, q) };
@@
- for (I = 0; I < UN; I++) {
-	if (D)
-		spd(R[I]);
-	put_page@q(R[I]);
- }
+ unpin_user_pages_dirty_lock(R, UN, D);

@depends on apis && patch@
expression R;
typedef u64, u32;
{unsigned int, unsigned long, u64, u32, size_t} UN;
identifier I;
identifier spd = {set_page_dirty_lock, set_page_dirty, SetPageDirty};
position q : script:python(R) { is_conv(R, q) };
@@
- for (I = 0; I < UN; I++) {
-	spd(R[I]);
-	put_page@q(R[I]);
- }
+ unpin_user_pages_dirty_lock(R, UN, true);

@depends on apis && patch@
expression R;
typedef u64, u32;
{unsigned int, unsigned long, u64, u32, size_t} UN;
identifier I;
position q : script:python(R) { is_conv(R, q) };
@@
- for (I = 0; I < UN; I++)
-	put_page@q(R[I]);
+ unpin_user_pages(R, UN);

// Whole loops guarded by "n > 0".
@depends on apis && patch@
expression R, N, C;
identifier I;
position q : script:python(R) { is_conv(R, q) };
@@
 if (C && N > 0)
- {
- for (I = 0; I < N; I++)
-	put_page@q(R[I]);
+ unpin_user_pages(R, N);
- }

@depends on apis && patch@
expression R, N;
identifier I;
position q : script:python(R) { is_conv(R, q) };
@@
 if (N > 0)
- {
- for (I = 0; I < N; I++)
-	put_page@q(R[I]);
+ unpin_user_pages(R, N);
- }

// One array element at a time (any count, any loop shape).
@depends on apis && patch@
expression R, E, D;
identifier spd = {set_page_dirty_lock, set_page_dirty, SetPageDirty};
position q : script:python(R) { is_conv(R, q) };
@@
- if (D)
-	spd(R[E]);
- put_page@q(R[E]);
+ unpin_user_pages_dirty_lock(&R[E], 1, D);

@depends on apis && patch@
expression R, E;
identifier spd = {set_page_dirty_lock, set_page_dirty, SetPageDirty};
position q : script:python(R) { is_conv(R, q) };
@@
- spd(R[E]);
- put_page@q(R[E]);
+ unpin_user_pages_dirty_lock(&R[E], 1, true);

@depends on apis && patch@
expression R, E;
identifier put = {put_page, put_user_page};
position q : script:python(R) { is_conv(R, q) };
@@
- put@q(R[E])
+ unpin_user_page(R[E])

// A single page (&page at the call).
@depends on apis && patch@
identifier X;
expression D;
identifier spd = {set_page_dirty_lock, set_page_dirty, SetPageDirty};
position q : script:python(X) { is_single_conv(X, q) };
@@
- if (D)
-	spd(X);
- put_page@q(X);
+ unpin_user_pages_dirty_lock(&X, 1, D);

@depends on apis && patch@
identifier X;
identifier spd = {set_page_dirty_lock, set_page_dirty, SetPageDirty};
position q : script:python(X) { is_single_conv(X, q) };
@@
- spd(X);
- put_page@q(X);
+ unpin_user_pages_dirty_lock(&X, 1, true);

@depends on apis && patch@
identifier X;
identifier put = {put_page, put_user_page};
position q : script:python(X) { is_single_conv(X, q) };
@@
- put@q(X)
+ unpin_user_page(X)

// Batch releases (release_pages() only reaches here with an unsigned count:
// a signed one makes the site needs-manual), and the 5.2-5.5 names.
@depends on apis && patch@
expression R, N;
position q : script:python(R) { is_conv(R, q) };
@@
- release_pages@q(R, N)
+ unpin_user_pages(R, N)

@depends on apis && patch@
expression R, N;
position q : script:python(R) { is_conv(R, q) };
@@
- put_user_pages@q(R, N)
+ unpin_user_pages(R, N)

@depends on apis && patch@
expression R, N, D;
position q : script:python(R) { is_conv(R, q) };
@@
- put_user_pages_dirty_lock@q(R, N, D)
+ unpin_user_pages_dirty_lock(R, N, D)

@depends on apis && patch@
expression R, N;
identifier put = {put_user_pages_dirty, put_user_pages_dirty_lock};
position q : script:python(R) { is_conv(R, q) };
@@
- put@q(R, N)
+ unpin_user_pages_dirty_lock(R, N, true)
