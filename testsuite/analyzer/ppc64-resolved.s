# SPDX-License-Identifier: GPL-2.0-or-later
# powerpc64 ELFv1 (big-endian): a function symbol is its descriptor in
# .opd; a call written to the descriptor ("bl helper", as GCC writes it)
# keeps R_PPC64_REL24 against .opd, routed to the code.  A branch to the
# code label in the same section (".L.helper", as hand-written assembly
# and GCC's local labels do) is resolved by GAS: no relocation.  .init is
# never freed on powerpc64: what is checked is every use.
#
# RUN: powerpc64-linux-gnu-as -a64 %s -o %t.o && powerpc64-linux-gnu-ld -r %t.o -o %t.ko
# RUN: %kotest -j1 --dump-relocs %t.ko | %FileCheck %s
# RUN: %kotest -j1 %t.ko | %FileCheck --check-prefix=FIND %s

	.abiversion 1
	.section .opd,"aw"
	.align	3
	.globl	persist
persist:
	.quad	.L.persist, .TOC.@tocbase, 0
	.type	persist, @function
desc_helper:
	.quad	.L.desc_helper, .TOC.@tocbase, 0
	.type	desc_helper, @function
call_helper:
	.quad	.L.call_helper, .TOC.@tocbase, 0
	.type	call_helper, @function
cond_helper:
	.quad	.L.cond_helper, .TOC.@tocbase, 0
	.type	cond_helper, @function
tail_helper:
	.quad	.L.tail_helper, .TOC.@tocbase, 0
	.type	tail_helper, @function

	.text
.L.persist:
	bl	desc_helper		# through the descriptor: REL24
	nop
	bl	.L.call_helper		# code label: resolved
	beq	0, .L.cond_helper	# conditional branch
	bdz	.L.cond_helper		# on the count register
	b	.L.tail_helper		# tail call
	.size	persist, .-.L.persist
.L.desc_helper:
	blr
	.size	desc_helper, .-.L.desc_helper
.L.call_helper:
	blr
	.size	call_helper, .-.L.call_helper
.L.cond_helper:
	blr
	.size	cond_helper, .-.L.cond_helper
.L.tail_helper:
	blr
	.size	tail_helper, .-.L.tail_helper

# CHECK: reloc .text + 0 R_PPC64_REL24 -> .text + [[DESC:[0-9A-F]+]]
# CHECK: reloc .opd + 0 (persist) R_PPC64_ADDR64 -> .text + 0
# CHECK: reloc .opd + 18 (desc_helper) R_PPC64_ADDR64 -> .text + [[DESC]]
# CHECK: reloc .text + 8 call-without-reloc -> .text + 1C
# CHECK-NEXT: reloc .text + C branch-without-reloc -> .text + 20
# CHECK-NEXT: reloc .text + 10 branch-without-reloc -> .text + 20
# CHECK-NEXT: reloc .text + 14 jump-without-reloc -> .text + 24
# CHECK-NOT: without-reloc

# FIND: total candidates 0 (0 bytes) functions 0 (0 bytes) chains 0 (0 bytes) dangerous 0
