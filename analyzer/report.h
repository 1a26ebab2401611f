/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Rendering findings: text (the seed's line format), JSON and CSV. */
#ifndef KOTEST_REPORT_H
#define KOTEST_REPORT_H

#include <stdio.h>

#include "analysis.h"
#include "module.h"
#include "notes.h"

/* notes: --use-notes facts, or NULL. */
void report_module(FILE *out, FILE *csv, const char *path,
		   const struct module *mod, const struct findings *f,
		   const struct module_notes *notes);
void report_error(FILE *out, const char *path, const char *error,
		  const struct options *opt);
void report_warnings(FILE *err, const char *path, const struct module *mod);
void report_csv_header(FILE *csv);
void report_totals_json(FILE *out, const struct totals *t);

#endif
