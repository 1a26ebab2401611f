// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Objects: the pieces of a section that a reference can keep alive.
 *
 * Symbols give most of them, with zero sizes fixed from the next symbol
 * (anon.c makes the others).  Each section keeps an index of its objects
 * by address, for the lookups of every reference.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "module.h"
#include "objects.h"
#include "sort.h"

struct sym_slot {
	uint64_t value;
	uint64_t size;
	uint32_t sec;
	uint32_t sym;
	int rank;		/* lower names the object */
};

static int sym_rank(const struct elf_symbol *s)
{
	int rank = 0;

	/* module_init()/module_exit() aliases: the real name says more. */
	if ((s->name[0] == 'i' && !strcmp(s->name, "init_module")) ||
	    (s->name[0] == 'c' && !strcmp(s->name, "cleanup_module")))
		rank += 4;
	if (s->type != STT_FUNC && s->type != STT_OBJECT)
		rank += 2;
	if (s->bind == STB_LOCAL)
		rank += 1;
	return rank;
}

static inline bool slot_less(const struct sym_slot *x,
			     const struct sym_slot *y)
{
	if (x->sec != y->sec)
		return x->sec < y->sec;
	if (x->value != y->value)
		return x->value < y->value;
	/* The largest first: it holds the labels that follow. */
	if (x->size != y->size)
		return x->size > y->size;
	if (x->rank != y->rank)
		return x->rank < y->rank;
	return x->sym < y->sym;
}

static inline uint32_t slot_section(const struct sym_slot *x)
{
	return x->sec;
}

DEFINE_BUCKET_SORT(sort_slots_bucket, struct sym_slot, slot_section, slot_less)

DEFINE_ADDRESS_SORT(sort_slots_address, struct sym_slot, sec, value,
		    sort_slots_bucket)

/*
 * Symbols are in no address order (each function's statics come with
 * it): by section and value first, then slot_less() for the few that
 * share both (aliases, labels at an object's start).
 */
static int sort_slots(struct sym_slot *slots, size_t n, size_t nsections)
{
	size_t i, j;

	if (sort_slots_address(slots, n, nsections))
		return -1;
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && slots[j].sec == slots[i].sec &&
		     slots[j].value == slots[i].value; j++)
			;
		if (j - i > 1 && sort_slots_bucket_group(slots + i, j - i))
			return -1;
	}
	return 0;
}

/*
 * Symbols that name no object: ARM/AArch64/RISC-V mapping symbols ($a,
 * $d, $x, ...) and assembler local labels that some targets keep.
 */
static bool names_no_object(const struct elf_symbol *s)
{
	if (s->type == STT_SECTION || s->type == STT_FILE ||
	    s->type == STT_TLS)
		return true;
	if (s->type == STT_NOTYPE && s->bind == STB_LOCAL &&
	    (s->name[0] == '$' || !strncmp(s->name, ".L", 2)))
		return true;
	return false;
}

uint32_t new_object(struct module *mod)
{
	if (mod->nobjects == mod->objects_cap) {
		size_t cap = mod->objects_cap ? mod->objects_cap * 2 : 256;
		struct object *o = realloc(mod->objects, cap * sizeof(*o));

		if (!o)
			return NO_OBJECT;
		mod->objects = o;
		mod->objects_cap = cap;
	}
	mod->objects[mod->nobjects] = (struct object){ 0 };
	return mod->nobjects++;
}

static struct index_entry index_entry(const struct module *mod, uint32_t obj)
{
	const struct object *o = &mod->objects[obj];

	return (struct index_entry){
		.start = o->start, .object = obj,
		.size = o->size < UINT32_MAX ? o->size : UINT32_MAX,
	};
}

