// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * riscv64 relocations.  RELA with true addends: S + A is the referenced
 * byte for every form that refers to something.
 *
 * Modules are built with -mcmodel=medany: "auipc a0,%pcrel_hi(obj+8);
 * addi a0,a0,%pcrel_lo(.Lpcrel_hi0)".  The PCREL_LO12 record names the
 * label at the AUIPC, not the object: it is resolved through the
 * PCREL_HI20 (or GOT_HI20) record at that address, and each LO12 is one
 * reference (one instruction that uses the address).  The HI20 half is
 * then no reference of its own, like the HI20 of a LUI/LO12 pair.
 *
 * ADD/SUB and SET pairs compute label differences (jump tables, DWARF,
 * lengths): no reference.  RELAX and ALIGN only guide the linker.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "anchor.h"
#include "arch.h"

#ifndef R_RISCV_32_PCREL
#define R_RISCV_32_PCREL	57
#endif
#define R_RISCV_PLT32		59
#define R_RISCV_SET_ULEB128	60
#define R_RISCV_SUB_ULEB128	61

/* The HI20 records of one pass, by offset, for LO12 lookups. */
struct riscv_walk {
	size_t *hi;		/* indices into w->relocs */
	size_t nhi;
	bool built;
};

static bool is_hi20(uint32_t type)
{
	return type == R_RISCV_PCREL_HI20 || type == R_RISCV_GOT_HI20 ||
	       type == R_RISCV_TLS_GOT_HI20 || type == R_RISCV_TLS_GD_HI20 ||
	       /* and branches, whose targets the anchor tracker needs */
	       type == R_RISCV_BRANCH || type == R_RISCV_JAL ||
	       type == R_RISCV_RVC_BRANCH || type == R_RISCV_RVC_JUMP;
}

static int build_hi(struct reloc_walk *w, struct riscv_walk *rw)
{
	size_t i, n = 0;
	bool sorted = true;

	rw->built = true;
	for (i = 0; i < w->count; i++)
		if (is_hi20(w->relocs[i].type))
			n++;
	if (!n)
		return 0;
	rw->hi = malloc(n * sizeof(*rw->hi));
	if (!rw->hi)
		return module_fail(w->mod, "out of memory");
	for (i = 0; i < w->count; i++) {
		if (!is_hi20(w->relocs[i].type))
			continue;
		if (rw->nhi && w->relocs[rw->hi[rw->nhi - 1]].offset >
			       w->relocs[i].offset)
			sorted = false;
		rw->hi[rw->nhi++] = i;
	}
	if (!sorted) {
		/* Insertion sort: assemblers emit records in order. */
		size_t *tmp = rw->hi;
		size_t k, j;

		for (k = 1; k < rw->nhi; k++) {
			size_t v = tmp[k];

			for (j = k; j > 0 && w->relocs[tmp[j - 1]].offset >
					     w->relocs[v].offset; j--)
				tmp[j] = tmp[j - 1];
			tmp[j] = v;
		}
	}
	return 0;
}

static const struct elf_reloc *find_hi(struct reloc_walk *w, uint64_t off,
				       bool branch)
{
	struct riscv_walk *rw = w->priv;
	size_t lo = 0, hi;

	if (!rw->built && build_hi(w, rw))
		return NULL;
	hi = rw->nhi;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (w->relocs[rw->hi[mid]].offset < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < rw->nhi && w->relocs[rw->hi[lo]].offset == off; lo++) {
		const struct elf_reloc *r = &w->relocs[rw->hi[lo]];
		bool b = r->type == R_RISCV_BRANCH || r->type == R_RISCV_JAL ||
			 r->type == R_RISCV_RVC_BRANCH ||
			 r->type == R_RISCV_RVC_JUMP;

		if (b == branch)
			return r;
	}
	return NULL;
}

/*
 * Section anchors.  GCC addresses static objects from one anchor label:
 * "auipc t1,%pcrel_hi(.LANCHOR1); addi t1,t1,%pcrel_lo(.L0)", then
 * "add a5,a5,t1; lw a0,96(a5)".  The register loaded with the anchor is
 * followed along the function's control flow; every access through it
 * is a reference to anchor + offset.
 */
