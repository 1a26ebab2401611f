#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Print the symbols that the relocations of .note.kotest point at.

    note-targets.py OBJECT

A relocation against a section symbol (gas turns those against local
symbols into that) is resolved to the symbol at section + addend, as
objtool resolves it; one name per line, sorted.
"""
import re
import subprocess
import sys

obj = sys.argv[1]
syms = subprocess.run(['readelf', '-sW', obj], capture_output=True,
                      text=True, check=True).stdout
secs = subprocess.run(['readelf', '-SW', obj], capture_output=True,
                      text=True, check=True).stdout
index = {}
for m in re.finditer(r'^\s*\[\s*(\d+)\]\s+(\S+)', secs, re.M):
    index[m.group(2)] = m.group(1)
at = {}
for line in syms.splitlines():
    f = line.split()
    if len(f) == 8 and f[3] in ('FUNC', 'OBJECT', 'NOTYPE') and f[6].isdigit():
        at.setdefault((f[6], int(f[1], 16)), f[7])
rels = subprocess.run(['readelf', '-rW', obj], capture_output=True,
                      text=True, check=True).stdout
part = rels.split("'.rela.note.kotest'")[1].split('Relocation section')[0]
names = []
for line in part.splitlines():
    m = re.match(r'^[0-9a-f]+\s+[0-9a-f]+\s+\S+\s+[0-9a-f]+\s+(\S+)\s*\+\s*([0-9a-f]+)',
                 line)
    if not m:
        continue
    sym, addend = m.group(1), int(m.group(2), 16)
    if sym in index:
        names.append(at.get((index[sym], addend), '%s+%#x' % (sym, addend)))
    else:
        names.append(sym)
print('\n'.join(sorted(names)))
