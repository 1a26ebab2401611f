// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * x86 instruction length decoder for 32-bit and 64-bit code.
 *
 * Only the layout matters here: prefixes, opcode, ModRM, SIB,
 * displacement and immediates.  Each opcode map is one byte per opcode:
 * the low nibble says what immediate follows, M says a ModRM byte
 * follows, and X marks opcodes that do not exist in 64-bit mode.
 * Anything not listed (XOP, MVEX, APX, undefined EVEX maps) is rejected
 * rather than guessed at.
 */
#include <string.h>

#include "insn.h"

enum {
	I_NONE,		/* no immediate */
	I_B,		/* imm8 */
	I_W,		/* imm16 */
	I_Z,		/* imm16 with 66, else imm32 */
	I_V,		/* imm16/32/64 (MOV reg, imm) */
	I_WB,		/* imm16 + imm8 (ENTER) */
	I_AP,		/* far pointer: offset16/32 + selector */
	I_MOFFS,	/* address-size offset (MOV A0-A3) */
	I_JB,		/* rel8 */
	I_JZ,		/* rel16/rel32 */
	I_GRP3,		/* F6/F7: an immediate for /0 and /1 only */
	I_BAD,		/* undefined opcode */
	I_PFX,		/* legacy prefix */
	I_ESC,		/* decoded by hand: 0F, VEX, EVEX */
};

#define M	0x10	/* a ModRM byte follows the opcode */
#define X	0x20	/* not valid in 64-bit mode */
#define KIND(a)	((a) & 0x0f)

#define _	I_NONE
#define B	I_B
#define MB	(M | I_B)
#define MZ	(M | I_Z)
#define XX	(X | I_NONE)
#define BAD	I_BAD
#define PFX	I_PFX
#define ESC	I_ESC

/* Rows of eight: opcodes 00-07, 08-0f, ... */
static const unsigned char map_1byte[256] = {
	/* 00 */ M, M, M, M, B, I_Z, XX, XX,
	/* 08 */ M, M, M, M, B, I_Z, XX, ESC,
	/* 10 */ M, M, M, M, B, I_Z, XX, XX,
	/* 18 */ M, M, M, M, B, I_Z, XX, XX,
	/* 20 */ M, M, M, M, B, I_Z, PFX, XX,
	/* 28 */ M, M, M, M, B, I_Z, PFX, XX,
	/* 30 */ M, M, M, M, B, I_Z, PFX, XX,
	/* 38 */ M, M, M, M, B, I_Z, PFX, XX,
	/* 40: inc/dec, or REX (taken before the table in 64-bit mode) */
	/* 40 */ _, _, _, _, _, _, _, _,
	/* 48 */ _, _, _, _, _, _, _, _,
	/* 50 */ _, _, _, _, _, _, _, _,
	/* 58 */ _, _, _, _, _, _, _, _,
	/* 60: pusha, popa, BOUND/EVEX, ARPL/MOVSXD, fs, gs, 66, 67 */
	/* 60 */ XX, XX, ESC, M, PFX, PFX, PFX, PFX,
	/* 68 */ I_Z, MZ, B, MB, _, _, _, _,
	/* 70 */ I_JB, I_JB, I_JB, I_JB, I_JB, I_JB, I_JB, I_JB,
	/* 78 */ I_JB, I_JB, I_JB, I_JB, I_JB, I_JB, I_JB, I_JB,
	/* 80 */ MB, MZ, X | MB, MB, M, M, M, M,
	/* 88: 8f is POP Ev (XOP is not decoded) */
	/* 88 */ M, M, M, M, M, M, M, M,
	/* 90 */ _, _, _, _, _, _, _, _,
	/* 98 */ _, _, X | I_AP, _, _, _, _, _,
	/* a0 */ I_MOFFS, I_MOFFS, I_MOFFS, I_MOFFS, _, _, _, _,
	/* a8 */ B, I_Z, _, _, _, _, _, _,
	/* b0 */ B, B, B, B, B, B, B, B,
	/* b8 */ I_V, I_V, I_V, I_V, I_V, I_V, I_V, I_V,
	/* c0: c4/c5 are LES/LDS or VEX; c6/c7 /7 are XABORT/XBEGIN */
	/* c0 */ MB, MB, I_W, _, ESC, ESC, MB, MZ,
	/* c8 */ I_WB, _, I_W, _, _, B, XX, _,
	/* d0 */ M, M, M, M, X | B, X | B, XX, _,
	/* d8 */ M, M, M, M, M, M, M, M,
	/* e0 */ I_JB, I_JB, I_JB, I_JB, B, B, B, B,
	/* e8 */ I_JZ, I_JZ, X | I_AP, I_JB, _, _, _, _,
	/* f0 */ PFX, _, PFX, PFX, _, _, M | I_GRP3, M | I_GRP3,
	/* f8 */ _, _, _, _, _, _, M, M,
};

