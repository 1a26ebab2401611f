// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * References: every relocation of every loaded section, decoded by the
 * architecture into "symbol + addend", then resolved to the object that
 * holds the referenced byte and to the object that holds the reference.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "arch/flow.h"
#include "module.h"

/* Room for one more reference (resolved.c's too). */
int module_grow_refs(struct module *mod)
{
	size_t cap = mod->refs_cap ? mod->refs_cap * 2 : 1024;
	struct ref *refs = realloc(mod->refs, cap * sizeof(*refs));

	if (!refs)
		return module_fail(mod, "out of memory");
	mod->refs = refs;
	mod->refs_cap = cap;
	return 0;
}

static void note_unknown(struct module *mod, uint32_t type)
{
	struct unknown_reloc *u;
	size_t i;

	for (i = 0; i < mod->nunknown; i++) {
		if (mod->unknown[i].type == type) {
			mod->unknown[i].count++;
			return;
		}
	}
	u = realloc(mod->unknown, (mod->nunknown + 1) * sizeof(*u));
	if (!u)
		return;
	mod->unknown = u;
	mod->unknown[mod->nunknown++] = (struct unknown_reloc){ type, 1 };
}

/* Has record i already been credited with symbol symidx + off? */
static bool emitted_before(struct reloc_walk *w, size_t i, uint32_t symidx,
			   uint64_t off)
{
	unsigned int k;

	if (w->emitted_rel != i) {
		w->emitted_rel = i;
		w->nemitted = 0;
	}
	for (k = 0; k < w->nemitted; k++)
		if (w->emitted[k].sym == symidx && w->emitted[k].off == off)
			return true;
	/* Full: count again rather than forget what was counted. */
	if (w->nemitted < RELOC_EMITTED_MAX) {
		w->emitted[w->nemitted].sym = symidx;
		w->emitted[w->nemitted].off = off;
		w->nemitted++;
	}
	return false;
}

/* Inline in the walk, which emits most references. */
static inline int emit(struct reloc_walk *w, size_t i, uint32_t symidx,
		       int64_t addend, bool exact)
{
	struct module *mod = w->mod;
	const struct elf_file *ef = &mod->elf;
	const struct elf_reloc *rel = &w->relocs[i];
	const struct elf_symbol *sym = &ef->symbols[symidx];
	struct ref *r;

	if (symidx == 0 || symidx >= ef->nsymbols)
		return 0;
	if (sym->shndx == SHN_UNDEF) {
		mod->external_refs++;
		return 0;
	}
	if (sym->shndx >= ef->nsections ||
	    mod->sec[sym->shndx].facts.class == SEC_UNLOADED)
		return 0;
	if (emitted_before(w, i, symidx, sym->value + (uint64_t)addend))
		return 0;
	if (!exact)
		mod->inexact_addends++;

	if (mod->nrefs == mod->refs_cap && module_grow_refs(mod))
		return -1;
	/* Field by field: a struct built aside stalls on its copy. */
	r = &mod->refs[mod->nrefs++];
	r->src_off = rel->offset;
	r->dst_off = sym->value + (uint64_t)addend;
	r->src_sec = w->target;
	r->dst_sec = sym->shndx;
	r->src_obj = NO_OBJECT;
	r->dst_obj = mod->sym_object[symidx];
	r->type = rel->type;
	/* Still counts for the section; no object to blame. */
	if (r->dst_obj == NO_OBJECT &&
	    r->dst_off > ef->sections[r->dst_sec].size)
		mod->outside_refs++;
	return 0;
}

int reloc_emit(struct reloc_walk *w, size_t i, int64_t addend, bool exact)
{
	return emit(w, i, w->relocs[i].sym, addend, exact);
}

int reloc_emit_to(struct reloc_walk *w, size_t i, uint32_t symidx,
		  int64_t addend, bool exact)
{
	return emit(w, i, symidx, addend, exact);
}

