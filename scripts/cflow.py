# SPDX-License-Identifier: GPL-2.0
"""Control flow of one C function, for the path checks of scripts/pincheck.py.

Input: the text of a source file and the line of a function's name (from a
gup_facts.cocci "func" record).  Output: a CFG object, a list of nodes

    dict(kind='stmt'|'cond'|'ret'|'nop'|'end', text, line, last, succ=[...])

where text is the statement or condition with blanks only between two words
(the spelling gup_facts.cocci uses), line/last its first and last source
line, and succ the indices of the next nodes (a 'cond' node: [true, false];
a switch: one per case label).  Node 0 is the entry; loops are back edges.
Comments, strings and preprocessor lines are blanked first (both sides of
an #if are kept: the checker sees every branch).  Errors: a function whose
braces do not balance gives None (the caller skips its path checks).
"""
import re

TOK = re.compile(r'\s*(?:(?P<w>[A-Za-z_]\w*)|(?P<n>0[xX][0-9a-fA-F]+\w*|\d+\w*)|'
                 r'(?P<o>->|\+\+|--|<<=|>>=|<=|>=|==|!=|&&|\|\||\+=|-=|\*=|/=|%=|&=|\|=|\^=|'
                 r'<<|>>|\.\.\.|[^\s\w]))')
KEYWORDS = {'if', 'else', 'for', 'while', 'do', 'switch', 'case', 'default', 'return', 'goto',
            'break', 'continue', 'sizeof', 'typeof', '__typeof__'}


_BLANK_CACHE = {}


def blank(text):
    """Comments, string/char literals and preprocessor lines -> blanks
    (newlines kept).  Cached per text: every function of a file is built
    from the same blanked file."""
    r = _BLANK_CACHE.get(text)
    if r is None:
        if len(_BLANK_CACHE) > 512:
            _BLANK_CACHE.clear()
        r = _BLANK_CACHE[text] = _blank(text)
    return r


# A preprocessor line (with its continuations and the comments in it), a
# comment, or a string or char literal (to its closing quote or its line's end).
_BLANK_RE = re.compile(r'^[ \t]*#(?:\\\n|/\*.*?(?:\*/|\Z)|[^\n])*|/\*.*?(?:\*/|\Z)|//[^\n]*|'
                       r'"(?:\\.|[^"\\\n])*"?|\'(?:\\.|[^\'\\\n])*\'?', re.M | re.S)
_NOT_NL = re.compile(r'[^\n]')


def _blank_one(m):
    s = m.group(0)
    q = s[0]
    if q in '"\'':
        # closed when the last quote is not escaped (an even run of backslashes before it)
        body = s[:-1]
        close = q if len(s) > 1 and s[-1] == q and (len(body) - len(body.rstrip('\\'))) % 2 == 0 else ''
        return q + _NOT_NL.sub(' ', s[1:len(s) - len(close)]) + close
    return _NOT_NL.sub(' ', s)


def _blank(text):
    return _BLANK_RE.sub(_blank_one, text)


def tokens(text, line0=1):
    """[(token, line)] of text starting at line0."""
    out, pos, line = [], 0, line0
    while True:
        m = TOK.match(text, pos)
        if not m or m.end() == pos:
            break
        line += text.count('\n', pos, m.start(m.lastgroup))
        tok = m.group(m.lastgroup)
        out.append((tok, line))
        line += tok.count('\n')
        pos = m.end()
    return out


def join(toks):
    """Token texts joined with a blank only between two words."""
    s = ''
    for t, _ in toks:
        if s and (s[-1].isalnum() or s[-1] == '_') and (t[0].isalnum() or t[0] == '_'):
            s += ' '
        s += t
    return s


def function_tokens(text, line):
    """Tokens of the body of the function whose name is on line, or None."""
    lines = text.split('\n')
    off = sum(len(x) + 1 for x in lines[:line - 1])
    body = blank(text)
    i = body.find('{', off)
    if i < 0:
        return None
    depth, j = 0, i
    while j < len(body):
        if body[j] == '{':
            depth += 1
        elif body[j] == '}':
            depth -= 1
            if depth == 0:
                break
        j += 1
    if depth:
        return None
    return tokens(body[i + 1:j], body.count('\n', 0, i + 1) + 1)


