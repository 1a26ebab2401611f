// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * powerpc64 relocations, both ABIs: little-endian ELFv2 and big-endian
 * ELFv1.  RELA with true addends: S + A is the referenced byte for every
 * form that refers to something.  Only the low half of a HA/LO (or
 * HIGHEST..LO) pair is a reference: both halves name the same byte.
 *
 * Two tables route references (sections.c gives them SR_ROUTE, so their
 * own relocations are not uses):
 *
 *  - .toc: modules are built with -mcmodel=large, so code loads every
 *    address from a TOC entry: "addis r9,r2,.toc+N@toc@ha; ld r9,
 *    .toc+N@toc@l(r9)".  The relocation that patches .toc+N names the
 *    real target; the use is credited to the code that loads the entry.
 *  - .opd (ELFv1): a function symbol is its descriptor, whose first
 *    doubleword is the code address.  A reference to a descriptor is a
 *    reference to the function.
 *
 * GCC uses section anchors on powerpc64: the TOC entry often holds
 * ".data + 0" and the objects are reached by adding offsets to the loaded
 * register.  As on arm64, the register is then followed along the
 * function's control flow and every access through it becomes a
 * reference to anchor + offset.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "anchor.h"
#include "arch.h"

/* Newer than glibc's elf.h. */
#define R_PPC64_REL24_NOTOC		116
#define R_PPC64_ADDR64_LOCAL		117
#define R_PPC64_ENTRY			118
#define R_PPC64_PLTSEQ			119
#define R_PPC64_PLTCALL			120
#define R_PPC64_PLTSEQ_NOTOC		121
#define R_PPC64_PLTCALL_NOTOC		122
#define R_PPC64_PCREL_OPT		123
#define R_PPC64_REL24_P9NOTOC		124
#define R_PPC64_D34			128
#define R_PPC64_D34_LO			129
#define R_PPC64_D34_HI30		130
#define R_PPC64_D34_HA30		131
#define R_PPC64_PCREL34			132
#define R_PPC64_GOT_PCREL34		133
#define R_PPC64_PLT_PCREL34		134
#define R_PPC64_PLT_PCREL34_NOTOC	135
#define R_PPC64_ADDR16_HIGHER34		136
#define R_PPC64_ADDR16_HIGHERA34	137
#define R_PPC64_ADDR16_HIGHEST34	138
#define R_PPC64_ADDR16_HIGHESTA34	139
#define R_PPC64_REL16_HIGH		240
#define R_PPC64_REL16_HIGHA		241
#define R_PPC64_REL16_HIGHER		242
#define R_PPC64_REL16_HIGHERA		243
#define R_PPC64_REL16_HIGHEST		244
#define R_PPC64_REL16_HIGHESTA		245
#define R_PPC64_REL16DX_HA		246

/* Instructions followed after an anchor load before giving up. */
#define ANCHOR_SCAN_LIMIT 4096
#define MAX_ROUTE_DEPTH 4

/* The relocations of one routing section, by offset. */
struct route {
	uint32_t sec;
	size_t count;
	struct elf_reloc *relocs;
};

struct ppc_walk {
	struct route routes[4];
	unsigned int nroutes;
};

