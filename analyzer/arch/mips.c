// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * MIPS relocations: o32 (SHT_REL, 32-bit, either byte order) and n64
 * (SHT_RELA, three types per record: type | type2 << 8 | type3 << 16,
 * split by elffile.c).
 *
 * An address is built from halves: "lui rX, %hi(sym); addiu rX, rX,
 * %lo(sym)" (o32), or %highest/%higher/%hi/%lo (n64).  The high parts and
 * the low part name the same byte; the reference is counted once, at the
 * LO16, as one instruction would on other architectures.  A high part with
 * no LO16 after it is a reference of its own.
 *
 * o32 REL: the addend of a HI16/LO16 pair is (hi_field << 16) +
 * (short)lo_field.  A HI16 takes its low half from the next LO16 with the
 * same symbol (several HI16 may share one LO16); a LO16 takes its high
 * half from the last HI16 with the same symbol before it (one HI16 may
 * serve several LO16, as "lui" hoisted out of a loop does).
 *
 * Module code is built with -mno-abicalls -mlong-calls -G 0: no GOT, no
 * small-data, no GP-relative forms except in hand-written code; these are
 * decoded when their target is a plain S + A.
 */
#include <elf.h>
#include <stdlib.h>

#include "arch.h"

#ifndef R_MIPS_PC32
#define R_MIPS_PC32 248
#endif

#define NO_PARTNER UINT32_MAX

struct mips_walk {
	bool rela;
	uint32_t *partner;	/* HI16: next LO16; LO16: last HI16 (REL) */
	uint32_t *later;	/* LO16: next HI16 with the same symbol */
};

static uint32_t type1(uint32_t t) { return t & 0xff; }

static bool is_high(uint32_t t)
{
	return t == R_MIPS_HI16 || t == R_MIPS_HIGHER || t == R_MIPS_HIGHEST;
}

/* A plain record: type2 and type3 R_MIPS_NONE. */
static bool plain(uint32_t t)
{
	return !(t >> 8);
}

static int mips_walk_begin(struct reloc_walk *w)
{
	const struct elf_file *ef = &w->mod->elf;
	struct mips_walk *mw = calloc(1, sizeof(*mw));
	uint32_t *last, *lasthi;
	size_t i, n = ef->nsymbols ? ef->nsymbols : 1;

	if (!mw)
		return module_fail(w->mod, "out of memory");
	w->priv = mw;
	mw->rela = ef->sections[w->relsec].type == SHT_RELA;
	if (!w->count)
		return 0;
	mw->partner = malloc(w->count * sizeof(*mw->partner));
	mw->later = malloc(w->count * sizeof(*mw->later));
	last = malloc(2 * n * sizeof(*last));
	if (!mw->partner || !mw->later || !last) {
		free(last);
		return module_fail(w->mod, "out of memory");
	}
	lasthi = last + n;
	for (i = 0; i < w->count; i++)
		mw->partner[i] = mw->later[i] = NO_PARTNER;

	/*
	 * Backwards: each high part's next LO16 with the same symbol, and
	 * each LO16's next HI16 (for a LO16 whose "lui" comes later in the
	 * section, at the end of a loop or in a block jumped back from).
	 */
	for (i = 0; i < 2 * n; i++)
		last[i] = NO_PARTNER;
	for (i = w->count; i-- > 0;) {
		const struct elf_reloc *r = &w->relocs[i];

		if (r->sym >= ef->nsymbols || !plain(r->type))
			continue;
		if (r->type == R_MIPS_LO16) {
			last[r->sym] = i;
			mw->later[i] = lasthi[r->sym];
		} else if (is_high(r->type)) {
			mw->partner[i] = last[r->sym];
			if (r->type == R_MIPS_HI16)
				lasthi[r->sym] = i;
		}
	}
	/* Forwards (REL): each LO16's last HI16 with the same symbol. */
	if (!mw->rela) {
		for (i = 0; i < n; i++)
			last[i] = NO_PARTNER;
		for (i = 0; i < w->count; i++) {
			const struct elf_reloc *r = &w->relocs[i];

			if (r->sym >= ef->nsymbols || !plain(r->type))
				continue;
			if (r->type == R_MIPS_HI16)
				last[r->sym] = i;
			else if (r->type == R_MIPS_LO16)
				mw->partner[i] = last[r->sym];
		}
	}
	free(last);
	return 0;
}

