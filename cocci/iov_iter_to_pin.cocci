// SPDX-License-Identifier: GPL-2.0-only
/// Convert iov_iter_get_pages2() and iov_iter_get_pages_alloc2() users to
/// iov_iter_pin_pages() / iov_iter_pin_pages_alloc() (pinconv core series,
/// kernel/0004 and 0008), together with the release of the pages.  Those
/// take FOLL_PIN pins on user-backed iterators (direct I/O into user memory:
/// Documentation/core-api/pin_user_pages.rst case 1) and no reference at all
/// on kernel-backed ones, so every release must know the iterator's
/// iov_iter_pin_mode().  A site is converted only when its release is found
/// in one of four shapes:
///
///  bio:     the function adds the pages to a struct bio.  The bio is told
///           the mode (bio_set_pin_mode(), kernel/0005) and the pages the bio
///           did not keep are dropped with bio_release_page(), here and in
///           the static helpers that get the bio and a page; completion
///           already releases the bio's pages through bio_release_pages().
///  holder:  the iterator is a field of a structure (sdio->iter) that every
///           function touching the pages gets.  All get_page()/put_page() in
///           those functions become iov_iter_repin_page()/iov_iter_unpin_page()
///           in the holder's mode, and bios allocated there get the mode.
///  caller:  a helper takes the iterator and a "struct page ***" and fills
///           the array; its caller, which passes both, releases the array
///           with put_page(), release_pages() or p9_release_pages().
///  carrier: the pages land in an array field of a structure (ap->pages)
///           whose release function takes that structure.  The structure
///           gets an "enum iov_pin_mode pin_mode" field, set where the pages
///           are taken, and put_page(c->field[i]) in functions taking the
///           structure become iov_iter_unpin_page(c->field[i], c->pin_mode).
///
/// Every other site is left alone (cocci/iov_iter_pages.cocci says why).
/// Report mode prints "converted (case 1, <confidence>): <api>() in <fn>():
/// <shape>" for each converted site.  Facts mode (make convert) prints one
/// JSON record per converted site instead: rule, file, line, column,
/// function, api, verdict, case, confidence, shape (bio, holder, caller,
/// carrier), reason, release (the put_page()-family calls the conversion
/// rewrites: file, line, column, function, call) and, for the carrier shape,
/// carrier (struct, field, release function).  Whether the site is then
/// converted depends on the target's API (scripts/iovsites.py).
//
// Confidence: Moderate
// Copyright: (C) 2026 the pinconv authors.
// Comments: holder and carrier are Moderate: they assume that the pages
//  handled in the functions taking the holder, and those in the carrier's
//  array at its release, all came from the iterator.  A carrier filled
//  elsewhere has pin_mode 0 (IOV_PIN_NONE) and would no longer be put.
//  docs/rules-iov_iter.md lists what to check when reviewing.
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual org
virtual report
virtual facts

@initialize:python@
@@
import json

org_mode = []
facts_mode = []
records = {}	# (file, line, column) of the call -> its record
releases = {}	# (file, line, column) of the call -> {release position: call}

def key(p):
	return (p[0].file, int(p[0].line), int(p[0].column))

def out(p, api, fn, conf, shape, kind, carrier=None):
	m = 'converted (case 1, %s): %s() in %s(): %s' % (conf, api, fn, shape)
	if facts_mode:
		rec = dict(rule='iov_iter_to_pin', file=p[0].file, line=int(p[0].line),
			   column=int(p[0].column), function=fn, api=api,
			   verdict='converted', case='1', confidence=conf, shape=kind,
			   reason=shape)
		if carrier:
			rec['carrier'] = carrier
		old = records.get(key(p))
		# one record per call; of two shapes (or two bios) the first in
		# text order, so that the record does not depend on match order
		if old is None or (old['shape'], old['reason']) > (kind, shape):
			records[key(p)] = rec
	elif org_mode:
		coccilib.org.print_todo(p[0], m)
	else:
		coccilib.report.print_report(p[0], m)

