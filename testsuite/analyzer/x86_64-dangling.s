# SPDX-License-Identifier: GPL-2.0-or-later
# Dangerous links told apart from dangling ones (analyzer/dangling.c), in
# the shapes GCC gives real modules on x86-64: each pointer into init
# memory gets its class and the reference that decides it.
#
# RUN: x86_64-linux-gnu-as %s -o %t.o && ld -r %t.o -o %t.ko
# RUN: %kotest -j1 -v %t.ko | %FileCheck %s
# RUN: %kotest -j1 --json %t.ko | %python -c "import json,sys; m=json.load(sys.stdin)['modules'][0]; print(m['totals']['dangerous'], m['totals']['dangling'], sorted(set((x['class'], x['reason']) for x in m['dangerous'] + m['dangling'])))" | %FileCheck --check-prefix=JSON %s
# RUN: %kotest -j1 -c %t.csv %t.ko > /dev/null && grep -c ',dangling,' %t.csv | %FileCheck --check-prefix=CSV %s

# btrfs's mod_init_seq[]: {init, exit} pairs; init calls through memory
# operands, exit reads the exit member (+8) of each 16-byte element.
# CHECK-DAG: dangling .rodata + 0 (seq) -> .init.text + {{[0-9A-F]+}} (a_init): after init, seq_exit uses other members of seq only (the pointer is at +0x0 of each 16-byte element)
# CHECK-DAG: dangling .rodata + 10 (seq+0x10) -> .init.text + {{[0-9A-F]+}} (b_init): after init

# qed's speed maps: init takes the address of the table (mov $maps):
# without the plugin's notes nobody can tell where it went.
# CHECK-DAG: dangerous .data..ro_after_init + 10 (maps+0x10) -> .init.rodata + {{[0-9A-F]+}} (caps_10): reachable after init: init code (maps_init) takes the address of maps: --use-notes

# The same table walked by init through memory operands only, and by
# persistent code through maps2+8 (the caps member): dangling.
# CHECK-DAG: dangling .data..ro_after_init + 30 (maps2+0x10) -> .init.rodata + {{[0-9A-F]+}} (caps_10): after init, speed_caps uses other members of maps2 only (the pointer is at +0x10 of each 32-byte element)

# Only init code refers to the holder, by memory operands: dangling.
# CHECK-DAG: dangling .rodata + 20 (quirks) -> .init.text + {{[0-9A-F]+}} (quirk_init): only init code reads quirks

# An ops table whose address persistent code takes: reachable.
# CHECK-DAG: dangerous .rodata + 28 (ops) -> .init.text + {{[0-9A-F]+}} (ops_setup): reachable after init: probe takes the address of ops

# A pointer persistent code reads: the bug.
# CHECK-DAG: dangerous .data + 0 (hook) -> .init.text + {{[0-9A-F]+}} (late_probe): reachable after init: late reads it

# A table whose address other data holds: reachable.
# CHECK-DAG: dangerous .rodata + 38 (decomp) -> .init.text + {{[0-9A-F]+}} (decomp_init): reachable after init: decomp_list holds the address of decomp

# A table walked through a register by code after init: the reads
# through it (+8, stepped by 16) miss the init member (+0); the same walk
# that copies the register to an argument may hand it on.
# CHECK-DAG: dangling .rodata + 48 (walked) -> .init.text + {{[0-9A-F]+}} (walk_init): after init, walk_exit uses other members of walked only (the pointer is at +0x0 of each 16-byte element)
# CHECK-DAG: dangerous .rodata + 68 (passed) -> .init.text + {{[0-9A-F]+}} (pass_init): reachable after init: pass_exit takes the address of passed

# JSON: 5 7 [('dangerous', 'address-taken'), ('dangerous', 'init-address'), ('dangerous', 'read'), ('dangerous', 'stored'), ('dangling', 'init-only'), ('dangling', 'other-members')]
# CSV: 7

	.section .init.text,"ax",@progbits
	.globl	init_module
init_module:
	call	*seq(,%rax,8)		# init reads seq[i].init_fn
	call	*seq+8(,%rax,8)
	call	*quirks(%rip)
	movq	maps2+16(,%rax,8), %rcx	# init reads cap_arr
	ret
a_init:	ret
	.size	a_init, 1
b_init:	ret
	.size	b_init, 1
quirk_init:
	ret
	.size	quirk_init, 1
ops_setup:
	ret
	.size	ops_setup, 1
late_probe:
	ret
	.size	late_probe, 1
decomp_init:
	ret
	.size	decomp_init, 1
walk_init:
	ret
	.size	walk_init, 1
pass_init:
	ret
	.size	pass_init, 1
maps_init:
	movq	$maps, %rdi		# the address, handed to someone
	jmp	ethtool_maps_init
	.size	maps_init, .-maps_init

	.section .init.rodata,"a",@progbits
caps_10:
	.long	1, 4
	.size	caps_10, 8

	.text
	.globl	cleanup_module
cleanup_module:
	call	seq_exit
	ret
seq_exit:
	call	*seq+8(,%rbx,8)		# exit reads seq[i].exit_fn only
	ret
	.size	seq_exit, .-seq_exit
a_exit:	ret
b_exit:	ret
speed_caps:
	movq	$maps2+8, %r13		# &maps2[0].caps, walked by 32
	movq	(%r13), %rax
	movq	$maps+8, %r12
	ret
	.size	speed_caps, .-speed_caps
probe:
	movq	$ops, %rdi		# registers ops: anything may be read
	jmp	register_ops
	.size	probe, .-probe
ops_run:
	ret
late:
	jmp	*hook(%rip)
	.size	late, .-late
walk_exit:
	pushq	%rbx
	movq	$walked, %rbx
1:	call	*8(%rbx)		# the exit member of each element
	addq	$16, %rbx
	cmpq	$walked+32, %rbx
	jne	1b
	popq	%rbx
	ret
	.size	walk_exit, .-walk_exit
pass_exit:
	pushq	%rbx
	movq	$passed, %rbx
	movq	%rbx, %rdi		# handed to someone
	call	use_table
	popq	%rbx
	ret
	.size	pass_exit, .-pass_exit

	.section .rodata,"a",@progbits
	.type	seq, @object
seq:
	.quad	a_init, a_exit, b_init, b_exit
	.size	seq, 32
	.type	quirks, @object
quirks:
	.quad	quirk_init
	.size	quirks, 8
	.type	ops, @object
ops:
	.quad	ops_setup, ops_run
	.size	ops, 16
	.type	decomp, @object
decomp:
	.quad	decomp_init, 0
	.size	decomp, 16
	.type	walked, @object
walked:
	.quad	walk_init, a_exit, walk_init, b_exit
	.size	walked, 32
	.type	passed, @object
passed:
	.quad	pass_init, a_exit
	.size	passed, 16

	.section .data..ro_after_init,"aw",@progbits
	.type	maps, @object
maps:				# speed, caps, cap_arr, arr_size
	.quad	10, 0, caps_10, 2
	.size	maps, 32
	.type	maps2, @object
maps2:
	.quad	10, 0, caps_10, 2
	.quad	20, 0, caps_10, 1
	.size	maps2, 64

	.data
	.type	hook, @object
hook:
	.quad	late_probe
	.size	hook, 8
	.type	decomp_list, @object
decomp_list:
	.quad	decomp
	.size	decomp_list, 8