static int cmp_offset(const void *a, const void *b)
{
	const struct elf_reloc *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static const struct route *load_route(struct reloc_walk *w, uint32_t sec)
{
	struct ppc_walk *pw = w->priv;
	struct elf_file *ef = &w->mod->elf;
	struct route *r;
	uint32_t i;
	size_t k;

	for (k = 0; k < pw->nroutes; k++)
		if (pw->routes[k].sec == sec)
			return &pw->routes[k];
	if (pw->nroutes == sizeof(pw->routes) / sizeof(pw->routes[0])) {
		module_fail(w->mod, "too many routing sections");
		return NULL;
	}
	r = &pw->routes[pw->nroutes++];
	r->sec = sec;
	r->count = 0;
	r->relocs = NULL;
	for (i = 1; i < ef->nsections; i++) {
		const struct elf_section *s = &ef->sections[i];
		size_t n;

		if ((s->type != SHT_RELA && s->type != SHT_REL) ||
		    s->info != sec)
			continue;
		n = elf_reloc_count(ef, i);
		r->relocs = malloc((n ? n : 1) * sizeof(*r->relocs));
		if (!r->relocs) {
			module_fail(w->mod, "out of memory");
			return NULL;
		}
		if (elf_read_relocs(ef, i, r->relocs)) {
			module_fail(w->mod, "%s", ef->error);
			return NULL;
		}
		r->count = n;
		for (k = 1; k < n; k++)
			if (r->relocs[k - 1].offset > r->relocs[k].offset)
				break;
		if (k < n)
			qsort(r->relocs, n, sizeof(*r->relocs), cmp_offset);
		break;
	}
	return r;
}

static const struct elf_reloc *route_find(const struct route *r, uint64_t off)
{
	size_t lo = 0, hi = r->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->relocs[mid].offset < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < r->count && r->relocs[lo].offset == off; lo++)
		if (r->relocs[lo].type == R_PPC64_ADDR64 ||
		    r->relocs[lo].type == R_PPC64_UADDR64)
			return &r->relocs[lo];
	return NULL;
}

static bool in_route(const struct reloc_walk *w, uint32_t symidx)
{
	const struct module *mod = w->mod;
	const struct elf_symbol *s = &mod->elf.symbols[symidx];

	return s->shndx != SHN_UNDEF && s->shndx < mod->elf.nsections &&
	       (mod->sec[s->shndx].facts.flags & SR_ROUTE);
}

/*
 * Follow *sym + *addend through TOC entries and descriptors to what they
 * hold.  Returns 1 when routed, 0 when not a routing table, -1 when the
 * entry holds no address (a constant in the TOC), -2 on error.
 */
static int route(struct reloc_walk *w, uint32_t *sym, int64_t *addend)
{
	int depth, routed = 0;

	for (depth = 0; depth < MAX_ROUTE_DEPTH && in_route(w, *sym); depth++) {
		const struct elf_symbol *s = &w->mod->elf.symbols[*sym];
		const struct route *r = load_route(w, s->shndx);
		const struct elf_reloc *e;

		if (!r)
			return -2;
		e = route_find(r, s->value + (uint64_t)*addend);
		if (!e)
			return -1;
		*sym = e->sym;
		*addend = e->addend;
		routed = 1;
	}
	return routed;
}

/* Register tracking. */
static void track(struct anchor_tracker *t, unsigned int reg, int64_t v)
{
	/* r0 as a base reads as zero; r1 and r2 are the stack and TOC. */
	if (reg > 2 && reg < 32)
		anchor_set(t, reg, v, false);
	else
		anchor_kill(t, reg);
}

/* rd = rs + d, with rs's index if it has one. */
static void copy(struct anchor_tracker *t, unsigned int rd, unsigned int rs, int64_t d)
{
	bool indexed = t->r.indexed & (1u << rs);

	track(t, rd, t->r.value[rs] + d);
	if (indexed && anchor_tracked(t, rd)) {
		t->r.indexed |= 1u << rd;
		t->r.def[rd] = t->r.def[rs];
	}
}

/* r3-r10 carry arguments; r0 and r3-r12 do not survive a call. */
#define ARG_REGS	0x000007f8u
#define VOLATILE_REGS	0x00001ff9u

static void call(struct anchor_tracker *t)
{
	unsigned int r;

	t->called = true;
	for (r = 3; r <= 10; r++)
		anchor_use_arg(t, r);
	t->r.live &= ~VOLATILE_REGS;
}


/* X-form (opcode 31) integer stores. */
static bool x_store(unsigned int xo)
{
	switch (xo) {
	case 149: case 150: case 151: case 181: case 183: case 214:
	case 215: case 247: case 407: case 439: case 660: case 662:
	case 694: case 726: case 918:
		return true;
	}
	return false;
}

