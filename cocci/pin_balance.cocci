// SPDX-License-Identifier: GPL-2.0-only
/// Check that user pages taken with get_user_pages*() (a FOLL_GET reference)
/// or pin_user_pages*() (a FOLL_PIN pin) are released by the matching call,
/// as Documentation/core-api/pin_user_pages.rst requires:
///  1. pinned pages must be released with unpin_user_page*(), never with
///     put_page()/release_pages()/put_user_page*();
///  2. get_user_pages*() pages must be released with put_page(), never with
///     unpin_user_page*();
///  3. FOLL_PIN and FOLL_GET are internal to mm/gup.c and must not be passed
///     to any get_user_pages*()/pin_user_pages*() call;
///  4. FOLL_LONGTERM references must be pins: use pin_user_pages*();
///  5. pages pinned with FOLL_WRITE and released by a plain unpin in a
///     function that never dirties them were probably meant to be released
///     with unpin_user_pages_dirty_lock() (a heuristic: an unpin in the
///     pinning function itself only counts when the CPU wrote through a
///     kmap()/page_address() of them, or a DMA was unmapped, in between);
///  6. the return value of a gup/pup call may be a negative errno and must
///     be checked before being passed as the count to unpin_user_pages*().
/// "Same pages" means the pages argument P of the gup/pup call and, later in
/// the same function, P[i], *P, P itself (release_pages(), unpin_user_pages())
/// or X for P == &X; for a struct field P == E->fld (or E->fld + i,
/// &E->fld[i]) any release of E->fld[j] in the same file counts.
///
// Confidence: Moderate
// Comments: checks 1-4 and 6 are High, check 5 (dirtying) is Low/Moderate.
// Options: --no-includes --include-headers
// Keywords: FOLL_PIN, FOLL_GET, FOLL_LONGTERM, pin_user_pages, unpin_user_page

virtual context
virtual org
virtual report

@initialize:python@
@@
import re

# Per-file facts, keyed by (file, line, column) of the gup/pup call.
NAME = {}       # call -> called function
FLAGS = {}      # call -> set of FOLL_* flags seen in the flags argument
WRITE_VARS = {} # call -> True when a flags variable got FOLL_WRITE
DIRTY_FNS = set()  # (file, function) that dirty pages somehow
USED = set()    # (call, release) with the pages mapped/used in between
DONE = set()    # (file, line, column) of release calls already reported
MSG = {}        # (file, line, column) of a finding -> message

FLAG_RE = re.compile(r'\bFOLL_(PIN|GET|LONGTERM|WRITE)\b')

FIX = {
    'put_page': 'unpin_user_page',
    'put_user_page': 'unpin_user_page',
    'release_pages': 'unpin_user_pages',
    'put_user_pages': 'unpin_user_pages',
    'put_user_pages_dirty_lock': 'unpin_user_pages_dirty_lock',
    'unpin_user_page': 'put_page',
    'unpin_user_pages': 'release_pages',
    'unpin_user_pages_dirty_lock': 'set_page_dirty_lock() + put_page',
    'unpin_user_page_range_dirty_lock': 'set_page_dirty_lock() + put_page',
}
UNPIN = ('unpin_user_page', 'unpin_user_pages',
         'unpin_user_pages_dirty_lock', 'unpin_user_page_range_dirty_lock')
PLAIN_UNPIN = ('unpin_user_page', 'unpin_user_pages')

def key(p):
    return (p[0].file, p[0].line, p[0].column)

def is_pin(p):
    """The call at p returns FOLL_PIN pins."""
    return NAME.get(key(p), '').startswith('pin_') or \
        'PIN' in FLAGS.get(key(p), ())

def is_write(p):
    return 'WRITE' in FLAGS.get(key(p), ()) or key(p) in WRITE_VARS

def internal(p):
    """mm/gup.c implements the API with the internal flags."""
    return p[0].file.endswith('mm/gup.c')

