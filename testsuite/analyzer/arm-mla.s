@ SPDX-License-Identifier: GPL-2.0-or-later
@ An index scaled into a table by a multiply-accumulate, as GCC writes
@ Thumb-2 code for tbl[i].b with 12-byte elements: "mla r0, r2, r0, r3"
@ adds i * 12 to the anchor in r3, and the load's displacement then locates
@ the object.  ARM's MLA and MLS the same.  Before the tracker knew them,
@ such uses were lost (seen on armhf: a driver's table of structs).
@ RUN: arm-linux-gnueabihf-as -march=armv7-a %s -o %t.o && arm-linux-gnueabihf-ld -r %t.o -o %t.ko
@ RUN: %kotest -j1 --dump-relocs %t.ko | %FileCheck %s
@ CHECK-DAG: (get+0x4) R_ARM_MOVT_ABS -> .rodata + 4 (first+0x4)
@ CHECK-DAG: (get+0x4) R_ARM_MOVT_ABS -> .rodata + 38 (second+0x4)
@ CHECK-DAG: (tget+0x4) R_ARM_THM_MOVT_ABS -> .rodata + 8 (first+0x8)
@ CHECK-DAG: (tget+0x4) R_ARM_THM_MOVT_ABS -> .rodata + 34 (second)

	.syntax unified
	.arm
	.text
	.globl	get
	.type	get, %function
get:
	movw	r3, #:lower16:.Lanchor
	movt	r3, #:upper16:.Lanchor
	mov	r2, #52
	mla	r0, r2, r0, r3
	ldr	r0, [r0, #4]
	mls	r1, r2, r1, r3
	ldr	r1, [r1, #56]
	add	r0, r0, r1
	bx	lr
	.size	get, .-get

	.thumb
	.globl	tget
	.type	tget, %function
	.thumb_func
tget:
	movw	r3, #:lower16:.Lanchor
	movt	r3, #:upper16:.Lanchor
	movs	r2, #12
	mla	r0, r2, r0, r3
	ldr	r1, [r0, #8]
	ldr	r0, [r0, #52]
	bx	lr
	.size	tget, .-tget

	.section	.rodata
	.align	3
.Lanchor:
	.type	first, %object
first:
	.zero	52
	.size	first, 52
	.type	second, %object
second:
	.zero	52
	.size	second, 52
