/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The source side of --fix: a declaration's text checked against what the
 * plugin recorded, the edit that annotates it, and the unified diff of
 * all edits.
 */
#ifndef KOTEST_PATCH_H
#define KOTEST_PATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* One change of one line of a source file. */
struct source_edit {
	char *path;		/* relative to the source tree */
	uint32_t line;		/* 1-based */
	uint32_t offset;	/* byte offset in the line */
	uint32_t length;	/* bytes it replaces there */
	char *text;		/* what goes there */
};

/* The source files read so far, under one tree. */
struct source_tree {
	char *root;		/* absolute, no trailing slash */
	struct source_file *files;
	size_t nfiles;
};

/* What to write at a declaration. */
struct annotation {
	const char *name;	/* __init, __initdata, __initconst */
	bool function;		/* before the declarator's name */
	/*
	 * Not declared const, but nothing writes it: a "const char *x[]"
	 * becomes "const char *const x[] __initconst".
	 */
	bool const_pointer;
};

int source_tree_open(struct source_tree *t, const char *root, char *why,
		     size_t whylen);
void source_tree_close(struct source_tree *t);

/*
 * The edit that gives the declaration of 'name' at file:line:column the
 * annotation a.  Returns 0 with *edit set, 1 if the declaration has it
 * already (no edit), -1 with the reason in why.  edit->path and ->text
 * are malloc()ed.
 */
int source_annotate(struct source_tree *t, const char *file, uint32_t line,
		    uint32_t column, const char *name,
		    const struct annotation *a, struct source_edit *edit,
		    char *why, size_t whylen);

void source_edit_free(struct source_edit *e);

/*
 * Write edits[0..n) as one unified diff against the files of t (patch -p1
 * from its root), after the message.  Identical edits are made once:
 * the array is sorted, duplicates are freed and the tail zeroed.  Returns
 * the number of lines the diff changes.
 */
size_t patch_write(FILE *out, struct source_tree *t, struct source_edit *edits,
		   size_t n, const char *message);

#endif