/* X-form instructions that write rA from rS (logical, shifts, extends). */
static bool x_writes_ra(unsigned int xo)
{
	switch (xo) {
	case 24: case 26: case 27: case 28: case 58: case 60: case 122:
	case 124: case 252: case 284: case 316: case 378: case 412:
	case 444: case 476: case 506: case 508: case 536: case 538:
	case 539: case 570: case 792: case 794: case 824: case 922:
	case 954: case 986:
		return true;
	}
	/* sradi and extswsli are XS-form: a 9-bit opcode. */
	return (xo >> 1) == 413 || (xo >> 1) == 445;
}

/* X-form instructions that write no GPR. */
static bool x_writes_none(unsigned int xo)
{
	switch (xo) {
	case 0: case 4: case 32: case 54: case 68: case 86: case 144:
	case 246: case 278: case 467: case 598: case 854: case 982:
	case 1014:
		return true;
	}
	return false;
}

/* X-form loads into a floating-point or vector register. */
static bool x_load_nongpr(unsigned int xo)
{
	switch (xo) {
	case 7: case 12: case 39: case 71: case 76: case 103: case 268:
	case 269: case 301: case 332: case 359: case 524: case 535:
	case 567: case 588: case 599: case 631: case 780: case 812:
	case 844: case 855: case 876: case 887:
		return true;
	}
	return false;
}

/* D-form access through rA at displacement d. */
static void access(struct anchor_tracker *t, unsigned int ra, int64_t d, bool update)
{
	if (ra != 0 && anchor_tracked(t, ra)) {
		anchor_access(t, ra, d);
		if (update)
			t->r.value[ra] += d;
	}
}

/*
 * What the instruction does to the registers; ppc64_decode_insn() gives
 * where it goes.
 */
