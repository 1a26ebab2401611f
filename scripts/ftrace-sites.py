#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""List and compare the ftrace call sites of ELF objects and modules.

    ftrace-sites.py [OPTIONS] FILE...               list the call sites
    ftrace-sites.py [OPTIONS] --compare BEFORE AFTER
    ftrace-sites.py [OPTIONS] --sections BEFORE AFTER

    --init P[,P]       prefixes of init section names (default .init)
    --records S[,S]    the sections that hold ftrace records (default
                       __mcount_loc,__patchable_function_entries); on
                       x86-64, whose __patchable_function_entries is call
                       padding, give __mcount_loc

A call site is
  - an entry of a record section, __mcount_loc (-mrecord-mcount,
    recordmcount, objtool) or __patchable_function_entries
    (-fpatchable-function-entry), resolved to the function it points into;
  - a relocation in code against an ftrace entry symbol (_mcount, mcount,
    __fentry__, __gnu_mcount_nc), which is what recordmcount records on the
    architectures where the compiler records nothing itself.
Each one is "init" when its section name starts with one of the --init
prefixes (default .init), else "persistent".  Listing prints one line per
site, sorted:  init|persistent KIND SECTION FUNCTION  and a summary.

--compare exits 1 unless AFTER has no init site and the same persistent
sites as BEFORE.  --sections exits 1 unless every section of BEFORE that is not init code,
debug information, a symbol table or the build id is identical in AFTER,
its relocations included, except that relocations against init code may
have other addends (the code there changed), that tables of addresses
(__mcount_loc, .call_sites, ...) may have lost the entries that point into
init code, that .orc_unwind may differ in the entries of init code (those
that .orc_unwind_ip points into init code with), and that __versions may
be in another order.  It also prints the
bytes of persistent and of init sections, and of the file, before and
after.

