/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Findings of one module, computed from its references. */
#ifndef KOTEST_ANALYSIS_H
#define KOTEST_ANALYSIS_H

#include <stddef.h>
#include <stdint.h>

struct module;
struct module_notes;

/* "user uses obj": obj's users are a contiguous run of a sorted array. */
struct use {
	uint32_t obj;
	uint32_t user;		/* NO_OBJECT: a place without an object */
	uint32_t user_sec;
};

/*
 * A pointer from memory that outlives init into init memory, and why it
 * is reachable after init or not (dangling.c).
 */
struct link {
	uint32_t ref;		/* the pointer: a mod->refs index */
	uint32_t via;		/* the reference the reason rests on, or
				   NO_REF */
	uint32_t reason;	/* enum link_reason */
	uint32_t stride;	/* the holder's element size (bytes) */
};

#define NO_REF UINT32_MAX

struct totals {
	uint64_t candidates, candidate_bytes;
	uint64_t functions, function_bytes;	/* candidates that are code */
	uint64_t chains, chain_bytes;
	uint64_t dangerous;	/* reachable after init */
	uint64_t dangling;	/* only init code can read them */
	uint64_t movable_bytes;
	uint64_t ftrace_init_sites, ftrace_init_bytes;
	uint64_t unknown_relocs;
	uint64_t escaped, escaped_bytes;	/* --use-notes: not gains */
	uint64_t placed, placed_bytes;	/* --use-notes: the plugin moved */
	uint64_t placed_functions, placed_data, placed_strings;
};

struct findings {
	uint32_t *candidates;	/* object indices, by section and address */
	size_t ncandidates;
	uint32_t *chains;
	size_t nchains;
	uint32_t *escaped;	/* would be candidates, but escape (notes) */
	size_t nescaped;
	uint32_t *init_pointers;	/* ref indices: persistent -> init */
	size_t ninit_pointers;
	struct link *dangerous;	/* of them, what can be read after init */
	size_t ndangerous;
	struct link *dangling;	/* and what only init code reads */
	size_t ndangling;
	uint32_t *movable;	/* section indices */
	size_t nmovable;
	/* Who uses each candidate or chain object, sorted by obj. */
	struct use *uses;
	size_t nuses;
	/* Pointers into init memory that only parse_args() follows. */
	size_t load_only_params;
	/* Per init section: ftrace call sites into it. */
	uint32_t ftrace_table;	/* the call-site section, 0 if none */
	struct totals totals;
};

/* notes: what the plugin recorded (--use-notes), or NULL. */
int module_analyze(struct module *mod, const struct module_notes *notes,
		   struct findings *f);
void findings_free(struct findings *f);

/* The run of f->uses for obj: returns the count, *first the start. */
size_t findings_users(const struct findings *f, uint32_t obj, size_t *first);

/* What an object would be annotated with: __init, __initconst, ... */
const char *object_annotation(const struct module *mod, uint32_t obj);
const char *object_kind(const struct module *mod, uint32_t obj);

#endif
