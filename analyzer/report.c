// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reports.  The text form keeps the original kotest line,
 *   .rodata + 5A0 (ip_vs_genl_ops) rref 1 xref 0 add size 768
 * prefixed with the file and the kind of finding, so that grep works.
 */
#include <ctype.h>
#include <elf.h>
#include <inttypes.h>
#include <string.h>

#include "arch/arch.h"
#include "dangling.h"
#include "kotest-note.h"
#include "report.h"
#include "resolved.h"

#define MAX_USERS_SHOWN 4
#define MAX_STRING_SHOWN 48

static void put_escaped(FILE *out, const unsigned char *p, size_t len,
			bool json)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = p[i];

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(out, json ? "\\u%04x" : "\\x%02x", c);
		else
			fputc(c, out);
	}
}

static void put_json_string(FILE *out, const char *s)
{
	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	put_escaped(out, (const unsigned char *)s, strlen(s), true);
	fputc('"', out);
}

/* The text of a string object, without its terminator. */
static size_t string_text(const struct module *mod, const struct object *o,
			  const unsigned char **text)
{
	const struct elf_section *s = &mod->elf.sections[o->section];
	size_t len = o->size;

	*text = s->data + o->start;
	while (len && (*text)[len - 1] == 0)
		len--;
	return len;
}

/* "(name)" or ("string") or nothing, after "section + offset". */
static void put_object_label(FILE *out, const struct module *mod,
			     uint32_t obj)
{
	const struct object *o = &mod->objects[obj];
	const char *name = object_name(mod, o);

	if (name) {
		fprintf(out, " (%s)", name);
	} else if ((o->flags & OBJ_STRING) &&
		   mod->elf.sections[o->section].data) {
		const unsigned char *text;
		size_t len = string_text(mod, o, &text);

		fputs(" (\"", out);
		put_escaped(out, text, len > MAX_STRING_SHOWN ?
				      MAX_STRING_SHOWN : len, false);
		fputs(len > MAX_STRING_SHOWN ? "\"...)" : "\")", out);
	}
}

/* A place: "section + OFF (object+0xN)". */
static void put_place(FILE *out, const struct module *mod, uint32_t sec,
		      uint64_t off, uint32_t obj)
{
	fprintf(out, "%s + %" PRIX64, section_name(mod, sec), off);
	if (off > mod->elf.sections[sec].size)
		fputs(" (outside the section)", out);
	else if (obj != NO_OBJECT && object_name(mod, &mod->objects[obj])) {
		const struct object *o = &mod->objects[obj];

		/* A Thumb function's address has bit 0 set. */
		if (off == o->start ||
		    (mod->elf.machine == EM_ARM && off == (o->start | 1) &&
		     section_is_code(mod, sec)))
			fprintf(out, " (%s)", object_name(mod, o));
		else
			fprintf(out, " (%s+0x%" PRIx64 ")",
				object_name(mod, o), off - o->start);
	}
}

/*
 * "dangerous A -> B: reachable after init: why", and with the plugin's
 * notes the compiler-style line at the holder's declaration.
 */
static void text_link(FILE *out, const char *path, const char *what,
		      const struct module *mod, const struct link *l,
		      const struct module_notes *notes)
{
	const struct ref *r = &mod->refs[l->ref];
	const struct decl_fact *d = notes && r->src_obj != NO_OBJECT ?
				    notes_decl(notes, r->src_obj) : NULL;
	const char *to = r->dst_obj == NO_OBJECT ? NULL :
			 object_name(mod, &mod->objects[r->dst_obj]);
	char why[512];

	link_explain(mod, l, why, sizeof(why));
	if (d && to && !link_is_dangling(l))
		fprintf(out, "%s:%u: warning: '%s' points to '%s' in %s, "
			"which is freed after init but reachable: %s\n",
			d->file, d->line, d->name, to,
			section_name(mod, r->dst_sec), why);
	fprintf(out, "%s: %s ", path, what);
	put_place(out, mod, r->src_sec, r->src_off, r->src_obj);
	fputs(" -> ", out);
	put_place(out, mod, r->dst_sec, r->dst_off, r->dst_obj);
	fprintf(out, ": %s%s\n",
		link_is_dangling(l) ? "" : "reachable after init: ", why);
}

static const char *user_name(const struct module *mod, const struct use *u)
{
	if (u->user != NO_OBJECT && object_name(mod, &mod->objects[u->user]))
		return object_name(mod, &mod->objects[u->user]);
	return section_name(mod, u->user_sec);
}