static void mips_walk_end(struct reloc_walk *w)
{
	struct mips_walk *mw = w->priv;

	if (mw) {
		free(mw->partner);
		free(mw->later);
	}
	free(mw);
	w->priv = NULL;
}

/* The 32-bit instruction or word at record i, in the file's byte order. */
static bool field32(struct reloc_walk *w, size_t i, uint32_t *v)
{
	const unsigned char *p = reloc_field(w, i, 4);

	if (!p)
		return false;
	*v = (uint32_t)elf_read_uint(&w->mod->elf, p, 4);
	return true;
}

/* REL addend of a HI16/LO16 pair from the two instructions. */
static enum reloc_verdict rel_pair(struct reloc_walk *w, size_t hi, size_t lo,
				   int64_t *addend)
{
	uint32_t h, l;

	if (!field32(w, hi, &h) || !field32(w, lo, &l))
		return RELOC_BAD;
	*addend = (int64_t)(int32_t)((h & 0xffff) << 16) +
		  sign_extend(l & 0xffff, 16);
	return RELOC_REF;
}

/*
 * A REL LO16 with no HI16 before it: the addend is lo + k * 0x10000 for
 * some k.  Inside the symbol's section only one k may fit: then it is
 * exact.  Otherwise take the high half of the next HI16 with the same
 * symbol (a "lui" at the end of a loop, or in a block jumped back from):
 * exact when that HI16's own LO16 has the same low half.
 */
static enum reloc_verdict lo16_alone(struct reloc_walk *w, size_t i,
				     uint32_t v, int64_t *addend, bool *exact)
{
	struct mips_walk *mw = w->priv;
	const struct elf_file *ef = &w->mod->elf;
	const struct elf_symbol *sym = &ef->symbols[w->relocs[i].sym];
	int64_t lo = sign_extend(v & 0xffff, 16), base, size, a;
	unsigned int fits = 0;
	uint32_t hi = mw->later[i], v2;

	*addend = lo;
	if (sym->shndx == SHN_UNDEF || sym->shndx >= ef->nsections)
		return RELOC_REF;
	base = (int64_t)sym->value;
	size = (int64_t)ef->sections[sym->shndx].size;
	for (a = lo - ((base + lo) & ~0xffffll); base + a <= size && fits < 2;
	     a += 0x10000) {
		if (base + a >= 0) {
			if (!fits)
				*addend = a;
			fits++;
		}
	}
	if (fits == 1)
		return RELOC_REF;
	if (hi != NO_PARTNER) {
		uint32_t lo2 = mw->partner[hi];

		if (rel_pair(w, hi, i, &a) != RELOC_REF)
			return RELOC_BAD;
		if (base + a >= 0 && base + a <= size) {
			*addend = a;
			*exact = lo2 != NO_PARTNER && field32(w, lo2, &v2) &&
				 (v2 & 0xffff) == (v & 0xffff);
			return RELOC_REF;
		}
	}
	*exact = false;
	return RELOC_REF;
}

