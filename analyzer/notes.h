/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading what the plugin wrote in .note.kotest (--use-notes). */
#ifndef KOTEST_NOTES_H
#define KOTEST_NOTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "module.h"

struct escape_fact {
	uint32_t obj;
	uint32_t kind;		/* enum kotest_escape */
	uint32_t arg;
	uint32_t line;
	const char *sink, *function, *file;
};

struct decl_fact {
	uint32_t obj;
	uint32_t line;
	const char *name, *file;
};

/* One declaration of an object (KOTEST_NOTE_SITE), for --fix. */
struct site_fact {
	uint32_t obj;
	uint32_t flags;		/* enum kotest_site_flags */
	uint32_t line, column;
	const char *name;	/* the declared name (a clone's origin) */
	const char *symbol;
	const char *file;
	const char *macro;	/* "" unless KOTEST_SITE_MACRO */
	const char *unit;	/* the unit's source file */
};

/* An object the plugin moved into an init section (KOTEST_NOTE_PLACED). */
struct placed_fact {
	uint32_t obj;
	uint32_t kind;		/* enum kotest_placed_kind */
};

/*
 * What one function that runs after init accesses of a holder of init
 * pointers (KOTEST_NOTE_READS): bytes offset + k * stride .. + size.
 */
struct member_read {
	int32_t offset;
	uint32_t size;		/* UINT32_MAX: unknown */
	uint32_t stride;	/* 0: offset itself */
};

struct reads_fact {
	uint32_t holder;
	uint32_t reader;	/* the function */
	uint32_t flags;		/* enum kotest_reads_flags */
	uint32_t nreads;
	size_t first;		/* in module_notes.member_reads */
};

struct module_notes {
	size_t units;		/* KOTEST_NOTE_UNIT records: 0 = no plugin */
	struct escape_fact *escapes;	/* sorted by obj */
	size_t nescapes;
	struct decl_fact *decls;	/* sorted by obj */
	size_t ndecls;
	struct site_fact *sites;	/* sorted by obj, file, line, column */
	size_t nsites;
	struct placed_fact *placed;	/* in note order */
	size_t nplaced;
	struct reads_fact *reads;	/* sorted by holder, reader */
	size_t nreads;
	struct member_read *member_reads;
	size_t nmember_reads;
	size_t unresolved;	/* records whose object is not in the module */
};

/* Read every .note.kotest record; -1 (module error) on a bad note. */
int module_read_notes(struct module *mod, struct module_notes *n);
void module_notes_free(struct module_notes *n);

const struct escape_fact *notes_escape(const struct module_notes *n,
				       uint32_t obj);
const struct decl_fact *notes_decl(const struct module_notes *n,
				   uint32_t obj);
/* The run of n->sites for obj: returns the count, *first the start. */
size_t notes_sites(const struct module_notes *n, uint32_t obj,
		   size_t *first);
const char *escape_kind_name(uint32_t kind);
/* What function reader accesses of holder, or NULL: no record. */
const struct reads_fact *notes_reads(const struct module_notes *n,
				     uint32_t holder, uint32_t reader);
/* Does a read of r cover bytes [at, at + size) of the holder? */
bool notes_reads_cover(const struct module_notes *n,
		       const struct reads_fact *r, uint64_t at,
		       unsigned int size);

#endif