def release(p, r, call):
	releases.setdefault(key(p), {})[
		(r[0].file, int(r[0].line), int(r[0].column), r[0].current_element)] = call

// The rules below depend on this one: it gives spatch the API names
// to look for, so that a whole-tree run (make coccicheck, --dir)
// skips the files that do not name them instead of parsing them all.
@apis@
@@
(
 iov_iter_get_pages2(...)
|
 iov_iter_get_pages_alloc2(...)
)

@script:python depends on apis && org@
@@
org_mode.append(1)

@script:python depends on apis && facts@
@@
facts_mode.append(1)

// ------------------------------------------------------------------ bio

@bio_site depends on apis exists@
identifier fn, acq = {iov_iter_get_pages2, iov_iter_get_pages_alloc2};
expression I, E;
position p;
@@
fn(...) {
<+...
E = acq@p(I, ...);
...+>
}

@bio_use depends on apis exists@
identifier bio_site.fn;
idexpression struct bio *B;
@@
fn(...) {
<+... B ...+>
}

@depends on apis && patch@
identifier bio_site.fn;
idexpression struct bio *bio_use.B;
expression I, E;
@@
fn(...) {
<...
+bio_set_pin_mode(B, iov_iter_pin_mode(I));
E =
(
-iov_iter_get_pages2
+iov_iter_pin_pages
|
-iov_iter_get_pages_alloc2
+iov_iter_pin_pages_alloc
)
  (I, ...);
...>
}

@depends on apis && patch@
identifier bio_site.fn;
idexpression struct bio *bio_use.B;
expression X;
@@
fn(...) {
<...
-put_page(X)
+bio_release_page(B, X)
...>
}

@bio_callee depends on apis exists@
identifier bio_site.fn, g;
idexpression struct bio *bio_use.B;
expression X;
@@
fn(...) {
<+... g(B, X, ...) ...+>
}

@depends on apis && patch@
identifier bio_callee.g, b, pg;
@@
g(..., struct bio *b, struct page *pg, ...) {
<...
-put_page(pg)
+bio_release_page(b, pg)
...>
}

@script:python depends on report || org || facts@
fn << bio_site.fn;
acq << bio_site.acq;
p << bio_site.p;
b << bio_use.B;
@@
out(p, acq, fn, 'High',
	'the pages are added to %s (a struct bio): bio_set_pin_mode() and bio_release_page()' % b,
	'bio')

// The releases facts mode records: put_page() in the function and in the
// helpers that get the bio and a page (completion is bio_release_pages()).
@bio_rel depends on facts && bio_use exists@
identifier bio_site.fn;
expression X;
position r;
@@
fn(...) {
<+... put_page@r(X) ...+>
}

@script:python depends on facts@
p << bio_site.p;
r << bio_rel.r;
@@
release(p, r, 'put_page')

@bio_crel depends on facts exists@
identifier bio_callee.g, b, pg;
position r;
@@
g(..., struct bio *b, struct page *pg, ...) {
<+... put_page@r(pg) ...+>
}

@script:python depends on facts@
p << bio_site.p;
r << bio_crel.r;
@@
release(p, r, 'put_page')

// --------------------------------------------------------------- holder

// The holder shape is refused when a function taking the holder also gets
// pages from somewhere else (page cache, page allocator, pipe buffers): its
// get_page()/put_page() calls are then not all about the iterator's pages.
@holder_any depends on apis exists@
identifier fn, f, S, acq = {iov_iter_get_pages2, iov_iter_get_pages_alloc2};
struct S *H;
@@
fn(...) {
<+... acq(H->f, ...) ...+>
}

@holder_mixed depends on apis exists@
identifier holder_any.S, g, h;
identifier src = {find_get_page, find_lock_page, find_or_create_page,
	grab_cache_page, grab_cache_page_write_begin, pagecache_get_page,
	read_cache_page, read_mapping_page, replace_page_cache_page,
	filemap_get_folio, __filemap_get_folio, alloc_page, alloc_pages,
	__page_cache_alloc};
struct pipe_buffer *pb;
@@
g(..., struct S *h, ...) {
<+...
\(src(...)\|pb->page\)
...+>
}

