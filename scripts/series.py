#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Commit the converted files of the work repository one directory at a time
and write them out as a git format-patch series with a cover letter."""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import textwrap

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from unalias import unescape_name  # noqa: E402

CASES = {
    '1': 'CASE 1 (Direct IO): the pages are DMA targets for the duration of the call',
    '2': 'CASE 2 (RDMA): the pages stay DMA-mapped after the call returns, so the pin is '
         'long-term (FOLL_LONGTERM)',
    '5': 'CASE 5 (pinning in order to write to the data within the page): the kernel reads '
         'or writes the page contents through a kernel mapping',
}

# Subject prefixes as the subsystems use them in git log, for trees without
# history.  First match wins; {0}, {1} are the path components after the
# matched prefix.
PREFIXES = [
    (r'^drivers/infiniband/core/umem', 'RDMA/umem'),
    (r'^drivers/infiniband/(?:hw|sw|ulp)/([^/]+)', 'RDMA/{0}'),
    (r'^drivers/infiniband/core', 'RDMA/core'),
    (r'^drivers/gpu/drm/([^/]+)', 'drm/{0}'),
    (r'^drivers/misc/([^/]+)/', 'misc: {0}'),
    (r'^drivers/staging/media/([^/]+)', 'media: {0}'),
    (r'^drivers/staging/([^/]+)', 'staging: {0}'),
    (r'^drivers/media/', 'media: {b}'),
    (r'^drivers/virt/nitro_enclaves', 'nitro_enclaves'),
    (r'^drivers/virt/acrn', 'virt: acrn'),
    (r'^drivers/virt/fsl_hypervisor', 'virt: fsl_hypervisor'),
    (r'^drivers/vfio/', 'vfio'),
    (r'^drivers/vhost/', 'vhost'),
    (r'^drivers/block/ublk', 'ublk'),
    (r'^drivers/block/([^/.]+)', 'block: {0}'),
    (r'^drivers/xen/', 'xen/{b}'),
    (r'^drivers/accel/([^/]+)', 'accel/{0}'),
    (r'^drivers/([^/]+)/', '{0}: {b}'),
    (r'^arch/x86/kernel/cpu/sgx', 'x86/sgx'),
    (r'^arch/x86/kernel/shstk', 'x86/shstk'),
    (r'^arch/([^/]+)/kvm', 'KVM: {0}'),
    (r'^arch/([^/]+)/', '{0}'),
    (r'^block/', 'block'),
    (r'^crypto/', 'crypto: {b}'),
    (r'^fs/direct-io\.c$', 'fs/direct-io'),
    (r'^fs/([^/.]+)/', '{0}'),
    (r'^fs/', 'fs'),
    (r'^net/9p/', 'net/9p'),
    (r'^net/([^/]+)/', 'net: {0}'),
    (r'^mm/', 'mm'),
    (r'^io_uring/', 'io_uring'),
    (r'^virt/kvm', 'KVM'),
    (r'^lib/', 'lib'),
]


def git(repo, *args, **kw):
    return subprocess.run(['git', '-C', repo, '-c', 'core.quotepath=false'] + list(args),
                          check=True, text=True, errors='surrogateescape',
                          capture_output=True, **kw).stdout


def expand_make_vars(text):
    """Text of a Makefile with $(VAR) and ${VAR} replaced by the value of
    each VAR the file assigns (=, :=, ?=; the first assignment when there are
    several), so that obj-m := $(TARGET_MODULE).o names the module.  Other
    references stay as they are."""
    defs = {}
    for m in re.finditer(r'^[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?::=|\?=|=)[ \t]*(.*?)[ \t]*$',
                         text, re.M):
        defs.setdefault(m.group(1), m.group(2))
    for _ in range(5):
        new = re.sub(r'\$[({]([A-Za-z_][A-Za-z0-9_]*)[)}]',
                     lambda m: defs.get(m.group(1), m.group(0)), text)
        if new == text:
            break
        text = new
    return text


def module_name(path, tree):
    """The kernel module a file is built into, from the obj-m / obj-$(CONFIG_X)
    lines of the nearest Kbuild or Makefile at or above its directory (within
    tree): the module whose <name>-objs / <name>-y lists the file's object,
    or the file's own object, or the only module there.  None if unknown."""
    obj = re.sub(r'\.[ch]$', '.o', os.path.basename(path))
    d = os.path.dirname(path)
    while True:
        for mk in ('Kbuild', 'Makefile'):
            try:
                text = open(os.path.join(tree, d, mk), errors='replace').read()
            except OSError:
                continue
            text = expand_make_vars(text.replace('\\\n', ' '))
            mods = re.findall(r'^\s*obj-(?:m|y|\$\([A-Z0-9_]+\))\s*[+:]?=\s*(.*)$', text, re.M)
            raw = [m[:-2] for ln in mods for m in ln.split() if m.endswith('.o')]
            # a variable the file does not set (given on the make command
            # line) is empty, as make takes it
            clean = [re.sub(r'\$[({][A-Za-z0-9_]*[)}]', '', m) for m in raw]
            named = [(r, c) for r, c in zip(raw, clean) if re.match(r'^[A-Za-z0-9_.+-]+$', c)]
            mods = [c for r, c in named]
            rel = os.path.relpath(os.path.join(os.path.dirname(path), obj), d or '.')
            for r, m in named:
                parts = re.findall(r'^\s*%s-(?:objs|y|\$\([A-Z0-9_]+\))\s*[+:]?=\s*(.*)$'
                                   % re.escape(r), text, re.M)
                if any(rel in ln.split() or obj in ln.split() for ln in parts):
                    return m
            if obj[:-2] in mods:
                return obj[:-2]
            if len(mods) == 1:
                return mods[0]
        if not d:
            return None
        d = os.path.dirname(d)


