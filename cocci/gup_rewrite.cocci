// SPDX-License-Identifier: GPL-2.0-only
/// Rewrite exactly the positions scripts/pageflow.py chose: each chosen
/// get_user_pages*() call becomes the pin_user_pages*() call the solver
/// built (name, and the argument list when it changes), each chosen release
/// becomes its unpin form:
///   put_page(p), put_user_page(p)           -> unpin_user_page(p)
///   [if (d)] set_page_dirty_lock(a[i]);      -> unpin_user_pages_dirty_lock(&a[i], 1, d)
///   put_page(a[i]);                              (only where the page lock was taken)
///   release_pages(a, n), put_user_pages(a, n) -> unpin_user_pages(a, n)
///   release_pages(a, n, cold) (before 4.15) -> unpin_user_pages(a, n)
///   put_user_pages_dirty_lock(a, n, d)      -> unpin_user_pages_dirty_lock(a, n, d)
/// set_page_dirty()/SetPageDirty() stay as they are (they do not sleep).
/// Loops are not collapsed, so no index variable is left unused.
/// The rule decides nothing: without -D decisions=FILE it stops at once with
/// an error (exit status 2) instead of running over every file.
//
// Confidence: High
// Copyright: (C) 2026 the pinconv authors.
// Comments: FILE is the JSON {file: [{line, col, action, ...}]} of
//  pageflow.py --decisions; file names as given to spatch.
// Options: --no-includes --include-headers

virtual patch

// Runs always; the next block only when -D decisions=FILE is given.
@initialize:python@
@@
DEC = None

@initialize:python@
DF << virtual.decisions;
@@
import json
import os
import re
try:
	with open(DF) as _fh:
		DEC = json.load(_fh)
except (OSError, ValueError):
	DEC = {}

def norm(e):
	"""The facts' spelling of an expression (cocci/gup_facts.cocci)."""
	e = re.sub(r'\s+', ' ', str(e)).strip()
	return re.sub(r'(?<=\W) | (?=\W)', '', e)

def find(p, action, callee, args):
	"""The decision for this call, or None.  A call is named by its function,
	callee and argument text, not by line: a rule that changes a function
	makes spatch re-parse it, and the positions after that change."""
	args = [norm(x) for x in args]
	for f in cocci.files():
		for d in DEC.get(os.path.normpath(f), ()):
			if d['action'] == action and d['fn'] == p[0].current_element and \
			   d['old'] == callee and d['old_args'] == args:
				return d
	return None

def split_top(s):
	out, depth, cur = [], 0, ''
	for ch in str(s):
		depth += ch in '([{'
		depth -= ch in ')]}'
		if ch == ',' and depth == 0:
			out.append(cur)
			cur = ''
		else:
			cur += ch
	if cur.strip():
		out.append(cur)
	return out

# Constraints cannot hold string literals: pin names by index.
PINS = ['pin_user_pages', 'pin_user_pages_fast', 'pin_user_pages_fast_only',
	'pin_user_pages_remote', 'pin_user_pages_unlocked', 'pin_user_pages_locked']

def call_same(p, f, es, new):
	d = find(p, 'call', str(f), split_top(es))
	return d is not None and d.get('same_args') and d['new'] == PINS[new]

def call_new(p, f, es):
	d = find(p, 'call', str(f), split_top(es))
	return d is not None and not d.get('same_args')

def newcall(d):
	return '%s(%s)' % (d['new'], ', '.join(d['args']))

def release_elem(p, r, e):
	return release(p, 'put_page', '%s[%s]' % (r, e))

def release_dirty_lock(p, r, n, d):
	return release(p, 'put_user_pages_dirty_lock', r, n, d)

def release(p, old, *args):
	return find(p, 'release', str(old), [str(a) for a in args]) is not None

