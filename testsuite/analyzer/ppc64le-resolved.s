# SPDX-License-Identifier: GPL-2.0-or-later
# powerpc64le (ELFv2): uses the assembler resolves itself
# (analyzer/resolved.c).  GAS writes the displacement of a branch to a
# local function of the same section that has no separate local entry
# point (GCC's leaf helpers that need no TOC: "bl h", "b h" in Debian's
# modules, 7,956 such calls on ppc64el 6.1); a function with a local entry
# (.localentry: it sets up r2) keeps R_PPC64_REL24.  Power10's prefixed
# pla/pld address pc + D34, also resolved.  GCC puts switch tables inline
# in .text after the bctr: data that must give no use (an offset below
# 64 MB reads as opcode 0, no instruction; a negative one as opcode 63,
# floating point: never as a branch).  .init is never
# freed on powerpc64 (module_64.c module_init_section()): nothing is a
# candidate; what is checked is every use.
#
# RUN: powerpc64le-linux-gnu-as -a64 -mpower10 %s -o %t.o && powerpc64le-linux-gnu-ld -r %t.o -o %t.ko
# RUN: %kotest -j1 --dump-relocs %t.ko | %FileCheck %s
# RUN: %kotest -j1 --dump-relocs %t.ko | %FileCheck --check-prefix=NEG %s
# RUN: %kotest -j1 %t.ko | %FileCheck --check-prefix=FIND %s

	.abiversion 2
	.text
	.globl	persist
	.type	persist, @function
persist:
	bl	call_helper		# no local entry: resolved
	nop
	bne	0, cond_helper		# conditional branch
	bdnz	ctr_helper		# conditional on the count register
	bl	entry_helper		# local entry: R_PPC64_REL24
	nop
	bcl	20, 31, 1f		# reads the pc: no use
1:	mflr	3
	pla	4, pla_helper@pcrel	# Power10 PC-relative address
	pld	5, pld_data@pcrel	# Power10 PC-relative load
	b	tail_helper		# tail call
	.size	persist, .-persist

	.globl	sw
	.type	sw, @function
sw:
	bcl	20, 31, 2f
2:	mflr	9
	addi	9, 9, .Ltab-2b
	sldi	3, 3, 2
	lwax	10, 9, 3
	add	10, 10, 9
	mtctr	10
	bctr
	.p2align 2
.Ltab:
	.long	.Lcase0-.Ltab
	.long	.Lcase1-.Ltab
	.long	sw-.Ltab		# before the table: a negative word
	.long	only_init-.Ltab
.Lcase0:
	li	3, 0
	blr
.Lcase1:
	li	3, 1
	blr
	.size	sw, .-sw

	.type	call_helper, @function
call_helper:
	blr
	.size	call_helper, .-call_helper
	.type	cond_helper, @function
cond_helper:
	blr
	.size	cond_helper, .-cond_helper
	.type	ctr_helper, @function
ctr_helper:
	blr
	.size	ctr_helper, .-ctr_helper
	.type	entry_helper, @function
entry_helper:
	addis	2, 12, .TOC.-entry_helper@ha
	addi	2, 2, .TOC.-entry_helper@l
	.localentry entry_helper, .-entry_helper
	blr
	.size	entry_helper, .-entry_helper
	.type	pla_helper, @function
pla_helper:
	blr
	.size	pla_helper, .-pla_helper
	.type	tail_helper, @function
tail_helper:
	blr
	.size	tail_helper, .-tail_helper
	.type	pld_data, @object
pld_data:
	.quad	0
	.size	pld_data, .-pld_data
	.type	only_init, @function
only_init:
	blr
	.size	only_init, .-only_init

	.section .init.text,"ax",@progbits
	.globl	init_module
	.type	init_module, @function
init_module:
	bl	only_init
	nop
	blr
	.size	init_module, .-init_module

# CHECK: reloc .text + 10 (persist+0x10) R_PPC64_REL24 -> .text + {{[0-9A-F]+}} (entry_helper)
# CHECK: reloc .text + 0 (persist) call-without-reloc -> .text + {{[0-9A-F]+}} (call_helper)
# CHECK-NEXT: reloc .text + 8 (persist+0x8) branch-without-reloc -> .text + {{[0-9A-F]+}} (cond_helper)
# CHECK-NEXT: reloc .text + C (persist+0xc) branch-without-reloc -> .text + {{[0-9A-F]+}} (ctr_helper)
# CHECK-NEXT: reloc .text + 20 (persist+0x20) pcrel-without-reloc -> .text + {{[0-9A-F]+}} (pla_helper)
# CHECK-NEXT: reloc .text + 28 (persist+0x28) pcrel-without-reloc -> .text + {{[0-9A-F]+}} (pld_data)
# CHECK-NEXT: reloc .text + 30 (persist+0x30) jump-without-reloc -> .text + {{[0-9A-F]+}} (tail_helper)
# The switch table's words are no instructions of sw's.
# NEG-NOT: (sw{{.*}}without-reloc
# NEG-NOT: without-reloc -> {{.*}}(only_init)

# FIND: total candidates 0 (0 bytes) functions 0 (0 bytes) chains 0 (0 bytes) dangerous 0
