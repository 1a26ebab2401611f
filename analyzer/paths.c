// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The list of modules to analyse.  Directories are walked in name order,
 * symbolic link loops are reported and not followed, and names are taken
 * for modules by their suffix, as modprobe does.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "paths.h"

static void list_push(struct path_list *list, const char *path)
{
	if (list->n == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 64;
		char **p = realloc(list->paths, cap * sizeof(*p));

		if (!p) {
			fprintf(stderr, "kotest: out of memory\n");
			exit(2);
		}
		list->paths = p;
		list->cap = cap;
	}
	list->paths[list->n] = strdup(path);
	if (!list->paths[list->n]) {
		fprintf(stderr, "kotest: out of memory\n");
		exit(2);
	}
	list->n++;
}

static bool module_name(const char *name)
{
	static const char *const suffixes[] = { ".ko", ".ko.xz", ".ko.zst", ".ko.gz" };
	size_t len = strlen(name), i;

	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t sl = strlen(suffixes[i]);

		if (len > sl && !strcmp(name + len - sl, suffixes[i]))
			return true;
	}
	return false;
}

/* Directories on the way down, to stop at symlink loops. */
struct dir_stack {
	dev_t dev;
	ino_t ino;
	const struct dir_stack *up;
};

struct entry {
	char *name;
	unsigned char type;	/* DT_*, DT_UNKNOWN on some file systems */
};

static int cmp_names(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name,
		      ((const struct entry *)b)->name);
}

static void walk(struct path_list *list, const char *dir,
		 const struct dir_stack *up, const struct stat *dst)
{
	struct dir_stack here = { dst->st_dev, dst->st_ino, up };
	const struct dir_stack *s;
	struct entry *names = NULL;
	size_t n = 0, cap = 0, i;
	struct dirent *de;
	DIR *d;

	for (s = up; s; s = s->up) {
		if (s->dev == dst->st_dev && s->ino == dst->st_ino) {
			fprintf(stderr, "kotest: %s: error: symbolic link loop, not followed\n",
				dir);
			list->errors++;
			return;
		}
	}
	d = opendir(dir);
	if (!d) {
		fprintf(stderr, "kotest: %s: error: %s\n", dir, strerror(errno));
		list->errors++;
		return;
	}
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		/* A plain file not named like a module is not wanted. */
		if (de->d_type == DT_REG && !module_name(de->d_name))
			continue;
		if (n == cap) {
			struct entry *p;

			cap = cap ? cap * 2 : 64;
			p = realloc(names, cap * sizeof(*p));
			if (!p)
				break;
			names = p;
		}
		names[n].name = strdup(de->d_name);
		names[n].type = de->d_type;
		if (names[n].name)
			n++;
	}
	closedir(d);
	/* Name order, so that output does not depend on the file system. */
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		char *path;
		struct stat st;

		if (asprintf(&path, "%s/%s", dir, names[i].name) < 0)
			break;
		/* readdir() says what most entries are: no stat() for them. */
		if (names[i].type == DT_REG) {
			list_push(list, path);
		} else if (stat(path, &st)) {
			/* Reading it reports the problem with the others. */
			if (module_name(names[i].name))
				list_push(list, path);
		} else if (S_ISDIR(st.st_mode)) {
			walk(list, path, &here, &st);
		} else if (module_name(names[i].name)) {
			list_push(list, path);
		}
		free(path);
	}
	for (i = 0; i < n; i++)
		free(names[i].name);
	free(names);
}

void path_list_add(struct path_list *list, const char *arg)
{
	struct stat st;

	/* Named like a module: read as one (a list of thousands, no stat). */
	if (module_name(arg))
		list_push(list, arg);
	else if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode))
		walk(list, arg, NULL, &st);
	else
		list_push(list, arg);	/* errors surface when it is read */
}

void path_list_free(struct path_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		free(list->paths[i]);
	free(list->paths);
	memset(list, 0, sizeof(*list));
}
