#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write x86-64 assembly with more sections than ELF's 16-bit index holds:
the assembler then uses SHN_XINDEX and a .symtab_shndx table.  The init
function calls the last function (section index > 0xff00) and f3, which
persistent code calls too."""
N = 70000
print('\t.section .init.text,"ax",@progbits\n\t.globl init_module\ninit_module:')
print('\tcall f%d\n\tcall f3\n\tret' % (N - 1))
for i in range(N):
    print('\t.section .text.f%d,"ax",@progbits\n\t.globl f%d\n'
          '\t.type f%d,@function\nf%d:\n\tret\n\t.size f%d, 1' % (i, i, i, i, i))
print('\t.text\n\t.globl keep\nkeep:\n\tcall f3\n\tret')
