// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * arm64 relocations.  RELA with true addends: S + A is the referenced
 * byte for every form.
 *
 * GCC uses section anchors on arm64: "adrp x1, .rodata; add x1, x1,
 * :lo12:.rodata" loads the address of the section, and the objects in it
 * are reached by adding offsets to that register.  The relocation then
 * names the anchor, not the object.  For such an ADD, the code after it is
 * followed (a short forward register tracking, stopping when the register
 * dies) and every place that uses the register with an offset becomes a
 * reference to anchor + offset.  The registers are tracked as anchor.h
 * does for ppc64, riscv and s390; what is arm64's own is here.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "anchor.h"

/* Instructions followed after an anchor before giving up. */
#define ANCHOR_SCAN_LIMIT 2048

/* Register reg holds the number v (see struct reg_state). */
static void constant(struct anchor_tracker *t, unsigned int reg, int64_t v)
{
	if (reg < 31) {
		t->r.live &= ~(1u << reg);
		t->r.konst |= 1u << reg;
		t->r.value[reg] = v;
	}
}

/* x31 is SP or XZR: never an anchor. */
static void track(struct anchor_tracker *t, unsigned int reg, int64_t v)
{
	if (reg < 31)
		anchor_set(t, reg, v, false);
}

/* rd = rs + d: a pointer into the same object, with rs's index if any. */
static void copy(struct anchor_tracker *t, unsigned int rd, unsigned int rs,
		 int64_t d)
{
	bool indexed = t->r.indexed & (1u << rs);
	uint32_t def = t->r.def[rs];

	track(t, rd, wrap_add(t->r.value[rs], d));
	if (indexed && rd < 31) {
		t->r.indexed |= 1u << rd;
		t->r.def[rd] = def;
	}
}

/* Bytes one access of a load/store (unsigned offset or pair) scales by. */
static unsigned int ldst_scale(uint32_t insn)
{
	unsigned int size = insn >> 30, v = (insn >> 26) & 1;

	if (v && size == 0 && (insn & (1u << 23)))
		return 4;		/* 128-bit SIMD&FP */
	return size;
}

static unsigned int pair_scale(uint32_t insn)
{
	unsigned int opc = insn >> 30, v = (insn >> 26) & 1;

	if (v)
		return 2 + opc;
	return opc & 2 ? 3 : 2;
}