#define ANCHOR_SCAN_LIMIT 4096

static void track(struct anchor_tracker *t, unsigned int reg, int64_t v,
		  bool indexed)
{
	/* x0 is zero, x2 the stack pointer, x3/x4 gp and tp. */
	if (reg < 5 && reg != 1) {
		anchor_kill(t, reg);
		return;
	}
	anchor_set(t, reg, v, indexed);
}

static void copy(struct anchor_tracker *t, unsigned int rd, unsigned int rs,
		 int64_t d)
{
	if (anchor_tracked(t, rs))
		track(t, rd, t->r.value[rs] + d, t->r.indexed & (1u << rs));
	else
		anchor_kill(t, rd);
}

/* rd = rs1 + rs2: a base plus an index. */
static void add(struct anchor_tracker *t, unsigned int rd, unsigned int rs1,
		unsigned int rs2)
{
	if (anchor_tracked(t, rs1) != anchor_tracked(t, rs2)) {
		unsigned int r = anchor_tracked(t, rs1) ? rs1 : rs2;

		track(t, rd, t->r.value[r], true);
	} else {
		anchor_use_reg(t, rs1);
		anchor_use_reg(t, rs2);
		anchor_kill(t, rd);
	}
}

static void access(struct anchor_tracker *t, unsigned int rs1, int64_t d)
{
	anchor_access(t, rs1, d);
}

/* a0-a7 carry arguments; ra, t0-t6 and a0-a7 do not survive a call. */
static void call(struct anchor_tracker *t)
{
	unsigned int r;

	t->called = true;
	for (r = 10; r <= 17; r++)
		anchor_use_arg(t, r);
	t->r.live &= ~0xf003fce2u;
}


static int64_t bits(uint32_t v, unsigned int hi, unsigned int lo)
{
	return (v >> lo) & ((1u << (hi - lo + 1)) - 1);
}

/*
 * Instructions (insn.h).  The length is in the low two bits: RVC
 * instructions are 2 bytes, the others 4.  GNU as keeps a relocation for
 * every branch, jump, call and %pcrel_hi/%pcrel_lo pair, with -mno-relax
 * too (it only fills in a tentative field for objdump); LLVM's assembler
 * resolves them when the target is a label of the same section and
 * relaxation is off, as kbuild builds modules (-mno-relax), and leaves no
 * relocation.
 */
static int64_t jal_offset(uint32_t x)
{
	return sign_extend(bits(x, 31, 31) << 20 | bits(x, 19, 12) << 12 |
			   bits(x, 20, 20) << 11 | bits(x, 30, 21) << 1, 21);
}

static int64_t b_offset(uint32_t x)
{
	return sign_extend(bits(x, 31, 31) << 12 | bits(x, 7, 7) << 11 |
			   bits(x, 30, 25) << 5 | bits(x, 11, 8) << 1, 13);
}

static int64_t cj_offset(uint32_t x)
{
	return sign_extend(bits(x, 12, 12) << 11 | bits(x, 11, 11) << 4 |
			   bits(x, 10, 9) << 8 | bits(x, 8, 8) << 10 |
			   bits(x, 7, 7) << 6 | bits(x, 6, 6) << 7 |
			   bits(x, 5, 3) << 1 | bits(x, 2, 2) << 5, 12);
}

static int64_t cb_offset(uint32_t x)
{
	return sign_extend(bits(x, 12, 12) << 8 | bits(x, 11, 10) << 3 |
			   bits(x, 6, 5) << 6 | bits(x, 4, 3) << 1 |
			   bits(x, 2, 2) << 5, 9);
}

