// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * 32-bit arm relocations, ARM and Thumb-2 code.  SHT_REL: every addend is
 * implicit, read from the field the relocation patches, in the form the
 * AAELF ABI gives for that type.
 *
 * GCC uses section anchors on arm: a literal pool word ".word .LANCHOR1"
 * (or a "movw/movt rN, .LANCHOR1" pair on ARMv7) loads the address of a
 * block of objects, and the code reaches each object by adding an offset
 * to that register.  The relocation then names the anchor, not the
 * object.  For such a load, the code after it is followed (a short
 * forward register tracking, as for arm64) and every place that uses the
 * register with an offset becomes a reference to anchor + offset.  A
 * literal pool word is found from the loads: every pc-relative LDR of the
 * section is decoded once per relocation section, and the tracking starts
 * after each load of the pool word.
 *
 * The mapping symbols $a, $t and $d tell ARM code, Thumb code and data
 * (literal pools, jump tables) apart; without them, function symbols do
 * (an odd value is Thumb).
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "anchor.h"
#include "arch.h"
#include "codemap.h"
#include "flow.h"

#ifndef R_ARM_THM_JUMP19
#define R_ARM_THM_JUMP19 51
#endif
#ifndef R_ARM_THM_JUMP24
#define R_ARM_THM_JUMP24 30
#endif
#ifndef R_ARM_THM_CALL
#define R_ARM_THM_CALL 10
#endif
#ifndef R_ARM_THM_JUMP11
#define R_ARM_THM_JUMP11 102
#endif
#ifndef R_ARM_THM_JUMP8
#define R_ARM_THM_JUMP8 103
#endif
#ifndef R_ARM_V4BX
#define R_ARM_V4BX 40
#endif

/* Instructions followed after an anchor load before giving up. */
#define ANCHOR_SCAN_LIMIT 2048
/* Records searched for the MOVT of a MOVW. */
#define MOVW_PAIR_WINDOW 32

/* A pc-relative load of a literal pool word. */
struct literal {
	uint64_t addr;		/* the word */
	uint64_t next;		/* the instruction after the load */
	unsigned char rt;
	unsigned char thumb;
};

struct arm_walk {
	const unsigned char *code;
	uint64_t size;
	bool is_code;
	struct code_map map;
	struct literal *lits;
	size_t nlits;
	bool lits_done;
};

/* ARM instructions are little-endian in armel/armhf (and in BE8). */
static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint16_t rd16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static int cmp_literal(const void *a, const void *b)
{
	const struct literal *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->next < y->next ? -1 : x->next > y->next;
}

static int add_literal(struct reloc_walk *w, struct arm_walk *aw,
		       size_t *cap, const struct literal *l)
{
	if (aw->nlits == *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		struct literal *p = realloc(aw->lits, c * sizeof(*p));

		if (!p)
			return module_fail(w->mod, "out of memory");
		aw->lits = p;
		*cap = c;
	}
	aw->lits[aw->nlits++] = *l;
	return 0;
}

/* Every pc-relative word load of the section's code, by pool address. */
static int find_literals(struct reloc_walk *w, struct arm_walk *aw)
{
	uint64_t off = 0, end;
	size_t cap = 0;

	aw->lits_done = true;
	while (off < aw->size) {
		enum code_mode m = code_map_mode(&aw->map, off, CODE_NATIVE,
						 aw->size, &end);

		if (end > aw->size)
			end = aw->size;
		if (end <= off) {
			off++;
			continue;
		}
		if (m == CODE_DATA) {
			off = end;
			continue;
		}
		if (m == CODE_NATIVE) {
			off = (off + 3) & ~3ull;
			for (; off + 4 <= end; off += 4) {
				uint32_t insn = rd32(aw->code + off);
				uint64_t imm = insn & 0xfff;
				struct literal l;

				/* LDR Rt, [pc, #+-imm12] */
				if ((insn & 0x0f7f0000) != 0x051f0000 ||
				    (insn >> 28) == 0xf)
					continue;
				l.addr = insn & (1u << 23) ? off + 8 + imm :
							     off + 8 - imm;
				l.next = off + 4;
				l.rt = (insn >> 12) & 15;
				l.thumb = 0;
				if (l.rt != 15 && add_literal(w, aw, &cap, &l))
					return -1;
			}
		} else {
			off = (off + 1) & ~1ull;
			while (off + 2 <= end) {
				uint16_t hw = rd16(aw->code + off), hw2;
				uint64_t base = (off + 4) & ~3ull;
				struct literal l = { .thumb = 1 };

				if ((hw >> 11) < 0x1d) {
					if ((hw >> 11) == 9) {
						l.addr = base + (hw & 0xff) * 4;
						l.next = off + 2;
						l.rt = (hw >> 8) & 7;
						if (add_literal(w, aw, &cap, &l))
							return -1;
					}
					off += 2;
					continue;
				}
				if (off + 4 > end)
					break;
				hw2 = rd16(aw->code + off + 2);
				/* LDR.W Rt, [pc, #+-imm12] */
				if ((hw & 0xff7f) == 0xf85f && (hw2 >> 12) != 15) {
					uint64_t imm = hw2 & 0xfff;

					l.addr = hw & 0x80 ? base + imm : base - imm;
					l.next = off + 4;
					l.rt = hw2 >> 12;
					if (add_literal(w, aw, &cap, &l))
						return -1;
				}
				off += 4;
			}
		}
		if (off < end)
			off = end;
	}
	if (aw->nlits)
		qsort(aw->lits, aw->nlits, sizeof(*aw->lits), cmp_literal);
	return 0;
}

static int arm_walk_begin(struct reloc_walk *w)
{
	const struct elf_section *s = &w->mod->elf.sections[w->target];
	struct arm_walk *aw = calloc(1, sizeof(*aw));

	if (!aw)
		return module_fail(w->mod, "out of memory");
	w->priv = aw;
	aw->is_code = (s->flags & SHF_EXECINSTR) && s->data;
	aw->code = s->data;
	aw->size = s->data ? s->size : 0;
	if (aw->is_code && code_map_build(w->mod, w->target, &aw->map))
		return -1;
	return 0;
}

static void arm_walk_end(struct reloc_walk *w)
{
	struct arm_walk *aw = w->priv;

	if (aw) {
		code_map_free(&aw->map);
		free(aw->lits);
		free(aw);
	}
	w->priv = NULL;
}

/* ------------------------------------------------------------------ */
/*
 * One instruction, as the shared code asks for it (insn.h): its length,
 * and where a branch, an ADR or a literal load points.
 */

/* B, BL, BLX (immediate): from the branch; BLX's H selects a halfword. */
static int64_t arm_branch_rel(uint32_t insn)
{
	int64_t rel = sign_extend((uint64_t)(insn & 0xffffff) << 2, 26) + 8;

	return (insn >> 28) == 15 ? rel + ((insn >> 23) & 2) : rel;
}

/* Thumb BL, BLX (immediate) and B.W (T4): from the branch. */
static int64_t thumb_branch_rel(uint16_t hw1, uint16_t hw2)
{
	uint32_t s = (hw1 >> 10) & 1;
	uint32_t i1 = !(((hw2 >> 13) & 1) ^ s);
	uint32_t i2 = !(((hw2 >> 11) & 1) ^ s);

	return sign_extend((uint64_t)s << 24 | i1 << 23 | i2 << 22 |
			   (uint64_t)(hw1 & 0x3ff) << 12 |
			   (uint64_t)(hw2 & 0x7ff) << 1, 25) + 4;
}

