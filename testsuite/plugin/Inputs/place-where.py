#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""place-where.py READELF OBJ: where the objects of Inputs/place/place.c
landed, for place.test: "functions:" and "data:" NAME=SECTION lists (a
clone by its name without the number), "strings:" TEXT=init|persistent|both
for the literals, from readelf -sW / -SW / -x of OBJ."""
import re
import subprocess
import sys

readelf, obj = sys.argv[1:3]


def run(*args):
    return subprocess.run([readelf] + list(args) + [obj], check=True,
                          capture_output=True, text=True).stdout


secs = {}
for m in re.finditer(r'\[\s*(\d+)\]\s+(\S+)\s+(\S+)', run('-SW')):
    secs[m.group(1)] = m.group(2)
where = {}
for line in run('-sW').splitlines():
    # ppc64le: "[<localentry>: 8]" in the visibility column
    f = re.sub(r'\[<[^]]*\]', '', line).split()
    if len(f) == 8 and f[6] in secs and f[3] in ('FUNC', 'OBJECT'):
        name = re.sub(r'\.(constprop|isra|part)\.\d+$', r'.\1', f[7])
        name = re.sub(r'\.\d+$', '', name)
        where[name] = secs[f[6]]
functions = ['helper2', 'init_helper', 'cloned.constprop', 'shared',
             'callback', 'init_callback', 'kept_used', 'persistent',
             'place_init']
data = ['init_table', 'init_state', 'local_steps', 'init_name',
        'shared_table', 'handed_table', 'handed_name', 'zeroed', 'ro_after']
print('functions: ' + ' '.join('%s=%s' % (n, where.get(n, '-'))
                              for n in functions))
print('data: ' + ' '.join('%s=%s' % (n, where.get(n, '-')) for n in data))

# The bytes of every allocated data section that may hold a literal.
found = {}
for idx, name in secs.items():
    if not re.match(r'\.(init\.)?rodata', name) or name.startswith('.rela'):
        continue
    data_hex = ''
    for line in run('-x', name).splitlines():
        m = re.match(r'\s*0x[0-9a-f]+ ', line)
        if m:	# four groups of up to 8 digits, then the text
            data_hex += line[m.end():m.end() + 35].replace(' ', '')
    found[name] = bytes.fromhex(data_hex)
strings = ['init only %d\n', 'shared message\n', 'escaping-name',
           '%s: %d\n', 'place_init']
out = []
for s in strings:
    b = s.encode() + b'\0'
    kinds = set('init' if n.startswith('.init') else 'persistent'
                for n, d in found.items() if b in d)
    k = 'both' if len(kinds) == 2 else (kinds.pop() if kinds else '-')
    out.append('%s=%s' % (s.replace('\n', '\\n').replace(' ', '_'), k))
print('strings: ' + ' '.join(out))
