# SPDX-License-Identifier: GPL-2.0-or-later
# arm64 anchors followed along the control flow (analyzer/arch/flow.c):
#  - the code after a call to a function that never returns is not on
#    the caller's path: f's anchor register (callee-saved, so it survives
#    calls) does not reach obj_b;
#  - at a join, a register keeps the anchor if any path brings it there:
#    in g the cbz path still holds it in x19 when "ldr [x19, #24]" runs,
#    so obj_c is used, although the fall-through path, which reaches the
#    join first, has overwritten x19;
#  - a pointer into a table passed to a call ("memcpy(d, &table[i], n)",
#    as batman-adv's batadv_tp_prerandom) is a use of the table, unlike a
#    loop's anchor + index left over at a call after serving accesses with
#    displacements (the findings tests' exit_table on arm and ppc64);
#  - "mov x8, #0x20; add x26, x30, x8" is the anchor plus 0x20, not plus
#    an unknown index: m reads table + 8, not obj_a;
#  - an anchor used again and again to reach one object is one reference
#    (n reads obj_a three times): a module with a million such uses costs
#    a million references no more.
#
# RUN: aarch64-linux-gnu-as %s -o %t.o && aarch64-linux-gnu-ld -r %t.o -o %t.ko
# RUN: %kotest -j1 --dump-relocs %t.ko | %FileCheck %s
# RUN: %kotest -j1 --dump-relocs %t.ko | %FileCheck --check-prefix=NEG %s
# RUN: %kotest -j1 --dump-relocs %t.ko | grep -c "(n+0x4).* (obj_a)" | %FileCheck --check-prefix=ONCE %s

	.text
	.globl	f
	.type	f, %function
f:
	adrp	x19, .Lanchor
	add	x19, x19, :lo12:.Lanchor
	cbz	x0, 1f
	bl	__stack_chk_fail
	ldr	w2, [x19, #16]
1:	ldr	w3, [x19, #8]
	ret
	.size	f, .-f

	.globl	g
	.type	g, %function
g:
	adrp	x19, .Lanchor
	add	x19, x19, :lo12:.Lanchor
	add	x20, x19, #0
	cbz	x0, 2f
	mov	x19, x0
2:	ldr	w3, [x19, #24]
	ldr	w4, [x20]
	ret
	.size	g, .-g

	.globl	k
	.type	k, %function
k:
	adrp	x22, table
	add	x22, x22, :lo12:table
	and	x1, x0, #0xfff
	add	x1, x22, x1
	bl	memcpy
	ret
	.size	k, .-k

	.globl	m
	.type	m, %function
m:
	adrp	x30, .Lanchor
	add	x30, x30, :lo12:.Lanchor
	mov	x8, #0x20
	add	x26, x30, x8
	ldr	x0, [x26, #8]
	ret
	.size	m, .-m

	.globl	n
	.type	n, %function
n:
	adrp	x19, .Lanchor
	add	x19, x19, :lo12:.Lanchor
	ldr	w0, [x19, #8]
	ldr	w1, [x19, #8]
	ldr	w2, [x19, #8]
	ret
	.size	n, .-n

	.section .rodata, "a"
	.p2align 3
.Lanchor:
	.type	obj_0, %object
obj_0:	.quad	0
	.size	obj_0, 8
	.type	obj_a, %object
obj_a:	.quad	1
	.size	obj_a, 8
	.type	obj_b, %object
obj_b:	.quad	2
	.size	obj_b, 8
	.type	obj_c, %object
obj_c:	.quad	3
	.size	obj_c, 8
	.type	table, %object
table:	.fill	16, 8, 9
	.size	table, 128

# CHECK-DAG: reloc .text + 4 (f+0x4) R_AARCH64_ADD_ABS_LO12_NC -> .rodata + 8 (obj_a)
# CHECK-DAG: reloc .text + 20 (g+0x4) R_AARCH64_ADD_ABS_LO12_NC -> .rodata + 18 (obj_c)
# CHECK-DAG: reloc .text + 20 (g+0x4) R_AARCH64_ADD_ABS_LO12_NC -> .rodata + 0 (obj_0)
# CHECK-DAG: reloc .text + {{[0-9A-F]+}} (k+0x4) R_AARCH64_ADD_ABS_LO12_NC -> .rodata + 20 (table)
# CHECK-DAG: reloc .text + {{[0-9A-F]+}} (m+0x4) R_AARCH64_ADD_ABS_LO12_NC -> .rodata + 28 (table+0x8)
# NEG-NOT: (m+0x4) R_AARCH64_ADD_ABS_LO12_NC -> .rodata + 8 (obj_a)
# ONCE: {{^1$}}
# NEG-NOT: (obj_b)
