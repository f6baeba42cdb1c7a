// SPDX-License-Identifier: GPL-2.0-only
/// Check that pages taken with iov_iter_pin_pages() or
/// iov_iter_pin_pages_alloc() (pinconv core series) are released in the
/// iterator's pin mode: iov_iter_unpin_page*(), or bio_release_page() /
/// bio_release_pages() once they are in a bio that bio_set_pin_mode() marked.
/// Those functions pin a user-backed iterator's pages (FOLL_PIN) and take no
/// reference on a kernel-backed one, so a put_page(), release_pages() or
/// unpin_user_page*() of them is wrong for one kind of iterator or the other:
/// it leaks a pin, or drops a reference nobody took.  A half-converted
/// iov_iter user shows up this way.
///
/// "The pages" are the pages argument P of the call and, later in the same
/// function, P[i] or P itself; for a structure field (c->F, &c->F[i],
/// c->F + i) any release of c->F[j] in the same file.
//
// Confidence: High
// Copyright: (C) 2026 the pinconv authors.
// Options: --no-includes --include-headers

virtual context
virtual org
virtual report

@initialize:python@
@@
def msg(rel, acq):
	return ('%s() of pages from %s(): release them in the pin mode of the iterator '
		'(iov_iter_unpin_page(page, iov_iter_pin_mode(iter)), or '
		'bio_release_page() once they are in a bio)' % (rel, acq))

// The rules below depend on this one: it gives spatch the API names
// to look for, so that a whole-tree run (make coccicheck, --dir)
// skips the files that do not name them instead of parsing them all.
@apis@
@@
(
 iov_iter_pin_pages(...)
|
 iov_iter_pin_pages_alloc(...)
)

@loc depends on apis exists@
identifier fn, acq = {iov_iter_pin_pages, iov_iter_pin_pages_alloc};
identifier rel = {put_page, release_pages, unpin_user_page, unpin_user_pages,
	unpin_user_pages_dirty_lock};
expression I, P, E;
position p1, p2;
@@
fn(...) {
... when any
acq@p1(I, \(P\|&P\), ...)
... when any
\(rel@p2(P[E])\|rel@p2(P, ...)\)
... when any
}

@fld depends on apis exists@
identifier fn, F, acq = {iov_iter_pin_pages, iov_iter_pin_pages_alloc};
expression I, C, K;
position p1;
@@
fn(...) {
<+... acq@p1(I, \(&C->F[K]\|&C->F\|C->F\|C->F + K\), ...) ...+>
}

@field_rel depends on apis exists@
identifier fld.F, g;
identifier rel = {put_page, release_pages, unpin_user_page, unpin_user_pages,
	unpin_user_pages_dirty_lock};
expression C2, K2;
position p2;
@@
g(...) {
<+... \(rel@p2(C2->F[K2])\|rel@p2(C2->F, ...)\) ...+>
}

@depends on apis && context@
identifier loc.rel;
position loc.p2;
@@
* rel@p2(...)

@depends on apis && context@
identifier field_rel.rel;
position field_rel.p2;
@@
* rel@p2(...)

@script:python depends on org@
rel << loc.rel;
acq << loc.acq;
p2 << loc.p2;
@@
coccilib.org.print_todo(p2[0], msg(rel, acq))

@script:python depends on report@
rel << loc.rel;
acq << loc.acq;
p2 << loc.p2;
@@
coccilib.report.print_report(p2[0], msg(rel, acq))

@script:python depends on org@
rel << field_rel.rel;
acq << fld.acq;
p2 << field_rel.p2;
@@
coccilib.org.print_todo(p2[0], msg(rel, acq))

@script:python depends on report@
rel << field_rel.rel;
acq << fld.acq;
p2 << field_rel.p2;
@@
coccilib.report.print_report(p2[0], msg(rel, acq))
