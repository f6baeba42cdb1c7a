#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Unit tests (TAP) of scripts/verrange.py, scripts/wrappers.py, the
pure functions of scripts/gate.py, the subject prefix of scripts/series.py,
scripts/rewrite-check.py and scripts/iovsites.py (on the iov_iter rules'
golden facts, tests/cocci/*/<case>.facts).  No spatch, no kernel tree
needed."""
import json
import os
import subprocess
import sys
import tempfile

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
sys.path.insert(0, os.path.join(TOP, 'scripts'))
import gate  # noqa: E402
import iovsites  # noqa: E402
import series  # noqa: E402
import verrange as vr  # noqa: E402
import wrappers  # noqa: E402
import cflow  # noqa: E402

n = failed = 0


def check(desc, cond, diag=''):
    global n, failed
    n += 1
    if cond:
        print('ok %d %s' % (n, desc))
    else:
        failed += 1
        print('not ok %d %s' % (n, desc))
        for ln in str(diag).split('\n'):
            print('# ' + ln)


def ranges(src):
    return vr.FileRanges(src)


def line_of(src, needle):
    return next(i for i, l in enumerate(src.split('\n'), 1) if needle in l)


print('TAP version 13')

# --- version arithmetic
check('KERNEL_VERSION(5, 6, 0) is 0x050600', vr.kv(5, 6, 0) == 0x050600)
check('KERNEL_VERSION saturates the sublevel at 255', vr.kv(4, 9, 300) == vr.kv(4, 9, 255))
check('parse_version 4.19 and 5.6.0', vr.parse_version('4.19') == vr.kv(4, 19) and
      vr.parse_version('5.6.0') == vr.kv(5, 6))
try:
    vr.parse_version('five')
    check('a bad version is an error', False)
except vr.VerrangeError as e:
    check('a bad version is an error naming it', 'five' in str(e))

# --- conditions
LADDER = '''int f(void)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(4, 9, 0)
	a_old();
#elif LINUX_VERSION_CODE < KERNEL_VERSION(6, 5, 0)
	a_mid();
#else
	a_new();
#endif
	common();
}
'''
fr = ranges(LADDER)
r_old, r_mid, r_new = (fr.at(line_of(LADDER, x)) for x in ('a_old', 'a_mid', 'a_new'))
check('#if < 4.9 branch is < 4.9', r_old.describe() == '< 4.9', r_old.describe())
check('#elif < 6.5 excludes the earlier branch: 4.9 to < 6.5',
      r_mid.describe() == '4.9 to < 6.5', r_mid.describe())
check('#else is >= 6.5', r_new.describe() == '>= 6.5', r_new.describe())
check('the line after #endif is compiled for all kernels',
      not fr.at(line_of(LADDER, 'common')).version_dependent())
check('has_api: < 4.9 has no pin_user_pages', vr.has_api(r_old, 'pin_user_pages') is False)
check('has_api: 4.9 to < 6.5 straddles 5.6 (None)', vr.has_api(r_mid, 'pin_user_pages') is None)
check('has_api: >= 6.5 has pin_user_pages', vr.has_api(r_new, 'pin_user_pages') is True)
check('guard of the #elif branch names the #if line and the #elif line',
      fr.guard(line_of(LADDER, 'a_mid')).if_line == 3 and
      fr.guard(line_of(LADDER, 'a_mid')).line == 5)
check('guard of a line outside any #if is None', fr.guard(line_of(LADDER, 'common')) is None)

for expr, want in [
        ('LINUX_VERSION_CODE >= KERNEL_VERSION(5,6,0)', '>= 5.6'),
        ('KERNEL_VERSION(5,6,0) > LINUX_VERSION_CODE', '< 5.6'),
        ('LINUX_VERSION_CODE >= 0x050600', '>= 5.6'),
        ('LINUX_VERSION_CODE > KERNEL_VERSION(5,5,255)', '>= 5.6'),
        ('!(LINUX_VERSION_CODE < KERNEL_VERSION(5,6,0))', '>= 5.6'),
        ('LINUX_VERSION_CODE >= KERNEL_VERSION(4,9,0) && LINUX_VERSION_CODE < KERNEL_VERSION(5,6,0)',
         '4.9 to < 5.6'),
        ('LINUX_VERSION_CODE < KERNEL_VERSION(4,9,0) || LINUX_VERSION_CODE >= KERNEL_VERSION(6,5,0)',
         '< 4.9, >= 6.5'),
        ('defined(HAVE_PIN_USER_PAGES_FAST)', '>= 5.6'),
        ('!defined(NV_PIN_USER_PAGES_PRESENT)', '< 5.6'),
        ('defined(FOLL_LONGTERM)', '>= 5.2'),
        ('1', 'all kernels'),
        ('0', 'no kernel'),
        ('defined(CONFIG_MMU)', 'unknown'),
        ('RHEL_RELEASE_CODE >= RHEL_RELEASE_VERSION(8, 3)', 'unknown'),
        ('LINUX_VERSION_CODE >= KERNEL_VERSION(5,6,0) || '
         '(defined(RHEL_RELEASE_CODE) && RHEL_RELEASE_CODE >= RHEL_RELEASE_VERSION(8,3))',
         '< 5.6 (if unknown conditions hold), >= 5.6'),
        ('LINUX_VERSION_CODE >= KERNEL_VERSION(5,6,0) && defined(CONFIG_MMU)',
         '>= 5.6 (if unknown conditions hold)'),
        ('LINUX_VERSION_CODE >=', 'unknown')]:
    got = vr.FileRanges('').cond(expr).describe()
    check('#if %s -> %s' % (expr, want), got == want, 'got: %s' % got)

r = vr.FileRanges('').cond('LINUX_VERSION_CODE < KERNEL_VERSION(5,6,0) && defined(CONFIG_X)')
check('< 5.6 && unknown: no pin API wherever it may compile', vr.has_api(r, 'pin_user_pages') is False)
r = vr.FileRanges('').cond('defined(CONFIG_X)')
check('an unknown condition alone is not version dependent', not r.version_dependent())

GUARD = '''#ifndef MY_DRV_H
#define MY_DRV_H
#ifdef HAVE_PIN_USER_PAGES
int x;
#else
int y;
#endif
#endif
'''
fr = ranges(GUARD)
check('an include guard is not a condition',
      fr.at(line_of(GUARD, 'int x')).describe() == '>= 5.6', fr.at(4).describe())
check('#else of #ifdef HAVE_PIN_USER_PAGES is < 5.6',
      fr.at(line_of(GUARD, 'int y')).describe() == '< 5.6')

CONT = '''#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 6, 0) && \\
    LINUX_VERSION_CODE < KERNEL_VERSION(6, 5, 0) /* a comment */
int a;
#endif
'''
check('continued #if lines and comments are read',
      ranges(CONT).at(3).describe() == '5.6 to < 6.5', ranges(CONT).at(3).describe())
NEST = '''#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 0, 0)
# if LINUX_VERSION_CODE < KERNEL_VERSION(5, 6, 0)
int a;
# endif
#endif
'''
check('nested #if: ranges intersect', ranges(NEST).at(3).describe() == '5.0 to < 5.6')
check('view at 4.9 blanks the branches not taken',
      'a_mid' in ranges(LADDER).view(vr.kv(4, 9)) and 'a_new' not in ranges(LADDER).view(vr.kv(4, 9))
      and 'a_old' not in ranges(LADDER).view(vr.kv(4, 9)))
check('view keeps line numbers', len(ranges(LADDER).view(0).split('\n')) == len(LADDER.split('\n')))
check('MIN_KERNEL clip: >= 5.10 of all kernels has pin_user_pages',
      vr.has_api(vr.Range.const(vr.YES).clip(vr.kv(5, 10)), 'pin_user_pages') is True)

# --- configure macros
with tempfile.TemporaryDirectory() as d:
    open(os.path.join(d, 'conftest.sh'), 'w').write(
        'compile_test() {\n  # does the kernel have pin_user_pages_fast()?\n'
        '  echo "int t(void) { return pin_user_pages_fast(0, 1, 0, 0); }" > t.c\n'
        '  make_test t.c && echo "#define DRV_HAS_PINNING 1" >> conf.h\n}\n'
        'other() { echo "#define DRV_HAS_NOTHING 1"; }\n' + '\n' * 30 +
        'x() { echo DRV_FAR_AWAY; }\n')
    m = vr.configure_macros(d)
    check('a macro the configure script defines from a pin_user_pages_fast() test',
          m.get('DRV_HAS_PINNING') == 'pin_user_pages_fast', m)
    check('a macro far from any pin test is not tied', 'DRV_FAR_AWAY' not in m, m)
    fr = vr.FileRanges('#ifdef DRV_HAS_PINNING\nint a;\n#endif\n', m)
    check('#ifdef of that macro is >= 5.6', fr.at(2).describe() == '>= 5.6', fr.at(2).describe())

# --- command line
with tempfile.NamedTemporaryFile('w', suffix='.c', delete=False) as f:
    f.write(LADDER)
out = subprocess.run([sys.executable, os.path.join(TOP, 'scripts/verrange.py'), f.name, '4'],
                     capture_output=True, text=True)
check('verrange.py FILE LINE prints JSON with the range', out.returncode == 0 and
      '"describe": "< 4.9"' in out.stdout, out.stdout + out.stderr)
out = subprocess.run([sys.executable, os.path.join(TOP, 'scripts/verrange.py'), '--at', '6.1',
                      f.name], capture_output=True, text=True)
check('verrange.py --at 6.1 shows the >= 6.5 branch blanked',
      'a_mid' in out.stdout and 'a_new' not in out.stdout, out.stdout)
out = subprocess.run([sys.executable, os.path.join(TOP, 'scripts/verrange.py'), '/nonexistent.c'],
                     capture_output=True, text=True)
check('verrange.py on a missing file: one error line, exit 1', out.returncode == 1 and
      len(out.stderr.strip().split('\n')) == 1 and 'cannot read' in out.stderr, out.stderr)
os.unlink(f.name)

# --- the engine's entry points
with tempfile.TemporaryDirectory() as d:
    fp = os.path.join(d, 'l.c')
    open(fp, 'w').write(LADDER)
    check('site_has: the < 4.9 line has no pin_user_pages',
          vr.site_has(fp, line_of(LADDER, 'a_old'), 'pin_user_pages') is False)
    check('site_has: the >= 6.5 line has it', vr.site_has(fp, line_of(LADDER, 'a_new'),
                                                         'pin_user_pages') is True)
    check('site_has: an unguarded line is for the target tree to decide (None)',
          vr.site_has(fp, line_of(LADDER, 'common'), 'pin_user_pages') is None)
    check('site_has with MIN_KERNEL=5.10: the unguarded line has it',
          vr.site_has(fp, line_of(LADDER, 'common'), 'pin_user_pages',
                      min_kernel=vr.kv(5, 10)) is True)
    check('range_at: describe() of the 4.9-6.4 branch',
          vr.range_at(fp, line_of(LADDER, 'a_mid')).describe() == '4.9 to < 6.5')

# --- wrappers
W = {'compat.h': '''#define my_gup(s, n, f, p) \\
	get_user_pages(s, n, f, p, NULL)
#define my_alias get_user_pages_fast
static inline long my_inline(unsigned long a, struct page **p)
{
	return pin_user_pages_fast(a, 1, 0, p);
}
#define my_outer(a, p) my_gup(a, 1, 0, p)
#define NOT_A_WRAPPER(x) ((x) + 1)
''', 'drv.c': '''#include "compat.h"
static int f(struct page **pages)
{
	long r = my_gup(0, 1, 0, pages);
	r += my_alias(0, 1, 0, pages);
	r += my_inline(0, pages);
	return my_outer(0, pages) + NOT_A_WRAPPER(r);
}
'''}
ws = wrappers.find_wrappers(W)
check('wrappers: a function-like macro, an alias macro, a static inline, a wrapper of a wrapper',
      sorted(ws) == ['my_alias', 'my_gup', 'my_inline', 'my_outer'], sorted(ws))
check('the wrapper of a wrapper wraps the API underneath', ws['my_outer'].apis == {'get_user_pages'},
      ws['my_outer'].apis)
calls = wrappers.calls_of('drv.c', W['drv.c'], ws)
check('calls through wrappers are found with their lines',
      [(l, nm) for l, _, nm in calls] == [(4, 'my_gup'), (5, 'my_alias'), (6, 'my_inline'),
                                          (7, 'my_outer')], calls)
check('a wrapper body is not a call site', wrappers.calls_of('compat.h', W['compat.h'], ws) == [],
      wrappers.calls_of('compat.h', W['compat.h'], ws))
rows = gate.decide_file('drv.c', W['drv.c'], {}, ws, False, None)
check('gate: wrapper calls are rows naming the function and wrapper->api',
      [(r[1], r[3], r[4], r[5]) for r in rows] == [
          (4, 'f', 'my_gup->get_user_pages', 'needs-manual'),
          (5, 'f', 'my_alias->get_user_pages_fast', 'needs-manual'),
          (6, 'f', 'my_inline->pin_user_pages_fast', 'kept'),
          (7, 'f', 'my_outer->get_user_pages', 'needs-manual')], rows)
rows = gate.decide_file('compat.h', W['compat.h'], {}, ws, False, None)
check('gate: the bodies are "wrapper" rows; a get body the solver may convert is not masked, '
      'a pin body is',
      sorted((r[1], r[5], r[10], r[11]) for r in rows) == [
          (2, 'wrapper', 0, 'wrapper'), (3, 'wrapper', 1, 'wrapper-kept'),
          (6, 'wrapper', 1, 'wrapper-kept')], rows)
bl = wrappers.blockers(W, ws)
check('wrappers.blockers: a wrapper of a wrapper blocks both',
      sorted(bl) == ['my_gup', 'my_outer'] and 'my_outer' in bl['my_gup'], bl)
bl2 = wrappers.blockers(dict(W, **{'ops.c': 'static long (*fn)(unsigned long, struct page **) = '
                                            'my_inline;\n'}), ws)
check('wrappers.blockers: a wrapper named without a call (its address taken) is blocked, '
      'naming the place', 'ops.c:1' in bl2.get('my_inline', ''), bl2)
rows = gate.decide_file('compat.h', W['compat.h'], {}, ws, False, None, wblock=bl)
check('gate: a blocked wrapper body is held (wrapper-kept) with the blocker as its reason',
      [(r[1], r[10], r[11]) for r in rows if r[1] == 2] == [(2, 1, 'wrapper-kept')] and
      'my_outer' in rows[0][8], rows)
V = """#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
#define vg(s, n, p) get_user_pages(s, n, 0, p)
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(4, 9, 0)
#define vg(s, n, p) get_user_pages(s, n, 0, p, NULL)
#else
#define vg(s, n, p) get_user_pages(current, current->mm, s, n, 0, 0, p, NULL)
#endif
"""
vws = wrappers.find_wrappers({'v.h': V})
holds = lambda **k: [r[11] for r in gate.decide_file('v.h', V, {}, vws, k.get('compat', False),
                                                      k.get('mk'))]
check('gate: wrapper definitions by range: >= 6.5 converts, 4.9-6.5 straddles, < 4.9 stays',
      holds() == ['wrapper', 'wrapper-kept', 'wrapper-kept'], holds())
check('gate: with MIN_KERNEL=5.10 the old definitions are skipped or convert',
      holds(mk=vr.kv(5, 10)) == ['wrapper', 'wrapper', 'wrapper-skip'], holds(mk=vr.kv(5, 10)))
check('gate: with COMPAT=1 the straddling definition converts, the < 4.9 one stays harmlessly',
      holds(compat=True) == ['wrapper', 'wrapper', 'wrapper-skip'], holds(compat=True))
A = '''#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
#define ag get_user_pages
#else
#define ag(s, n, f, p) get_user_pages(s, n, f, p, NULL)
#endif
'''
aws = wrappers.find_wrappers({'a.h': A})
rows = gate.decide_file('a.h', A, {}, aws, False, vr.kv(5, 6))
check('gate: an alias definition (#define w get_user_pages) is a held row that keeps the group',
      sorted((r[1], r[2], r[11]) for r in rows) == [(2, 11, 'wrapper-kept'), (4, 23, 'wrapper')]
      and 'only another name' in [r for r in rows if r[1] == 2][0][8], rows)
import pageflow  # noqa: E402
check('pageflow.subst: the wrapper\'s parameters become the call\'s arguments',
      pageflow.subst(['s', 'n', '(w)?FOLL_WRITE:0', 'p'], ['s', 'n', 'w', 'p'],
                     ['uaddr&PAGE_MASK', 'dev->n', '1', '&pg']) ==
      ['(uaddr&PAGE_MASK)', 'dev->n', '(1)?FOLL_WRITE:0', '&pg'],
      pageflow.subst(['s', 'n', '(w)?FOLL_WRITE:0', 'p'], ['s', 'n', 'w', 'p'],
                     ['uaddr&PAGE_MASK', 'dev->n', '1', '&pg']))

# --- the pages argument of each generation's argument list
for call, want in [
        ('get_user_pages(start, n, FOLL_WRITE, pages, NULL)', 'pages'),
        ('get_user_pages(start, n, 1, 0, pages, NULL)', 'pages'),
        ('get_user_pages(current, current->mm, start, n, 1, 0, pages, NULL)', 'pages'),
        ('get_user_pages_remote(tsk, mm, va, 1, 1, 0, &page, NULL)', '&page'),
        ('get_user_pages_remote(tsk, mm, va, 1, FOLL_WRITE, &page, NULL)', '&page'),
        ('get_user_pages_remote(mm, va, 1, FOLL_WRITE, &page, NULL, NULL)', '&page'),
        ('get_user_pages_unlocked(start, n, m->pages + i, write ? FOLL_WRITE : 0)', 'm->pages+i'),
        ('get_user_pages_fast(start, n, dir == DMA_FROM_DEVICE, &pages[i])', '&pages[i]')]:
    got = gate.pages_arg('', gate.call_args(call, 0))
    check('pages argument of %s' % call, got == want, got)
check('base_of: &a[i] -> a, a + i -> a, &x -> x',
      [gate.base_of(x) for x in ('&a[i]', 'a+i', '&x', 'm->p')] == ['a', 'a', 'x', 'm->p'])
src = 'static int g(int x)\n{\n\treturn x;\n}\nstruct s {\n\tint a;\n};\nint h(void) { return 0; }\n'
fn = gate.functions(src)
check('functions(): names per line', fn[3] == 'g' and fn[6] == '' and fn[8] == 'h', fn)

# --- why a held call stays (gate.tsv's hold column, read by the solver)
HOLD = '''int f(unsigned long u, struct page **pages)
{
	long got;
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 6, 0)
	got = get_user_pages_fast(u, 1, 1, pages);
#elif LINUX_VERSION_CODE < KERNEL_VERSION(5, 8, 0)
	got = get_user_pages_unlocked(u, 1, pages, FOLL_WRITE);
#else
	got = get_user_pages_fast(u, 1, FOLL_WRITE, pages);
#endif
	put_page(pages[0]);
	return got;
}
'''
rows = {r[1]: dict(zip(gate.COLUMNS, r)) for r in gate.decide_file('h.c', HOLD, {}, {}, False, None)}
check('gate: a call compiled only below 5.6 holds as "old"', rows[5]['hold'] == 'old', rows)
check('gate: a 5.6-5.8 pin_user_pages_unlocked() fallback holds as "old-api"',
      rows[7]['hold'] == 'old-api' and rows[7]['verdict'] == 'kept', rows)
check('gate: the per-file shared-release row is not masked (the solver decides)',
      rows[9]['when'] == 'if-converted' and rows[9]['mask'] == 0, rows)
rows = {r[1]: dict(zip(gate.COLUMNS, r)) for r in gate.decide_file('h.c', HOLD, {}, {}, True, None)}
check('gate: COMPAT=1 does not share a release with a call kept for 5.6-5.8',
      rows.get(9, {}).get('when') == 'if-converted' and 'line 7' in rows[9]['reason'], rows)
rows = {r[1]: dict(zip(gate.COLUMNS, r)) for r in gate.decide_file(
    'h.c', HOLD, {}, {}, False, vr.kv(5, 10))}
check('gate: below MIN_KERNEL holds as "dead"', rows[5]['hold'] == 'dead' and
      rows[7]['hold'] == 'dead', rows)
fr = ranges(HOLD)
check('verrange.disjoint: two branches of one ladder never meet', vr.disjoint(fr.at(5), fr.at(9)))
check('verrange.disjoint: a branch meets the code after #endif',
      not vr.disjoint(fr.at(5), fr.at(11)))
check('verrange.disjoint: below a MIN_KERNEL bound a branch meets nothing',
      vr.disjoint(fr.at(5), fr.at(11), vr.Range([(0, vr.NO), (vr.kv(5, 10), vr.YES)])))

# --- the old-kernel view of a converted file
BAD = '''#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 9, 0)
	got = pin_user_pages_remote(tsk, mm, a, 1, 0, &p, NULL, NULL);
