// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * x86-64 (RELA) and i386 (REL) relocations.
 *
 * A PC-relative field in code holds "target - end of instruction", and the
 * assembler stores "target - field" minus the bytes that follow the field
 * in the instruction (4 for the field itself, plus any immediate).  The
 * instruction decoder tells how many bytes follow; the usual "+4" is only
 * right for instructions without an immediate.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "x86/insn.h"

static int x86_walk_begin(struct reloc_walk *w)
{
	const struct elf_section *s = &w->mod->elf.sections[w->target];
	struct x86_decoder *dec;

	/* Data needs no decoder (see pcrel_target()). */
	if (!(s->flags & SHF_EXECINSTR) || !s->data)
		return 0;
	dec = calloc(1, sizeof(*dec));
	if (!dec)
		return module_fail(w->mod, "out of memory");
	dec->code = s->data;
	dec->len = s->size;
	dec->mode64 = w->mod->elf.machine == EM_X86_64;
	w->priv = dec;
	return 0;
}

static void x86_walk_end(struct reloc_walk *w)
{
	free(w->priv);
	w->priv = NULL;
}

/*
 * The assembler uses PLT32 for call and jmp only, and rel32 ends them:
 * the end of the last one before record i's field, in the function that
 * starts at 'start', is a boundary to walk from, when it is nearer than
 * the one known.  Calls to the kernel are not decoded (plain_external),
 * so they are looked up here, among the records just before.
 */
static void call_boundary(struct reloc_walk *w, size_t i, uint64_t start)
{
	struct x86_decoder *dec = w->priv;
	uint64_t field = w->relocs[i].offset;
	size_t j, last = i > 64 ? i - 64 : 0;

	if (!dec->mode64)
		return;
	for (j = i; j-- > last;) {
		const struct elf_reloc *r = &w->relocs[j];

		if (r->offset < start)
			return;
		if (r->type != R_X86_64_PLT32 || r->offset >= field)
			continue;
		if (dec->known < r->offset + 4 || dec->known > field)
			dec->known = r->offset + 4;
		return;
	}
}

/*
 * Offset from the symbol to the target of a PC-relative field at record i
 * whose stored addend is 'stored'.
 */
static int64_t pcrel_target(struct reloc_walk *w, size_t i, int64_t stored,
			    bool *exact)
{
	struct x86_decoder *dec = w->priv;
	uint64_t field = w->relocs[i].offset;
	uint64_t start;
	int tail;

	/* In data (".long sym - ."), the addend already is the target. */
	if (!dec)
		return stored;
	/* call and jmp (see call_boundary()), or a named symbol. */
	if ((w->relocs[i].type == R_X86_64_PLT32 && dec->mode64) ||
	    !reloc_against_section(w, i))
		return wrap_add(stored, 4);

	tail = x86_field_tail_fast(dec->code, dec->len, field,
				   dec->mode64);
	if (tail < 0) {
		module_function_start(w->mod, w->target, field, &start);
		call_boundary(w, i, start);
		/* With a boundary known in this function, walk from it. */
		if (dec->known < start || dec->known > field)
			tail = x86_field_tail_quick(dec->code,
						    dec->len, field,
						    dec->mode64);
		if (tail < 0)
			tail = x86_field_tail(dec, start, field);
	}
	if (tail < 0) {
		*exact = false;
		tail = 0;
	} else {
		dec->known = field + 4 + tail;
	}
	return wrap_add(stored, 4 + tail);
}

static enum reloc_verdict x86_64_decode(struct reloc_walk *w, size_t i,
					int64_t *addend, bool *exact)
{
	int64_t a = w->relocs[i].addend;

	switch (w->relocs[i].type) {
	case R_X86_64_NONE:
	case R_X86_64_SIZE32:
	case R_X86_64_SIZE64:
		return RELOC_IGNORE;
	case R_X86_64_64:
	case R_X86_64_32:
	case R_X86_64_32S:
	case R_X86_64_16:
	case R_X86_64_8:
	case R_X86_64_PC64:
	case R_X86_64_PC16:
	case R_X86_64_PC8:
		*addend = a;
		return RELOC_REF;
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
	case R_X86_64_GOTPCREL:
	case R_X86_64_GOTPCRELX:
	case R_X86_64_REX_GOTPCRELX:
		*addend = pcrel_target(w, i, a, exact);
		return RELOC_REF;
	}
	return RELOC_UNKNOWN;
}

static enum reloc_verdict i386_decode(struct reloc_walk *w, size_t i,
				      int64_t *addend, bool *exact)
{
	const unsigned char *p;
	int64_t a;

	switch (w->relocs[i].type) {
	case R_386_NONE:
		return RELOC_IGNORE;
	case R_386_32:
	case R_386_PC32:
	case R_386_PLT32:
		break;
	default:
		return RELOC_UNKNOWN;
	}
	/* REL: the addend is the field's contents. */
	p = reloc_field(w, i, 4);
	if (!p)
		return RELOC_BAD;
	a = (int32_t)elf_read_uint(&w->mod->elf, p, 4);
	if (w->relocs[i].type == R_386_32)
		*addend = a;
	else
		*addend = pcrel_target(w, i, a, exact);
	return RELOC_REF;
}