Standard library only: the ELF reading is here, for every class, byte order
and machine the kotest test suite uses (MIPS64's r_info layout included;
REL addends are read from the section data).
"""
import struct
import sys

SHT_SYMTAB, SHT_RELA, SHT_REL, SHT_NOBITS = 2, 4, 9, 8
SHF_ALLOC, SHF_EXECINSTR = 0x2, 0x4
EM_MIPS = 8
RECORD_SECTIONS = ['__mcount_loc', '__patchable_function_entries']
ENTRY_SYMBOLS = ('_mcount', 'mcount', '__fentry__', '__gnu_mcount_nc',
                 '._mcount')


class Elf:
    def __init__(self, path):
        with open(path, 'rb') as f:
            self.data = data = f.read()
        if data[:4] != b'\x7fELF':
            raise SystemExit('%s: not an ELF file' % path)
        self.is64 = data[4] == 2
        self.end = '<' if data[5] == 1 else '>'
        e = self.end
        if self.is64:
            (self.machine,) = struct.unpack_from(e + 'H', data, 18)
            shoff, = struct.unpack_from(e + 'Q', data, 40)
            shentsize, shnum, shstrndx = struct.unpack_from(e + 'HHH', data, 58)
            fmt = e + 'IIQQQQIIQQ'
        else:
            (self.machine,) = struct.unpack_from(e + 'H', data, 18)
            shoff, = struct.unpack_from(e + 'I', data, 32)
            shentsize, shnum, shstrndx = struct.unpack_from(e + 'HHH', data, 46)
            fmt = e + 'IIIIIIIIII'
        self.sections = []
        for i in range(shnum):
            (name, typ, flags, addr, off, size, link, info, align,
             entsize) = struct.unpack_from(fmt, data, shoff + i * shentsize)
            self.sections.append(dict(index=i, name_off=name, type=typ,
                                      flags=flags, offset=off, size=size,
                                      link=link, info=info, entsize=entsize))
        strtab = self.sections[shstrndx]
        for s in self.sections:
            s['name'] = self.cstr(strtab['offset'] + s['name_off'])
        self.symbols = self.read_symbols()

    def cstr(self, off):
        return self.data[off:self.data.index(b'\0', off)].decode('latin-1')

    def contents(self, s):
        if s['type'] == SHT_NOBITS:
            return b''
        return self.data[s['offset']:s['offset'] + s['size']]

    def read_symbols(self):
        syms = []
        for s in self.sections:
            if s['type'] != SHT_SYMTAB:
                continue
            strtab = self.sections[s['link']]['offset']
            e = self.end
            size = 24 if self.is64 else 16
            for i in range(s['size'] // size):
                off = s['offset'] + i * size
                if self.is64:
                    name, info, other, shndx, value, sz = struct.unpack_from(
                        e + 'IBBHQQ', self.data, off)
                else:
                    name, value, sz, info, other, shndx = struct.unpack_from(
                        e + 'IIIBBH', self.data, off)
                syms.append(dict(name=self.cstr(strtab + name), value=value,
                                 size=sz, type=info & 0xf, bind=info >> 4,
                                 shndx=shndx))
            break
        return syms

    def relocations(self, rs):
        """(offset, symbol index, type, addend or None) of section RS."""
        e, data = self.end, self.data
        rela = rs['type'] == SHT_RELA
        size = (24 if rela else 16) if self.is64 else (12 if rela else 8)
        for i in range(rs['size'] // size):
            off = rs['offset'] + i * size
            if self.is64:
                r_offset, = struct.unpack_from(e + 'Q', data, off)
                if self.machine == EM_MIPS and e == '<':
                    # MIPS64 little endian: r_sym is a 32-bit word, then
                    # r_ssym, r_type3, r_type2, r_type one byte each.
                    sym, = struct.unpack_from('<I', data, off + 8)
                    typ = data[off + 15]
                else:
                    info, = struct.unpack_from(e + 'Q', data, off + 8)
                    sym, typ = info >> 32, info & 0xffffffff
                addend = struct.unpack_from(e + 'q', data, off + 16)[0] \
                    if rela else None
            else:
                r_offset, info = struct.unpack_from(e + 'II', data, off)
                sym, typ = info >> 8, info & 0xff
                addend = struct.unpack_from(e + 'i', data, off + 8)[0] \
                    if rela else None
            yield r_offset, sym, typ, addend

    def word(self, s, off):
        """The address-sized word at OFF in section S (an implicit addend)."""
        fmt = self.end + ('Q' if self.is64 else 'I')
        return struct.unpack_from(fmt, self.data, s['offset'] + off)[0]

    def reloc_sections(self):
        """(relocation section, section it applies to)."""
        for rs in self.sections:
            if rs['type'] in (SHT_REL, SHT_RELA) and rs['info'] < len(self.sections):
                yield rs, self.sections[rs['info']]

    def function_at(self, shndx, off):
        """Name of the function of section SHNDX that holds OFF."""
        best = None
        for sym in self.symbols:
            if sym['shndx'] != shndx or sym['type'] != 2:  # STT_FUNC
                continue
            if sym['value'] <= off < sym['value'] + max(sym['size'], 1):
                if best is None or sym['value'] > best['value']:
                    best = sym
        if best is None:
            # Padding before a function (-fpatchable-function-entry=N,M
            # with M > 0): name the function that follows.
            for sym in self.symbols:
                if sym['shndx'] == shndx and sym['type'] == 2 and \
                        off < sym['value'] <= off + 64 and \
                        (best is None or sym['value'] < best['value']):
                    best = sym
            if best is not None:
                return '%s-%#x' % (best['name'], best['value'] - off)
            return '%s+%#x' % (self.sections[shndx]['name'], off)
        if off == best['value']:
            return best['name']
        return '%s+%#x' % (best['name'], off - best['value'])


def is_init(name, prefixes):
    """Is section NAME freed after init?  Like the kernel's
    module_init_section(), with arm's unwind tables of init code."""
    for tab in ('.ARM.exidx', '.ARM.extab'):
        if name.startswith(tab + '.'):
            name = name[len(tab):]
    return any(name.startswith(p) for p in prefixes)


def sites(elf, prefixes):
    """Sorted list of (init|persistent, kind, section, function)."""
    out = []
    for rs, target in elf.reloc_sections():
        record = target['name'] in RECORD_SECTIONS
        code = target['flags'] & SHF_EXECINSTR
        if not record and not code:
            continue
        seen = set()
        for r_offset, symi, typ, addend in elf.relocations(rs):
            if symi >= len(elf.symbols):
                continue
            sym = elf.symbols[symi]
            if record:
                if addend is None:
                    addend = elf.word(target, r_offset)
                shndx = sym['shndx']
                if not 0 < shndx < len(elf.sections):
                    continue
                where = sym['value'] + addend
                func = elf.function_at(shndx, where)
                kind = target['name']
            elif sym['name'] in ENTRY_SYMBOLS:
                shndx = target['index']
                func = elf.function_at(shndx, r_offset)
                kind = 'call:' + sym['name']
                # MIPS -mlong-calls loads the address with two relocations.
                key = (func.split('+')[0], sym['name'])
                if key in seen:
                    continue
                seen.add(key)
            else:
                continue
            section = elf.sections[shndx]['name']
            cls = 'init' if is_init(section, prefixes) else 'persistent'
            out.append((cls, kind, section, func))
    return sorted(out)


def summary(lst):
    n_init = sum(1 for s in lst if s[0] == 'init')
    return n_init, len(lst) - n_init