/*
 * 0F xx.  0f 38/3a are the three-byte maps; 0f 78 with 66/F2 is SSE4a
 * EXTRQ/INSERTQ (two imm8, handled in the code); 0f a6/a7 are VIA
 * PadLock (register forms only).  0f 0f, 3DNow!, is left out: no CPU
 * of this century has it, and its trailing opcode byte would make many
 * byte strings ambiguous.
 */
static const unsigned char map_0f[256] = {
	/* 00 */ M, M, M, M, BAD, _, _, _,
	/* 08 */ _, _, BAD, _, BAD, M, _, BAD,
	/* 10 */ M, M, M, M, M, M, M, M,
	/* 18 */ M, M, M, M, M, M, M, M,
	/* 20 */ M, M, M, M, X | M, BAD, X | M, BAD,
	/* 28 */ M, M, M, M, M, M, M, M,
	/* 30 */ _, _, _, _, _, _, BAD, _,
	/* 38 */ ESC, BAD, ESC, BAD, BAD, BAD, BAD, BAD,
	/* 40 */ M, M, M, M, M, M, M, M,
	/* 48 */ M, M, M, M, M, M, M, M,
	/* 50 */ M, M, M, M, M, M, M, M,
	/* 58 */ M, M, M, M, M, M, M, M,
	/* 60 */ M, M, M, M, M, M, M, M,
	/* 68 */ M, M, M, M, M, M, M, M,
	/* 70 */ MB, MB, MB, MB, M, M, M, _,
	/* 78 */ M, M, BAD, BAD, M, M, M, M,
	/* 80 */ I_JZ, I_JZ, I_JZ, I_JZ, I_JZ, I_JZ, I_JZ, I_JZ,
	/* 88 */ I_JZ, I_JZ, I_JZ, I_JZ, I_JZ, I_JZ, I_JZ, I_JZ,
	/* 90 */ M, M, M, M, M, M, M, M,
	/* 98 */ M, M, M, M, M, M, M, M,
	/* a0 */ _, _, _, M, MB, M, M, M,
	/* a8 */ _, _, _, M, MB, M, M, M,
	/* b0 */ M, M, M, M, M, M, M, M,
	/* b8 */ M, M, MB, M, M, M, M, M,
	/* c0 */ M, M, MB, M, MB, MB, MB, M,
	/* c8 */ _, _, _, _, _, _, _, _,
	/* d0 */ M, M, M, M, M, M, M, M,
	/* d8 */ M, M, M, M, M, M, M, M,
	/* e0 */ M, M, M, M, M, M, M, M,
	/* e8 */ M, M, M, M, M, M, M, M,
	/* f0 */ M, M, M, M, M, M, M, M,
	/* f8 */ M, M, M, M, M, M, M, M,
};

#undef _
#undef B
#undef MB
#undef MZ
#undef XX
#undef BAD
#undef PFX
#undef ESC

/* Legacy prefixes seen, as bits. */
#define P_66	1u
#define P_67	2u
#define P_F2	4u	/* the last of F2/F3 was F2 */
#define P_F3	8u	/* the last of F2/F3 was F3 */
#define P_LOCK	16u

