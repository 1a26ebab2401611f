// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --fix: the annotation patch.  An object is annotated only when every
 * declaration of it can be edited (the plugin's SITE records, each checked
 * against the source text by patch.c) and everything that still uses it
 * after the edit is init code: init sections, or objects the same patch
 * annotates.  A chain whose candidate cannot be annotated stays, or the
 * candidate would point into freed memory; a function's clones
 * (.constprop, .isra, .part) and .cold part move with it, so the function
 * is annotated only when all of them may go.
 *
 * The annotation follows the declaration: __init for a function,
 * __initconst for an object declared const, __initdata otherwise; a
 * pointer table declared "const char *x[]" that GCC found nothing writes
 * becomes "const char *const x[] __initconst" (what the code means, and
 * what checkpatch asks of a const init definition).
 */
#define _GNU_SOURCE
#include <elf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "kotest-note.h"
#include "arch/arch.h"
#include "fix.h"

enum fix_state {
	FIX_NOT,		/* not a candidate or chain */
	FIX_YES,		/* annotated, so far */
	FIX_NO,			/* reason set */
};

struct fix_ctx {
	struct module *mod;
	const struct findings *f;
	const struct module_notes *notes;
	struct source_tree tree;
	uint8_t *state;		/* per object */
	struct fix_object *objs;	/* per object, for the findings */
};

static void fix_object_free(struct fix_object *fo)
{
	size_t e;

	for (e = 0; e < fo->nedits; e++)
		source_edit_free(&fo->edits[e]);
	free(fo->edits);
	free(fo->module);
	free(fo->name);
	free(fo->where);
	free(fo->reason);
}

/* The k-th of the module's candidates and then chains. */
static uint32_t finding_obj(const struct findings *f, size_t k)
{
	return k < f->ncandidates ? f->candidates[k] :
	       f->chains[k - f->ncandidates];
}

static const char *display_name(const struct module *mod, uint32_t obj,
				char *buf, size_t len)
{
	const struct object *o = &mod->objects[obj];
	const char *name = object_name(mod, o);

	if (name && *name)
		return name;
	snprintf(buf, len, "%s+0x%llx", mod->elf.sections[o->section].name,
		 (unsigned long long)o->start);
	return buf;
}