static void put_users(FILE *out, const struct module *mod,
		      const struct findings *f, uint32_t obj)
{
	size_t first, n = findings_users(f, obj, &first), i, shown = 0;
	const char *prev = NULL;

	for (i = 0; i < n; i++) {
		const char *name = user_name(mod, &f->uses[first + i]);

		if (prev && !strcmp(prev, name))
			continue;
		if (shown == MAX_USERS_SHOWN) {
			fprintf(out, ", ...");
			break;
		}
		fprintf(out, "%s%s", shown ? ", " : " used by ", name);
		prev = name;
		shown++;
	}
}

static void hexdump(FILE *out, const struct module *mod, const struct object *o)
{
	const unsigned char *p = mod->elf.sections[o->section].data;
	uint64_t i, j;

	if (!p)
		return;
	for (i = 0; i < o->size; i += 16) {
		fprintf(out, "    %08" PRIx64 ": ", o->start + i);
		for (j = i; j < i + 16; j++) {
			if (j < o->size)
				fprintf(out, "%02x ", p[o->start + j]);
			else
				fputs("   ", out);
		}
		fputc('|', out);
		for (j = i; j < i + 16 && j < o->size; j++)
			fputc(isprint(p[o->start + j]) ? p[o->start + j] : '.',
			      out);
		fputs("|\n", out);
	}
}

/* The compiler-style line a developer can act on (--use-notes). */
static void text_advice(FILE *out, const struct module *mod, uint32_t obj,
			const struct module_notes *notes, bool chain)
{
	const struct decl_fact *d = notes ? notes_decl(notes, obj) : NULL;
	const struct object *o = &mod->objects[obj];
	const char *annotation = object_annotation(mod, obj);
	size_t first;

	if (!d)
		return;
	/* The declaration says which: GCC puts unwritten data in .rodata. */
	if (notes_sites(notes, obj, &first)) {
		uint32_t flags = notes->sites[first].flags;

		annotation = flags & KOTEST_SITE_FUNCTION ? "__init" :
			     flags & KOTEST_SITE_CONST ? "__initconst" :
			     "__initdata";
	}
	fprintf(out, "%s:%u: note: '%s' (%" PRIu64 " bytes) is used only by %s; mark it %s\n",
		d->file, d->line, d->name, o->size,
		chain ? "functions and data that only __init code uses" :
			"__init code",
		annotation);
}

/* Why an object init code uses must stay (--use-notes). */
static void text_escape(FILE *out, const char *path, const struct module *mod,
			uint32_t obj, const struct module_notes *notes)
{
	const struct escape_fact *e = notes_escape(notes, obj);
	const struct object *o = &mod->objects[obj];

	fprintf(out, "%s: escapes %s + %" PRIX64, path,
		section_name(mod, o->section), o->start);
	put_object_label(out, mod, obj);
	fprintf(out, " add size %" PRIu64 ": address escapes: %s %s",
		o->size, escape_kind_name(e->kind), e->sink);
	if (e->kind == KOTEST_ESCAPE_PASSED)
		fprintf(out, " (arg %u)", e->arg);
	fprintf(out, " in %s, %s:%u\n", e->function, e->file, e->line);
}

static void text_object(FILE *out, const char *path, const char *what,
			const struct module *mod, const struct findings *f,
			uint32_t obj, const struct module_notes *notes)
{
	const struct object *o = &mod->objects[obj];

	fprintf(out, "%s: %s %s + %" PRIX64, path, what,
		section_name(mod, o->section), o->start);
	put_object_label(out, mod, obj);
	fprintf(out, " rref %u xref %u add size %" PRIu64 " %s", o->rref,
		o->xref, o->size, object_kind(mod, obj));
	put_users(out, mod, f, obj);
	fputc('\n', out);
	text_advice(out, mod, obj, notes, !strcmp(what, "chain"));
	if (mod->opt->hexdump)
		hexdump(out, mod, o);
}