class Parser:
    """Statements of a token list: nested tuples (kind, ...)."""

    def __init__(self, toks):
        self.t = toks
        self.i = 0

    def peek(self, k=0):
        j = self.i + k
        return self.t[j][0] if j < len(self.t) else None

    def line(self):
        return self.t[min(self.i, len(self.t) - 1)][1] if self.t else 0

    def balanced(self):
        """Tokens of a parenthesised group starting at '(' (excluded)."""
        assert self.peek() == '('
        depth, start = 0, self.i
        while self.i < len(self.t):
            tk = self.t[self.i][0]
            depth += tk in '([{' and len(tk) == 1
            depth -= tk in ')]}' and len(tk) == 1
            self.i += 1
            if depth == 0:
                break
        return self.t[start + 1:self.i - 1]

    def block(self):
        out = []
        while self.i < len(self.t) and self.peek() != '}':
            out.append(self.stmt())
        self.i += 1
        return ('block', out)

    def until_semi(self):
        depth, start = 0, self.i
        while self.i < len(self.t):
            tk = self.t[self.i][0]
            if len(tk) == 1:
                depth += tk in '([{'
                depth -= tk in ')]}'
            self.i += 1
            if tk == ';' and depth <= 0:
                return self.t[start:self.i - 1]
            if depth < 0:
                self.i -= 1
                return self.t[start:self.i]
        return self.t[start:]

    def stmt(self):
        tk, ln = self.peek(), self.line()
        if tk == '{':
            self.i += 1
            return self.block()
        if tk == ';':
            self.i += 1
            return ('block', [])
        if tk == 'if':
            self.i += 1
            c = self.balanced()
            th = self.stmt()
            el = None
            if self.peek() == 'else':
                self.i += 1
                el = self.stmt()
            return ('if', join(c), ln, c[-1][1] if c else ln, th, el)
        if tk in ('while', 'for'):
            self.i += 1
            c = self.balanced()
            body = self.stmt()
            if tk == 'for':
                parts = split_semi(c)
                init = join(parts[0])
                cond = join(parts[1]) if len(parts) > 1 else ''
                step = ('expr', join(parts[2]), ln, ln) if len(parts) > 2 else None
                m = re.match(r'^(?:\w+ )?(\w+)=0$', init)
                if m and re.match(r'^%s<[^=]' % m.group(1), cond):
                    # for (i = 0; i < n; i++): a count of pages is never 0 here,
                    # the body runs at least once (a do-while)
                    return ('block', [('expr', init, ln, ln),
                                      ('do', cond, ln, ('block', [body] + ([step] if step else [])))])
                return ('block', [('expr', init, ln, ln), ('loop', cond, ln, body, step)])
            return ('loop', join(c), ln, body, None)
        if tk == 'do':
            self.i += 1
            body = self.stmt()
            c = []
            if self.peek() == 'while':
                self.i += 1
                c = self.balanced()
                if self.peek() == ';':
                    self.i += 1
            return ('do', join(c), ln, body)
        if tk == 'switch':
            self.i += 1
            c = self.balanced()
            return ('switch', join(c), ln, self.stmt())
        if tk in ('case', 'default'):
            while self.i < len(self.t) and self.peek() != ':':
                self.i += 1
            self.i += 1
            return ('case', ln)
        if tk == 'return':
            self.i += 1
            e = self.until_semi()
            return ('return', join(e), ln, e[-1][1] if e else ln)
        if tk == 'goto':
            self.i += 1
            e = self.until_semi()
            return ('goto', join(e), ln)
        if tk in ('break', 'continue'):
            self.i += 1
            self.until_semi()
            return (tk, ln)
        if tk and re.match(r'^[A-Za-z_]\w*$', tk) and tk not in KEYWORDS and self.peek(1) == ':' \
                and self.peek(2) != ':':
            self.i += 2
            return ('label', tk, ln)
        # an iterator macro: name(...) followed by a statement, not by ';' or an operator
        if tk and re.match(r'^[A-Za-z_]\w*$', tk) and tk not in KEYWORDS and self.peek(1) == '(':
            save = self.i
            self.i += 1
            c = self.balanced()
            nx = self.peek()
            if nx == '{' or (nx and re.match(r'^[A-Za-z_]\w*$', nx)) and \
                    re.search(r'for_each|_foreach|each_', tk):
                body = self.stmt()
                return ('loop', '', ln, ('block', [('expr', join(c), ln, ln), body]), None)
            self.i = save
        e = self.until_semi()
        return ('expr', join(e), ln, e[-1][1] if e else ln)


def split_semi(toks):
    out, cur, depth = [], [], 0
    for t in toks:
        if len(t[0]) == 1:
            depth += t[0] in '([{'
            depth -= t[0] in ')]}'
        if t[0] == ';' and depth == 0:
            out.append(cur)
            cur = []
        else:
            cur.append(t)
    out.append(cur)
    return out