/* Parse ModRM, SIB and displacement at p[i]; returns the new index or 0. */
static inline __attribute__((always_inline)) size_t
modrm(struct x86_insn *insn, const unsigned char *p, size_t i,
		    size_t max, bool addr16, bool mode64, bool regonly)
{
	unsigned int mod, rm, dl = 0;

	if (i >= max)
		return 0;
	insn->modrm_off = i;
	mod = p[i] >> 6;
	rm = p[i] & 7;
	i++;
	if (mod == 3 || regonly)
		return i;
	if (addr16) {
		if (mod == 0 && rm == 6)
			dl = 2;
		else
			dl = mod == 1 ? 1 : mod == 2 ? 2 : 0;
	} else {
		if (rm == 4) {
			/* SIB; base 101 without mod means disp32, no base */
			if (i >= max)
				return 0;
			if (mod == 0 && (p[i] & 7) == 5)
				dl = 4;
			i++;
		} else if (mod == 0 && rm == 5) {
			dl = 4;
			insn->rip = mode64;
		}
		if (mod == 1)
			dl = 1;
		else if (mod == 2)
			dl = 4;
	}
	if (dl) {
		insn->disp_off = i;
		insn->disp_len = dl;
	}
	return i + dl;
}

/*
 * VEX (c4/c5) and EVEX (62) at p[i].  Immediates: the 0F3A map always has
 * an imm8; in the 0F map the same opcodes as without VEX (70-73, c2,
 * c4-c6); none elsewhere.  VZEROUPPER/VZEROALL (VEX 0F 77) has no ModRM.
 */
static int decode_vex(struct x86_insn *insn, const unsigned char *p,
		      size_t i, size_t max, unsigned int pfx, bool mode64)
{
	unsigned int esc = p[i], map, op;
	size_t n;

	/* 66, F2, F3, LOCK and REX before VEX/EVEX fault (#UD) */
	if (pfx & (P_66 | P_F2 | P_F3 | P_LOCK))
		return -1;
	if (esc == 0xc5) {
		map = 1;
		n = 2;
	} else if (esc == 0xc4) {
		if (i + 1 >= max)
			return -1;
		/* 1-3; 7 (URDMSR, with an imm32) is not decoded */
		map = p[i + 1] & 0x1f;
		if (map > 3)
			return -1;
		n = 3;
	} else {
		if (i + 2 >= max)
			return -1;
		/* maps 1-3, 5-6 (FP16); P0 bit 3 must be 0, P1 bit 2 1 */
		map = p[i + 1] & 7;
		if ((p[i + 1] & 8) || !(p[i + 2] & 4) ||
		    map == 4 || map == 7)
			return -1;
		n = 4;
	}
	if (!map)
		return -1;
	i += n;
	if (i >= max)
		return -1;
	op = p[i++];
	insn->map = map;
	insn->opcode = op;
	insn->vex = true;
	if (!(esc == 0xc4 || esc == 0xc5) || map != 1 || op != 0x77) {
		i = modrm(insn, p, i, max, !mode64 && (pfx & P_67), mode64,
			  false);
		if (!i)
			return -1;
	}
	if (map == 3 || (map == 1 && KIND(map_0f[op]) == I_B)) {
		insn->imm_off = i;
		insn->imm_len = 1;
		i++;
	}
	if (i > max)
		return -1;
	insn->len = i;
	return i;
}

/*
 * Reject the undefined ModRM forms of opcodes that are common in code:
 * fewer readings of the same bytes fit, which helps both the backward
 * search and noticing data.
 */
static inline bool group_valid(unsigned int map, unsigned int op,
			       unsigned int m)
{
	unsigned int reg = (m >> 3) & 7;
	bool mod3 = m >= 0xc0;

	if (map == 0) {
		switch (op) {
		case 0x8d:		/* LEA */
			return !mod3;
		case 0x8f:		/* POP (other /r are XOP) */
			return reg == 0;
		case 0xc6:		/* MOV, XABORT */
		case 0xc7:		/* MOV, XBEGIN */
			return reg == 0 || m == 0xf8;
		case 0xfe:		/* INC, DEC */
			return reg < 2;
		case 0xff:		/* no /7; far CALL/JMP need memory */
			return reg != 7 && !(mod3 && (reg == 3 || reg == 5));
		}
	} else if (map == 1) {
		switch (op) {
		case 0xa6:		/* VIA PadLock */
		case 0xa7:
			return mod3;
		case 0xb2:		/* LSS, LFS, LGS */
		case 0xb4:
		case 0xb5:
			return !mod3;
		case 0xba:		/* BT, BTS, BTR, BTC */
			return reg >= 4;
		}
	}
	return true;
}