/* -v: objects init code uses that stay, and why. */
static void text_kept(FILE *out, const char *path, const struct module *mod)
{
	size_t i;

	for (i = 0; i < mod->nobjects; i++) {
		const struct object *o = &mod->objects[i];
		const struct section_facts *sf = &mod->sec[o->section].facts;
		const char *why;

		if (!o->rref || (o->flags & (OBJ_CANDIDATE | OBJ_CHAIN)) ||
		    sf->class != SEC_PERSISTENT)
			continue;
		if (o->flags & OBJ_ESCAPES)
			continue;	/* text_escape() says why */
		if (sf->flags & SR_ROOT)
			why = "the kernel walks its section";
		else if (sf->flags & (SR_LOAD_ONLY | SR_CODE_INDEX))
			why = "its section is kernel bookkeeping";
		else if (sf->flags & SR_EXIT)
			why = "it is exit code or data";
		else if (o->xref)
			why = "persistent memory uses it too";
		else if (mod->elf.sections[o->section].type == SHT_NOBITS)
			why = ".bss (use -b)";
		else
			why = "it has no size";
		fprintf(out, "%s: kept %s + %" PRIX64, path,
			section_name(mod, o->section), o->start);
		put_object_label(out, mod, i);
		fprintf(out, " rref %u xref %u: %s\n", o->rref, o->xref, why);
	}
}

static void text_module(FILE *out, const char *path, const struct module *mod,
			const struct findings *f,
			const struct module_notes *notes)
{
	const struct options *opt = mod->opt;
	const struct totals *t = &f->totals;
	size_t i;

	if (opt->verbose)
		fprintf(out, "%s: %s, %zu sections, %zu symbols, %" PRIu64
			" relocations, %zu objects\n", path, mod->arch->name,
			mod->elf.nsections, mod->elf.nsymbols, mod->nrelocs,
			mod->nobjects);
	if (opt->dump_relocs) {
		for (i = 0; i < mod->nrefs; i++) {
			const struct ref *r = &mod->refs[i];
			const char *tn = r->type & REF_RESOLVED ?
					 resolved_name(r->type) :
					 mod->arch->reloc_name(r->type);

			fprintf(out, "%s: reloc ", path);
			put_place(out, mod, r->src_sec, r->src_off, r->src_obj);
			if (tn)
				fprintf(out, " %s -> ", tn);
			else
				fprintf(out, " type %u -> ", r->type);
			put_place(out, mod, r->dst_sec, r->dst_off, r->dst_obj);
			fputc('\n', out);
		}
	}
	if (!opt->quiet) {
		for (i = 0; i < f->ndangerous; i++)
			text_link(out, path, "dangerous", mod,
				  &f->dangerous[i], notes);
		for (i = 0; opt->verbose && i < f->ndangling; i++)
			text_link(out, path, "dangling", mod, &f->dangling[i],
				  notes);
		for (i = 0; i < f->ncandidates; i++)
			text_object(out, path, "candidate", mod, f,
				    f->candidates[i], notes);
		for (i = 0; i < f->nchains; i++)
			text_object(out, path, "chain", mod, f, f->chains[i],
				    notes);
		for (i = 0; opt->verbose && i < f->nescaped; i++)
			text_escape(out, path, mod, f->escaped[i], notes);
		for (i = 0; i < f->nmovable; i++) {
			uint32_t s = f->movable[i];

			fprintf(out, "%s: movable %s size %" PRIu64 ": %s\n",
				path, section_name(mod, s),
				mod->elf.sections[s].size,
				mod->sec[s].facts.movable_rule->kernel);
		}
		if (t->ftrace_init_sites)
			fprintf(out, "%s: ftrace %s: %" PRIu64
				" call sites in init code, %" PRIu64 " bytes\n",
				path, section_name(mod, f->ftrace_table),
				t->ftrace_init_sites, t->ftrace_init_bytes);
		if (opt->verbose) {
			text_kept(out, path, mod);
			if (f->load_only_params)
				fprintf(out, "%s: %zu pointers into init memory are module parameters without sysfs file or free hook: only parse_args() reads them, at load\n",
					path, f->load_only_params);
		}
	}
	fprintf(out, "%s: total candidates %" PRIu64 " (%" PRIu64
		" bytes) functions %" PRIu64 " (%" PRIu64 " bytes) chains %"
		PRIu64 " (%" PRIu64 " bytes) dangerous %" PRIu64 " dangling %"
		PRIu64 " movable %" PRIu64 " bytes ftrace-init %" PRIu64 " (%"
		PRIu64 " bytes)\n",
		path, t->candidates, t->candidate_bytes, t->functions,
		t->function_bytes, t->chains, t->chain_bytes, t->dangerous,
		t->dangling, t->movable_bytes, t->ftrace_init_sites,
		t->ftrace_init_bytes);
	if (notes)
		fprintf(out, "%s: escaped %" PRIu64 " (%" PRIu64 " bytes): kept, their addresses escape\n",
			path, t->escaped, t->escaped_bytes);
	if (t->placed)
		fprintf(out, "%s: placed %" PRIu64 " (%" PRIu64 " bytes): %" PRIu64
			" functions, %" PRIu64 " data, %" PRIu64 " strings moved into init sections by the plugin (-fplugin-arg-kotest-place)\n",
			path, t->placed, t->placed_bytes, t->placed_functions,
			t->placed_data, t->placed_strings);
}