static int64_t read_signed(const unsigned char *p, unsigned int len)
{
	switch (len) {
	case 1:
		return (int8_t)p[0];
	case 2:
		return (int16_t)(p[0] | p[1] << 8);
	default:
		return (int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 |
				 (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
	}
}

/* The insn.h view of the instruction x86_insn_decode() measures. */
static void x86_decode_insn(const struct code_view *v, uint64_t off,
			    struct insn *insn)
{
	const unsigned char *p = v->code + off;
	struct x86_insn x;
	uint64_t next;

	if (x86_insn_decode(&x, p, v->size - off, v->elf64) < 0) {
		insn->len = 1;
		insn->type = INSN_DATA;
		return;
	}
	insn->len = x.len;
	insn->type = INSN_OTHER;
	next = off + x.len;
	if (x.rel && x.imm_len) {
		insn->target = insn_rel(next, read_signed(p + x.imm_off,
							  x.imm_len));
		if (x.map == 0 && x.opcode == 0xe8)
			insn->type = INSN_CALL;
		else if (x.map == 0 && (x.opcode == 0xe9 || x.opcode == 0xeb))
			insn->type = INSN_JUMP;
		else
			insn->type = INSN_BRANCH;	/* jcc, loop, jrcxz */
	} else if (x.rip && x.disp_len == 4) {
		insn->target = insn_rel(next, read_signed(p + x.disp_off, 4));
		insn->type = INSN_ADDR;
	} else if (x.map == 0 && (x.opcode == 0xc3 || x.opcode == 0xc2 ||
				  x.opcode == 0xcc)) {
		insn->type = INSN_STOP;
	} else if (x.map == 0 && x.opcode == 0xff && x.modrm_off &&
		   ((p[x.modrm_off] >> 3) & 7) >= 4 &&
		   ((p[x.modrm_off] >> 3) & 7) <= 5) {
		insn->type = INSN_STOP;			/* jmp *... */
	} else if (x.map == 1 && x.opcode == 0x0b) {
		insn->type = INSN_STOP;			/* ud2 */
	}
}

static inline bool target_bit(const struct code_view *v, const uint8_t *targets,
		       uint64_t t)
{
	return t < v->size && (targets[t >> 3] >> (t & 7) & 1);
}

/*
 * Is a bit of targets set in bytes [from, to) of the section?  Whole
 * 64-bit words of the map where it can (it has room for one past its end).
 */
static bool any_target(const struct code_view *v, const uint8_t *targets,
		       uint64_t from, uint64_t to)
{
	uint64_t first, last, i, word;

	if (to > v->size)
		to = v->size;
	if (from >= to)
		return false;
	first = from >> 3;
	last = (to - 1) >> 3;
	if (first == last)
		return targets[first] & (0xffu << (from & 7)) &
		       (0xffu >> (7 - ((to - 1) & 7)));
	if (targets[first] & (0xffu << (from & 7)) ||
	    targets[last] & (0xffu >> (7 - ((to - 1) & 7))))
		return true;
	for (i = first + 1; i + 8 <= last; i += 8) {
		memcpy(&word, targets + i, sizeof(word));
		if (word)
			return true;
	}
	for (; i < last; i++)
		if (targets[i])
			return true;
	return false;
}

/* The rel32 or disp32 field at q, if it is one: does it reach a target? */
static inline __attribute__((always_inline)) bool
field_reaches(const struct code_view *v, const uint8_t *targets,
			  uint64_t q)
{
	return q + 4 <= v->size &&
	       target_bit(v, targets, insn_rel(q + 4,
					       read_signed(v->code + q, 4)));
}

typedef uint8_t bytes16 __attribute__((vector_size(16)));

/*
 * The bytes that can come right before a rel32 or disp32 field: E8 and
 * E9 (call, jmp), 0F 8x (jcc) and the ModRM bytes of RIP-relative forms
 * (mod 00, rm 101).  0xff in each lane of b (the bytes at q - 1, p those
 * at q - 2) that is one.
 */
static bytes16 field_lanes(bytes16 b, bytes16 p)
{
	return (bytes16)((b & 0xfe) == 0xe8) | (bytes16)((b & 0xc7) == 0x05) |
	       ((bytes16)((b & 0xf0) == 0x80) & (bytes16)(p == 0x0f));
}

/*
 * Every byte is looked at as the last one before a field, whatever the
 * real instruction boundaries are, sixteen at a time.  A rel8 (EB, 7x,
 * E0-E3) reaches 128 bytes: code that far from a target is decoded.  An
 * immediate after a disp32 moves the target up to 4 bytes on: reach_slack.
 */
static bool x86_may_reach(const struct code_view *v, uint64_t from,
			  uint64_t to, const uint8_t *targets)
{
	const unsigned char *c = v->code;
	uint64_t q;

	if (to > v->size)
		to = v->size;
	if (any_target(v, targets, from > 130 ? from - 130 : 0, to + 130))
		return true;
	q = from + 2;
	if (q < to && field_reaches(v, targets, from + 1) &&
	    (c[from] == 0xe8 || c[from] == 0xe9 || (c[from] & 0xc7) == 0x05))
		return true;
	for (; q + 19 <= to; q += 16) {
		bytes16 b, p, f0, f1, f2, f3, m;
		uint64_t half[2];
		unsigned int h;

		memcpy(&b, c + q - 1, sizeof(b));
		memcpy(&p, c + q - 2, sizeof(p));
		memcpy(&f0, c + q, sizeof(f0));
		memcpy(&f1, c + q + 1, sizeof(f1));
		memcpy(&f2, c + q + 2, sizeof(f2));
		memcpy(&f3, c + q + 3, sizeof(f3));
		/* A relocated field holds 0 (RELA): no use to look for. */
		m = field_lanes(b, p) & (bytes16)((f0 | f1 | f2 | f3) != 0);
		memcpy(half, &m, sizeof(half));
		if (!(half[0] | half[1]))
			continue;
		for (h = 0; h < 2; h++) {
			while (half[h]) {
				unsigned int lane = __builtin_ctzll(half[h]) / 8;

				if (field_reaches(v, targets, q + 8 * h + lane))
					return true;
				half[h] &= ~(0xffull << (lane * 8));
			}
		}
	}
	for (; q < to; q++) {
		unsigned int b = c[q - 1];

		if ((b == 0xe8 || b == 0xe9 || (b & 0xc7) == 0x05 ||
		     ((b & 0xf0) == 0x80 && c[q - 2] == 0x0f)) &&
		    field_reaches(v, targets, q))
			return true;
	}
	return false;
}

static const char *x86_64_reloc_name(uint32_t type)
{
	static const char *const names[] = {
		[R_X86_64_NONE] = "R_X86_64_NONE", [R_X86_64_64] = "R_X86_64_64",
		[R_X86_64_PC32] = "R_X86_64_PC32",
		[R_X86_64_PLT32] = "R_X86_64_PLT32",
		[R_X86_64_GOTPCREL] = "R_X86_64_GOTPCREL",
		[R_X86_64_32] = "R_X86_64_32", [R_X86_64_32S] = "R_X86_64_32S",
		[R_X86_64_16] = "R_X86_64_16", [R_X86_64_PC16] = "R_X86_64_PC16",
		[R_X86_64_8] = "R_X86_64_8", [R_X86_64_PC8] = "R_X86_64_PC8",
		[R_X86_64_PC64] = "R_X86_64_PC64",
		[R_X86_64_SIZE32] = "R_X86_64_SIZE32",
		[R_X86_64_SIZE64] = "R_X86_64_SIZE64",
		[R_X86_64_GOTPCRELX] = "R_X86_64_GOTPCRELX",
		[R_X86_64_REX_GOTPCRELX] = "R_X86_64_REX_GOTPCRELX",
	};

	return type < sizeof(names) / sizeof(names[0]) ? names[type] : NULL;
}

static const char *i386_reloc_name(uint32_t type)
{
	static const char *const names[] = {
		[R_386_NONE] = "R_386_NONE", [R_386_32] = "R_386_32",
		[R_386_PC32] = "R_386_PC32", [R_386_PLT32] = "R_386_PLT32",
	};

	return type < sizeof(names) / sizeof(names[0]) ? names[type] : NULL;
}

const struct arch arch_x86_64 = {
	.name = "x86_64",
	.machine = EM_X86_64,
	.elfclass = ELFCLASS64,
	.walk_begin = x86_walk_begin,
	.walk_end = x86_walk_end,
	.decode = x86_64_decode,
	.reloc_name = x86_64_reloc_name,
	.decode_insn = x86_decode_insn,
	.granule = 1,
	.may_reach = x86_may_reach,
	.reach_slack = 4,
	/* What x86_64_decode() takes as symbol + addend, nothing else. */
	.plain_external = 1ull << R_X86_64_64 | 1ull << R_X86_64_PC32 |
			  1ull << R_X86_64_PLT32 | 1ull << R_X86_64_GOTPCREL |
			  1ull << R_X86_64_32 | 1ull << R_X86_64_32S |
			  1ull << R_X86_64_16 | 1ull << R_X86_64_PC16 |
			  1ull << R_X86_64_8 | 1ull << R_X86_64_PC8 |
			  1ull << R_X86_64_PC64 | 1ull << R_X86_64_GOTPCRELX |
			  1ull << R_X86_64_REX_GOTPCRELX,
};

const struct arch arch_i386 = {
	.name = "i386",
	.machine = EM_386,
	.elfclass = ELFCLASS32,
	.walk_begin = x86_walk_begin,
	.walk_end = x86_walk_end,
	.decode = i386_decode,
	.reloc_name = i386_reloc_name,
	.decode_insn = x86_decode_insn,
	.granule = 1,
	.may_reach = x86_may_reach,
	.reach_slack = 4,
};
