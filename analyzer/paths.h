/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The list of modules to analyse: arguments, and directory trees walked. */
#ifndef KOTEST_PATHS_H
#define KOTEST_PATHS_H

#include <stddef.h>

struct path_list {
	char **paths;
	size_t n, cap;
	size_t errors;		/* unreadable entries met while walking */
};

/*
 * Add 'arg': a file as is (a name ending in .ko, .ko.xz, .ko.zst or .ko.gz
 * is taken for one without looking), a directory as every module file
 * below it, in name order.  Problems are printed as "kotest: PATH:
 * error: ..." and counted in list->errors; the walk goes on.
 */
void path_list_add(struct path_list *list, const char *arg);
void path_list_free(struct path_list *list);

#endif
