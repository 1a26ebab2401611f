// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * s390x relocations.  RELA, big-endian.  Modules are built with -fPIC:
 * code reaches static data with "larl" (PC32DBL), calls with "brasl"
 * (PLT32DBL), and other modules' or exported data through the GOT
 * (GOTENT).  GCC uses no section anchors on s390.
 *
 * The ...DBL forms store a halfword count, but their addend is in bytes
 * and counts from the field, not from the instruction that the CPU adds
 * the displacement to: "larl %r2,obj+8" at X has its field at X+2 and
 * the record "PC32DBL obj+0xa".  The referenced byte is S + A minus the
 * field's distance from the start of its instruction (2 for RI and RIL
 * formats, 1 and 3 for the 12- and 24-bit fields of BPRP).
 *
 * A GOT entry holds the symbol's address without the addend (the loader
 * writes st_value into it, arch/s390/kernel/module.c apply_rela()); the
 * addend of a GOT form only places the field.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "anchor.h"
#include "arch.h"

#ifndef R_390_PC12DBL
#define R_390_PC12DBL	62
#define R_390_PLT12DBL	63
#define R_390_PC24DBL	64
#define R_390_PLT24DBL	65
#endif

/*
 * Section anchors.  GCC addresses the static objects of a section from
 * one "larl %rN,.rodata" and displacements: "l %r0,96(%r10,%r4)".  The
 * register that a larl against a section symbol loads is followed along
 * the function's control flow; every access through it is a reference
 * to anchor + displacement.
 */
#define ANCHOR_SCAN_LIMIT 4096

/* The register's value is used as it is (stored, passed, compared). */
static void track(struct anchor_tracker *t, unsigned int reg, int64_t v,
		  bool indexed)
{
	/* %r15 is the stack pointer; %r0 is no base register. */
	if (reg == 0 || reg >= 15) {
		anchor_kill(t, reg);
		return;
	}
	anchor_set(t, reg, v, indexed);
}

/* A memory operand D(X,B): a reference through a tracked base or index. */
static void access(struct anchor_tracker *t, unsigned int x, unsigned int b,
		   int64_t d)
{
	if (b && anchor_tracked(t, b))
		anchor_access(t, b, d);
	else if (x && anchor_tracked(t, x))
		anchor_access(t, x, d);
}

/* Address arithmetic: r1 = D(X,B) (la, lay) or r2 + r3 (agr, agrk). */
static void address(struct anchor_tracker *t, unsigned int r1, unsigned int x,
		    unsigned int b, int64_t d)
{
	bool tx = x && anchor_tracked(t, x), tb = b && anchor_tracked(t, b);

	if (tx && tb) {
		anchor_use_reg(t, x);
		anchor_use_reg(t, b);
		anchor_kill(t, r1);
	} else if (tx || tb) {
		unsigned int r = tb ? b : x;
		bool other = tb ? x != 0 : b != 0;

		track(t, r1, t->r.value[r] + d,
		      other || (t->r.indexed & (1u << r)));
	} else {
		anchor_kill(t, r1);
	}
}

/* r2-r6 carry arguments; r0-r5 and r14 do not survive a call. */
static void call(struct anchor_tracker *t)
{
	unsigned int r;

	t->called = true;
	for (r = 2; r <= 6; r++)
		anchor_use_arg(t, r);
	t->r.live &= ~0x403fu;
}


static int64_t disp12(const unsigned char *p)
{
	return ((p[0] & 15) << 8) | p[1];
}

static int64_t disp20(const unsigned char *p)
{
	/* DL at p[0..1] (low 12 bits), DH at p[2]. */
	return sign_extend((uint64_t)(int8_t)p[2] << 12 | disp12(p), 20);
}

static int16_t imm16(const unsigned char *p)
{
	return (int16_t)(p[0] << 8 | p[1]);
}

