/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Command line options that reach the analysis and the reports. */
#ifndef KOTEST_OPTIONS_H
#define KOTEST_OPTIONS_H

#include <stdbool.h>

enum output_format {
	OUTPUT_TEXT,
	OUTPUT_JSON,
};

struct options {
	bool bss;		/* -b: .bss objects can be candidates */
	bool hexdump;		/* -h */
	bool verbose;		/* -v */
	bool quiet;		/* -q: totals and summary only */
	bool module_unload;	/* CONFIG_MODULE_UNLOAD (default on) */
	bool dump_relocs;	/* --dump-relocs */
	bool use_notes;		/* --use-notes */
	enum output_format format;
	const char *csv_path;	/* -c FILE */
	const char *fix_path;	/* --fix[=FILE]: the patch, "-" stdout */
	const char *srctree;	/* --srctree DIR (default ".") */
	int jobs;		/* -j N */
};

#endif