class CFG:
    """Nodes of one function body (see the module docstring)."""

    def __init__(self, ast, end_line):
        self.nodes = []
        self.labels = {}
        self.gotos = []
        # walks asked again and again by the checker (the graph does not
        # change once built): reachable_cached(), and pincheck's guards()
        self.reach_memo = {}
        self.guard_walks = {}
        end = self.node('end', '', end_line)
        entry = self.comp(ast, end, None, None, None)
        self.nodes[0], self.nodes[entry] = self.nodes[entry], self.nodes[0]
        # renumber: entry <-> 0
        for n in self.nodes:
            n['succ'] = [0 if s == entry else entry if s == 0 else s for s in n['succ']]
        for k, v in list(self.labels.items()):
            self.labels[k] = 0 if v == entry else entry if v == 0 else v
        for g, lab in self.gotos:
            g = 0 if g == entry else entry if g == 0 else g
            self.nodes[g]['succ'] = [self.labels.get(lab, self.nodes[g]['succ'][0])]

    def reachable(self, starts, blocked=None, limit=None):
        """Indexes of the nodes reachable from starts (None entries ignored),
        not through node blocked; with limit, the walk stops after limit + 1
        nodes (a bound for the checker's per-release questions)."""
        seen, todo = set(), [x for x in starts if x is not None]
        while todo:
            i = todo.pop()
            if i in seen or i == blocked or (limit is not None and len(seen) > limit):
                continue
            seen.add(i)
            todo += [x for x in self.nodes[i]['succ'] if x is not None]
        return seen

    def reachable_cached(self, start, limit):
        """reachable([start], limit=limit), computed once per start and
        limit (the graph does not change once built)."""
        if (start, limit) not in self.reach_memo:
            self.reach_memo[(start, limit)] = self.reachable([start], limit=limit)
        return self.reach_memo[(start, limit)]

    def node(self, kind, text, line, last=None, succ=()):
        self.nodes.append(dict(kind=kind, text=text, line=line, last=last or line, succ=list(succ)))
        return len(self.nodes) - 1

    def comp(self, s, nxt, brk, cont, cases):
        k = s[0]
        if k == 'block':
            e = nxt
            for x in reversed(s[1]):
                e = self.comp(x, e, brk, cont, cases)
            return e
        if k == 'expr':
            return self.node('stmt', s[1], s[2], s[3], [nxt]) if s[1] else nxt
        if k == 'if':
            f = self.comp(s[5], nxt, brk, cont, cases) if s[5] else nxt
            t = self.comp(s[4], nxt, brk, cont, cases)
            return self.node('cond', s[1], s[2], s[3], [t, f])
        if k == 'loop':
            c = self.node('cond', s[1] or '1', s[2], s[2], [None, nxt])
            step = self.comp(s[4], c, None, None, None) if s[4] else c
            body = self.comp(s[3], step, nxt, step, cases)
            self.nodes[c]['succ'][0] = body
            if not s[1]:
                self.nodes[c]['text'] = '?'     # iterator / for(;;): unknown
            return c
        if k == 'do':
            c = self.node('cond', s[1] or '?', s[2], s[2], [None, nxt])
            body = self.comp(s[3], c, nxt, c, cases)
            self.nodes[c]['succ'][0] = body
            return body
        if k == 'switch':
            sw = self.node('cond', '?', s[2], s[2], [])
            mine = []
            body = self.comp(s[3], nxt, nxt, cont, mine)
            self.nodes[sw]['succ'] = (mine or [body]) + [nxt]
            return sw
        if k == 'case':
            n = self.node('nop', 'case', s[1], s[1], [nxt])
            if cases is not None:
                cases.append(n)
            return n
        if k == 'return':
            return self.node('ret', s[1], s[2], s[3], [])
        if k == 'goto':
            n = self.node('nop', 'goto ' + s[1], s[2], s[2], [nxt])
            self.gotos.append((n, s[1]))
            return n
        if k == 'break':
            return self.node('nop', 'break', s[1], s[1], [brk if brk is not None else nxt])
        if k == 'continue':
            return self.node('nop', 'continue', s[1], s[1], [cont if cont is not None else nxt])
        if k == 'label':
            n = self.node('nop', s[1] + ':', s[2], s[2], [nxt])
            self.labels[s[1]] = n
            return n
        raise ValueError(k)


def build(text, line):
    """The CFG of the function whose name is on line of file text, or None."""
    toks = function_tokens(text, line)
    if toks is None:
        return None
    try:
        ast = Parser(toks).block()
        return CFG(ast, toks[-1][1] if toks else line)
    except (AssertionError, IndexError, ValueError, RecursionError):
        return None