static int walk_relocs(struct module *mod, struct reloc_walk *w)
{
	const struct elf_file *ef = &mod->elf;
	const struct section_facts *sf = &mod->sec[w->target].facts;
	uint64_t target_size = ef->sections[w->target].size;
	/* Tables that locate code (ORC, return sites, ...): see below. */
	bool code_index = (sf->flags & (SR_CODE_INDEX | SR_INIT_SAFE)) ==
			  (SR_CODE_INDEX | SR_INIT_SAFE);
	size_t i;

	for (i = 0; i < w->count; i++) {
		const struct elf_reloc *rel = &w->relocs[i];
		enum reloc_verdict v;
		int64_t addend = 0;
		bool exact = true;

		if (rel->offset >= target_size)
			return module_fail(mod, "%s: relocation %zu at 0x%llx past the end of %s",
					   ef->sections[w->relsec].name, i,
					   (unsigned long long)rel->offset,
					   ef->sections[w->target].name);
		mod->nrelocs++;
		/*
		 * An entry that locates code needs no addend: only whether
		 * the code is init code (ftrace) matters.  Most relocations
		 * of a module are such entries.
		 */
		if (code_index) {
			const struct elf_symbol *sym = &ef->symbols[rel->sym];

			/* Code, or a blob copied into it at load. */
			if (sym->shndx && sym->shndx < ef->nsections &&
			    (section_is_code(mod, sym->shndx) ||
			     (mod->sec[sym->shndx].facts.flags &
			      SR_LOAD_ONLY))) {
				if ((sf->flags & SR_FTRACE) &&
				    sf->class == SEC_PERSISTENT &&
				    mod->sec[sym->shndx].facts.class == SEC_INIT) {
					mod->ftrace_init_sites++;
					mod->ftrace_table = w->target;
				}
				continue;
			}
		}
		if (rel->type < 64 &&
		    (mod->arch->plain_external >> rel->type & 1) &&
		    rel->sym && ef->symbols[rel->sym].shndx == SHN_UNDEF) {
			mod->external_refs++;
			continue;
		}
		v = mod->arch->decode(w, i, &addend, &exact);
		switch (v) {
		case RELOC_BAD:
			return module_fail(mod, "%s: relocation %zu at 0x%llx: field past the end of %s",
					   ef->sections[w->relsec].name, i,
					   (unsigned long long)rel->offset,
					   ef->sections[w->target].name);
		case RELOC_UNKNOWN:
			note_unknown(mod, rel->type);
			break;
		case RELOC_REF:
			if (emit(w, i, rel->sym, addend, exact))
				return -1;
			break;
		case RELOC_IGNORE:
		case RELOC_DONE:
			break;
		}
		if (mod->error[0])
			return -1;
	}
	return 0;
}

int module_collect_refs(struct module *mod)
{
	const struct elf_file *ef = &mod->elf;
	/* Outside the walk: a walk is cleared for each section. */
	struct reloc_target emitted[RELOC_EMITTED_MAX];
	struct elf_reloc *buf = NULL;
	size_t cap = 0, i;
	int ret = 0;

	for (i = 1; i < ef->nsections && !ret; i++) {
		const struct elf_section *s = &ef->sections[i];
		struct reloc_walk w;
		size_t n;

		if (s->type != SHT_REL && s->type != SHT_RELA)
			continue;
		if (s->info == 0 || s->info >= ef->nsections) {
			ret = module_fail(mod, "%s: sh_info %u is not a section",
					  s->name, s->info);
			break;
		}
		/* The kernel relocates loaded sections only. */
		if (mod->sec[s->info].facts.class == SEC_UNLOADED)
			continue;
		/* Code locators (a third of x86 relocations are ORC's). */
		if (mod->sec[s->info].facts.flags & SR_NOT_READ) {
			mod->nrelocs += elf_reloc_count(ef, i);
			continue;
		}
		if (s->link != ef->symtab) {
			ret = module_fail(mod, "%s: sh_link %u is not the symbol table",
					  s->name, s->link);
			break;
		}
		n = elf_reloc_count(ef, i);
		w = (struct reloc_walk){
			.mod = mod, .relsec = i, .target = s->info,
			.relocs = elf_relocs(&mod->elf, i, &buf, &cap),
			.count = n, .emitted = emitted,
		};
		if (!w.relocs) {
			ret = module_fail(mod, "%s", mod->elf.error);
			break;
		}
		/* Decoders read the code they patch through its section. */
		if (section_is_code(mod, s->info) &&
		    !elf_section_data(&mod->elf, s->info) &&
		    mod->elf.sections[s->info].type != SHT_NOBITS) {
			ret = module_fail(mod, "%s", mod->elf.error);
			break;
		}
		if (mod->arch->walk_begin && mod->arch->walk_begin(&w)) {
			ret = -1;
			break;
		}
		ret = walk_relocs(mod, &w);
		if (mod->arch->walk_end)
			mod->arch->walk_end(&w);
		flow_cache_free(w.flow_cache);
		free(w.noreturn_offs);
	}
	free(buf);
	if (ret)
		return ret;

	if (module_add_anon_objects(mod))
		return -1;
	module_resolve_sources(mod);
	return 0;
}
