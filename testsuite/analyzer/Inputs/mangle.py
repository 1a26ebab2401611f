#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Make a broken copy of a good ELF object, for the error tests.

    mangle.py IN OUT WHAT

WHAT is one of: truncate-header, truncate-sections, exec, class, data,
no-symtab, shstrndx, sym-shndx, reloc-offset, reloc-sym, entsize-zero,
link-nowhere, info-nowhere, sym-value, xindex, strtab-nonul, overlap.
"""
import struct
import sys


def main():
    src, dst, what = sys.argv[1:4]
    b = bytearray(open(src, 'rb').read())
    assert b[4] == 2 and b[5] == 1, 'expects ELF64 little-endian'
    shoff, = struct.unpack_from('<Q', b, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from('<HHH', b, 0x3a)

    def sh(i):
        off = shoff + i * shentsize
        name, typ, flags, addr, offset, size, link, info, align, entsize = \
            struct.unpack_from('<IIQQQQIIQQ', b, off)
        return dict(off=off, name=name, type=typ, offset=offset, size=size,
                    link=link, info=info, entsize=entsize)

    secs = [sh(i) for i in range(shnum)]
    symtab = next(s for s in secs if s['type'] == 2)
    rela = next(s for s in secs if s['type'] == 4 and s['size'])

    def defined_symbol():
        # a function or object with a section: the analysis looks at it
        for off in range(symtab['offset'] + 24,
                         symtab['offset'] + symtab['size'], 24):
            info = b[off + 4]
            shndx, = struct.unpack_from('<H', b, off + 6)
            if info & 0xf in (1, 2) and 0 < shndx < 0xff00:
                return off
        sys.exit('mangle.py: no defined symbol')

    if what == 'truncate-header':
        b = b[:40]
    elif what == 'truncate-sections':
        b = b[:shoff + shentsize * 2]
    elif what == 'exec':
        struct.pack_into('<H', b, 0x10, 2)
    elif what == 'class':
        b[4] = 7
    elif what == 'data':
        b[5] = 9
    elif what == 'no-symtab':
        struct.pack_into('<I', b, symtab['off'] + 4, 8)   # SHT_NOBITS
    elif what == 'shstrndx':
        struct.pack_into('<H', b, 0x3e, shnum + 5)
    elif what == 'sym-shndx':
        struct.pack_into('<H', b, defined_symbol() + 6, shnum + 3)
    elif what == 'sym-value':
        struct.pack_into('<Q', b, defined_symbol() + 8, 1 << 40)
    elif what == 'reloc-offset':
        struct.pack_into('<Q', b, rela['offset'], 1 << 32)
    elif what == 'reloc-sym':
        info, = struct.unpack_from('<Q', b, rela['offset'] + 8)
        struct.pack_into('<Q', b, rela['offset'] + 8,
                         (0xfffff << 32) | (info & 0xffffffff))
    elif what == 'entsize-zero':
        struct.pack_into('<Q', b, rela['off'] + 56, 0)
    elif what == 'link-nowhere':
        struct.pack_into('<I', b, rela['off'] + 40, shnum + 9)
    elif what == 'info-nowhere':
        struct.pack_into('<I', b, rela['off'] + 44, shnum + 9)
    elif what == 'xindex':
        struct.pack_into('<H', b, defined_symbol() + 6, 0xffff)
    elif what == 'strtab-nonul':
        strtab = secs[symtab['link']]
        b[strtab['offset'] + strtab['size'] - 1] = ord('A')
    elif what == 'overlap':
        # .symtab's bytes also claimed by the relocation section
        struct.pack_into('<Q', b, rela['off'] + 24, symtab['offset'])
    else:
        sys.exit('mangle.py: unknown change ' + what)
    open(dst, 'wb').write(b)


if __name__ == '__main__':
    main()