def prefix_for(path, tree):
    """The subject prefix for the patch touching path (a file)."""
    d = os.path.dirname(path)
    try:
        subj = git(tree, 'log', '-n', '60', '--no-merges', '--format=%s', '--', d).split('\n')
        pre = collections.Counter(m.group(1) for s in subj
                                  for m in [re.match(r'^(.*?):\s', s)] if m)
        if pre:
            return pre.most_common(1)[0][0]
    except (subprocess.CalledProcessError, OSError):
        pass
    # Not a kernel tree (an out-of-tree driver): the module's name.
    full = all(os.path.isfile(os.path.join(tree, f)) for f in ('Makefile', 'include/linux/mm.h'))
    mod = None if full else module_name(path, tree)
    if mod:
        return mod
    b = re.sub(r'(_drv|_dev|_misc_dev|_main)?\.[ch]$', '', os.path.basename(path))
    for rx, fmt in PREFIXES:
        m = re.match(rx, path)
        if m:
            return fmt.format(*m.groups(), b=b)
    return module_name(path, tree) or d.replace('/', ': ') or \
        re.sub(r'\.[ch]$', '', os.path.basename(path))


def identity():
    def cfg(k):
        r = subprocess.run(['git', 'config', '--global', k], text=True, capture_output=True)
        return r.stdout.strip()
    name, email = cfg('user.name'), cfg('user.email')
    if name and email:
        return name, email
    # Placeholder, documented in README: set git config user.name/user.email.
    return 'pinconv user', 'pinconv-user@example.org'


def msg_body(paras, notes, sites, rule):
    """A commit message body: the paragraphs, then one bullet per call site
    ("file:line" and its note), then the rule that generated it."""
    out = []
    for para in paras:
        out += textwrap.wrap(para, 72) + ['']
    out.append('Call sites:')
    for s, note in zip(sites, notes):
        out += textwrap.wrap('%s:%s %s' % (os.path.basename(s['file']), s['line'], note),
                             72, initial_indent=' - ', subsequent_indent='   ')
    out += ['', 'Generated by pinconv (cocci/%s.cocci).' % rule]
    return '\n'.join(out)


IOV_APIS = {'iov_iter_get_pages2': 'iov_iter_pin_pages',
            'iov_iter_get_pages_alloc2': 'iov_iter_pin_pages_alloc'}
IOV_CASES = {'1': 'CASE 1 (Direct IO): the pages are DMA targets for the duration of the I/O'}


def iov_note(s, iov):
    """A converted iov_iter site's bullet: its reason, then the release calls
    the conversion rewrote (scripts/iovsites.py records, --iov-sites)."""
    note = '%s(): %s' % (s['function'], s['reason'])
    rel = (iov.get((s['file'], s['line'])) or {}).get('release') or []
    if rel:
        note += '; release calls converted: ' + ', '.join(
            '%s:%d %s()' % (os.path.basename(r['file']), r['line'], r['function'])
            for r in rel)
    return note


