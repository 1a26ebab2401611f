# SPDX-License-Identifier: GPL-2.0-or-later
# %pcrel_lo names the label at its AUIPC: the reference is resolved
# through the PCREL_HI20 record there, once per instruction that uses the
# address.  An anchor loaded with auipc+addi is followed to its uses
# (a callee-saved register passed over a call is not an argument).
# Label differences (ADD/SUB, SET) and RELAX/ALIGN are no references.
#
# RUN: riscv64-linux-gnu-as -march=rv64imac %s -o %t.o && riscv64-linux-gnu-ld -r %t.o -o %t.ko
# RUN: %kotest -j1 --dump-relocs %t.ko | %FileCheck %s

	.section .init.text,"ax",@progbits
	.globl	init_module
	.type	init_module, @function
init_module:
.Lhi0:	auipc	a0, %pcrel_hi(table_b + 4)
	lw	a1, %pcrel_lo(.Lhi0)(a0)	# table_b + 4
	sw	a1, %pcrel_lo(.Lhi0)(a0)	# again: a second use
.Lhi1:	auipc	s1, %pcrel_hi(.Lanchor)
	addi	s1, s1, %pcrel_lo(.Lhi1)	# s1 = anchor (table_a)
	lw	a3, 16(s1)			# table_b
	ld	a4, 32(s1)			# table_c
	call	use_it			# s1 survives the call: no use
	ret
	.size	init_module, .-init_module

# CHECK-DAG: .init.text + 4 (init_module+0x4) R_RISCV_PCREL_LO12_I -> .rodata + 14 (table_b+0x4)
# CHECK-DAG: .init.text + 8 (init_module+0x8) R_RISCV_PCREL_LO12_S -> .rodata + 14 (table_b+0x4)
# CHECK-DAG: .init.text + 10 (init_module+0x10) R_RISCV_PCREL_LO12_I -> .rodata + 10 (table_b)
# CHECK-DAG: .init.text + 10 (init_module+0x10) R_RISCV_PCREL_LO12_I -> .rodata + 20 (table_c)
# CHECK-NOT: -> .rodata + 0 (table_a)
# CHECK-NOT: R_RISCV_PCREL_HI20
# CHECK-NOT: R_RISCV_ADD32
# CHECK-NOT: R_RISCV_SUB32

	.section .rodata,"a",@progbits
	.balign	8
.Lanchor:
table_a:	.quad	1, 2
	.size	table_a, 16
table_b:	.long	3, 4, 5, 6
	.size	table_b, 16
table_c:	.quad	7
	.size	table_c, 8
	.word	.Lend - .Lanchor		# ADD32/SUB32: no reference
.Lend:
