// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Objects: the pieces of a section that a reference can keep alive.
 *
 * Symbols give most of them, with zero sizes fixed from the next symbol.
 * What no symbol covers becomes an anonymous object when something refers
 * to it: one string of a string section (so a reference into a tail-merged
 * string keeps the whole string), one element of a constant pool, or the
 * span up to the next known object.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "module.h"
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

/* Section and value in one key, when values fit in 40 bits. */
static inline uint64_t slot_key(const struct sym_slot *x)
{
	return (uint64_t)x->sec << 40 | x->value;
}

DEFINE_RADIX_SORT(sort_slots_radix, struct sym_slot, slot_key)

/*
 * Symbols are in no address order (each function's statics come with
 * it): a radix sort by section and value, then slot_less() for the few
 * that share both (aliases, labels at an object's start).
 */
static int sort_slots(struct sym_slot *slots, size_t n, size_t nsections)
{
	size_t i, j;

	if (n < 64 || nsections >> 24)
		return sort_slots_bucket(slots, n, nsections);
	for (i = 0; i < n; i++)
		if (slots[i].value >> 40)
			return sort_slots_bucket(slots, n, nsections);
	if (sort_slots_radix(slots, n))
		return -1;
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && slot_key(&slots[j]) == slot_key(&slots[i]); j++)
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

static uint32_t new_object(struct module *mod)
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
	for (i = 0; i < ef->nsections; i++) {
		struct module_section *ms = &mod->sec[i];

		if (!ms->nobjects)
			continue;
		ms->index = malloc(ms->nobjects * sizeof(*ms->index));
		if (!ms->index)
			return module_fail(mod, "out of memory");
		ms->nobjects = 0;
	}
	for (i = 0; i < mod->nobjects; i++) {
		struct module_section *ms = &mod->sec[mod->objects[i].section];

		ms->index[ms->nobjects++] = index_entry(mod, i);
	}
	return 0;
}

static bool object_contains(const struct object *o, uint64_t off)
{
	return off >= o->start &&
	       (off - o->start < o->size || (o->size == 0 && off == o->start));
}

/* Does the object of index entry e hold off, which is at or past its start? */
static bool entry_contains(const struct module *mod,
			   const struct index_entry *e, uint64_t off)
{
	if (e->size == UINT32_MAX)
		return object_contains(&mod->objects[e->object], off);
	return off - e->start < e->size || off == e->start;
}

/*
 * Index of the last object starting at or before off, or -1.
 * Branch-free: the targets of references are in no order a branch
 * predictor could learn.
 */
static long last_at_or_before(const struct module_section *ms, uint64_t off)
{
	const struct index_entry *base = ms->index;
	size_t n = ms->nobjects;

	if (!n || base[0].start > off)
		return -1;
	while (n > 1) {
		size_t half = n / 2;

		base = base[half].start <= off ? base + half : base;
		n -= half;
	}
	return base - ms->index;
}

