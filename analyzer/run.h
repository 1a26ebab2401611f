/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Running the analysis of every module, N at a time, reports in order. */
#ifndef KOTEST_RUN_H
#define KOTEST_RUN_H

#include <stdint.h>
#include <stdio.h>

#include "analysis.h"
#include "fix.h"
#include "options.h"

#define MAX_ARCHES 16

struct arch_summary {
	const char *arch;
	uint64_t modules;
	struct totals t;
};

struct summary {
	struct arch_summary arches[MAX_ARCHES];
	size_t narches;
	uint64_t failed;	/* inputs that could not be analysed */
};

/*
 * Analyse paths[0..n), opt->jobs at a time; each module's report goes to
 * stdout, stderr and csv (unless NULL) in input order, its totals into
 * sum.  With JSON, the module objects are separated by commas.  With
 * opt->fix_path, what --fix decided for each module goes into fix, in
 * input order; with the patch on stdout, the reports are not printed.
 */
void run_modules(const struct options *opt, char *const *paths, size_t n,
		 FILE *csv, struct summary *sum, struct fix_list *fix);

void totals_add(struct totals *a, const struct totals *b);

#endif
