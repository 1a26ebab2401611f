// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kotest: find what in a kernel module could be freed after init, and
 * what points into init memory that is already gone.
 *
 * This file is the driver: options, the list of inputs and the summary;
 * run.c analyses the modules.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <libelf.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis.h"
#include "arch/arch.h"
#include "input.h"
#include "paths.h"
#include "report.h"
#include "run.h"
#include "sections.h"

#ifndef KOTEST_VERSION
#define KOTEST_VERSION "0.1"
#endif

static void print_summary_line(FILE *out, const char *what, uint64_t modules,
			       const struct totals *t)
{
	fprintf(out, "kotest: %s: %" PRIu64 " modules, possible gain %" PRIu64
		" bytes in %" PRIu64 " candidates (%" PRIu64 " functions, %"
		PRIu64 " bytes), chains %" PRIu64 " (%" PRIu64
		" bytes), dangerous %" PRIu64 ", dangling %" PRIu64
		", movable %" PRIu64
		" bytes, ftrace init sites %" PRIu64 " (%" PRIu64
		" bytes), unknown relocations %" PRIu64 "\n",
		what, modules, t->candidate_bytes, t->candidates,
		t->functions, t->function_bytes, t->chains, t->chain_bytes,
		t->dangerous, t->dangling, t->movable_bytes,
		t->ftrace_init_sites,
		t->ftrace_init_bytes, t->unknown_relocs);
}

static void print_summary(FILE *out, const struct options *opt,
			  const struct summary *sum, uint64_t modules,
			  uint64_t failed)
{
	const struct arch_summary *arches = sum->arches;
	size_t narches = sum->narches;
	struct totals all = { 0 };
	size_t i;

	for (i = 0; i < narches; i++)
		totals_add(&all, &arches[i].t);
	if (opt->format == OUTPUT_JSON) {
		fprintf(out, "],\"summary\":{\"modules\":%" PRIu64
			",\"failed\":%" PRIu64 ",\"arches\":{", modules, failed);
		for (i = 0; i < narches; i++) {
			fprintf(out, "%s\"%s\":{\"modules\":%" PRIu64
				",\"totals\":", i ? "," : "", arches[i].arch,
				arches[i].modules);
			report_totals_json(out, &arches[i].t);
			fputc('}', out);
		}
		fputs("},\"totals\":", out);
		report_totals_json(out, &all);
		fputs("}}\n", out);
		return;
	}
	for (i = 0; i < narches; i++)
		print_summary_line(out, arches[i].arch, arches[i].modules,
				   &arches[i].t);
	print_summary_line(out, "total", modules - failed, &all);
	if (failed)
		fprintf(out, "kotest: %" PRIu64 " of %" PRIu64
			" inputs could not be analysed\n", failed, modules);
}

static void usage(FILE *out)
{
	fputs(
"Usage: kotest [OPTION]... [FILE|DIR]...\n"
"Find what in Linux kernel modules could be freed after init, and what\n"
"points into init memory that the kernel has already freed.\n"
"\n"
"FILE is a module (.ko, .ko.xz, .ko.zst, .ko.gz); DIR is searched for them.\n"
"With no FILE, or with -, module names are read from standard input.\n"
"\n"
"  -b                 count .bss objects as candidates too\n"
"  -h                 hexdump each candidate\n"
"  -v                 verbose: why objects that init code uses are kept,\n"
"                     and the dangling pointers into init memory\n"
"  -q                 print only per-module totals and the summary\n"
"  -c FILE            also write the findings as CSV to FILE\n"
"      --json         write one JSON document instead of text\n"
"  -j N               analyse N modules in parallel (default: CPUs)\n"
"      --no-unload    as with CONFIG_MODULE_UNLOAD=n: .exit sections are\n"
"                     freed with .init ones\n"
"      --use-notes    read the kotest plugin's .note.kotest: objects whose\n"
"                     address escapes are kept, candidates get a\n"
"                     FILE:LINE: note with the annotation to add\n"
"      --fix[=FILE]   write the patch that annotates every candidate and\n"
"                     chain an edit can free (__init, __initdata,\n"
"                     __initconst) to FILE (default: standard output, and\n"
"                     no report); implies --use-notes; the patch message\n"
"                     lists what no annotation can free, and why\n"
"      --srctree DIR  the kernel tree the patch applies to (patch -p1 from\n"
"                     DIR); the notes' relative file names start there\n"
"                     (default: .)\n"
"      --dump-relocs  list every resolved reference, those the assembler\n"
"                     resolved without a relocation too (debugging)\n"
"      --list-rules   print the section rules and their kernel reasons\n"
"      --help         display this help and exit\n"
"      --version      output version information and exit\n"
"\n"
"Exit status: 0 if every input was analysed, 1 if some could not be,\n"
"2 on a usage error.\n", out);
}

static void list_rules(void)
{
	const struct section_rule *r;
	unsigned int n, i;

	r = section_rules(&n);
	for (i = 0; i < n; i++) {
		const struct arch *a = r[i].machine ?
			arch_find(r[i].machine, 0) : NULL;

		printf("%-30s %-8s %s%s%s%s%s%s%s%s%s%s%s%s %s\n", r[i].name,
		       r[i].machine ? (a ? a->name : "?") : "all",
		       r[i].flags & SR_INIT ? "init " : "",
		       r[i].flags & SR_EXIT ? "exit " : "",
		       r[i].flags & SR_UNLOADED ? "unloaded " : "",
		       r[i].flags & SR_ROOT ? "root " : "",
		       r[i].flags & SR_CODE_INDEX ? "code-index " : "",
		       r[i].flags & SR_INIT_SAFE ? "init-safe " : "",
		       r[i].flags & SR_LOAD_ONLY ? "load-only " : "",
		       r[i].flags & SR_FTRACE ? "ftrace " : "",
		       r[i].flags & SR_ROUTE ? "route " : "",
		       r[i].flags & SR_NOT_INIT ? "not-init " : "",
		       r[i].flags & SR_NOT_READ ? "not-read " : "",
		       r[i].flags & SR_PARSED ? "parsed " : "",
		       r[i].kernel);
	}
}