/* One instruction on its own (an AUIPC is no address yet). */
static inline void decode_one(uint32_t x, uint64_t off, struct insn *insn)
{
	insn->type = INSN_OTHER;
	if ((x & 3) == 3) {
		insn->len = 4;
		switch (x & 0x7f) {
		case 0x6f:		/* JAL: a jump when rd is x0 */
			insn->type = bits(x, 11, 7) ? INSN_CALL : INSN_JUMP;
			insn->target = insn_rel(off, jal_offset(x));
			break;
		case 0x63:		/* BEQ ... BGEU */
			insn->type = (bits(x, 14, 12) & 6) == 2 ?
				     INSN_DATA : INSN_BRANCH;	/* reserved */
			insn->target = insn_rel(off, b_offset(x));
			break;
		case 0x67:		/* JALR: ret, jr; a call returns */
			if (!bits(x, 11, 7))
				insn->type = INSN_STOP;
			break;
		}
		return;
	}
	insn->len = 2;
	switch (x & 0xe003) {
	case 0x0000:			/* 0x0000 is defined illegal */
		if (!(x & 0xffff))
			insn->type = INSN_STOP;
		break;
	case 0xa001:			/* c.j */
		insn->type = INSN_JUMP;
		insn->target = insn_rel(off, cj_offset(x));
		break;
	case 0xc001:			/* c.beqz */
	case 0xe001:			/* c.bnez */
		insn->type = INSN_BRANCH;
		insn->target = insn_rel(off, cb_offset(x));
		break;
	case 0x8002:			/* c.jr (ret); c.jalr returns */
		if (!(x & 0x1000) && !bits(x, 6, 2) && bits(x, 11, 7))
			insn->type = INSN_STOP;
		break;
	}
}

/*
 * Does x, of len bytes, give the address an AUIPC put in rd its low 12
 * bits (addi, a load or store based on rd, jalr)?  *lo and *type: what
 * the pair is.
 */
static bool pair_low(uint32_t x, unsigned int len, unsigned int rd,
		     int64_t *lo, enum insn_type *type)
{
	unsigned int f3 = bits(x, 14, 12);

	if (len != 4 || bits(x, 19, 15) != rd)
		return false;
	*type = INSN_ADDR;
	switch (x & 0x7f) {
	case 0x13:			/* ADDI */
		if (f3)
			return false;
		/* fall through */
	case 0x03:			/* loads */
		*lo = sign_extend(x >> 20, 12);
		return true;
	case 0x07:			/* FP loads (not vector ones) */
		*lo = sign_extend(x >> 20, 12);
		return f3 >= 1 && f3 <= 4;
	case 0x23:			/* stores */
		*lo = sign_extend(bits(x, 31, 25) << 5 | bits(x, 11, 7), 12);
		return true;
	case 0x27:			/* FP stores */
		*lo = sign_extend(bits(x, 31, 25) << 5 | bits(x, 11, 7), 12);
		return f3 >= 1 && f3 <= 4;
	case 0x67:			/* JALR: call, or tail call with x0 */
		*lo = sign_extend(x >> 20, 12);
		*type = bits(x, 11, 7) ? INSN_CALL : INSN_JUMP;
		return !f3;
	}
	return false;
}

/* Does x, of len bytes, leave the straight line or write register rd? */
static bool ends_or_writes(uint32_t x, unsigned int len, unsigned int rd)
{
	unsigned int f3 = len == 4 ? bits(x, 14, 12) : bits(x, 15, 13);
	unsigned int r = bits(x, 11, 7);

	if (len == 4) {
		switch (x & 0x7f) {
		case 0x63: case 0x67: case 0x6f:
			return true;
		case 0x07: case 0x0f: case 0x23: case 0x27:
		case 0x43: case 0x47: case 0x4b: case 0x4f:
			return false;		/* no x register written */
		case 0x53:		/* fmv.x.*, fcvt.*, fcmp, fclass */
			return r == rd && (bits(x, 31, 27) == 0x1c ||
					   bits(x, 31, 27) == 0x18 ||
					   bits(x, 31, 27) == 0x14);
		case 0x57:			/* vsetvl* */
			return r == rd && f3 == 7;
		}
		return r == rd;
	}
	switch (x & 3) {
	case 0:		/* c.addi4spn, c.lw, c.ld write rd' */
		return f3 <= 3 && f3 != 1 && 8 + bits(x, 4, 2) == rd;
	case 1:		/* c.j, c.beqz, c.bnez; ALU on rd'; rd */
		return f3 >= 5 || (f3 == 4 ? 8 + bits(x, 9, 7) : r) == rd;
	default:	/* c.jr, c.jalr; c.mv, c.add, c.slli, c.l[wd]sp */
		if (f3 == 4 && !bits(x, 6, 2) && r)
			return true;
		return (f3 == 4 || f3 == 0 || f3 == 2 || f3 == 3) && r == rd;
	}
}

