// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --fix, the source side: every edit is checked against the text it
 * changes.  The plugin recorded where each declarator's name is (line and
 * byte column); the name must be there, and the declarator must have a
 * form whose annotation has one right place in kernel style:
 *   static int __init helper(int x)          before a function's name
 *   static char * __init name(void)          (after a '*', with a space)
 *   static const int tbl[] __initconst = {   after an object's declarator
 *   static const char *const names[] __initconst   (const added, below)
 * Anything else is left to the developer, with the reason.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "patch.h"

struct source_file {
	char *disk;		/* where it was read */
	char *path;		/* relative to the tree's root */
	char *data;
	size_t size;
	size_t *lines;		/* start of each line; lines[nlines] = size */
	size_t nlines;
	char *error;		/* why it could not be read, or NULL */
};

int source_tree_open(struct source_tree *t, const char *root, char *why,
		     size_t whylen)
{
	memset(t, 0, sizeof(*t));
	t->root = realpath(root, NULL);
	if (!t->root) {
		snprintf(why, whylen, "%s: %s", root, strerror(errno));
		return -1;
	}
	return 0;
}

static void source_file_free(struct source_file *f)
{
	free(f->disk);
	free(f->path);
	free(f->data);
	free(f->lines);
	free(f->error);
}

void source_tree_close(struct source_tree *t)
{
	size_t i;

	for (i = 0; i < t->nfiles; i++)
		source_file_free(&t->files[i]);
	free(t->files);
	free(t->root);
	memset(t, 0, sizeof(*t));
}

static char *read_all(const char *disk, size_t *size)
{
	FILE *in = fopen(disk, "rb");
	char *data = NULL;
	size_t cap = 0, n = 0;

	if (!in)
		return NULL;
	for (;;) {
		if (cap - n < 65536) {
			char *grown = realloc(data, cap + 65536 + 1);

			if (!grown) {
				free(data);
				fclose(in);
				errno = ENOMEM;
				return NULL;
			}
			data = grown;
			cap += 65536;
		}
		size_t got = fread(data + n, 1, cap - n, in);

		n += got;
		if (got == 0)
			break;
	}
	if (ferror(in)) {
		free(data);
		fclose(in);
		errno = EIO;
		return NULL;
	}
	fclose(in);
	data[n] = 0;
	*size = n;
	return data;
}

static int load_lines(struct source_file *f)
{
	size_t i, n = 0;

	for (i = 0; i < f->size; i++)
		n += f->data[i] == '\n';
	f->lines = malloc((n + 2) * sizeof(*f->lines));
	if (!f->lines)
		return -1;
	f->lines[0] = 0;
	f->nlines = 0;
	for (i = 0; i < f->size; i++)
		if (f->data[i] == '\n')
			f->lines[++f->nlines] = i + 1;
	/* A last line without a newline is a line too. */
	if (!f->size || f->data[f->size - 1] != '\n')
		f->lines[++f->nlines] = f->size;
	return 0;
}

/* The file of a note ("fs/fat/inode.c" or absolute), read once. */
static struct source_file *source_file(struct source_tree *t, const char *file)
{
	struct source_file *f, *grown;
	char *joined = NULL, *disk;
	size_t i, rootlen = strlen(t->root);

	if (file[0] == '/' || asprintf(&joined, "%s/%s", t->root, file) < 0)
		joined = NULL;
	disk = realpath(joined ? joined : file, NULL);
	for (i = 0; i < t->nfiles; i++)
		if (!strcmp(t->files[i].disk, disk ? disk : (joined ? joined : file))) {
			free(disk);
			free(joined);
			return &t->files[i];
		}
	grown = realloc(t->files, (t->nfiles + 1) * sizeof(*grown));
	if (!grown) {
		free(disk);
		free(joined);
		return NULL;
	}
	t->files = grown;
	f = &t->files[t->nfiles++];
	memset(f, 0, sizeof(*f));
	if (!disk) {
		f->disk = strdup(joined ? joined : file);
		if (asprintf(&f->error, "%s: %s", joined ? joined : file,
			     strerror(errno)) < 0)
			f->error = NULL;
		free(joined);
		return f;
	}
	free(joined);
	f->disk = disk;
	if (strncmp(disk, t->root, rootlen) || disk[rootlen] != '/') {
		if (asprintf(&f->error, "%s is outside the source tree %s (--srctree)",
			     disk, t->root) < 0)
			f->error = NULL;
		return f;
	}
	f->path = strdup(disk + rootlen + 1);
	f->data = read_all(disk, &f->size);
	if (!f->data || load_lines(f)) {
		if (asprintf(&f->error, "%s: %s", disk, strerror(errno)) < 0)
			f->error = NULL;
	}
	return f;
}

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Does the text [s, end) hold word as a whole identifier? */
static bool has_word(const char *s, const char *end, const char *word)
{
	size_t len = strlen(word);
	const char *p;

	for (p = s; p + len <= end; p++)
		if (!memcmp(p, word, len) && (p == s || !ident_char(p[-1])) &&
		    (p + len == end || !ident_char(p[len])))
			return true;
	return false;
}

/* Past the closing bracket of the group opening at p, or NULL. */
static const char *close_group(const char *p, const char *end)
{
	int depth = 0;

	for (; p < end; p++) {
		if (*p == '[' || *p == '(')
			depth++;
		else if (*p == ']' || *p == ')')
			if (--depth == 0)
				return p + 1;
	}
	return NULL;
}

static int set_edit(struct source_edit *e, const struct source_file *f,
		    uint32_t line, size_t offset, size_t length,
		    const char *text)
{
	e->path = strdup(f->path);
	e->line = line;
	e->offset = offset;
	e->length = length;
	e->text = strdup(text);
	if (!e->path || !e->text) {
		source_edit_free(e);
		return -1;
	}
	return 0;
}

int source_annotate(struct source_tree *t, const char *file, uint32_t line,
		    uint32_t column, const char *name,
		    const struct annotation *a, struct source_edit *edit,
		    char *why, size_t whylen)
{
	struct source_file *f = source_file(t, file);
	const char *s, *end, *at, *p, *decl_end;
	size_t len = strlen(name);
	char *text;
	int ret;

	memset(edit, 0, sizeof(*edit));
	if (!f) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	if (f->error) {
		snprintf(why, whylen, "%s", f->error);
		return -1;
	}
	if (line < 1 || line > f->nlines) {
		snprintf(why, whylen, "%s:%u: no such line (the source changed since the build)",
			 f->path, line);
		return -1;
	}
	s = f->data + f->lines[line - 1];
	end = f->data + f->lines[line];
	if (end > s && end[-1] == '\n')
		end--;
	at = s + column - 1;
	if (column < 1 || at + len > end || memcmp(at, name, len) ||
	    (at > s && ident_char(at[-1])) ||
	    (at + len < end && ident_char(at[len]))) {
		snprintf(why, whylen, "%s:%u:%u: does not declare '%s' (the source changed since the build)",
			 f->path, line, column, name);
		return -1;
	}
	if (has_word(s, end, a->name))
		return 1;

	p = at + len;
	if (a->function) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end || *p != '(') {
			snprintf(why, whylen, "%s:%u: '%s' is not followed by its parameters",
				 f->path, line, name);
			return -1;
		}
		ret = set_edit(edit, f, line, at - s, 0,
			       at > s && at[-1] == '*' ? " __init " : "__init ");
		goto out;
	}
	/* The declarator: the name and its array bounds. */
	decl_end = p;
	for (;;) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end || *p != '[')
			break;
		p = close_group(p, end);
		if (!p) {
			snprintf(why, whylen, "%s:%u: the declarator of '%s' goes on past the line",
				 f->path, line, name);
			return -1;
		}
		decl_end = p;
	}
	if (p < end && *p != '=' && *p != ';' && *p != ',' &&
	    !(p[0] == '_' && p + 1 < end && p[1] == '_')) {
		snprintf(why, whylen, "%s:%u: '%s' is declared in a form kotest does not edit",
			 f->path, line, name);
		return -1;
	}
	/* "*name[]" becomes "*const name[] __initconst". */
	for (p = at; p > s && (p[-1] == ' ' || p[-1] == '\t'); p--)
		;
	if (!a->const_pointer || p == s || p[-1] != '*' ||
	    !has_word(s, at, "const")) {
		if (asprintf(&text, " %s", a->name) < 0)
			text = NULL;
		ret = text ? set_edit(edit, f, line, decl_end - s, 0, text) : -1;
		free(text);
		goto out;
	}
	if (asprintf(&text, "const %.*s __initconst", (int)(decl_end - at), at) < 0)
		text = NULL;
	ret = text ? set_edit(edit, f, line, at - s, decl_end - at, text) : -1;
	free(text);
