// SPDX-License-Identifier: GPL-2.0-only
/// Find iov_iter_get_pages*() call sites.  They take FOLL_GET references on
/// user-backed iterators (direct I/O, pin_user_pages.rst case 1) but no
/// reference scheme at all is right for every iterator type: user memory
/// must be pinned, bvec/kvec/xarray pages must not be.  Converting them
/// needs a core API that pins only user-backed memory and says how to
/// release it, so this rule only reports them as needs-core-api, with what
/// the site does with the pages.
//
// Confidence: High
// Copyright: (C) 2026 the pinconv authors.
// Options: --no-includes --include-headers

virtual context
virtual org
virtual report

@initialize:python@
@@
import re

def why(f):
	if re.search(r'(^|/)net/', f):
		return 'network path: pages may be handed to skbs (zero-copy), which put them with put_page(); decide after the core API'
	if re.search(r'(^|/)(block/|fs/direct-io\.c|fs/iomap/)', f):
		return 'bio pages: needs a "pages are pinned" bio flag and a release helper that unpins or puts'
	return 'pages of an iov_iter: needs the core API that pins user-backed iterators only'

def msg(f, p):
	return 'needs-core-api (case 1, High): %s() in %s(): %s' % (
		f, p[0].current_element, why(p[0].file))

@site@
identifier f = {iov_iter_get_pages, iov_iter_get_pages2, iov_iter_get_pages_alloc,
		iov_iter_get_pages_alloc2};
position p;
@@
f@p(...)

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
