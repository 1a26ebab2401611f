# SPDX-License-Identifier: GPL-2.0-or-later
# A reference into a string keeps the whole string, with its NUL: the
# string is found by counting NULs (anon.c's string tables) or, in a
# string section that a symbol divides, by looking around the byte.
# Both must give the same pieces: a tail, a string across 64-byte
# words, a last string without NUL, 2-byte characters whose bytes may
# be zero, a string next to a named one.
#
# RUN: x86_64-linux-gnu-as %s -o %t.o && ld -r %t.o -o %t.ko
# RUN: %kotest -j1 %t.ko | %FileCheck %s

# CHECK: candidate .rodata.str1.1 + 5 ("hello") rref 2 xref 0 add size 6 string used by init_module
# CHECK-NEXT: candidate .rodata.str1.1 + 12 ("0123456789{{[0-9]+}}"...) rref 1 xref 0 add size 101 string used by init_module
# CHECK-NEXT: candidate .rodata.str1.1 + 77 ("tail") rref 1 xref 0 add size 4 string used by init_module
# CHECK-NEXT: candidate .rodata.str2.2 + 4 ("w\x00\x00\x01d") rref 1 xref 0 add size 8 string used by init_module
# CHECK-NEXT: candidate .rodata.str1.8 + D ("after") rref 1 xref 0 add size 6 string used by init_module
# CHECK-NEXT: total candidates 5 (125 bytes)

	.section .init.text,"ax",@progbits
	.globl	init_module
init_module:
	leaq	.Lhello+2(%rip), %rax	# the tail "llo" keeps "hello"
	leaq	.Lhello(%rip), %rax	# the same string again
	leaq	.Llong+70(%rip), %rax	# a string across a 64-byte line
	leaq	.Lend+1(%rip), %rax	# the last one has no NUL
	leaq	.Lwide+4(%rip), %rax	# UTF-16: 2-byte characters
	leaq	.Lafter+3(%rip), %rax
	ret

	.text
	.globl	persistent
persistent:
	leaq	.Lkept(%rip), %rax
	ret

	.section .rodata.str1.1,"aMS",@progbits,1
.Lkept:	.string	"kept"
.Lhello:
	.string	"hello"
	.string	"unused"
.Llong:	.string	"0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"
.Lend:	.ascii	"tail"

	.section .rodata.str2.2,"aMS",@progbits,2
	.short	'a', 0
.Lwide:	.short	'w', 0x100, 'd', 0	# a 0x00 byte is no NUL character
	.short	'z', 0

	# A symbol inside a string section (hand-written assembly): the
	# strings around it are still found one by one.
	.section .rodata.str1.8,"aMS",@progbits,1
	.string	"before"
	.globl	named_string
named_string:
	.string	"named"
	.size	named_string, 6
.Lafter:
	.string	"after"
