/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The per-architecture part of kotest: how to read each relocation record
 * and find the byte it refers to.  Everything else is shared.
 */
#ifndef KOTEST_ARCH_H
#define KOTEST_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../module.h"
#include "insn.h"

/* One pass over the records of one relocation section. */
struct reloc_target {
	uint32_t sym;
	uint64_t off;
};

#define RELOC_EMITTED_MAX 32

struct reloc_walk {
	struct module *mod;
	uint32_t relsec;		/* the SHT_REL/SHT_RELA section */
	uint32_t target;		/* the section it patches */
	const struct elf_reloc *relocs;
	size_t count;
	void *priv;			/* architecture state for this pass */
	void *flow_cache;		/* flow_follow()'s, for this pass */
	/*
	 * reloc_emit_to()'s: the targets record 'emitted_rel' has been
	 * credited with, so that an anchor used a thousand times to reach one
	 * object makes one reference, not a thousand.
	 */
	size_t emitted_rel;
	unsigned int nemitted;
	struct reloc_target *emitted;	/* the caller's, RELOC_EMITTED_MAX */
	/* reloc_noreturn_call()'s: offsets of calls that do not return. */
	bool noreturn_known;
	uint64_t *noreturn_offs;
	size_t nnoreturn;
};

enum reloc_verdict {
	RELOC_REF,		/* refers to symbol + *addend */
	RELOC_IGNORE,		/* no reference (NONE, RELAX, ALIGN, ...) */
	RELOC_UNKNOWN,		/* type not understood: reported */
	RELOC_BAD,		/* field past the end of the section */
	RELOC_DONE,		/* the architecture emitted the references */
};

struct arch {
	const char *name;
	uint16_t machine;
	unsigned char elfclass;		/* 0: both */
	/* Optional per-pass state. */
	int (*walk_begin)(struct reloc_walk *w);
	void (*walk_end)(struct reloc_walk *w);
	/*
	 * Decode record 'i': set *addend to the offset from the symbol's
	 * value to the byte the code or data refers to (for PC-relative
	 * forms: not to the place the CPU adds the displacement to).
	 * *exact is cleared when the addend had to be approximated.
	 */
	enum reloc_verdict (*decode)(struct reloc_walk *w, size_t i,
				     int64_t *addend, bool *exact);
	const char *(*reloc_name)(uint32_t type);
	/*
	 * Types (below 64) whose record against an undefined symbol decode()
	 * would only count as external: the walk counts it without asking.
	 * Most relocations of a module are calls into the kernel.
	 */
	uint64_t plain_external;
	/*
	 * Decode the instruction at off (below v->size; see insn.h).  The
	 * shortest instruction is 'granule' bytes, a power of two: where
	 * decoding goes on after bytes that are no instruction.
	 */
	void (*decode_insn)(const struct code_view *v, uint64_t off,
			    struct insn *insn);
	unsigned int granule;
	/*
	 * Optional, where decoding costs more than a look at every byte
	 * (x86): the first byte of [from, to) that may be part of a direct
	 * branch or PC-relative form reaching a byte of m->targets without a
	 * relocation, whatever the instruction boundaries are, and in
	 * *target the byte that reading points at (up to reach_slack bytes
	 * before the real target); 'to' if none.  A reading that stays
	 * inside the object holding it (reach_inside()) is no use and is not
	 * returned.  Only code it points at is decoded: it must never miss a
	 * use.
	 * reach_slack: how far before its target a use may point (an
	 * immediate after an x86 disp32); reach_near: how far a short branch
	 * reaches, for m->near (0: no such branch).
	 */
	uint64_t (*next_reach)(const struct code_view *v, uint64_t from,
			       uint64_t to, const struct reach_map *m,
			       uint64_t *target);
	unsigned int reach_slack;
	unsigned int reach_near;
	/*
	 * Types (below 64) whose 4-byte field ends its instruction: the
	 * byte after it starts the next one, where decoding towards a byte
	 * next_reach() points at may begin instead of the function's start.
	 */
	uint64_t boundary_types;
	/*
	 * Optional: does the instruction whose relocated field is at 'field'
	 * read or write memory there (1), only compare with it (2), or make
	 * an address of it (0: an immediate, x86's LEA)?  -1 when it cannot
	 * tell.  'start' is an
	 * instruction boundary before it (its function's start).  Without
	 * it, every reference from code may be an address handed on.
	 */
	int (*field_memory)(const struct code_view *v, uint64_t start,
			    uint64_t field);
	/*
	 * Optional: the function [start, end) loads the address its
	 * relocated field at 'field' holds: which displacements does it read
	 * through it, by what steps does it move it?  0, or -1 when the
	 * address may go anywhere else (it is copied, stored, passed).
	 */
	int (*address_uses)(const struct code_view *v, uint64_t start,
			    uint64_t end, uint64_t field, struct addr_uses *u);
	/*
	 * Is the instruction that a relocation of this type patches at
	 * 'field' a direct call or jump to its target (1), or may it make
	 * the target's address (0)?  -1 when it cannot tell (mips's long
	 * calls load the address as any other use does).  kotest --fix
	 * annotates a function __init only when every use calls it: one
	 * whose address is handed on (a thread, a callback) may be called
	 * after init.
	 */
	int (*reloc_branch)(const struct code_view *v, uint64_t field,
			    uint32_t type);
};

