#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Unit tests of scripts/pageflow.py on hand-written facts (no spatch)."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'scripts'))
import pageflow as pf  # noqa: E402

F = 'd/x.c'


def fn(name, params, ret='int', file=F):
    return dict(kind='func', file=file, line=1, col=0, fn=name, name=name, ret=ret,
                params=[[t, n] for t, n in params])


def call(fnname, callee, args, line, role='other', file=F, col=1):
    roles = {'get_user_pages_fast': 'acquire', 'get_user_pages_unlocked': 'acquire',
             'get_user_pages': 'acquire', 'get_user_pages_remote': 'acquire',
             'put_page': 'release', 'release_pages': 'release', 'sg_set_page': 'sg',
             'page_to_pfn': 'pfn', 'bio_add_page': 'bio', 'kmap': 'cpu'}
    return dict(kind='call', file=file, line=line, col=col, fn=fnname, callee=callee,
                args=args, role=roles.get(callee, role))


def assign(fnname, lhs, rhs, line, file=F):
    return dict(kind='assign', file=file, line=line, col=1, fn=fnname, lhs=lhs, rhs=rhs)


def decl(fnname, t, name, line=2, file=F):
    return dict(kind='decl', file=file, line=line, col=1, fn=fnname, type=t, name=name)


def cond(fnname, c, line, file=F):
    return dict(kind='cond', file=file, line=line, col=1, fn=fnname, cond=c)


def solve(facts):
    sites, dec = pf.Solver(facts, pf.BUILTIN_61).solve()
    return {s['line']: s for s in sites}, dec


class Expressions(unittest.TestCase):
    def test_core(self):
        for e, want in [('pages+i', 'pages'), ('&pages[i]', 'pages'), ('m->pages[i]', 'm->pages'),
                        ('nth_page(p->pg,1)', 'p->pg'), ('page_to_pfn(list[i])', 'list'),
                        ('(struct page*)x', 'x'), ('r->pages+i', 'r->pages'),
                        ('imu->bvec[i].bv_page', 'imu->bvec[i].bv_page')]:
            self.assertEqual(pf.core(e), want, e)

    def test_forms(self):
        gen, m = pf.pick_form('get_user_pages_remote',
                              'tsk mm va 1 1 0 &page NULL'.split())
        self.assertEqual(gen, '4.6-4.8')
        self.assertEqual(m['pages'], '&page')
        gen, m = pf.pick_form('get_user_pages_remote',
                              'tsk mm va 1 FOLL_WRITE &page NULL'.split())
        self.assertEqual(gen, '4.9')
        gen, m = pf.pick_form('get_user_pages_remote',
                              'mm va 1 FOLL_WRITE &page NULL NULL'.split())
        self.assertEqual(gen, '5.9-6.4')
        gen, why = pf.pick_form('get_user_pages', ['a', 'b'])
        self.assertIsNone(gen)
        self.assertIn('match no generation', why)

    def test_flags(self):
        self.assertEqual(pf.new_flags({'flags': 'FOLL_GET|FOLL_WRITE'}, True)[0],
                         'FOLL_WRITE | FOLL_LONGTERM')
        self.assertEqual(pf.new_flags({'write': '1', 'force': '0'}, False)[0], 'FOLL_WRITE')
        self.assertEqual(pf.new_flags({'write': 'w'}, False)[0], '(w ? FOLL_WRITE : 0)')


