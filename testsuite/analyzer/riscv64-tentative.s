# SPDX-License-Identifier: GPL-2.0-or-later
# GNU as fills the field of a relocated branch with a tentative value (for
# objdump): the target symbol's offset in its own section.  The anchor
# walk takes a relocated branch's target from its relocation: f's jump to
# its cold part in .text.unlikely does not land on .Lunreached, whose
# access through the anchor (obj_b) no path reaches.
#
# RUN: riscv64-linux-gnu-as -march=rv64imac %s -o %t.o && riscv64-linux-gnu-ld -r %t.o -o %t.ko
# RUN: %kotest -j1 --dump-relocs %t.ko | %FileCheck %s
# RUN: %kotest -j1 --dump-relocs %t.ko | %FileCheck --check-prefix=NEG %s

	.text
	.globl	f
	.type	f, @function
f:
.Lhi:	auipc	s1, %pcrel_hi(.Lanchor)
	addi	s1, s1, %pcrel_lo(.Lhi)
	lw	a2, 0(s1)
	bnez	a0, 1f
	j	.Lcold
1:	ret
.Lunreached:
	lw	a1, 16(s1)
	ret
	.size	f, .-f

	.section .text.unlikely, "ax", @progbits
	.fill	(.Lunreached - f) / 2, 2, 0x0001
.Lcold:	ret

	.section .rodata, "a", @progbits
	.balign	8
.Lanchor:
	.type	obj_a, @object
obj_a:	.quad	1, 2
	.size	obj_a, 16
	.type	obj_b, @object
obj_b:	.quad	3
	.size	obj_b, 8

# CHECK: reloc .text + 4 (f+0x4) R_RISCV_PCREL_LO12_I -> .rodata + 0 (obj_a)
# CHECK: reloc .text + C (f+0xc) R_RISCV_JAL -> .text.unlikely + 12
# NEG-NOT: (obj_b)