static enum reloc_verdict mips_decode(struct reloc_walk *w, size_t i,
				      int64_t *addend, bool *exact)
{
	struct mips_walk *mw = w->priv;
	const struct elf_reloc *r = &w->relocs[i];
	uint32_t t = r->type, v;

	if (!plain(t)) {
		/* n64 compositions. */
		switch (t) {
		case R_MIPS_GPREL32 | R_MIPS_64 << 8:	/* .gpdword sym */
			*addend = r->addend;
			return RELOC_REF;
		case R_MIPS_GPREL16 | R_MIPS_SUB << 8 | R_MIPS_HI16 << 16:
		case R_MIPS_GPREL16 | R_MIPS_SUB << 8 | R_MIPS_LO16 << 16:
			/* %hi/%lo(%neg(%gp_rel(fn))): $gp set-up, no use. */
			return RELOC_IGNORE;
		}
		return RELOC_UNKNOWN;
	}

	switch (type1(t)) {
	case R_MIPS_NONE:
	case R_MIPS_JALR:		/* a hint on jalr */
		return RELOC_IGNORE;
	case R_MIPS_32:
	case R_MIPS_REL32:
	case R_MIPS_GPREL32:
	case R_MIPS_PC32:
		if (mw->rela) {
			*addend = r->addend;
		} else {
			if (!field32(w, i, &v))
				return RELOC_BAD;
			*addend = (int32_t)v;
		}
		return RELOC_REF;
	case R_MIPS_64:
		if (mw->rela) {
			*addend = r->addend;
		} else {
			const unsigned char *p = reloc_field(w, i, 8);

			if (!p)
				return RELOC_BAD;
			*addend = (int64_t)elf_read_uint(&w->mod->elf, p, 8);
		}
		return RELOC_REF;
	case R_MIPS_26:
		if (mw->rela) {
			*addend = r->addend;
			return RELOC_REF;
		}
		if (!field32(w, i, &v))
			return RELOC_BAD;
		/*
		 * A local symbol: the field is the target's offset in its
		 * 256 MB region.  A global one is the target, the field an
		 * offset from it (sign-extended, as GNU ld reads it).
		 */
		if (reloc_against_section(w, i) ||
		    w->mod->elf.symbols[r->sym].bind == STB_LOCAL)
			*addend = (int64_t)(v & 0x3ffffff) << 2;
		else
			*addend = sign_extend((uint64_t)(v & 0x3ffffff) << 2, 28);
		return RELOC_REF;
	case R_MIPS_PC16:
		/* The CPU adds to the address of the delay slot. */
		if (mw->rela) {
			*addend = r->addend + 4;
		} else {
			if (!field32(w, i, &v))
				return RELOC_BAD;
			*addend = sign_extend((uint64_t)(v & 0xffff) << 2, 18) + 4;
		}
		return RELOC_REF;
	case R_MIPS_HI16:
	case R_MIPS_HIGHER:
	case R_MIPS_HIGHEST:
		/* Counted at its LO16. */
		if (mw->partner[i] != NO_PARTNER)
			return RELOC_IGNORE;
		if (mw->rela) {
			*addend = r->addend;
			return RELOC_REF;
		}
		if (t != R_MIPS_HI16)
			return RELOC_UNKNOWN;
		if (!field32(w, i, &v))
			return RELOC_BAD;
		/* An orphan: the low half is unknown. */
		*addend = (int64_t)(int32_t)((v & 0xffff) << 16);
		*exact = false;
		return RELOC_REF;
	case R_MIPS_LO16:
		if (mw->rela) {
			*addend = r->addend;
			return RELOC_REF;
		}
		if (mw->partner[i] != NO_PARTNER)
			return rel_pair(w, mw->partner[i], i, addend);
		if (!field32(w, i, &v))
			return RELOC_BAD;
		return lo16_alone(w, i, v, addend, exact);
	case R_MIPS_GPREL16:
	case R_MIPS_LITERAL:
		if (mw->rela) {
			*addend = r->addend;
		} else {
			if (!field32(w, i, &v))
				return RELOC_BAD;
			*addend = sign_extend(v & 0xffff, 16);
		}
		return RELOC_REF;
	}
	return RELOC_UNKNOWN;
}

static const char *mips_reloc_name(uint32_t type)
{
	static const char *const names[] = {
		[R_MIPS_NONE] = "R_MIPS_NONE", [R_MIPS_16] = "R_MIPS_16",
		[R_MIPS_32] = "R_MIPS_32", [R_MIPS_REL32] = "R_MIPS_REL32",
		[R_MIPS_26] = "R_MIPS_26", [R_MIPS_HI16] = "R_MIPS_HI16",
		[R_MIPS_LO16] = "R_MIPS_LO16",
		[R_MIPS_GPREL16] = "R_MIPS_GPREL16",
		[R_MIPS_LITERAL] = "R_MIPS_LITERAL",
		[R_MIPS_GOT16] = "R_MIPS_GOT16", [R_MIPS_PC16] = "R_MIPS_PC16",
		[R_MIPS_CALL16] = "R_MIPS_CALL16",
		[R_MIPS_GPREL32] = "R_MIPS_GPREL32",
		[R_MIPS_SHIFT5] = "R_MIPS_SHIFT5",
		[R_MIPS_SHIFT6] = "R_MIPS_SHIFT6", [R_MIPS_64] = "R_MIPS_64",
		[R_MIPS_GOT_DISP] = "R_MIPS_GOT_DISP",
		[R_MIPS_GOT_PAGE] = "R_MIPS_GOT_PAGE",
		[R_MIPS_GOT_OFST] = "R_MIPS_GOT_OFST",
		[R_MIPS_GOT_HI16] = "R_MIPS_GOT_HI16",
		[R_MIPS_GOT_LO16] = "R_MIPS_GOT_LO16", [R_MIPS_SUB] = "R_MIPS_SUB",
		[R_MIPS_HIGHER] = "R_MIPS_HIGHER",
		[R_MIPS_HIGHEST] = "R_MIPS_HIGHEST",
		[R_MIPS_CALL_HI16] = "R_MIPS_CALL_HI16",
		[R_MIPS_CALL_LO16] = "R_MIPS_CALL_LO16",
		[R_MIPS_JALR] = "R_MIPS_JALR",
		[R_MIPS_PC32] = "R_MIPS_PC32",
	};

	if (type == (R_MIPS_GPREL32 | R_MIPS_64 << 8))
		return "R_MIPS_GPREL32/R_MIPS_64";
	if (type >> 8)
		return NULL;
	return type < sizeof(names) / sizeof(names[0]) ? names[type] : NULL;
}

/*
 * One instruction (arch/insn.h).  Branches count from the delay slot:
 * target = pc + 4 + (offset << 2).  GAS resolves a branch to a local
 * symbol of the same section itself (R_MIPS_PC16 only for a global one).
 * j and jal are region-absolute: their target depends on where the
 * module is loaded, so they carry R_MIPS_26 and are no jump here (a j
 * still ends the path).  Module code is built with -mlong-calls: calls
 * go through registers, addresses are built from %hi/%lo halves.
 * Release 6 reuses opcodes for compact branches and PC-relative forms;
 * microMIPS code (16- and 32-bit) is not decoded.
 */
#define MIPS_ARCH_R6(flags) (((flags) & EF_MIPS_ARCH) == 0x90000000u || \
			     ((flags) & EF_MIPS_ARCH) == 0xa0000000u)
#define MIPS_MICROMIPS	0x02000000u	/* EF_MIPS_ARCH_ASE_MICROMIPS */
#define MIPS_OCTEON(flags) (((flags) & 0x00ff0000u) == 0x008b0000u || \
			    ((flags) & 0x00ff0000u) == 0x008d0000u || \
			    ((flags) & 0x00ff0000u) == 0x008e0000u)

static void set(struct insn *insn, enum insn_type type, uint64_t target)
{
	insn->type = type;
	insn->target = target;
}

/* Release 6: compact branches, PC-relative forms. */
static bool decode_r6(uint32_t w, uint64_t off, struct insn *insn)
{
	unsigned int op = w >> 26, rs = (w >> 21) & 31, rt = (w >> 16) & 31;
	uint64_t b16 = insn_rel(off + 4, sign_extend((w & 0xffff) << 2, 18));

	switch (op) {
	case 0x06: case 0x07:	/* blez, bgtz; b{le,ge,gt,lt}zalc, bgeuc */
		if (rt)
			set(insn, rs && rs != rt ? INSN_BRANCH : INSN_CALL,
			    b16);
		else
			set(insn, INSN_BRANCH, b16);
		return true;
	case 0x08: case 0x18:	/* bovc, beqc, beqzalc; bnvc, bnec, ... */
		set(insn, !rs && rt ? INSN_CALL : INSN_BRANCH, b16);
		return true;
	case 0x16: case 0x17:	/* blezc, bgezc, bgec; bgtzc, bltzc, bltc */
		set(insn, INSN_BRANCH, b16);
		return true;
	case 0x32: case 0x3a:	/* bc, balc */
		set(insn, op == 0x32 ? INSN_JUMP : INSN_CALL,
		    insn_rel(off + 4, sign_extend((uint64_t)w << 2, 28)));
		return true;
	case 0x36: case 0x3e:	/* beqzc, bnezc; jic, jialc */
		if (rs)
			set(insn, INSN_BRANCH, insn_rel(off + 4,
				sign_extend((w & 0x1fffff) << 2, 23)));
		else if (op == 0x36)
			insn->type = INSN_STOP;
		return true;
	case 0x3b:		/* PCREL */
		if (((w >> 19) & 3) < 3)	/* addiupc, lwpc, lwupc */
			set(insn, INSN_ADDR, insn_rel(off,
				sign_extend((w & 0x7ffff) << 2, 21)));
		else if (((w >> 18) & 7) == 6)	/* ldpc */
			set(insn, INSN_ADDR, insn_rel(off & ~7ull,
				sign_extend((w & 0x3ffff) << 3, 21)));
		return true;	/* auipc, aluipc: high halves */
	case 0x11: case 0x12:	/* bc1eqz, bc1nez, bc2eqz, bc2nez */
		if (rs == 0x09 || rs == 0x0d)
			set(insn, INSN_BRANCH, b16);
		return true;
	}
	return false;
}

/* Major opcodes that may branch or stop, before release 6 (bit n: n). */
#define MIPS_BRANCH_OPS	(1ull << 0x00 | 1ull << 0x01 | 1ull << 0x02 | \
			 1ull << 0x04 | 1ull << 0x05 | 1ull << 0x06 | \
			 1ull << 0x07 | 1ull << 0x11 | 1ull << 0x12 | \
			 1ull << 0x14 | 1ull << 0x15 | 1ull << 0x16 | \
			 1ull << 0x17)
/* Release 6's and Octeon's own. */
#define MIPS_R6_OPS	(1ull << 0x08 | 1ull << 0x18 | 1ull << 0x32 | \
			 1ull << 0x36 | 1ull << 0x3a | 1ull << 0x3b | \
			 1ull << 0x3e)
#define MIPS_OCTEON_OPS	(1ull << 0x32 | 1ull << 0x36 | 1ull << 0x3a | \
			 1ull << 0x3e)
/* SPECIAL functions that stop: jr, jalr (with rd 0), break. */
#define MIPS_STOP_FUNCS	(1ull << 0x08 | 1ull << 0x09 | 1ull << 0x0d)

static void mips_decode_insn(const struct code_view *v, uint64_t off,
			     struct insn *insn)
{
	unsigned int op, rs, rt, hit;
	uint64_t b16;
	uint32_t w;

	insn->len = 4;
	insn->type = INSN_OTHER;
	if (off + 4 > v->size) {
		insn->type = INSN_DATA;
		return;
	}
	if (v->flags & MIPS_MICROMIPS)
		return;
	w = code_read32(v, off);
	op = w >> 26;
	/* Most instructions neither branch nor stop: one branch for them. */
	hit = op ? (MIPS_BRANCH_OPS | MIPS_R6_OPS) >> op :
		   MIPS_STOP_FUNCS >> (w & 0x3f);
	if (!(hit & 1))
		return;
	if (((MIPS_R6_OPS >> op) & 1) && !MIPS_ARCH_R6(v->flags) &&
	    !(((MIPS_OCTEON_OPS >> op) & 1) && MIPS_OCTEON(v->flags)))
		return;		/* lwc2, sdc2, ... */
	rs = (w >> 21) & 31;
	rt = (w >> 16) & 31;
	b16 = insn_rel(off + 4, sign_extend((w & 0xffff) << 2, 18));
	if (MIPS_ARCH_R6(v->flags) && decode_r6(w, off, insn))
		return;
	switch (op) {
	case 0x00:		/* SPECIAL */
		switch (w & 0x3f) {
		case 0x08:	/* jr (jr $ra: return) */
			insn->type = INSN_STOP;
			break;
		case 0x09:	/* jalr; jalr $0 is jr */
			if (!((w >> 11) & 31))
				insn->type = INSN_STOP;
			break;
		case 0x0d:	/* break: BUG() */
			insn->type = INSN_STOP;
			break;
		}
		return;
	case 0x01:		/* REGIMM */
		switch (rt) {
		case 0x00: case 0x02:		/* bltz, bltzl */
		case 0x1c: case 0x1d:		/* bposge32, bposge64 */
			set(insn, INSN_BRANCH, b16);
			break;
		case 0x01: case 0x03:		/* bgez, bgezl; bgez $0: b */
			set(insn, rs ? INSN_BRANCH : INSN_JUMP, b16);
			break;
		case 0x10: case 0x12:		/* bltzal, bltzall */
			if (rs)			/* nal: reads the pc */
				set(insn, INSN_CALL, b16);
			break;
		case 0x11: case 0x13:		/* bgezal, bgezall, bal */
			set(insn, INSN_CALL, b16);
			break;
		}
		return;
	case 0x02:		/* j: region-absolute, R_MIPS_26 */
		insn->type = INSN_STOP;
		return;
	case 0x04:		/* beq; beq $x, $x: b */
		set(insn, rs == rt ? INSN_JUMP : INSN_BRANCH, b16);
		return;
	case 0x05: case 0x06: case 0x07:	/* bne, blez, bgtz */
	case 0x14: case 0x15: case 0x16: case 0x17:	/* branch likely */
		set(insn, INSN_BRANCH, b16);
		return;
	case 0x11: case 0x12:	/* bc1f, bc1t, bc2f, ... (and MIPS-3D) */
		if (rs == 0x08 || (op == 0x11 && (rs == 0x09 || rs == 0x0a)))
			set(insn, INSN_BRANCH, b16);
		return;
	case 0x32: case 0x36: case 0x3a: case 0x3e:
		/* Octeon: bbit0, bbit032, bbit1, bbit132 (else lwc2, ...) */
		if (MIPS_OCTEON(v->flags))
			set(insn, INSN_BRANCH, b16);
		return;
	}
}

/*
 * What one instruction does with the general registers, for following a
 * long call: a mask of those it may read (more rather than fewer), the one
 * it surely writes (0: none known), and whether it branches or jumps (a
 * delay slot follows).  Unknown encodings read everything.
 */
struct mips_regs {
	uint32_t reads;
	unsigned int dst;
	bool jump;
	bool jump_reg;		/* jr or jalr: to the address in rs */
};

static struct mips_regs mips_regs(uint32_t insn)
{
	unsigned int op = insn >> 26, rs = (insn >> 21) & 31;
	unsigned int rt = (insn >> 16) & 31, rd = (insn >> 11) & 31;
	unsigned int funct = insn & 63;
	uint32_t both = 1u << rs | 1u << rt;
	struct mips_regs r = { both, 0, false, false };

	switch (op) {
	case 0x00:				/* SPECIAL */
		if (funct == 0x08 || funct == 0x09) {	/* jr, jalr */
			r = (struct mips_regs){ 1u << rs,
						funct == 0x09 ? rd : 0,
						true, true };
		} else if (funct == 0x10 || funct == 0x12) {	/* mfhi, mflo */
			r = (struct mips_regs){ 0, rd, false, false };
		} else if (funct >= 0x18 && funct <= 0x1f) {	/* mult, div */
			r.dst = 0;
		} else if (funct == 0x0c || funct == 0x0d || funct == 0x0f) {
			r.reads = 0;			/* syscall, break, sync */
		} else {
			r.dst = rd;			/* ALU: rd = rs op rt */
		}
		break;
	case 0x01:				/* REGIMM branches */
	case 0x06: case 0x07: case 0x16: case 0x17:	/* blez, bgtz(l) */
		r = (struct mips_regs){ 1u << rs, 0, true, false };
		break;
	case 0x02:				/* j */
		r = (struct mips_regs){ 0, 0, true, false };
		break;
	case 0x03:				/* jal */
		r = (struct mips_regs){ 0, 31, true, false };
		break;
	case 0x04: case 0x05: case 0x14: case 0x15:	/* beq, bne(l) */
		r.jump = true;
		break;
	case 0x08: case 0x09: case 0x0a: case 0x0b:	/* addi(u), slti(u) */
	case 0x0c: case 0x0d: case 0x0e:		/* andi, ori, xori */
	case 0x18: case 0x19:				/* daddi(u) */
	case 0x20: case 0x21: case 0x23: case 0x24:	/* lb, lh, lw, lbu */
	case 0x25: case 0x27: case 0x37:		/* lhu, lwu, ld */
		r = (struct mips_regs){ 1u << rs, rt, false, false };
		break;
	case 0x0f:				/* lui */
		r = (struct mips_regs){ 0, rt, false, false };
		break;
	default:				/* stores read rs and rt */
		if (op < 0x20)
			r.reads = UINT32_MAX;	/* COPn, SPECIAL2/3, ... */
		break;
	}
	r.reads &= ~1u;				/* $zero */
	return r;
}

