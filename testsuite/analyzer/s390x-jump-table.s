# SPDX-License-Identifier: GPL-2.0-or-later
# s390x: GCC's switch tables hold "case label - table", so the record of
# entry k carries an addend k * 8 past its label.  kotest takes a run of
# entries whose labels stay in one function as one table; a label that
# leaves the function starts the next one (here the table of g follows
# the table of f with no gap).
#
# RUN: s390x-linux-gnu-as -m64 %s -o %t.o && s390x-linux-gnu-ld -r %t.o -o %t.ko
# RUN: %kotest -j1 --dump-relocs %t.ko | %FileCheck %s
# RUN: %kotest -j1 --json %t.ko | %FileCheck --check-prefix=JSON %s

	.text
	.globl	f
	.type	f, @function
f:
	larl	%r1, .Ltab_f
.Lf0:	br	%r14
.Lf1:	br	%r14
.Lf2:	br	%r14
	.size	f, .-f

	.globl	g
	.type	g, @function
g:
	larl	%r1, .Ltab_g
.Lg0:	br	%r14
.Lg1:	br	%r14
	.size	g, .-g

	.section .rodata,"a",@progbits
	.align	8
.Ltab_f:
	.quad	.Lf0-.Ltab_f
	.quad	.Lf1-.Ltab_f
	.quad	.Lf2-.Ltab_f
	.quad	.Lf0-.Ltab_f
.Ltab_g:
	.quad	.Lg1-.Ltab_g
	.quad	.Lg0-.Ltab_g

# CHECK: reloc .rodata + 0 R_390_PC64 -> .text + 6 (f+0x6)
# CHECK: reloc .rodata + 8 R_390_PC64 -> .text + 8 (f+0x8)
# CHECK: reloc .rodata + 10 R_390_PC64 -> .text + A (f+0xa)
# CHECK: reloc .rodata + 18 R_390_PC64 -> .text + 6 (f+0x6)
# CHECK: reloc .rodata + 20 R_390_PC64 -> .text + 14 (g+0x8)
# CHECK: reloc .rodata + 28 R_390_PC64 -> .text + 12 (g+0x6)
# JSON: "outside_refs":0,"unresolved_refs":0
