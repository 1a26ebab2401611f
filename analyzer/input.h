/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inputs: module files read into private memory (decompressed when they
 * are .xz, .zst or .gz, as kmod does), and directory trees walked.
 */
#ifndef KOTEST_INPUT_H
#define KOTEST_INPUT_H

#include <stdbool.h>
#include <stddef.h>

struct image {
	unsigned char *data;
	size_t size;
	size_t map_size;	/* non-zero: data is a private mapping */
	bool borrowed;		/* data is the thread's read buffer */
};

/* Read 'path' into img; on failure write a one-line reason into err. */
int image_load(const char *path, struct image *img, char *err, size_t errlen);
void image_release(struct image *img);
/* Free the calling thread's read buffer (when it reads no more). */
void image_buffer_release(void);

struct path_list {
	char **paths;
	size_t n, cap;
	size_t errors;		/* unreadable entries met while walking */
};

/*
 * Add 'arg': a file as is, a directory as every module file below it, in
 * name order.  Problems are printed as "kotest: PATH: error: ..." and
 * counted in list->errors; the walk goes on.
 */
void path_list_add(struct path_list *list, const char *arg);
void path_list_free(struct path_list *list);

#endif
