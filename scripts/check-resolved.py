#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Check kotest's function candidates and chains against objdump.

    check-resolved.py KOTEST CORPUS_DIR [ARCH[:SERIES]...]

The assembler resolves a branch or a PC-relative form whose target is a
local symbol of its own section and leaves no relocation.  kotest must see
those uses too: a function that persistent code still reaches that way is
not used by init code alone.  This is an independent check of that, with
binutils (binutils-multiarch's objdump and readelf know every architecture
of the corpus), not with kotest's decoders.

For each set (the directories fetch-corpus.sh made, named as for
check-corpus.py), `kotest --json` over the set names the modules that have
a function among their candidates or chains; only those are disassembled
(`objdump -dr`, a compressed module decompressed to a temporary file
first).  In every loaded executable section that is persistent (not
`.init*`; `.exit*` is persistent, as kotest's default
CONFIG_MODULE_UNLOAD=y has it; on powerpc64 nothing is ever freed), each
instruction whose operand objdump resolves to an address (`call 3610
<foo>`, `bl`, `b.ne`, `cbz`, `brasl`, `jg`, `larl`, `adr`, a rip-relative
`# 3610 <foo>`, ...) and that no relocation record patches (none of
`objdump -dr`'s relocation offsets lies inside the instruction) is a use
the assembler resolved.  Its target is mapped to the function holding it
(the symbol table's FUNC symbols with their sizes, `.cold` parts
included; an address no FUNC symbol covers belongs to the symbol before
it); a target inside the function that holds the instruction is a branch,
not a use, and a target in data (an arm `$d` region: a literal pool, an
inline table) is not code.

Then: a candidate (used only by init code) must have no such use from any
persistent function other than itself; a chain (used only by candidates
and chains) none from a function that is neither a candidate nor a chain.
Prints each violation (module, kind, function, user, instruction) and one
row per set: modules checked, functions checked (candidates and chains),
uses seen without a relocation from one function to another, violations
(instructions) and the candidates and chains they reach, seconds.  Exits 1
on any violation or error.  Two objdumps run at a time; the whole corpus
takes about ten minutes on two CPUs.  s390x and MIPS show no such use at
all (their calls keep relocations); ppc64 reports no function.
"""
import bisect
import json
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import time

DECOMPRESS = {'.xz': 'xz', '.zst': 'zstd', '.gz': 'gzip'}

SECTION = re.compile(r'\s*\[\s*(\d+)\]\s+(\S+)\s+\S+\s+[0-9a-f]+\s+'
                     r'[0-9a-f]+\s+[0-9a-f]+\s+[0-9a-f]+\s+([A-Za-z]*)\s')
SYMBOL = re.compile(r'\s*\d+:\s+([0-9a-f]+)\s+(\S+)\s+(\S+)\s+\S+\s+\S+'
                    r'(?:\s+\[[^]]*\])?\s+(\S+)\s*(.*)$')
# "    3c98:\t01 00 00 48 \tbl      3c98 <foo+0xd0>"
INSN = re.compile(r'\s*([0-9a-f]+):\t([0-9a-f ]+)(?:\t(.*))?$')
# "\t\t\t3c98: R_PPC64_REL24\tdrbg_seed"
RELOC = re.compile(r'\t+([0-9a-f]+): R_')
TARGET = re.compile(r'([0-9a-f]+) <([^>]*)>')
MAPPING = re.compile(r'\$[adtx](\..*)?$')


def run(*cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, check=True).stdout


def parse_number(text):
    return int(text, 16) if text.startswith('0x') else int(text)


class Section:
    """One section's functions and data regions, for address lookups."""

    def __init__(self, name, flags):
        self.name = name
        self.flags = flags
        self.funcs = []     # (start, end, name), sorted
        self.labels = []    # (start, name): every other symbol, sorted
        self.mapping = []   # (start, is_data), sorted
        self.relocs = []    # offsets objdump -dr prints, in order

    def finish(self):
        self.funcs.sort()
        self.labels.sort()
        self.mapping.sort()
        self.func_starts = [f[0] for f in self.funcs]
        self.label_starts = [l[0] for l in self.labels]
        self.map_starts = [m[0] for m in self.mapping]

    def function_at(self, addr):
        """(start, end, name) of the function holding addr."""
        i = bisect.bisect_right(self.func_starts, addr)
        # Should FUNC symbols overlap, the smallest that holds it
        best = None
        j = i - 1
        while j >= 0 and j >= i - 4:
            s, e, n = self.funcs[j]
            if s <= addr < e and (best is None or e - s < best[1] - best[0]):
                best = (s, e, n)
            j -= 1
        if best:
            return best
        # No FUNC symbol covers it: the symbol before it, up to the next
        i = bisect.bisect_right(self.label_starts, addr)
        k = bisect.bisect_right(self.func_starts, addr)
        start = max(self.labels[i - 1][0] if i else 0,
                    self.funcs[k - 1][1] if k else 0)
        name = self.labels[i - 1][1] if i and self.labels[i - 1][0] == start \
            else '%s+%#x' % (self.name, start)
        nxt = [x for x in (self.label_starts[i] if i < len(self.labels)
                           else None,
                           self.func_starts[k] if k < len(self.funcs)
                           else None) if x is not None]
        return (start, min(nxt) if nxt else 1 << 64, name)

    def is_data(self, addr):
        i = bisect.bisect_right(self.map_starts, addr)
        return bool(i) and self.mapping[i - 1][1]

    def relocated(self, start, end):
        i = bisect.bisect_left(self.relocs, start)
        return i < len(self.relocs) and self.relocs[i] < end


def read_sections(path, arch):
    secs = {}
    for line in run('readelf', '-SW', path).splitlines():
        m = SECTION.match(line)
        if m:
            secs[int(m.group(1))] = Section(m.group(2), m.group(3))
    for line in run('readelf', '-sW', path).splitlines():
        m = SYMBOL.match(line)
        if not m or not m.group(4).isdigit():
            continue
        sec = secs.get(int(m.group(4)))
        if sec is None:
            continue
        value, size = int(m.group(1), 16), parse_number(m.group(2))
        kind, name = m.group(3), m.group(5)
        if arch == 'arm' and kind == 'FUNC':
            value &= ~1     # Thumb
        if MAPPING.match(name):
            sec.mapping.append((value, name[1] == 'd'))
        elif kind == 'FUNC' and size:
            sec.funcs.append((value, value + size, name))
        elif kind not in ('SECTION', 'FILE') and name:
            sec.labels.append((value, name))
    for sec in secs.values():
        sec.finish()
    return {s.name: s for s in secs.values()}


def persistent(sec, arch):
    if 'A' not in sec.flags or 'X' not in sec.flags:
        return False
    return arch == 'ppc64' or not sec.name.startswith('.init')


def scan(path, secs, arch):
    """Every use objdump -dr shows without a relocation, across functions:
    (section, address, length, target, text)."""
    uses = []
    sec = None
    pending = None      # [section, address, length, target, text]
    here = (0, 0, None, None)   # the function of the last instruction
    proc = subprocess.Popen(['objdump', '-dr', path], stdout=subprocess.PIPE,
                            text=True, errors='replace')
    for line in proc.stdout:
        if line[0] == '\t':
            # "\t\t\t3c98: R_PPC64_REL24\tdrbg_seed"
            if sec is not None:
                m = RELOC.match(line)
                if m:
                    sec.relocs.append(int(m.group(1), 16))
            continue
        if '<' not in line:
            if line.startswith('Disassembly of section '):
                sec = secs.get(line[23:].rstrip().rstrip(':'))
                if sec is not None and not persistent(sec, arch):
                    sec = None
                pending = None
            elif pending is not None:
                m = INSN.match(line)
                if m and m.group(3) is None:
                    pending[2] += len(m.group(2).replace(' ', '')) // 2
                else:
                    pending = None
            continue
        pending = None
        if sec is None:
            continue
        m = INSN.match(line)
        if not m or m.group(3) is None or m.group(3).startswith('.'):
            continue        # a label; .word, .inst, .byte: data
        targets = TARGET.findall(m.group(3))
        if not targets:
            continue
        addr, target = int(m.group(1), 16), int(targets[-1][0], 16)
        if not here[0] <= addr < here[1] or here[3] is not sec:
            here = sec.function_at(addr) + (sec,)
        if here[0] <= target < here[1]:
            continue        # a branch inside the function
        pending = [sec, addr, len(m.group(2).replace(' ', '')) // 2,
                   target, m.group(3)]
        uses.append(pending)
    proc.stdout.close()
    if proc.wait():
        raise subprocess.CalledProcessError(proc.returncode, 'objdump')
    for s in secs.values():
        s.relocs.sort()
    return [u for u in uses if not u[0].relocated(u[1], u[1] + u[2])]


def check_module(job):
    path, arch, funcs = job
    tmp = None
    try:
        ext = os.path.splitext(path)[1]
        if ext in DECOMPRESS:
            fd, tmp = tempfile.mkstemp(prefix='kotest-resolved-', suffix='.ko')
            with os.fdopen(fd, 'wb') as out:
                subprocess.run([DECOMPRESS[ext], '-dc', path], stdout=out,
                               check=True)
        elf = tmp or path
        secs = read_sections(elf, arch)
        uses = scan(elf, secs, arch)
    except (subprocess.CalledProcessError, OSError) as e:
        return path, len(funcs), 0, [], 'error: %s' % e
    finally:
        if tmp:
            os.unlink(tmp)

    # kotest's functions by section: (start, end, name, kind)
    reported = {}
    for f in funcs:
        reported.setdefault(f['section'], []).append(
            (f['offset'], f['offset'] + max(f['size'], 1),
             f['name'] or '%s+%#x' % (f['section'], f['offset']), f['kind']))

    def reported_at(sec, addr):
        """The candidate or chain holding addr, by kotest's extent or by
        the symbol table's."""
        hits = [r for r in reported.get(sec.name, ()) if r[0] <= addr < r[1]]
        if not hits:
            start = sec.function_at(addr)[0]
            hits = [r for r in reported.get(sec.name, ()) if r[0] == start]
        return hits[0] if hits else None

    violations = []
    for sec, addr, _, target, text in uses:
        if sec.is_data(target):
            continue        # a literal pool, an inline table
        dst = reported_at(sec, target)
        if dst is None:
            continue
        user = sec.function_at(addr)
        src = reported_at(sec, addr)
        if src is dst or user[0] <= target < user[1]:
            continue        # itself
        if dst[3] == 'chain' and src is not None:
            continue        # a chain may serve candidates and chains
        violations.append((dst[2], dst[3],
                           '%s+%#x' % (user[2], addr - user[0]),
                           '%s+%#x: %s' % (sec.name, addr,
                                           ' '.join(text.split())),
                           (sec.name, dst[0])))
    return path, len(funcs), len(uses), violations, None


def kotest_modules(kotest, root):
    """(path, arch, function candidates and chains) of each module that has
    any."""
    proc = subprocess.run([kotest, '-j', '2', '--json', root],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True)
    if proc.returncode not in (0, 1):
        raise SystemExit('check-resolved: %s: kotest exited with %d' % (
            root, proc.returncode))
    jobs = []
    for m in json.loads(proc.stdout)['modules']:
        funcs = [dict(o, kind=kind)
                 for kind, key in (('candidate', 'candidates'),
                                   ('chain', 'chains'))
                 for o in m.get(key) or () if o['kind'] == 'function']
        if funcs:
            jobs.append((m['file'], m['arch'], funcs))
    return jobs


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__.split('\n\n')[1])
    kotest, corpus = sys.argv[1], sys.argv[2]
    sets = sys.argv[3:] or ['amd64', 'arm64']
    failed = False
    rows = []
    with multiprocessing.Pool(2) as pool:
        for spec in sets:
            arch, _, series = spec.partition(':')
            root = os.path.join(corpus, '%s-%s' % (arch, series or '6.1'))
            if not os.path.isdir(root):
                print('check-resolved: %s missing (run make check-corpus)' %
                      root)
                failed = True
                continue
            t0 = time.monotonic()
            jobs = kotest_modules(kotest, root)
            # the largest first, so that two processes end together
            jobs.sort(key=lambda j: -os.path.getsize(j[0]))
            nfuncs = nuses = 0
            found = []
            for path, n, u, viol, err in pool.imap_unordered(check_module,
                                                             jobs):
                nfuncs += n
                nuses += u
                if err:
                    print('check-resolved: %s: %s' % (path, err))
                    failed = True
                for v in viol:
                    found.append((os.path.relpath(path, root),) + v)
            found.sort()
            for mod, func, kind, user, insn, _ in found:
                print('check-resolved: %s: %s %s %s reached without a '
                      'relocation by %s: %s' % (spec, mod, kind, func, user,
                                                insn))
            rows.append((spec, len(jobs), nfuncs, nuses, found,
                         time.monotonic() - t0))
            failed = failed or bool(found)
    # violations: instructions; cand, chain: the functions they reach
    print('%-12s %7s %7s %9s %10s %6s %6s %8s' % (
        'set', 'modules', 'funcs', 'uses', 'violations', 'cand', 'chain',
        'seconds'))
    for spec, nmods, nfuncs, nuses, found, secs in rows:
        print('%-12s %7d %7d %9d %10d %6d %6d %8.1f' % (
            spec, nmods, nfuncs, nuses, len(found),
            len({(v[0], v[5]) for v in found if v[2] == 'candidate'}),
            len({(v[0], v[5]) for v in found if v[2] == 'chain'}), secs))
    print('check-resolved: %s' % ('FAILED' if failed else 'ok'))
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