static void json_object(FILE *out, const struct module *mod,
			const struct findings *f, uint32_t obj)
{
	const struct object *o = &mod->objects[obj];
	size_t first, n = findings_users(f, obj, &first), i;
	const char *prev = NULL;
	bool any = false;

	fputs("{\"section\":", out);
	put_json_string(out, section_name(mod, o->section));
	fprintf(out, ",\"offset\":%" PRIu64 ",\"size\":%" PRIu64 ",\"name\":",
		o->start, o->size);
	put_json_string(out, object_name(mod, o));
	if ((o->flags & OBJ_STRING) && mod->elf.sections[o->section].data) {
		const unsigned char *text;
		size_t len = string_text(mod, o, &text);

		fputs(",\"string\":\"", out);
		put_escaped(out, text, len, true);
		fputc('"', out);
	}
	fprintf(out, ",\"kind\":\"%s\",\"annotation\":\"%s\",\"rref\":%u,\"xref\":%u,\"users\":[",
		object_kind(mod, obj), object_annotation(mod, obj), o->rref,
		o->xref);
	for (i = 0; i < n; i++) {
		const char *name = user_name(mod, &f->uses[first + i]);

		if (prev && !strcmp(prev, name))
			continue;
		if (any)
			fputc(',', out);
		put_json_string(out, name);
		prev = name;
		any = true;
	}
	fputs("]}", out);
}

void report_totals_json(FILE *out, const struct totals *t)
{
	fprintf(out, "{\"candidates\":%" PRIu64 ",\"candidate_bytes\":%" PRIu64
		",\"functions\":%" PRIu64 ",\"function_bytes\":%" PRIu64
		",\"chains\":%" PRIu64 ",\"chain_bytes\":%" PRIu64
		",\"dangerous\":%" PRIu64 ",\"dangling\":%" PRIu64
		",\"movable_bytes\":%" PRIu64
		",\"ftrace_init_sites\":%" PRIu64 ",\"ftrace_init_bytes\":%" PRIu64
		",\"unknown_relocations\":%" PRIu64
		",\"escaped\":%" PRIu64 ",\"escaped_bytes\":%" PRIu64
		",\"placed\":%" PRIu64 ",\"placed_bytes\":%" PRIu64
		",\"placed_functions\":%" PRIu64 ",\"placed_data\":%" PRIu64
		",\"placed_strings\":%" PRIu64 "}",
		t->candidates, t->candidate_bytes, t->functions,
		t->function_bytes, t->chains, t->chain_bytes, t->dangerous,
		t->dangling, t->movable_bytes, t->ftrace_init_sites,
		t->ftrace_init_bytes, t->unknown_relocs, t->escaped,
		t->escaped_bytes, t->placed, t->placed_bytes,
		t->placed_functions, t->placed_data, t->placed_strings);
}

static void json_place(FILE *out, const char *key, const struct module *mod,
		       uint32_t sec, uint64_t off, uint32_t obj)
{
	fprintf(out, "\"%s\":{\"section\":", key);
	put_json_string(out, section_name(mod, sec));
	fprintf(out, ",\"offset\":%" PRIu64 ",\"object\":", off);
	put_json_string(out, obj == NO_OBJECT ? NULL :
			object_name(mod, &mod->objects[obj]));
	fputc('}', out);
}

static void json_link(FILE *out, size_t i, const struct module *mod,
		      const struct link *l)
{
	const struct ref *r = &mod->refs[l->ref];
	char why[512];

	link_explain(mod, l, why, sizeof(why));
	fputs(i ? ",{" : "{", out);
	json_place(out, "from", mod, r->src_sec, r->src_off, r->src_obj);
	fputc(',', out);
	json_place(out, "to", mod, r->dst_sec, r->dst_off, r->dst_obj);
	fprintf(out, ",\"class\":\"%s\",\"reason\":\"%s\",\"why\":",
		link_is_dangling(l) ? "dangling" : "dangerous",
		link_reason_name(l));
	put_json_string(out, why);
	fputc('}', out);
}