def iov_message(prefix, sites, iov=None):
    """Message for a patch converting iov_iter_get_pages*2() users."""
    iov = iov or {}
    apis = sorted({s['api'] for s in sites})
    subj = '%s: take iov_iter pages with %s' % (
        prefix, ', '.join(IOV_APIS[a] + '()' for a in apis))
    if len(subj) > 75:
        subj = '%s: pin user pages of iov_iter I/O' % prefix
    paras = ['This code takes the pages of an iov_iter with %s, which holds user memory '
             'with plain page references (FOLL_GET): nothing tells writeback, truncate '
             'or DAX that a device is reading or writing those pages.' % (
                 ' and '.join(a + '()' for a in apis))]
    # the case each site's record gives (report.tsv's case column)
    for c in sorted({s['case'] for s in sites}):
        paras.append('This is Documentation/core-api/pin_user_pages.rst %s.' % (
            IOV_CASES.get(c) or CASES.get(c) or 'case ' + c))
    paras += ['Take them with %s instead: pages of a user-backed iterator are pinned '
              'with FOLL_PIN (counted, and visible to page_maybe_dma_pinned()); pages of '
              'a kernel-backed iterator (bvec, pipe, xarray) get no reference, as their '
              'owner keeps them for the I/O. Every release of the pages therefore goes '
              'through the iterator\'s iov_iter_pin_mode(), as the call sites below '
              'say.' % ' and '.join(IOV_APIS[a] + '()' for a in apis),
              'This needs the pinconv core series (iov_iter_pin_pages(), '
              'iov_iter_pin_mode(), bio_set_pin_mode(), iov_iter_repin_page()).']
    return subj, msg_body(paras, [iov_note(s, iov) for s in sites], sites, 'iov_iter_to_pin')


