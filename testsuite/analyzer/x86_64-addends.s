# SPDX-License-Identifier: GPL-2.0-or-later
# x86-64 PC-relative addends are "target - bytes after the field": with an
# immediate after the displacement the usual +4 lands in the object before.
# Local symbols are referenced as section + offset (the assembler rewrites
# them), and some have no size, like hand-written assembly.
#
# RUN: x86_64-linux-gnu-as %s -o %t.o && ld -r %t.o -o %t.ko
# RUN: %kotest -j1 %t.ko | %FileCheck %s
# RUN: %kotest -j1 --dump-relocs %t.ko | %FileCheck --check-prefix=DUMP %s

	.section .init.text,"ax",@progbits
	.globl	init_module
init_module:
	movl	$0x12345678, imm32_target(%rip)	# C7 05 disp32 imm32
	cmpb	$1, imm8_target(%rip)		# 80 3D disp32 imm8
	testw	$0x1234, imm16_target(%rip)	# 66 F7 05 disp32 imm16
	shll	$3, shift_target(%rip)		# C1 25 disp32 imm8
	leaq	anon_start+8(%rip), %rax	# no symbol at all for +8
	movq	zero_size(%rip), %rax		# .size-less symbol
	ret

	.text
	.globl	persistent
persistent:
	movl	$1, kept(%rip)
	ret

	.data
	.balign	4
guard0:	.long	0
	.size	guard0, 4
imm32_target:	.long	0
	.size	imm32_target, 4
guard1:	.long	0
	.size	guard1, 4
imm8_target:	.byte	0
	.size	imm8_target, 1
	.balign	4
guard2:	.long	0
	.size	guard2, 4
imm16_target:	.short	0
	.size	imm16_target, 2
	.balign	4
guard3:	.long	0
	.size	guard3, 4
shift_target:	.long	0
	.size	shift_target, 4
kept:	.long	0
	.size	kept, 4
zero_size:	.quad	0, 0		# no .size: sized by the next symbol
guard4:	.long	0
	.size	guard4, 4

	.section .rodata,"a",@progbits
anon_start:
	.quad	1
	.size	anon_start, 8
	.quad	2			# this piece has no symbol
	.quad	3

# CHECK-NOT: (guard
# CHECK-DAG: candidate .data + 4 (imm32_target) rref 1 xref 0 add size 4 data used by init_module
# CHECK-DAG: candidate .data + C (imm8_target) rref 1 xref 0 add size 1 data used by init_module
# CHECK-DAG: candidate .data + 14 (imm16_target) rref 1 xref 0 add size 2 data used by init_module
# CHECK-DAG: candidate .data + 1C (shift_target) rref 1 xref 0 add size 4 data used by init_module
# CHECK-DAG: candidate .data + 24 (zero_size) rref 1 xref 0 add size 16 data used by init_module
# CHECK-DAG: candidate .rodata + 8 rref 1 xref 0 add size 16 const used by init_module
# CHECK-NOT: (kept)
# CHECK-NOT: (guard

# DUMP: reloc .init.text + 2 (init_module+0x2) R_X86_64_PC32 -> .data + 4 (imm32_target)
# DUMP: reloc .init.text + C (init_module+0xc) R_X86_64_PC32 -> .data + C (imm8_target)
# DUMP: reloc .init.text + 14 (init_module+0x14) R_X86_64_PC32 -> .data + 14 (imm16_target)
# DUMP: reloc .init.text + 1C (init_module+0x1c) R_X86_64_PC32 -> .data + 1C (shift_target)