class Flow(unittest.TestCase):
    def base(self):
        return [fn('map', [['struct m*', 'm'], ['unsigned long', 'u']]),
                fn('unmap', [['struct m*', 'm']]),
                decl('map', 'struct page**', 'pages'), decl('map', 'long', 'got'),
                assign('map', 'pages', 'kcalloc(n,8,GFP_KERNEL)', 3),
                call('map', 'get_user_pages_fast', ['u', 'n', 'FOLL_WRITE', 'pages'], 5),
                assign('map', 'got', 'get_user_pages_fast(u,n,FOLL_WRITE,pages)', 5),
                assign('map', 'm->pages', 'pages', 6),
                call('unmap', 'put_page', ['m->pages[i]'], 20)]

    def test_field_followed(self):
        s, dec = solve(self.base())
        self.assertEqual(s[5]['verdict'], 'converted')
        self.assertIn('d/x.c:20', s[5]['reason'])
        self.assertTrue(s[5]['longterm'])       # unmap(): an entry point
        self.assertEqual({d['line'] for d in dec[F]}, {5, 20})

    def test_unknown_callee_is_a_sink(self):
        s, _ = solve(self.base() + [call('map', 'stash_somewhere', ['pages[0]'], 7)])
        self.assertEqual(s[5]['verdict'], 'needs-manual')
        self.assertIn('stash_somewhere()', s[5]['reason'])

    def test_reasons_do_not_change_from_run_to_run(self):
        """The sinks of pages that reach many locations are named in one order,
        whatever Python's hash seed (sets of locations are not ordered)."""
        import json
        import subprocess
        import tempfile
        extra = []
        for i in range(8):
            extra += [decl('map', 'struct page**', 'alias%d' % i),
                      assign('map', 'alias%d' % i, 'pages', 10 + i),
                      call('map', 'stash%d' % i, ['alias%d[0]' % i], 30 + i)]
        script = os.path.join(os.path.dirname(pf.__file__), 'pageflow.py')
        outs = set()
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, 'facts.jsonl'), 'w') as fh:
                for f in self.base() + extra:
                    fh.write(json.dumps(f) + '\n')
            for seed in range(1, 6):
                subprocess.run([sys.executable, script, '--facts', os.path.join(d, 'facts.jsonl'),
                                '--target', d, '--default-target', d,
                                '--sites', os.path.join(d, 'sites.jsonl'),
                                '--decisions', os.path.join(d, 'dec.json')],
                               check=True, env=dict(os.environ, PYTHONHASHSEED=str(seed)))
                with open(os.path.join(d, 'sites.jsonl')) as fh:
                    outs.add(fh.read())
        self.assertEqual(len(outs), 1)
        self.assertIn('stash0()', next(iter(outs)))

    def test_foreign_writer(self):
        s, _ = solve(self.base() + [fn('other', [['struct m*', 'm']]),
                                    assign('other', 'm->pages', 'other_source(x)', 30)])
        self.assertEqual(s[5]['verdict'], 'needs-manual')
        self.assertIn('other_source', s[5]['reason'])

    def test_shared_release_with_kept_site(self):
        f = self.base() + [fn('peek', [['struct m*', 'm']]),
                           # an argument list it cannot read: kept as is, still an owner
                           call('peek', 'get_user_pages_fast', ['u', 'm->pages'], 40)]
        s, dec = solve(f)
        self.assertEqual(s[40]['verdict'], 'needs-manual')
        self.assertEqual(s[5]['verdict'], 'needs-manual')
        self.assertIn('stays', s[5]['reason'])
        self.assertEqual(dec, {})

    def test_errno_count(self):
        f = [fn('peek', [['unsigned long', 'u'], ['struct page**', 'pages']]),
             decl('peek', 'unsigned long', 'got'),
             call('peek', 'get_user_pages_fast', ['u', 'n', '0', 'pages'], 5),
             assign('peek', 'got', 'get_user_pages_fast(u,n,0,pages)', 5),
             cond('peek', 'got<0', 6),       # unsigned: proves nothing
             call('peek', 'release_pages', ['pages', 'got'], 8)]
        s, _ = solve(f)
        self.assertEqual(s[5]['verdict'], 'needs-manual')
        self.assertIn('got can hold an errno', s[5]['reason'])
        f[1] = decl('peek', 'long', 'got')
        s, _ = solve(f)
        self.assertEqual(s[5]['verdict'], 'converted')

    def test_null_pages(self):
        f = [fn('imp', [['unsigned long', 'u']]), decl('imp', 'struct page**', 'pages'),
             assign('imp', 'pages', 'NULL', 3),
             call('imp', 'get_user_pages', ['u', 'n', '0', 'pages', 'NULL'], 5)]
        s, _ = solve(f)
        self.assertEqual(s[5]['verdict'], 'kept')
        self.assertIn('may be NULL', s[5]['reason'])

    def test_unlocked_longterm_switches_variant(self):
        f = self.base()
        f[5] = call('map', 'get_user_pages_unlocked', ['u', 'n', 'pages', 'FOLL_WRITE'], 5)
        s, dec = solve(f)
        self.assertEqual(s[5]['verdict'], 'converted')
        d = [d for d in dec[F] if d['action'] == 'call'][0]
        self.assertEqual(d['new'], 'pin_user_pages_fast')
        self.assertEqual(d['args'], ['u', 'n', 'FOLL_WRITE | FOLL_LONGTERM', 'pages'])

    def test_pfn_into_unnamed_struct_is_a_sink(self):
        f = self.base()[:-1] + [assign('map', 'x->y[0].start', 'page_to_pfn(pages[0])', 8)]
        s, _ = solve(f)
        self.assertEqual(s[5]['verdict'], 'needs-manual')
        self.assertIn('pfn/physical address', s[5]['reason'])


    def test_pfn_into_kernel_struct_not_a_sink(self):
        # phys address handed to a struct the facts do not define (struct
        # range): nothing turns it back into a page, so it is not followed
        f = self.base() + [fn('merge', [['struct range*', 'r'], ['u64', 'paddr']]),
                           call('map', 'merge', ['rg', 'page_to_phys(pages[0])'], 7),
                           decl('map', 'struct range*', 'rg'),
                           assign('merge', 'r->start', 'paddr', 50),
                           fn('other', [['struct range*', 'q']]),
                           assign('other', 'q->start', 'min_t(u64,a,b)', 60)]
        s, _ = solve(f)
        self.assertEqual(s[5]['verdict'], 'converted', s[5]['reason'])

    def test_release_through_untyped_field_is_named(self):
        # put_page(BANK(d)->pages[i]): a structure the facts cannot type
        f = self.base() + [fn('drop', [['struct d*', 'd']]),
                           call('drop', 'put_page', ['BANK(d)->pages[i]'], 40)]
        s, _ = solve(f)
        self.assertEqual(s[5]['verdict'], 'needs-manual')
        self.assertIn('put_page() at d/x.c:40 releases pages read from ->pages', s[5]['reason'])

    def test_typedef_types_the_field(self):
        field = dict(kind='field', file='d/x.h', line=3, col=1, fn='bank_t', struct='bank',
                     name='m', type='struct m*')
        f = self.base() + [field, fn('drop', [['bank_t*', 'b']]),
                           call('drop', 'put_page', ['b->m->pages[i]'], 40)]
        s, dec = solve(f)
        self.assertEqual(s[5]['verdict'], 'converted', s[5]['reason'])
        self.assertIn(40, {d['line'] for d in dec[F]})

    def test_helper_param_back_edge_is_matched(self):
        # fill(pages) is called with the pinned array and with another
        # structure's array: the pinned pages never reach the other one
        f = self.base() + [fn('fill', [['struct page**', 'p'], ['int', 'n']]),
                           call('map', 'fill', ['pages', 'n'], 7),
                           fn('other', [['struct o*', 'o']]),
                           call('other', 'fill', ['o->pages', '1'], 60),
                           assign('other', 'o->pages', 'alloc_pages_array(1)', 59),
                           call('other', 'give_away', ['o->pages'], 61)]
        s, _ = solve(f)
        self.assertEqual(s[5]['verdict'], 'converted', s[5]['reason'])

    def test_io_accessor_is_cpu_access(self):
        f = self.base() + [assign('map', 'm->va', 'page_address(pages[0])', 7),
                           call('map', 'writel', ['1', 'm->va+8'], 8)]
        s, _ = solve(f)
        self.assertEqual(s[5]['verdict'], 'converted', s[5]['reason'])


class Target(unittest.TestCase):
    def test_builtin(self):
        t = pf.target_api('/nonexistent', '/nonexistent')
        self.assertIn('FOLL_LONGTERM', t['pins']['pin_user_pages_unlocked']['refuses'])

    def test_tree(self):
        tree = os.environ.get('PINCONV_TEST_TREE', os.path.join(
            os.path.dirname(os.path.abspath(__file__)), '..', '..', 'build', 'linux-source-6.1'))
        if not os.path.isfile(os.path.join(tree, 'mm/gup.c')):
            self.skipTest('no kernel tree')
        t = pf.target_api(tree, tree)
        self.assertIn('FOLL_LONGTERM', t['pins']['pin_user_pages_unlocked']['refuses'])
        self.assertFalse(t['pins']['pin_user_pages_fast']['refuses'])
        self.assertEqual(t['pins']['pin_user_pages_remote']['params'],
                         'mm start nr flags pages vmas locked'.split())


if __name__ == '__main__':
    unittest.main()
