# SPDX-License-Identifier: GPL-2.0-or-later
# Pieces of a section that no symbol names (assembler-local labels,
# jump tables, literal pools) become anonymous objects that end where the
# next referenced piece starts.  Two references to one piece name the same
# byte: the piece still ends at the next distinct target, not at itself
# (it used to get no size, and so could never be a candidate).
#
# RUN: x86_64-linux-gnu-as %s -o %t.o && ld -r %t.o -o %t.ko
# RUN: %kotest -j1 %t.ko | %FileCheck %s

# CHECK: candidate .rodata + 8 rref 2 xref 0 add size 16 const used by init_module
# CHECK-NEXT: candidate .rodata + 18 rref 1 xref 0 add size 8 const used by init_module
# CHECK-NEXT: total candidates 2 (24 bytes)

	.section .init.text,"ax",@progbits
	.globl	init_module
init_module:
	leaq	.Ltwice(%rip), %rax
	leaq	.Ltwice(%rip), %rdx
	leaq	.Lonce(%rip), %rcx
	ret

	.text
	.globl	persistent
persistent:
	leaq	.Lkept(%rip), %rax
	leaq	.Lkept(%rip), %rax
	ret

	.section .rodata,"a",@progbits
named:	.quad	0
	.size	named, 8
.Ltwice:
	.quad	1, 2
.Lonce:
	.quad	3
.Lkept:
	.quad	4, 5
