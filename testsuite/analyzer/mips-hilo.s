# SPDX-License-Identifier: GPL-2.0-or-later
# o32 REL HI16/LO16 pairs: the addend is (hi << 16) + (short)lo, across
# the carry of a low half >= 0x8000; two HI16 sharing one LO16; one HI16
# serving two LO16; jal (R_MIPS_26) to section + offset; a R_MIPS_32 word.
# The reference is counted once per address, at the LO16.
#
# RUN: mipsel-linux-gnu-as -mno-shared -call_nonpic %s -o %t.o && mipsel-linux-gnu-ld -r %t.o -o %t.ko
# RUN: %kotest -j1 %t.ko | %FileCheck %s
# RUN: %kotest -j1 --dump-relocs %t.ko | %FileCheck --check-prefix=DUMP %s
# RUN: mips-linux-gnu-as -mno-shared -call_nonpic %s -o %t-be.o && mips-linux-gnu-ld -r %t-be.o -o %t-be.ko
# RUN: %kotest -j1 %t-be.ko | %FileCheck %s
# RUN: %kotest -j1 --dump-relocs %t-be.ko | %FileCheck --check-prefix=DUMP %s

	.set	noreorder
	.section .init.text,"ax",@progbits
	.globl	init_module
	.ent	init_module
init_module:
	lui	$2, %hi(.Ldata + 0x10)		# .data + 0x10: low_obj
	addiu	$2, $2, %lo(.Ldata + 0x10)
	lui	$3, %hi(.Ldata + 0x9000)	# lo 0x9000 < 0: hi carries
	lw	$4, %lo(.Ldata + 0x9000)($3)
	lui	$5, %hi(.Ldata + 0x9010)	# two HI16, one LO16
	lui	$6, %hi(.Ldata + 0x9010)
	addu	$5, $5, $6
	lw	$4, %lo(.Ldata + 0x9010)($5)
	lui	$7, %hi(.Ldata + 0x9020)	# one HI16, two LO16
	lw	$4, %lo(.Ldata + 0x9020)($7)
	sw	$4, %lo(.Ldata + 0x9024)($7)
	jal	.Lfar				# R_MIPS_26: .text + 8
	nop
	jr	$31
	nop
	.end	init_module

	.text
	.ent	guard_fn
guard_fn:
	jr	$31
	nop
	.end	guard_fn
	.ent	far_fn
far_fn:
.Lfar:
	jr	$31
	nop
	.end	far_fn

	.data
	.balign	4
.Ldata:
	.space	0x10
low_obj: .word	0
	.size	low_obj, 4
	.space	0x9000 - 0x14
carry_obj: .word 0
	.size	carry_obj, 4
	.space	0xc
shared_hi: .word 0
	.size	shared_hi, 4
	.space	0xc
two_lo:	.word	0, 0
	.size	two_lo, 8
guard:	.word	0
	.size	guard, 4

	.section .init.data,"aw",@progbits
	.balign	4
init_word:
	.word	.Ldata + 0x9024
	.size	init_word, 4

# CHECK-NOT: (guard
# CHECK-DAG: candidate .text + 8 (far_fn) rref 1 xref 0 add size 8 function used by init_module
# CHECK-DAG: candidate .data + 10 (low_obj) rref 1 xref 0 add size 4 data used by init_module
# CHECK-DAG: candidate .data + 9000 (carry_obj) rref 1 xref 0 add size 4 data used by init_module
# CHECK-DAG: candidate .data + 9010 (shared_hi) rref 1 xref 0 add size 4 data used by init_module
# CHECK-DAG: candidate .data + 9020 (two_lo) rref 3 xref 0 add size 8 data used by init_module, init_word
# CHECK-NOT: (guard

# DUMP-NOT: R_MIPS_HI16
# DUMP: reloc .init.text + 4 (init_module+0x4) R_MIPS_LO16 -> .data + 10 (low_obj)
# DUMP-NEXT: reloc .init.text + C (init_module+0xc) R_MIPS_LO16 -> .data + 9000 (carry_obj)
# DUMP-NEXT: reloc .init.text + 1C (init_module+0x1c) R_MIPS_LO16 -> .data + 9010 (shared_hi)
# DUMP-NEXT: reloc .init.text + 24 (init_module+0x24) R_MIPS_LO16 -> .data + 9020 (two_lo)
# DUMP-NEXT: reloc .init.text + 28 (init_module+0x28) R_MIPS_LO16 -> .data + 9024 (two_lo+0x4)
# DUMP-NEXT: reloc .init.text + 2C (init_module+0x2c) R_MIPS_26 -> .text + 8 (far_fn)
# DUMP-NEXT: reloc .init.data + 0 (init_word) R_MIPS_32 -> .data + 9024 (two_lo+0x4)