static void json_module(FILE *out, const char *path, const struct module *mod,
			const struct findings *f,
			const struct module_notes *notes)
{
	size_t i;

	fputs("{\"file\":", out);
	put_json_string(out, path);
	fprintf(out, ",\"arch\":\"%s\",\"error\":null,\"candidates\":[",
		mod->arch->name);
	for (i = 0; i < f->ncandidates; i++) {
		if (i)
			fputc(',', out);
		json_object(out, mod, f, f->candidates[i]);
	}
	fputs("],\"chains\":[", out);
	for (i = 0; i < f->nchains; i++) {
		if (i)
			fputc(',', out);
		json_object(out, mod, f, f->chains[i]);
	}
	fputs("],\"escaped\":[", out);
	for (i = 0; i < f->nescaped; i++) {
		const struct escape_fact *e = notes_escape(notes, f->escaped[i]);

		fputs(i ? ",{\"object\":" : "{\"object\":", out);
		json_object(out, mod, f, f->escaped[i]);
		fprintf(out, ",\"how\":\"%s\",\"arg\":%u,\"sink\":",
			escape_kind_name(e->kind), e->arg);
		put_json_string(out, e->sink);
		fputs(",\"function\":", out);
		put_json_string(out, e->function);
		fputs(",\"file\":", out);
		put_json_string(out, e->file);
		fprintf(out, ",\"line\":%u}", e->line);
	}
	fputs("],\"dangerous\":[", out);
	for (i = 0; i < f->ndangerous; i++)
		json_link(out, i, mod, &f->dangerous[i]);
	fputs("],\"dangling\":[", out);
	for (i = 0; i < f->ndangling; i++)
		json_link(out, i, mod, &f->dangling[i]);
	fputs("],\"movable\":[", out);
	for (i = 0; i < f->nmovable; i++) {
		uint32_t s = f->movable[i];

		fputs(i ? ",{\"section\":" : "{\"section\":", out);
		put_json_string(out, section_name(mod, s));
		fprintf(out, ",\"size\":%" PRIu64 ",\"reason\":",
			mod->elf.sections[s].size);
		put_json_string(out, mod->sec[s].facts.movable_rule->kernel);
		fputc('}', out);
	}
	fputs("],\"ftrace_table\":", out);
	put_json_string(out, f->ftrace_table ?
			section_name(mod, f->ftrace_table) : NULL);
	fputs(",\"unknown_relocations\":[", out);
	for (i = 0; i < mod->nunknown; i++) {
		fprintf(out, "%s{\"type\":%u,\"name\":", i ? "," : "",
			mod->unknown[i].type);
		put_json_string(out, mod->arch->reloc_name(mod->unknown[i].type));
		fprintf(out, ",\"count\":%u}", mod->unknown[i].count);
	}
	fprintf(out, "],\"relocations\":%" PRIu64 ",\"external_refs\":%" PRIu64
		",\"outside_refs\":%" PRIu64 ",\"unresolved_refs\":%" PRIu64
		",\"inexact_addends\":%" PRIu64 ",\"resolved_refs\":%" PRIu64
		",\"decoded_bytes\":%" PRIu64,
		mod->nrelocs, mod->external_refs, mod->outside_refs,
		mod->unresolved_refs, mod->inexact_addends,
		mod->resolved_refs, mod->resolved_bytes);
	fputs(",\"totals\":", out);
	report_totals_json(out, &f->totals);
	fputs("}", out);
}

static void csv_field(FILE *csv, const char *s)
{
	fputc('"', csv);
	for (; s && *s; s++) {
		if (*s == '"')
			fputc('"', csv);
		fputc(*s, csv);
	}
	fputc('"', csv);
}

void report_csv_header(FILE *csv)
{
	fputs("file,arch,finding,section,offset,size,name,kind,rref,xref,users\n",
	      csv);
}

static void csv_object(FILE *csv, const char *path, const char *what,
		       const struct module *mod, const struct findings *f,
		       uint32_t obj)
{
	const struct object *o = &mod->objects[obj];
	size_t first, n = findings_users(f, obj, &first), i;
	char users[512] = "";
	size_t used = 0;

	for (i = 0; i < n && used < sizeof(users) - 1; i++)
		used += snprintf(users + used, sizeof(users) - used, "%s%s",
				 i ? " " : "", user_name(mod, &f->uses[first + i]));
	csv_field(csv, path);
	fprintf(csv, ",%s,%s,", mod->arch->name, what);
	csv_field(csv, section_name(mod, o->section));
	fprintf(csv, ",%" PRIu64 ",%" PRIu64 ",", o->start, o->size);
	csv_field(csv, object_name(mod, o));
	fprintf(csv, ",%s,%u,%u,", object_kind(mod, obj), o->rref, o->xref);
	csv_field(csv, users);
	fputc('\n', csv);
}