def message(prefix, sites, iov=None):
    gup = [s for s in sites if s['api'] not in IOV_APIS]
    if sites and not gup:
        return iov_message(prefix, sites, iov)
    if len(gup) != len(sites):
        subj, body = message(prefix, gup)
        _, ibody = iov_message(prefix, [s for s in sites if s['api'] in IOV_APIS], iov)
        return subj, body.rsplit('\n\nGenerated by', 1)[0] + '\n\n' + ibody
    # a call through a driver's wrapper is reported as 'wrapper->gup'
    # (scripts/gate.py): the gup function is what converts
    apis = sorted({s['api'].split('->')[-1] for s in sites})
    wraps = sorted({s['api'].split('->')[0] for s in sites if '->' in s['api']})
    pins = sorted({re.sub('^get_', 'pin_', a) for a in apis})
    longterm = any(s.get('longterm') for s in sites)
    subj = '%s: convert %s to %s' % (prefix, ', '.join(a + '()' for a in apis),
                                      ', '.join(p + '()' for p in pins))
    if len(subj) > 75:
        subj = '%s: convert get_user_pages*() to pin_user_pages*()' % prefix
    paras = ['This code takes references on user pages with %s%s and drops them with '
             'put_page(). Such references cannot be told apart from any other, so '
             'writeback, truncate and DAX can act on pages that are still in use. '
             'Pin them with %s instead (FOLL_PIN: counted, and visible to '
             'page_maybe_dma_pinned()) and release them with unpin_user_page*().' % (
                 ' and '.join(a + '()' for a in apis),
                 ' (through the wrapper%s %s)' % ('s' if len(wraps) > 1 else '',
                                                 ' and '.join(w + '()' for w in wraps))
                 if wraps else '',
                 ' and '.join(p + '()' for p in pins))]
    for c in sorted({s['case'] for s in sites}):
        if c in CASES:
            paras.append('This is Documentation/core-api/pin_user_pages.rst %s.' % CASES[c])
    if longterm:
        paras.append('The pages are kept in an object that another function releases after '
                     'the system call has returned, so the pin asks for FOLL_LONGTERM.')
    return subj, msg_body(paras, ['%s(): case %s: %s' % (s['function'], s['case'], s['reason'])
                              for s in sites], sites, 'gup_rewrite')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--git', required=True)
    ap.add_argument('--report', required=True)
    ap.add_argument('--tree', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--companions', help='lines "header<TAB>c file": the header goes '
                    'into the patch of the C file that needed it')
    ap.add_argument('--sites', help='scripts/pageflow.py records (JSON lines): '
                    'whether each converted site pins FOLL_LONGTERM')
    ap.add_argument('--iov-sites', help='scripts/iovsites.py records (JSON lines): '
                    'the release calls of each converted iov_iter site')
    a = ap.parse_args()

    longterm = set()
    if a.sites and os.path.exists(a.sites):
        for ln in open(a.sites):
            r = json.loads(ln)
            if r.get('longterm'):
                longterm.add((os.path.normpath(r['file']), str(r['line'])))
    iov = {}
    if a.iov_sites and os.path.exists(a.iov_sites):
        for ln in open(a.iov_sites, errors='surrogateescape'):
            r = json.loads(ln)
            if r['verdict'] == 'converted':
                iov[(os.path.normpath(r['file']), str(r['line']))] = r
    rows = []
    with open(a.report, errors='surrogateescape') as f:
        head = f.readline().rstrip('\n').split('\t')
        for ln in f:
            rows.append(dict(zip(head, (unescape_name(v) for v in ln.rstrip('\n').split('\t')))))
            rows[-1]['longterm'] = (rows[-1]['file'], rows[-1]['line']) in longterm
    changed = [p for p in git(a.git, 'diff', '--name-only', '-z').split('\0') if p]
    owner = {}
    if a.companions and os.path.exists(a.companions):
        for ln in open(a.companions, errors='surrogateescape'):
            if '\t' in ln:
                hdr, cfile = ln.rstrip('\n').split('\t', 1)
                owner[hdr] = cfile
    # a driver's wrapper converted with its calls (pageflow.py "together"):
    # its files, in any directories, are one patch, owned by the first
    together = []
    if a.sites and os.path.exists(a.sites):
        for ln in open(a.sites):
            r = json.loads(ln)
            if r.get('together') and r.get('verdict') == 'converted':
                together.append([os.path.normpath(f) for f in r['together']])
    root = {}

    def find(f):
        while root.get(f, f) != f:
            f = root[f]
        return f
    for fs in together:
        for f in fs[1:]:
            ra, rb = find(fs[0]), find(f)
            if ra != rb:
                root[rb] = ra
    for f in list(root):
        if find(f) != f and f not in owner:
            owner[f] = find(f)
    groups = collections.OrderedDict()
    for path in sorted(changed, key=lambda p: os.path.dirname(owner.get(p, p))):
        groups.setdefault(os.path.dirname(owner.get(path, path)), []).append(path)

    name, email = identity()
    env = dict(os.environ, GIT_AUTHOR_NAME=name, GIT_AUTHOR_EMAIL=email,
               GIT_COMMITTER_NAME=name, GIT_COMMITTER_EMAIL=email)
    base = git(a.git, 'rev-parse', 'HEAD').strip()
    for d, files in groups.items():
        sites = [r for r in rows if r['file'] in files and r['verdict'] == 'converted']
        main = [f for f in files if f not in owner] or files
        subj, body = message(prefix_for(main[0], a.tree), sites, iov)
        git(a.git, 'add', '--', *files)
        git(a.git, 'commit', '-q', '-s', '-F', '-', input=subj + '\n\n' + body + '\n', env=env)
    os.makedirs(a.out, exist_ok=True)
    if not groups:
        return
    git(a.git, 'format-patch', '-q', '--cover-letter', '-o', a.out, base + '..HEAD', env=env)
    cover = os.path.join(a.out, '0000-cover-letter.patch')
    by = collections.Counter(r['verdict'] for r in rows)
    # pinconv's own iov_iter_pin_pages*() is named only when a patch uses it
    iov_done = any(r['verdict'] == 'converted' and r['api'] in IOV_APIS for r in rows)
    blurb = textwrap.wrap(
        'pinconv converted the call sites below from get_user_pages*() to '
        'pin_user_pages*(), %stogether with their releases, one patch per directory. '
        'Every gup-family and iov_iter_get_pages*() call site of the tree is accounted '
        'for in report.tsv:' % ('and from iov_iter_get_pages*2() to iov_iter_pin_pages*(), '
                                 if iov_done else ''), 72) + ['']
    blurb += ['  %-15s %d' % (v + ':', by[v]) for v in
              ['converted', 'kept', 'needs-manual', 'needs-core-api', 'parse-failed',
               'spatch-failed']]
    blurb += ['', 'Each patch names its pin_user_pages.rst case and why.']
    if iov_done:
        blurb += ['', 'The iov_iter patches use the pinconv core series (kernel/series:',
                  'iov_iter_pin_pages(), bio_set_pin_mode(), iov_iter_repin_page()):',
                  'apply that first.']
    with open(cover, errors='surrogateescape') as f:
        text = f.read()
    text = text.replace('*** SUBJECT HERE ***',
                        'convert %d call sites to FOLL_PIN' % by['converted'])
    text = text.replace('*** BLURB HERE ***', '\n'.join(blurb))
    with open(cover, 'w', errors='surrogateescape') as f:
        f.write(text)


if __name__ == '__main__':
    main()
