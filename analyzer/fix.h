/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --fix: which candidates and chains an annotation can free, and the
 * patch that adds them.
 */
#ifndef KOTEST_FIX_H
#define KOTEST_FIX_H

#include <stdint.h>
#include <stdio.h>

#include "analysis.h"
#include "module.h"
#include "notes.h"
#include "patch.h"

/* A candidate or chain, and what --fix does with it. */
struct fix_object {
	char *module;
	char *name;
	char *where;		/* FILE:LINE of its definition, or NULL */
	char *reason;		/* why no annotation frees it; NULL: fixed */
	const char *kind;	/* object_kind() */
	uint64_t size;
	struct source_edit *edits;
	size_t nedits;
};

struct fix_list {
	struct fix_object *objects;
	size_t n;
};

/*
 * Decide for each candidate and chain of one module; srctree is where the
 * notes' relative file names start.  Returns -1 (module error) when out
 * of memory.
 */
int fix_module(struct module *mod, const struct findings *f,
	       const struct module_notes *notes, const char *srctree,
	       struct fix_list *out);

/* Append src's objects to dst (src is emptied). */
int fix_list_move(struct fix_list *dst, struct fix_list *src);
void fix_list_free(struct fix_list *l);

/*
 * Write the patch of every fixed object to out, its message listing what
 * is not fixable, and a summary line to err.  Returns -1 on a write error.
 */
int fix_write(FILE *out, FILE *err, struct fix_list *all, const char *srctree,
	      const char *out_name);

#endif
