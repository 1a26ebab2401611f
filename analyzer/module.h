/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One module under analysis: its sections as the loader sees them, the
 * objects that live in them, every reference between them, and findings.
 */
#ifndef KOTEST_MODULE_H
#define KOTEST_MODULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elffile.h"
#include "options.h"
#include "sections.h"

#define NO_OBJECT UINT32_MAX

/* object.flags */
#define OBJ_ANON	(1u << 0)	/* section + offset piece, no symbol */
#define OBJ_STRING	(1u << 1)	/* one string of a string section */
#define OBJ_CANDIDATE	(1u << 2)	/* used only by init code */
#define OBJ_CHAIN	(1u << 3)	/* used only by candidates and chains */
#define OBJ_SEEN	(1u << 4)	/* scratch for graph walks */
#define OBJ_ESCAPES	(1u << 5)	/* --use-notes: its address escapes */
#define OBJ_DECODED	(1u << 6)	/* resolved.c: its code decoded */
#define OBJ_USERS_KNOWN	(1u << 7)	/* resolved.c: all its users known,
					 * those without a relocation too */

struct object {
	uint64_t start;
	uint64_t size;
	uint32_t section;
	uint32_t symbol;	/* naming symbol; 0 for OBJ_ANON */
	uint32_t rref;		/* uses from init memory */
	uint32_t xref;		/* uses from persistent memory */
	uint32_t flags;
};

/* A reference found through one relocation. */
struct ref {
	uint64_t src_off;
	uint64_t dst_off;	/* section offset of the referenced byte */
	uint32_t src_sec;
	uint32_t dst_sec;
	uint32_t src_obj;
	uint32_t dst_obj;
	uint32_t type;		/* relocation type, for dumps */
};

/*
 * ref.type of a use the assembler resolved without a relocation
 * (resolved.c), or'ed with its enum insn_type.
 */
#define REF_RESOLVED	0x80000000u

/*
 * One object in its section's index: what a lookup needs in one place,
 * so that the last step of a search answers without a trip to the object.
 */
struct index_entry {
	uint64_t start;
	uint32_t object;	/* in mod->objects */
	uint32_t size;		/* UINT32_MAX: or more, see the object */
};

struct module_section {
	struct section_facts facts;
	struct index_entry *index;	/* the section's objects, by address:
					 * a slice of mod->index */
	uint32_t nobjects;
	uint32_t cursor;	/* last hit, for references in order */
};

/* An unknown relocation type, reported once per module and type. */
struct unknown_reloc {
	uint32_t type;
	uint32_t count;
};

struct module {
	struct elf_file elf;
	const struct arch *arch;
	const struct options *opt;
	struct module_section *sec;

	struct object *objects;
	size_t nobjects, objects_cap;
	struct index_entry *index;	/* all sections', one after another */
	uint32_t *sym_object;		/* symbol index -> object */

	struct ref *refs;
	size_t nrefs, refs_cap;

	struct unknown_reloc *unknown;
	size_t nunknown;
	uint64_t nrelocs;		/* relocations read */
	uint64_t external_refs;		/* to undefined symbols */
	uint64_t outside_refs;		/* target outside its section */
	uint64_t unresolved_refs;	/* to no object at all */
	uint64_t inexact_addends;	/* addend could not be decoded */
	uint64_t ftrace_init_sites;	/* call-site entries into init code */
	uint32_t ftrace_table;		/* the call-site section */
	uint8_t *noreturn_syms;		/* arch.c: 1 noreturn, 2 not, 0 unknown */
	uint64_t flow_steps_left;	/* arch/flow.c: see module_open() */
	uint64_t resolved_refs;		/* uses without a relocation */
	/*
	 * resolved.c looked for uses without a relocation of the objects
	 * flagged OBJ_USERS_KNOWN only: no other may be a chain.
	 */
	bool users_known;
	uint64_t resolved_bytes;	/* code decoded to find them */

	char error[200];
};

/* 'reader': NULL when the image holds the whole file (elffile.h). */
int module_open(struct module *mod, const char *path,
		const unsigned char *image, size_t size,
		const struct elf_reader *reader, const struct options *opt);
void module_close(struct module *mod);
int module_fail(struct module *mod, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* objects.c */
int module_build_objects(struct module *mod);
uint32_t module_object_at(struct module *mod, uint32_t sec, uint64_t off);
/* Set every reference's src_obj (made in order of source, mostly). */
void module_resolve_sources(struct module *mod);
int module_add_anon_objects(struct module *mod);
const char *object_name(const struct module *mod, const struct object *o);
uint32_t module_function_start(struct module *mod, uint32_t sec,
			       uint64_t off, uint64_t *start);

/* refs.c */
int module_collect_refs(struct module *mod);
int module_grow_refs(struct module *mod);

static inline const char *section_name(const struct module *mod, uint32_t i)
{
	return mod->elf.sections[i].name;
}

static inline bool section_is_code(const struct module *mod, uint32_t i)
{
	return mod->elf.sections[i].flags & 0x4;	/* SHF_EXECINSTR */
}

#endif