/* Thumb B<c>.W (T3): from the branch. */
static int64_t thumb_cond_rel(uint16_t hw1, uint16_t hw2)
{
	return sign_extend((uint64_t)((hw1 >> 10) & 1) << 20 |
			   (uint64_t)((hw2 >> 11) & 1) << 19 |
			   (uint64_t)((hw2 >> 13) & 1) << 18 |
			   (uint64_t)(hw1 & 0x3f) << 12 |
			   (uint64_t)(hw2 & 0x7ff) << 1, 21) + 4;
}

static uint32_t arm_expand_imm(uint32_t insn)
{
	uint32_t imm = insn & 0xff, rot = ((insn >> 8) & 15) * 2;

	return rot ? (imm >> rot) | (imm << (32 - rot)) : imm;
}

static void set_insn(struct insn *in, enum insn_type type, uint64_t target)
{
	in->type = type;
	in->target = target;
}

/*
 * ARM: the PC reads as the instruction + 8.  Writes to the pc other than
 * branches (BX, POP, LDR pc, MOV pc) are returns or indirect jumps; a
 * conditional one goes on.
 */
static void decode_arm(uint32_t insn, uint64_t off, struct insn *in)
{
	unsigned int cond = insn >> 28, op1 = (insn >> 25) & 7;
	unsigned int rd = (insn >> 12) & 15;
	bool write_pc = false;
	uint64_t imm;

	/*
	 * Most instructions leave early, on one branch: no B or BL, no pc as
	 * Rn (ADR, literal loads) or as Rd (BX, writes), no LDM of the pc,
	 * no UDF.
	 */
	if (((insn & 0x0e000000) != 0x0a000000) &
	    ((insn & 0x000f0000) != 0x000f0000) &
	    ((insn & 0x0000f000) != 0x0000f000) &
	    ((insn & 0x0e108000) != 0x08108000) &
	    ((insn & 0x0ff000f0) != 0x07f000f0))
		return;
	if (cond == 15) {
		if (op1 == 5)					/* BLX imm */
			set_insn(in, INSN_CALL, insn_rel(off,
							 arm_branch_rel(insn)));
		return;
	}
	switch (op1) {
	case 0:
	case 1:
		if (op1 == 0 && (insn & 0x90) == 0x90) {
			/* LDRH, LDRSB, LDRSH, LDRD (literal); else no pc. */
			if (((insn & 0x0f7f0090) != 0x015f0090 ||
			     !(insn & 0x60)) &&
			    (insn & 0x0f7f00f0) != 0x014f00d0)
				return;
			imm = (insn >> 4 & 0xf0) | (insn & 15);
			set_insn(in, INSN_ADDR, insn & (1u << 23) ?
				 off + 8 + imm : off + 8 - imm);
			return;
		}
		if ((insn & 0x01900000) == 0x01000000) {
			/* Miscellaneous: BX ends the path. */
			write_pc = (insn & 0x0ffffff0) == 0x012fff10;
			break;
		}
		if (((insn >> 21) & 15) >= 8 && ((insn >> 21) & 15) <= 11)
			return;					/* TST..CMN */
		if ((insn & 0x0fef0000) == 0x028f0000 ||	/* ADR */
		    (insn & 0x0fef0000) == 0x024f0000) {
			imm = arm_expand_imm(insn);
			if (rd != 15) {
				set_insn(in, INSN_ADDR, insn & (1u << 23) ?
					 off + 8 + imm : off + 8 - imm);
				return;
			}
		}
		write_pc = rd == 15;
		break;
	case 2:
	case 3:
		if (op1 == 3 && (insn & 0x10)) {
			/* Media; UDF is a trap. */
			write_pc = (insn & 0x0ff000f0) == 0x07f000f0;
			break;
		}
		if (!(insn & (1u << 20)))
			return;					/* STR */
		if (rd != 15 && (insn & 0x0f3f0000) == 0x051f0000) {
			imm = insn & 0xfff;			/* LDR literal */
			set_insn(in, INSN_ADDR, insn & (1u << 23) ?
				 off + 8 + imm : off + 8 - imm);
			return;
		}
		write_pc = rd == 15;
		break;
	case 4:							/* LDM, POP */
		write_pc = (insn & (1u << 20)) && (insn & 0x8000);
		break;
	case 5:							/* B, BL */
		set_insn(in, insn & (1u << 24) ? INSN_CALL :
			 cond == 14 ? INSN_JUMP : INSN_BRANCH,
			 insn_rel(off, arm_branch_rel(insn)));
		return;
	case 6:
		if ((insn & 0x0f3f0e00) == 0x0d1f0a00) {	/* VLDR lit. */
			imm = (insn & 0xff) * 4;
			set_insn(in, INSN_ADDR, insn & (1u << 23) ?
				 off + 8 + imm : off + 8 - imm);
		}
		return;
	default:
		return;
	}
	if (write_pc && cond == 14)
		in->type = INSN_STOP;
}

/*
 * Thumb: the PC reads as the instruction + 4, aligned down to 4 for ADR
 * and literal loads.  What is conditional inside an IT block is not seen
 * here: B (T2, T4) inside one is taken as a jump.
 */
static void decode_thumb16(uint16_t hw, uint64_t off, struct insn *in)
{
	uint64_t base = (off + 4) & ~3ull;

	switch (hw >> 11) {
	case 8:
		/* ADD pc, MOV pc, BX: a return or an indirect jump. */
		if ((hw & 0xfd87) == 0x4487 || (hw & 0xff80) == 0x4700)
			in->type = INSN_STOP;
		return;
	case 9:						/* LDR literal */
	case 20:					/* ADR */
		set_insn(in, INSN_ADDR, base + (hw & 0xff) * 4);
		return;
	case 22:
	case 23:
		if ((hw & 0xf500) == 0xb100)		/* CBZ, CBNZ */
			set_insn(in, INSN_BRANCH, off + 4 +
				 (((hw >> 9) & 1) << 6 |
				  ((hw >> 3) & 0x1f) << 1));
		else if ((hw & 0xff00) == 0xbd00)	/* POP {..., pc} */
			in->type = INSN_STOP;
		return;
	case 26:
	case 27:
		if (((hw >> 8) & 15) < 14)		/* B<c> */
			set_insn(in, INSN_BRANCH, insn_rel(off,
				 sign_extend((hw & 0xff) << 1, 9) + 4));
		else if (((hw >> 8) & 15) == 14)	/* UDF */
			in->type = INSN_STOP;
		return;
	case 28:					/* B */
		set_insn(in, INSN_JUMP, insn_rel(off,
			 sign_extend((hw & 0x7ff) << 1, 12) + 4));
		return;
	default:
		return;
	}
}

static void decode_thumb32(uint16_t hw1, uint16_t hw2, uint64_t off,
			   struct insn *in)
{
	uint64_t base = (off + 4) & ~3ull, imm;