static void step(struct anchor_tracker *t, uint32_t insn)
{
	unsigned int op = insn >> 26, rd = (insn >> 21) & 31;
	unsigned int ra = (insn >> 16) & 31, rb = (insn >> 11) & 31;
	int64_t d = (int16_t)(insn & 0xffff);
	unsigned int xo, r;

	switch (op) {
	case 14:		/* addi */
	case 15:		/* addis */
		if (op == 15)
			d *= 65536;
		if (ra != 0 && anchor_tracked(t, ra))
			copy(t, rd, ra, d);
		else
			anchor_kill(t, rd);
		return;
	case 7: case 8: case 12: case 13:	/* mulli, subfic, addic */
		anchor_use_reg(t, ra);
		anchor_kill(t, rd);
		return;
	case 10: case 11:	/* cmpli, cmpi */
		anchor_use_reg(t, ra);
		return;
	case 2: case 3:		/* tdi, twi */
		return;
	case 32: case 33: case 34: case 35: case 40: case 41: case 42:
	case 43:		/* lwz, lbz, lhz, lha and update forms */
		access(t, ra, d, op & 1);
		if (rd != ra || !(op & 1))
			anchor_kill(t, rd);
		return;
	case 46:		/* lmw */
		access(t, ra, d, false);
		for (r = rd; r < 32; r++)
			anchor_kill(t, r);
		return;
	case 48: case 49: case 50: case 51:	/* lfs, lfd */
		access(t, ra, d, op & 1);
		return;
	case 36: case 37: case 38: case 39: case 44: case 45:
				/* stw, stb, sth and update forms */
		anchor_use_reg(t, rd);
		access(t, ra, d, op & 1);
		return;
	case 47:		/* stmw */
		for (r = rd; r < 32; r++)
			anchor_use_reg(t, r);
		access(t, ra, d, false);
		return;
	case 52: case 53: case 54: case 55:	/* stfs, stfd */
		access(t, ra, d, op & 1);
		return;
	case 56:		/* lq */
		access(t, ra, d & ~15, false);
		anchor_kill(t, rd);
		anchor_kill(t, rd + 1);
		return;
	case 58:		/* ld, ldu, lwa */
		access(t, ra, d & ~3, (insn & 3) == 1);
		if (rd != ra || (insn & 3) != 1)
			anchor_kill(t, rd);
		return;
	case 62:		/* std, stdu, stq */
		anchor_use_reg(t, rd);
		if ((insn & 3) == 2)
			anchor_use_reg(t, rd + 1);
		access(t, ra, d & ~3, (insn & 3) == 1);
		return;
	case 57:		/* lfdp, lxsd, lxssp */
		access(t, ra, d & ~3, false);
		return;
	case 61:		/* stfdp, stxsd, stxssp, lxv, stxv */
		access(t, ra, (insn & 3) == 1 ? d & ~15 : d & ~3, false);
		return;
	case 20: case 21: case 23: case 30:	/* rotates */
	case 24: case 25: case 26: case 27: case 28: case 29:
				/* ori, oris, xori, xoris, andi., andis. */
		if ((insn & 0xffff) == 0 && op == 24 && rd == ra)
			return;	/* nop */
		anchor_use_reg(t, rd);
		if (op == 23 || (op == 30 && (insn & 0x10)))
			anchor_use_reg(t, rb);
		anchor_kill(t, ra);
		return;
	case 31:
		xo = (insn >> 1) & 0x3ff;
		if (xo == 444 && rd == rb) {	/* mr */
			if (anchor_tracked(t, rd))
				copy(t, ra, rd, 0);
			else
				anchor_kill(t, ra);
			return;
		}
		if ((xo & 0x1ff) == 266) {	/* add */
			/* Base plus index: the next access adds its offset. */
			if (anchor_tracked(t, ra) != anchor_tracked(t, rb)) {
				copy(t, rd, anchor_tracked(t, ra) ? ra : rb, 0);
				if (anchor_tracked(t, rd))
					anchor_mark_indexed(t, rd);
				return;
			}
			anchor_use_reg(t, ra);
			anchor_use_reg(t, rb);
			anchor_kill(t, rd);
			return;
		}
		if (x_store(xo)) {
			anchor_use_reg(t, rd);
			anchor_use_reg(t, ra);
			anchor_use_reg(t, rb);
			return;
		}
		if (x_writes_ra(xo)) {
			anchor_use_reg(t, rd);
			anchor_use_reg(t, rb);
			anchor_kill(t, ra);
			return;
		}
		if (xo == 4 && rd == 31)
			return;		/* trap: BUG() */
		anchor_use_reg(t, ra);
		anchor_use_reg(t, rb);
		if (x_writes_none(xo)) {
			if (xo == 144 || xo == 467)	/* mtcrf, mtspr */
				anchor_use_reg(t, rd);
			return;
		}
		if (!x_load_nongpr(xo))
			anchor_kill(t, rd);
		return;
	case 18:		/* bl (bcl only reads the pc) */
		if (insn & 1)
			call(t);
		return;
	case 19:
		xo = (insn >> 1) & 0x3ff;
		if (xo != 16 && xo != 528 && xo != 560)
			return;
		if (insn & 1) {		/* bclrl, bctrl: a call */
			call(t);
			return;
		}
		if ((rd & 0x14) != 0x14)
			return;		/* conditional return */
		if (xo == 16)		/* blr: r3 is returned */
			anchor_use_arg(t, 3);
		else	/* bctr: a tail call or a switch that is not followed */
			anchor_use_all(t);
		return;
	}
	/* FP, vector, VSX, system: no general-purpose register. */
}

/*
 * One instruction (arch/insn.h), in either byte order.  Branch targets
 * count from the branch itself.  GAS resolves a branch to a local symbol
 * of the same section (ELFv2: only when the function has no separate
 * local entry point; ELFv1: to the code label, not the descriptor) and
 * leaves no relocation; absolute branches (AA) have no target in the
 * section.  Power10 prefixed instructions are 8 bytes; those with R = 1
 * (pla, pld, pstw, ...) address pc + D34.
 */
static void ppc64_decode_insn(const struct code_view *v, uint64_t off,
			      struct insn *insn)
{
	uint32_t w, s;
	unsigned int bo, xo;
	bool always;

