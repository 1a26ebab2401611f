@ SPDX-License-Identifier: GPL-2.0-or-later
@ arm REL addends, ARM and Thumb-2: MOVW/MOVT pairs (the anchor followed),
@ literal pool words, ARM and Thumb branches to local functions in another
@ section (the offset lives in the branch field), PREL31 and REL32 words.
@
@ RUN: arm-linux-gnueabihf-as %s -o %t.o && arm-linux-gnueabihf-ld -r %t.o -o %t.ko
@ RUN: %kotest -j1 %t.ko | %FileCheck %s
@ RUN: %kotest -j1 --dump-relocs %t.ko | %FileCheck --check-prefix=DUMP %s

	.syntax unified
	.section .init.text,"ax",%progbits
	.arm
	.globl	init_module
	.type	init_module, %function
init_module:
	movw	r4, #:lower16:.Lanchor		@ anchor + 8: arm_b
	movt	r4, #:upper16:.Lanchor
	ldr	r0, [r4, #8]
	ldr	r5, .Lpool			@ anchor + 24 + 4: arm_lit
	ldr	r0, [r5, #4]
	bl	arm_fn				@ R_ARM_CALL
	bl	.Larm_fn			@ .text + offset in the field
	b	thumb_entry
.Lpool:
	.word	.Lanchor + 24
	.size	init_module, . - init_module

	.thumb
	.type	thumb_entry, %function
	.thumb_func
thumb_entry:
	movw	r4, #:lower16:.Lanchor		@ anchor + 12: thumb_c
	movt	r4, #:upper16:.Lanchor
	ldr	r0, [r4, #12]
	bl	thumb_fn			@ R_ARM_THM_CALL
	bl	.Lthumb_fn3			@ .text + offset in the field
	cmp	r0, #0
	beq.w	thumb_fn2			@ R_ARM_THM_JUMP19
	b.w	thumb_fn3			@ R_ARM_THM_JUMP24
	.size	thumb_entry, . - thumb_entry

	.text
	.arm
	.type	guard_fn, %function
guard_fn:
	bx	lr
	.size	guard_fn, . - guard_fn
	.type	arm_fn, %function
.Larm_fn:
arm_fn:
	bx	lr
	.size	arm_fn, . - arm_fn
	.thumb
	.type	thumb_fn, %function
	.thumb_func
thumb_fn:
	bx	lr
	.size	thumb_fn, . - thumb_fn
	.type	thumb_fn2, %function
	.thumb_func
thumb_fn2:
	bx	lr
	.size	thumb_fn2, . - thumb_fn2
	.type	thumb_fn3, %function
	.thumb_func
thumb_fn3:
	nop
.Lthumb_fn3:
	bx	lr
	.size	thumb_fn3, . - thumb_fn3
	.globl	persistent
	.type	persistent, %function
	.thumb_func
persistent:
	movw	r1, #:lower16:.Lanchor		@ anchor + 0: kept
	movt	r1, #:upper16:.Lanchor
	ldr	r0, [r1]
	bx	lr
	.size	persistent, . - persistent

	.data
	.balign	4
.Lanchor:
kept:	.long	0
	.size	kept, 4
arm_a:	.long	0
	.size	arm_a, 4
arm_b:	.long	0
	.size	arm_b, 4
thumb_c: .long	0
	.size	thumb_c, 4
guard1:	.long	0
	.size	guard1, 4
guard2:	.long	0
	.size	guard2, 4
guard3:	.long	0
	.size	guard3, 4
arm_lit: .long	0
	.size	arm_lit, 4
guard4:	.long	0
	.size	guard4, 4

	.section .rodata,"a",%progbits
	.balign	4
ro_guard: .long	0
	.size	ro_guard, 4
.Lro:
by_prel31: .long 0
	.size	by_prel31, 4
by_rel32: .long	0
	.size	by_rel32, 4

	.section .init.data,"aw",%progbits
	.balign	4
init_words:
	.reloc	., R_ARM_PREL31, .Lro
	.word	0
	.word	.Lro + 4 - .
	.size	init_words, 8

@ CHECK-NOT: (guard
@ CHECK-NOT: (kept)
@ CHECK-DAG: candidate .text + 4 (arm_fn) rref 2 xref 0 add size 4 function used by init_module
@ CHECK-DAG: candidate .text + 8 (thumb_fn) rref 1 xref 0 add size 2 function used by thumb_entry
@ CHECK-DAG: candidate .text + A (thumb_fn2) rref 1 xref 0 add size 2 function used by thumb_entry
@ CHECK-DAG: candidate .text + C (thumb_fn3) rref 2 xref 0 add size 4 function used by thumb_entry
@ CHECK-DAG: candidate .rodata + 4 (by_prel31) rref 1 xref 0 add size 4 const used by init_words
@ CHECK-DAG: candidate .rodata + 8 (by_rel32) rref 1 xref 0 add size 4 const used by init_words
@ CHECK-DAG: candidate .data + 8 (arm_b) rref 1 xref 0 add size 4 data used by init_module
@ CHECK-DAG: candidate .data + C (thumb_c) rref 1 xref 0 add size 4 data used by thumb_entry
@ CHECK-DAG: candidate .data + 1C (arm_lit) rref 1 xref 0 add size 4 data used by init_module
@ CHECK-NOT: (guard
@ CHECK-NOT: (kept)

@ The MOVW of a pair is not a reference of its own; the MOVT is, once per
@ use of the register.
@ DUMP-NOT: R_ARM_MOVW_ABS_NC
@ DUMP: reloc .text + {{[0-9A-F]+}} (persistent+0x4) R_ARM_THM_MOVT_ABS -> .data + 0 (kept)
@ DUMP-NEXT: reloc .init.text + 4 (init_module+0x4) R_ARM_MOVT_ABS -> .data + 8 (arm_b)
@ DUMP-NEXT: reloc .init.text + 14 (init_module+0x14) R_ARM_CALL -> .text + 4 (arm_fn)
@ DUMP-NEXT: reloc .init.text + 18 (init_module+0x18) R_ARM_CALL -> .text + 4 (arm_fn)
@ DUMP-NEXT: reloc .init.text + 1C (init_module+0x1c) R_ARM_JUMP24 -> .init.text + 25 (thumb_entry)
@ DUMP-NEXT: reloc .init.text + 20 (init_module+0x20) R_ARM_ABS32 -> .data + 1C (arm_lit)
@ DUMP-NEXT: reloc .init.text + 28 (thumb_entry+0x4) R_ARM_THM_MOVT_ABS -> .data + C (thumb_c)
@ DUMP-NEXT: reloc .init.text + 2E (thumb_entry+0xa) R_ARM_THM_CALL -> .text + 9 (thumb_fn)
@ A Thumb label has no Thumb bit: .text + E is the second instruction of
@ thumb_fn3 (whose st_value, D, has it).
@ DUMP-NEXT: reloc .init.text + 32 (thumb_entry+0xe) R_ARM_THM_CALL -> .text + E (thumb_fn3+0x2)
@ DUMP-NEXT: reloc .init.text + 38 (thumb_entry+0x14) R_ARM_THM_JUMP19 -> .text + B (thumb_fn2)
@ DUMP-NEXT: reloc .init.text + 3C (thumb_entry+0x18) R_ARM_THM_JUMP24 -> .text + D (thumb_fn3)
@ DUMP-NEXT: reloc .init.data + 0 (init_words) R_ARM_PREL31 -> .rodata + 4 (by_prel31)
@ DUMP-NEXT: reloc .init.data + 4 (init_words+0x4) R_ARM_REL32 -> .rodata + 8 (by_rel32)