def release_problem(p, acq, r, rel):
    """Message for releasing the pages of call p by rel() at r, or None."""
    if key(r) in DONE:
        return None
    where = "%s() on line %s" % (acq, p[0].line)
    if is_pin(p) and rel not in UNPIN:
        msg = ("pinned pages released with %s(): use %s() "
               "(pages pinned by %s)" % (rel, FIX[rel], where))
    elif not is_pin(p) and rel in UNPIN:
        msg = ("get_user_pages pages released with %s(): use %s(), "
               "or take them with pin_user_pages*() (pages from %s)" %
               (rel, FIX[rel], where))
    elif is_pin(p) and rel in PLAIN_UNPIN and is_write(p) and \
            (r[0].file, r[0].current_element) not in DIRTY_FNS and \
            (p[0].current_element != r[0].current_element or
             (key(p), key(r)) in USED):
        msg = ("pages pinned with FOLL_WRITE released by %s() in a function "
               "that never dirties them: if they were written, use "
               "unpin_user_pages_dirty_lock(..., true) or set_page_dirty_lock() "
               "before unpinning (pinned by %s; moderate confidence)" %
               (rel, where))
    else:
        return None
    DONE.add(key(r))
    MSG[key(r) + ('rel',)] = msg
    return msg

# Findings are only recorded here; nothing is dropped with
# cocci.include_match(False), because that would also drop the gup/pup call
# from the environments of the later checks.  The output rules print (or
# star, through a script constraint) only the positions that have a message.
def has(q, kind):
    return key(q) + (kind,) in MSG

# For the script constraints of the context rules (no string arguments
# there: coccinelle substitutes metavariable names inside them).
def has_release(q):
    return has(q, 'rel')

def has_count(q):
    return has(q, 'count')

def has_flags(q):
    return has(q, 'flags')

PRINTED = set()

def first(r, kind, mode):
    k = key(r) + (kind, mode)
    if k in PRINTED or not has(r, kind):
        return False
    PRINTED.add(k)
    return True

def out_report(r, kind):
    if first(r, kind, 'report'):
        coccilib.report.print_report(r[0], "WARNING: " + MSG[key(r) + (kind,)])

def out_org(r, kind):
    if first(r, kind, 'org'):
        coccilib.org.print_todo(r[0], MSG[key(r) + (kind,)])

//----------------------------------------------------------------------
// Facts: every gup/pup call, its name and its flags.
//----------------------------------------------------------------------

// Every get_user_pages*()/pin_user_pages*() call: pages argument P, flags
// argument F.  The four argument orders of the family are listed apart.
// The rules below depend on this one: it gives spatch the API names
// to look for, so that a whole-tree run (make coccicheck, --dir)
// skips the files that do not name them instead of parsing them all.
@apis@
@@
(
 pin_user_pages(...)
|
 pin_user_pages_fast(...)
|
 pin_user_pages_fast_only(...)
|
 pin_user_pages_locked(...)
|
 get_user_pages(...)
|
 get_user_pages_fast(...)
|
 get_user_pages_fast_only(...)
|
 get_user_pages_locked(...)
|
 pin_user_pages_remote(...)
|
 get_user_pages_remote(...)
|
 pin_user_pages_unlocked(...)
|
 get_user_pages_unlocked(...)
|
 get_user_page_fast_only(...)
)

@gup depends on apis@
identifier f4 = {pin_user_pages, pin_user_pages_fast, pin_user_pages_fast_only,
                 pin_user_pages_locked, get_user_pages, get_user_pages_fast,
                 get_user_pages_fast_only, get_user_pages_locked};
identifier f7 = {pin_user_pages_remote, get_user_pages_remote};
identifier fu = {pin_user_pages_unlocked, get_user_pages_unlocked};
expression P, F, E1, E2, E3;
position p;
@@

(
 f4@p(E1, E2, F, P, ...)
|
 f7@p(E1, E2, E3, F, P, ...)
|
 fu@p(E1, E2, P, F)
|
 get_user_page_fast_only@p(E1, F, P)
)

@gup_name depends on apis@
position gup.p;
identifier acq;
@@

 acq@p(...)

@script:python@
p << gup.p;
F << gup.F;
acq << gup_name.acq;
@@
NAME[key(p)] = acq
FLAGS.setdefault(key(p), set()).update(FLAG_RE.findall(F))

// Flags passed through a local variable: "flags = ... FOLL_x ...", or
// "flags |= FOLL_x" on some path before the call.
@flag_var depends on apis exists@
expression gup.F;
position gup.p;
identifier acq;
expression E, G;
@@

(
 F = G
|
 F |= G
)
 ... when != F = E
 acq@p(...)

@script:python@
p << gup.p;
G << flag_var.G;
@@
found = FLAG_RE.findall(G)
FLAGS.setdefault(key(p), set()).update(f for f in found if f != 'WRITE')
if 'WRITE' in found:
	WRITE_VARS[key(p)] = True

@flag_decl depends on apis exists@
position gup.p;
identifier acq, V;
expression E, G;
type T;
@@

 T V = G;
 ... when != V = E
 acq@p(..., V, ...)

