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
#include "x86/addr.h"
#include "x86/insn.h"
#include "x86/reach.h"

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

/* arch->field_memory(): see x86_field_memory(). */
static int x86_field_use(const struct code_view *v, uint64_t start,
			 uint64_t field)
{
	return x86_field_memory(v->code, v->size, start, field, v->elf64);
}

/* arch->address_uses(): x86-64 only (addr.c). */
static int x86_addr_use(const struct code_view *v, uint64_t start,
			uint64_t end, uint64_t field, struct addr_uses *u)
{
	return v->elf64 ? x86_address_uses(v->code, v->size, start, end,
					   field, u) : -1;
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

/* call, jmp or jcc rel32: the field follows E8, E9 or 0F 8x. */
static int x86_reloc_branch(const struct code_view *v, uint64_t field,
			    uint32_t type)
{
	uint8_t op;

	(void)type;
	if (field < 1 || field > v->size)
		return 0;
	op = v->code[field - 1];
	if (op == 0xe8 || op == 0xe9)
		return 1;
	return field >= 2 && v->code[field - 2] == 0x0f && (op & 0xf0) == 0x80;
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
	.field_memory = x86_field_use,
	.address_uses = x86_addr_use,
	.reloc_branch = x86_reloc_branch,
	.granule = 1,
	.next_reach = x86_next_reach,
	.reach_slack = 4,
	.reach_near = X86_REACH_NEAR,
	/* The assembler uses PLT32 for call and jmp only (call_boundary()). */
	.boundary_types = 1ull << R_X86_64_PLT32,
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
	.field_memory = x86_field_use,
	.address_uses = x86_addr_use,
	.reloc_branch = x86_reloc_branch,
	.granule = 1,
	.next_reach = x86_next_reach,
	.reach_slack = 4,
	.reach_near = X86_REACH_NEAR,
};