/*
 * Is the address that the LO16 at 'field' completes only jumped to?
 * Modules are built with -mlong-calls: "lui v1, %hi(f); daddiu v1, v1,
 * %lo(f); ...; jalr v1" (n64 without -msym32 adds the upper half with a
 * daddu before the jalr).  The register the addiu writes is followed
 * forward: its first reader must be jalr or jr (and their delay slot must
 * not read it), through an addu or daddu that adds the upper half; any
 * other reader uses the address, a branch before it ends what a straight
 * walk can tell.  In the delay slot of a call it is an argument.
 */
static int long_call(const struct code_view *v, uint64_t field)
{
	uint32_t insn = code_read32(v, field);
	unsigned int reg = (insn >> 16) & 31, n;
	uint64_t off;

	if ((insn >> 26) != 0x09 && (insn >> 26) != 0x19)
		return 0;			/* a load or store: data */
	/*
	 * In a delay slot: "jalr v0; daddiu a0, a0, %lo(f)" hands the address
	 * to the callee; after a branch the next instruction may not run.
	 */
	if (field >= 4) {
		struct mips_regs prev = mips_regs(code_read32(v, field - 4));

		if (prev.jump)
			return prev.dst == 31 || (prev.jump_reg && prev.dst) ?
			       0 : -1;
	}
	for (off = field + 4, n = 0; off + 4 <= v->size && n < 32;
	     off += 4, n++) {
		struct mips_regs r = mips_regs(code_read32(v, off));

		if (r.reads & (1u << reg)) {
			insn = code_read32(v, off);
			/* n64: "daddu v0, v0, v1" adds the %highest/%higher half */
			if ((insn >> 26) == 0 && ((insn & 63) == 0x21 ||
						  (insn & 63) == 0x2d) &&
			    r.dst) {
				reg = r.dst;
				continue;
			}
			if (!r.jump_reg || ((insn >> 21) & 31) != reg)
				return 0;
			if (off + 8 <= v->size &&
			    (mips_regs(code_read32(v, off + 4)).reads & (1u << reg)))
				return 0;	/* the delay slot reads it */
			return 1;
		}
		if (r.jump)
			return -1;
		if (r.dst == reg)
			return 1;		/* overwritten unused */
	}
	return -1;
}

/*
 * j, jal and the branches carry R_MIPS_26 and R_MIPS_PC16; a long call's
 * address is counted at its LO16 (mips_decode()), whose register is
 * followed to the jalr.  A high part without its LO16 is not followed.
 */
static int mips_reloc_branch(const struct code_view *v, uint64_t field,
			     uint32_t type)
{
	switch (type & 0xff) {
	case R_MIPS_26:
	case R_MIPS_PC16:
		return 1;
	case R_MIPS_LO16:
		if (field % 4 || field + 4 > v->size)
			return 0;
		return long_call(v, field);
	case R_MIPS_HI16:
	case R_MIPS_HIGHER:
	case R_MIPS_HIGHEST:
		return -1;
	}
	return 0;
}

const struct arch arch_mips = {
	.name = "mips",
	.machine = EM_MIPS,
	.elfclass = 0,
	.walk_begin = mips_walk_begin,
	.walk_end = mips_walk_end,
	.decode = mips_decode,
	.reloc_name = mips_reloc_name,
	.decode_insn = mips_decode_insn,
	.reloc_branch = mips_reloc_branch,
	.granule = 4,
};