	if ((hw1 & 0xf800) == 0xf000 && (hw2 & 0x8000)) {
		/* Branches and miscellaneous control. */
		if ((hw2 & 0x5000) == 0x5000)		/* BL */
			set_insn(in, INSN_CALL, insn_rel(off,
				 thumb_branch_rel(hw1, hw2)));
		else if (hw2 & 0x4000)			/* BLX: to ARM */
			set_insn(in, INSN_CALL, insn_rel(base - 4,
				 thumb_branch_rel(hw1, hw2 & ~1)));
		else if (hw2 & 0x1000)			/* B.W */
			set_insn(in, INSN_JUMP, insn_rel(off,
				 thumb_branch_rel(hw1, hw2)));
		else if (((hw1 >> 6) & 15) < 14)	/* B<c>.W */
			set_insn(in, INSN_BRANCH, insn_rel(off,
				 thumb_cond_rel(hw1, hw2)));
		else if ((hw1 & 0xfff0) == 0xf7f0 && (hw2 & 0xf000) == 0xa000)
			in->type = INSN_STOP;		/* UDF.W */
		return;
	}
	if ((hw1 & 0xfbff) == 0xf20f || (hw1 & 0xfbff) == 0xf2af) {
		/* ADR (ADDW, SUBW rd, pc, #imm12) */
		imm = ((hw1 >> 10) & 1) << 11 | ((hw2 >> 12) & 7) << 8 |
		      (hw2 & 0xff);
		set_insn(in, INSN_ADDR, hw1 & 0xa0 ? base - imm : base + imm);
		return;
	}
	if ((hw1 & 0xfe1f) == 0xf81f && (hw1 & 0x60) != 0x60 &&
	    ((hw2 >> 12) != 15 || (hw1 & 0x60) == 0x40)) {
		/* LDR, LDRB, LDRH, LDRSB, LDRSH (literal); not PLD, PLI */
		imm = hw2 & 0xfff;
		if ((hw2 >> 12) == 15)
			in->type = INSN_STOP;		/* LDR pc, =... */
		else
			set_insn(in, INSN_ADDR,
				 hw1 & 0x80 ? base + imm : base - imm);
		return;
	}
	if ((hw1 & 0xff7f) == 0xe95f ||			/* LDRD literal */
	    ((hw1 & 0xff3f) == 0xed1f && (hw2 & 0x0e00) == 0x0a00)) {
		imm = (hw2 & 0xff) * 4;			/* VLDR literal */
		set_insn(in, INSN_ADDR, hw1 & 0x80 ? base + imm : base - imm);
		return;
	}
	/* LDM {..., pc}, TBB, TBH (its table follows), LDR pc */
	if (((hw1 & 0xfe50) == 0xe810 && (hw2 & 0x8000)) ||
	    ((hw1 & 0xfff0) == 0xe8d0 && (hw2 & 0xffe0) == 0xf000) ||
	    ((hw1 & 0xfe70) == 0xf850 && (hw2 >> 12) == 15))
		in->type = INSN_STOP;
}

static void arm_decode_insn(const struct code_view *v, uint64_t off,
			    struct insn *in)
{
	uint16_t hw;

	in->type = INSN_OTHER;
	in->target = 0;
	in->len = 2;
	if (v->mode == CODE_DATA || off + 2 > v->size) {
		in->type = INSN_DATA;
		return;
	}
	if (v->mode == CODE_NATIVE) {
		/* ARM code is 4-aligned: a halfword off it is data. */
		if ((off & 3) || off + 4 > v->size) {
			in->type = INSN_DATA;
			return;
		}
		in->len = 4;
		decode_arm(rd32(v->code + off), off, in);
		return;
	}
	hw = rd16(v->code + off);
	if ((hw >> 11) < 0x1d) {
		decode_thumb16(hw, off, in);
		return;
	}
	if (off + 4 > v->size) {
		in->type = INSN_DATA;
		return;
	}
	in->len = 4;
	decode_thumb32(hw, rd16(v->code + off + 2), off, in);
}

/* ------------------------------------------------------------------ */
/* The register tracker. */

/*
 * r.aux holds what else flows along a path: the instructions left in a
 * Thumb IT block (low byte) and the condition of a conditional anchor
 * load (see follow()), 14 when there is none.
 */
#define AUX_IT(aux)	((aux) & 0xffu)
#define AUX_COND(aux)	((aux) >> 8)
#define AUX(it, cond)	((it) | (cond) << 8)

struct tracker {
	/* First: anchor.h's flow callbacks take the tracker as theirs. */
	struct anchor_tracker a;	/* a.r: rn holds anchor + value[n] */
	bool thumb;
	uint64_t end;		/* of the function */
	unsigned int it;	/* Thumb: instructions left in an IT block */
	enum flow flow;		/* set by a branch */
	unsigned int branch_cond;	/* its condition (ARM) */
	uint64_t target;
	bool flags_set;		/* the instruction may change the flags */
};
/* r15 is the pc: never an anchor's, so never tracked. */
static void track(struct tracker *t, unsigned int reg, int64_t v)
{
	if (reg < 15)
		anchor_set(&t->a, reg, v, false);
}

/* rd = rs + d, an index added if rs has one or 'index'. */
static void copy(struct tracker *t, unsigned int rd, unsigned int rs,
		 int64_t d, bool index)
{
	bool had = t->a.r.indexed & (1u << rs);
	uint32_t def = index ? (uint32_t)t->a.pc + 1 : t->a.r.def[rs];

	track(t, rd, t->a.r.value[rs] + d);
	if ((index || had) && rd < 15) {
		t->a.r.indexed |= 1u << rd;
		t->a.r.def[rd] = def;
	}
}

/* A call: r0-r3 are arguments, r0-r3, r12 and lr do not survive it. */
static void call(struct tracker *t)
{
	unsigned int r;

	t->a.called = true;
	for (r = 0; r < 4; r++)
		anchor_use_arg(&t->a, r);
	t->a.r.live &= ~0x500fu;
}

/* rd = rn + rm (or rn - rm): a pointer into the same object, if one is. */
static void add_reg(struct tracker *t, unsigned int rd, unsigned int rn,
		    unsigned int rm, bool sub)
{
	bool tn = anchor_tracked(&t->a, rn), tm = anchor_tracked(&t->a, rm);

	if (tn && !tm) {
		copy(t, rd, rn, 0, true);
	} else if (tm && !tn && !sub) {
		copy(t, rd, rm, 0, true);
	} else {
		if (tn && tm && !sub) {
			anchor_use(&t->a, t->a.r.value[rn]);
			anchor_use(&t->a, t->a.r.value[rm]);
		}
		anchor_kill(&t->a, rd);
	}
}

/*
 * rd = ra + rn * rm (MLA, MLS): with ra an anchor, an index scaled into its
 * object, as Thumb code steps through an array of 12-byte structs
 * ("mla r3, r2, r0, r3" before "ldr r0, [r3, #48]").
 */
static void mla(struct tracker *t, unsigned int rd, unsigned int ra,
		unsigned int rn, unsigned int rm)
{
	if (anchor_tracked(&t->a, ra) && !anchor_tracked(&t->a, rn) &&
	    !anchor_tracked(&t->a, rm)) {
		copy(t, rd, ra, 0, true);
		return;
	}
	anchor_use_reg(&t->a, ra);
	anchor_kill(&t->a, rd);
}

/* rd = rn +- imm */
static void add_imm(struct tracker *t, unsigned int rd, unsigned int rn,
		    int64_t imm)
{
	if (anchor_tracked(&t->a, rn))
		copy(t, rd, rn, imm, false);
	else
		anchor_kill(&t->a, rd);
}

/* A load or store through rn at offset 'off', with optional writeback. */
static void access(struct tracker *t, unsigned int rn, int64_t off,
		   bool pre, bool wback)
{
	if (!anchor_tracked(&t->a, rn))
		return;
	if (pre && off && (t->a.r.indexed & (1u << rn)))
		index_sites_add(&t->a.displaced, t->a.r.def[rn]);
	anchor_use(&t->a, t->a.r.value[rn] + (pre ? off : 0));
	if (wback || !pre)
		t->a.r.value[rn] += off;
}

