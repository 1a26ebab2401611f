# SPDX-License-Identifier: GPL-2.0-or-later
# powerpc64le: code loads addresses from .toc; the use belongs to the
# code and lands on what the entry points to.  An entry that holds a
# constant is no reference.  A loaded anchor is followed: accesses at
# displacements, base + index then a displacement, a pointer passed in an
# argument register.  The .toc entries themselves are no uses.
#
# RUN: powerpc64le-linux-gnu-as -a64 %s -o %t.o && powerpc64le-linux-gnu-ld -r %t.o -o %t.ko
# RUN: %kotest -j1 --dump-relocs %t.ko | %FileCheck %s
# RUN: %kotest -j1 %t.ko | %FileCheck --check-prefix=FIND %s

	.abiversion 2
	.section .text,"ax",@progbits
	.globl	keep
	.type	keep, @function
keep:
	addis	9, 2, .LCanchor@toc@ha
	ld	9, .LCanchor@toc@l(9)		# r9 = .rodata + 0
	lwz	3, 8(9)				# obj_b
	addis	10, 2, .LCconst@toc@ha
	ld	10, .LCconst@toc@l(10)		# a constant: nothing
	blr
	.size	keep, .-keep

	.section .init.text,"ax",@progbits
	.globl	init_module
	.type	init_module, @function
init_module:
	mflr	0
	std	31, -8(1)
	addis	31, 2, .LCanchor@toc@ha
	ld	31, .LCanchor@toc@l(31)		# r31 = .rodata + 0
	addis	9, 2, .LCnamed@toc@ha
	ld	9, .LCnamed@toc@l(9)		# named + 4
	lwz	5, 0(9)
	sldi	4, 5, 2
	add	4, 31, 4			# anchor + index: no object yet
	lwz	6, 16(4)			# obj_c
	addi	3, 31, 24			# obj_d, passed to a call
	bl	ext_fn
	nop
	lwz	7, 8(31)			# obj_b, r31 survived the call
	ld	31, -8(1)
	mtlr	0
	blr
	.size	init_module, .-init_module

# CHECK-DAG: reloc .text + 4 (keep+0x4) R_PPC64_TOC16_LO_DS -> .rodata + 8 (obj_b)
# CHECK-DAG: reloc .init.text + C (init_module+0xc) R_PPC64_TOC16_LO_DS -> .rodata + 10 (obj_c)
# CHECK-DAG: reloc .init.text + C (init_module+0xc) R_PPC64_TOC16_LO_DS -> .rodata + 18 (obj_d)
# CHECK-DAG: reloc .init.text + C (init_module+0xc) R_PPC64_TOC16_LO_DS -> .rodata + 8 (obj_b)
# CHECK-DAG: reloc .init.text + 14 (init_module+0x14) R_PPC64_TOC16_LO_DS -> .data + 4 (named+0x4)
# CHECK-DAG: reloc .toc + 0 R_PPC64_ADDR64 -> .rodata + 0 (obj_a)
# CHECK-NOT: -> .rodata + 0 (obj_a)
# CHECK-NOT: R_PPC64_TOC16_HA

# powerpc64 never frees .init (module_64.c module_init_section()): the
# init-only obj_c and obj_d are no candidates there.
# FIND: total candidates 0 (0 bytes)

	.section .toc,"aw"
	.balign	8
.LCanchor:	.quad	.rodata
.LCconst:	.quad	0x123456789
.LCnamed:	.quad	named + 4

	.section .rodata,"a",@progbits
	.balign	8
obj_a:	.quad	1
	.size	obj_a, 8
obj_b:	.quad	2
	.size	obj_b, 8
obj_c:	.quad	3
	.size	obj_c, 8
obj_d:	.quad	4
	.size	obj_d, 8

	.data
	.globl	named
named:	.long	1, 2
	.size	named, 8
