@ SPDX-License-Identifier: GPL-2.0-or-later
@ arm: uses gas resolves without a relocation, in the forms C gives no
@ test of: conditional branches to another function (B<c>, CBZ, B<c>.W),
@ PC-relative addresses of one (ADR in ARM and Thumb), calls that switch
@ between ARM and Thumb (BLX: H bit, target aligned to 4), and data in
@ code marked by $d: a literal pool word and a TBB table whose bytes read
@ as a branch to a function that only init code calls.  That function
@ stays a candidate; every other one is used by persistent code.
@
@ RUN: arm-linux-gnueabihf-as %s -o %t.o && arm-linux-gnueabihf-ld -r %t.o -o %t.ko
@ RUN: %kotest -j1 --dump-relocs %t.ko | %FileCheck --check-prefix=DUMP %s
@ RUN: %kotest -j1 %t.ko | %FileCheck %s

	.syntax unified
	.section .init.text,"ax",%progbits
	.arm
	.globl	init_module
	.type	init_module, %function
init_module:
	push	{r4, lr}
	bl	a_cond
	bl	a_adr
	bl	a_pool
	bl	t_blx
	bl	t_cbz
	bl	t_bcond
	bl	t_bcondw
	bl	t_adr
	bl	t_table
	bl	a_blx
	pop	{r4, pc}
	.size	init_module, . - init_module

	.text
	.arm
	.type	a_pool, %function
a_pool:
	bx	lr
	.size	a_pool, . - a_pool
	.type	a_cond, %function
a_cond:
	bx	lr
	.size	a_cond, . - a_cond
	.type	a_adr, %function
a_adr:
	bx	lr
	.size	a_adr, . - a_adr

	.globl	a_user
	.type	a_user, %function
a_user:
	cmp	r0, #0
	bne	a_cond
	adr	r0, a_adr
	blx	t_blx
	ldr	r1, .La_pool
	bx	lr
.La_pool:
	.word	0xeb000000 + (((a_pool - (. + 8)) >> 2) & 0xffffff)
	.size	a_user, . - a_user

	.thumb
	.type	t_blx, %function
	.thumb_func
t_blx:
	bx	lr
	.size	t_blx, . - t_blx
	.type	t_adr, %function
	.thumb_func
t_adr:
	bx	lr
	.size	t_adr, . - t_adr

	.globl	t_user
	.type	t_user, %function
	.thumb_func
t_user:
	cbz	r0, t_cbz
	cmp	r1, #1
	bne	t_bcond
	cmp	r1, #2
	beq.w	t_bcondw
	adr.w	r2, t_adr
	blx	a_blx
	tbb	[pc, r1]
.Lt_table:
	.byte	(.Lt_case0 - .Lt_table) / 2
	.byte	(.Lt_case1 - .Lt_table) / 2
	.short	0xe000 + (((t_table - (. + 4)) >> 1) & 0x7ff)
.Lt_case0:
	bx	lr
.Lt_case1:
	movs	r0, #1
	bx	lr
	.size	t_user, . - t_user
	.type	t_cbz, %function
	.thumb_func
t_cbz:
	bx	lr
	.size	t_cbz, . - t_cbz
	.type	t_bcond, %function
	.thumb_func
t_bcond:
	bx	lr
	.size	t_bcond, . - t_bcond
	.type	t_bcondw, %function
	.thumb_func
t_bcondw:
	bx	lr
	.size	t_bcondw, . - t_bcondw
	.type	t_table, %function
	.thumb_func
t_table:
	bx	lr
	.size	t_table, . - t_table

	.arm
	.type	a_blx, %function
a_blx:
	bx	lr
	.size	a_blx, . - a_blx

@ DUMP: reloc .text + 10 (a_user+0x4) branch-without-reloc -> .text + 4 (a_cond)
@ DUMP-NEXT: reloc .text + 14 (a_user+0x8) pcrel-without-reloc -> .text + 8 (a_adr)
@ DUMP-NEXT: reloc .text + 18 (a_user+0xc) call-without-reloc -> .text + 28 (t_blx)
@ DUMP-NEXT: reloc .text + 2C (t_user) branch-without-reloc -> .text + 4E (t_cbz)
@ DUMP-NEXT: reloc .text + 30 (t_user+0x4) branch-without-reloc -> .text + 50 (t_bcond)
@ DUMP-NEXT: reloc .text + 34 (t_user+0x8) branch-without-reloc -> .text + 52 (t_bcondw)
@ DUMP-NEXT: reloc .text + 38 (t_user+0xc) pcrel-without-reloc -> .text + 2B (t_adr)
@ DUMP-NEXT: reloc .text + 3C (t_user+0x10) call-without-reloc -> .text + 58 (a_blx)
@ DUMP-NOT: without-reloc
@ DUMP: total candidates 2

@ CHECK-NOT: {{candidate|chain}} {{.*}}({{a_cond|a_adr|a_blx|t_}}
@ CHECK: candidate .text + 0 (a_pool) rref 1 xref 0 add size 4 function used by init_module
@ CHECK-NEXT: candidate .text + 54 (t_table) rref 1 xref 0 add size 2 function used by init_module
@ CHECK-NEXT: total candidates 2 (6 bytes) functions 2 (6 bytes) chains 0 (0 bytes)