static void refuse(struct fix_ctx *c, uint32_t obj, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void refuse(struct fix_ctx *c, uint32_t obj, const char *fmt, ...)
{
	struct fix_object *fo = &c->objs[obj];
	va_list ap;
	size_t i;

	c->state[obj] = FIX_NO;
	for (i = 0; i < fo->nedits; i++)
		source_edit_free(&fo->edits[i]);
	fo->nedits = 0;
	free(fo->reason);
	va_start(ap, fmt);
	if (vasprintf(&fo->reason, fmt, ap) < 0)
		fo->reason = NULL;
	va_end(ap);
	if (!fo->reason)
		fo->reason = strdup("?");
}

/* A symbol with no declaration of its own: which compiler-made kind. */
static const char *made_by_compiler(const struct module *mod, uint32_t obj)
{
	const struct object *o = &mod->objects[obj];
	const char *name = object_name(mod, o);

	if ((o->flags & OBJ_STRING) || !name || !*name ||
	    !strncmp(name, ".LC", 3))
		return "compiler-made: a string literal";
	if (!strncmp(name, "__func__.", 9) || !strncmp(name, "__FUNCTION__.", 13) ||
	    !strncmp(name, "__PRETTY_FUNCTION__.", 20))
		return "compiler-made: __func__";
	if (!strncmp(name, "__compound_literal.", 19))
		return "compiler-made: a compound literal";
	return NULL;
}

/* "foo" of "foo.cold", "foo.constprop.0", ...; len is its length. */
static size_t base_len(const char *name)
{
	const char *dot = strchr(name, '.');

	return dot && dot != name ? (size_t)(dot - name) : strlen(name);
}

static bool is_cold_part(const char *name)
{
	const char *dot = strchr(name, '.');

	return dot && dot != name &&
	       (!strcmp(dot, ".cold") || !strncmp(dot, ".cold.", 6) ||
		strstr(dot, ".cold"));
}

/*
 * Is every use of function obj a direct call or jump (1), is its address
 * taken (0), or can kotest not tell (-1)?  A function whose address is
 * taken may be kept by whoever receives it (kthread_run(), a callback).
 * The plugin records such escapes, but a unit built without it, or code
 * the plugin does not see (assembly), would not say so: the instruction
 * that uses the function decides (the architecture's reloc_branch(), or
 * the decoded instruction of a use without a relocation).
 */
static int only_called(struct module *mod, uint32_t obj)
{
	const struct arch *arch = mod->arch;
	int verdict = 1;
	size_t i;

	for (i = 0; i < mod->nrefs; i++) {
		const struct ref *r = &mod->refs[i];
		struct code_view v;
		int b;

		if (r->dst_obj != obj || r->src_obj == obj)
			continue;
		if (r->type & REF_RESOLVED) {
			uint32_t t = r->type & ~REF_RESOLVED;

			if (t != INSN_CALL && t != INSN_JUMP && t != INSN_BRANCH)
				return 0;
			continue;
		}
		if (!(mod->elf.sections[r->src_sec].flags & SHF_EXECINSTR))
			return 0;	/* a pointer in data */
		if (!arch->reloc_branch || !module_code_view(mod, r->src_sec, &v))
			return -1;
		b = arch->reloc_branch(&v, r->src_off, r->type);
		if (b == 0)
			return 0;
		if (b < 0)
			verdict = -1;
	}
	return verdict;
}

/* The edits of every declaration of obj, or a reason in the state. */
static int plan_object(struct fix_ctx *c, uint32_t obj)
{
	struct module *mod = c->mod;
	const struct object *o = &mod->objects[obj];
	const struct elf_section *s = &mod->elf.sections[o->section];
	struct fix_object *fo = &c->objs[obj];
	const struct site_fact *site, *def = NULL;
	struct annotation a = { 0 };
	size_t first, n, i;
	const char *made;

	n = c->notes ? notes_sites(c->notes, obj, &first) : 0;
	if (!n) {
		const char *name = object_name(mod, o);

		if (name && is_cold_part(name))
			return 0;	/* follows its function */
		made = made_by_compiler(mod, obj);
		refuse(c, obj, "%s", made ? made :
		       "no declaration in the notes (made by the compiler, or in a unit built without the plugin)");
		return 0;
	}
	site = &c->notes->sites[first];
	for (i = 0; i < n; i++)
		if (site[i].flags & KOTEST_SITE_DEFINITION)
			def = &site[i];
	if (!def)
		def = &site[0];
	if (asprintf(&fo->where, "%s:%u", def->file, def->line) < 0)
		fo->where = NULL;
	for (i = 0; i < n; i++) {
		if (site[i].flags & KOTEST_SITE_MACRO) {
			refuse(c, obj, "made by the macro %s at %s:%u",
			       site[i].macro, site[i].file, site[i].line);
			return 0;
		}
	}
	if (def->flags & KOTEST_SITE_SECTION) {
		refuse(c, obj, "declared with a section attribute");
		return 0;
	}
	if (!(def->flags & KOTEST_SITE_PUBLIC) && strcmp(def->file, def->unit)) {
		refuse(c, obj, "defined in %s, which %s includes (other units may include it too)",
		       def->file, def->unit);
		return 0;
	}

	a.function = def->flags & KOTEST_SITE_FUNCTION;
	if (a.function) {
		int called = only_called(mod, obj);

		if (called <= 0) {
			refuse(c, obj, called == 0 ?
			       "its address is taken: whoever receives it (a thread, a callback) may keep it" :
			       "kotest cannot tell its calls from uses of its address on %s (long calls load it)",
			       mod->arch->name);
			return 0;
		}
	}
	if (a.function)
		a.name = "__init";
	else if (def->flags & KOTEST_SITE_CONST)
		a.name = "__initconst";
	else
		a.name = "__initdata";
	/* GCC found nothing writes it: "const char *x[]" means const. */
	a.const_pointer = !a.function && !(def->flags & KOTEST_SITE_CONST) &&
			  (!(s->flags & SHF_WRITE) ||
			   !strncmp(s->name, ".data.rel.ro", 12)) &&
			  s->type != SHT_NOBITS && n == 1;

	fo->edits = calloc(n, sizeof(*fo->edits));
	if (!fo->edits)
		return -1;
	for (i = 0; i < n; i++) {
		char why[512];
		int r = source_annotate(&c->tree, site[i].file, site[i].line,
					site[i].column, site[i].name, &a,
					&fo->edits[fo->nedits], why,
					sizeof(why));

		if (r < 0) {
			refuse(c, obj, "%s", why);
			return 0;
		}
		if (r == 0)
			fo->nedits++;
	}
	return 0;
}

static bool is_init_place(const struct module *mod, uint32_t sec)
{
	return sec < mod->elf.nsections &&
	       mod->sec[sec].facts.class == SEC_INIT;
}

/*
 * Functions of one name move together: obj (a function, its clone or its
 * .cold part) stays if another function of the same base name stays.
 */
static bool family_stays(struct fix_ctx *c, uint32_t obj, uint32_t *stays)
{
	const struct module *mod = c->mod;
	const char *name = object_name(mod, &mod->objects[obj]);
	const struct elf_file *ef = &mod->elf;
	size_t len, i;

	if (!name || !(mod->elf.sections[mod->objects[obj].section].flags &
		       SHF_EXECINSTR))
		return false;
	len = base_len(name);
	for (i = 1; i < ef->nsymbols; i++) {
		const struct elf_symbol *sym = &ef->symbols[i];
		uint32_t other = mod->sym_object[i];

		if (other == NO_OBJECT || other == obj ||
		    strncmp(sym->name, name, len) ||
		    (sym->name[len] && sym->name[len] != '.') ||
		    is_init_place(mod, mod->objects[other].section) ||
		    c->state[other] == FIX_YES)
			continue;
		*stays = other;
		return true;
	}
	return false;
}

/* Until nothing changes: what stays keeps what it uses. */
static void settle(struct fix_ctx *c)
{
	const struct findings *f = c->f;
	bool changed = true;
	char buf[2][160];

	while (changed) {
		size_t k, first, n, u;

		changed = false;
		for (k = 0; k < f->ncandidates + f->nchains; k++) {
			uint32_t obj = finding_obj(f, k);
			uint32_t other;

			if (c->state[obj] != FIX_YES)
				continue;
			if (family_stays(c, obj, &other)) {
				refuse(c, obj, "%s stays, and moves with it",
				       display_name(c->mod, other, buf[0],
						    sizeof(buf[0])));
				changed = true;
				continue;
			}
			n = findings_users(f, obj, &first);
			for (u = first; u < first + n; u++) {
				const struct use *use = &f->uses[u];

				if (is_init_place(c->mod, use->user_sec) ||
				    (use->user != NO_OBJECT &&
				     c->state[use->user] == FIX_YES))
					continue;
				refuse(c, obj, "used by %s, which stays",
				       use->user == NO_OBJECT ? "code no symbol names" :
				       display_name(c->mod, use->user, buf[1],
						    sizeof(buf[1])));
				changed = true;
				break;
			}
		}
	}
}

int fix_module(struct module *mod, const struct findings *f,
	       const struct module_notes *notes, const char *srctree,
	       struct fix_list *out)
{
	struct fix_ctx c = { .mod = mod, .f = f, .notes = notes };
	size_t total = f->ncandidates + f->nchains, k;
	char why[512], buf[160];
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (!total)
		return 0;
	c.state = calloc(mod->nobjects, sizeof(*c.state));
	c.objs = calloc(mod->nobjects, sizeof(*c.objs));
	out->objects = calloc(total, sizeof(*out->objects));
	if (!c.state || !c.objs || !out->objects)
		goto out;
	if (source_tree_open(&c.tree, srctree, why, sizeof(why))) {
		ret = module_fail(mod, "--srctree %s", why);
		goto out;
	}
	for (k = 0; k < total; k++) {
		uint32_t obj = finding_obj(f, k);

		c.state[obj] = FIX_YES;
	}
	for (k = 0; k < total; k++) {
		uint32_t obj = finding_obj(f, k);

		if (!notes || !notes->units)
			refuse(&c, obj, "no .note.kotest: build with -fplugin=kotest.so");
		else if (plan_object(&c, obj))
			goto out;
	}
	settle(&c);
	for (k = 0; k < total; k++) {
		uint32_t obj = finding_obj(f, k);
		struct fix_object *fo = &out->objects[out->n++];

		*fo = c.objs[obj];
		memset(&c.objs[obj], 0, sizeof(c.objs[obj]));
		fo->module = strdup(mod->elf.path ? mod->elf.path : "");
		fo->name = strdup(display_name(mod, obj, buf, sizeof(buf)));
		fo->kind = object_kind(mod, obj);
		fo->size = mod->objects[obj].size;
		if (!fo->module || !fo->name)
			goto out;
	}
	ret = 0;
out:
	for (k = 0; c.objs && k < mod->nobjects; k++)
		fix_object_free(&c.objs[k]);
	free(c.objs);
	free(c.state);
	source_tree_close(&c.tree);
	if (ret && !*mod->error)
		ret = module_fail(mod, "out of memory");
	return ret;
}

void fix_list_free(struct fix_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		fix_object_free(&l->objects[i]);
	free(l->objects);
	memset(l, 0, sizeof(*l));
}

int fix_list_move(struct fix_list *dst, struct fix_list *src)
{
	struct fix_object *grown;

	if (!src->n)
		return 0;
	grown = realloc(dst->objects, (dst->n + src->n) * sizeof(*grown));
	if (!grown)
		return -1;
	dst->objects = grown;
	memcpy(dst->objects + dst->n, src->objects, src->n * sizeof(*grown));
	dst->n += src->n;
	free(src->objects);
	memset(src, 0, sizeof(*src));
	return 0;
}

int fix_write(FILE *out, FILE *err, struct fix_list *all, const char *srctree,
	      const char *out_name)
{
	struct source_tree tree;
	struct source_edit *edits = NULL;
	size_t nedits = 0, i, fixed = 0, not = 0, lines;
	uint64_t fixed_bytes = 0, not_bytes = 0;
	char *message = NULL, why[512];
	size_t message_len = 0;
	FILE *msg;

	if (source_tree_open(&tree, srctree, why, sizeof(why))) {
		fprintf(err, "kotest: --srctree %s\n", why);
		return -1;
	}
	for (i = 0; i < all->n; i++)
		nedits += all->objects[i].nedits;
	edits = calloc(nedits ? nedits : 1, sizeof(*edits));
	msg = open_memstream(&message, &message_len);
	if (!edits || !msg) {
		fprintf(err, "kotest: out of memory\n");
		free(edits);
		source_tree_close(&tree);
		return -1;
	}
	nedits = 0;
	for (i = 0; i < all->n; i++) {
		struct fix_object *fo = &all->objects[i];

		if (fo->reason) {
			not++;
			not_bytes += fo->size;
			continue;
		}
		fixed++;
		fixed_bytes += fo->size;
		memcpy(edits + nedits, fo->edits, fo->nedits * sizeof(*edits));
		nedits += fo->nedits;
		fo->nedits = 0;
	}

	fprintf(msg, "Subject: [PATCH] free code and data that only init code uses\n\n"
		"kotest --use-notes --fix: %zu objects (%llu bytes) that only init\n"
		"code uses after the change are annotated __init, __initdata or\n"
		"__initconst, so that the kernel frees them after init.\n",
		fixed, (unsigned long long)fixed_bytes);
	if (fixed) {
		fprintf(msg, "\nAnnotated:\n");
		for (i = 0; i < all->n; i++) {
			const struct fix_object *fo = &all->objects[i];

			if (!fo->reason)
				fprintf(msg, "  %s: %s %s (%llu bytes)%s%s\n",
					fo->module, fo->kind, fo->name,
					(unsigned long long)fo->size,
					fo->where ? " at " : "",
					fo->where ? fo->where : "");
		}
	}
	if (not) {
		fprintf(msg, "\nNot fixable by an annotation: %zu objects (%llu bytes):\n",
			not, (unsigned long long)not_bytes);
		for (i = 0; i < all->n; i++) {
			const struct fix_object *fo = &all->objects[i];

			if (fo->reason)
				fprintf(msg, "  %s: %s %s (%llu bytes): %s\n",
					fo->module, fo->kind, fo->name,
					(unsigned long long)fo->size, fo->reason);
		}
	}
	fputs("---\n", msg);
	if (fclose(msg)) {
		free(message);
		message = NULL;
	}
	lines = patch_write(out, &tree, edits, nedits, message ? message : "");
	for (i = 0; i < nedits; i++)
		source_edit_free(&edits[i]);
	free(edits);
	free(message);
	source_tree_close(&tree);
	fprintf(err, "kotest: --fix: %zu objects (%llu bytes) fixable by annotation, %zu lines changed in %s; %zu objects (%llu bytes) not\n",
		fixed, (unsigned long long)fixed_bytes, lines, out_name, not,
		(unsigned long long)not_bytes);
	return fflush(out) || ferror(out) ? -1 : 0;
}