	insn->len = 4;
	insn->type = INSN_OTHER;
	if (off + 4 > v->size) {
		insn->type = INSN_DATA;
		return;
	}
	w = code_read32(v, off);
	bo = (w >> 21) & 31;
	always = (bo & 0x14) == 0x14;
	switch (w >> 26) {
	case 0:			/* not an instruction: padding, tables */
		insn->type = INSN_DATA;
		return;
	case 1:			/* prefix */
		if (off + 8 > v->size) {
			insn->type = INSN_DATA;
			return;
		}
		insn->len = 8;
		s = code_read32(v, off + 4);
		/* 8LS (type 00) and MLS (10) forms with R = 1 */
		if (!((w >> 24) & 1) && ((w >> 20) & 1)) {
			insn->type = INSN_ADDR;
			insn->target = insn_rel(off, sign_extend(
				(uint64_t)(w & 0x3ffff) << 16 | (s & 0xffff),
				34));
		}
		return;
	case 16:		/* bc, bcl */
		if (w & 2) {		/* absolute */
			if (always && !(w & 1))
				insn->type = INSN_STOP;
			return;
		}
		insn->type = w & 1 ? INSN_CALL :
			     always ? INSN_JUMP : INSN_BRANCH;
		insn->target = insn_rel(off, sign_extend(w & 0xfffc, 16));
		return;
	case 18:		/* b, bl */
		if (w & 2) {		/* absolute */
			if (!(w & 1))
				insn->type = INSN_STOP;
			return;
		}
		insn->type = w & 1 ? INSN_CALL : INSN_JUMP;
		insn->target = insn_rel(off, sign_extend(w & 0x03fffffc, 26));
		return;
	case 19:		/* bclr, bcctr, bctar: blr, bctr, bctrl */
		xo = (w >> 1) & 0x3ff;
		if ((xo == 16 || xo == 528 || xo == 560) && !(w & 1) &&
		    always)
			insn->type = INSN_STOP;
		return;
	case 31:
		if (((w >> 1) & 0x3ff) == 4 && bo == 31)
			insn->type = INSN_STOP;		/* trap */
		return;
	}
}