#else
	got = pin_user_pages_remote(mm, a, 1, 0, &p, NULL, NULL);
#endif
	unpin_user_page(p);
'''
probs = gate.old_view('bad.c', BAD)
check('old view: a pin call in a branch for 5.8 and older is found at 5.5.255, with the release',
      {(vr.kv_str(v), no, nm) for v, no, nm in probs} >= {('5.5.255', 2, 'pin_user_pages_remote'),
                                                         ('5.5.255', 6, 'unpin_user_page')}, probs)
check('old view: a file without version conditions is not checked', gate.old_view(
    'x.c', 'int f(void) { return pin_user_pages_fast(0, 1, 0, 0); }\n') == [])
check('old view: a file including pinconv_compat.h is fine',
      gate.old_view('c.c', '#include "pinconv_compat.h"\n' + BAD) == [])
# the header maps only the 5.6 names: a 5.8 name below 5.6 still breaks there
UNL = '''#include "pinconv_compat.h"
#if LINUX_VERSION_CODE < KERNEL_VERSION(4, 9, 0)
	got = get_user_pages_unlocked(a, n, 1, 0, pages);
#else
	got = pin_user_pages_unlocked(a, n, pages, FOLL_WRITE);
#endif
	unpin_user_pages(pages, got);
'''
probs = gate.old_view('u.c', UNL)
check('old view: with pinconv_compat.h, a name it does not map (pin_user_pages_unlocked) is found',
      {(no, nm) for v, no, nm in probs} == {(5, 'pin_user_pages_unlocked')}, probs)

# --- blanking comments and literals (verrange.strip_comments, cflow.blank)
LEX = ('int a; /* one\n two */ char *s = "x/*y\\"z"; // tail\n'
       "#error don't\n"
       'char c = \'\\\'\'; char *t = "a\\\\"; int b;\n'
       '#define X 1 /* in a\n   directive */\n'
       'int d = 1; /* open at the end')
for name, fn in (('strip_comments', vr.strip_comments), ('cflow.blank', cflow.blank)):
    out = fn(LEX)
    check('%s keeps the length and every newline' % name,
          len(out) == len(LEX) and [i for i, c in enumerate(out) if c == '\n'] ==
          [i for i, c in enumerate(LEX) if c == '\n'], repr(out))
    check('%s blanks comments and literal contents, not code' % name,
          'one' not in out and 'two' not in out and 'tail' not in out and 'y' not in out.split('\n')[1]
          and 'int b;' in out and 'int d = 1;' in out and 'open' not in out, repr(out))
check('strip_comments: an unterminated quote ends at its line (the next line stays code)',
      vr.strip_comments(LEX).split('\n')[3].startswith("char c = '  ';"), repr(vr.strip_comments(LEX)))
check('cflow.blank: a comment that starts on a directive line is blanked to its end',
      cflow.blank(LEX).split('\n')[5].strip() == '', repr(cflow.blank(LEX)))
check('cflow.blank: preprocessor lines are blanked, the code after them is not',
      "don't" not in cflow.blank(LEX) and 'char c' in cflow.blank(LEX), repr(cflow.blank(LEX)))

# --- iov_iter sites from the rules' records (scripts/iovsites.py)
FACTS = os.path.join(TOP, 'tests', 'cocci')
BIO = os.path.join(FACTS, 'iov_iter_to_pin', 'bio_dio.facts')
CARRIER = os.path.join(FACTS, 'iov_iter_to_pin', 'carrier_sgl.facts')
MANUAL = os.path.join(FACTS, 'iov_iter_pages', 'unknown_release.facts')
IOVPY = os.path.join(TOP, 'scripts', 'iovsites.py')


def iov_cli(*args):
    return subprocess.run([sys.executable, IOVPY] + list(args), capture_output=True)


bio = iovsites.load([BIO])[0]
man = iovsites.load([MANUAL])
by = {t: iovsites.sites(iovsites.load([BIO, MANUAL]), t) for t in iovsites.TARGETS}
conv = {t: [d for d in by[t] if d['rule'] == 'iov_iter_to_pin'] for t in by}
check('iovsites: one site per record of distinct calls',
      all(len(by[t]) == 1 + len(man) for t in by), by['core'])
check('iovsites: core target: the converting rule\'s site is converted, with its shape',
      [(d['verdict'], d['reason'], d['shape']) for d in conv['core']] ==
      [('converted', bio['reason'], bio['shape'])], conv['core'])
check('iovsites: extract target: needs-manual naming iov_iter_extract_pages() and the '
      'release found', [d['verdict'] for d in conv['extract']] == ['needs-manual'] and
      'iov_iter_extract_pages()' in conv['extract'][0]['reason'] and
      conv['extract'][0]['reason'].endswith(bio['reason']), conv['extract'])
check('iovsites: no target API: needs-core-api, saying what would convert',
      [d['verdict'] for d in conv['both']] == ['needs-core-api'] and
      'would convert: ' + bio['reason'] in conv['both'][0]['reason'], conv['both'])
check('iovsites: the release positions travel with the site',
      all(d['release'] == bio['release'] and d['release'] for d in conv.values() for d in d))
check('iovsites: the classifier\'s sites take the reason for the target',
      all(d['reason'] == r['reasons'][t] and d['verdict'] == r['verdict']
          for t in by for d, r in zip([d for d in by[t] if d['rule'] == 'iov_iter_pages'],
                                      sorted(man, key=lambda r: r['line']))), by['extract'])
# the classifier's record of the converting rule's site: the converting rule wins
cls = dict(man[0], file=bio['file'], line=bio['line'], column=bio['column'],
           function=bio['function'], api=bio['api'])
for order in ([bio, cls], [cls, bio]):
    got = iovsites.sites(order, 'extract')
    check('iovsites: a site both rules report is the converting rule\'s (%s first)' %
          order[0]['rule'], len(got) == 1 and got[0]['rule'] == 'iov_iter_to_pin' and
          got[0]['reason'].endswith(bio['reason']), got)
r = iov_cli('patch', '--target', 'core', BIO)
check('iovsites patch: a converted bio site on the core target runs patch mode',
      r.returncode == 0 and r.stdout == b'bio_dio.c\0', r)
check('iovsites patch: not without the core API, nor on 6.3+ trees',
      [iov_cli('patch', '--target', t, BIO).stdout for t in ('both', 'extract')] == [b'', b''])
check('iovsites patch: a file with a carrier site waits for its header',
      iov_cli('patch', '--target', 'core', CARRIER).stdout == b'')
check('iovsites patch: a file with only the classifier\'s sites is not patched',
      iov_cli('patch', '--target', 'core', MANUAL).stdout == b'')
r = iov_cli('patch', '--target', 'core', CARRIER, BIO, MANUAL)
check('iovsites patch: the records of many files at once: only the bio file',
      r.returncode == 0 and r.stdout == b'bio_dio.c\0', r)
r = iov_cli('carriers', '--target', 'core', CARRIER, BIO, MANUAL)
check('iovsites carriers: the file and struct of the carrier site',
      r.returncode == 0 and r.stdout == b'carrier_sgl.c\0alg_sgl\0', r.stdout)
check('iovsites carriers: none without the core API', iov_cli(
    'carriers', '--target', 'both', CARRIER).stdout == b'')
with tempfile.TemporaryDirectory() as tmp:
    odd = os.path.join(tmp, 'odd.iov')
    name = 'my dir/a\tb\udcff.c'      # a tab and a byte that is not UTF-8
    with open(odd, 'w') as f:
        f.write(json.dumps(dict(json.load(open(CARRIER)), file=name)) + '\n')
    r = iov_cli('carriers', '--target', 'core', odd, os.path.join(tmp, 'missing.iov'))
    check('iovsites carriers: any file name comes back as its bytes; a missing file is empty',
          r.returncode == 0 and r.stdout == b'my dir/a\tb\xff.c\0alg_sgl\0', r)
    bad = os.path.join(tmp, 'bad.iov')
    with open(bad, 'w') as f:
        f.write('bio_dio.c:25:8-27: converted (case 1, High): prose\n')
    r = iov_cli('sites', '--target', 'core', bad)
    check('iovsites: a line that is not a record is an error naming it',
          r.returncode != 0 and b'bad.iov:1' in r.stderr, r)

# the commit message of a converted iov_iter site: case and releases from the record
rec = iovsites.sites(iovsites.load([BIO]), 'core')[0]
row = dict(file=rec['file'], line=str(rec['line']), function=rec['function'], api=rec['api'],
           case=rec['case'], reason=rec['reason'])
_, body = series.iov_message('block', [row], {(rec['file'], str(rec['line'])): rec})
flat = ' '.join(body.split())
check('series: an iov_iter patch names its pin_user_pages.rst case from the site',
      'pin_user_pages.rst CASE 1 (Direct IO)' in flat, body)
check('series: ... and the release calls its record gives',
      rec['release'] and all('%s:%d %s()' % (r['file'], r['line'], r['function']) in flat
                             for r in rec['release']), body)
_, body = series.iov_message('block', [row])
check('series: without records the bullet is the reason alone',
      'release calls' not in body and rec['reason'] in ' '.join(body.split()), body)

# a call through a driver's wrapper (report api 'wrapper->gup'): the message
# names the gup function and its pin counterpart, and the wrapper
wrow = dict(file='mkw.c', line='16', function='mkw_dma', api='mkw_gup->get_user_pages',
            case='1', reason='converted together with the wrapper macro mkw_gup (mkw.h:12-13)')
subj, body = series.message('mkw', [wrow])
flat = ' '.join(body.split())
check('series: a wrapper call converts get_user_pages() to pin_user_pages() in the subject',
      subj == 'mkw: convert get_user_pages() to pin_user_pages()', subj)
check('series: ... and the body pins with pin_user_pages(), naming the wrapper mkw_gup()',
      'Pin them with pin_user_pages() instead' in flat and 'mkw_gup()' in flat and
      'mkw_gup->' not in flat.split('Call sites:')[0], body)

# --- patch subjects of out-of-tree drivers: the module a Makefile names
with tempfile.TemporaryDirectory() as t:
    os.makedirs(os.path.join(t, 'xfer/src'))
    with open(os.path.join(t, 'xfer/src/Makefile'), 'w') as mk:
        mk.write('DRV := xfer$(FLAVOUR)\nobj-m += $(DRV).o\n$(DRV)-objs := main.o dma.o\n')
    os.makedirs(os.path.join(t, 'eng'))
    with open(os.path.join(t, 'eng/Makefile'), 'w') as mk:
        mk.write('TARGET_MODULE:=engdma\nifneq ($(KERNELRELEASE),)\n'
                 '\tobj-m := $(TARGET_MODULE).o\nelse\nall:\n\t$(MAKE) -C $(KDIR) M=$(PWD)\nendif\n')
    with open(os.path.join(t, 'top.c'), 'w') as c:
        c.write('int x;\n')
    got = [series.prefix_for(f, t) for f in ('xfer/src/dma.c', 'eng/sg.c', 'top.c')]
    check('subject prefix: the module a make variable names, a variable the Makefile does not '
          'set is empty, a top-level file its own name', got == ['xfer', 'engdma', 'top'], got)

# --- rewrite-check: a chosen release the rewrite left alone undoes the conversion
rc = __import__('importlib').import_module('rewrite-check')
with tempfile.TemporaryDirectory() as t:
    src = ('int a(unsigned long u, struct page **p)\n{\n\treturn get_user_pages_fast(u, 2, 0, p);\n}\n'
           'void b(struct page **p)\n{\n\trelease_pages(p, 2, 0);\n\tput_page(p[0]);\n}\n')
    os.makedirs(os.path.join(t, 'd'))
    with open(os.path.join(t, 'd/x.c'), 'w') as fh:
        fh.write(src)
    g = ['git', '-C', t, '-c', 'user.name=t', '-c', 'user.email=t@invalid']
    subprocess.run(g + ['init', '-q'], check=True)
    subprocess.run(g + ['add', '-A'], check=True)
    subprocess.run(g + ['commit', '-q', '-m', 'pristine'], check=True)
    with open(os.path.join(t, 'd/x.c'), 'w') as fh:   # the acquire rewritten, the release not
        fh.write(src.replace('get_user_pages_fast', 'pin_user_pages_fast'))
    dec = {'d/x.c': [dict(line=3, col=8, action='call', old='get_user_pages_fast'),
                     dict(line=7, col=1, action='release', old='release_pages',
                          sites=[['d/x.c', 3]])]}
    site = dict(file='d/x.c', line=3, verdict='converted', case='1', confidence='High',
                reason='get_user_pages_fast -> pin_user_pages_fast()', newapi='pin_user_pages_fast')
    with open(os.path.join(t, 'dec.json'), 'w') as fh:
        json.dump(dec, fh)
    with open(os.path.join(t, 'sites.jsonl'), 'w') as fh:
        fh.write(json.dumps(site) + '\n')
    import contextlib
    import io
    with contextlib.redirect_stdout(io.StringIO()):
        rc.main(['--work', t, '--decisions', os.path.join(t, 'dec.json'),
                 '--sites', os.path.join(t, 'sites.jsonl')])
    got = json.loads(open(os.path.join(t, 'sites.jsonl')).read())
    check('rewrite-check: a chosen release_pages() left unchanged puts the file back and the site '
          'is needs-manual naming it', open(os.path.join(t, 'd/x.c')).read() == src and
          got['verdict'] == 'needs-manual' and 'release_pages()' in got['reason'] and
          'd/x.c:7' in got['reason'], got)

# --- MIN_KERNEL's default: the driver's own stated minimum (gate.min_kernel_of)
SM = gate.stated_minimums
check('stated minimum: #error under LINUX_VERSION_CODE < 4.4',
      [c for c, _, _ in SM('#if LINUX_VERSION_CODE < KERNEL_VERSION(4, 4, 0)\n#error "old"\n#endif\n')]
      == [vr.kv(4, 4)])
check('stated minimum: the #else #error of a ladder (< 2.6.8 builds nothing)',
      [c for c, _, _ in SM('#if LINUX_VERSION_CODE >= KERNEL_VERSION(2, 6, 10)\nx();\n'
                           '#elif LINUX_VERSION_CODE >= KERNEL_VERSION(2, 6, 8)\ny();\n'
                           '#else\n#error unsupported\n#endif\n')] == [vr.kv(2, 6, 8)])
check('stated minimum: #ifndef FOLL_PIN #error is 5.6',
      [c for c, _, _ in SM('#ifndef FOLL_PIN\n#error "needs the pin API"\n#endif\n')]
      == [vr.kv(5, 6)])
check('stated minimum: BUILD_BUG_ON(version < 5.4) and static_assert(version >= 5.15)',
      sorted(c for c, _, _ in SM('void f(void)\n{\n\tBUILD_BUG_ON(LINUX_VERSION_CODE <\n'
                                 '\t\t     KERNEL_VERSION(5, 4, 0));\n}\n'
                                 'static_assert(LINUX_VERSION_CODE >= KERNEL_VERSION(5, 15, 0), "x");\n'))
      == [vr.kv(5, 4), vr.kv(5, 15)])
check('not a minimum: a maximum, a CONFIG_ condition, a plain ladder, an #error in a comment',
      SM('#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 20, 0)\n#error "too new"\n#endif\n'
         '#if defined(CONFIG_X) && LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0)\n#error "x"\n#endif\n'
         '#if LINUX_VERSION_CODE < KERNEL_VERSION(4, 4, 0)\nold();\n#else\nnew();\n#endif\n'
         '/*\n#error below 5.0\n */\nBUILD_BUG_ON(sizeof(long) < 8);\n') == [])
with tempfile.TemporaryDirectory() as d:
    os.makedirs(os.path.join(d, 'src'))
    open(os.path.join(d, 'src', 'a.h'), 'w').write(
        '#if LINUX_VERSION_CODE < KERNEL_VERSION(4, 9, 0)\n#error "4.9"\n#endif\n')
    open(os.path.join(d, 'src', 'b.c'), 'w').write(
        '#include "a.h"\n#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 4, 0)\n#error "5.4"\n#endif\n')
    mk = gate.min_kernel_of(d)
    check('min_kernel_of: the highest stated minimum, with file:line and every guard',
          mk['version'] == '5.4' and mk['source'] == 'guard' and mk['where'] == 'src/b.c:3' and
          mk['guards'] == [['5.4', 'src/b.c:3'], ['4.9', 'src/a.h:2']], mk)
    mk = gate.min_kernel_of(d, given='4.19')
    check('min_kernel_of: a given MIN_KERNEL wins over the guards',
          mk['version'] == '4.19' and mk['source'] == 'given', mk)
    open(os.path.join(d, 'Makefile'), 'w').write('VERSION = 5\nPATCHLEVEL = 10\nSUBLEVEL = 3\n')
    os.makedirs(os.path.join(d, 'include/linux'))
    open(os.path.join(d, 'include/linux/mm.h'), 'w').write('\n')
    mk = gate.min_kernel_of(d)
    check('min_kernel_of: a full kernel tree is its own version (target tree)',
          mk['version'] == '5.10' and mk['source'] == 'target tree', mk)
with tempfile.TemporaryDirectory() as d:
    open(os.path.join(d, 'c.c'), 'w').write(
        '#if LINUX_VERSION_CODE < KERNEL_VERSION(4, 4, 0)\nold();\n#endif\n')
    mk = gate.min_kernel_of(d)
    check('min_kernel_of: no stated minimum is none (the lowest ladder bound is not one)',
          mk['version'] is None and mk['source'] == 'none', mk)

with tempfile.TemporaryDirectory() as d:
    os.makedirs(os.path.join(d, 'drv'))
    os.makedirs(os.path.join(d, 'conftest'))
    open(os.path.join(d, 'drv', 'a.c'), 'w').write(
        '#if LINUX_VERSION_CODE < KERNEL_VERSION(4, 19, 0)\n#error "4.19"\n#endif\n')
    open(os.path.join(d, 'drv', 'a.h'), 'w').write(
        '#if LINUX_VERSION_CODE < KERNEL_VERSION(4, 14, 0)\n#error "4.14"\n#endif\n')
    open(os.path.join(d, 'conftest', 'probe.c'), 'w').write(
        '#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 8, 0)\n#error "probe"\n#else\n'
        'int x;\n#endif\n')
    mk = gate.min_kernel_of(d, near={'drv'})
    check('min_kernel_of: a .c file outside the directories of the calls (a compile probe, '
          'another module) states no minimum; the headers and the calls\' .c files do',
          mk['version'] == '4.19' and mk['where'] == 'drv/a.c:2' and
          mk['guards'] == [['4.19', 'drv/a.c:2'], ['4.14', 'drv/a.h:2']], mk)
    mk = gate.min_kernel_of(d)
    check('min_kernel_of: without the calls\' directories every .c file counts',
          mk['version'] == '5.8' and mk['where'] == 'conftest/probe.c:2', mk)

print('1..%d' % n)
sys.exit(1 if failed else 0)