/* kind dangerous or dangling; the last column says why. */
static void csv_link(FILE *csv, const char *path, const struct module *mod,
		     const struct link *l)
{
	const struct ref *r = &mod->refs[l->ref];
	const char *to = r->dst_obj == NO_OBJECT ? NULL :
		object_name(mod, &mod->objects[r->dst_obj]);
	char why[512];

	link_explain(mod, l, why, sizeof(why));
	csv_field(csv, path);
	fprintf(csv, ",%s,%s,", mod->arch->name,
		link_is_dangling(l) ? "dangling" : "dangerous");
	csv_field(csv, section_name(mod, r->src_sec));
	fprintf(csv, ",%" PRIu64 ",,", r->src_off);
	csv_field(csv, to);
	fprintf(csv, ",%s,,,", link_reason_name(l));
	csv_field(csv, why);
	fputc('\n', csv);
}

static void csv_module(FILE *csv, const char *path, const struct module *mod,
		       const struct findings *f)
{
	size_t i;

	for (i = 0; i < f->ncandidates; i++)
		csv_object(csv, path, "candidate", mod, f, f->candidates[i]);
	for (i = 0; i < f->nchains; i++)
		csv_object(csv, path, "chain", mod, f, f->chains[i]);
	for (i = 0; i < f->ndangerous; i++)
		csv_link(csv, path, mod, &f->dangerous[i]);
	for (i = 0; i < f->ndangling; i++)
		csv_link(csv, path, mod, &f->dangling[i]);
	for (i = 0; i < f->nmovable; i++) {
		csv_field(csv, path);
		fprintf(csv, ",%s,movable,", mod->arch->name);
		csv_field(csv, section_name(mod, f->movable[i]));
		fprintf(csv, ",0,%" PRIu64 ",,,,,\n",
			mod->elf.sections[f->movable[i]].size);
	}
}

void report_module(FILE *out, FILE *csv, const char *path,
		   const struct module *mod, const struct findings *f,
		   const struct module_notes *notes)
{
	if (mod->opt->format == OUTPUT_JSON)
		json_module(out, path, mod, f, notes);
	else
		text_module(out, path, mod, f, notes);
	if (csv)
		csv_module(csv, path, mod, f);
}

void report_error(FILE *out, const char *path, const char *error,
		  const struct options *opt)
{
	if (opt->format != OUTPUT_JSON)
		return;
	fputs("{\"file\":", out);
	put_json_string(out, path);
	fputs(",\"error\":", out);
	put_json_string(out, error);
	fputc('}', out);
}

void report_warnings(FILE *err, const char *path, const struct module *mod)
{
	size_t i;

	for (i = 0; i < mod->nunknown; i++) {
		const char *name = mod->arch->reloc_name(mod->unknown[i].type);

		fprintf(err, "kotest: %s: warning: unknown %s relocation type %u%s%s%s, %u times: not followed\n",
			path, mod->arch->name, mod->unknown[i].type,
			name ? " (" : "", name ? name : "", name ? ")" : "",
			mod->unknown[i].count);
	}
	/* Compilers fold constant indexes into addends: only with -v. */
	if (mod->outside_refs && mod->opt->verbose)
		fprintf(err, "kotest: %s: note: %" PRIu64
			" references point outside their section (biased bases), credited to the nearest object\n",
			path, mod->outside_refs);
	if (mod->resolved_bytes && mod->opt->verbose)
		fprintf(err, "kotest: %s: note: %" PRIu64
			" uses without a relocation in %" PRIu64
			" bytes of code decoded\n",
			path, mod->resolved_refs, mod->resolved_bytes);
	if (mod->unresolved_refs)
		fprintf(err, "kotest: %s: warning: %" PRIu64
			" references resolve to no object\n",
			path, mod->unresolved_refs);
	if (mod->inexact_addends)
		fprintf(err, "kotest: %s: warning: %" PRIu64
			" addends could not be decoded exactly\n",
			path, mod->inexact_addends);
}
