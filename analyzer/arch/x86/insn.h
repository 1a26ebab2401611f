/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86 instruction length decoder, just enough to tell where each
 * displacement and immediate of an instruction lies.  Used to find how
 * many bytes follow a relocated 4-byte field up to the end of its
 * instruction, which PC-relative relocations fold into their addend.
 */
#ifndef KOTEST_X86_INSN_H
#define KOTEST_X86_INSN_H

#include <stdbool.h>
#include <stddef.h>

#define X86_MAX_INSN	15

/*
 * The fields of one decoded instruction, as offsets from its first byte.
 * map: 0 one-byte, 1 0F, 2 0F38, 3 0F3A, 5/6 the EVEX FP16 maps.
 * disp: the displacement or moffs address (1, 2, 4 or 8 bytes).
 * imm: the first immediate or branch offset (1, 2, 4 or 8 bytes);
 * imm2_len: the second one of ENTER and far pointers.
 */
struct x86_insn {
	unsigned char len;
	unsigned char map;
	unsigned char opcode;
	unsigned char modrm_off;	/* 0: no ModRM byte */
	unsigned char disp_off, disp_len;
	unsigned char imm_off, imm_len, imm2_len;
	bool rel;			/* imm is a branch offset */
	bool rip;			/* RIP-relative addressing */
	bool vex;			/* VEX or EVEX: registers there too */
	unsigned char rex;		/* the REX prefix, or 0 */
};

/*
 * Decode the instruction at 'p', with 'avail' bytes readable.  Returns its
 * length, or -1 when the bytes are not a valid instruction in this mode or
 * it does not fit in 'avail'.
 */
int x86_insn_decode(struct x86_insn *insn, const unsigned char *p,
		    size_t avail, bool mode64);

/*
 * Bytes from a 4-byte field at offset 'field' of the instruction to its
 * end, or -1 when the field is not the instruction's 4-byte displacement
 * or immediate.
 */
int x86_insn_tail(const struct x86_insn *insn, size_t field);

struct x86_decoder {		/* cursor over one code section */
	const unsigned char *code;	/* section bytes */
	size_t len;		/* section size */
	bool mode64;
	size_t pos;		/* next instruction boundary known to the
				 * cursor */
	size_t origin;		/* the start 'pos' was reached from */
	/*
	 * The end of an instruction that holds a relocated field, set by
	 * the caller once every reading agreed on its tail: a boundary in
	 * whatever function contains it, so a walk may resume there.
	 */
	size_t known;
};

/*
 * Bytes from the 4-byte field at 'field' to the end of the instruction that
 * contains it (0 for call/jmp/jcc rel32 and lea/mov disp32, 1 for an imm8,
 * 2 for imm16, 4 for imm32), or -1 if it cannot be decided.  'start' is a
 * known instruction boundary at or before 'field' (the start of the
 * function that contains it).  Decoding continues from dec->pos when
 * start <= dec->pos <= field, or from dec->known when that is nearer, so
 * a section's relocations, visited in offset order, cost one linear pass.
 */
int x86_field_tail(struct x86_decoder *dec, size_t start, size_t field);

/*
 * The same without a known boundary: the answer when every way of
 * decoding the bytes before 'field' that makes it a 4-byte displacement,
 * immediate or branch offset agrees on the tail (as after E8/E9, 0F 8x or
 * a RIP-relative ModRM byte), else -1.  Assumes 'field' is such a field
 * of some instruction; the cursor is the check for data in code.
 */
int x86_field_tail_quick(const unsigned char *code, size_t len, size_t field,
			 bool mode64);

/*
 * The quick answer in one decoding instead of eleven, for the common
 * case: 0 when no byte before 'field' can start a reading with bytes
 * after the field (see tail_possible()) and one reading makes it a
 * field, which is then what x86_field_tail_quick() returns; else -1.
 */
int x86_field_tail_fast(const unsigned char *code, size_t len, size_t field,
			bool mode64);

/*
 * How the instruction holding the 4-byte field at 'field' uses it,
 * decoding from 'start', an instruction boundary (its function's start):
 * 1 when it is the displacement of a memory operand (not LEA's: the
 * instruction reads or writes memory there), 2 when it is an immediate a
 * compare uses (a loop's end), 0 when it is another address (an
 * immediate, LEA's displacement), -1 when the decoding does not say.
 */
int x86_field_memory(const unsigned char *code, size_t len, size_t start,
		     size_t field, bool mode64);

#endif
