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

struct totals {
	uint64_t candidates, candidate_bytes;
	uint64_t functions, function_bytes;	/* candidates that are code */
	uint64_t chains, chain_bytes;
	uint64_t dangerous;
	uint64_t movable_bytes;
	uint64_t ftrace_init_sites, ftrace_init_bytes;
	uint64_t unknown_relocs;
	uint64_t escaped, escaped_bytes;	/* --use-notes: not gains */
};

struct findings {
	uint32_t *candidates;	/* object indices, by section and address */
	size_t ncandidates;
	uint32_t *chains;
	size_t nchains;
	uint32_t *escaped;	/* would be candidates, but escape (notes) */
	size_t nescaped;
	uint32_t *dangerous;	/* ref indices */
	size_t ndangerous;
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