/* Instructions looked at after an AUIPC for the one that completes it. */
#define PCREL_PAIR_WINDOW 16

/*
 * An AUIPC at off with its %pcrel_lo partner: the address the pair
 * makes, a call or a tail call (jalr), at the AUIPC as its relocation
 * would be.  The partner may come later than the next instruction, and
 * more than one may use the same AUIPC: the first names the target.
 */
static void auipc_pair(const struct code_view *v, uint64_t off,
		       uint32_t auipc, struct insn *insn)
{
	unsigned int rd = bits(auipc, 11, 7), n;
	int64_t hi = (int64_t)(int32_t)(auipc & 0xfffff000u);
	uint64_t at = off + 4;

	for (n = 0; rd && n < PCREL_PAIR_WINDOW && at + 2 <= v->size; n++) {
		uint32_t x = code_read16(v, at);
		unsigned int len = (x & 3) == 3 ? 4 : 2;
		enum insn_type type;
		int64_t lo;

		if (at + len > v->size)
			return;
		if (len == 4)
			x |= (uint32_t)code_read16(v, at + 2) << 16;
		if (pair_low(x, len, rd, &lo, &type)) {
			insn->type = type;
			insn->target = insn_rel(off, hi + lo);
			return;
		}
		if (ends_or_writes(x, len, rd))
			return;
		at += len;
	}
}

static void riscv_decode_insn(const struct code_view *v, uint64_t off,
			      struct insn *insn)
{
	uint32_t x;

	insn->len = 2;
	insn->type = INSN_DATA;
	if (off + 2 > v->size)
		return;
	x = code_read16(v, off);
	if ((x & 3) == 3) {
		if (off + 4 > v->size)
			return;
		x |= (uint32_t)code_read16(v, off + 2) << 16;
	}
	decode_one(x, off, insn);
	if ((x & 0x7f) == 0x17)		/* AUIPC */
		auipc_pair(v, off, x, insn);
}

static enum flow step32(struct anchor_tracker *t, uint32_t insn)
{
	unsigned int rd = bits(insn, 11, 7), f3 = bits(insn, 14, 12);
	unsigned int rs1 = bits(insn, 19, 15), rs2 = bits(insn, 24, 20);
	int64_t imm_i = sign_extend(insn >> 20, 12);
	int64_t imm_s = sign_extend(bits(insn, 31, 25) << 5 | rd, 12);