int x86_insn_decode(struct x86_insn *insn, const unsigned char *p,
		    size_t avail, bool mode64)
{
	size_t max = avail < X86_MAX_INSN ? avail : X86_MAX_INSN;
	unsigned int pfx = 0, op, attr, isz = 0, isz2 = 0;
	bool rexw = false, rex = false, addr16, opsz;
	size_t i;

	memset(insn, 0, sizeof(*insn));
	for (i = 0;; i++) {
		if (i >= max)
			return -1;
		op = p[i];
		if (KIND(map_1byte[op]) == I_PFX) {
			if (op == 0x66)
				pfx |= P_66;
			else if (op == 0x67)
				pfx |= P_67;
			else if (op == 0xf2)
				pfx = (pfx & ~P_F3) | P_F2;
			else if (op == 0xf3)
				pfx = (pfx & ~P_F2) | P_F3;
			else if (op == 0xf0)
				pfx |= P_LOCK;
			/* a REX not right before the opcode is ignored */
			rex = rexw = false;
			insn->rex = 0;
			continue;
		}
		if (mode64 && (op & 0xf0) == 0x40) {
			rex = true;
			rexw = op & 8;
			insn->rex = op;
			continue;
		}
		break;
	}
	i++;
	attr = map_1byte[op];
	addr16 = !mode64 && (pfx & P_67);
	/* REX.W wins over 66 */
	opsz = (pfx & P_66) && !rexw;

	if (op == 0x0f) {
		if (i >= max)
			return -1;
		op = p[i++];
		if (op == 0x38 || op == 0x3a) {
			if (i >= max)
				return -1;
			insn->map = op == 0x38 ? 2 : 3;
			attr = op == 0x38 ? M : (M | I_B);
			op = p[i++];
		} else {
			insn->map = 1;
			attr = map_0f[op];
			/* SSE4a EXTRQ/INSERTQ xmm, imm8, imm8 */
			if (op == 0x78 && (pfx & (P_66 | P_F2)) &&
			    !(pfx & P_F3))
				isz = 2;
		}
	} else if (op == 0xc4 || op == 0xc5 || op == 0x62) {
		/*
		 * Outside 64-bit mode these are LES/LDS/BOUND, whose memory
		 * operand can't be a register: mod == 3 means VEX/EVEX.
		 */
		if (i >= max)
			return -1;
		if (mode64 || (p[i] & 0xc0) == 0xc0) {
			if (rex)
				return -1;
			return decode_vex(insn, p, i - 1, max, pfx, mode64);
		}
		attr = X | M;
	}
	insn->opcode = op;
	if (KIND(attr) == I_BAD || KIND(attr) == I_ESC ||
	    ((attr & X) && mode64))
		return -1;

	if (attr & M) {
		/* MOV to/from CR, DR, TR: ModRM.mod is ignored */
		bool regonly = insn->map == 1 && (op & 0xf8) == 0x20;

		i = modrm(insn, p, i, max, addr16, mode64, regonly);
		if (!i || !group_valid(insn->map, op, p[insn->modrm_off]))
			return -1;
	}

	switch (KIND(attr)) {
	case I_B:
	case I_JB:
		isz = 1;
		break;
	case I_W:
		isz = 2;
		break;
	case I_Z:
		isz = opsz ? 2 : 4;
		break;
	case I_JZ:
		/*
		 * 66 on a near branch in 64-bit mode: rel16 for AMD, ignored
		 * by Intel.  The length depends on the CPU; don't guess.
		 */
		if (opsz && mode64)
			return -1;
		isz = opsz ? 2 : 4;
		break;
	case I_V:
		isz = rexw ? 8 : opsz ? 2 : 4;
		break;
	case I_WB:
		isz = 2;
		isz2 = 1;
		break;
	case I_AP:
		isz = opsz ? 2 : 4;
		isz2 = 2;
		break;
	case I_MOFFS:
		if (mode64)
			isz = (pfx & P_67) ? 4 : 8;
		else
			isz = addr16 ? 2 : 4;
		/* an address, like a displacement */
		insn->disp_off = i;
		insn->disp_len = isz;
		i += isz;
		isz = 0;
		break;
	case I_GRP3:
		/* TEST /0 (and its alias /1) take an immediate */
		if (((p[insn->modrm_off] >> 3) & 7) < 2)
			isz = op == 0xf6 ? 1 : opsz ? 2 : 4;
		break;
	}
	if (isz) {
		insn->imm_off = i;
		insn->imm_len = isz;
		insn->imm2_len = isz2;
		insn->rel = KIND(attr) == I_JB || KIND(attr) == I_JZ ||
			    (op == 0xc7 && insn->map == 0 &&
			     p[insn->modrm_off] == 0xf8);
		i += isz + isz2;
	}
	if (i > max)
		return -1;
	insn->len = i;
	return i;
}