static void read_names(struct path_list *list)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	while ((len = getline(&line, &cap, stdin)) > 0) {
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = 0;
		if (len)
			path_list_add(list, line);
	}
	free(line);
}

int main(int argc, char **argv)
{
	enum { OPT_JSON = 256, OPT_NO_UNLOAD, OPT_DUMP, OPT_RULES, OPT_HELP,
	       OPT_VERSION, OPT_NOTES, OPT_FIX, OPT_SRCTREE };
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "no-unload", no_argument, NULL, OPT_NO_UNLOAD },
		{ "dump-relocs", no_argument, NULL, OPT_DUMP },
		{ "list-rules", no_argument, NULL, OPT_RULES },
		{ "use-notes", no_argument, NULL, OPT_NOTES },
		{ "fix", optional_argument, NULL, OPT_FIX },
		{ "srctree", required_argument, NULL, OPT_SRCTREE },
		{ "help", no_argument, NULL, OPT_HELP },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	struct options opt = { .module_unload = true, .srctree = "." };
	struct fix_list fix = { 0 };
	FILE *patch = NULL;
	struct path_list inputs = { 0 };
	struct summary sum = { 0 };
	uint64_t failed = 0;
	FILE *csv = NULL;
	int c;
	char *end;

	/*
	 * Every module allocates and frees arrays of up to a few MB.  Left
	 * to the defaults, glibc maps them fresh and unmaps them each time,
	 * and the kernel zeroes every page again: keep them in the heap.
	 */
	mallopt(M_MMAP_THRESHOLD, 64 << 20);
	mallopt(M_TRIM_THRESHOLD, 128 << 20);

	while ((c = getopt_long(argc, argv, "bhvqc:j:", longopts, NULL)) != -1) {
		switch (c) {
		case 'b': opt.bss = true; break;
		case 'h': opt.hexdump = true; break;
		case 'v': opt.verbose = true; break;
		case 'q': opt.quiet = true; break;
		case 'c': opt.csv_path = optarg; break;
		case 'j':
			errno = 0;
			opt.jobs = strtol(optarg, &end, 10);
			if (errno || *end || opt.jobs < 1 || opt.jobs > 1024) {
				fprintf(stderr, "kotest: -j: '%s' is not a number of jobs\n",
					optarg);
				return 2;
			}
			break;
		case OPT_JSON: opt.format = OUTPUT_JSON; break;
		case OPT_NO_UNLOAD: opt.module_unload = false; break;
		case OPT_DUMP: opt.dump_relocs = true; break;
		case OPT_NOTES: opt.use_notes = true; break;
		case OPT_FIX:
			opt.fix_path = optarg ? optarg : "-";
			opt.use_notes = true;
			break;
		case OPT_SRCTREE: opt.srctree = optarg; break;
		case OPT_RULES: list_rules(); return 0;
		case OPT_HELP: usage(stdout); return 0;
		case OPT_VERSION:
			printf("kotest %s\n", KOTEST_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (elf_version(EV_CURRENT) == EV_NONE) {
		fprintf(stderr, "kotest: libelf: %s\n", elf_errmsg(-1));
		return 2;
	}
	if (opt.csv_path) {
		csv = fopen(opt.csv_path, "w");
		if (!csv) {
			fprintf(stderr, "kotest: %s: error: %s\n", opt.csv_path,
				strerror(errno));
			return 2;
		}
		report_csv_header(csv);
	}

	/* Opened before the analysis: a bad path is a usage error. */
	if (opt.fix_path) {
		patch = strcmp(opt.fix_path, "-") ? fopen(opt.fix_path, "w") :
			stdout;
		if (!patch) {
			fprintf(stderr, "kotest: %s: error: %s\n", opt.fix_path,
				strerror(errno));
			return 2;
		}
	}

	if (optind == argc)
		read_names(&inputs);
	for (; optind < argc; optind++) {
		if (!strcmp(argv[optind], "-"))
			read_names(&inputs);
		else
			path_list_add(&inputs, argv[optind]);
	}

	if (!opt.jobs) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		opt.jobs = n > 0 ? (int)n : 1;
	}
	if (opt.format == OUTPUT_JSON && patch != stdout)
		printf("{\"kotest\":\"%s\",\"modules\":[", KOTEST_VERSION);
	run_modules(&opt, inputs.paths, inputs.n, csv, &sum,
		    patch ? &fix : NULL);
	failed = sum.failed;
	print_summary(patch == stdout ? stderr : stdout, &opt, &sum, inputs.n,
		      failed);
	if (patch) {
		if (fix_write(patch, stderr, &fix, opt.srctree,
			      patch == stdout ? "the patch" : opt.fix_path) ||
		    (patch != stdout && fclose(patch))) {
			fprintf(stderr, "kotest: %s: error: cannot write the patch\n",
				opt.fix_path);
			failed++;
		}
		fix_list_free(&fix);
	}
	if (csv && fclose(csv)) {
		fprintf(stderr, "kotest: %s: error: %s\n", opt.csv_path,
			strerror(errno));
		failed++;
	}
	failed += inputs.errors;
	path_list_free(&inputs);
	image_buffer_release();
	return failed ? 1 : 0;
}