@script:python@
p << gup.p;
G << flag_decl.G;
@@
found = FLAG_RE.findall(G)
FLAGS.setdefault(key(p), set()).update(f for f in found if f != 'WRITE')
if 'WRITE' in found:
	WRITE_VARS[key(p)] = True

// Functions that dirty user pages one way or another (check 5).
@dirtier depends on apis@
identifier fn;
position d;
@@

 fn@d(...) {
 <+... \(set_page_dirty\|set_page_dirty_lock\|SetPageDirty\|
         folio_mark_dirty\|unpin_user_pages_dirty_lock\|
         unpin_user_page_range_dirty_lock\|put_user_pages_dirty_lock\|
         bio_set_pages_dirty\)(...) ...+>
 }

@script:python@
fn << dirtier.fn;
d << dirtier.d;
@@
DIRTY_FNS.add((d[0].file, fn))

// Check 5 only looks at an unpin in the pinning function itself when the
// pages were written by the CPU (through a kernel mapping) or a DMA to them
// was completed (unmapped/synced for the CPU) in between.  Otherwise it is
// the error path of the pinning code, where nothing was written yet.
@used_cpu depends on apis exists@
position gup.p;
identifier acq;
identifier rel = {unpin_user_page, unpin_user_pages};
identifier wr = {memcpy, memset, memmove, copy_from_user, __copy_from_user,
                 copy_from_iter, _copy_from_iter, bitmap_set, strscpy};
expression K, E;
position r;
@@

 acq@p(...)
 ... when any
 K = \(kmap\|kmap_atomic\|kmap_local_page\|page_address\|vmap\)(...)
 ... when any
 \(wr(K, ...)\|wr(K + E, ...)\)
 ... when any
 rel@r(...)

@script:python@
p << gup.p;
r << used_cpu.r;
@@
USED.add((key(p), key(r)))

@used_io depends on apis exists@
position gup.p;
identifier acq;
identifier rel = {unpin_user_page, unpin_user_pages};
position r;
@@

 acq@p(...)
 ... when any
 \(memcpy_to_page\|memzero_page\|clear_highpage\|copy_highpage\|
   dma_unmap_sg\|dma_unmap_sgtable\|dma_unmap_page\|dma_sync_sg_for_cpu\|
   dma_sync_sgtable_for_cpu\|dma_sync_single_for_cpu\)(...)
 ... when any
 rel@r(...)

@script:python@
p << gup.p;
r << used_io.r;
@@
USED.add((key(p), key(r)))

//----------------------------------------------------------------------
// Checks 1, 2, 5: how the pages of each call are released.
//----------------------------------------------------------------------

// P[i], *P or P itself released after the call, in the same function.
@rel_arr depends on apis exists@
expression gup.P;
position gup.p;
identifier acq;
identifier rel = {put_page, put_user_page, release_pages, put_user_pages,
                  put_user_pages_dirty_lock, unpin_user_page, unpin_user_pages,
                  unpin_user_pages_dirty_lock,
                  unpin_user_page_range_dirty_lock};
expression I, E;
position r;
@@

 acq@p(...)
 ... when != P = E
     when any
(
 rel@r(P[I], ...)
|
 rel@r(*P, ...)
|
 rel@r(P, ...)
)

@script:python@
p << gup.p;
acq << rel_arr.acq;
r << rel_arr.r;
rel << rel_arr.rel;
@@
release_problem(p, acq, r, rel)

// A single page: the call got &X, X is released.
@rel_one depends on apis exists@
position gup.p;
identifier acq;
identifier rel = {put_page, put_user_page, unpin_user_page};
expression X, E;
position r;
@@

 acq@p(..., &X, ...)
 ... when != X = E
     when any
 rel@r(X)

@script:python@
p << gup.p;
acq << rel_one.acq;
r << rel_one.r;
rel << rel_one.rel;
@@
release_problem(p, acq, r, rel)

// An array in a struct: E->fld[j] released anywhere in the file (typically
// in the object's release function).
@gup_fld depends on apis@
position gup.p;
identifier acq, fld;
expression E, I;
@@

 acq@p(..., \(E->fld\|E->fld + I\|&E->fld[I]\), ...)

@rel_fld depends on apis@
expression gup_fld.E;
identifier gup_fld.fld;
identifier rel = {put_page, put_user_page, release_pages, put_user_pages,
                  put_user_pages_dirty_lock, unpin_user_page, unpin_user_pages,
                  unpin_user_pages_dirty_lock,
                  unpin_user_page_range_dirty_lock};
