#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Map spatch's output for aliased files back to the real file names.

convert.sh gives spatch a file whose name a shell would mangle as a copy
with a plain alias name.  This filter turns the alias back into the name.
Usage: unalias.py ALIAS NAME [ALIAS NAME ...] < spatch-output > mapped
  - a report line "ALIAS:line:col...: text" becomes "NAME':line:..." where
    NAME' is NAME with backslash, tab and newline escaped as \\\\, \\t, \\n
    (unescape_name() undoes it; report.py reads such lines);
  - a JSON record (a line starting with "{") gets every string value equal
    to ALIAS replaced by NAME.
Names are bytes: anything but NUL passes (non-UTF-8 as surrogate escapes).
Errors: an odd number of arguments (exit 2).
"""
import json
import os
import sys


def escape_name(name):
    return name.replace('\\', '\\\\').replace('\t', '\\t').replace('\n', '\\n')


def unescape_name(text):
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == '\\' and i + 1 < len(text):
            out.append({'\\': '\\', 't': '\t', 'n': '\n'}.get(text[i + 1], '\\' + text[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def remap(value, names):
    if isinstance(value, str):
        return names.get(value, value)
    if isinstance(value, list):
        return [remap(v, names) for v in value]
    if isinstance(value, dict):
        return {k: remap(v, names) for k, v in value.items()}
    return value


def main(argv):
    if len(argv) % 2:
        sys.stderr.write('usage: unalias.py ALIAS NAME [ALIAS NAME ...]\n')
        return 2
    names = {}
    for a, n in zip(argv[0::2], argv[1::2]):
        names[a] = n
        names[os.path.normpath(a)] = os.path.normpath(n)
    out = open(sys.stdout.fileno(), 'w', encoding='utf-8', errors='surrogateescape',
               closefd=False)
    for line in open(sys.stdin.fileno(), encoding='utf-8', errors='surrogateescape',
                     closefd=False):
        if line.startswith('{'):
            try:
                line = json.dumps(remap(json.loads(line), names)) + '\n'
            except ValueError:
                pass
        else:
            for a, n in zip(argv[0::2], argv[1::2]):
                if line.startswith(a + ':'):
                    line = escape_name(n) + line[len(a):]
                    break
        out.write(line)
    return 0


if __name__ == '__main__':
    sys.exit(main([os.fsdecode(a) for a in sys.argv[1:]]))
