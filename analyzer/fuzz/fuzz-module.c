// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the whole analysis of one module image, with every
 * report (text, JSON, CSV, notes) rendered, on whatever bytes it is given.
 *
 *   make -C analyzer fuzz && analyzer/fuzz/fuzz-module CORPUS_DIR
 */
#include <libelf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analysis.h"
#include "../module.h"
#include "../notes.h"
#include "../report.h"

static void analyse(const uint8_t *data, size_t size, struct options *opt,
		    FILE *sink)
{
	/* libelf may convert in place: give it a private copy. */
	unsigned char *copy = malloc(size ? size : 1);
	struct module_notes notes = { 0 };
	struct findings f = { 0 };
	struct module mod;

	if (!copy)
		return;
	memcpy(copy, data, size);
	if (!module_open(&mod, "fuzz.ko", copy, size, NULL, opt) &&
	    !module_build_objects(&mod) && !module_collect_refs(&mod) &&
	    !module_read_notes(&mod, &notes) &&
	    !module_analyze(&mod, &notes, &f)) {
		report_module(sink, sink, "fuzz.ko", &mod, &f, &notes);
		report_warnings(sink, "fuzz.ko", &mod);
	}
	findings_free(&f);
	module_notes_free(&notes);
	module_close(&mod);
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	struct options opt = {
		.bss = true, .hexdump = true, .verbose = true,
		.module_unload = true, .dump_relocs = true, .use_notes = true,
	};

	if (!sink) {
		elf_version(EV_CURRENT);
		sink = fopen("/dev/null", "w");
	}
	analyse(data, size, &opt, sink);
	opt.format = OUTPUT_JSON;
	opt.module_unload = false;
	analyse(data, size, &opt, sink);
	return 0;
}
