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
///
/// Facts mode (make convert) prints one JSON record per site instead: rule,
/// file, line, column, function, api, verdict, case, confidence, shape (what
/// decided: iov_iter, net, xarray, pipe, nfs, sgl, bvec, none) and reasons,
/// the reason for each target (both, core, extract: see below), so that
/// scripts/iovsites.py picks the advice by what the tree has.
//
// Confidence: High
// Copyright: (C) 2026 the pinconv authors.
// Options: --no-includes --include-headers

virtual context
virtual org
virtual report
virtual facts
// The target's iov_iter pinning API, for the advice (make convert sets one):
// -D extract_api: the tree has iov_iter_extract_pages() (6.3+);
// -D core_api: pinconv's core series (kernel/series) is in or applies to it;
// neither: name both.
virtual extract_api
virtual core_api

@initialize:python@
@@
import json
import re

shape = {}
target = ['both']
# sites in a function that takes an skb or an sk_msg (the net/ reason)
netbuf = set()

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

def owner_must(t):
	return ADVICE[t][1]

def note(p, kind, verdict, reason):
	"""reason: the text, or a function of the target giving it."""
	key = (p[0].file, p[0].line)
	# the first shape found wins; rules below are in priority order
	shape.setdefault(key, (verdict, reason, kind))

def path_reason(f, key):
	if re.search(r'(^|/)lib/iov_iter\.c$', f):
		return ('kept', lambda t: 'the iov_iter implementation itself' + (
			' (iov_iter_pin_pages() is built on it)' if t == 'core' else ''), 'iov_iter')
	# only where the pages go to the socket layer: the function takes the
	# skb or sk_msg they fill (tls's receive path decrypts into a plain
	# scatterlist; rds keeps them in its message's sg list)
	if re.search(r'(^|/)net/', f) and not re.search(r'(^|/)net/9p/', f) and key in netbuf:
		return ('kept', 'network zero-copy path: the pages become skb fragments or socket '
			'message pages that the stack puts from many places; pinning them needs '
			'pin-aware skb frags, not a call site change', 'net')
	return None

def decide(p):
	"""(verdict, reason, shape) of the site at p."""
	r = path_reason(p[0].file, (p[0].file, p[0].line)) or shape.get((p[0].file, p[0].line))
	if r is None:
		r = ('needs-manual', lambda t: 'the release of the pages is in no shape '
		     'cocci/iov_iter_to_pin.cocci converts (bio, holder, caller, carrier): ' +
		     ADVICE[t][0], 'none')
	return r

def reason(r, t):
	return r[1](t) if callable(r[1]) else r[1]

def msg(f, p):
	r = decide(p)
	return '%s (case 1, High): %s() in %s(): %s' % (
		r[0], f, p[0].current_element, reason(r, target[0]))

def record(f, p):
	r = decide(p)
	return json.dumps(dict(rule='iov_iter_pages', file=p[0].file, line=int(p[0].line),
			       column=int(p[0].column), function=p[0].current_element,
			       api=f, verdict=r[0], case='1', confidence='High', shape=r[2],
			       reasons={t: reason(r, t) for t in ADVICE}), sort_keys=True)

// The rules below depend on this one: it gives spatch the API names
// to look for, so that a whole-tree run (make coccicheck, --dir)
// skips the files that do not name them instead of parsing them all.
@apis@
@@
(
 iov_iter_get_pages(...)
|
 iov_iter_get_pages2(...)
|
 iov_iter_get_pages_alloc(...)
|
 iov_iter_get_pages_alloc2(...)
)

@script:python depends on apis && extract_api@
@@
target[0] = 'extract'

@script:python depends on apis && (core_api && !extract_api)@
@@
target[0] = 'core'

@site depends on apis@
identifier f = {iov_iter_get_pages, iov_iter_get_pages2, iov_iter_get_pages_alloc,
		iov_iter_get_pages_alloc2};
position p;
@@
f@p(...)

@netskb depends on apis exists@
identifier site.f, fn, x;
position site.p;
position pp;
@@
fn(..., struct sk_buff *x, ...) {
... when any
f@p@pp(...)
... when any
}

@netmsg depends on apis exists@
identifier site.f, fn, x;
position site.p;
position pp;
@@
fn(..., struct sk_msg *x, ...) {
... when any
f@p@pp(...)
... when any
}

@script:python@
p << netskb.pp;
@@
netbuf.add((p[0].file, p[0].line))

@script:python@
p << netmsg.pp;
@@
netbuf.add((p[0].file, p[0].line))

@xarray depends on apis exists@
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
note(p, 'xarray', 'kept', 'the iterator is ITER_XARRAY over the page cache: kernel memory, nothing to pin')

@pipeuse depends on apis exists@
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
note(p, 'pipe', 'kept', 'vmsplice: the pages go into pipe buffers released by pipe_buf_release(); '
     'a pin there would be long-term and held at the will of the user')

@nfsreq depends on apis exists@
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
note(p, 'nfs', 'needs-manual', 'nfs_create_request() takes its own page reference and the '
     'pages outlive this function in struct nfs_page: the request must carry the pin')

@sgl depends on apis exists@
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
note(p, 'sgl', 'needs-manual', lambda t: 'the pages move into a scatterlist released '
     'through sg_page() elsewhere: its owner must record ' + owner_must(t))

@bvec depends on apis exists@
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

@bvec_init depends on apis exists@
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
note(p, 'bvec', 'needs-manual', lambda t: 'the pages move into a bio_vec array '
     'released by another function: the owner of the array must record ' + owner_must(t))

@script:python@
p << bvec_init.pp;
@@
note(p, 'bvec', 'needs-manual', lambda t: 'the pages move into a bio_vec array '
     'released by another function: the owner of the array must record ' + owner_must(t))

@depends on apis && context@
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

@script:python depends on facts@
f << site.f;
p << site.p;
@@
print(record(f, p))
