// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Running the analysis of each module.  With -j N, N worker threads claim
 * modules in input order and buffer each report; whichever worker
 * finishes the module that is next in line prints it and every finished
 * one after it, so output stays in input order without a thread that
 * only waits to print.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "input.h"
#include "module.h"
#include "notes.h"
#include "report.h"
#include "run.h"

/* What one module's analysis leaves for the printer. */
struct job {
	const char *path;
	char *out, *csv, *err;
	size_t out_len, csv_len, err_len;
	const char *arch;	/* NULL if the module could not be analysed */
	struct totals totals;
	struct fix_list fix;	/* --fix */
	bool failed;
	bool done;
};

/* Output that finished jobs may hold while an earlier one runs. */
#define MAX_BUFFERED ((size_t)64 << 20)

struct run {
	const struct options *opt;
	FILE *csv;
	struct summary *sum;
	struct fix_list *fix;
	struct job *jobs;
	size_t njobs;
	size_t next;		/* next job to claim */
	size_t printed;		/* jobs written out */
	size_t window;		/* how far workers may run ahead */
	size_t buffered;	/* output bytes of finished, unprinted jobs */
	bool printing;		/* a worker is writing out finished jobs */
	pthread_mutex_t lock;
	pthread_cond_t cond;
};

void totals_add(struct totals *a, const struct totals *b)
{
	a->candidates += b->candidates;
	a->candidate_bytes += b->candidate_bytes;
	a->functions += b->functions;
	a->function_bytes += b->function_bytes;
	a->chains += b->chains;
	a->chain_bytes += b->chain_bytes;
	a->dangerous += b->dangerous;
	a->dangling += b->dangling;
	a->movable_bytes += b->movable_bytes;
	a->ftrace_init_sites += b->ftrace_init_sites;
	a->ftrace_init_bytes += b->ftrace_init_bytes;
	a->unknown_relocs += b->unknown_relocs;
	a->escaped += b->escaped;
	a->escaped_bytes += b->escaped_bytes;
	a->placed += b->placed;
	a->placed_bytes += b->placed_bytes;
	a->placed_functions += b->placed_functions;
	a->placed_data += b->placed_data;
	a->placed_strings += b->placed_strings;
}

/* Analyse one module, writing its report to out, err and csv. */
static void analyse(const struct options *opt, struct job *job, FILE *out,
		    FILE *err, FILE *csv)
{
	struct findings f = { 0 };
	struct module_notes notes = { 0 };
	struct elf_reader reader;
	struct module mod;
	struct image img;
	char why[200];

	if (image_load(job->path, &img, why, sizeof(why))) {
		fprintf(err, "kotest: %s: error: %s\n", job->path, why);
		report_error(out, job->path, why, opt);
		job->failed = true;
		return;
	}
	reader = (struct elf_reader){ image_fill, &img };
	if (module_open(&mod, job->path, img.data, img.size,
			img.fd >= 0 ? &reader : NULL, opt) ||
	    module_build_objects(&mod) || module_collect_refs(&mod) ||
	    (opt->use_notes && module_read_notes(&mod, &notes)) ||
	    module_analyze(&mod, opt->use_notes ? &notes : NULL, &f) ||
	    (opt->fix_path && fix_module(&mod, &f, &notes, opt->srctree,
					 &job->fix))) {
		fprintf(err, "kotest: %s: error: %s\n", job->path, mod.error);
		report_error(out, job->path, mod.error, opt);
		job->failed = true;
	} else {
		report_module(out, csv, job->path, &mod, &f,
			      opt->use_notes ? &notes : NULL);
		report_warnings(err, job->path, &mod);
		if (opt->use_notes && !notes.units)
			fprintf(err, "kotest: %s: notice: no .note.kotest (built without the kotest plugin): relocations only\n",
				job->path);
		job->arch = mod.arch->name;
		job->totals = f.totals;
	}
	findings_free(&f);
	module_notes_free(&notes);
	module_close(&mod);
	image_release(&img);
}

