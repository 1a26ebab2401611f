#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Analyse Debian's real kernel modules and check that kotest copes.

    check-corpus.py KOTEST CORPUS_DIR [ARCH[:SERIES]...]

For each architecture and series (the directories fetch-corpus.sh made):
every module must be analysed without an error and without an unknown
relocation type.  For compressed modules (.ko.xz), the results must be
identical to those of the same files decompressed with xz.  Prints one
table row per set; exits 1 if any check fails.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile


def run_kotest(kotest, paths_or_dir):
    proc = subprocess.run([kotest, '--json', paths_or_dir],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True)
    doc = json.loads(proc.stdout)
    return doc, proc.returncode, proc.stderr


def strip_name(m):
    m = dict(m)
    f = m.pop('file')
    for suffix in ('.xz', '.zst', '.gz'):
        if f.endswith(suffix):
            f = f[:-len(suffix)]
    return os.path.basename(f), json.dumps(m, sort_keys=True)


def check_compressed(kotest, root, doc):
    """Decompress every .ko.xz and compare the analyses."""
    tmp = tempfile.mkdtemp(prefix='kotest-corpus-')
    try:
        for dirpath, _, files in os.walk(root):
            for name in files:
                if not name.endswith('.ko.xz'):
                    continue
                src = os.path.join(dirpath, name)
                dst = os.path.join(tmp, os.path.relpath(src, root))[:-3]
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                with open(dst, 'wb') as out:
                    subprocess.run(['xz', '-dc', src], stdout=out, check=True)
        plain, _, _ = run_kotest(kotest, tmp)
        a = dict(strip_name(m) for m in doc['modules'])
        b = dict(strip_name(m) for m in plain['modules'])
        diff = [k for k in a if a[k] != b.get(k)]
        return len(a), diff
    finally:
        shutil.rmtree(tmp)


def main():
    kotest, corpus = sys.argv[1], sys.argv[2]
    sets = sys.argv[3:] or ['amd64', 'arm64']
    failed = False
    rows = []
    for spec in sets:
        arch, _, series = spec.partition(':')
        root = os.path.join(corpus, '%s-%s' % (arch, series or '6.1'))
        doc, rc, err = run_kotest(kotest, root)
        if rc not in (0, 1):
            # a crash, a sanitizer report, a leak (check-asan)
            print('check-corpus: %s: kotest exited with %d: %s' % (
                root, rc, err.strip().splitlines()[-1:] if err else ''))
            failed = True
        mods = doc['modules']
        errors = [m for m in mods if m.get('error')]
        unknown = {}
        outside = unresolved = inexact = relocs = 0
        for m in mods:
            for u in m.get('unknown_relocations', []):
                key = u['name'] or str(u['type'])
                unknown[key] = unknown.get(key, 0) + u['count']
            outside += m.get('outside_refs', 0)
            unresolved += m.get('unresolved_refs', 0)
            inexact += m.get('inexact_addends', 0)
            relocs += m.get('relocations', 0)
        t = doc['summary']['totals']
        note = ''
        if any(m['file'].endswith('.xz') for m in mods):
            n, diff = check_compressed(kotest, root, doc)
            note = 'xz == plain for %d modules' % n
            if diff:
                note = 'xz differs from plain for %d modules: %s' % (
                    len(diff), ' '.join(diff[:5]))
                failed = True
        rows.append((spec, len(mods), len(errors), relocs, t, outside,
                     inexact, unknown, note))
        for m in errors[:20]:
            print('check-corpus: %s: error: %s' % (m['file'], m['error']))
        # Every reference must land on an object inside its section
        # (one outside it is credited to the nearest object).
        if unresolved:
            print('check-corpus: %s: %d references resolve to no object' % (
                root, unresolved))
        if errors or unknown or unresolved or not mods:
            failed = True
    print('%-12s %6s %6s %9s %6s %9s %6s %9s %6s %9s %7s %8s %7s %7s' % (
        'set', 'mods', 'errors', 'relocs', 'cand', 'bytes', 'funcs',
        'chainB', 'dang', 'movable', 'ftrace', 'outside', 'inexact',
        'unknown'))
    for (spec, n, e, relocs, t, outside, inexact, unknown, note) in rows:
        print('%-12s %6d %6d %9d %6d %9d %6d %9d %6d %9d %7d %8d %7d %7d %s' % (
            spec, n, e, relocs, t['candidates'], t['candidate_bytes'],
            t['functions'], t['chain_bytes'], t['dangerous'],
            t['movable_bytes'], t['ftrace_init_sites'], outside, inexact,
            sum(unknown.values()), note))
        for k, v in sorted(unknown.items()):
            print('    unknown relocation %s: %d' % (k, v))
    print('check-corpus: %s' % ('FAILED' if failed else 'ok'))
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
