// SPDX-License-Identifier: GPL-2.0-or-later
// An index scaled into a table by a multiply-accumulate: "smaddl x0, w0,
// w3, x2" and "madd x1, x1, x3, x2" add i * 52 to the anchor in x2, and
// the loads' displacements then locate the objects.  Before the tracker
// knew MADD, such uses were lost (every use counts: an object only they
// reach from persistent code would have been a candidate).
// RUN: aarch64-linux-gnu-as %s -o %t.o && aarch64-linux-gnu-ld -r %t.o -o %t.ko
// RUN: %kotest -j1 --dump-relocs %t.ko | %FileCheck %s
// CHECK-DAG: (get+0x4) R_AARCH64_ADD_ABS_LO12_NC -> .rodata + 4 (first+0x4)
// CHECK-DAG: (get+0x4) R_AARCH64_ADD_ABS_LO12_NC -> .rodata + 38 (second+0x4)
// A plain multiply of the anchor (Ra is xzr) makes no index into it: the
// anchor's value counts as used as it is, not what the load reaches.
// CHECK-DAG: (scale+0x4) R_AARCH64_ADD_ABS_LO12_NC -> .rodata + 0 (first)
// CHECK-NOT: (scale+0x4) R_AARCH64_ADD_ABS_LO12_NC -> .rodata + 3C

	.text
	.globl	get
	.type	get, %function
get:
	adrp	x2, .Lanchor
	add	x2, x2, :lo12:.Lanchor
	mov	x3, #52
	smaddl	x0, w0, w3, x2
	ldr	w0, [x0, #4]
	madd	x1, x1, x3, x2
	ldr	w1, [x1, #56]
	add	w0, w0, w1
	ret
	.size	get, .-get

	.globl	scale
	.type	scale, %function
scale:
	adrp	x2, .Lanchor
	add	x2, x2, :lo12:.Lanchor
	mul	x0, x0, x2
	ldr	w0, [x0, #60]
	ret
	.size	scale, .-scale

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