@holder depends on apis && (!bio_use && !holder_mixed) exists@
identifier fn, f, S, acq = {iov_iter_get_pages2, iov_iter_get_pages_alloc2};
struct S *H;
position p;
@@
fn(...) {
<+... acq@p(H->f, ...) ...+>
}

@depends on apis && patch@
position holder.p;
@@
(
-iov_iter_get_pages2@p
+iov_iter_pin_pages
|
-iov_iter_get_pages_alloc2@p
+iov_iter_pin_pages_alloc
)
  (...)

@depends on apis && patch@
identifier g, h, holder.f, holder.S;
expression X;
@@
g(..., struct S *h, ...) {
<...
(
-get_page(X)
+iov_iter_repin_page(X, iov_iter_pin_mode(h->f))
|
-put_page(X)
+iov_iter_unpin_page(X, iov_iter_pin_mode(h->f))
)
...>
}

@depends on apis && patch@
identifier g, h, holder.f, holder.S;
expression B;
@@
g(..., struct S *h, ...) {
<...
B = bio_alloc(...);
+bio_set_pin_mode(B, iov_iter_pin_mode(h->f));
...>
}

@depends on apis && patch@
identifier g, h, holder.f, holder.S;
expression X;
@@
g(...) {
...
struct S h = ...;
<...
(
-get_page(X)
+iov_iter_repin_page(X, iov_iter_pin_mode(h.f))
|
-put_page(X)
+iov_iter_unpin_page(X, iov_iter_pin_mode(h.f))
)
...>
}

@script:python depends on report || org || facts@
fn << holder.fn;
acq << holder.acq;
p << holder.p;
h << holder.H;
f << holder.f;
@@
out(p, acq, fn, 'Moderate',
	'the iterator is %s->%s: every get_page()/put_page() in the functions taking it is in its pin mode' % (h, f),
	'holder')

@holder_rel depends on facts exists@
identifier g, h, holder.S;
expression X;
position r;
@@
g(..., struct S *h, ...) {
<+... put_page@r(X) ...+>
}

@script:python depends on facts@
p << holder.p;
r << holder_rel.r;
@@
release(p, r, 'put_page')

@holder_lrel depends on facts exists@
identifier g, h, holder.S;
expression X;
position r;
@@
g(...) {
...
struct S h = ...;
<+... put_page@r(X) ...+>
}

@script:python depends on facts@
p << holder.p;
r << holder_lrel.r;
@@
release(p, r, 'put_page')

// --------------------------------------------------------------- caller

@caller_def depends on apis && (!bio_use && !holder) exists@
identifier fn, it, pp, acq = {iov_iter_get_pages2, iov_iter_get_pages_alloc2};
position p;
@@
fn(..., struct page ***pp, ..., struct iov_iter *it, ...) {
<+... acq@p(it, pp, ...) ...+>
}

@caller depends on apis exists@
identifier caller_def.fn, g;
idexpression struct page **P;
struct iov_iter *I;
@@
g(...) {
<+... fn(..., &P, ..., I, ...) ...+>
}

@caller_rel depends on apis exists@
identifier caller.g;
idexpression struct page **caller.P;
expression N, E;
@@
g(...) {
<+...
\(p9_release_pages(P, N)\|release_pages(P, N)\|put_page(P[E])\)
...+>
}

@depends on apis && (patch && caller_rel)@
position caller_def.p;
@@
(
-iov_iter_get_pages2@p
+iov_iter_pin_pages
|
-iov_iter_get_pages_alloc2@p
+iov_iter_pin_pages_alloc
)
  (...)

@depends on apis && (patch && caller_rel)@
identifier caller.g;
idexpression struct page **caller.P;
struct iov_iter *caller.I;
expression N, E;
@@
g(...) {
<...
(
-p9_release_pages(P, N)
+iov_iter_unpin_pages(P, N, iov_iter_pin_mode(I), false)
|
-release_pages(P, N)
+iov_iter_unpin_pages(P, N, iov_iter_pin_mode(I), false)
|
-put_page(P[E])
+iov_iter_unpin_page(P[E], iov_iter_pin_mode(I))
)
...>
}