	switch (insn & 0x7f) {
	case 0x13:		/* OP-IMM */
		if (f3 == 0) {
			copy(t, rd, rs1, imm_i);
			return FLOW_NEXT;
		}
		anchor_use_reg(t, rs1);
		anchor_kill(t, rd);
		return FLOW_NEXT;
	case 0x33:		/* OP */
		if (f3 == 0 && bits(insn, 31, 25) == 0) {
			add(t, rd, rs1, rs2);
			return FLOW_NEXT;
		}
		anchor_use_reg(t, rs1);
		anchor_use_reg(t, rs2);
		anchor_kill(t, rd);
		return FLOW_NEXT;
	case 0x03:		/* LOAD */
		access(t, rs1, imm_i);
		anchor_kill(t, rd);
		return FLOW_NEXT;
	case 0x07:		/* LOAD-FP */
		access(t, rs1, imm_i);
		return FLOW_NEXT;
	case 0x23:		/* STORE */
		anchor_use_reg(t, rs2);
		access(t, rs1, imm_s);
		return FLOW_NEXT;
	case 0x27:		/* STORE-FP */
		access(t, rs1, imm_s);
		return FLOW_NEXT;
	case 0x2f:		/* AMO, LR, SC */
		anchor_use_reg(t, rs2);
		access(t, rs1, 0);
		anchor_kill(t, rd);
		return FLOW_NEXT;
	case 0x6f:		/* JAL */
		if (rd != 0) {
			call(t);
			return FLOW_NEXT;
		}
		return FLOW_JUMP;
	case 0x67:		/* JALR */
		if (rd != 0) {
			call(t);
			return FLOW_NEXT;
		}
		if (rs1 == 1) {
			anchor_use_arg(t, 10);		/* ret: a0 is returned */
			return FLOW_STOP;
		}
		call(t);			/* tail call, or a switch */
		anchor_use_all(t);
		return FLOW_STOP;
	case 0x63:		/* BRANCH */
		anchor_use_reg(t, rs1);
		anchor_use_reg(t, rs2);
		return FLOW_BRANCH;
	case 0x73:		/* SYSTEM: ebreak (WARN) returns */
		if (rd)
			anchor_kill(t, rd);
		return FLOW_NEXT;
	case 0x0f:		/* FENCE */
		return FLOW_NEXT;
	case 0x53: case 0x43: case 0x47: case 0x4b: case 0x4f:
		/* floating point: fmv.x.*, fcvt.*, fclass, fcmp write x */
		if ((insn & 0x7f) == 0x53 && (bits(insn, 31, 27) == 0x1c ||
					      bits(insn, 31, 27) == 0x18 ||
					      bits(insn, 31, 27) == 0x14))
			anchor_kill(t, rd);
		return FLOW_NEXT;
	}
	anchor_kill(t, rd);
	return FLOW_NEXT;
}

static enum flow step16(struct anchor_tracker *t, uint32_t insn)
{
	unsigned int f3 = bits(insn, 15, 13), rd = bits(insn, 11, 7);
	unsigned int rs2 = bits(insn, 6, 2);
	unsigned int rdp = 8 + bits(insn, 4, 2), rs1p = 8 + bits(insn, 9, 7);
	int64_t imm6 = sign_extend(bits(insn, 12, 12) << 5 | rs2, 6);

	switch (insn & 3) {
	case 0:
		switch (f3) {
		case 0:		/* c.addi4spn */
			anchor_kill(t, rdp);
			return FLOW_NEXT;
		case 2:		/* c.lw */
			access(t, rs1p, bits(insn, 12, 10) << 3 |
					bits(insn, 6, 6) << 2 |
					bits(insn, 5, 5) << 6);
			anchor_kill(t, rdp);
			return FLOW_NEXT;
		case 3:		/* c.ld */
			access(t, rs1p, bits(insn, 12, 10) << 3 |
					bits(insn, 6, 5) << 6);
			anchor_kill(t, rdp);
			return FLOW_NEXT;
		case 1:		/* c.fld */
			access(t, rs1p, bits(insn, 12, 10) << 3 |
					bits(insn, 6, 5) << 6);
			return FLOW_NEXT;
		case 6:		/* c.sw */
			anchor_use_reg(t, rdp);
			access(t, rs1p, bits(insn, 12, 10) << 3 |
					bits(insn, 6, 6) << 2 |
					bits(insn, 5, 5) << 6);
			return FLOW_NEXT;
		case 7:		/* c.sd */
			anchor_use_reg(t, rdp);
			/* fall through */
		case 5:		/* c.fsd */
			access(t, rs1p, bits(insn, 12, 10) << 3 |
					bits(insn, 6, 5) << 6);
			return FLOW_NEXT;
		}
		return insn == 0 ? FLOW_STOP : FLOW_NEXT;
	case 1:
		switch (f3) {
		case 0:		/* c.addi, c.nop */
			if (anchor_tracked(t, rd))
				t->r.value[rd] += imm6;
			return FLOW_NEXT;
		case 1: case 2: case 3:	/* c.addiw, c.li, c.lui */
			if (rd != 2)
				anchor_kill(t, rd);
			return FLOW_NEXT;
		case 4:		/* ALU on rd' */
			if (bits(insn, 11, 10) == 3) {
				anchor_use_reg(t, rdp);
				anchor_use_reg(t, rs1p);
			}
			anchor_kill(t, rs1p);
			return FLOW_NEXT;
		case 5:		/* c.j */
			return FLOW_JUMP;
		default:	/* c.beqz, c.bnez */
			anchor_use_reg(t, rs1p);
			return FLOW_BRANCH;
		}
	case 2:
		switch (f3) {
		case 0:		/* c.slli */
			anchor_kill(t, rd);
			return FLOW_NEXT;
		case 2: case 3:	/* c.lwsp, c.ldsp */
			anchor_kill(t, rd);
			return FLOW_NEXT;
		case 4:
			if (!bits(insn, 12, 12)) {
				if (rs2) {		/* c.mv */
					copy(t, rd, rs2, 0);
					return FLOW_NEXT;
				}
				if (rd == 1) {		/* ret: a0 returned */
					anchor_use_arg(t, 10);
					return FLOW_STOP;
				}
				call(t);		/* c.jr */
				anchor_use_all(t);
				return FLOW_STOP;
			}
			if (!rs2) {
				if (rd)			/* c.jalr */
					call(t);
				return FLOW_NEXT;	/* c.ebreak */
			}
			add(t, rd, rd, rs2);		/* c.add */
			return FLOW_NEXT;
		case 6: case 7:	/* c.swsp, c.sdsp */
			anchor_use_reg(t, rs2);
			return FLOW_NEXT;
		}
		return FLOW_NEXT;
	}
	return FLOW_NEXT;
}