static void block_transfer(struct tracker *t, unsigned int rn, uint32_t list,
			   bool load)
{
	unsigned int r;

	anchor_use_reg(&t->a, rn);
	for (r = 0; r < 15; r++) {
		if (!(list & (1u << r)))
			continue;
		if (load)
			anchor_kill(&t->a, r);
		else
			anchor_use_reg(&t->a, r);
	}
}

/*
 * What one ARM instruction does to the registers (where it goes is
 * arm_decode_insn()'s: step_one()).  Branches keep the registers, as
 * compilers keep anchors live across blocks.
 */
static void step_arm(struct tracker *t, uint32_t insn)
{
	unsigned int cond = insn >> 28, op1 = (insn >> 25) & 7;
	unsigned int rn = (insn >> 16) & 15, rd = (insn >> 12) & 15;
	unsigned int rm = insn & 15;

	if (cond == 15) {
		if ((insn & 0xff100000) == 0xf4000000)		/* VLDn/VSTn */
			anchor_use_reg(&t->a, rn);
		else if ((insn & 0x0c000000) == 0x04000000)	/* PLD */
			anchor_use_reg(&t->a, rn);
		return;
	}
	switch (op1) {
	case 0:
	case 1:
		if (op1 == 0 && (insn & 0x90) == 0x90 && (insn & 0x60)) {
			/* Extra load/store: halfword, signed byte, dual. */
			unsigned int op2 = (insn >> 5) & 3;
			bool load = insn & (1u << 20);
			bool dual = !load && (op2 & 2);
			int64_t imm = ((insn >> 4) & 0xf0) | (insn & 15);

			if (!(insn & (1u << 23)))
				imm = -imm;
			if (rn == 15) {
				anchor_kill(&t->a, rd);
				if (dual)
					anchor_kill(&t->a, rd + 1);
				return;
			}
			if (insn & (1u << 22)) {
				access(t, rn, imm, insn & (1u << 24),
				       insn & (1u << 21));
			} else {
				anchor_use_reg(&t->a, rn);
				anchor_use_reg(&t->a, rm);
			}
			if (dual && op2 == 3) {			/* STRD */
				anchor_use_reg(&t->a, rd);
				anchor_use_reg(&t->a, rd + 1);
			} else if (dual) {			/* LDRD */
				anchor_kill(&t->a, rd);
				anchor_kill(&t->a, rd + 1);
			} else if (load) {
				anchor_kill(&t->a, rd);
			} else {				/* STRH */
				anchor_use_reg(&t->a, rd);
			}
			return;
		}
		if (op1 == 0 && (insn & 0x90) == 0x90) {
			if ((insn & 0x0f0000f0) == 0x00000090 ||
			    (insn & 0x0f8000f0) == 0x00800090) {
				/* Multiplies. */
				if (insn & (1u << 20))
					t->flags_set = true;
				/* MLA, MLS: Rd 19:16, Ra 15:12, Rm 11:8, Rn 3:0 */
				if ((insn & 0x0fa000f0) == 0x00200090) {
					mla(t, rn, (insn >> 12) & 15,
					    (insn >> 8) & 15, insn & 15);
					return;
				}
				anchor_kill(&t->a, rn);
				if (insn & (1u << 23))
					anchor_kill(&t->a, rd);
				return;
			}
			/* Synchronisation: SWP, LDREX, STREX and friends. */
			anchor_use_reg(&t->a, rn);
			if (insn & (1u << 20)) {
				anchor_kill(&t->a, rd);
			} else {
				anchor_use_reg(&t->a, rm);
				anchor_kill(&t->a, rd);
			}
			return;
		}
		if ((insn & 0x01900000) == 0x01000000) {
			/* Miscellaneous, MOVW, MOVT, MSR (immediate). */
			if ((insn & 0x0ffffff0) == 0x012fff10) {	/* BX */
				if (rm != 14)
					anchor_use_reg(&t->a, rm);
				return;
			}
			if ((insn & 0x0ffffff0) == 0x012fff30) {	/* BLX */
				anchor_use_reg(&t->a, rm);
				call(t);
				return;
			}
			if ((insn & 0x0fb00000) == 0x03000000 ||	/* MOVW/T */
			    (insn & 0x0fbf0fff) == 0x010f0000 ||	/* MRS */
			    (insn & 0x0fff0ff0) == 0x016f0f10)		/* CLZ */
				anchor_kill(&t->a, rd);
			return;
		}
		/* Data processing. */
		{
			unsigned int opc = (insn >> 21) & 15;

			if (insn & (1u << 20))
				t->flags_set = true;
			bool imm = op1 == 1;
			bool plain = imm || !(insn & 0xff0);	/* no shift */

			if (opc >= 8 && opc <= 11)		/* TST..CMN */
				return;
			if (opc == 13) {			/* MOV */
				if (!imm && plain && anchor_tracked(&t->a, rm))
					copy(t, rd, rm, 0, false);
				else
					anchor_kill(&t->a, rd);
				if (rd == 15 && !imm)
					anchor_use_reg(&t->a, rm);
				return;
			}
			if ((opc == 4 || opc == 2) && rn != 15) {	/* ADD, SUB */
				if (imm) {
					int64_t v = arm_expand_imm(insn);

					add_imm(t, rd, rn, opc == 2 ? -v : v);
				} else if (insn & 0x10) {
					anchor_kill(&t->a, rd);	/* register-shifted */
				} else {
					add_reg(t, rd, rn, rm, opc == 2);
				}
			} else {
				anchor_use_reg(&t->a, rn);
				if (!imm)
					anchor_use_reg(&t->a, rm);
				anchor_kill(&t->a, rd);
			}
			return;
		}
	case 2:
	case 3:
		if (op1 == 3 && (insn & 0x10)) {
			/* Media: extends, bit fields, reversals, SIMD. */
			anchor_kill(&t->a, rd);
			if ((insn & 0x01800000) == 0x01000000)
				anchor_kill(&t->a, rn);	/* signed multiplies */
			return;
		}
		/* Load/store word or byte. */
		{
			bool load = insn & (1u << 20);
			int64_t off = insn & 0xfff;

			if (!(insn & (1u << 23)))
				off = -off;
			if (rn == 15) {
				if (load)
					anchor_kill(&t->a, rd);
				return;
			}
			if (op1 == 2) {
				access(t, rn, off, insn & (1u << 24),
				       insn & (1u << 21));
			} else {
				anchor_use_reg(&t->a, rn);
				anchor_use_reg(&t->a, rm);
			}
			if (!load) {
				anchor_use_reg(&t->a, rd);
				return;
			}
			anchor_kill(&t->a, rd);
			return;
		}
	case 4:
		/* LDM/STM, PUSH, POP. */
		block_transfer(t, rn, insn & 0xffff, insn & (1u << 20));
		return;
	case 5:						/* B, BL */
		return;
	default:
		if ((insn & 0x0e000000) == 0x0c000000) {
			if ((insn & 0x0fe00000) == 0x0c400000) {	/* MCRR/MRRC */
				if (insn & (1u << 20)) {
					anchor_kill(&t->a, rd);
					anchor_kill(&t->a, rn);
				}
				return;
			}
			/* LDC/STC, VLDR/VSTR, VLDM/VSTM. */
			if (anchor_tracked(&t->a, rn)) {
				int64_t off = (insn & 0xff) * 4;

				if (!(insn & (1u << 23)))
					off = -off;
				if ((insn & (1u << 24)) && !(insn & (1u << 21)))
					anchor_use(&t->a, t->a.r.value[rn] + off);
				else
					anchor_use(&t->a, t->a.r.value[rn]);
			}
			return;
		}
		if ((insn & 0x0f100010) == 0x0e100010)	/* MRC, VMOV to core */
			anchor_kill(&t->a, rd);
		return;
	}
}