/* flow_follow()'s view of ppc64_decode_insn() and step(). */
static enum flow step_at(void *tracker, uint64_t off, uint64_t *next,
			 uint64_t *target)
{
	struct anchor_tracker *t = tracker;
	const struct elf_section *s = &t->w->mod->elf.sections[t->w->target];
	const struct code_view v = {
		.code = s->data, .size = s->size,
		.big_endian = t->w->mod->elf.big_endian, .elf64 = true,
	};
	struct insn insn;

	ppc64_decode_insn(&v, off, &insn);
	*next = off + insn.len;
	if (insn.type == INSN_DATA)
		return FLOW_STOP;
	t->called = false;
	t->pc = off;
	step(t, code_read32(&v, off));
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

static const struct anchor_arch ppc64_anchor = {
	.granule = 4, .limit = ANCHOR_SCAN_LIMIT, .step = step_at,
	.leave = leave,
};

/*
 * Register rd of the instruction at the relocation holds sym + base:
 * follow it along the function's control flow (flow.h).
 */
static enum reloc_verdict follow(struct reloc_walk *w, size_t i,
				 unsigned int rd, uint32_t sym, int64_t base)
{
	uint64_t off = w->relocs[i].offset & ~3ull;
	struct anchor_tracker t;

	memset(&t, 0, sizeof(t));
	t.w = w;
	t.rel = i;
	t.sym = sym;
	t.base = base;
	track(&t, rd, base);
	return anchor_follow(&t, &ppc64_anchor, off, off + 4);
}

/*
 * The low half of a TOC-relative or absolute address: the instruction
 * either loads the address (ld from a TOC entry, addi) or accesses the
 * object directly.
 */
static enum reloc_verdict low_half(struct reloc_walk *w, size_t i,
				   int64_t *addend)
{
	const struct elf_section *s = &w->mod->elf.sections[w->target];
	const struct elf_reloc *rel = &w->relocs[i];
	uint32_t sym = rel->sym, insn, op;
	int64_t a = rel->addend;
	bool via_toc = in_route(w, sym);
	const unsigned char *p;
	int routed;

	routed = route(w, &sym, &a);
	if (routed == -2)
		return RELOC_BAD;
	if (routed == -1)
		return RELOC_IGNORE;	/* a constant in the TOC */
	if (!(s->flags & SHF_EXECINSTR) ||
	    w->mod->elf.symbols[sym].type != STT_SECTION) {
		if (!routed) {
			*addend = a;
			return RELOC_REF;
		}
		return reloc_emit_to(w, i, sym, a, true) ? RELOC_BAD :
							   RELOC_DONE;
	}
	/* The 16-bit field is the low half of the instruction word. */
	p = s->data;
	if (!p || (rel->offset | 3) >= s->size)
		return RELOC_BAD;
	insn = (uint32_t)elf_read_uint(&w->mod->elf, p + (rel->offset & ~3ull), 4);
	op = insn >> 26;
	/* ld rD, entry@toc@l(rA): rD holds the entry's address. */
	if (via_toc && op == 58 && (insn & 3) == 0)
		return follow(w, i, (insn >> 21) & 31, sym, a);
	/* addi rD, rA, sym@toc@l (medium model): rD holds the address. */
	if (!via_toc && op == 14)
		return follow(w, i, (insn >> 21) & 31, sym, a);
	/* A direct access to the object. */
	return reloc_emit_to(w, i, sym, a, true) ? RELOC_BAD : RELOC_DONE;
}

static enum reloc_verdict ppc64_decode(struct reloc_walk *w, size_t i,
				       int64_t *addend, bool *exact)
{
	const struct elf_reloc *rel = &w->relocs[i];
	uint32_t sym = rel->sym;
	int64_t a = rel->addend;
	int routed;

	(void)exact;
	switch (rel->type) {
	case R_PPC64_NONE:
	case R_PPC64_TOC:		/* the TOC base of a descriptor */
	case R_PPC64_TOCSAVE:
	case R_PPC64_ENTRY:
	case R_PPC64_PLTSEQ:
	case R_PPC64_PLTCALL:
	case R_PPC64_PLTSEQ_NOTOC:
	case R_PPC64_PLTCALL_NOTOC:
	case R_PPC64_PCREL_OPT:
		return RELOC_IGNORE;	/* markers */
	/* High halves: the low half of the pair names the same byte. */
	case R_PPC64_ADDR16_HI:
	case R_PPC64_ADDR16_HA:
	case R_PPC64_ADDR16_HIGH:
	case R_PPC64_ADDR16_HIGHA:
	case R_PPC64_ADDR16_HIGHER:
	case R_PPC64_ADDR16_HIGHERA:
	case R_PPC64_ADDR16_HIGHEST:
	case R_PPC64_ADDR16_HIGHESTA:
	case R_PPC64_ADDR16_HIGHER34:
	case R_PPC64_ADDR16_HIGHERA34:
	case R_PPC64_ADDR16_HIGHEST34:
	case R_PPC64_ADDR16_HIGHESTA34:
	case R_PPC64_TOC16_HI:
	case R_PPC64_TOC16_HA:
	case R_PPC64_GOT16_HI:
	case R_PPC64_GOT16_HA:
	case R_PPC64_PLT16_HI:
	case R_PPC64_PLT16_HA:
	case R_PPC64_PLTGOT16_HI:
	case R_PPC64_PLTGOT16_HA:
	case R_PPC64_SECTOFF_HI:
	case R_PPC64_SECTOFF_HA:
	case R_PPC64_REL16_HI:
	case R_PPC64_REL16_HA:
	case R_PPC64_REL16_HIGH:
	case R_PPC64_REL16_HIGHA:
	case R_PPC64_REL16_HIGHER:
	case R_PPC64_REL16_HIGHERA:
	case R_PPC64_REL16_HIGHEST:
	case R_PPC64_REL16_HIGHESTA:
	case R_PPC64_REL16DX_HA:
	case R_PPC64_D34_HI30:
	case R_PPC64_D34_HA30:
		return RELOC_IGNORE;
	/* Low halves and whole TOC-relative fields: may load an address. */
	case R_PPC64_TOC16:
	case R_PPC64_TOC16_LO:
	case R_PPC64_TOC16_DS:
	case R_PPC64_TOC16_LO_DS:
	case R_PPC64_ADDR16_LO:
	case R_PPC64_ADDR16_LO_DS:
		return low_half(w, i, addend);
	case R_PPC64_ADDR32:
	case R_PPC64_ADDR24:
	case R_PPC64_ADDR16:
	case R_PPC64_ADDR16_DS:
	case R_PPC64_ADDR14:
	case R_PPC64_ADDR14_BRTAKEN:
	case R_PPC64_ADDR14_BRNTAKEN:
	case R_PPC64_REL24:
	case R_PPC64_REL14:
	case R_PPC64_REL14_BRTAKEN:
	case R_PPC64_REL14_BRNTAKEN:
	case R_PPC64_GOT16:
	case R_PPC64_GOT16_LO:
	case R_PPC64_GOT16_DS:
	case R_PPC64_GOT16_LO_DS:
	case R_PPC64_UADDR32:
	case R_PPC64_UADDR16:
	case R_PPC64_REL32:
	case R_PPC64_PLT32:
	case R_PPC64_PLTREL32:
	case R_PPC64_PLT16_LO:
	case R_PPC64_PLT16_LO_DS:
	case R_PPC64_SECTOFF:
	case R_PPC64_SECTOFF_LO:
	case R_PPC64_SECTOFF_DS:
	case R_PPC64_SECTOFF_LO_DS:
	case R_PPC64_ADDR30:
	case R_PPC64_ADDR64:
	case R_PPC64_UADDR64:
	case R_PPC64_REL64:
	case R_PPC64_PLT64:
	case R_PPC64_PLTREL64:
	case R_PPC64_PLTGOT16:
	case R_PPC64_PLTGOT16_LO:
	case R_PPC64_PLTGOT16_DS:
	case R_PPC64_PLTGOT16_LO_DS:
	case R_PPC64_REL16:
	case R_PPC64_REL16_LO:
	case R_PPC64_REL24_NOTOC:
	case R_PPC64_REL24_P9NOTOC:
	case R_PPC64_ADDR64_LOCAL:
	case R_PPC64_D34:
	case R_PPC64_D34_LO:
	case R_PPC64_PCREL34:
	case R_PPC64_GOT_PCREL34:
	case R_PPC64_PLT_PCREL34:
	case R_PPC64_PLT_PCREL34_NOTOC:
		/* A descriptor (or a TOC entry) stands for what it holds. */
		routed = route(w, &sym, &a);
		if (routed == -2)
			return RELOC_BAD;
		if (routed == -1)
			return RELOC_IGNORE;
		if (routed)
			return reloc_emit_to(w, i, sym, a, true) ? RELOC_BAD :
								   RELOC_DONE;
		*addend = a;
		return RELOC_REF;
	}
	return RELOC_UNKNOWN;
}

static int ppc64_walk_begin(struct reloc_walk *w)
{
	w->priv = calloc(1, sizeof(struct ppc_walk));
	if (!w->priv)
		return module_fail(w->mod, "out of memory");
	return 0;
}

static void ppc64_walk_end(struct reloc_walk *w)
{
	struct ppc_walk *pw = w->priv;
	unsigned int k;

	if (!pw)
		return;
	for (k = 0; k < pw->nroutes; k++)
		free(pw->routes[k].relocs);
	free(pw);
	w->priv = NULL;
}

static const char *ppc64_reloc_name(uint32_t type)
{
	static const char *const names[] = {
#define N(x) [R_PPC64_##x] = "R_PPC64_" #x
		N(NONE), N(ADDR32), N(ADDR24), N(ADDR16), N(ADDR16_LO),
		N(ADDR16_HI), N(ADDR16_HA), N(ADDR14), N(ADDR14_BRTAKEN),
		N(ADDR14_BRNTAKEN), N(REL24), N(REL14), N(REL14_BRTAKEN),
		N(REL14_BRNTAKEN), N(GOT16), N(GOT16_LO), N(GOT16_HI),
		N(GOT16_HA), N(UADDR32), N(UADDR16), N(REL32), N(PLT32),
		N(PLTREL32), N(PLT16_LO), N(PLT16_HI), N(PLT16_HA),
		N(SECTOFF), N(SECTOFF_LO), N(SECTOFF_HI), N(SECTOFF_HA),
		N(ADDR30), N(ADDR64), N(ADDR16_HIGHER), N(ADDR16_HIGHERA),
		N(ADDR16_HIGHEST), N(ADDR16_HIGHESTA), N(UADDR64), N(REL64),
		N(PLT64), N(PLTREL64), N(TOC16), N(TOC16_LO), N(TOC16_HI),
		N(TOC16_HA), N(TOC), N(PLTGOT16), N(PLTGOT16_LO),
		N(PLTGOT16_HI), N(PLTGOT16_HA), N(ADDR16_DS), N(ADDR16_LO_DS),
		N(GOT16_DS), N(GOT16_LO_DS), N(PLT16_LO_DS), N(SECTOFF_DS),
		N(SECTOFF_LO_DS), N(TOC16_DS), N(TOC16_LO_DS), N(PLTGOT16_DS),
		N(PLTGOT16_LO_DS), N(TOCSAVE), N(ADDR16_HIGH),
		N(ADDR16_HIGHA), N(REL24_NOTOC), N(ADDR64_LOCAL), N(ENTRY),
		N(PLTSEQ), N(PLTCALL), N(PLTSEQ_NOTOC), N(PLTCALL_NOTOC),
		N(PCREL_OPT), N(REL24_P9NOTOC), N(D34), N(D34_LO),
		N(D34_HI30), N(D34_HA30), N(PCREL34), N(GOT_PCREL34),
		N(PLT_PCREL34), N(PLT_PCREL34_NOTOC), N(ADDR16_HIGHER34),
		N(ADDR16_HIGHERA34), N(ADDR16_HIGHEST34), N(ADDR16_HIGHESTA34),
		N(REL16_HIGH), N(REL16_HIGHA), N(REL16_HIGHER),
		N(REL16_HIGHERA), N(REL16_HIGHEST), N(REL16_HIGHESTA),
		N(REL16DX_HA), N(REL16), N(REL16_LO), N(REL16_HI),
		N(REL16_HA),
#undef N
	};

	if (type < sizeof(names) / sizeof(names[0]))
		return names[type];
	return NULL;
}

/* Only b, bl and bc carry these; an address goes through the TOC. */
static int ppc64_reloc_branch(const struct code_view *v, uint64_t field,
			      uint32_t type)
{
	(void)v;
	(void)field;
	switch (type) {
	case R_PPC64_REL24:
	case R_PPC64_REL24_NOTOC:
	case R_PPC64_REL24_P9NOTOC:
	case R_PPC64_REL14:
	case R_PPC64_REL14_BRTAKEN:
	case R_PPC64_REL14_BRNTAKEN:
		return 1;
	}
	return 0;
}

const struct arch arch_ppc64 = {
	.name = "ppc64",
	.machine = EM_PPC64,
	.elfclass = ELFCLASS64,
	.walk_begin = ppc64_walk_begin,
	.walk_end = ppc64_walk_end,
	.decode = ppc64_decode,
	.reloc_name = ppc64_reloc_name,
	.decode_insn = ppc64_decode_insn,
	.reloc_branch = ppc64_reloc_branch,
	.granule = 4,
};