/*
 * Where a branch at off goes, relative to off: where its relocation says
 * when it has one.  GNU as fills the field of a relocated branch with a
 * tentative value (for objdump), the symbol's offset in its own section:
 * a jump to a .cold part or to another function would land in this one.
 */
static int64_t branch_target(struct reloc_walk *w, uint64_t off,
			     int64_t field)
{
	const struct elf_reloc *r = find_hi(w, off, true);
	const struct elf_symbol *s;

	if (!r)
		return field;
	s = &w->mod->elf.symbols[r->sym];
	if (s->shndx != w->target)
		return 0;		/* another section: a tail call */
	return (int64_t)(s->value + (uint64_t)r->addend - off);
}

/* flow_follow()'s view of step16() and step32(). */
static enum flow step_at(void *tracker, uint64_t off, uint64_t *next,
			 uint64_t *target)
{
	struct anchor_tracker *t = tracker;
	const struct elf_section *s = &t->w->mod->elf.sections[t->w->target];
	struct insn d;
	uint32_t insn;
	int64_t rel = 0;
	enum flow f;

	if (off + 2 > s->size)
		return FLOW_STOP;
	insn = s->data[off] | s->data[off + 1] << 8;
	*next = off + ((insn & 3) == 3 ? 4 : 2);
	if (*next > s->size)
		return FLOW_STOP;
	if ((insn & 3) == 3)
		insn |= (uint32_t)s->data[off + 2] << 16 |
			(uint32_t)s->data[off + 3] << 24;
	decode_one(insn, off, &d);
	t->called = false;
	t->pc = off;
	f = d.len == 4 ? step32(t, insn) : step16(t, insn);
	if (f == FLOW_JUMP || f == FLOW_BRANCH)
		rel = branch_target(t->w, off, (int64_t)(d.target - off));
	/* call = auipc + jalr: the record is at the auipc. */
	return flow_after_step(t->w, f, t->called, off >= 4 ? off - 4 : 0,
			       *next, off, rel, target);
}

static void leave(void *tracker)
{
	call(tracker);
}

static const struct anchor_arch riscv_anchor = {
	.granule = 2, .limit = ANCHOR_SCAN_LIMIT, .step = step_at,
	.leave = leave,
};

/*
 * Register rd holds sym + base after the instruction at the record:
 * follow it along the function's control flow (flow.h).
 */