out:
	if (ret)
		snprintf(why, whylen, "out of memory");
	return ret;
}

void source_edit_free(struct source_edit *e)
{
	free(e->path);
	free(e->text);
	e->path = e->text = NULL;
}

static int cmp_edit(const void *a, const void *b)
{
	const struct source_edit *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return strcmp(x->text, y->text);
}


/* Line l of f (1-based) as changed by the edits [e, e_end) on it. */
static void put_line(FILE *out, char mark, const struct source_file *f,
		     uint32_t l, const struct source_edit *e,
		     const struct source_edit *e_end)
{
	const char *s = f->data + f->lines[l - 1];
	const char *end = f->data + f->lines[l];
	size_t pos = 0, len = end - s;
	bool newline = len && s[len - 1] == '\n';

	if (newline)
		len--;
	fputc(mark, out);
	for (; e < e_end; e++) {
		/* Overlapping edits of one place: the first wins. */
		if (e->offset < pos || e->offset + e->length > len)
			continue;
		fwrite(s + pos, 1, e->offset - pos, out);
		fputs(e->text, out);
		pos = e->offset + e->length;
	}
	fwrite(s + pos, 1, len - pos, out);
	fputc('\n', out);
	if (!newline)
		fputs("\\ No newline at end of file\n", out);
}