int module_build_objects(struct module *mod)
{
	const struct elf_file *ef = &mod->elf;
	struct sym_slot *slots;
	size_t nslots = 0, i;
	uint32_t first = 0;

	mod->sym_object = malloc((ef->nsymbols ? ef->nsymbols : 1) *
				 sizeof(*mod->sym_object));
	slots = malloc((ef->nsymbols ? ef->nsymbols : 1) * sizeof(*slots));
	if (!mod->sym_object || !slots) {
		free(slots);
		return module_fail(mod, "out of memory");
	}

	for (i = 0; i < ef->nsymbols; i++) {
		const struct elf_symbol *s = &ef->symbols[i];
		const struct elf_section *sec;

		mod->sym_object[i] = NO_OBJECT;
		if (i == 0 || s->shndx == SHN_UNDEF ||
		    s->shndx >= ef->nsections || names_no_object(s))
			continue;
		sec = &ef->sections[s->shndx];
		if (!(sec->flags & SHF_ALLOC))
			continue;
		if (s->value > sec->size) {
			free(slots);
			return module_fail(mod, "symbol '%s': value 0x%llx past the end of %s",
					   s->name, (unsigned long long)s->value,
					   sec->name);
		}
		slots[nslots++] = (struct sym_slot){
			/* Thumb functions have bit 0 set: not an address. */
			.value = ef->machine == EM_ARM && s->type == STT_FUNC ?
				 s->value & ~1ull : s->value,
			/* A size past the section's end is a lie: clamp it. */
			.size = s->size > sec->size - s->value ?
				sec->size - s->value : s->size,
			.sec = s->shndx,
			.sym = i, .rank = sym_rank(s),
		};
	}
	if (sort_slots(slots, nslots, ef->nsections)) {
		free(slots);
		return module_fail(mod, "out of memory");
	}

	for (i = 0; i < nslots; i++) {
		const struct sym_slot *sl = &slots[i];
		struct object *cur = mod->nobjects > first ?
				     &mod->objects[mod->nobjects - 1] : NULL;
		uint32_t o;

		if (cur && cur->section != sl->sec) {
			first = mod->nobjects;
			cur = NULL;
		}
		/* An alias, or a label inside an object with a size. */
		if (cur && (sl->value == cur->start ||
			    sl->value < cur->start + cur->size)) {
			mod->sym_object[sl->sym] = mod->nobjects - 1;
			continue;
		}
		o = new_object(mod);
		if (o == NO_OBJECT) {
			free(slots);
			return module_fail(mod, "out of memory");
		}
		mod->objects[o].start = sl->value;
		mod->objects[o].size = sl->size;
		mod->objects[o].section = sl->sec;
		mod->objects[o].symbol = sl->sym;
		mod->sym_object[sl->sym] = o;
	}
	free(slots);

	/* Per-section index, and sizes of zero fixed from the next object. */
	for (i = 0; i < mod->nobjects; i++) {
		struct object *o = &mod->objects[i];

		mod->sec[o->section].nobjects++;
		if (o->size == 0) {
			bool last = i + 1 == mod->nobjects ||
				    mod->objects[i + 1].section != o->section;
			uint64_t end = last ? ef->sections[o->section].size :
					      mod->objects[i + 1].start;

			o->size = end - o->start;
		}
	}
	/* The objects are in section order: each index is a slice of one. */
	mod->index = malloc((mod->nobjects ? mod->nobjects : 1) *
			    sizeof(*mod->index));
	if (!mod->index)
		return module_fail(mod, "out of memory");
	for (i = 0; i < mod->nobjects; i++)
		mod->index[i] = index_entry(mod, i);
	for (i = 0, first = 0; i < ef->nsections; i++) {
		mod->sec[i].index = mod->index + first;
		first += mod->sec[i].nobjects;
	}
	return 0;
}

uint32_t module_object_at(struct module *mod, uint32_t sec, uint64_t off)
{
	struct module_section *ms = &mod->sec[sec];
	const struct index_entry *e;
	long k;

	if (!ms->nobjects)
		return NO_OBJECT;
	/* References mostly come in address order: try the last hit first. */
	if (ms->cursor < ms->nobjects) {
		e = &ms->index[ms->cursor];
		if (off >= e->start && entry_contains(mod, e, off))
			return e->object;
		if (ms->cursor + 1 < ms->nobjects && off >= e[1].start &&
		    entry_contains(mod, &e[1], off))
			return ms->index[++ms->cursor].object;
	}
	/* Objects of a section do not overlap: nested labels were folded. */
	k = last_at_or_before(ms, off);
	if (k >= 0 && entry_contains(mod, &ms->index[k], off)) {
		ms->cursor = k;
		return ms->index[k].object;
	}
	return NO_OBJECT;
}

void module_resolve_sources(struct module *mod)
{
	size_t i = 0;

	while (i < mod->nrefs) {
		uint32_t sec = mod->refs[i].src_sec;
		const struct module_section *ms = &mod->sec[sec];
		size_t next = 0;	/* the first object past the source */

		for (; i < mod->nrefs && mod->refs[i].src_sec == sec; i++) {
			struct ref *r = &mod->refs[i];
			const struct index_entry *e;

			/* Out of order: start over (never, from GNU as). */
			if (next && r->src_off < ms->index[next - 1].start)
				next = last_at_or_before(ms, r->src_off) + 1;
			while (next < ms->nobjects &&
			       ms->index[next].start <= r->src_off)
				next++;
			e = next ? &ms->index[next - 1] : NULL;
			r->src_obj = e && entry_contains(mod, e, r->src_off) ?
				     e->object : NO_OBJECT;
		}
	}
}

uint32_t module_function_start(struct module *mod, uint32_t sec,
			       uint64_t off, uint64_t *start)
{
	struct module_section *ms = &mod->sec[sec];
	long k = ms->nobjects ? last_at_or_before(ms, off) : -1;

	*start = k >= 0 ? ms->index[k].start : 0;
	return k >= 0 ? ms->index[k].object : NO_OBJECT;
}

const char *object_name(const struct module *mod, const struct object *o)
{
	return o->symbol ? mod->elf.symbols[o->symbol].name : NULL;
}

int index_new_objects(struct module *mod, size_t first)
{
	struct index_entry *index = malloc(mod->nobjects * sizeof(*index));
	size_t i = first, k = 0, sec;

	if (!index)
		return module_fail(mod, "out of memory");
	for (sec = 0; sec < mod->elf.nsections; sec++) {
		struct module_section *ms = &mod->sec[sec];
		size_t a = 0, start = k;

		if (i == mod->nobjects || mod->objects[i].section != sec) {
			memcpy(index + k, ms->index,
			       ms->nobjects * sizeof(*index));
			ms->index = index + k;
			k += ms->nobjects;
			continue;
		}
		for (;;) {
			bool added = i < mod->nobjects &&
				     mod->objects[i].section == sec;

			if (a == ms->nobjects && !added)
				break;
			if (!added || (a < ms->nobjects &&
				       ms->index[a].start <= mod->objects[i].start))
				index[k++] = ms->index[a++];
			else
				index[k++] = index_entry(mod, i++);
		}
		ms->index = index + start;
		ms->nobjects = k - start;
		ms->cursor = 0;
	}
	free(mod->index);
	mod->index = index;
	return 0;
}