/* Into memory, to be printed in input order. */
/*
 * A worker's output streams, kept from one module to the next; each
 * module's text is taken out of their buffers.  (Two open_memstream()s
 * per module cleared 16 KB each time: 4% of the time on small modules.)
 */
struct sink {
	FILE *file;
	char *data;
	size_t len, cap;
};

struct sinks {
	struct sink out, err, csv;
};

static ssize_t sink_write(void *cookie, const char *buf, size_t n)
{
	struct sink *s = cookie;

	if (n > s->cap - s->len) {
		size_t cap = s->cap ? s->cap : 4096;
		char *data;

		while (cap - s->len < n)
			cap *= 2;
		data = realloc(s->data, cap);
		if (!data)
			return -1;
		s->data = data;
		s->cap = cap;
	}
	memcpy(s->data + s->len, buf, n);
	s->len += n;
	return n;
}

static void out_of_memory(void)
{
	fprintf(stderr, "kotest: out of memory\n");
	exit(2);
}

static void sinks_open(struct sinks *k, bool csv)
{
	cookie_io_functions_t io = { .write = sink_write };

	memset(k, 0, sizeof(*k));
	k->out.file = fopencookie(&k->out, "w", io);
	k->err.file = fopencookie(&k->err, "w", io);
	k->csv.file = csv ? fopencookie(&k->csv, "w", io) : NULL;
	if (!k->out.file || !k->err.file || (csv && !k->csv.file))
		out_of_memory();
}

static void sinks_close(struct sinks *k)
{
	struct sink *all[] = { &k->out, &k->err, &k->csv };
	size_t i;

	for (i = 0; i < 3; i++) {
		if (all[i]->file)
			fclose(all[i]->file);
		free(all[i]->data);
	}
}

/* What was written to s since the last take, in a buffer of its own. */
static void sink_take(struct sink *s, char **text, size_t *len)
{
	*text = NULL;
	*len = 0;
	if (!s->file)
		return;
	if (fflush(s->file) || ferror(s->file))
		out_of_memory();
	if (!s->len)
		return;
	*text = malloc(s->len);
	if (!*text)
		out_of_memory();
	memcpy(*text, s->data, s->len);
	*len = s->len;
	s->len = 0;
}

static void analyse_buffered(struct run *run, struct sinks *k,
			     struct job *job)
{
	analyse(run->opt, job, k->out.file, k->err.file, k->csv.file);
	sink_take(&k->out, &job->out, &job->out_len);
	sink_take(&k->err, &job->err, &job->err_len);
	sink_take(&k->csv, &job->csv, &job->csv_len);
}

static bool patch_on_stdout(const struct options *opt)
{
	return opt->fix_path && !strcmp(opt->fix_path, "-");
}

/* Write out job i (the next in input order) and count it. */
static void print_job(struct run *run, size_t i)
{
	struct summary *sum = run->sum;
	struct job *job = &run->jobs[i];
	size_t a;

	/* Every JSON job writes one object, a module or an error. */
	if (run->opt->format == OUTPUT_JSON && i && !patch_on_stdout(run->opt))
		putchar(',');
	/* Empty output has no buffer (sink_take()). */
	if (job->out_len && !patch_on_stdout(run->opt))
		fwrite(job->out, 1, job->out_len, stdout);
	if (run->fix && fix_list_move(run->fix, &job->fix))
		out_of_memory();
	fix_list_free(&job->fix);
	/* Keep stdout and stderr in step. */
	if (job->err_len) {
		fflush(stdout);
		fwrite(job->err, 1, job->err_len, stderr);
	}
	if (job->csv_len)
		fwrite(job->csv, 1, job->csv_len, run->csv);
	free(job->out);
	free(job->err);
	free(job->csv);
	job->out = job->err = job->csv = NULL;
	if (job->failed) {
		sum->failed++;
		return;
	}
	for (a = 0; a < sum->narches; a++)
		if (!strcmp(sum->arches[a].arch, job->arch))
			break;
	if (a == sum->narches && sum->narches < MAX_ARCHES)
		sum->arches[sum->narches++] = (struct arch_summary){
			.arch = job->arch };
	if (a < MAX_ARCHES) {
		sum->arches[a].modules++;
		totals_add(&sum->arches[a].t, &job->totals);
	}
}

