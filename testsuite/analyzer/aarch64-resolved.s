# SPDX-License-Identifier: GPL-2.0-or-later
# arm64 uses the assembler resolves without a relocation (resolved.c,
# aarch64_decode_insn()), in the forms C does not give: conditional
# branches (b.cond, cbz, tbnz) to another function, an ADR of another
# function, an LDR (literal) of a data object in .text.  None of their
# targets is reported although init code alone names them by relocation.
# Data in code, marked by $d, is not decoded: persist_table's inline table
# holds words that would read as "b.gt table_only" and "bl table_only",
# and persist_cond's own literal pool is no object.  table_only and
# only_init are the controls: only init code uses them.
#
# RUN: aarch64-linux-gnu-as %s -o %t.o && aarch64-linux-gnu-ld -r %t.o -o %t.ko
# RUN: %kotest -j1 --dump-relocs %t.ko | %FileCheck --check-prefix=DUMP %s
# RUN: %kotest -j1 --dump-relocs %t.ko | %FileCheck --check-prefix=NEG %s
# RUN: %kotest -j1 %t.ko | %FileCheck %s

	.text
	.globl	persist_cond
	.type	persist_cond, %function
persist_cond:
	cmp	w0, #4
	b.gt	cond_target
	cbz	x1, cbz_target
	tbnz	w2, #3, tbz_target
	adr	x0, adr_target
	ldr	x3, pool_obj
	ldr	x4, .Lpool
	ret
	.p2align 3
.Lpool:	.quad	0x1234			// $d: a literal pool
	.size	persist_cond, .-persist_cond

	.type	cond_target, %function
cond_target:
	ret
	.size	cond_target, .-cond_target

	.type	cbz_target, %function
cbz_target:
	ret
	.size	cbz_target, .-cbz_target

	.type	tbz_target, %function
tbz_target:
	ret
	.size	tbz_target, .-tbz_target

	.type	adr_target, %function
adr_target:
	ret
	.size	adr_target, .-adr_target

	.p2align 3
	.type	pool_obj, %object
pool_obj:
	.quad	42
	.size	pool_obj, .-pool_obj

	.type	table_only, %function
table_only:
	ret
	.size	table_only, .-table_only

	.globl	persist_table
	.type	persist_table, %function
persist_table:
	adr	x1, .Ltable
	ldrb	w0, [x1, w0, uxtw]
	ret
.Ltable:				// $d: no code, no object
	.word	0x5400000c | ((((table_only - .) >> 2) & 0x7ffff) << 5)
	.word	0x94000000 | (((table_only - .) >> 2) & 0x3ffffff)
	.size	persist_table, .-persist_table

	.type	only_init, %function
only_init:
	ret
	.size	only_init, .-only_init

	.section .init.text, "ax", %progbits
	.globl	init_module
	.type	init_module, %function
init_module:
	bl	cond_target
	bl	cbz_target
	bl	tbz_target
	bl	adr_target
	bl	table_only
	bl	only_init
	adrp	x0, pool_obj
	ldr	x0, [x0, :lo12:pool_obj]
	ret
	.size	init_module, .-init_module

# DUMP-DAG: reloc .text + 4 (persist_cond+0x4) branch-without-reloc -> .text + 28 (cond_target)
# DUMP-DAG: reloc .text + 8 (persist_cond+0x8) branch-without-reloc -> .text + 2C (cbz_target)
# DUMP-DAG: reloc .text + C (persist_cond+0xc) branch-without-reloc -> .text + 30 (tbz_target)
# DUMP-DAG: reloc .text + 10 (persist_cond+0x10) pcrel-without-reloc -> .text + 34 (adr_target)
# DUMP-DAG: reloc .text + 14 (persist_cond+0x14) pcrel-without-reloc -> .text + 38 (pool_obj)
# NEG-NOT: without-reloc -> .text + 40 (table_only)
# NEG-NOT: (persist_cond+0x18) {{.*}}without-reloc
# NEG-NOT: .text + {{20|50|54}}

# CHECK-NOT: {{candidate|chain}} {{.*}}_target)
# CHECK-NOT: (pool_obj)
# CHECK: candidate .text + 40 (table_only) rref 1 xref 0 add size 4 function used by init_module
# CHECK-NOT: {{candidate|chain}} {{.*}}_target)
# CHECK: candidate .text + 58 (only_init) rref 1 xref 0 add size 4 function used by init_module
# CHECK-NOT: {{candidate|chain}} {{.*}}_target)
# CHECK-NOT: (pool_obj)
# CHECK: total candidates 2 (8 bytes) functions 2 (8 bytes) chains 0
