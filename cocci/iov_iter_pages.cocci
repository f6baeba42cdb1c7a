// SPDX-License-Identifier: GPL-2.0-only
/// Classify iov_iter_get_pages*() call sites for the report.  The sites that
/// cocci/iov_iter_to_pin.cocci converts are reported by that rule as
/// "converted" (make convert keeps that verdict for the site); this rule says
/// what every site would be if it were not converted, from what the
/// function does with the pages:
///
///  kept:         the code is the iov_iter implementation itself; the
///                iterator is always ITER_XARRAY (page cache, nothing user
///                to pin); the pages become network buffers (skb fragments,
///                sk_msg, rds, tls: zero-copy send paths under net/ that hand
///                the pages to the stack, which puts them from many places;
///                net/9p is file I/O over a transport, not one of them); or they
///                go into pipe buffers (vmsplice), where a pin would be a
///                long-term pin held at the user's will.
///  needs-manual: the pages move into a scatterlist, a bio_vec array or an
///                NFS page request and are released elsewhere through that
///                object, which would have to carry the pin mode; or their
///                release is in no shape the conversion recognises.
//
// Confidence: High
// Copyright: (C) 2026 the pinconv authors.
// Options: --no-includes --include-headers

virtual context
virtual org
virtual report
// The target's iov_iter pinning API, for the advice (make convert sets one):
// -D extract_api: the tree has iov_iter_extract_pages() (6.3+);
// -D core_api: pinconv's core series (kernel/series) is in or applies to it;
// neither: name both.
virtual extract_api
virtual core_api

@initialize:python@
@@
import re

shape = {}
target = ['both']

# What to do instead, and what the owner of a moved array must record, by target.
ADVICE = {
	'extract': ('convert by hand with iov_iter_extract_pages() (this kernel has it, 6.3+): '
		    'release with unpin_user_page() where iov_iter_extract_will_pin()',
		    'iov_iter_extract_will_pin()'),
	'core': ('convert by hand with iov_iter_pin_pages() and iov_iter_pin_mode()',
		 'iov_iter_pin_mode()'),
	'both': ('convert by hand with iov_iter_extract_pages() on 6.3+ kernels, or with '
		 'iov_iter_pin_pages() and iov_iter_pin_mode() where pinconv\'s core series '
		 '(kernel/series) is applied',
		 'how they were taken (iov_iter_extract_will_pin() on 6.3+, iov_iter_pin_mode() '
		 'with pinconv\'s core series)'),
}

def owner_must():
	return ADVICE[target[0]][1]

def note(p, verdict, reason):
	key = (p[0].file, p[0].line)
	# the first shape found wins; rules below are in priority order
	shape.setdefault(key, (verdict, reason))

def path_reason(f):
	if re.search(r'(^|/)lib/iov_iter\.c$', f):
		return ('kept', 'the iov_iter implementation itself' + (
			' (iov_iter_pin_pages() is built on it)' if target[0] == 'core' else ''))
	if re.search(r'(^|/)net/', f) and not re.search(r'(^|/)net/9p/', f):
		return ('kept', 'network zero-copy path: the pages become skb fragments or socket '
			'message pages that the stack puts from many places; pinning them needs '
			'pin-aware skb frags, not a call site change')
	return None

def msg(f, p):
	r = path_reason(p[0].file) or shape.get((p[0].file, p[0].line))
	if r is None:
		r = ('needs-manual', 'the release of the pages is in no shape '
		     'cocci/iov_iter_to_pin.cocci converts (bio, holder, caller, carrier): ' +
		     ADVICE[target[0]][0])
	return '%s (case 1, High): %s() in %s(): %s' % (
		r[0], f, p[0].current_element, r[1])

@script:python depends on extract_api@
@@
target[0] = 'extract'

@script:python depends on core_api && !extract_api@
@@
target[0] = 'core'

@site@
identifier f = {iov_iter_get_pages, iov_iter_get_pages2, iov_iter_get_pages_alloc,
		iov_iter_get_pages_alloc2};
position p;
@@
f@p(...)

@xarray exists@
identifier site.f, fn;
position site.p;
expression list es;
position pp;
@@
fn(...) {
... when any
iov_iter_xarray(es);
... when any
f@p@pp(...)
... when any
}

@script:python@
p << xarray.pp;
@@
note(p, 'kept', 'the iterator is ITER_XARRAY over the page cache: kernel memory, nothing to pin')

@pipeuse exists@
identifier site.f, fn;
position site.p;
struct pipe_buffer b;
expression E;
position pp;
@@
fn(...) {
... when any
f@p@pp(...)
... when any
b.page = E
... when any
}

@script:python@
p << pipeuse.pp;
@@
note(p, 'kept', 'vmsplice: the pages go into pipe buffers released by pipe_buf_release(); '
     'a pin there would be long-term and held at the will of the user')

@nfsreq exists@
identifier site.f, fn;
position site.p;
expression list es;
position pp;
@@
fn(...) {
... when any
f@p@pp(...)
... when any
nfs_create_request(es)
... when any
}

@script:python@
p << nfsreq.pp;
@@
note(p, 'needs-manual', 'nfs_create_request() takes its own page reference and the '
     'pages outlive this function in struct nfs_page: the request must carry the pin')

@sgl exists@
identifier site.f, fn;
position site.p;
expression list es;
position pp;
@@
fn(...) {
... when any
f@p@pp(...)
... when any
sg_set_page(es)
... when any
}

@script:python@
p << sgl.pp;
@@
note(p, 'needs-manual', 'the pages move into a scatterlist released through sg_page() '
     'elsewhere: its owner must record ' + owner_must())

@bvec exists@
identifier site.f, fn;
position site.p;
expression E, V;
position pp;
@@
fn(...) {
... when any
f@p@pp(...)
... when any
\(V->bv_page = E\|V.bv_page = E\|bvec_set_page(...)\)
... when any
}

@bvec_init exists@
identifier site.f, fn, V;
position site.p;
expression E;
position pp;
@@
fn(...) {
... when any
f@p@pp(...)
... when any
struct bio_vec V = {..., .bv_page = E, ...};
... when any
}

@script:python@
p << bvec.pp;
@@
note(p, 'needs-manual', 'the pages move into a bio_vec array released by another '
     'function: the owner of the array must record ' + owner_must())

@script:python@
p << bvec_init.pp;
@@
note(p, 'needs-manual', 'the pages move into a bio_vec array released by another '
     'function: the owner of the array must record ' + owner_must())

@depends on context@
identifier site.f;
position site.p;
@@
* f@p(...)

@script:python depends on org@
f << site.f;
p << site.p;
@@
coccilib.org.print_todo(p[0], msg(f, p))

@script:python depends on report@
f << site.f;
p << site.p;
@@
coccilib.report.print_report(p[0], msg(f, p))