static size_t job_bytes(const struct job *job)
{
	return job->out_len + job->err_len + job->csv_len;
}

static void *worker(void *arg)
{
	struct run *run = arg;
	struct sinks sinks;

	sinks_open(&sinks, run->csv);
	pthread_mutex_lock(&run->lock);
	for (;;) {
		size_t i;

		while (run->next < run->njobs &&
		       (run->next >= run->printed + run->window ||
			run->buffered > MAX_BUFFERED))
			pthread_cond_wait(&run->cond, &run->lock);
		if (run->next >= run->njobs)
			break;
		i = run->next++;
		pthread_mutex_unlock(&run->lock);
		analyse_buffered(run, &sinks, &run->jobs[i]);
		pthread_mutex_lock(&run->lock);
		run->jobs[i].done = true;
		run->buffered += job_bytes(&run->jobs[i]);
		/*
		 * One worker at a time prints, outside the lock; a job that
		 * finishes meanwhile is seen by its loop or printed by the
		 * worker that finished it.
		 */
		if (run->printing)
			continue;
		run->printing = true;
		while (run->printed < run->njobs &&
		       run->jobs[run->printed].done) {
			size_t k = run->printed, bytes = job_bytes(&run->jobs[k]);

			pthread_mutex_unlock(&run->lock);
			print_job(run, k);
			pthread_mutex_lock(&run->lock);
			run->printed++;
			run->buffered -= bytes;
			pthread_cond_broadcast(&run->cond);
		}
		run->printing = false;
	}
	pthread_mutex_unlock(&run->lock);
	sinks_close(&sinks);
	image_buffer_release();
	return NULL;
}

void run_modules(const struct options *opt, char *const *paths, size_t n,
		 FILE *csv, struct summary *sum, struct fix_list *fix)
{
	struct run run = {
		.opt = opt, .csv = csv, .sum = sum, .fix = fix, .njobs = n,
		/*
		 * Far enough that one large module (amdgpu.ko takes three
		 * hundred small ones' time) does not stall the other
		 * workers; each job waiting to be printed holds only its
		 * output, and MAX_BUFFERED bounds those.
		 */
		.window = 1024 * (size_t)opt->jobs,
	};
	size_t nthreads = opt->jobs > 1 && n > 1 ? (size_t)opt->jobs : 0;
	pthread_t *threads = NULL;
	size_t i, c = 0;

	run.jobs = calloc(n ? n : 1, sizeof(*run.jobs));
	if (!run.jobs) {
		fprintf(stderr, "kotest: out of memory\n");
		exit(2);
	}
	for (i = 0; i < n; i++)
		run.jobs[i].path = paths[i];
	if (nthreads > n)
		nthreads = n;
	if (nthreads) {
		pthread_mutex_init(&run.lock, NULL);
		pthread_cond_init(&run.cond, NULL);
		threads = calloc(nthreads, sizeof(*threads));
		for (c = 0; threads && c < nthreads; c++)
			if (pthread_create(&threads[c], NULL, worker, &run))
				break;
	}
	if (c) {
		for (i = 0; i < c; i++)
			pthread_join(threads[i], NULL);
	} else {
		/* One at a time, in this thread: buffered the same way. */
		struct sinks sinks;

		sinks_open(&sinks, csv);
		for (i = 0; i < n; i++) {
			analyse_buffered(&run, &sinks, &run.jobs[i]);
			print_job(&run, i);
		}
		sinks_close(&sinks);
	}
	free(threads);
	free(run.jobs);
}