int x86_insn_tail(const struct x86_insn *insn, size_t field)
{
	if ((insn->disp_len == 4 && field == insn->disp_off) ||
	    (insn->imm_len == 4 && field == insn->imm_off))
		return insn->len - field - 4;
	return -1;
}

int x86_field_tail(struct x86_decoder *dec, size_t start, size_t field)
{
	struct x86_insn insn;
	size_t pos = start;
	int n;

	if (start > field || field >= dec->len || dec->len - field < 4)
		return -1;
	/*
	 * Resume only on a walk from the same start: a boundary reached
	 * from another function's start need not be one of this one's.
	 */
	if (dec->origin == start && dec->pos >= start && dec->pos <= field)
		pos = dec->pos;
	if (dec->known > pos && dec->known <= field)
		pos = dec->known;
	dec->origin = start;
	for (;;) {
		n = x86_insn_decode(&insn, dec->code + pos, dec->len - pos,
				    dec->mode64);
		if (n < 0)
			break;
		if (pos + n > field) {
			dec->pos = pos;
			return x86_insn_tail(&insn, field - pos);
		}
		pos += n;
	}
	dec->pos = pos;
	return -1;
}

/*
 * Opcode bytes that take an immediate after their ModRM operand, in the
 * one-byte map (69 6b 80-83 c0 c1 c6 c7 f6 f7) or the 0F map (70-73 78
 * a4 ac ba c2 c4-c6, which VEX and EVEX map 1 share).
 */
static const unsigned char imm_after_modrm[256] = {
	[0x69] = 1, [0x6b] = 1, [0x70] = 1, [0x71] = 1, [0x72] = 1,
	[0x73] = 1, [0x78] = 1, [0x80] = 1, [0x81] = 1, [0x82] = 1,
	[0x83] = 1, [0xa4] = 1, [0xac] = 1, [0xba] = 1, [0xc0] = 1,
	[0xc1] = 1, [0xc2] = 1, [0xc4] = 1, [0xc5] = 1, [0xc6] = 1,
	[0xc7] = 1, [0xf6] = 1, [0xf7] = 1,
};

/*
 * A reading with bytes after a 4-byte field needs one of these bytes:
 * the field is a disp32, so ModRM (and maybe SIB) precede it and the
 * opcode sits at field - 2 or - 3; an immediate then comes from that
 * opcode, or from the map its escape selects: 0F 3A right before the
 * opcode, VEX3 (c4) three bytes before it, EVEX (62) four.  Or the field
 * is the offset of a far pointer (9a, ea) and the selector follows.
 */
static bool tail_possible(const unsigned char *p)
{
	return p[-1] == 0x9a || p[-1] == 0xea ||
	       imm_after_modrm[p[-2]] || imm_after_modrm[p[-3]] ||
	       p[-3] == 0x3a || p[-4] == 0x3a ||
	       p[-5] == 0xc4 || p[-6] == 0xc4 ||
	       p[-6] == 0x62 || p[-7] == 0x62;
}

