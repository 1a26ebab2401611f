# SPDX-License-Identifier: GPL-2.0-or-later
# MIPS: uses the assembler resolves itself (analyzer/resolved.c).  GAS
# writes the offset of a branch to a local symbol of the same section and
# leaves no relocation (poly1305-mips.S's "bnez a2, poly1305_blocks_internal"
# in Debian's mips64el module is one); a branch to a global symbol keeps
# R_MIPS_PC16, j and jal keep R_MIPS_26 (region-absolute: only the
# relocation tells their target).  Each helper is called from init code
# through a relocation and reached from persist: none is a candidate.
# only_init is the control; the branch inside persist is no use.  The
# same source for o32 in both byte orders and for n64.
#
# RUN: mips-linux-gnu-as -mno-shared -call_nonpic %s -o %t-be.o && mips-linux-gnu-ld -r %t-be.o -o %t-be.ko
# RUN: %kotest -j1 --dump-relocs %t-be.ko | %FileCheck %s
# RUN: %kotest -j1 %t-be.ko | %FileCheck --check-prefix=FIND %s
# RUN: mipsel-linux-gnu-as -mno-shared -call_nonpic %s -o %t-el.o && mipsel-linux-gnu-ld -r %t-el.o -o %t-el.ko
# RUN: %kotest -j1 --dump-relocs %t-el.ko | %FileCheck %s
# RUN: %kotest -j1 %t-el.ko | %FileCheck --check-prefix=FIND %s
# RUN: mips64el-linux-gnuabi64-as -mabi=64 -mno-shared -call_nonpic %s -o %t-64.o && mips64el-linux-gnuabi64-ld -r %t-64.o -o %t-64.ko
# RUN: %kotest -j1 --dump-relocs %t-64.ko | %FileCheck %s
# RUN: %kotest -j1 %t-64.ko | %FileCheck --check-prefix=FIND %s

	.set	noreorder
	.text
	.globl	persist
	.ent	persist
persist:
	bnez	$4, cond_helper		# conditional branch, no relocation
	nop
	bltz	$5, 1f			# inside persist: no use
	nop
	bal	bal_helper		# call, no relocation
	nop
	bgezal	$6, bgezal_helper	# conditional call, no relocation
	nop
	j	j_helper		# R_MIPS_26
	nop
1:	b	g_helper		# global: R_MIPS_PC16
	nop
	b	tail_helper		# tail jump, no relocation
	nop
	.end	persist

	.ent	cond_helper
cond_helper:
	jr	$31
	nop
	.end	cond_helper
	.ent	bal_helper
bal_helper:
	jr	$31
	nop
	.end	bal_helper
	.ent	bgezal_helper
bgezal_helper:
	jr	$31
	nop
	.end	bgezal_helper
	.ent	j_helper
j_helper:
	jr	$31
	nop
	.end	j_helper
	.globl	g_helper
	.ent	g_helper
g_helper:
	jr	$31
	nop
	.end	g_helper
	.ent	tail_helper
tail_helper:
	jr	$31
	nop
	.end	tail_helper
	.ent	only_init
only_init:
	jr	$31
	nop
	.end	only_init

	.section .init.text,"ax",@progbits
	.globl	init_module
	.ent	init_module
init_module:
	jal	cond_helper
	nop
	jal	bal_helper
	nop
	jal	bgezal_helper
	nop
	jal	j_helper
	nop
	jal	g_helper
	nop
	jal	tail_helper
	nop
	jal	only_init
	nop
	jr	$31
	nop
	.end	init_module

# CHECK: reloc .text + 0 (persist) branch-without-reloc -> .text + {{[0-9A-F]+}} (cond_helper)
# CHECK-NEXT: reloc .text + 10 (persist+0x10) call-without-reloc -> .text + {{[0-9A-F]+}} (bal_helper)
# CHECK-NEXT: reloc .text + 18 (persist+0x18) call-without-reloc -> .text + {{[0-9A-F]+}} (bgezal_helper)
# CHECK-NEXT: reloc .text + 30 (persist+0x30) jump-without-reloc -> .text + {{[0-9A-F]+}} (tail_helper)
# CHECK-NOT: without-reloc

# FIND-NOT: {{candidate|chain}} {{.*}}_helper
# FIND: candidate .text + {{[0-9A-F]+}} (only_init) rref 1 xref 0 add size 8 function used by init_module
# FIND-NOT: {{candidate|chain}}
# FIND: total candidates 1
