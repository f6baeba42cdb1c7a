#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Build report.tsv and report.txt from the sites' records.

The verdicts come from records: scripts/pageflow.py's (--sites: the
get_user_pages*() sites), scripts/iovsites.py's (--iov-sites: the
iov_iter_get_pages*() sites) and the version/wrapper gate's rows (--gate).
No rule's prose is read.

Every call site that a plain text search finds (comments, strings, prototypes
and definitions left out) must appear in the report: sites the rules did not
report get verdict parse-failed (with spatch's reason) or needs-manual, and
every site of a file that spatch failed on (--failures, records written by
spatch-failure.py) gets spatch-failed with spatch's own message.

Inputs: --candidates is NUL-separated file names (any name a tree can hold).
Outputs: OUT/report.tsv and OUT/report.txt.
"""
import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from unalias import escape_name  # noqa: E402
from verrange import strip_comments as strip_c  # noqa: E402
import gate  # noqa: E402

APIS = r'(?:__get_user_pages_fast|get_user_pages(?:_fast_only|_fast|_remote|_unlocked|_locked|_longterm)?|' \
       r'pin_user_pages(?:_fast_only|_fast|_remote|_unlocked|_locked)?|' \
       r'iov_iter_get_pages(?:_alloc)?2?)'
CALL_RE = re.compile(r'\b(' + APIS + r')\s*\(')
# get_user_pages*() named without a call: its address taken (a function
# pointer, an ops table); the calls through the pointer are no sites of
# their own.
GUP_APIS = r'(?:__get_user_pages_fast|get_user_pages(?:_fast_only|_fast|_remote|_unlocked|' \
    r'_locked|_longterm)?)'
FNREF_RE = re.compile(r'(?<![\w.>])(' + GUP_APIS + r')\b(?!\s*\()')
CORE_DIRS = re.compile(r'^(include|mm|lib|kernel|arch/[^/]+/include)/')
DEF_RE = re.compile(r'^\s*(?:(?:static|inline|extern|__always_inline|noinline)\s+)*'
                    r'(?:unsigned\s+)?(?:long|int|ssize_t|void|bool)\s*\**\s*$')
COLUMNS = ['file', 'line', 'function', 'api', 'verdict', 'case', 'confidence', 'reason']
VERDICTS = ['converted', 'kept', 'needs-manual', 'needs-core-api', 'parse-failed',
            'spatch-failed']


# When two sources report one site, the first verdict in this order wins.
PRIORITY = ['converted', 'needs-core-api', 'kept', 'needs-manual', 'parse-failed',
            'spatch-failed']


def rule_file(rule):
    """The file a failure record's rule names: cocci/<rule>.cocci, or a script."""
    return rule if '.' in rule else rule + '.cocci'


def rank(d):
    return PRIORITY.index(d['verdict'])


def text_sites(path, text):
    """(line, api, kind) for each mention of an API in code: call or definition."""
    sites = []
    code = strip_c(text).split('\n')
    for no, line in enumerate(code, 1):
        for m in CALL_RE.finditer(line):
            before = line[:m.start()]
            if line.lstrip().startswith('#'):
                kind = 'macro'
            elif DEF_RE.match(before):
                kind = 'definition'
            else:
                kind = 'call'
            sites.append((no, m.group(1), kind))
        if CORE_DIRS.match(path) or line.lstrip().startswith('#') or \
                re.match(r'^\s*EXPORT_SYMBOL', line):
            continue
        for m in FNREF_RE.finditer(line):
            sites.append((no, m.group(1), 'fnref'))
    return sites


def parse_failures(tree, path):
    """Line ranges spatch could not parse in path, with its message."""
    # spatch hands file names to a shell unquoted: parse a copy with a plain name
    with tempfile.TemporaryDirectory() as tmp:
        plain = os.path.join(tmp, 'file' + os.path.splitext(path)[1])
        shutil.copyfile(os.path.join(tree, path), plain)
        try:
            r = subprocess.run([os.environ.get('SPATCH', 'spatch'), '--parse-c', plain],
                               capture_output=True, text=True, errors='replace', timeout=300)
        except (OSError, subprocess.TimeoutExpired) as e:
            return [(0, 10**9, 'spatch --parse-c failed: %s' % e)]
    bad, out = [], r.stdout + r.stderr
    for m in re.finditer(r'parse error\s*\n\s*=\s*(.*?)\n.*?line (\d+)', out):
        ln = int(m.group(2))
        bad.append((ln - 40, ln + 40, 'spatch: parse error near line %d (%s)' % (ln, m.group(1).strip())))
    for m in re.finditer(r'BAD:!+\s*(.*)', out):
        bad.append((0, 10**9, 'spatch: unparsable region: ' + m.group(1).strip()[:80]))
    return bad


def releasing_place(treedir, path, text, line, reason):
    """For 'no release in this file': find the field the page is stored in and
    where that field's page is put, in the same directory."""
    m = re.search(r'no release of (\w+)', reason)
    if not m:
        return reason
    var = m.group(1)
    lines = text.split('\n')
    field = None
    for ln in lines[line:line + 60]:
        a = re.search(r'(?:->|\.)(\w+)\s*=\s*' + re.escape(var) + r'\s*;', ln)
        if a:
            field = a.group(1)
            break
    if not field:
        return reason
    d = os.path.dirname(os.path.join(treedir, path))
    for name in sorted(os.listdir(d)):
        if not name.endswith('.c'):
            continue
        try:
            with open(os.path.join(d, name), errors='replace') as fh:
                flines = fh.read().split('\n')
        except OSError:
            continue
        for i, ln in enumerate(flines):
            if field in ln and ('put_page' in ln or any(
                    'put_page' in x for x in flines[i + 1:i + 6])):
                return '%s; the page is stored in ->%s and put in %s around line %d' % (
                    reason, field, os.path.join(os.path.dirname(path), name), i + 1)
    return '%s; the page is stored in ->%s' % (reason, field)


def min_kernel_line(mk):
    """report.txt's line on MIN_KERNEL (gate.py min-kernel's dict)."""
    if mk['source'] == 'given':
        return '%s (MIN_KERNEL= given)' % mk['version']
    if mk['source'] == 'guard':
        more = len(mk['guards']) - 1
        return "%s (the driver's guard at %s: %s%s)" % (
            mk['version'], mk['where'], mk['text'],
            '; %d lower stated minimum%s' % (more, 's' if more > 1 else '') if more else '')
    if mk['source'] == 'target tree':
        return '%s (target tree: a full kernel tree is compiled for its own version)' % (
            mk['version'])
    return ('none (the driver states no minimum: no #error or BUILD_BUG under a version '
            'condition; only its #if ranges count; give MIN_KERNEL= to set one)')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--tree', required=True, help='git copy of the candidates (HEAD pristine)')
    ap.add_argument('--src', required=True, help='the original tree')
    ap.add_argument('--logs', required=True)
    ap.add_argument('--candidates', required=True)
    ap.add_argument('--failures', help='JSON records of failed spatch runs')
    ap.add_argument('--sites', help='scripts/pageflow.py records (JSON lines): the '
                    'get_user_pages*() verdicts')
    ap.add_argument('--iov-sites', help='scripts/iovsites.py records (JSON lines): the '
                    'iov_iter_get_pages*() verdicts')
    ap.add_argument('--symlinks', help='JSON lines {file, target}: symbolic links to C files '
                    'outside the scanned directory that mention the APIs')
    ap.add_argument('--out', required=True)
    ap.add_argument('--gate', help='gate.tsv of scripts/gate.py: the wrapper bodies, the '
                    'calls through wrappers and the held calls\' verdicts (the solver\'s '
                    'records carry them already; these cover calls it has no facts of)')
    ap.add_argument('--min-kernel', help="gate.py min-kernel's JSON: MIN_KERNEL and where it "
                    'came from')
    a = ap.parse_args()
    gate_rows = gate.load(a.gate)
    mk = None
    if a.min_kernel and os.path.exists(a.min_kernel):
        with open(a.min_kernel) as fh:
            mk = json.load(fh)
    # The gate's if-converted rows (a release shared with a held call) are
    # not applied: the page-flow solver decides shared releases from the flow
    # (scripts/pageflow.py --gate) and its records say so.
    gated = {(g['file'], g['line']): g for g in gate_rows if g['when'] == 'always'}

    changed = set(subprocess.run(['git', 'diff', '--name-only', '-z'], cwd=a.tree, text=True,
                                 errors='surrogateescape', capture_output=True,
                                 check=True).stdout.split('\0')) - {''}
    with open(a.candidates, 'rb') as f:
        candidates = [os.fsdecode(n) for n in f.read().split(b'\0') if n]
    failed = collections.OrderedDict()
    if a.failures and os.path.exists(a.failures):
        with open(a.failures, errors='surrogateescape') as f:
            for ln in f:
                if ln.strip():
                    r = json.loads(ln)
                    failed.setdefault(r['file'], []).append(r)
    reported = {}

    from_solver = set()
    for path, solver in ((a.sites, True), (a.iov_sites, False)):
        if not path or not os.path.exists(path):
            continue
        for ln in open(path, errors='surrogateescape'):
            r = json.loads(ln)
            d = dict(file=os.path.normpath(r['file']), line=str(r['line']), func=r['function'],
                     api=r['api'], verdict=r['verdict'], case=r['case'], conf=r['confidence'],
                     reason=r['reason'])
            key = (d['file'], r['line'])
            old = reported.get(key)
            if old is None or rank(d) < rank(old):
                reported[key] = d
                if solver:
                    from_solver.add(key)

    rows, stats = [], collections.Counter()
    for path in candidates:
        text = subprocess.run(['git', 'show', 'HEAD:./' + path], cwd=a.tree, text=True,
                              capture_output=True, errors='surrogateescape').stdout
        stats['mentions'] += len(re.findall(r'\b' + APIS + r'\b', text))
        failures = fnames = None
        for line, api, kind in text_sites(path, text):
            g = gated.get((path, line))
            if g and g['verdict'] == 'wrapper':
                kind = 'wrapper'       # a wrapper's body: its calls are the sites
                reported.pop((path, line), None)
            stats[kind] += 1
            if kind == 'fnref' and (path, line) not in reported:
                if fnames is None:
                    fnames = gate.functions(strip_c(text))
                rows.append(dict(file=path, line=str(line), func=fnames[line] or '-', api=api,
                                 case='?', conf='High', verdict='needs-manual',
                                 reason='%s() is named here without a call (its address is taken): '
                                 'the calls made through that pointer are not followed; convert '
                                 'them, and their releases, by hand' % api))
            if kind != 'call':
                continue
            d = reported.pop((path, line), None)
            d = gate.override(d, g)
            if d is None:
                if failures is None:
                    failures = parse_failures(a.tree, path)
                why = [w for lo, hi, w in failures if lo <= line <= hi]
                d = dict(file=path, line=str(line), func='?', api=api, case='?', conf='Low',
                         verdict='parse-failed' if why else 'needs-manual',
                         reason=why[0] if why else 'call not matched by the rules '
                         '(unusual argument list or macro): review by hand')
            if path in failed:
                r = failed[path][0]
                d = dict(d, verdict='spatch-failed', case='?', conf='-',
                         reason='the analysis failed on this file (%s, %s mode, exit %d): %s; '
                         'the file is not converted' % (rule_file(r['rule']), r['mode'],
                                                        r['status'], r['message']))
            elif d['verdict'] == 'converted' and path not in changed:
                d['verdict'] = 'needs-manual'
                d['reason'] = 'the rule chose to convert but the rewrite did not apply: ' + d['reason']
            if d['verdict'] == 'needs-manual' and 'no release of' in d['reason'] and \
                    (path, line) not in from_solver:
                d['reason'] = releasing_place(a.src, path, text, line, d['reason'])
            rows.append(d)
    if a.symlinks and os.path.exists(a.symlinks):
        for ln in open(a.symlinks, errors='surrogateescape'):
            link = json.loads(ln)
            try:
                text = open(link['target'], errors='surrogateescape').read()
            except OSError:
                continue
            fnames = gate.functions(strip_c(text))
            for line, api, kind in text_sites(link['file'], text):
                if kind not in ('call', 'fnref'):
                    continue
                stats[kind] += 1
                rows.append(dict(file=link['file'], line=str(line), func=fnames[line] or '-',
                                 api=api, case='?', conf='High', verdict='needs-manual',
                                 reason='%s is a symbolic link to %s, outside the tree given: '
                                 'it is neither read nor converted; convert the tree that holds '
                                 'it' % (link['file'], link['target'])))
    for d in reported.values():  # reported but not found textually (macro expansion)
        if d['file'] not in failed:
            rows.append(d)
    for g in gate_rows:            # calls through a driver's wrappers
        if g['when'] != 'add':
            continue
        stats['wrapper call'] += 1
        if (g['file'], g['line']) not in from_solver:   # the solver's wrapper groups
            rows.append(gate.override(None, g))
    rows.sort(key=lambda d: (d['file'], int(d['line'])))

    with open(os.path.join(a.out, 'report.tsv'), 'w', errors='surrogateescape') as f:
        f.write('\t'.join(COLUMNS) + '\n')
        for d in rows:
            # a field never holds a raw tab or newline (file names may)
            f.write('\t'.join(escape_name(str(x)) for x in [
                d['file'], d['line'], d['func'], d['api'], d['verdict'], d['case'], d['conf'],
                d['reason']]) + '\n')

    by = collections.Counter(d['verdict'] for d in rows)
    with open(os.path.join(a.out, 'report.txt'), 'w', errors='surrogateescape') as f:
        f.write('pinconv report: %d call sites in %d candidate files\n' % (
            len(rows), len(candidates)))
        if failed:
            f.write('  spatch failed on %d files (not converted):\n' % len(failed))
            for path, rs in failed.items():
                for r in rs:
                    f.write('    %s: %s %s mode, exit %d: %s\n' % (
                        path, rule_file(r['rule']), r['mode'], r['status'], r['message']))
        f.write('  ' + ', '.join('%s %d' % (v, by[v]) for v in VERDICTS) + '\n')
        if mk:
            f.write('  MIN_KERNEL: %s\n' % min_kernel_line(mk))
        f.write('  text mentions of the APIs %d = calls %d + definitions/prototypes %d + '
                'macros %d + wrapper bodies %d + named without a call %d + comments/strings '
                '%d; calls through wrappers %d\n\n' % (
                    stats['mentions'], stats['call'], stats['definition'], stats['macro'],
                    stats['wrapper'], stats['fnref'], stats['mentions'] - stats['call'] -
                    stats['definition'] - stats['macro'] - stats['wrapper'] - stats['fnref'],
                    stats['wrapper call']))
        for v in VERDICTS:
            vs = [d for d in rows if d['verdict'] == v]
            if not vs:
                continue
            f.write('== %s (%d)\n' % (v, len(vs)))
            dirs = collections.OrderedDict()
            for d in vs:
                dirs.setdefault(os.path.dirname(d['file']), []).append(d)
            for dname, ds in dirs.items():
                f.write('  %s/\n' % dname)
                for d in ds:
                    f.write('    %s:%s %s() %s [case %s, %s]\n      %s\n' % (
                        os.path.basename(d['file']), d['line'], d['func'], d['api'],
                        d['case'], d['conf'], d['reason']))
            f.write('\n')
    sys.stderr.write('pinconv: %d sites: %s\n' % (
        len(rows), ', '.join('%s %d' % (v, by[v]) for v in VERDICTS if by[v])))


if __name__ == '__main__':
    main()