static uint32_t thumb_expand_imm(uint16_t hw1, uint16_t hw2)
{
	uint32_t imm12 = ((hw1 >> 10) & 1) << 11 | ((hw2 >> 12) & 7) << 8 |
			 (hw2 & 0xff);
	uint32_t v = imm12 & 0xff, rot;

	if (!(imm12 >> 10)) {
		switch ((imm12 >> 8) & 3) {
		case 0: return v;
		case 1: return v | v << 16;
		case 2: return v << 8 | v << 24;
		default: return v | v << 8 | v << 16 | v << 24;
		}
	}
	rot = imm12 >> 7;
	v = 0x80 | (imm12 & 0x7f);
	return (v >> rot) | (v << (32 - rot));
}

static void step_thumb16(struct tracker *t, uint16_t hw)
{
	unsigned int lo = hw & 7, mid = (hw >> 3) & 7, hi = (hw >> 6) & 7;
	unsigned int r8 = (hw >> 8) & 7;

	switch (hw >> 11) {
	case 0: case 1: case 2:			/* LSL/LSR/ASR (immediate) */
		if ((hw >> 6) == 0 && anchor_tracked(&t->a, mid))	/* MOVS rd, rm */
			copy(t, lo, mid, 0, false);
		else
			anchor_kill(&t->a, lo);
		return;
	case 3:					/* ADD/SUB, reg or imm3 */
		if (hw & (1u << 10))
			add_imm(t, lo, mid, hw & (1u << 9) ? -(int64_t)hi : hi);
		else
			add_reg(t, lo, mid, hi, hw & (1u << 9));
		return;
	case 4:					/* MOV imm8 */
		anchor_kill(&t->a, r8);
		return;
	case 5:					/* CMP imm8 */
		return;
	case 6:
		add_imm(t, r8, r8, hw & 0xff);
		return;
	case 7:
		add_imm(t, r8, r8, -(int64_t)(hw & 0xff));
		return;
	case 8:
		if (!(hw & 0x400)) {		/* data processing */
			unsigned int op = (hw >> 6) & 15;

			if (op == 8 || op == 10 || op == 11)	/* TST, CMP, CMN */
				return;
			anchor_use_reg(&t->a, lo);
			anchor_use_reg(&t->a, mid);
			anchor_kill(&t->a, lo);
			return;
		}
		{				/* special data, BX, BLX */
			unsigned int rdn = lo | ((hw >> 4) & 8);
			unsigned int rm = (hw >> 3) & 15;

			switch ((hw >> 8) & 3) {
			case 0:
				if (rdn != 15)
					add_reg(t, rdn, rdn, rm, false);
				return;
			case 1:
				return;
			case 2:
				if (rdn == 15) {
					anchor_use_reg(&t->a, rm);
					return;
				}
				if (anchor_tracked(&t->a, rm))
					copy(t, rdn, rm, 0, false);
				else
					anchor_kill(&t->a, rdn);
				return;
			default:
				if (hw & 0x80) {
					anchor_use_reg(&t->a, rm);
					call(t);
					return;
				}
				if (rm != 14)
					anchor_use_reg(&t->a, rm);
				return;
			}
		}
	case 9:					/* LDR literal */
		anchor_kill(&t->a, r8);
		return;
	case 10: case 11: {			/* load/store, register offset */
		unsigned int op = (hw >> 9) & 7;

		anchor_use_reg(&t->a, mid);
		anchor_use_reg(&t->a, hi);
		if (op < 3)
			anchor_use_reg(&t->a, lo);
		else
			anchor_kill(&t->a, lo);
		return;
	}
	case 12: case 13: case 14: case 15: case 16: case 17: {
		/* LDR/STR, LDRB/STRB, LDRH/STRH with imm5 */
		unsigned int scale = (hw >> 11) >= 16 ? 1 :
				     (hw >> 12) == 7 ? 0 : 2;
		bool load = hw & (1u << 11);

		access(t, mid, (int64_t)((hw >> 6) & 31) << scale, true, false);
		if (load)
			anchor_kill(&t->a, lo);
		else
			anchor_use_reg(&t->a, lo);
		return;
	}
	case 18:				/* STR rt, [sp, #imm] */
		anchor_use_reg(&t->a, r8);
		return;
	case 19:				/* LDR rt, [sp, #imm] */
	case 20:				/* ADR */
	case 21:				/* ADD rd, sp, #imm */
		anchor_kill(&t->a, r8);
		return;
	case 22: case 23:			/* miscellaneous */
		if ((hw & 0xff00) == 0xb200 || (hw & 0xff00) == 0xba00) {
			anchor_kill(&t->a, lo);		/* extend, reverse */
		} else if ((hw & 0xfe00) == 0xb400) {	/* PUSH */
			block_transfer(t, 13, hw & 0xff, false);
		} else if ((hw & 0xfe00) == 0xbc00) {	/* POP */
			block_transfer(t, 13, hw & 0xff, true);
		} else if ((hw & 0xff00) == 0xbf00 && (hw & 15)) {	/* IT */
			unsigned int mask = hw & 15;

			t->it = 4 - __builtin_ctz(mask);
		}
		return;
	case 24: case 25:			/* STM/LDM */
		block_transfer(t, r8, hw & 0xff, hw & (1u << 11));
		return;
	default:				/* B<c>, UDF, SVC, B */
		return;
	}
}

