#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Unit tests of the version/wrapper gate as input of scripts/pageflow.py
(gate.FlowGate): C text -> scripts/gate.py rows, hand-written facts of the
same text -> the solver's records and decisions (no spatch)."""
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'scripts'))
import gate  # noqa: E402
import pageflow as pf  # noqa: E402
import verrange  # noqa: E402
import wrappers  # noqa: E402

F = 'd/l.c'

# A version ladder whose branches share the release after #endif.
SHARED = '''#include <linux/version.h>
int map(unsigned long u, int n, struct page **pages)
{
	int got, i;
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 6, 0)
	got = get_user_pages_fast(u, n, 1, pages);
#else
	got = get_user_pages_fast(u, n, FOLL_WRITE, pages);
#endif
	for (i = 0; i < got; i++)
		put_page(pages[i]);
	return got;
}
'''

# The same, each branch with its own release.
OWN = '''#include <linux/version.h>
int map(unsigned long u, int n, struct page **pages)
{
	int got, i;
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 6, 0)
	got = get_user_pages_fast(u, n, 1, pages);
	for (i = 0; i < got; i++)
		put_page(pages[i]);
#else
	got = get_user_pages_fast(u, n, FOLL_WRITE, pages);
	for (i = 0; i < got; i++)
		put_page(pages[i]);
#endif
	return got;
}
'''

# A call through the driver's wrapper macro and a direct call on one array.
WRAPPED = '''#include <linux/mm.h>
#define gup_compat(a, n, f, p) get_user_pages_fast(a, n, f, p)
int map(unsigned long u, int n, struct page **pages, int again)
{
	int got, i;

	if (again)
		got = gup_compat(u, n, FOLL_WRITE, pages);
	else
		got = get_user_pages_fast(u, n, FOLL_WRITE, pages);
	for (i = 0; i < got; i++)
		put_page(pages[i]);
	return got;
}
'''

# A 6.5 ladder: get_user_pages() lost its vmas argument there.
LADDER65 = SHARED.replace('KERNEL_VERSION(5, 6, 0)', 'KERNEL_VERSION(6, 5, 0)').replace(
    'get_user_pages_fast(u, n, 1, pages)', 'get_user_pages(u, n, FOLL_WRITE, pages, NULL)').replace(
    'get_user_pages_fast(u, n, FOLL_WRITE, pages)', 'get_user_pages(u, n, FOLL_WRITE, pages)')

# A static inline wrapper called beside a direct call, one release.
INLINE = '''#include <linux/mm.h>
static inline int wget(unsigned long a, int n, struct page **p)
{
	return get_user_pages_fast(a, n, FOLL_WRITE, p);
}
int map(unsigned long u, int n, struct page **pages, int again)
{
	int got, i;

	if (again)
		got = wget(u, n, pages);
	else
		got = get_user_pages_fast(u, n, FOLL_WRITE, pages);
	for (i = 0; i < got; i++)
		put_page(pages[i]);
	return got;
}
'''


def facts(text):
    """The facts gup_facts.cocci gives for these texts (map(), its got/i,
    the gup calls, their assignments, the put_page())."""
    out = [dict(kind='func', file=F, line=2, col=4, fn='map', name='map', ret='int',
                params=[['unsigned long', 'u'], ['int', 'n'], ['struct page**', 'pages']]),
           dict(kind='decl', file=F, line=4, col=5, fn='map', type='int', name='got'),
           dict(kind='decl', file=F, line=4, col=10, fn='map', type='int', name='i')]
    for no, ln in enumerate(text.split('\n'), 1):
        for callee in ('get_user_pages_fast', 'gup_compat', 'wget', 'put_page'):
            c = ln.find(callee + '(')
            if c < 0 or ln.lstrip().startswith('#'):
                continue
            args = [x.strip() for x in ln[c + len(callee) + 1:ln.rindex(')')].split(',')]
            role = {'get_user_pages_fast': 'acquire', 'put_page': 'release'}.get(callee, 'other')
            out.append(dict(kind='call', file=F, line=no, col=c, fn='map', callee=callee,
                            args=args, role=role))
            if role != 'release':
                out.append(dict(kind='assign', file=F, line=no, col=1, fn='map', lhs='got',
                                rhs='%s(%s)' % (callee, ','.join(args))))
    return out