static uint32_t read_insn(const unsigned char *p)
{
	/* A64 instructions are little-endian even on big-endian kernels. */
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* What the top byte of an A64 instruction says of its control flow. */
enum a64_kind {
	K_OTHER, K_B, K_BL, K_CB, K_TB, K_BCOND, K_BREG, K_LDR, K_ADR,
	K_ADRP, K_UDF,
};

static const unsigned char a64_kind[256] = {
	[0x00] = K_UDF,
	[0x14 ... 0x17] = K_B, [0x94 ... 0x97] = K_BL,
	[0x34 ... 0x35] = K_CB, [0xb4 ... 0xb5] = K_CB,
	[0x36 ... 0x37] = K_TB, [0xb6 ... 0xb7] = K_TB,
	[0x54] = K_BCOND, [0xd6] = K_BREG,
	[0x18] = K_LDR, [0x58] = K_LDR, [0x98] = K_LDR, [0xd8] = K_LDR,
	[0x1c] = K_LDR, [0x5c] = K_LDR, [0x9c] = K_LDR,
	[0x10] = K_ADR, [0x30] = K_ADR, [0x50] = K_ADR, [0x70] = K_ADR,
	[0x90] = K_ADRP, [0xb0] = K_ADRP, [0xd0] = K_ADRP, [0xf0] = K_ADRP,
};

/*
 * One A64 instruction (insn.h).  The assembler leaves no relocation for
 * B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ, ADR and LDR (literal: w, x, s, d,
 * q, ldrsw, prfm) to a label of their own section; ADRP always gets one
 * (the page delta depends on where the section lands): its target is the
 * page, as the CPU sees it with the section at offset 0.  BLR returns;
 * BRK too (WARN() is a BRK the handler returns from).  Most instructions
 * are none of these: one table look-up says so.  Inline: the anchor
 * walk's step_at() decodes every instruction it steps with it.
 */
static inline void decode(uint32_t x, uint64_t off, struct insn *insn)
{
	unsigned int kind = a64_kind[x >> 24];
	int64_t rel;

	insn->len = 4;
	insn->type = INSN_OTHER;
	if (kind == K_OTHER)
		return;
	switch (kind) {
	case K_B:
	case K_BL:
		rel = sign_extend(x, 26) * 4;
		insn->type = x >> 31 ? INSN_CALL : INSN_JUMP;
		break;
	case K_CB:
	case K_BCOND:			/* and BC.cond */
	case K_LDR:
		rel = sign_extend(x >> 5, 19) * 4;
		insn->type = kind == K_LDR ? INSN_ADDR : INSN_BRANCH;
		break;
	case K_TB:
		rel = sign_extend(x >> 5, 14) * 4;
		insn->type = INSN_BRANCH;
		break;
	case K_BREG:			/* BR, RET, ERET stop; BLR returns */
		if (!(x & (1u << 21)))
			insn->type = INSN_STOP;
		return;
	case K_ADR:
	case K_ADRP:
		rel = sign_extend((x >> 5 & 0x7ffff) << 2 | (x >> 29 & 3), 21);
		insn->type = INSN_ADDR;
		if (x >> 31) {
			insn->target = insn_rel(off & ~0xfffull,
						(int64_t)((uint64_t)rel << 12));
			return;
		}
		break;
	default:			/* UDF: nothing follows */
		if (!(x >> 16))
			insn->type = INSN_STOP;
		return;
	}
	insn->target = insn_rel(off, rel);
}

static void aarch64_decode_insn(const struct code_view *v, uint64_t off,
				struct insn *insn)
{
	if (off + 4 > v->size) {
		insn->len = 4;
		insn->type = INSN_DATA;
		return;
	}
	decode(read_insn(v->code + off), off, insn);
}

/* One instruction: follow tracked registers, report their uses. */
static enum flow step(struct anchor_tracker *t, uint32_t insn,
		      const struct insn *d)
{
	unsigned int rd = insn & 31, rn = (insn >> 5) & 31;
	unsigned int rm = (insn >> 16) & 31, rt2 = (insn >> 10) & 31;
	int64_t imm;

	switch (d->type) {
	case INSN_JUMP:		/* B: a jump, or a tail call (x0-x7) */
		return FLOW_JUMP;
	case INSN_BRANCH:	/* CBZ/CBNZ/TBZ/TBNZ read Rt, B.cond nothing */
		if (!(insn & (1u << 30)))
			anchor_use_reg(t, rd);
		return FLOW_BRANCH;
	case INSN_STOP:		/* RET, BR, UDF: the values do not flow on */
		if (!(insn >> 16))
			return FLOW_STOP;
		/* x0 is the return value (and a tail call's argument). */
		anchor_use_arg(t, 0);
		if (!(insn & (3u << 22)))
			anchor_use_reg(t, rn);	/* BR */
		return FLOW_STOP;
	default:
		break;
	}
	/* ADD/SUB (immediate), also MOV to/from SP. */
	if ((insn & 0x1f000000) == 0x11000000) {
		bool sub = insn & (1u << 30), flags = insn & (1u << 29);

		imm = (insn >> 10) & 0xfff;
		if (insn & (1u << 22))
			imm <<= 12;
		if (anchor_tracked(t, rn) && !flags) {
			copy(t, rd, rn, sub ? -imm : imm);
			return FLOW_NEXT;
		}
		anchor_use_reg(t, rn);
		if (!flags || rd != 31)
			anchor_kill(t, rd);
		return FLOW_NEXT;
	}
	/* MOVZ, MOVN: a constant (as an index it is a known offset). */
	if ((insn & 0x1f800000) == 0x12800000 && ((insn >> 29) & 3) != 1) {
		unsigned int opc = (insn >> 29) & 3, hw = (insn >> 21) & 3;
		uint64_t v = (uint64_t)((insn >> 5) & 0xffff) << (hw * 16);

		if (opc == 0)				/* MOVN */
			v = ~v;
		if (!(insn & 0x80000000))		/* 32-bit */
			v &= 0xffffffffu;
		if (opc == 3)				/* MOVK: keeps bits */
			anchor_kill(t, rd);
		else
			constant(t, rd, (int64_t)v);
		return FLOW_NEXT;
	}
	/* MOV (register): ORR Xd, XZR, Xm. */
	if ((insn & 0x7fe0ffe0) == 0x2a0003e0) {
		if (anchor_tracked(t, rm))
			copy(t, rd, rm, 0);
		else
			anchor_kill(t, rd);
		return FLOW_NEXT;
	}
	/*
	 * ADD (shifted or extended register): base plus index, as in
	 * "add x1, x21, x1" before "ldr w2, [x1, #24]": the access's
	 * displacement then locates the object.
	 */
	if ((insn & 0x7f200000) == 0x0b000000 ||
	    (insn & 0x7fe00000) == 0x0b200000) {
		bool tn = anchor_tracked(t, rn), tm = anchor_tracked(t, rm);
		unsigned int other = tn ? rm : rn;
		bool shifted = !(insn & 0x00200000);
		unsigned int amount = (insn >> 10) & 63;

		/* Plus a known constant (LSL only): an exact offset. */
		if (tn != tm && rd != 31 && shifted && !((insn >> 22) & 3) &&
		    other < 31 && (t->r.konst & (1u << other)) && amount < 64) {
			copy(t, rd, tn ? rn : rm,
			     (int64_t)((uint64_t)t->r.value[other] << amount));
			return FLOW_NEXT;
		}
		if (tn != tm && rd != 31) {
			copy(t, rd, tn ? rn : rm, 0);
			anchor_mark_indexed(t, rd);
			return FLOW_NEXT;
		}
		anchor_use_reg(t, rn);
		anchor_use_reg(t, rm);
		anchor_kill(t, rd);
		return FLOW_NEXT;
	}
	/*
	 * MADD, MSUB, SMADDL, UMADDL, ...: Ra plus or minus a product.  With
	 * Ra an anchor, an index scaled into its object (Ra 31: a plain
	 * multiply, SMULH, UMULH).
	 */
	if ((insn & 0x7f000000) == 0x1b000000) {
		unsigned int ra = (insn >> 10) & 31;

		if (ra != 31 && rd != 31 && anchor_tracked(t, ra) &&
		    !anchor_tracked(t, rn) && !anchor_tracked(t, rm)) {
			copy(t, rd, ra, 0);
			anchor_mark_indexed(t, rd);
			return FLOW_NEXT;
		}
		anchor_use_reg(t, rn);
		anchor_use_reg(t, rm);
		if (ra != 31)
			anchor_use_reg(t, ra);
		anchor_kill(t, rd);
		return FLOW_NEXT;
	}
	/* Load/store, unsigned immediate offset. */
	if ((insn & 0x3b000000) == 0x39000000) {
		bool load = (insn >> 22) & 3, vec = (insn >> 26) & 1;

		imm = (int64_t)((insn >> 10) & 0xfff) << ldst_scale(insn);
		anchor_access(t, rn, imm);
		if (!load && !vec)
			anchor_use_reg(t, rd);	/* the pointer is stored */
		if (load && !vec)
			anchor_kill(t, rd);
		return FLOW_NEXT;
	}
	/* Load/store, 9-bit immediate: unscaled, pre- and post-index. */
	if ((insn & 0x3b200000) == 0x38000000) {
		unsigned int mode = (insn >> 10) & 3;
		bool load = (insn >> 22) & 3, vec = (insn >> 26) & 1;

		imm = (int64_t)((int32_t)(insn << 11) >> 23);
		anchor_access(t, rn, mode == 1 ? 0 : imm);
		/* Post- and pre-index write the address back. */
		if (anchor_tracked(t, rn) && (mode == 1 || mode == 3))
			t->r.value[rn] = wrap_add(t->r.value[rn], imm);
		if (!load && !vec)
			anchor_use_reg(t, rd);
		if (load && !vec)
			anchor_kill(t, rd);
		return FLOW_NEXT;
	}
	/* Load/store, register offset: an indexed access into the object. */
	if ((insn & 0x3b200c00) == 0x38200800) {
		bool load = (insn >> 22) & 3, vec = (insn >> 26) & 1;

		anchor_use_reg(t, rn);
		if (load && !vec)
			anchor_kill(t, rd);
		return FLOW_NEXT;
	}
	/* Load/store pair. */
	if ((insn & 0x3a000000) == 0x28000000) {
		unsigned int mode = (insn >> 23) & 3;
		bool load = insn & (1u << 22), vec = (insn >> 26) & 1;

		imm = (int64_t)((int32_t)(insn << 10) >> 25) *
		      ((int64_t)1 << pair_scale(insn));
		anchor_access(t, rn, mode == 1 ? 0 : imm);
		/* Post- and pre-index write the address back. */
		if (anchor_tracked(t, rn) && (mode == 1 || mode == 3))
			t->r.value[rn] = wrap_add(t->r.value[rn], imm);
		if (!load && !vec) {
			anchor_use_reg(t, rd);
			anchor_use_reg(t, rt2);
		}
		if (load && !vec) {
			anchor_kill(t, rd);
			anchor_kill(t, rt2);
		}
		return FLOW_NEXT;
	}
	/* BL, BLR: arguments are uses, x0-x18 die. */
	if (d->type == INSN_CALL || (insn & 0xfffffc1f) == 0xd63f0000) {
		unsigned int r;

		t->called = true;
		for (r = 0; r < 8; r++)
			anchor_use_arg(t, r);
		if (d->type != INSN_CALL)
			anchor_use_reg(t, rn);
		t->r.live &= ~0x7ffffu;
		return FLOW_NEXT;
	}
	/* Hints (nop, bti, pac*): no registers. */
	if ((insn & 0xfffff01f) == 0xd503201f)
		return FLOW_NEXT;

	/* Anything else: reading a tracked register uses it as is. */
	anchor_use_reg(t, rn);
	anchor_use_reg(t, rm);
	anchor_kill(t, rd);
	return FLOW_NEXT;
}

/* flow_follow()'s view of step(). */
static enum flow step_at(void *tracker, uint64_t off, uint64_t *next,
			 uint64_t *target)
{
	struct anchor_tracker *t = tracker;
	const struct elf_section *s = &t->w->mod->elf.sections[t->w->target];
	struct insn d;
	uint32_t insn;
	int64_t rel;
	enum flow f;

	*next = off + 4;
	if (off + 4 > s->size)
		return FLOW_STOP;
	t->called = false;
	t->pc = off;
	insn = read_insn(s->data + off);
	decode(insn, off, &d);
	f = step(t, insn, &d);
	/* The field of a relocated branch is 0: rel 0, another function. */
	rel = 0;
	if (f == FLOW_JUMP || f == FLOW_BRANCH)
		rel = (int64_t)(d.target - off);
	return flow_after_step(t->w, f, t->called, off, off + 4, off, rel,
			       target);
}

/* A tail call: x0-x7 are its arguments. */
static void leave(void *tracker)
{
	unsigned int r;

	for (r = 0; r < 8; r++)
		anchor_use_arg(tracker, r);
}

/*
 * Follow the register that an anchor ADD loads, along the function's
 * control flow (flow.h), until it dies everywhere.
 */
static enum reloc_verdict follow_anchor(struct reloc_walk *w, size_t i,
					int64_t base)
{
	const struct elf_section *s = &w->mod->elf.sections[w->target];
	uint64_t off = w->relocs[i].offset, start, end;
	struct flow_walk fw;
	struct anchor_tracker t;
	uint32_t insn;

	memset(&t, 0, sizeof(t));
	t.w = w;
	t.rel = i;
	t.sym = w->relocs[i].sym;
	t.base = base;
	if (!s->data || off + 4 > s->size)
		return RELOC_BAD;
	insn = read_insn(s->data + off);
	/* Not an ADD (immediate)?  Then it is a plain reference. */
	if ((insn & 0x1f000000) != 0x11000000) {
		anchor_use(&t, base);
		return t.err ? RELOC_BAD : RELOC_DONE;
	}

	reloc_function_bounds(w, off, &start, &end);
	track(&t, insn & 31, base);
	fw = (struct flow_walk){
		.code = s->data, .start = start & ~3ull, .end = end,
		.granule = 4, .limit = ANCHOR_SCAN_LIMIT,
		.cache = &w->flow_cache, .mod = w->mod, .walk = w,
		.tracker = &t,
		.regs = &t.r, .step = step_at, .leave = leave,
		.use_all = anchor_flow_use_all,
		.restart = anchor_flow_restart,
	};
	if (flow_follow(&fw, off + 4)) {
		module_fail(w->mod, "out of memory");
		return RELOC_BAD;
	}
	if (t.err || w->mod->error[0])
		return RELOC_BAD;
	return RELOC_DONE;
}

static enum reloc_verdict aarch64_decode(struct reloc_walk *w, size_t i,
					 int64_t *addend, bool *exact)
{
	const struct elf_section *s = &w->mod->elf.sections[w->target];
	uint32_t type = w->relocs[i].type;

	(void)exact;
	switch (type) {
	case R_AARCH64_NONE:
	case 256:		/* R_AARCH64_NONE in the ELF64 numbering */
		return RELOC_IGNORE;
	/* The page half of a pair: its LO12 partner names the same byte. */
	case R_AARCH64_ADR_PREL_PG_HI21:
	case R_AARCH64_ADR_PREL_PG_HI21_NC:
	case R_AARCH64_ADR_GOT_PAGE:
		return RELOC_IGNORE;
	case R_AARCH64_ADD_ABS_LO12_NC:
		*addend = w->relocs[i].addend;
		/* Section symbols and anchor labels (.LANCHOR0) name no object. */
		if ((s->flags & SHF_EXECINSTR) &&
		    (reloc_against_section(w, i) ||
		     w->mod->sym_object[w->relocs[i].sym] == NO_OBJECT))
			return follow_anchor(w, i, *addend);
		return RELOC_REF;
	case R_AARCH64_ABS64 ... R_AARCH64_PREL16:
	case R_AARCH64_MOVW_UABS_G0 ... R_AARCH64_MOVW_SABS_G2:
	case R_AARCH64_LD_PREL_LO19 ... R_AARCH64_ADR_PREL_LO21:
	case R_AARCH64_LDST8_ABS_LO12_NC:
	case R_AARCH64_TSTBR14 ... R_AARCH64_CONDBR19:
	case R_AARCH64_JUMP26 ... R_AARCH64_LDST64_ABS_LO12_NC:
	case R_AARCH64_MOVW_PREL_G0 ... R_AARCH64_MOVW_PREL_G3:
	case R_AARCH64_LDST128_ABS_LO12_NC:
	case R_AARCH64_LD64_GOT_LO12_NC:
		*addend = w->relocs[i].addend;
		return RELOC_REF;
	}
	return RELOC_UNKNOWN;
}

static const char *aarch64_reloc_name(uint32_t type)
{
	static const struct {
		uint32_t type;
		const char *name;
	} names[] = {
		{ R_AARCH64_ABS64, "R_AARCH64_ABS64" },
		{ R_AARCH64_ABS32, "R_AARCH64_ABS32" },
		{ R_AARCH64_ABS16, "R_AARCH64_ABS16" },
		{ R_AARCH64_PREL64, "R_AARCH64_PREL64" },
		{ R_AARCH64_PREL32, "R_AARCH64_PREL32" },
		{ R_AARCH64_PREL16, "R_AARCH64_PREL16" },
		{ R_AARCH64_LD_PREL_LO19, "R_AARCH64_LD_PREL_LO19" },
		{ R_AARCH64_ADR_PREL_LO21, "R_AARCH64_ADR_PREL_LO21" },
		{ R_AARCH64_ADR_PREL_PG_HI21, "R_AARCH64_ADR_PREL_PG_HI21" },
		{ R_AARCH64_ADD_ABS_LO12_NC, "R_AARCH64_ADD_ABS_LO12_NC" },
		{ R_AARCH64_LDST8_ABS_LO12_NC, "R_AARCH64_LDST8_ABS_LO12_NC" },
		{ R_AARCH64_CONDBR19, "R_AARCH64_CONDBR19" },
		{ R_AARCH64_TSTBR14, "R_AARCH64_TSTBR14" },
		{ R_AARCH64_JUMP26, "R_AARCH64_JUMP26" },
		{ R_AARCH64_CALL26, "R_AARCH64_CALL26" },
		{ R_AARCH64_LDST16_ABS_LO12_NC, "R_AARCH64_LDST16_ABS_LO12_NC" },
		{ R_AARCH64_LDST32_ABS_LO12_NC, "R_AARCH64_LDST32_ABS_LO12_NC" },
		{ R_AARCH64_LDST64_ABS_LO12_NC, "R_AARCH64_LDST64_ABS_LO12_NC" },
		{ R_AARCH64_LDST128_ABS_LO12_NC, "R_AARCH64_LDST128_ABS_LO12_NC" },
		{ R_AARCH64_ADR_GOT_PAGE, "R_AARCH64_ADR_GOT_PAGE" },
		{ R_AARCH64_LD64_GOT_LO12_NC, "R_AARCH64_LD64_GOT_LO12_NC" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].type == type)
			return names[i].name;
	return NULL;
}

/* Only b, bl, b.cond, cbz and tbz carry these. */
static int aarch64_reloc_branch(const struct code_view *v, uint64_t field,
				uint32_t type)
{
	(void)v;
	(void)field;
	return type == R_AARCH64_CALL26 || type == R_AARCH64_JUMP26 ||
	       type == R_AARCH64_CONDBR19 || type == R_AARCH64_TSTBR14;
}

const struct arch arch_aarch64 = {
	.name = "aarch64",
	.machine = EM_AARCH64,
	.elfclass = ELFCLASS64,
	.decode = aarch64_decode,
	.reloc_name = aarch64_reloc_name,
	.decode_insn = aarch64_decode_insn,
	.reloc_branch = aarch64_reloc_branch,
	.granule = 4,
};
