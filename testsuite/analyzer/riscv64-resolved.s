# SPDX-License-Identifier: GPL-2.0-or-later
# riscv64 uses without a relocation (resolved.c, riscv_decode_insn()).
# GNU as keeps a relocation for every branch, jump, call and %pcrel pair
# (with -mno-relax too); LLVM's assembler resolves them under -mno-relax,
# as kbuild builds modules.  The .insn words below are what it writes
# (generated from the targets' offsets): a conditional branch, c.beqz and
# c.j to another function, auipc+jalr as a call and as a tail call,
# auipc+addi with an instruction between the two halves, auipc+ld of a
# data object in .text.  None of their targets is reported although init
# code alone names them by relocation.  table_only and only_init are the
# controls: an auipc whose register is overwritten before its %pcrel_lo
# use makes no pair, and persist_table's inline words, marked by $d, would
# read as "jal table_only" and "beq a0, a1, table_only" if decoded.
#
# RUN: riscv64-linux-gnu-as -march=rv64imac %s -o %t.o && riscv64-linux-gnu-ld -r %t.o -o %t.ko
# RUN: %kotest -j1 --dump-relocs %t.ko | %FileCheck --check-prefix=DUMP %s
# RUN: %kotest -j1 --dump-relocs %t.ko | %FileCheck --check-prefix=NEG %s
# RUN: %kotest -j1 %t.ko | %FileCheck %s

	.text
	.type	cond_target, @function
cond_target:
	ret
	.size	cond_target, .-cond_target

	.type	cbz_target, @function
cbz_target:
	ret
	.size	cbz_target, .-cbz_target

	.type	cj_target, @function
cj_target:
	ret
	.size	cj_target, .-cj_target

	.type	call_target, @function
call_target:
	ret
	.size	call_target, .-call_target

	.type	tail_target, @function
tail_target:
	ret
	.size	tail_target, .-tail_target

	.type	lla_target, @function
lla_target:
	ret
	.size	lla_target, .-lla_target

	.balign	8
	.type	pool_obj, @object
pool_obj:
	.quad	42
	.size	pool_obj, .-pool_obj

	.type	table_only, @function
table_only:
	ret
	.size	table_only, .-table_only

	.globl	persist
	.type	persist, @function
persist:
	.insn	0xfeb502e3	# beq a0, a1, cond_target
	.insn	0xd16d		# c.beqz a0, cbz_target
	.insn	0xb7cd		# c.j cj_target
	.insn	0x97		# call call_target
	.insn	0xfe2080e7	# (its jalr)
	.insn	0x317		# tail tail_target
	.insn	0xfdc30067	# (its jalr)
	.insn	0x617		# auipc a2, %pcrel_hi(lla_target)
	addi	a3, a3, 1	# (a2 untouched)
	.insn	0xfd660613	# addi a2, a2, %pcrel_lo
	.insn	0x717		# auipc a4, %pcrel_hi(pool_obj)
	.insn	0xfd473783	# ld a5, %pcrel_lo(a4)
	.insn	0x817		# auipc a6, %pcrel_hi(table_only)
	li	a6, 5		# a6 overwritten: no pair
	.insn	0xfd480893	# addi a7, a6, (lo)
	ret
	.size	persist, .-persist

	.globl	persist_table
	.type	persist_table, @function
persist_table:
	ret
	.word	0xfc7ff0ef	# $d: "jal table_only"
	.word	0xfcb501e3	# $d: "beq a0, a1, table_only"
	.size	persist_table, .-persist_table

	.type	only_init, @function
only_init:
	ret
	.size	only_init, .-only_init

	.section .init.text, "ax", @progbits
	.globl	init_module
	.type	init_module, @function
init_module:
	call	cond_target
	call	cbz_target
	call	cj_target
	call	call_target
	call	tail_target
	call	lla_target
	call	table_only
	call	only_init
	lla	a0, pool_obj
	ret
	.size	init_module, .-init_module

# DUMP-DAG: reloc .text + 1C (persist) branch-without-reloc -> .text + 0 (cond_target)
# DUMP-DAG: reloc .text + 20 (persist+0x4) branch-without-reloc -> .text + 2 (cbz_target)
# DUMP-DAG: reloc .text + 22 (persist+0x6) jump-without-reloc -> .text + 4 (cj_target)
# DUMP-DAG: reloc .text + 24 (persist+0x8) call-without-reloc -> .text + 6 (call_target)
# DUMP-DAG: reloc .text + 2C (persist+0x10) jump-without-reloc -> .text + 8 (tail_target)
# DUMP-DAG: reloc .text + 34 (persist+0x18) pcrel-without-reloc -> .text + A (lla_target)
# DUMP-DAG: reloc .text + 3E (persist+0x22) pcrel-without-reloc -> .text + 12 (pool_obj)
# NEG-NOT: without-reloc -> .text + 1A (table_only)
# NEG-NOT: (persist+0x{{28|30|3a|42|4c}}) {{.*}}without-reloc
# NEG-NOT: .text + {{54|58}}

# CHECK-NOT: {{candidate|chain}} {{.*}}_target)
# CHECK-NOT: (pool_obj)
# CHECK: candidate .text + 1A (table_only) rref 1 xref 0 add size 2 function used by init_module
# CHECK-NOT: {{candidate|chain}} {{.*}}_target)
# CHECK: candidate .text + 5C (only_init) rref 1 xref 0 add size 2 function used by init_module
# CHECK-NOT: {{candidate|chain}} {{.*}}_target)
# CHECK-NOT: (pool_obj)
# CHECK: total candidates 2 (4 bytes) functions 2 (4 bytes) chains 0
