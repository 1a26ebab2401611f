// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the whole analysis of one module image, with every
 * report (text, JSON, CSV, notes) rendered, on whatever bytes it is given;
 * then once more reading the image in part, as kotest reads large modules
 * (from a memfd, into a buffer of poison bytes): both must say the same.
 *
 *   make -C analyzer fuzz && analyzer/fuzz/fuzz-module CORPUS_DIR
 */
#define _GNU_SOURCE
#include <libelf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../analysis.h"
#include "../input.h"
#include "../module.h"
#include "../notes.h"
#include "../report.h"

/*
 * The report of one analysis (or its error) in memory; with 'partial',
 * only the bytes the analysis asks for are read, the others are poison.
 */
static char *render(const uint8_t *data, size_t size,
		    const struct options *opt, bool partial)
{
	struct image img = { .fd = -1 };
	struct elf_reader reader = { image_fill, &img };
	struct module_notes notes = { 0 };
	struct findings f = { 0 };
	struct module mod;
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	img.data = malloc(size ? size : 1);
	img.size = size;
	if (!out || !img.data)
		abort();
	if (partial) {
		img.fd = memfd_create("fuzz.ko", MFD_CLOEXEC);
		if (img.fd < 0 || write(img.fd, data, size) != (ssize_t)size)
			abort();
		memset(img.data, 0xa5, size);
	} else {
		/* libelf may convert in place: a private copy. */
		memcpy(img.data, data, size);
	}
	if (!module_open(&mod, "fuzz.ko", img.data, size,
			 partial ? &reader : NULL, opt) &&
	    !module_build_objects(&mod) && !module_collect_refs(&mod) &&
	    !module_read_notes(&mod, &notes) &&
	    !module_analyze(&mod, &notes, &f)) {
		report_module(out, out, "fuzz.ko", &mod, &f, &notes);
		report_warnings(out, "fuzz.ko", &mod);
	} else {
		fprintf(out, "error: %s\n", mod.error);
	}
	findings_free(&f);
	module_notes_free(&notes);
	module_close(&mod);
	if (img.fd >= 0)
		close(img.fd);
	free(img.data);
	fclose(out);
	return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct options opt = {
		.bss = true, .hexdump = true, .verbose = true,
		.module_unload = true, .dump_relocs = true, .use_notes = true,
	};
	static bool ready;
	char *whole, *part;

	if (!ready) {
		elf_version(EV_CURRENT);
		ready = true;
	}
	free(render(data, size, &opt, false));
	opt.format = OUTPUT_JSON;
	opt.module_unload = false;
	free(render(data, size, &opt, false));

	/* Without -h, which reads every section. */
	opt.format = OUTPUT_TEXT;
	opt.hexdump = false;
	whole = render(data, size, &opt, false);
	part = render(data, size, &opt, true);
	if (strcmp(whole, part)) {
		fprintf(stderr, "whole image:\n%s\npartly read:\n%s\n", whole,
			part);
		abort();
	}
	free(whole);
	free(part);
	return 0;
}