static void step_thumb32(struct tracker *t, uint16_t hw1, uint16_t hw2)
{
	unsigned int rn = hw1 & 15, rd = (hw2 >> 8) & 15, rt = hw2 >> 12;
	unsigned int rm = hw2 & 15;

	if ((hw1 & 0xf800) == 0xf000 && (hw2 & 0x8000)) {
		/* Branches (step_one()) and miscellaneous control. */
		if ((hw1 & 0xffe0) == 0xf3e0 && !(hw2 & 0x5000))	/* MRS */
			anchor_kill(&t->a, rd);
		return;
	}
	if ((hw1 & 0xfa00) == 0xf000) {
		/* Data processing, modified immediate. */
		unsigned int op = (hw1 >> 5) & 15;
		int64_t imm = thumb_expand_imm(hw1, hw2);

		if (rd == 15 && (op == 0 || op == 4 || op == 8 || op == 13))
			return;			/* TST, TEQ, CMN, CMP */
		if (op == 8)
			add_imm(t, rd, rn, imm);
		else if (op == 13)
			add_imm(t, rd, rn, -imm);
		else {
			if (rn != 15)
				anchor_use_reg(&t->a, rn);
			anchor_kill(&t->a, rd);
		}
		return;
	}
	if ((hw1 & 0xfa00) == 0xf200) {
		/* Plain binary immediate: ADDW, SUBW, MOVW, MOVT, bit fields. */
		unsigned int op = (hw1 >> 4) & 0x1f;
		int64_t imm = ((hw1 >> 10) & 1) << 11 | ((hw2 >> 12) & 7) << 8 |
			      (hw2 & 0xff);

		if ((op == 0 || op == 0x0a) && rn != 15)
			add_imm(t, rd, rn, op ? -imm : imm);
		else
			anchor_kill(&t->a, rd);
		return;
	}
	if ((hw1 & 0xfe40) == 0xe800) {
		/* LDM/STM (PUSH.W/POP.W). */
		bool load = hw1 & 0x10;

		block_transfer(t, rn, hw2, load);
		return;
	}
	if ((hw1 & 0xfe40) == 0xe840) {
		/* Load/store dual, exclusive, table branch. */
		bool load = hw1 & 0x10;

		if (hw1 & 0x120) {			/* LDRD/STRD */
			int64_t off = (hw2 & 0xff) * 4;

			if (!(hw1 & 0x80))
				off = -off;
			if (rn != 15)
				access(t, rn, off, hw1 & 0x100, hw1 & 0x20);
			if (load) {
				anchor_kill(&t->a, rt);
				anchor_kill(&t->a, rd);
			} else {
				anchor_use_reg(&t->a, rt);
				anchor_use_reg(&t->a, rd);
			}
			return;
		}
		if ((hw1 & 0xfff0) == 0xe8d0 && (hw2 & 0xffe0) == 0xf000) {
			anchor_use_reg(&t->a, rn);			/* TBB, TBH */
			return;
		}
		anchor_use_reg(&t->a, rn);
		if ((hw1 & 0xfff0) == 0xe840) {		/* STREX */
			anchor_use_reg(&t->a, rt);
			anchor_kill(&t->a, rd);
		} else if ((hw1 & 0xfff0) == 0xe850) {	/* LDREX */
			anchor_kill(&t->a, rt);
		} else if (load) {
			anchor_kill(&t->a, rt);
			anchor_kill(&t->a, rd);
		} else {
			anchor_use_reg(&t->a, rt);
			anchor_kill(&t->a, rm);
		}
		return;
	}
	if ((hw1 & 0xfe00) == 0xea00) {
		/* Data processing, shifted register. */
		unsigned int op = (hw1 >> 5) & 15;
		bool plain = !(hw2 & 0x70f0);

		if (rd == 15 && (op == 0 || op == 4 || op == 8 || op == 13))
			return;			/* TST, TEQ, CMN, CMP */
		if (op == 2 && rn == 15) {		/* MOV.W */
			if (plain && anchor_tracked(&t->a, rm))
				copy(t, rd, rm, 0, false);
			else
				anchor_kill(&t->a, rd);
		} else if (op == 8 || op == 13) {
			if (anchor_tracked(&t->a, rm) && !plain)
				anchor_kill(&t->a, rd);
			else
				add_reg(t, rd, rn, rm, op == 13);
		} else {
			anchor_use_reg(&t->a, rn);
			anchor_use_reg(&t->a, rm);
			anchor_kill(&t->a, rd);
		}
		return;
	}
	if ((hw1 & 0xfe00) == 0xf800) {
		/* Load/store single. */
		bool load = hw1 & 0x10;

		if ((hw1 & 0x110) == 0x100) {		/* VLDn/VSTn */
			anchor_use_reg(&t->a, rn);
			return;
		}
		if (rn == 15) {
			if (load)
				anchor_kill(&t->a, rt);
			return;
		}
		if (hw1 & 0x80) {
			access(t, rn, hw2 & 0xfff, true, false);
		} else if (hw2 & 0x800) {
			int64_t off = hw2 & 0xff;

			if (!(hw2 & 0x200))
				off = -off;
			access(t, rn, off, hw2 & 0x400, hw2 & 0x100);
		} else {
			anchor_use_reg(&t->a, rn);
			anchor_use_reg(&t->a, rm);
		}
		if (!load) {
			anchor_use_reg(&t->a, rt);
			return;
		}
		if (rt != 15)	/* LDR pc: a return or jump; else PLD */
			anchor_kill(&t->a, rt);
		return;
	}
	if ((hw1 & 0xee00) == 0xec00) {
		/* Coprocessor, VFP loads and stores, register transfers. */
		if ((hw1 & 0xffe0) == 0xec40) {		/* MCRR/MRRC */
			if (hw1 & 0x10) {
				anchor_kill(&t->a, rt);
				anchor_kill(&t->a, rn);
			}
			return;
		}
		if (anchor_tracked(&t->a, rn)) {
			int64_t off = (hw2 & 0xff) * 4;

			if (!(hw1 & 0x80))
				off = -off;
			if ((hw1 & 0x100) && !(hw1 & 0x20))
				anchor_use(&t->a, t->a.r.value[rn] + off);
			else
				anchor_use(&t->a, t->a.r.value[rn]);
		}
		return;
	}
	if ((hw1 & 0xef10) == 0xee10 && (hw2 & 0x10)) {	/* MRC, VMOV */
		anchor_kill(&t->a, rt);
		return;
	}
	/* MLA, MLS: Rn in hw1, then Ra, Rd, 0000 or 0001, Rm (Ra 15: MUL). */
	if ((hw1 & 0xfff0) == 0xfb00 && (hw2 & 0xe0) == 0 &&
	    (hw2 >> 12) != 15) {
		mla(t, (hw2 >> 8) & 15, hw2 >> 12, hw1 & 15, hw2 & 15);
		return;
	}
	if ((hw1 & 0xff00) == 0xfa00 || (hw1 & 0xff00) == 0xfb00) {
		/* Register shifts, extends, multiplies. */
		anchor_kill(&t->a, rd);
		if ((hw1 & 0xff80) == 0xfb80)
			anchor_kill(&t->a, rt);
	}
}

/*
 * One instruction at t->a.pc: its length (also when the path ends there:
 * a return, an indirect jump, the end of the function, set *stop).  Where
 * it goes is arm_decode_insn()'s; what it does to registers, the steps'.
 */
static unsigned int step_one(struct tracker *t, const struct arm_walk *aw,
			     bool *stop)
{
	struct code_view v = {
		.code = aw->code, .size = aw->size,
		.mode = t->thumb ? CODE_THUMB : CODE_NATIVE,
	};
	uint64_t off = t->a.pc;
	bool always = !t->it;
	struct insn in;
	uint16_t hw;

	t->flow = FLOW_NEXT;
	t->branch_cond = 14;
	t->flags_set = t->thumb;
	*stop = true;
	arm_decode_insn(&v, off, &in);
	if (off + in.len > t->end || in.type == INSN_DATA)
		return in.len;
	hw = rd16(aw->code + off);
	if (!t->thumb)
		step_arm(t, rd32(aw->code + off));
	else if (in.len == 4)
		step_thumb32(t, hw, rd16(aw->code + off + 2));
	else
		step_thumb16(t, hw);
	*stop = in.type == INSN_STOP && always;
	if (in.type == INSN_CALL) {
		call(t);
	} else if (in.type == INSN_JUMP || in.type == INSN_BRANCH) {
		t->flow = in.type == INSN_JUMP && always ? FLOW_JUMP :
							     FLOW_BRANCH;
		t->target = in.target;
		if (!t->thumb)
			t->branch_cond = rd32(aw->code + off) >> 28;
	}
	/* IT counts from the next instruction. */
	if (t->it && !(in.len == 2 && (hw & 0xff00) == 0xbf00 && (hw & 15)))
		t->it--;
	return in.len;
}

