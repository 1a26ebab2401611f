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

const struct arch arch_mips = {
	.name = "mips",
	.machine = EM_MIPS,
	.elfclass = 0,
	.walk_begin = mips_walk_begin,
	.walk_end = mips_walk_end,
	.decode = mips_decode,
	.reloc_name = mips_reloc_name,
};