static enum reloc_verdict follow(struct reloc_walk *w, size_t i,
				 unsigned int rd, uint32_t sym, int64_t base)
{
	uint64_t off = w->relocs[i].offset;
	struct anchor_tracker t;

	memset(&t, 0, sizeof(t));
	t.w = w;
	t.rel = i;
	t.sym = sym;
	t.base = base;
	track(&t, rd, base, false);
	return anchor_follow(&t, &riscv_anchor, off, off + 4);
}

/* Does the address name no object of its own (a section, an anchor)? */
static bool anchor_like(const struct reloc_walk *w, uint32_t sym)
{
	return sym && w->mod->sym_object[sym] == NO_OBJECT &&
	       w->mod->elf.symbols[sym].shndx != SHN_UNDEF;
}

/* The LO12 half of an address: "addi rd" starts tracking an anchor. */
static enum reloc_verdict low12(struct reloc_walk *w, size_t i,
				uint32_t sym, int64_t a)
{
	const struct elf_section *s = &w->mod->elf.sections[w->target];
	const unsigned char *p = reloc_field(w, i, 4);
	uint32_t insn;

	if (!p)
		return RELOC_BAD;
	insn = p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
	if ((s->flags & SHF_EXECINSTR) && anchor_like(w, sym) &&
	    (insn & 0x707f) == 0x13)
		return follow(w, i, bits(insn, 11, 7), sym, a);
	return reloc_emit_to(w, i, sym, a, true) ? RELOC_BAD : RELOC_DONE;
}

/* A %pcrel_lo: the reference is the one its %pcrel_hi partner makes. */
static enum reloc_verdict pcrel_lo(struct reloc_walk *w, size_t i)
{
	const struct elf_reloc *rel = &w->relocs[i], *hi;
	const struct elf_symbol *label = &w->mod->elf.symbols[rel->sym];
	uint64_t at = label->value + (uint64_t)rel->addend;

	if (label->shndx != w->target) {
		module_fail(w->mod, "%s: PCREL_LO12 at 0x%llx: label '%s' is not in %s",
			    w->mod->elf.sections[w->relsec].name,
			    (unsigned long long)rel->offset, label->name,
			    w->mod->elf.sections[w->target].name);
		return RELOC_BAD;
	}
	hi = find_hi(w, at, false);
	if (!hi) {
		if (!w->mod->error[0])
			module_fail(w->mod, "%s: PCREL_LO12 at 0x%llx: no PCREL_HI20 at 0x%llx",
				    w->mod->elf.sections[w->relsec].name,
				    (unsigned long long)rel->offset,
				    (unsigned long long)at);
		return RELOC_BAD;
	}
	/* TLS GOT entries hold no address of the module's. */
	if (hi->type == R_RISCV_TLS_GOT_HI20 || hi->type == R_RISCV_TLS_GD_HI20)
		return RELOC_IGNORE;
	/* A GOT entry holds the symbol's address, as the loader fills it. */
	if (hi->type == R_RISCV_GOT_HI20)
		return reloc_emit_to(w, i, hi->sym, 0, true) ? RELOC_BAD :
							       RELOC_DONE;
	return low12(w, i, hi->sym, hi->addend);
}

static enum reloc_verdict riscv_decode(struct reloc_walk *w, size_t i,
				       int64_t *addend, bool *exact)
{
	const struct elf_reloc *rel = &w->relocs[i];

	(void)exact;
	switch (rel->type) {
	case R_RISCV_NONE:
	case R_RISCV_RELAX:
	case R_RISCV_ALIGN:
	/* Label differences. */
	case R_RISCV_ADD8:
	case R_RISCV_ADD16:
	case R_RISCV_ADD32:
	case R_RISCV_ADD64:
	case R_RISCV_SUB6:
	case R_RISCV_SUB8:
	case R_RISCV_SUB16:
	case R_RISCV_SUB32:
	case R_RISCV_SUB64:
	case R_RISCV_SET6:
	case R_RISCV_SET8:
	case R_RISCV_SET16:
	case R_RISCV_SET32:
	case R_RISCV_SET_ULEB128:
	case R_RISCV_SUB_ULEB128:
	/* High halves: their LO12 partners are the references. */
	case R_RISCV_PCREL_HI20:
	case R_RISCV_GOT_HI20:
	case R_RISCV_HI20:
	case R_RISCV_RVC_LUI:
		return RELOC_IGNORE;
	case R_RISCV_PCREL_LO12_I:
	case R_RISCV_PCREL_LO12_S:
		return pcrel_lo(w, i);
	case R_RISCV_32:
	case R_RISCV_64:
	case R_RISCV_BRANCH:
	case R_RISCV_JAL:
	case R_RISCV_CALL:
	case R_RISCV_CALL_PLT:
	case R_RISCV_LO12_I:
		return low12(w, i, rel->sym, rel->addend);
	case R_RISCV_LO12_S:
	case R_RISCV_RVC_BRANCH:
	case R_RISCV_RVC_JUMP:
	case R_RISCV_GPREL_I:
	case R_RISCV_GPREL_S:
	case R_RISCV_32_PCREL:
	case R_RISCV_PLT32:
		*addend = rel->addend;
		return RELOC_REF;
	}
	return RELOC_UNKNOWN;
}

