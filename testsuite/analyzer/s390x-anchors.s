# SPDX-License-Identifier: GPL-2.0-or-later
# s390x: PC32DBL addends count bytes from the field, which sits 2 bytes
# into the instruction: "larl %r2,obj+8" is "PC32DBL obj+0xa".  GOTENT
# names the symbol whose address the GOT entry holds (its addend places
# the field).  "larl" of a section is an anchor: the register is followed
# to its accesses D(X,B).
#
# RUN: s390x-linux-gnu-as -m64 %s -o %t.o && s390x-linux-gnu-ld -r %t.o -o %t.ko
# RUN: %kotest -j1 --dump-relocs %t.ko | %FileCheck %s

	.section .init.text,"ax",@progbits
	.globl	init_module
	.type	init_module, @function
init_module:
	larl	%r2, obj_b+8			# PC32DBL obj_b+0xa
	lgrl	%r3, ext@GOTENT			# GOTENT ext+2: external
	lgrl	%r4, named@GOTENT		# GOTENT named+2: named
	larl	%r5, .Lanchor			# PC32DBL .rodata+2: anchor
	l	%r0, 24(%r5)			# obj_c
	la	%r1, 32(%r5)			# obj_d ...
	st	%r0, 0(%r1)			# ... accessed through r1
	lghi	%r5, 0				# r5 dies before the call
	brasl	%r14, ext_fn@PLT		# PLT32DBL ext_fn+2
	br	%r14
	.size	init_module, .-init_module

# CHECK-DAG: reloc .init.text + 2 (init_module+0x2) R_390_PC32DBL -> .rodata + 10 (obj_b+0x8)
# CHECK-DAG: reloc .init.text + E (init_module+0xe) R_390_GOTENT -> .data + 0 (named)
# CHECK-DAG: reloc .init.text + 14 (init_module+0x14) R_390_PC32DBL -> .rodata + 18 (obj_c)
# CHECK-DAG: reloc .init.text + 14 (init_module+0x14) R_390_PC32DBL -> .rodata + 20 (obj_d)
# CHECK-NOT: -> .rodata + 0 (obj_a)
# CHECK-NOT: R_390_PC32DBL -> .rodata + 12

	.section .rodata,"a",@progbits
	.balign	8
.Lanchor:
obj_a:	.quad	1
	.size	obj_a, 8
obj_b:	.quad	2, 3
	.size	obj_b, 16
obj_c:	.quad	4
	.size	obj_c, 8
obj_d:	.quad	5
	.size	obj_d, 8

	.data
	.globl	named
named:	.quad	0
	.size	named, 8