@script:python depends on (report || org || facts) && caller_rel@
fn << caller_def.fn;
acq << caller_def.acq;
p << caller_def.p;
g << caller.g;
@@
out(p, acq, fn, 'High',
	'%s() passes the iterator and releases the pages' % g, 'caller')

@caller_relpos depends on facts && caller_rel exists@
identifier caller.g, rel;
idexpression struct page **caller.P;
expression N, E;
position r;
@@
g(...) {
<+...
\(p9_release_pages@rel@r(P, N)\|release_pages@rel@r(P, N)\|put_page@rel@r(P[E])\)
...+>
}

@script:python depends on facts@
p << caller_def.p;
r << caller_relpos.r;
rel << caller_relpos.rel;
@@
release(p, r, rel)

// -------------------------------------------------------------- carrier

@carrier depends on apis && (!bio_use && !holder && !caller_rel) exists@
identifier fn, F, S, acq = {iov_iter_get_pages2, iov_iter_get_pages_alloc2};
struct S *C;
expression I, E, K;
position p;
@@
fn(...) {
<+...
E = acq@p(I, \(&C->F[K]\|C->F\|C->F + K\), ...);
...+>
}

@carrier_release depends on apis exists@
identifier carrier.F, carrier.S, r, c;
expression K;
@@
r(..., struct S *c, ...) {
<+... put_page(c->F[K]) ...+>
}

@depends on apis && (patch && carrier_release)@
identifier carrier.fn, carrier.S;
struct S *carrier.C;
expression carrier.I, carrier.E;
position carrier.p;
@@
fn(...) {
<...
+C->pin_mode = iov_iter_pin_mode(I);
E =
(
-iov_iter_get_pages2@p
+iov_iter_pin_pages
|
-iov_iter_get_pages_alloc2@p
+iov_iter_pin_pages_alloc
)
  (I, ...);
...>
}

@depends on apis && (patch && carrier_release)@
identifier carrier.F, carrier.S;
type t;
@@
struct S {
...
t F;
+enum iov_pin_mode pin_mode;
...
};

@depends on apis && patch@
identifier carrier.F, carrier.S, carrier_release.r, carrier_release.c;
expression K;
@@
r(..., struct S *c, ...) {
<...
-put_page(c->F[K])
+iov_iter_unpin_page(c->F[K], c->pin_mode)
...>
}

@script:python depends on report || org || facts@
fn << carrier.fn;
acq << carrier.acq;
p << carrier.p;
S << carrier.S;
F << carrier.F;
r << carrier_release.r;
@@
out(p, acq, fn, 'Moderate',
	'the pages go into struct %s.%s, released by %s(): the struct records the pin mode' % (S, F, r),
	'carrier', dict(struct=S, field=F, release=r))

@carrier_relpos depends on facts exists@
identifier carrier.F, carrier.S, carrier_release.r, c;
expression K;
position rp;
@@
r(..., struct S *c, ...) {
<+... put_page@rp(c->F[K]) ...+>
}

@script:python depends on facts@
p << carrier.p;
r << carrier_relpos.rp;
@@
release(p, r, 'put_page')

// ------------------------------------------------------------- context

@depends on apis && (context && bio_use)@
identifier bio_site.acq;
position bio_site.p;
@@
* acq@p(...)

@depends on apis && context@
identifier holder.acq;
position holder.p;
@@
* acq@p(...)

@depends on apis && (context && caller_rel)@
identifier caller_def.acq;
position caller_def.p;
@@
* acq@p(...)

@depends on apis && (context && carrier_release)@
identifier carrier.acq;
position carrier.p;
@@
* acq@p(...)

// ---------------------------------------------------------------- facts

@finalize:python@
@@
for k in sorted(records):
	rec = records[k]
	rec['release'] = [dict(file=f, line=l, column=c, function=fn, call=call)
			  for (f, l, c, fn), call in sorted(releases.get(k, {}).items())]
	print(json.dumps(rec, sort_keys=True))