/* The object holding off, by search alone: for lookups in no order. */
static uint32_t object_search(const struct module *mod, uint32_t sec,
			      uint64_t off)
{
	const struct module_section *ms = &mod->sec[sec];
	long k = last_at_or_before(ms, off);

	if (k >= 0 && entry_contains(mod, &ms->index[k], off))
		return ms->index[k].object;
	return NO_OBJECT;
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

struct anon_slot {
	uint32_t sec;
	uint32_t ref;		/* the reference that reaches it */
	uint64_t off;
};

static inline bool anon_less(const struct anon_slot *x,
			     const struct anon_slot *y)
{
	return x->sec != y->sec ? x->sec < y->sec : x->off < y->off;
}

DEFINE_SORT(sort_anon_merge, struct anon_slot, anon_less)

/* Section and offset in one key, when offsets fit in 40 bits. */
static inline uint64_t anon_key(const struct anon_slot *x)
{
	return (uint64_t)x->sec << 40 | x->off;
}

DEFINE_RADIX_SORT(sort_anon_radix, struct anon_slot, anon_key)

static int sort_anon(struct anon_slot *slots, size_t n)
{
	size_t i;

	if (n < 64)
		return sort_anon_merge(slots, n);
	for (i = 0; i < n; i++)
		if (slots[i].off >> 40 || slots[i].sec >> 24)
			return sort_anon_merge(slots, n);
	return sort_anon_radix(slots, n);
}

/* Is the character of width w at p a NUL? */
static bool is_nul(const unsigned char *p, unsigned int w)
{
	unsigned int i;

	for (i = 0; i < w; i++)
		if (p[i])
			return false;
	return true;
}

/* The string (with its terminator) that holds byte 'off'. */
static void string_span(const struct elf_section *s, uint64_t off,
			uint64_t *start, uint64_t *end)
{
	/* Characters of 1, 2, 4 or 8 bytes; anything else is bytes. */
	unsigned int w = s->entsize && s->entsize <= 8 ?
			 (unsigned int)s->entsize : 1;
	uint64_t a = off - off % w, b = a;

	if (w == 1) {
		const unsigned char *nul;

		nul = memrchr(s->data, 0, a);
		*start = nul ? (uint64_t)(nul - s->data) + 1 : 0;
		nul = memchr(s->data + b, 0, s->size - b);
		*end = nul ? (uint64_t)(nul - s->data) + 1 : s->size;
		return;
	}
	while (a >= w && !is_nul(s->data + a - w, w))
		a -= w;
	while (b + w <= s->size && !is_nul(s->data + b, w))
		b += w;
	*start = a;
	*end = b + w <= s->size ? b + w : s->size;
}

/*
 * Merge the new objects [first, mod->nobjects), made in address order
 * per section, into their sections' index, which is in address order.
 */
static int index_new_objects(struct module *mod, size_t first)
{
	size_t i = first;

	while (i < mod->nobjects) {
		uint32_t sec = mod->objects[i].section;
		struct module_section *ms = &mod->sec[sec];
		size_t j = i, n, a = 0, k = 0;
		struct index_entry *index;

		while (j < mod->nobjects && mod->objects[j].section == sec)
			j++;
		n = j - i;
		index = malloc((ms->nobjects + n) * sizeof(*index));
		if (!index)
			return module_fail(mod, "out of memory");
		while (a < ms->nobjects || i < j) {
			if (i == j || (a < ms->nobjects &&
				       ms->index[a].start <= mod->objects[i].start))
				index[k++] = ms->index[a++];
			else
				index[k++] = index_entry(mod, i++);
		}
		free(ms->index);
		ms->index = index;
		ms->nobjects = k;
		ms->cursor = 0;
	}
	return 0;
}

/*
 * A piece ends where the next target starts.  The next slot may name the
 * same byte (two references to one piece): it is the next distinct
 * offset that counts, or the piece would have no size.
 */
static uint64_t next_target(const struct anon_slot *slots, size_t n,
			    size_t i, uint64_t end)
{
	size_t k = i + 1;

	while (k < n && slots[k].sec == slots[i].sec &&
	       slots[k].off == slots[i].off)
		k++;
	if (k < n && slots[k].sec == slots[i].sec && slots[k].off < end)
		return slots[k].off;
	return end;
}

/* Create objects for the sorted anonymous targets in slots. */
static int add_anon(struct module *mod, const struct anon_slot *slots,
		    size_t n)
{
	size_t first = mod->nobjects, i;
	uint64_t cover_start = 0, cover_end = 0;
	uint32_t cover_sec = 0;

	for (i = 0; i < n; i++) {
		const struct elf_section *s = &mod->elf.sections[slots[i].sec];
		struct module_section *ms = &mod->sec[slots[i].sec];
		uint64_t off = slots[i].off, start = off, end;
		uint32_t o;
		long k;

		/* Inside the string or piece made for an earlier slot. */
		if (slots[i].sec == cover_sec && off >= cover_start &&
		    (off < cover_end || off == cover_start))
			continue;

		if ((s->flags & SHF_MERGE) && (s->flags & SHF_STRINGS) &&
		    s->data && off < s->size) {
			string_span(s, off, &start, &end);
		} else if ((s->flags & SHF_MERGE) && s->entsize &&
			   off < s->size) {
			start = off - off % s->entsize;
			end = start + s->entsize;
			if (end > s->size)
				end = s->size;
		} else {
			end = s->size;
			k = ms->nobjects ? last_at_or_before(ms, off) : -1;
			if (k + 1 < (long)ms->nobjects)
				end = ms->index[k + 1].start;
			end = next_target(slots, n, i, end);
		}

		o = new_object(mod);
		if (o == NO_OBJECT)
			return module_fail(mod, "out of memory");
		mod->objects[o].start = start;
		mod->objects[o].size = end - start;
		mod->objects[o].section = slots[i].sec;
		mod->objects[o].flags = OBJ_ANON;
		if (s->flags & SHF_STRINGS)
			mod->objects[o].flags |= OBJ_STRING;
		cover_sec = slots[i].sec;
		cover_start = start;
		cover_end = end;
	}
	return index_new_objects(mod, first);
}

/*
 * Where a reference's target is looked up.  A target outside its section
 * is a biased base (GCC folds "table[i - 1152]" into "table - 4608" and
 * indexes from there): it belongs to the object nearest to it, the first
 * of the section below it, the last above (counted in outside_refs).
 */
static uint64_t resolve_offset(const struct module *mod, const struct ref *r)
{
	uint64_t size = mod->elf.sections[r->dst_sec].size;

	if (r->dst_off <= size)
		return r->dst_off;
	if ((int64_t)r->dst_off < 0)
		return 0;
	return size ? size - 1 : 0;
}

int module_add_anon_objects(struct module *mod)
{
	struct anon_slot *slots = NULL;
	size_t n = 0, i;
	int ret;

	for (i = 0; i < mod->nrefs; i++) {
		struct ref *r = &mod->refs[i];
		uint64_t off;

		if (r->dst_obj != NO_OBJECT)
			continue;
		off = resolve_offset(mod, r);
		/* Targets come in no order: the cursor would only cost. */
		r->dst_obj = object_search(mod, r->dst_sec, off);
		if (r->dst_obj != NO_OBJECT)
			continue;
		if (!slots) {
			slots = malloc((mod->nrefs - i) * sizeof(*slots));
			if (!slots)
				return module_fail(mod, "out of memory");
		}
		slots[n].sec = r->dst_sec;
		slots[n].ref = i;
		slots[n].off = off;
		n++;
	}
	if (!n)
		return 0;
	ret = sort_anon(slots, n) ? module_fail(mod, "out of memory") :
				    add_anon(mod, slots, n);
	/* In address order now: the lookups follow the section's cursor. */
	for (i = 0; !ret && i < n; i++) {
		struct ref *r = &mod->refs[slots[i].ref];

		r->dst_obj = module_object_at(mod, slots[i].sec, slots[i].off);
		if (r->dst_obj == NO_OBJECT)
			mod->unresolved_refs++;
	}
	free(slots);
	return ret;
}