// Without decisions every constraint below would fail on every file (its
// helpers are defined above only with -D decisions): stop clearly instead.
// Under make coccicheck, MODE=patch ends here ("coccicheck failed"), and
// MODE=report/context/org are refused by spatch ("virtual rule report not
// supported"): this rule is run by make convert, not by coccicheck.
@initialize:python@
@@
import sys
if DEC is None:
	sys.stderr.write('gup_rewrite.cocci: no -D decisions=FILE: the rule rewrites only the '
			 'positions scripts/pageflow.py --decisions chose (make convert passes '
			 'them) and decides nothing itself\n')
	sys.stderr.flush()
	sys.exit(2)

// ---------------------------------------------------------------------------
// The acquire.  A new argument list: the whole call (its position is bound
// before any change, so this comes first); the same arguments: the name
// only, one rule per pin name (a constraint cannot read a script's result).

@acq_call depends on patch@
identifier f;
expression list ES;
position p : script:python(f, ES) { call_new(p, f, ES) };
@@
f@p(ES)

@script:python mkcall@
p << acq_call.p;
f << acq_call.f;
ES << acq_call.ES;
NEWCALL;
@@
coccinelle.NEWCALL = cocci.make_expr(newcall(find(p, 'call', str(f), split_top(ES))))

@depends on patch@
identifier acq_call.f;
expression list acq_call.ES;
position acq_call.p;
expression mkcall.NEWCALL;
@@
- f@p(ES)
+ NEWCALL

@depends on patch@
identifier f;
expression list ES;
position p : script:python(f, ES) { call_same(p, f, ES, 0) };
@@
- f@p
+ pin_user_pages
  (ES)

@depends on patch@
identifier f;
expression list ES;
position p : script:python(f, ES) { call_same(p, f, ES, 1) };
@@
- f@p
+ pin_user_pages_fast
  (ES)

@depends on patch@
identifier f;
expression list ES;
position p : script:python(f, ES) { call_same(p, f, ES, 2) };
@@
- f@p
+ pin_user_pages_fast_only
  (ES)

@depends on patch@
identifier f;
expression list ES;
position p : script:python(f, ES) { call_same(p, f, ES, 3) };
@@
- f@p
+ pin_user_pages_remote
  (ES)

@depends on patch@
identifier f;
expression list ES;
position p : script:python(f, ES) { call_same(p, f, ES, 4) };
@@
- f@p
+ pin_user_pages_unlocked
  (ES)

@depends on patch@
identifier f;
expression list ES;
position p : script:python(f, ES) { call_same(p, f, ES, 5) };
@@
- f@p
+ pin_user_pages_locked
  (ES)

// ---------------------------------------------------------------------------
// Releases.

@depends on patch@
expression R, E, D;
position q : script:python(R, E) { release_elem(q, R, E) };
@@
- if (D)
-	set_page_dirty_lock(R[E]);
- put_page@q(R[E]);
+ unpin_user_pages_dirty_lock(&R[E], 1, D);

@depends on patch@
expression R, E;
position q : script:python(R, E) { release_elem(q, R, E) };
@@
- set_page_dirty_lock(R[E]);
- put_page@q(R[E]);
+ unpin_user_pages_dirty_lock(&R[E], 1, true);

@depends on patch@
expression P;
identifier put = {put_page, put_user_page};
position q : script:python(put, P) { release(q, put, P) };
@@
- put@q(P)
+ unpin_user_page(P)

@depends on patch@
expression R, N;
identifier rel = {release_pages, put_user_pages};
position q : script:python(rel, R, N) { release(q, rel, R, N) };
@@
- rel@q(R, N)
+ unpin_user_pages(R, N)

// release_pages() of kernels before 4.15 takes a third argument, the
// "cold" hint: it means nothing to an unpin.
@depends on patch@
expression R, N, C;
identifier rel = {release_pages};
position q : script:python(rel, R, N, C) { release(q, rel, R, N, C) };
@@
- rel@q(R, N, C)
+ unpin_user_pages(R, N)

@depends on patch@
expression R, N, D;
position q : script:python(R, N, D) { release_dirty_lock(q, R, N, D) };
@@
- put_user_pages_dirty_lock@q(R, N, D)
+ unpin_user_pages_dirty_lock(R, N, D)
