@ SPDX-License-Identifier: GPL-2.0-or-later
@ arm: a pointer derived from an anchor and returned in r0 is a use of
@ what it points at: g returns &tab2 (the anchor's pool word names tab,
@ 8 bytes before it).
@
@ RUN: arm-linux-gnueabi-as %s -o %t.o && arm-linux-gnueabi-ld -r %t.o -o %t.ko
@ RUN: %kotest -j1 --dump-relocs %t.ko | %FileCheck %s

	.syntax unified
	.arm
	.text
	.globl	g
	.type	g, %function
g:
	ldr	r3, .Lpool
	add	r0, r3, #8
	bx	lr
.Lpool:
	.word	tab
	.size	g, .-g

	.section .rodata, "a"
	.type	tab, %object
tab:	.word	1, 2
	.size	tab, 8
	.type	tab2, %object
tab2:	.word	3, 4
	.size	tab2, 8

@ CHECK: reloc .text + C (g+0xc) R_ARM_ABS32 -> .rodata + 8 (tab2)