def cmd_list(paths, prefixes):
    for path in paths:
        lst = sites(Elf(path), prefixes)
        for s in lst:
            print(' '.join(s))
        n_init, n_pers = summary(lst)
        print('%s: %d init sites, %d persistent sites' % (path, n_init, n_pers))
    return 0


def cmd_compare(before, after, prefixes):
    b, a = sites(Elf(before), prefixes), sites(Elf(after), prefixes)
    bi, bp = summary(b)
    ai, ap = summary(a)
    pb = [s for s in b if s[0] != 'init']
    pa = [s for s in a if s[0] != 'init']
    same = pb == pa
    print('init sites: %d before, %d after' % (bi, ai))
    print('persistent sites: %d before, %d after, %s' %
          (bp, ap, 'identical' if same else 'DIFFERENT'))
    for s in sorted(set(pb) ^ set(pa)):
        print('  %s %s' % ('lost' if s in pb else 'new', ' '.join(s)))
    for s in a:
        if s[0] == 'init':
            print('  left ' + ' '.join(s))
    return 0 if ai == 0 and same else 1


# Sections whose contents may change when init code changes.
def may_change(name, prefixes):
    return (is_init(name, prefixes) or name.startswith('.debug')
            or name in ('.symtab', '.strtab', '.shstrtab', '.BTF',
                        '.BTF.ext', '.note.gnu.build-id', '.gnu_debuglink')
            or name.startswith('.rel'))


def reloc_tuples(elf, rs, target, prefixes):
    """Relocations of RS as (offset, type, target, addend), the target a
    global symbol's name or, for local symbols (whose names, like .LPFE3,
    are numbered per file), the section; the addend is '*' when the target
    is in init code, whose layout may change."""
    out = []
    for r_offset, symi, typ, addend in elf.relocations(rs):
        sym = elf.symbols[symi] if symi < len(elf.symbols) else None
        name = sym['name'] if sym else '?'
        init = False
        if sym and 0 < sym['shndx'] < len(elf.sections):
            sec = elf.sections[sym['shndx']]['name']
            if sym['bind'] == 0:  # STB_LOCAL
                name = sec
                if addend is not None:
                    addend += sym['value']
            init = is_init(sec, prefixes)
        out.append((r_offset, typ, name, '*' if init else addend))
    return out


def eh_frame_records(elf, s, prefixes):
    """The CIEs and the FDEs of persistent code in .eh_frame S, as bytes
    with the target of each relocation; FDEs of init code left out."""
    data = elf.contents(s)
    relocs = {}
    for rs, t in elf.reloc_sections():
        if t['index'] == s['index']:
            for r in reloc_tuples(elf, rs, t, prefixes):
                relocs[r[0]] = r
    out, off = [], 0
    while off + 8 <= len(data):
        length, = struct.unpack_from(elf.end + 'I', data, off)
        if length == 0 or length == 0xffffffff:
            break
        end = off + 4 + length
        cie_ptr, = struct.unpack_from(elf.end + 'I', data, off + 4)
        rel = [(o - off,) + r[1:] for o, r in sorted(relocs.items())
               if off <= o < end]
        pc = relocs.get(off + 8)
        if cie_ptr and pc and pc[3] == '*':
            off = end
            continue  # an FDE of init code: changes with its code
        # CIE pointers are offsets back to the CIE, which move when an
        # FDE of init code before it changes size: compare without them.
        rec = bytearray(data[off:end])
        if cie_ptr:
            rec[4:8] = b'\0' * 4
        out.append((bytes(rec), rel))
        off = end
    return out


def alloc_size(elf, init, prefixes):
    return sum(s['size'] for s in elf.sections
               if s['flags'] & SHF_ALLOC and is_init(s['name'], prefixes) == init)


def section_relocs(elf, s, prefixes):
    for rs, t in elf.reloc_sections():
        if t['index'] == s['index']:
            return reloc_tuples(elf, rs, t, prefixes)
    return []


def strip_slots(data, relocs, width):
    """DATA without the WIDTH-byte slots of relocations against init code."""
    keep = bytearray(data)
    for r in sorted((r for r in relocs if r[3] == '*'), reverse=True):
        del keep[r[0]:r[0] + width]
    return bytes(keep)


