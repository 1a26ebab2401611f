# SPDX-License-Identifier: GPL-2.0-or-later
# s390x: uses the assembler resolves itself (analyzer/resolved.c).  GAS
# writes the displacement of every relative form whose target is a local
# symbol of the same section and leaves no relocation: branches (brc,
# brcl, brct, compare and branch), calls written without @PLT (bras,
# brasl), larl, and the relative loads (lgrl).  Each helper below is
# called from init code through a relocation and reached from persist
# without one: none is a candidate.  only_init is the control.  GCC puts
# its literal pool in .rodata on z/Architecture; 'literal' is data in
# .text that persist reads with lgrl.
#
# RUN: s390x-linux-gnu-as -m64 %s -o %t.o && s390x-linux-gnu-ld -r %t.o -o %t.ko
# RUN: %kotest -j1 --dump-relocs %t.ko | %FileCheck %s
# RUN: %kotest -j1 %t.ko | %FileCheck --check-prefix=FIND %s

	.text
	.globl	persist
	.type	persist, @function
persist:
	cije	%r2, 0, cij_helper
	jne	jne_helper
	jgh	jgh_helper
	brctg	%r3, brct_helper
	larl	%r1, larl_helper
	lgrl	%r1, literal
	bras	%r14, bras_helper
	brasl	%r14, brasl_helper
	j	.Lin
.Lin:	jnop	only_init
	jgnop	only_init
	j	tail_helper
	.size	persist, .-persist

	.type	literal, @object
literal:
	.quad	0
	.size	literal, .-literal

	.type	cij_helper, @function
cij_helper:
	br	%r14
	.size	cij_helper, .-cij_helper
	.type	jne_helper, @function
jne_helper:
	br	%r14
	.size	jne_helper, .-jne_helper
	.type	jgh_helper, @function
jgh_helper:
	br	%r14
	.size	jgh_helper, .-jgh_helper
	.type	brct_helper, @function
brct_helper:
	br	%r14
	.size	brct_helper, .-brct_helper
	.type	larl_helper, @function
larl_helper:
	br	%r14
	.size	larl_helper, .-larl_helper
	.type	bras_helper, @function
bras_helper:
	br	%r14
	.size	bras_helper, .-bras_helper
	.type	brasl_helper, @function
brasl_helper:
	br	%r14
	.size	brasl_helper, .-brasl_helper
	.type	tail_helper, @function
tail_helper:
	br	%r14
	.size	tail_helper, .-tail_helper
	.type	only_init, @function
only_init:
	br	%r14
	.size	only_init, .-only_init

	.section .init.text,"ax",@progbits
	.globl	init_module
	.type	init_module, @function
init_module:
	brasl	%r14, cij_helper@PLT
	brasl	%r14, jne_helper@PLT
	brasl	%r14, jgh_helper@PLT
	brasl	%r14, brct_helper@PLT
	brasl	%r14, larl_helper@PLT
	brasl	%r14, bras_helper@PLT
	brasl	%r14, brasl_helper@PLT
	brasl	%r14, tail_helper@PLT
	brasl	%r14, only_init@PLT
	lgrl	%r1, literal
	br	%r14
	.size	init_module, .-init_module

# CHECK: reloc .text + 0 (persist) branch-without-reloc -> .text + {{[0-9A-F]+}} (cij_helper)
# CHECK: reloc .text + 6 (persist+0x6) branch-without-reloc -> .text + {{[0-9A-F]+}} (jne_helper)
# CHECK: reloc .text + A (persist+0xa) branch-without-reloc -> .text + {{[0-9A-F]+}} (jgh_helper)
# CHECK: reloc .text + 10 (persist+0x10) branch-without-reloc -> .text + {{[0-9A-F]+}} (brct_helper)
# CHECK: reloc .text + 14 (persist+0x14) pcrel-without-reloc -> .text + {{[0-9A-F]+}} (larl_helper)
# CHECK: reloc .text + 1A (persist+0x1a) pcrel-without-reloc -> .text + {{[0-9A-F]+}} (literal)
# CHECK: reloc .text + 20 (persist+0x20) call-without-reloc -> .text + {{[0-9A-F]+}} (bras_helper)
# CHECK: reloc .text + 24 (persist+0x24) call-without-reloc -> .text + {{[0-9A-F]+}} (brasl_helper)
# The branch inside persist is no use; jnop and jgnop (mask 0) never branch.
# CHECK-NOT: only_init
# CHECK: reloc .text + 38 (persist+0x38) jump-without-reloc -> .text + {{[0-9A-F]+}} (tail_helper)
# CHECK-NOT: without-reloc

# FIND-NOT: {{candidate|chain}} {{.*}}_helper
# FIND-NOT: {{candidate|chain}} {{.*}}literal
# FIND: candidate .text + {{[0-9A-F]+}} (only_init) rref 1 xref 0 add size 2 function used by init_module
# FIND-NOT: {{candidate|chain}}
# FIND: total candidates 1