/* ModRM m is followed by a 4-byte displacement (no SIB). */
static bool modrm_disp32(unsigned int m)
{
	return (m & 0xc7) == 0x05 || ((m & 0xc0) == 0x80 && (m & 7) != 4);
}

/*
 * The readings x86_insn_decode() would make of the usual forms, without
 * it: an opcode that takes ModRM and no immediate, in the one-byte or the
 * 0F map, ModRM, disp32 (mov, lea, add, movzx, cmov, ...); a call, jmp or
 * jcc rel32.
 */
static bool plain_field(const unsigned char *p, bool mode64)
{
	unsigned int op = p[-2], m = p[-1], attr;

	if (p[-1] == 0xe8 || p[-1] == 0xe9 ||
	    (p[-2] == 0x0f && (p[-1] & 0xf0) == 0x80))
		return true;
	if (!modrm_disp32(m))
		return false;
	attr = map_1byte[op];
	if ((attr & M) && KIND(attr) == I_NONE && !(mode64 && (attr & X)))
		return group_valid(0, op, m);
	if (p[-3] != 0x0f || op == 0x38 || op == 0x3a || (op & 0xf8) == 0x20)
		return false;
	attr = map_0f[op];
	return (attr & M) && KIND(attr) == I_NONE &&
	       !(mode64 && (attr & X)) && group_valid(1, op, m);
}

int x86_field_tail_fast(const unsigned char *code, size_t len, size_t field,
			bool mode64)
{
	/* Where the other usual instructions start: REX, 66, VEX, SIB .. */
	static const unsigned char back[] = { 2, 3, 1, 4 };
	struct x86_insn insn;
	unsigned int k;

	if (field < 7 || field >= len || len - field < 4 ||
	    tail_possible(code + field))
		return -1;
	if (plain_field(code + field, mode64))
		return 0;
	for (k = 0; k < sizeof(back); k++) {
		size_t s = field - back[k];

		if (x86_insn_decode(&insn, code + s, len - s, mode64) > 0 &&
		    x86_insn_tail(&insn, field - s) == 0)
			return 0;
	}
	return -1;
}

int x86_field_tail_quick(const unsigned char *code, size_t len, size_t field,
			 bool mode64)
{
	struct x86_insn insn;
	size_t s, lo;
	int tail = -1, t;

	if (field == 0 || field >= len || len - field < 4)
		return -1;
	/* the instruction holding a 4-byte field starts within 11 bytes */
	lo = field > X86_MAX_INSN - 4 ? field - (X86_MAX_INSN - 4) : 0;
	for (s = field - 1;; s--) {
		if (x86_insn_decode(&insn, code + s, len - s, mode64) > 0) {
			t = x86_insn_tail(&insn, field - s);
			if (t >= 0) {
				if (tail >= 0 && t != tail)
					return -1;
				tail = t;
			}
		}
		if (s == lo)
			break;
	}
	return tail;
}

int x86_field_memory(const unsigned char *code, size_t len, size_t start,
		     size_t field, bool mode64)
{
	struct x86_insn insn;
	size_t pos = start;
	int n;

	if (start > field || field >= len || len - field < 4)
		return -1;
	for (;; pos += n) {
		n = x86_insn_decode(&insn, code + pos, len - pos, mode64);
		if (n < 0)
			return -1;
		if (pos + n > field)
			break;
	}
	if (insn.disp_len == 4 && insn.disp_off == field - pos)
		return insn.map == 0 && insn.opcode == 0x8d ? 0 : 1;
	/* cmp $imm32, r/m or %eax: the address only compared with */
	if (insn.imm_len == 4 && insn.imm_off == field - pos &&
	    insn.map == 0 && (insn.opcode == 0x3d ||
			      (insn.opcode == 0x81 &&
			       ((code[pos + insn.modrm_off] >> 3) & 7) == 7)))
		return 2;
	if (insn.imm_len == 4 && insn.imm_off == field - pos)
		return 0;
	return -1;
}