expression J;
position r;
@@

(
 rel@r(E->fld[J], ...)
|
 rel@r(E->fld, ...)
|
 rel@r(E->fld + J, ...)
)

@script:python@
p << gup.p;
acq << gup_fld.acq;
r << rel_fld.r;
rel << rel_fld.rel;
@@
release_problem(p, acq, r, rel)

//----------------------------------------------------------------------
// Check 6: unpin count that may be a negative errno.
//----------------------------------------------------------------------

@neg_count depends on apis exists@
position gup.p;
identifier acq;
identifier rel = {unpin_user_pages, unpin_user_pages_dirty_lock};
idexpression N;
expression E, Q;
position r;
@@

 N = acq@p(...)
 ... when != N = E
     when != N < 0
     when != N <= 0
     when != N > 0
     when != N >= 0
     when != N < 1
     when != N >= 1
     when != IS_ERR_VALUE(N)
 rel@r(Q, N, ...)

@script:python@
p << gup.p;
acq << neg_count.acq;
r << neg_count.r;
rel << neg_count.rel;
N << neg_count.N;
@@
k = key(r) + ('count',)
if k not in MSG:
	MSG[k] = ("%s() count %s may be the negative errno returned by "
	               "%s() on line %s: unpin only if %s > 0 "
	               "(return or goto on %s < 0 first)" %
	               (rel, N, acq, p[0].line, N, N))

//----------------------------------------------------------------------
// Checks 3, 4: flags that must not be passed.
//----------------------------------------------------------------------

@bad_flags depends on apis@
position gup.p;
identifier acq;
@@

 acq@p(...)

@script:python@
p << gup.p;
acq << bad_flags.acq;
@@
flags = FLAGS.get(key(p), set()) if not internal(p) else set()
msgs = []
if 'PIN' in flags:
	msgs.append("FOLL_PIN passed to %s(): FOLL_PIN is internal to "
	            "mm/gup.c: call %s() without it" %
	            (acq, acq.replace('get_', 'pin_', 1)))
if 'GET' in flags:
	msgs.append("FOLL_GET passed to %s(): FOLL_GET is internal to "
	            "mm/gup.c: drop it (%s() already takes a reference; "
	            "use pin_user_pages*() for a pin)" %
	            (acq, acq.replace('pin_', 'get_', 1)))
if 'LONGTERM' in flags and not is_pin(p):
	msgs.append("FOLL_LONGTERM passed to %s(): long-term references "
	            "must be pins: use %s() with FOLL_LONGTERM and release "
	            "with unpin_user_page*()" %
	            (acq, acq.replace('get_', 'pin_', 1)))
if msgs:
	MSG[key(p) + ('flags',)] = "; ".join(msgs)

//----------------------------------------------------------------------
// Output.
//----------------------------------------------------------------------

@depends on apis && context@
position rel_arr.r;
position q : script:python (r) { has_release(q) };
identifier f;
@@
* f@r@q(...)

@depends on apis && context@
position rel_one.r;
position q : script:python (r) { has_release(q) };
identifier f;
@@
* f@r@q(...)

@depends on apis && context@
position rel_fld.r;
position q : script:python (r) { has_release(q) };
identifier f;
@@
* f@r@q(...)

@depends on apis && context@
position neg_count.r;
position q : script:python (r) { has_count(q) };
identifier f;
@@
* f@r@q(...)

@depends on apis && context@
position gup.p;
position q : script:python (p) { has_flags(q) };
identifier f;
@@
* f@p@q(...)

@script:python depends on report@
r << rel_arr.r;
@@
out_report(r, 'rel')

@script:python depends on org@
r << rel_arr.r;
@@
out_org(r, 'rel')

@script:python depends on report@
r << rel_one.r;
@@
out_report(r, 'rel')

@script:python depends on org@
r << rel_one.r;
@@
out_org(r, 'rel')

@script:python depends on report@
r << rel_fld.r;
@@
out_report(r, 'rel')

@script:python depends on org@
r << rel_fld.r;
@@
out_org(r, 'rel')

@script:python depends on report@
r << neg_count.r;
@@
out_report(r, 'count')

@script:python depends on org@
r << neg_count.r;
@@
out_org(r, 'count')

@script:python depends on report@
p << gup.p;
@@
out_report(p, 'flags')

@script:python depends on org@
p << gup.p;
@@
out_org(p, 'flags')
