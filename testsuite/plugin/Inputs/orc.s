# SPDX-License-Identifier: GPL-2.0-or-later
# ORC tables as objtool writes them: .orc_unwind_ip entry i holds the
# address that the 6-byte .orc_unwind entry i describes.  BEFORE, AFTER
# (the init code changed: one entry fewer, another one different) and
# BROKEN (an entry of persistent code changed) are selected with --defsym.
	.text
f:	ret
	.section .init.text, "ax"
g:	nop
	ret
	.section .orc_unwind_ip, "a"
	.long	f - .
	.long	g - .
.ifdef BEFORE
	.long	g + 1 - .
.endif
	.section .orc_unwind, "a"
.ifdef BROKEN
	.byte	1, 2, 3, 4, 5, 7
.else
	.byte	1, 2, 3, 4, 5, 6
.endif
.ifdef BEFORE
	.byte	7, 7, 7, 7, 7, 7
	.byte	8, 8, 8, 8, 8, 8
.else
	.byte	9, 9, 9, 9, 9, 9
.endif
