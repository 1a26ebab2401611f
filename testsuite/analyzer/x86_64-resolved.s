# SPDX-License-Identifier: GPL-2.0-or-later
# Uses the assembler resolves in its own section: a conditional branch to
# another function (jcc rel32 and rel8), a RIP-relative address with an
# immediate after it, a tail jump, and a call from code that no symbol
# covers.  None of them
# has a relocation; each keeps its target.  only_init stays a candidate,
# and so does far_only: a byte pattern that looks like a call to it inside
# an immediate is no use (the instruction is decoded).
#
# RUN: x86_64-linux-gnu-as %s -o %t.o && ld -r %t.o -o %t.ko
# RUN: %kotest -j1 %t.ko | %FileCheck %s
# RUN: %kotest -j1 --dump-relocs %t.ko | %FileCheck --check-prefix=DUMP %s

	.section .init.text,"ax",@progbits
	.globl	init_module
init_module:
	call	jcc_target
	call	jcc8_target
	call	rip_target
	call	only_init
	call	far_only
	call	tail_target
	call	gap_target
	ret

	.text
	.type	jcc_target, @function
jcc_target:
	ret
	.size	jcc_target, .-jcc_target
	.type	jcc8_target, @function
jcc8_target:
	ret
	.size	jcc8_target, .-jcc8_target

	.globl	persistent
	.type	persistent, @function
persistent:
	testl	%edi, %edi
	jne.d32	jcc_target		# 0F 85 rel32
	js	jcc8_target		# 78 rel8
	cmpb	$7, rip_target(%rip)	# 80 3D disp32 imm8
	movl	$0xe8e8e8e8, %eax	# E8 bytes in an immediate, no call
	jmp	tail_target
	.size	persistent, .-persistent

	.type	rip_target, @function
rip_target:
	ret
	.size	rip_target, .-rip_target
	.type	only_init, @function
only_init:
	ret
	.size	only_init, .-only_init
	.type	far_only, @function
far_only:
	nop
	ret
	.size	far_only, .-far_only
	.type	tail_target, @function
tail_target:
	ret
	.size	tail_target, .-tail_target
	.type	gap_target, @function
gap_target:
	ret
	.size	gap_target, .-gap_target
	# Code no symbol covers: its call pins gap_target.
	call	gap_target
	ret

# CHECK-NOT: {{candidate|chain}} {{.*}}(jcc_target)
# CHECK-NOT: {{candidate|chain}} {{.*}}(jcc8_target)
# CHECK-NOT: {{candidate|chain}} {{.*}}(rip_target)
# CHECK-NOT: {{candidate|chain}} {{.*}}(tail_target)
# CHECK-NOT: {{candidate|chain}} {{.*}}(gap_target)
# CHECK: candidate .text + {{[0-9A-F]+}} (only_init) rref 1 xref 0
# CHECK: candidate .text + {{[0-9A-F]+}} (far_only) rref 1 xref 0
# CHECK: total candidates 2

# DUMP-DAG: (persistent+0x{{[0-9a-f]+}}) branch-without-reloc -> .text + {{[0-9A-F]+}} (jcc_target)
# DUMP-DAG: (persistent+0x{{[0-9a-f]+}}) branch-without-reloc -> .text + {{[0-9A-F]+}} (jcc8_target)
# DUMP-DAG: (persistent+0x{{[0-9a-f]+}}) pcrel-without-reloc -> .text + {{[0-9A-F]+}} (rip_target)
# DUMP-DAG: (persistent+0x{{[0-9a-f]+}}) jump-without-reloc -> .text + {{[0-9A-F]+}} (tail_target)
# DUMP-DAG: reloc .text + {{[0-9A-F]+}} call-without-reloc -> .text + {{[0-9A-F]+}} (gap_target)