static int riscv_walk_begin(struct reloc_walk *w)
{
	w->priv = calloc(1, sizeof(struct riscv_walk));
	if (!w->priv)
		return module_fail(w->mod, "out of memory");
	return 0;
}

static void riscv_walk_end(struct reloc_walk *w)
{
	struct riscv_walk *rw = w->priv;

	if (rw)
		free(rw->hi);
	free(rw);
	w->priv = NULL;
}

static const char *riscv_reloc_name(uint32_t type)
{
	static const char *const names[] = {
#define N(x) [R_RISCV_##x] = "R_RISCV_" #x
		N(NONE), N(32), N(64), N(RELATIVE), N(COPY), N(JUMP_SLOT),
		N(TLS_DTPMOD32), N(TLS_DTPMOD64), N(TLS_DTPREL32),
		N(TLS_DTPREL64), N(TLS_TPREL32), N(TLS_TPREL64), N(BRANCH),
		N(JAL), N(CALL), N(CALL_PLT), N(GOT_HI20), N(TLS_GOT_HI20),
		N(TLS_GD_HI20), N(PCREL_HI20), N(PCREL_LO12_I),
		N(PCREL_LO12_S), N(HI20), N(LO12_I), N(LO12_S), N(TPREL_HI20),
		N(TPREL_LO12_I), N(TPREL_LO12_S), N(TPREL_ADD), N(ADD8),
		N(ADD16), N(ADD32), N(ADD64), N(SUB8), N(SUB16), N(SUB32),
		N(SUB64), N(GNU_VTINHERIT), N(GNU_VTENTRY), N(ALIGN),
		N(RVC_BRANCH), N(RVC_JUMP), N(RVC_LUI), N(GPREL_I),
		N(GPREL_S), N(TPREL_I), N(TPREL_S), N(RELAX), N(SUB6),
		N(SET6), N(SET8), N(SET16), N(SET32), N(32_PCREL),
		N(IRELATIVE), N(PLT32), N(SET_ULEB128), N(SUB_ULEB128),
#undef N
	};

	if (type < sizeof(names) / sizeof(names[0]))
		return names[type];
	return NULL;
}

/* Branches, jal, and the auipc+jalr pair of call and tail. */
static int riscv_reloc_branch(const struct code_view *v, uint64_t field,
			      uint32_t type)
{
	(void)v;
	(void)field;
	return type == R_RISCV_BRANCH || type == R_RISCV_JAL ||
	       type == R_RISCV_CALL || type == R_RISCV_CALL_PLT ||
	       type == R_RISCV_RVC_BRANCH || type == R_RISCV_RVC_JUMP;
}

const struct arch arch_riscv = {
	.name = "riscv64",
	.machine = EM_RISCV,
	.elfclass = ELFCLASS64,
	.walk_begin = riscv_walk_begin,
	.walk_end = riscv_walk_end,
	.decode = riscv_decode,
	.reloc_name = riscv_reloc_name,
	.decode_insn = riscv_decode_insn,
	.reloc_branch = riscv_reloc_branch,
	.granule = 2,
};