/* Forget what record i was credited with (a walk taken back). */
static inline void reloc_emit_forget(struct reloc_walk *w)
{
	w->nemitted = 0;
}

/* Record that record i refers to its symbol + addend (refs.c). */
int reloc_emit(struct reloc_walk *w, size_t i, int64_t addend, bool exact);
/*
 * The same, for another symbol: record i of the walk refers, through a
 * routing table (.toc, .opd), to symbol symidx + addend.
 */
int reloc_emit_to(struct reloc_walk *w, size_t i, uint32_t symidx,
		  int64_t addend, bool exact);

const struct arch *arch_find(uint16_t machine, unsigned char elfclass);

/* Bytes of the patched section at the record's offset, or NULL. */
const unsigned char *reloc_field(const struct reloc_walk *w, size_t i,
				 unsigned int size);

/*
 * The bytes [*start, *end) of the function of the patched section that
 * holds offset 'at' (from its symbol); code outside any symbol (assembly)
 * runs from 'at' to the section's end.
 */
void reloc_function_bounds(const struct reloc_walk *w, uint64_t at,
			   uint64_t *start, uint64_t *end);

/*
 * Is there a call to a function that never returns (__stack_chk_fail,
 * panic, ...) among the records at offsets [from, to)?
 */
bool reloc_noreturn_call(struct reloc_walk *w, uint64_t from, uint64_t to);

/* The bytes of code section sec as the decoders read them; false if none. */
static inline bool module_code_view(struct module *mod, uint32_t sec,
				    struct code_view *v)
{
	*v = (struct code_view){
		.code = elf_section_data(&mod->elf, sec),
		.size = mod->elf.sections[sec].size,
		.big_endian = mod->elf.big_endian,
		.elf64 = mod->elf.elfclass == ELFCLASS64,
		.flags = mod->elf.flags,
	};
	return v->code != NULL;
}

/* Is record i against a section symbol (so the addend locates the object)? */
static inline bool reloc_against_section(const struct reloc_walk *w, size_t i)
{
	return w->mod->elf.symbols[w->relocs[i].sym].type == 3; /* STT_SECTION */
}

/*
 * Does symbol symidx + off lie inside the symbol's section?  A register
 * that holds an address outside it is an intermediate (a high part, a
 * biased base the code indexes back into range), not a pointer it could
 * hand to anyone: trackers do not count such a register used as it is.
 */
static inline bool reloc_value_inside(const struct reloc_walk *w,
				      uint32_t symidx, int64_t off)
{
	const struct elf_file *ef = &w->mod->elf;
	const struct elf_symbol *sym = &ef->symbols[symidx];

	if (sym->shndx >= ef->nsections)
		return true;
	return sym->value + (uint64_t)off <= ef->sections[sym->shndx].size;
}

/* Addends come from the file: add without signed overflow. */
static inline int64_t wrap_add(int64_t a, int64_t b)
{
	return (int64_t)((uint64_t)a + (uint64_t)b);
}

static inline int64_t sign_extend(uint64_t v, unsigned int bits)
{
	uint64_t m = 1ull << (bits - 1);

	v &= bits == 64 ? ~0ull : (1ull << bits) - 1;
	return (int64_t)((v ^ m) - m);
}

extern const struct arch arch_x86_64, arch_i386, arch_aarch64, arch_arm,
	arch_mips, arch_ppc64, arch_s390, arch_riscv;

#endif
