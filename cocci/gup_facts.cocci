// SPDX-License-Identifier: GPL-2.0-only
/// Page-flow facts for scripts/pageflow.py: one JSON record per line on
/// stdout, nothing changed.  Records (every one has file, line, col, fn):
///   func   a function definition: ret type, params [[type, name], ...]
///   call   every call: callee, args [text, ...], role (acquire, pinned,
///          release, dirty, sg, sgpage, bvec, pfn, derive, bio, dma, cpu,
///          getref, filler, lock, unlock, notifier, other)
///   assign lhs = rhs (declarations with an initialiser included)
///   decl   a local or global declaration: type, name
///   return the returned expression
///   iter   for_each_sg_page()/for_each_sgtable_page() walks: sg, it;
///          for_each_sg()/for_each_sgtable_sg() walks: sg (the list), it
///          (the entry)
///   cond   the condition of an if
///   field  a member of a structure definition: struct, name, type
/// Expressions are spatch's text with blanks only between two words.
/// The solver joins these tree-wide; a balance checker can read the same
/// records (acquires, releases with their count expressions, conditions).
//
// Confidence: High
// Copyright: (C) 2026 the pinconv authors.
// Comments: match-only; run one file per spatch, -D facts (or report).
// Options: --no-includes --include-headers

virtual facts
virtual report

@initialize:python@
@@
import json
import re

ROLES = {}
for _r, _names in {
	'acquire': 'get_user_pages get_user_pages_fast get_user_pages_fast_only '
		   'get_user_pages_remote get_user_pages_unlocked get_user_pages_locked '
		   'get_user_pages_longterm __get_user_pages_fast',
	'pinned': 'pin_user_pages pin_user_pages_fast pin_user_pages_fast_only '
		  'pin_user_pages_remote pin_user_pages_unlocked pin_user_pages_locked',
	'release': 'put_page put_user_page put_user_pages put_user_pages_dirty '
		   'put_user_pages_dirty_lock release_pages unpin_user_page unpin_user_pages '
		   'unpin_user_pages_dirty_lock unpin_user_page_range_dirty_lock folio_put '
		   '__free_page __free_pages free_page put_page_testzero',
	'dirty': 'set_page_dirty set_page_dirty_lock SetPageDirty folio_mark_dirty',
	'sg': 'sg_set_page sg_assign_page sg_alloc_table_from_pages '
	      'sg_alloc_append_table_from_pages __sg_alloc_table_from_pages',
	'sgpage': 'sg_page sg_page_iter_page',
	'bvec': 'bvec_set_page',
	'bio': 'bio_add_page __bio_add_page bio_add_pc_page bio_add_hw_page',
	'pfn': 'page_to_pfn page_to_phys pfn_to_page phys_to_page',
	'derive': 'nth_page compound_head folio_page page_folio',
	'dma': 'dma_map_page dma_map_page_attrs dma_map_sg dma_map_sg_attrs dma_map_sgtable '
	       'ib_dma_map_page ib_dma_map_sg pci_map_page pci_map_sg',
	'cpu': 'kmap kmap_atomic kmap_local_page page_address vmap vm_map_ram '
	       'memcpy_to_page memcpy_from_page copy_page_to_iter copy_page_from_iter '
	       'flush_dcache_page kunmap kunmap_atomic',
	'getref': 'get_page try_get_page folio_get',
	'filler': 'iov_iter_get_pages iov_iter_get_pages2 iov_iter_get_pages_alloc '
		  'iov_iter_get_pages_alloc2 alloc_pages_bulk_array find_get_pages '
		  'find_get_pages_range',
	'lock': 'spin_lock spin_lock_irq spin_lock_irqsave spin_lock_bh raw_spin_lock '
		'raw_spin_lock_irqsave local_irq_disable local_irq_save rcu_read_lock '
		'preempt_disable read_lock write_lock write_lock_irqsave',
	'unlock': 'spin_unlock spin_unlock_irq spin_unlock_irqrestore spin_unlock_bh '
		  'raw_spin_unlock raw_spin_unlock_irqrestore local_irq_enable '
		  'local_irq_restore rcu_read_unlock preempt_enable read_unlock '
		  'write_unlock write_unlock_irqrestore',
	'notifier': 'mmu_interval_notifier_insert mmu_interval_notifier_insert_locked '
		    'mmu_notifier_register __mmu_notifier_register mmu_notifier_get '
		    'hmm_range_fault',
}.items():
	for _n in _names.split():
		ROLES[_n] = _r

def norm(e):
	"""spatch's text with blanks only where two words meet."""
	e = re.sub(r'\s+', ' ', str(e)).strip()
	return re.sub(r'(?<=\W) | (?=\W)', '', e)