class FlowGate(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def solve(self, text, compat=False, min_kernel=None, f=None):
        os.makedirs(os.path.join(self.tmp, 'd'), exist_ok=True)
        with open(os.path.join(self.tmp, F), 'w') as fh:
            fh.write(text)
        ws = wrappers.find_wrappers({F: text})
        rows = [dict(zip(gate.COLUMNS, r))
                for r in gate.decide_file(F, text, {}, ws, compat, min_kernel)]
        g = gate.FlowGate(rows, self.tmp, compat, min_kernel)
        sites, dec = pf.Solver(f or facts(text), pf.BUILTIN_61, (), g).solve()
        return {s['line']: s for s in sites}, dec, rows

    def released(self, dec):
        return {d['line'] for d in dec.get(F, []) if d['action'] == 'release'}

    def test_shared_release_stays(self):
        s, dec, _ = self.solve(SHARED)
        self.assertEqual(s[6]['verdict'], 'kept')
        self.assertIn('compiled only for kernels < 5.6', s[6]['reason'])
        self.assertEqual(s[8]['verdict'], 'needs-manual')
        self.assertIn('is shared with the get_user_pages_fast() at d/l.c:6, which stays',
                      s[8]['reason'])
        self.assertEqual(dec, {})

    def test_shared_release_compat(self):
        s, dec, _ = self.solve(SHARED, compat=True)
        self.assertEqual(s[6]['verdict'], 'kept')
        self.assertEqual(s[8]['verdict'], 'converted', s[8]['reason'])
        self.assertEqual(self.released(dec), {11})
        self.assertNotIn(6, {d['line'] for d in dec[F]})

    def test_held_call_without_facts(self):
        # spatch gave no facts of the < 5.6 branch: the gate's own reading
        # of the shared release stands
        f = [x for x in facts(SHARED) if x['line'] != 6]
        s, dec, _ = self.solve(SHARED, f=f)
        self.assertEqual(s[8]['verdict'], 'needs-manual')
        self.assertIn('shared with the get_user_pages_fast() at line 6', s[8]['reason'])
        self.assertEqual(dec, {})

    def test_own_release_per_branch(self):
        s, dec, rows = self.solve(OWN)
        self.assertEqual(s[10]['verdict'], 'converted', s[10]['reason'])
        self.assertEqual(self.released(dec), {12})      # not the old branch's
        self.assertNotIn('d/l.c:8', s[10]['reason'])

    def test_min_kernel_dead_branch(self):
        s, dec, _ = self.solve(SHARED, min_kernel=verrange.kv(5, 6))
        self.assertIn('below MIN_KERNEL', s[6]['reason'])
        self.assertEqual(s[8]['verdict'], 'converted', s[8]['reason'])
        self.assertEqual(self.released(dec), {11})

    def test_branch_keeps_its_argument_list(self):
        # each branch of a 6.5 ladder converts with its own argument list
        # (the 6.1 target would add vmas to the >= 6.5 call)
        text = LADDER65
        f = [dict(x, callee='get_user_pages')
             if x.get('role') == 'acquire' else x
             for x in facts(text.replace('get_user_pages(', 'get_user_pages_fast('))]
        s, dec, _ = self.solve(text, min_kernel=verrange.kv(5, 6), f=f)
        calls = {d['line']: d['args'] for d in dec[F] if d['action'] == 'call'}
        self.assertEqual(calls[6], ['u', 'n', 'FOLL_WRITE', 'pages', 'NULL'])
        self.assertEqual(calls[8], ['u', 'n', 'FOLL_WRITE', 'pages'])
        self.assertEqual(s[8]['generation'], '6.5+')

    def test_macro_wrapper_call_is_a_sink(self):
        s, dec, rows = self.solve(WRAPPED)
        self.assertTrue(any(r['when'] == 'add' for r in rows))
        self.assertEqual(s[10]['verdict'], 'needs-manual')
        self.assertIn('passed to gup_compat()', s[10]['reason'])
        self.assertEqual(dec, {})

    def test_inline_wrapper_converts_with_the_call_sharing_its_release(self):
        # the call through the wrapper is an acquire of its own (the body's
        # gup call with the call's arguments): both acquires reach the one
        # put_page(), both convert, the body is renamed, the call is not
        text = INLINE
        f = facts(text) + [
            dict(kind='func', file=F, line=2, col=18, fn='wget', name='wget', ret='int',
                 params=[['unsigned long', 'a'], ['int', 'n'], ['struct page**', 'p']]),
            dict(kind='call', file=F, line=4, col=8, fn='wget', callee='get_user_pages_fast',
                 args=['a', 'n', 'FOLL_WRITE', 'p'], role='acquire')]
        f = [dict(x, fn='map') if x['kind'] == 'func' and x['name'] == 'map' else x for x in f]
        s, dec, rows = self.solve(text, f=f)
        self.assertEqual(s[4]['verdict'], 'wrapper')
        self.assertEqual(s[11]['api'], 'wget->get_user_pages_fast')
        self.assertEqual(s[11]['verdict'], 'converted')
        self.assertIn('converted together with the wrapper inline wget (d/l.c:2-5): its body at '
                      'd/l.c:4 -> pin_user_pages_fast()', s[11]['reason'])
        self.assertEqual(s[13]['verdict'], 'converted')
        got = {(d['line'], d['action'], d.get('new')) for d in dec[F]}
        self.assertEqual(got, {(4, 'call', 'pin_user_pages_fast'), (13, 'call', 'pin_user_pages_fast'),
                               (15, 'release', None)})
        # and when another call of the wrapper cannot, neither can this one:
        # the release it shares with the direct call stays too
        f2 = f + [dict(kind='call', file=F, line=16, col=1, fn='map', callee='wget',
                       args=['u', 'n', 'other'], role='other'),
                  dict(kind='call', file=F, line=17, col=1, fn='map', callee='hw_post',
                       args=['other'], role='other')]
        text2 = text.replace('\treturn got;\n}', '\twget(u, n, other);\n\thw_post(other);\n'
                             '\treturn got;\n}')
        s, dec, rows = self.solve(text2, f=f2)
        self.assertEqual(s[16]['verdict'], 'needs-manual')
        self.assertIn('other passed to hw_post()', s[16]['reason'])
        self.assertEqual(s[11]['verdict'], 'needs-manual')
        self.assertIn('the call at d/l.c:16 in map() cannot', s[11]['reason'])
        self.assertEqual(s[13]['verdict'], 'needs-manual')
        self.assertEqual(dec, {})


if __name__ == '__main__':
    unittest.main()