def orc_entries(elf, s, prefixes):
    """The 6-byte entries of .orc_unwind S that belong to persistent code.
    .orc_unwind is parallel to .orc_unwind_ip, whose 4-byte entry i holds
    the address that entry i describes: the entries of init code go with
    its code, which the plugin changes."""
    ip = next((x for x in elf.sections if x['name'] == '.orc_unwind_ip'),
              None)
    if ip is None:
        return None
    init = {r[0] // 4 for r in section_relocs(elf, ip, prefixes)
            if r[3] == '*'}
    data = elf.contents(s)
    return [data[i:i + 6] for i in range(0, len(data), 6)
            if i // 6 not in init]


def compare_section(eb, s, ea, t, prefixes):
    """None if section S of EB and T of EA hold the same, else why not.
    Allowed: other addends against init code, entries that point into
    init code removed from a table (.call_sites, __mcount_loc, ...), and
    __versions in another order (modpost lists the undefined symbols in
    the order of their first reference)."""
    name = s['name']
    if name == '.orc_unwind':
        ob, oa = orc_entries(eb, s, prefixes), orc_entries(ea, t, prefixes)
        if ob is None or ob != oa:
            return 'unwind entries of persistent code differ', None
        if eb.contents(s) == ea.contents(t):
            return None, None
        return None, 'entries of init code changed with their code'
    if name == '.eh_frame':
        if eh_frame_records(eb, s, prefixes) != \
                eh_frame_records(ea, t, prefixes):
            return 'unwind information of persistent code differs', None
        return None, None
    if s['type'] != t['type'] or s['flags'] != t['flags']:
        return 'type or flags differ', None
    cb, ca = eb.contents(s), ea.contents(t)
    relb = section_relocs(eb, s, prefixes)
    rela = section_relocs(ea, t, prefixes)
    if name == '__versions' and len(cb) == len(ca) and len(cb) % 64 == 0:
        eb_ = sorted(cb[i:i + 64] for i in range(0, len(cb), 64))
        ea_ = sorted(ca[i:i + 64] for i in range(0, len(ca), 64))
        if eb_ != ea_:
            return 'symbol versions differ', None
        return None, None if cb == ca else 'reordered'
    if len(cb) == len(ca) and relb == rela:
        if cb == ca:
            return None, None
        # REL: implicit addends against init code live in the data.
        wsz = 8 if eb.is64 else 4
        if strip_slots(cb, relb, wsz) == strip_slots(ca, rela, wsz) and \
                [r[0] for r in relb if r[3] == '*'] == \
                [r[0] for r in rela if r[3] == '*']:
            return None, None
        return 'contents differ', None
    # A table that lost the entries that pointed into init code.
    removed = sum(r[3] == '*' for r in relb) - sum(r[3] == '*' for r in rela)
    pers = lambda rel: [r[1:] for r in rel if r[3] != '*']
    if removed <= 0 or pers(relb) != pers(rela) or \
            (len(cb) - len(ca)) % removed:
        return 'size %d -> %d, relocations differ' % (len(cb), len(ca)), None
    width = (len(cb) - len(ca)) // removed
    if width not in (4, 8) or \
            strip_slots(cb, relb, width) != strip_slots(ca, rela, width):
        return 'size %d -> %d, contents differ' % (len(cb), len(ca)), None
    return None, '%d entries into init code removed' % removed


def cmd_sections(before, after, prefixes):
    eb, ea = Elf(before), Elf(after)
    bad, notes = [], []
    sa = {s['name']: s for s in ea.sections}
    for s in eb.sections:
        name = s['name']
        if not name or may_change(name, prefixes):
            continue
        if name not in sa:
            # A table whose entries all pointed into init code.
            if all(r[3] == '*' for r in section_relocs(eb, s, prefixes)) \
                    and section_relocs(eb, s, prefixes):
                notes.append('%s: all entries pointed into init code, gone'
                             % name)
            else:
                bad.append('%s: missing after' % name)
            continue
        why, note = compare_section(eb, s, ea, sa[name], prefixes)
        if why:
            bad.append('%s: %s' % (name, why))
        elif note:
            notes.append('%s: %s' % (name, note))
    for msg in notes:
        print('  ' + msg)
    for msg in bad:
        print('  ' + msg)
    pb, pa = alloc_size(eb, False, prefixes), alloc_size(ea, False, prefixes)
    ib, ia = alloc_size(eb, True, prefixes), alloc_size(ea, True, prefixes)
    print('persistent bytes %d -> %d, init bytes %d -> %d, file bytes %d -> %d'
          % (pb, pa, ib, ia, len(eb.data), len(ea.data)))
    print('other sections: %s' % ('unchanged' if not bad else 'CHANGED'))
    return 0 if not bad else 1


def main(argv):
    prefixes = ['.init']
    while len(argv) > 1 and argv[0] in ('--init', '--records'):
        if argv[0] == '--init':
            prefixes = argv[1].split(',')
        else:
            RECORD_SECTIONS[:] = argv[1].split(',')
        argv = argv[2:]
    if len(argv) == 3 and argv[0] == '--compare':
        return cmd_compare(argv[1], argv[2], prefixes)
    if len(argv) == 3 and argv[0] == '--sections':
        return cmd_sections(argv[1], argv[2], prefixes)
    if not argv or argv[0].startswith('-'):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    return cmd_list(argv, prefixes)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