def split_top(s, sep=','):
	"""Split s at top-level sep (not inside (), [], {})."""
	out, depth, cur = [], 0, ''
	for ch in s:
		if ch in '([{':
			depth += 1
		elif ch in ')]}':
			depth -= 1
		if ch == sep and depth == 0:
			out.append(cur)
			cur = ''
		else:
			cur += ch
	if cur.strip():
		out.append(cur)
	return [norm(x) for x in out]

def emit(kind, p, **kw):
	rec = dict(kind=kind, file=p[0].file, line=int(p[0].line), col=int(p[0].column),
		   fn=p[0].current_element)
	rec.update(kw)
	print(json.dumps(rec, sort_keys=True))

// The rules below depend on this one: it gives spatch the API names
// to look for, so that a whole-tree run (make coccicheck, --dir)
// skips the files that do not name them instead of parsing them all.
@apis depends on !facts@
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
 get_user_pages_locked(...)
|
 get_user_pages_longterm(...)
|
 __get_user_pages_fast(...)
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
|
 iov_iter_get_pages(...)
|
 iov_iter_get_pages2(...)
|
 iov_iter_get_pages_alloc(...)
|
 iov_iter_get_pages_alloc2(...)
|
 put_user_page(...)
|
 put_user_pages(...)
|
 put_user_pages_dirty(...)
|
 put_user_pages_dirty_lock(...)
)

@fn depends on facts || apis@
type T;
identifier f;
parameter list PS;
position q;
@@
T f@q(PS) { ... }

@script:python@
f << fn.f;
PS << fn.PS;
T << fn.T;
q << fn.q;
@@
params = []
for prm in split_top(str(PS)):
	m = re.match(r'^(.*?)(\w+)(\[\])?$', prm)
	if m and m.group(1).strip():
		params.append([norm(m.group(1)) + ('*' if m.group(3) else ''), m.group(2)])
	else:
		params.append([prm, ''])
emit('func', q, name=str(f), ret=norm(T), params=params)

@call depends on facts || apis@
identifier f;
expression list ES;
position q;
@@
f@q(ES)

@script:python@
f << call.f;
ES << call.ES;
q << call.q;
@@
emit('call', q, callee=str(f), args=split_top(str(ES)), role=ROLES.get(str(f), 'other'))

@asg depends on facts || apis@
expression L, R;
position q;
@@
L@q = R

@script:python@
L << asg.L;
R << asg.R;
q << asg.q;
@@
emit('assign', q, lhs=norm(L), rhs=norm(R))

@dcl depends on facts || apis@
type T;
identifier X;
position q;
@@
(
T X@q;
|
T X@q = ...;
)

@script:python@
T << dcl.T;
X << dcl.X;
q << dcl.q;
@@
emit('decl', q, type=norm(T), name=str(X))

@rt depends on facts || apis@
expression E;
position q;
@@
return@q E;

@script:python@
E << rt.E;
q << rt.q;
@@
emit('return', q, expr=norm(E))

@it depends on facts || apis@
iterator name for_each_sg_page;
expression SG, IT, N, O;
position q;
statement S;
@@
for_each_sg_page@q(SG, IT, N, O) S

@script:python@
SG << it.SG;
IT << it.IT;
q << it.q;
@@
emit('iter', q, sg=norm(SG), it=norm(IT))

@it2 depends on facts || apis@
iterator name for_each_sgtable_page;
expression SG, IT, O;
position q;
statement S;
@@
for_each_sgtable_page@q(SG, IT, O) S

@script:python@
SG << it2.SG;
IT << it2.IT;
q << it2.q;
@@
emit('iter', q, sg=norm(SG), it=norm(IT))

@it3 depends on facts || apis@
iterator name for_each_sg;
expression SGL, SG, N, I;
position q;
statement S;
@@
for_each_sg@q(SGL, SG, N, I) S

@script:python@
SGL << it3.SGL;
SG << it3.SG;
q << it3.q;
@@
emit('iter', q, sg=norm(SGL), it=norm(SG))

@it4 depends on facts || apis@
iterator name for_each_sgtable_sg;
expression SGT, SG, I;
position q;
statement S;
@@
for_each_sgtable_sg@q(SGT, SG, I) S

@script:python@
SGT << it4.SGT;
SG << it4.SG;
q << it4.q;
@@
emit('iter', q, sg=norm(SGT), it=norm(SG))

@cnd depends on facts || apis@
expression C;
position q;
statement S;
@@
if@q (C) S

@script:python@
C << cnd.C;
q << cnd.q;
@@
emit('cond', q, cond=norm(C))

@sf depends on facts || apis@
identifier S, f;
type T;
position q;
@@
struct S@q { ... T f; ... };

@script:python@
S << sf.S;
f << sf.f;
T << sf.T;
q << sf.q;
@@
emit('field', q, struct=str(S), name=str(f), type=norm(T))