#define CONTEXT 3

static void write_file_diff(FILE *out, const struct source_file *f,
			    const struct source_edit *e, size_t n)
{
	size_t i = 0;

	fprintf(out, "diff --git a/%s b/%s\n--- a/%s\n+++ b/%s\n", f->path,
		f->path, f->path, f->path);
	while (i < n) {
		/* A hunk: edited lines no more than 2 * CONTEXT apart. */
		size_t j = i, k;
		uint32_t first, last, l;

		while (j + 1 < n && e[j + 1].line <= e[j].line + 2 * CONTEXT)
			j++;
		first = e[i].line > CONTEXT ? e[i].line - CONTEXT : 1;
		last = e[j].line + CONTEXT <= f->nlines ? e[j].line + CONTEXT :
		       (uint32_t)f->nlines;
		fprintf(out, "@@ -%u,%u +%u,%u @@\n", first, last - first + 1,
			first, last - first + 1);
		k = i;
		for (l = first; l <= last; l++) {
			size_t m = k, r;
			uint32_t run_end = l;

			if (k > j || e[k].line != l) {
				put_line(out, ' ', f, l, NULL, NULL);
				continue;
			}
			/* A run of changed lines: all '-', then all '+'. */
			while (m <= j && e[m].line == run_end) {
				while (m <= j && e[m].line == run_end)
					m++;
				run_end++;
			}
			for (r = l; r < run_end; r++)
				put_line(out, '-', f, r, NULL, NULL);
			for (r = l; r < run_end; r++) {
				size_t q = k;

				while (q <= j && e[q].line == r)
					q++;
				put_line(out, '+', f, r, &e[k], &e[q]);
				k = q;
			}
			l = run_end - 1;
		}
		i = j + 1;
	}
}

size_t patch_write(FILE *out, struct source_tree *t, struct source_edit *edits,
		   size_t n, const char *message)
{
	size_t i, m = 0, added = 0;

	if (n)
		qsort(edits, n, sizeof(*edits), cmp_edit);
	for (i = 0; i < n; i++)
		if (!m || cmp_edit(&edits[m - 1], &edits[i]))
			edits[m++] = edits[i];
		else
			source_edit_free(&edits[i]);
	for (i = m; i < n; i++)
		memset(&edits[i], 0, sizeof(edits[i]));
	fputs(message, out);
	for (i = 0; i < m; ) {
		const struct source_file *f = source_file(t, edits[i].path);
		size_t j = i, l;

		while (j < m && !strcmp(edits[j].path, edits[i].path))
			j++;
		if (f && f->data) {
			write_file_diff(out, f, &edits[i], j - i);
			for (l = i; l < j; l++)
				added += l == i || edits[l].line != edits[l - 1].line;
		}
		i = j;
	}
	return added;
}