static int32_t imm32(const unsigned char *p)
{
	return (int32_t)((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
			 (uint32_t)p[2] << 8 | p[3]);
}

/* Range r1..r3 of lm/stm, wrapping after %r15. */
static void reg_range(struct anchor_tracker *t, unsigned int r1, unsigned int r3,
		      bool store)
{
	unsigned int r = r1, n;

	for (n = 0; n < 16; n++) {
		if (store)
			anchor_use_reg(t, r);
		else
			anchor_kill(t, r);
		if (r == r3)
			break;
		r = (r + 1) & 15;
	}
}

/*
 * What the instruction at p does to the registers; decode_insn() gives
 * where it goes.
 */
static void step(struct anchor_tracker *t, const unsigned char *p,
		 unsigned int len)
{
	unsigned int op = p[0], r1 = p[1] >> 4, r2 = p[1] & 15, op2;

	if (len == 2) {
		switch (op) {
		case 0x07:		/* bcr */
			if (r1 != 15)
				return;		/* conditional return, nop */
			if (r2 != 14)
				anchor_use_all(t);	/* indirect jump */
			else
				anchor_use_reg(t, 2);	/* br %r14: %r2 is returned */
			return;
		case 0x05: case 0x0d:	/* balr, basr */
			call(t);
			return;
		case 0x18: case 0x12:	/* lr, ltr */
			if (anchor_tracked(t, r2))
				track(t, r1, t->r.value[r2],
				      t->r.indexed & (1u << r2));
			else
				anchor_kill(t, r1);
			return;
		case 0x1a: case 0x1e:	/* ar, alr */
			if (anchor_tracked(t, r1) != anchor_tracked(t, r2))
				address(t, r1, r1, r2, 0);
			else
				anchor_kill(t, r1);
			return;
		case 0x15: case 0x19:	/* clr, cr */
			anchor_use_reg(t, r1);
			anchor_use_reg(t, r2);
			return;
		}
		if (op >= 0x10 && op <= 0x1f) {
			anchor_use_reg(t, r2);
			anchor_kill(t, r1);
			if (op == 0x1c || op == 0x1d)
				anchor_kill(t, r1 + 1);
		}
		return;
	}

	if (len == 4) {
		unsigned int x = p[1] & 15, b = p[2] >> 4;
		int64_t d = disp12(p + 2);

		switch (op) {
		case 0x41:		/* la */
			address(t, r1, x, b, d);
			return;
		case 0x45: case 0x4d:	/* bal, bas */
			call(t);
			return;
		case 0x47:		/* bc D(X,B): computed jump */
			if (r1 != 0)
				anchor_use_all(t);
			return;
		case 0x44: case 0x46:	/* ex, bct */
			return;
		case 0x50: case 0x40: case 0x42: case 0x4e:
				/* st, sth, stc, cvd: the value is stored */
			anchor_use_reg(t, r1);
			access(t, x, b, d);
			return;
		case 0x49: case 0x55: case 0x59:	/* ch, cl, c */
			anchor_use_reg(t, r1);
			access(t, x, b, d);
			return;
		case 0x90:		/* stm */
			reg_range(t, r1, r2, true);
			access(t, 0, b, d);
			return;
		case 0x98:		/* lm */
			access(t, 0, b, d);
			reg_range(t, r1, r2, false);
			return;
		case 0x91: case 0x92: case 0x94: case 0x95: case 0x96:
		case 0x97:		/* SI: tm, mvi, ni, cli, oi, xi */
			access(t, 0, b, d);
			return;
		case 0xa7:		/* RI */
			op2 = p[1] & 15;
			switch (op2) {
			case 4:		/* brc */
				return;
			case 6: case 7:	/* brct, brctg */
				anchor_kill(t, r1);
				return;
			case 0xa: case 0xb:	/* ahi, aghi */
				if (anchor_tracked(t, r1))
					t->r.value[r1] += imm16(p + 2);
				return;
			case 0xe: case 0xf:	/* chi, cghi */
			case 0: case 1: case 2: case 3:	/* tm* */
				anchor_use_reg(t, r1);
				return;
			}
			anchor_kill(t, r1);
			return;
		case 0xb9:		/* RRE, RRF */
			op2 = p[1];
			r1 = p[3] >> 4;
			r2 = p[3] & 15;
			switch (op2) {
			case 0x04: case 0x02:	/* lgr, ltgr */
				if (anchor_tracked(t, r2))
					track(t, r1, t->r.value[r2],
					      t->r.indexed & (1u << r2));
				else
					anchor_kill(t, r1);
				return;
			case 0x08: case 0x0a:	/* agr, algr */
			case 0x18: case 0x1a:	/* agfr, algfr */
				if (anchor_tracked(t, r1) != anchor_tracked(t, r2))
					address(t, r1, r1, r2, 0);
				else
					anchor_kill(t, r1);
				return;
			case 0xe8: case 0xea:	/* agrk, algrk */
				x = p[2] >> 4;
				if (anchor_tracked(t, x) != anchor_tracked(t, r2))
					address(t, r1, x, r2, 0);
				else
					anchor_kill(t, r1);
				return;
			case 0x20: case 0x21: case 0x30: case 0x31:
				/* cgr, clgr, cgfr, clgfr */
				anchor_use_reg(t, r1);
				anchor_use_reg(t, r2);
				return;
			}
			anchor_use_reg(t, r2);
			anchor_kill(t, r1);
			if (op2 == 0x86 || op2 == 0x87 || op2 == 0x0c ||
			    op2 == 0x0d || op2 == 0x1d)	/* even/odd pairs */
				anchor_kill(t, r1 + 1);
			return;
		}
		if (op >= 0x60 && op <= 0x7f) {	/* floating point */
			access(t, x, b, d);
			if (op == 0x71)
				anchor_kill(t, r1);		/* ms */
			return;
		}
		if (op >= 0x43 && op <= 0x5f) {	/* RX loads, arithmetic */
			access(t, x, b, d);
			anchor_kill(t, r1);
			if (op == 0x5c || op == 0x5d)	/* m, d: pairs */
				anchor_kill(t, r1 + 1);
			return;
		}
		if (op == 0x88 || op == 0x89 || op == 0x8a || op == 0x8b) {
			anchor_kill(t, r1);		/* shifts */
			return;
		}
		if (op == 0x8c || op == 0x8d || op == 0x8e || op == 0x8f) {
			anchor_kill(t, r1);		/* double shifts */
			anchor_kill(t, r1 + 1);
			return;
		}
		if (op >= 0x80)
			anchor_kill(t, r1);
		return;
	}

	/* Six bytes. */
	op2 = p[5];
	switch (op) {
	case 0xc0:		/* RIL: larl, lgfi, brcl, brasl, ... */
	case 0xc2: case 0xc4: case 0xc6: case 0xc8: case 0xcc:
		op2 = p[1] & 15;
		if (op == 0xc0 && op2 == 4)		/* brcl */
			return;
		if (op == 0xc2 && (op2 == 8 || op2 == 9 || op2 == 0xa ||
				   op2 == 0xb)) {	/* agfi, afi, algfi, alfi */
			if (anchor_tracked(t, r1))
				t->r.value[r1] += imm32(p + 2);
			return;
		}
		if (op == 0xc4 && (op2 == 7 || op2 == 0xb || op2 == 0xf)) {
			anchor_use_reg(t, r1);		/* sthrl, stgrl, strl */
			return;
		}
		if (op == 0xc6 || (op == 0xc2 && op2 >= 0xc)) {
			anchor_use_reg(t, r1);		/* compares, exrl, pfdrl */
			return;
		}
		anchor_kill(t, r1);
		return;
	case 0xe3: {		/* RXY */
		unsigned int x = p[1] & 15, b = p[2] >> 4;
		int64_t d = disp20(p + 2);

		switch (op2) {
		case 0x71:		/* lay */
			address(t, r1, x, b, d);
			return;
		case 0x24: case 0x50: case 0x70: case 0x72: case 0x3e:
		case 0x2f: case 0x3f: case 0x26: case 0x2e: case 0xc3:
		case 0xc7: case 0xcb:	/* stores */
		case 0x20: case 0x21: case 0x30: case 0x31: case 0x34:
		case 0x59: case 0x55: case 0x79: case 0x5a: case 0x5b:
				/* compares (and a, s into memory? no: ay, sy) */
			anchor_use_reg(t, r1);
			access(t, x, b, d);
			if (op2 == 0x5a || op2 == 0x5b)
				anchor_kill(t, r1);
			return;
		case 0x36:		/* pfd */
			access(t, x, b, d);
			return;
		}
		access(t, x, b, d);
		anchor_kill(t, r1);
		if (op2 == 0x8f || op2 == 0x80 || op2 == 0x87 ||
		    op2 == 0x0e || op2 == 0x8e || op2 == 0x1c ||
		    op2 == 0x0c || op2 == 0x0d || op2 == 0x97)
			anchor_kill(t, r1 + 1);
		return;
	}
	case 0xeb: {		/* RSY, SIY */
		unsigned int r3 = p[1] & 15, b = p[2] >> 4;
		int64_t d = disp20(p + 2);

		switch (op2) {
		case 0x24: case 0x90: case 0x26:	/* stmg, stmy, stmh */
			reg_range(t, r1, r3, true);
			access(t, 0, b, d);
			return;
		case 0x04: case 0x98: case 0x96:	/* lmg, lmy, lmh */
			access(t, 0, b, d);
			reg_range(t, r1, r3, false);
			return;
		case 0x51: case 0x52: case 0x54: case 0x55: case 0x56:
		case 0x57: case 0x6a: case 0x6e: case 0x7a: case 0x7e:
				/* SIY: tmy, mviy, niy, cliy, oiy, xiy, asi... */
			access(t, 0, b, d);
			return;
		}
		if (op2 <= 0x1d)	/* shifts and rotates: no memory */
			anchor_use_reg(t, r3);
		else
			access(t, 0, b, d);
		anchor_kill(t, r1);
		return;
	}
	case 0xec:		/* RIE */
		switch (op2) {
		case 0xd8: case 0xd9: case 0xda: case 0xdb:
				/* ahik, aghik, alhsik, alghsik */
			if (anchor_tracked(t, r2))
				track(t, r1, t->r.value[r2] + imm16(p + 2),
				      t->r.indexed & (1u << r2));
			else
				anchor_kill(t, r1);
			return;
		case 0x64: case 0x65: case 0x76: case 0x77:
				/* cgrj, clgrj, crj, clrj */
			anchor_use_reg(t, r1);
			anchor_use_reg(t, r2);
			return;
		case 0x7c: case 0x7d: case 0x7e: case 0x7f:
				/* cgij, clgij, cij, clij */
			anchor_use_reg(t, r1);
			return;
		case 0x44: case 0x45:	/* brxhg, brxlg */
			return;
		}
		anchor_kill(t, r1);
		return;
	case 0xe5:		/* SIL: mvhhi, mvghi, mvhi, chhsi, ... */
		access(t, 0, p[2] >> 4, disp12(p + 2));
		return;
	}
	if (op >= 0xd0 && op <= 0xdf) {	/* SS: mvc, clc, xc, ... */
		access(t, 0, p[2] >> 4, disp12(p + 2));
		access(t, 0, p[4] >> 4, disp12(p + 4));
		return;
	}
	if (op == 0xed || op == 0xe7) {	/* FP and vector memory forms */
		access(t, p[1] & 15, p[2] >> 4,
		       op == 0xed && op2 >= 0x64 ? disp20(p + 2) :
						   disp12(p + 2));
		return;
	}
	anchor_kill(t, r1);
	return;
}

/* The first two bits: 00: 2 bytes, 01 and 10: 4, 11: 6. */
static unsigned int insn_length(unsigned char op)
{
	return ((op >> 6) + 3) & ~1u;
}

/*
 * One instruction (arch/insn.h).  The length is in the first two bits of
 * the opcode; every relative form counts halfwords from the instruction's
 * own address.  Calls and tail calls carry PLT32DBL even to a local
 * function of the same section (GAS keeps them under -fPIC); branches and
 * larl to a local label are resolved.
 */
/*
 * Per first opcode byte, the values of the low nibble of the second byte
 * (bit n: value n) that make a relative form or a stop: most instructions
 * have none and leave after one table load.  0xffff: decided below.
 */
static const uint16_t s390_rel_op2[256] = {
	[0x00] = 0xffff,			/* no instruction */
	[0x07] = 0xffff, [0x47] = 0xffff,	/* bcr, bc */
	[0x84] = 0xffff, [0x85] = 0xffff,	/* brxh, brxle */
	[0xa7] = 0x00f0,	/* brc, bras, brct, brctg */
	[0xc0] = 0x0031,	/* larl, brcl, brasl */
	[0xc4] = 0xf9f4,	/* llhrl, lghrl, ..., strl */
	[0xc6] = 0xf5f5,	/* exrl, pfdrl, cghrl, ..., clrl */
	[0xcc] = 0x0040,	/* brcth */
	[0xec] = 0xffff,	/* RIE: by the last byte */
};

static void s390_decode_insn(const struct code_view *v, uint64_t off,
			     struct insn *insn)
{
	const unsigned char *p = v->code + off;
	unsigned int len = insn_length(p[0]), m1 = p[1] >> 4, op2 = p[1] & 15;

	insn->len = len;
	insn->type = INSN_OTHER;
	if (off + len > v->size) {
		insn->len = 2;
		insn->type = INSN_DATA;
		return;
	}
	if (!((s390_rel_op2[p[0]] >> op2) & 1))
		return;
	switch (p[0]) {
	case 0x00:		/* no instruction */
		insn->len = 2;
		insn->type = INSN_DATA;
		return;
	case 0x07:		/* bcr m1,r2: br %rN when m1 is 15 */
	case 0x47:		/* bc m1,D(X,B): a computed jump */
		if (m1 == 15)
			insn->type = INSN_STOP;
		return;
	case 0x84: case 0x85:	/* brxh, brxle */
		insn->type = INSN_BRANCH;
		break;
	case 0xa7:		/* brc, bras, brct, brctg */
		if (op2 == 5)
			insn->type = INSN_CALL;
		else if (op2 != 4)
			insn->type = INSN_BRANCH;
		else if (m1)
			insn->type = m1 == 15 ? INSN_JUMP : INSN_BRANCH;
		else
			return;				/* jnop */
		break;
	case 0xec:		/* RIE: compare and branch relative */
		/* brxhg, brxlg, cgrj, clgrj, crj, clrj, cgij, ..., clij */
		if (p[5] < 0x40 || p[5] >= 0x80 ||
		    !((0xf0c0003000000030ull >> (p[5] - 0x40)) & 1))
			return;
		insn->type = INSN_BRANCH;
		break;
	case 0xc0:		/* larl, brcl, brasl */
		if (op2 == 0)
			insn->type = INSN_ADDR;
		else if (op2 == 5)
			insn->type = INSN_CALL;
		else if (m1)
			insn->type = m1 == 15 ? INSN_JUMP : INSN_BRANCH;
		else
			return;				/* jgnop */
		insn->target = insn_rel(off, 2 * (int64_t)imm32(p + 2));
		return;
	case 0xcc:		/* brcth */
		insn->type = INSN_BRANCH;
		insn->target = insn_rel(off, 2 * (int64_t)imm32(p + 2));
		return;
	default:		/* 0xc4, 0xc6: RIL-b loads, stores, exrl */
		insn->type = INSN_ADDR;
		insn->target = insn_rel(off, 2 * (int64_t)imm32(p + 2));
		return;
	}
	/* RI, RSI, RIE: a 16-bit halfword count. */
	insn->target = insn_rel(off, 2 * (int64_t)imm16(p + 2));
}

/* flow_follow()'s view of decode_insn() and step(). */
static enum flow step_at(void *tracker, uint64_t off, uint64_t *next,
			 uint64_t *target)
{
	struct anchor_tracker *t = tracker;
	const struct elf_section *s = &t->w->mod->elf.sections[t->w->target];
	const struct code_view v = {
		.code = s->data, .size = s->size, .big_endian = true,
		.elf64 = true,
	};
	struct insn insn;

	s390_decode_insn(&v, off, &insn);
	*next = off + insn.len;
	if (insn.type == INSN_DATA)
		return FLOW_STOP;
	t->called = false;
	t->pc = off;
	if (insn.type == INSN_CALL)
		call(t);
	else
		step(t, s->data + off, insn.len);
	/* A relocated branch (displacement 0) goes to another function. */
	return flow_after_step(t->w, flow_of_insn(&insn), t->called, off,
			       off + insn.len, off,
			       insn_has_target(&insn) ?
			       (int64_t)(insn.target - off) : 0, target);
}

static void leave(void *tracker)
{
	call(tracker);
}

static const struct anchor_arch s390_anchor = {
	.granule = 2, .limit = ANCHOR_SCAN_LIMIT, .step = step_at,
	.leave = leave,
};

/* "larl %rN" at insn loads sym + base: follow %rN (flow.h). */
static enum reloc_verdict follow(struct reloc_walk *w, size_t i,
				 uint64_t insn, int64_t base)
{
	struct anchor_tracker t;

	memset(&t, 0, sizeof(t));
	t.w = w;
	t.rel = i;
	t.sym = w->relocs[i].sym;
	t.base = base;
	track(&t, w->mod->elf.sections[w->target].data[insn + 1] >> 4, base,
	      false);
	return anchor_follow(&t, &s390_anchor, insn, insn + 6);
}

/*
 * Jump tables.  GCC's s390 switch tables hold "case label - table":
 *
 *	.section .rodata
 *	.L4:	.quad .L5-.L4
 *		.quad .L6-.L4
 *
 * so the record of entry k, k entries into its table, carries an addend
 * k * size too large for its label.  A table is a run of such records in
 * a .rodata section, one entry after the other, whose labels all lie in
 * one function; the first entry of a run is exact, and a label that
 * leaves the function starts the next table.
 */
struct s390_walk {
	bool tables;		/* the section may hold jump tables */
	bool in_table;
	uint32_t type;		/* of the table's entries */
	uint32_t sym;
	uint32_t function;	/* that holds the table's labels */
	uint64_t start, next;	/* first entry, expected next one */
};

static int s390_walk_begin(struct reloc_walk *w)
{
	const struct elf_section *s = &w->mod->elf.sections[w->target];
	struct s390_walk *sw = calloc(1, sizeof(*sw));

	if (!sw)
		return module_fail(w->mod, "out of memory");
	sw->tables = !(s->flags & SHF_EXECINSTR) &&
		     !strncmp(s->name, ".rodata", 7);
	w->priv = sw;
	return 0;
}

static void s390_walk_end(struct reloc_walk *w)
{
	free(w->priv);
	w->priv = NULL;
}

/* The function that holds symbol + a, or NO_OBJECT. */
static uint32_t label_function(struct reloc_walk *w, uint32_t sym, int64_t a)
{
	const struct elf_symbol *es = &w->mod->elf.symbols[sym];
	uint64_t start;

	if (es->shndx >= w->mod->elf.nsections)
		return NO_OBJECT;
	return module_function_start(w->mod, es->shndx,
				     es->value + (uint64_t)a, &start);
}

static int64_t table_entry(struct reloc_walk *w, size_t i)
{
	struct s390_walk *sw = w->priv;
	const struct elf_reloc *rel = &w->relocs[i];
	const struct elf_symbol *es = &w->mod->elf.symbols[rel->sym];
	unsigned int size = rel->type == R_390_PC64 ? 8 : 4;
	int64_t a;

	if (!sw->tables || es->shndx >= w->mod->elf.nsections ||
	    !section_is_code(w->mod, es->shndx))
		return rel->addend;
	if (sw->in_table && rel->offset == sw->next && rel->type == sw->type &&
	    rel->sym == sw->sym) {
		a = wrap_add(rel->addend, -(int64_t)(rel->offset - sw->start));
		if (label_function(w, rel->sym, a) == sw->function &&
		    sw->function != NO_OBJECT) {
			sw->next += size;
			return a;
		}
	}
	sw->in_table = true;
	sw->type = rel->type;
	sw->sym = rel->sym;
	sw->start = rel->offset;
	sw->next = rel->offset + size;
	sw->function = label_function(w, rel->sym, rel->addend);
	return rel->addend;
}

static enum reloc_verdict s390_decode(struct reloc_walk *w, size_t i,
				      int64_t *addend, bool *exact)
{
	const struct elf_section *s = &w->mod->elf.sections[w->target];
	const struct elf_reloc *rel = &w->relocs[i];

	(void)exact;
	switch (rel->type) {
	case R_390_NONE:
		return RELOC_IGNORE;
	case R_390_8:
	case R_390_12:
	case R_390_16:
	case R_390_20:
	case R_390_32:
	case R_390_64:
	case R_390_PC32:
	case R_390_PC64:
		*addend = table_entry(w, i);
		return RELOC_REF;
	case R_390_PC16:
	case R_390_PLT32:
	case R_390_PLT64:
	case R_390_GOTOFF16:
	case R_390_GOTOFF32:
	case R_390_GOTOFF64:
	case R_390_GOTPC:		/* the GOT itself: external */
		*addend = rel->addend;
		return RELOC_REF;
	case R_390_PC12DBL:
	case R_390_PLT12DBL:
		*addend = rel->addend - 1;
		return RELOC_REF;
	case R_390_PC32DBL:
		/* larl %rN,section: an anchor, when in code. */
		if (rel->offset >= 2 && reloc_against_section(w, i) &&
		    (s->flags & SHF_EXECINSTR) && reloc_field(w, i, 4) &&
		    s->data[rel->offset - 2] == 0xc0 &&
		    (s->data[rel->offset - 1] & 15) == 0)
			return follow(w, i, rel->offset - 2, rel->addend - 2);
		/* fall through */
	case R_390_PC16DBL:
	case R_390_PLT16DBL:
	case R_390_PLT32DBL:
	case R_390_GOTPCDBL:
		*addend = rel->addend - 2;
		return RELOC_REF;
	case R_390_PC24DBL:
	case R_390_PLT24DBL:
		*addend = rel->addend - 3;
		return RELOC_REF;
	/* The GOT entry of the symbol: the symbol itself. */
	case R_390_GOT12:
	case R_390_GOT16:
	case R_390_GOT20:
	case R_390_GOT32:
	case R_390_GOT64:
	case R_390_GOTENT:
	case R_390_GOTPLT12:
	case R_390_GOTPLT16:
	case R_390_GOTPLT20:
	case R_390_GOTPLT32:
	case R_390_GOTPLT64:
	case R_390_GOTPLTENT:
	case R_390_PLTOFF16:
	case R_390_PLTOFF32:
	case R_390_PLTOFF64:
		*addend = 0;
		return RELOC_REF;
	}
	return RELOC_UNKNOWN;
}

static const char *s390_reloc_name(uint32_t type)
{
	static const char *const names[] = {
#define N(x) [R_390_##x] = "R_390_" #x
		N(NONE), N(8), N(12), N(16), N(32), N(PC32), N(GOT12),
		N(GOT32), N(PLT32), N(COPY), N(GLOB_DAT), N(JMP_SLOT),
		N(RELATIVE), N(GOTOFF32), N(GOTPC), N(GOT16), N(PC16),
		N(PC16DBL), N(PLT16DBL), N(PC32DBL), N(PLT32DBL), N(GOTPCDBL),
		N(64), N(PC64), N(GOT64), N(PLT64), N(GOTENT), N(GOTOFF16),
		N(GOTOFF64), N(GOTPLT12), N(GOTPLT16), N(GOTPLT32),
		N(GOTPLT64), N(GOTPLTENT), N(PLTOFF16), N(PLTOFF32),
		N(PLTOFF64), N(TLS_LOAD), N(TLS_GDCALL), N(TLS_LDCALL),
		N(TLS_GD32), N(TLS_GD64), N(TLS_GOTIE12), N(TLS_GOTIE32),
		N(TLS_GOTIE64), N(TLS_LDM32), N(TLS_LDM64), N(TLS_IE32),
		N(TLS_IE64), N(TLS_IEENT), N(TLS_LE32), N(TLS_LE64),
		N(TLS_LDO32), N(TLS_LDO64), N(TLS_DTPMOD), N(TLS_DTPOFF),
		N(TLS_TPOFF), N(20), N(GOT20), N(GOTPLT20), N(TLS_GOTIE20),
		N(IRELATIVE), N(PC12DBL), N(PLT12DBL), N(PC24DBL),
		N(PLT24DBL),
#undef N
	};

	if (type < sizeof(names) / sizeof(names[0]))
		return names[type];
	return NULL;
}

/*
 * larl and brasl carry the same PC32DBL: the instruction two bytes
 * before the field says which (RI, RIL, RSI and RIE alike).
 */
static int s390_reloc_branch(const struct code_view *v, uint64_t field,
			     uint32_t type)
{
	struct insn insn;

	if ((type != R_390_PC16DBL && type != R_390_PLT16DBL &&
	     type != R_390_PC32DBL && type != R_390_PLT32DBL) || field < 2)
		return 0;
	s390_decode_insn(v, field - 2, &insn);
	return insn.type == INSN_CALL || insn.type == INSN_JUMP ||
	       insn.type == INSN_BRANCH;
}

const struct arch arch_s390 = {
	.walk_begin = s390_walk_begin,
	.walk_end = s390_walk_end,
	.name = "s390x",
	.machine = EM_S390,
	.elfclass = ELFCLASS64,
	.decode = s390_decode,
	.reloc_name = s390_reloc_name,
	.decode_insn = s390_decode_insn,
	.reloc_branch = s390_reloc_branch,
	.granule = 2,
};