/* flow_follow()'s view of step_one(). */
static enum flow step_at(void *tracker, uint64_t off, uint64_t *next,
			 uint64_t *target)
{
	struct tracker *t = tracker;
	const struct arm_walk *aw = t->a.w->priv;
	uint64_t region_end;
	enum code_mode m = code_map_mode(&aw->map, off,
					 t->thumb ? CODE_THUMB : CODE_NATIVE,
					 UINT64_MAX, &region_end);
	unsigned int cond = AUX_COND(t->a.r.aux);
	bool stop;

	if (m == CODE_DATA) {
		if (region_end == UINT64_MAX)
			return FLOW_STOP;
		*next = region_end;
		return FLOW_NEXT;
	}
	if ((m == CODE_THUMB) != t->thumb)
		return FLOW_STOP;
	t->a.pc = off;
	t->it = AUX_IT(t->a.r.aux);
	t->a.called = false;
	*next = off + step_one(t, aw, &stop);
	if (t->a.called && reloc_noreturn_call(t->a.w, off, *next)) {
		stop = true;
	} else if (stop && *next <= t->end) {
		/* A return (r0 holds the value) or an indirect tail call. */
		anchor_use_arg(&t->a, 0);
	}
	if (t->flags_set)
		cond = 14;
	t->a.r.aux = AUX(t->it, cond);
	if (stop)
		return FLOW_STOP;
	if (t->flow == FLOW_NEXT)
		return FLOW_NEXT;
	if (cond < 14 && t->flow == FLOW_BRANCH) {
		if (t->branch_cond == cond)
			t->flow = FLOW_JUMP;
		else if (t->branch_cond == (cond ^ 1))
			return FLOW_NEXT;
	}
	/*
	 * A branch to itself is one with a relocation (the field holds its
	 * addend): to another function.
	 */
	if (t->target == t->a.pc)
		return t->flow == FLOW_JUMP ? FLOW_LEAVE : FLOW_NEXT;
	*target = t->target;
	return t->flow;
}

/* A tail call: r0-r3 are its arguments. */
static void leave(void *tracker)
{
	unsigned int r;

	for (r = 0; r < 4; r++)
		anchor_use_arg(tracker, r);
}

/*
 * Follow register 'reg' = symbol + base from 'off' on, in the function
 * that holds 'from' (the relocated instruction or pool word), along its
 * control flow (flow.h).
 */
static int follow(struct reloc_walk *w, size_t i, uint64_t from, uint64_t off,
		  bool thumb, unsigned int reg, int64_t base,
		  unsigned int *uses)
{
	struct arm_walk *aw = w->priv;
	uint64_t start, end = aw->size;
	/*
	 * A conditional load (ldrne rX, =sym) sets the register only where
	 * its condition holds: until the flags change, a branch on that
	 * condition keeps the register on its taken side only, one on the
	 * opposite condition on its fall-through only.
	 */
	unsigned int cond = !thumb && off >= 4 ? rd32(aw->code + off - 4) >> 28 :
						 14;
	struct flow_walk fw;
	struct tracker t;

	memset(&t, 0, sizeof(t));
	t.a.w = w;
	t.a.rel = i;
	t.a.sym = w->relocs[i].sym;
	t.thumb = thumb;
	track(&t, reg, base);
	t.a.base = base;
	t.a.r.aux = AUX(0, cond);
	reloc_function_bounds(w, from, &start, &end);
	if (off < start || off >= end)
		start = off & ~1ull;
	t.end = end;
	fw = (struct flow_walk){
		.code = aw->code, .start = start & ~1ull, .end = end,
		.granule = thumb ? 2 : 4, .limit = ANCHOR_SCAN_LIMIT,
		.aux_unknown = AUX(0, 14),
		.cache = &w->flow_cache, .mod = w->mod, .walk = w,
		.tracker = &t,
		.regs = &t.a.r, .step = step_at, .leave = leave,
		.use_all = anchor_flow_use_all, .restart = anchor_flow_restart,
	};
	if (flow_follow(&fw, off))
		return module_fail(w->mod, "out of memory");
	*uses += t.a.uses;
	return t.a.err;
}

