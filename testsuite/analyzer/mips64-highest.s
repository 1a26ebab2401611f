# SPDX-License-Identifier: GPL-2.0-or-later
# n64 RELA, three types per record: an address built from
# %highest/%higher/%hi/%lo with explicit addends is one reference (at the
# LO16); R_MIPS_64 and R_MIPS_32 words; R_MIPS_26 to section + offset.
#
# RUN: mips64el-linux-gnuabi64-as -mno-shared -call_nonpic %s -o %t.o && mips64el-linux-gnuabi64-ld -r %t.o -o %t.ko
# RUN: %kotest -j1 %t.ko | %FileCheck %s
# RUN: %kotest -j1 --dump-relocs %t.ko | %FileCheck --check-prefix=DUMP %s

	.set	noreorder
	.section .init.text,"ax",@progbits
	.globl	init_module
	.ent	init_module
init_module:
	lui	$2, %highest(.Ldata + 0x9010)
	lui	$3, %hi(.Ldata + 0x9010)
	daddiu	$2, $2, %higher(.Ldata + 0x9010)
	daddiu	$3, $3, %lo(.Ldata + 0x9010)
	dsll32	$2, $2, 0
	daddu	$2, $2, $3
	jal	.Lfar
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
	.balign	8
.Ldata:
	.space	0x9010
far_obj: .dword	0
	.size	far_obj, 8
word_obj: .word 0
	.size	word_obj, 4
guard:	.word	0
	.size	guard, 4

	.section .init.data,"aw",@progbits
	.balign	8
init_words:
	.dword	.Ldata + 0x9018
	.word	.Ldata + 0x9018
	.size	init_words, 12

# CHECK-NOT: (guard
# CHECK-DAG: candidate .text + 8 (far_fn) rref 1 xref 0 add size 8 function used by init_module
# CHECK-DAG: candidate .data + 9010 (far_obj) rref 1 xref 0 add size 8 data used by init_module
# CHECK-DAG: candidate .data + 9018 (word_obj) rref 2 xref 0 add size 4 data used by init_words
# CHECK-NOT: (guard

# DUMP-NOT: R_MIPS_HI
# DUMP: reloc .init.text + C (init_module+0xc) R_MIPS_LO16 -> .data + 9010 (far_obj)
# DUMP-NEXT: reloc .init.text + 18 (init_module+0x18) R_MIPS_26 -> .text + 8 (far_fn)
# DUMP-NEXT: reloc .init.data + 0 (init_words) R_MIPS_64 -> .data + 9018 (word_obj)
# DUMP-NEXT: reloc .init.data + 8 (init_words+0x8) R_MIPS_32 -> .data + 9018 (word_obj)