/* A pool word "symbol + addend": follow every load of it. */
static enum reloc_verdict follow_literal(struct reloc_walk *w, size_t i,
					 int64_t addend)
{
	struct arm_walk *aw = w->priv;
	uint64_t off = w->relocs[i].offset;
	unsigned int uses = 0;
	long lo = 0, hi;

	if (!aw->lits_done && find_literals(w, aw))
		return RELOC_BAD;
	hi = (long)aw->nlits;
	while (lo < hi) {
		long mid = (lo + hi) / 2;

		if (aw->lits[mid].addr < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; (size_t)lo < aw->nlits && aw->lits[lo].addr == off; lo++)
		if (follow(w, i, off, aw->lits[lo].next, aw->lits[lo].thumb,
			   aw->lits[lo].rt, addend, &uses))
			return RELOC_BAD;
	/* Nothing seen using it: the word itself is the reference. */
	if (!uses && reloc_emit(w, i, addend, true))
		return RELOC_BAD;
	return w->mod->error[0] ? RELOC_BAD : RELOC_DONE;
}

/* ------------------------------------------------------------------ */
/* Fields. */

/*
 * Does record i locate its target by address rather than by a symbol that
 * names an object?  Section symbols, and the .LANCHORn labels that gas
 * keeps for MOVW/MOVT (its REL addend field is only 16 bits wide).
 */
static bool by_address(const struct reloc_walk *w, size_t i)
{
	uint32_t sym = w->relocs[i].sym;

	return sym && sym < w->mod->elf.nsymbols &&
	       w->mod->elf.symbols[sym].shndx != SHN_UNDEF &&
	       w->mod->sym_object[sym] == NO_OBJECT;
}

static bool is_movw(uint32_t type)
{
	return type == R_ARM_MOVW_ABS_NC || type == R_ARM_THM_MOVW_ABS_NC;
}

static bool is_movt(uint32_t type)
{
	return type == R_ARM_MOVT_ABS || type == R_ARM_THM_MOVT_ABS;
}

static bool is_thumb_type(uint32_t type)
{
	return type == R_ARM_THM_MOVW_ABS_NC || type == R_ARM_THM_MOVT_ABS;
}

/* imm16 and Rd of a MOVW/MOVT (ARM or Thumb-2 encoding). */
static void mov16(const unsigned char *p, bool thumb, uint32_t *imm,
		  unsigned int *rd)
{
	if (thumb) {
		uint16_t hw1 = rd16(p), hw2 = rd16(p + 2);

		*imm = (uint32_t)(hw1 & 15) << 12 | ((hw1 >> 10) & 1) << 11 |
		       ((hw2 >> 12) & 7) << 8 | (hw2 & 0xff);
		*rd = (hw2 >> 8) & 15;
	} else {
		uint32_t insn = rd32(p);

		*imm = ((insn >> 4) & 0xf000) | (insn & 0xfff);
		*rd = (insn >> 12) & 15;
	}
}

/* Is there a MOVT that completes the MOVW of record i? */
static bool movw_has_movt(struct reloc_walk *w, size_t i, unsigned int rd)
{
	const struct elf_reloc *r = &w->relocs[i];
	size_t j;

	for (j = i + 1; j < w->count && j <= i + MOVW_PAIR_WINDOW; j++) {
		const struct elf_reloc *q = &w->relocs[j];
		const unsigned char *p;
		unsigned int qrd;
		uint32_t imm;

		if (!is_movt(q->type) || q->sym != r->sym ||
		    is_thumb_type(q->type) != is_thumb_type(r->type))
			continue;
		p = reloc_field(w, j, 4);
		if (!p)
			continue;
		mov16(p, is_thumb_type(q->type), &imm, &qrd);
		if (qrd == rd)
			return true;
	}
	return false;
}

static enum reloc_verdict arm_decode(struct reloc_walk *w, size_t i,
				     int64_t *addend, bool *exact)
{
	struct arm_walk *aw = w->priv;
	uint32_t type = w->relocs[i].type;
	const unsigned char *p;
	uint32_t v;

	(void)exact;
	switch (type) {
	case R_ARM_NONE:
	case R_ARM_V4BX:
		return RELOC_IGNORE;
	case R_ARM_ABS32:
	case R_ARM_REL32:
	case R_ARM_PREL31:
	case R_ARM_PC24:
	case R_ARM_CALL:
	case R_ARM_JUMP24:
	case R_ARM_MOVW_ABS_NC:
	case R_ARM_MOVT_ABS:
	case R_ARM_THM_MOVW_ABS_NC:
	case R_ARM_THM_MOVT_ABS:
	case R_ARM_THM_CALL:
	case R_ARM_THM_JUMP24:
	case R_ARM_THM_JUMP19:
		break;
	case R_ARM_THM_JUMP11:
	case R_ARM_THM_JUMP8:
		p = reloc_field(w, i, 2);
		if (!p)
			return RELOC_BAD;
		v = rd16(p);
		/* Thumb: the CPU adds to the address of the branch + 4. */
		*addend = type == R_ARM_THM_JUMP11 ?
			  sign_extend((v & 0x7ff) << 1, 12) + 4 :
			  sign_extend((v & 0xff) << 1, 9) + 4;
		return RELOC_REF;
	default:
		return RELOC_UNKNOWN;
	}

	p = reloc_field(w, i, 4);
	if (!p)
		return RELOC_BAD;

	switch (type) {
	case R_ARM_ABS32:
	case R_ARM_REL32:
		/* Data: the addend is the word (S + A, or S + A - P). */
		*addend = (int32_t)elf_read_uint(&w->mod->elf, p, 4);
		if (type == R_ARM_ABS32 && aw->is_code && by_address(w, i))
			return follow_literal(w, i, *addend);
		return RELOC_REF;
	case R_ARM_PREL31:
		*addend = sign_extend(elf_read_uint(&w->mod->elf, p, 4), 31);
		return RELOC_REF;
	case R_ARM_PC24:
	case R_ARM_CALL:
	case R_ARM_JUMP24:
		*addend = arm_branch_rel(rd32(p));
		return RELOC_REF;
	case R_ARM_THM_CALL:
	case R_ARM_THM_JUMP24:
		*addend = thumb_branch_rel(rd16(p), rd16(p + 2));
		return RELOC_REF;
	case R_ARM_THM_JUMP19:
		*addend = thumb_cond_rel(rd16(p), rd16(p + 2));
		return RELOC_REF;
	default: {
		/*
		 * MOVW/MOVT.  AAELF: in REL form, both instructions of the
		 * pair hold the whole addend as a signed 16-bit value (not
		 * its low and high halves); gas writes the same number in
		 * both and refuses addends outside -32768..32767.
		 */
		bool thumb = is_thumb_type(type);
		unsigned int rd;
		uint32_t imm;

		mov16(p, thumb, &imm, &rd);
		*addend = sign_extend(imm, 16);
		/* A MOVW completed by a MOVT: the MOVT is the reference. */
		if (is_movw(type))
			return movw_has_movt(w, i, rd) ? RELOC_IGNORE : RELOC_REF;
		if (aw->is_code && by_address(w, i) && rd != 15) {
			unsigned int uses = 0;

			if (follow(w, i, w->relocs[i].offset,
				   w->relocs[i].offset + 4, thumb, rd, *addend,
				   &uses))
				return RELOC_BAD;
			if (!uses && reloc_emit(w, i, *addend, true))
				return RELOC_BAD;
			return w->mod->error[0] ? RELOC_BAD : RELOC_DONE;
		}
		return RELOC_REF;
	}
	}
}

static const char *arm_reloc_name(uint32_t type)
{
	static const char *const names[] = {
		[R_ARM_NONE] = "R_ARM_NONE", [R_ARM_PC24] = "R_ARM_PC24",
		[R_ARM_ABS32] = "R_ARM_ABS32", [R_ARM_REL32] = "R_ARM_REL32",
		[R_ARM_ABS16] = "R_ARM_ABS16", [R_ARM_ABS12] = "R_ARM_ABS12",
		[R_ARM_THM_ABS5] = "R_ARM_THM_ABS5",
		[R_ARM_ABS8] = "R_ARM_ABS8", [R_ARM_SBREL32] = "R_ARM_SBREL32",
		[R_ARM_THM_CALL] = "R_ARM_THM_CALL",
		[R_ARM_THM_PC8] = "R_ARM_THM_PC8",
		[R_ARM_TLS_DESC] = "R_ARM_TLS_DESC",
		[R_ARM_GOT32] = "R_ARM_GOT32", [R_ARM_PLT32] = "R_ARM_PLT32",
		[R_ARM_CALL] = "R_ARM_CALL", [R_ARM_JUMP24] = "R_ARM_JUMP24",
		[R_ARM_THM_JUMP24] = "R_ARM_THM_JUMP24",
		[R_ARM_BASE_ABS] = "R_ARM_BASE_ABS",
		[R_ARM_TARGET1] = "R_ARM_TARGET1",
		[R_ARM_V4BX] = "R_ARM_V4BX",
		[R_ARM_TARGET2] = "R_ARM_TARGET2",
		[R_ARM_PREL31] = "R_ARM_PREL31",
		[R_ARM_MOVW_ABS_NC] = "R_ARM_MOVW_ABS_NC",
		[R_ARM_MOVT_ABS] = "R_ARM_MOVT_ABS",
		[R_ARM_MOVW_PREL_NC] = "R_ARM_MOVW_PREL_NC",
		[R_ARM_MOVT_PREL] = "R_ARM_MOVT_PREL",
		[R_ARM_THM_MOVW_ABS_NC] = "R_ARM_THM_MOVW_ABS_NC",
		[R_ARM_THM_MOVT_ABS] = "R_ARM_THM_MOVT_ABS",
		[R_ARM_THM_MOVW_PREL_NC] = "R_ARM_THM_MOVW_PREL_NC",
		[R_ARM_THM_MOVT_PREL] = "R_ARM_THM_MOVT_PREL",
		[R_ARM_THM_JUMP19] = "R_ARM_THM_JUMP19",
		[R_ARM_GOT_PREL] = "R_ARM_GOT_PREL",
		[R_ARM_THM_JUMP11] = "R_ARM_THM_JUMP11",
		[R_ARM_THM_JUMP8] = "R_ARM_THM_JUMP8",
		[R_ARM_TLS_GD32] = "R_ARM_TLS_GD32",
		[R_ARM_TLS_LDM32] = "R_ARM_TLS_LDM32",
		[R_ARM_TLS_IE32] = "R_ARM_TLS_IE32",
		[R_ARM_TLS_LE32] = "R_ARM_TLS_LE32",
	};

	return type < sizeof(names) / sizeof(names[0]) ? names[type] : NULL;
}

/* Only b, bl, blx (immediate) and Thumb's branches carry these. */
static int arm_reloc_branch(const struct code_view *v, uint64_t field,
			    uint32_t type)
{
	(void)v;
	(void)field;
	switch (type) {
	case R_ARM_PC24:
	case R_ARM_PLT32:
	case R_ARM_CALL:
	case R_ARM_JUMP24:
	case R_ARM_THM_CALL:
	case R_ARM_THM_JUMP24:
	case R_ARM_THM_JUMP19:
	case R_ARM_THM_JUMP11:
	case R_ARM_THM_JUMP8:
		return 1;
	}
	return 0;
}

const struct arch arch_arm = {
	.name = "arm",
	.machine = EM_ARM,
	.elfclass = ELFCLASS32,
	.walk_begin = arm_walk_begin,
	.walk_end = arm_walk_end,
	.decode = arm_decode,
	.reloc_name = arm_reloc_name,
	.decode_insn = arm_decode_insn,
	.reloc_branch = arm_reloc_branch,
	.granule = 2,
};
