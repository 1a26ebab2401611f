// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Anonymous objects: what a reference reaches where no symbol names an
 * object.  One string of a string section (so that a reference into a
 * tail-merged string keeps the whole string), one element of a constant
 * pool, or the span up to the next known object or target.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "module.h"
#include "objects.h"
#include "sort.h"

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

static int sort_anon_fallback(struct anon_slot *slots, size_t n,
			      size_t nsections)
{
	(void)nsections;
	return sort_anon_merge(slots, n);
}

DEFINE_ADDRESS_SORT(sort_anon, struct anon_slot, sec, off, sort_anon_fallback)

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
 * A string section that no symbol divides (all of them, in practice),
 * as its strings: a bit per byte where a string starts, and how many
 * start before each word of bits.  The string that holds a byte is then
 * counted, not searched for, and its references need no sorting.
 */
struct string_table {
	uint64_t *starts;
	uint32_t *before;	/* strings that start before each word */
	/* Per string: 1 when referred to, then its object. */
	uint32_t *object;
	size_t nwords;
};

static void string_table_free(struct string_table *t)
{
	free(t->starts);
	free(t->before);
	free(t->object);
}

/* Inline: without -mpopcnt, __builtin_popcountll() is a libgcc call. */
static inline unsigned int popcount64(uint64_t x)
{
	x -= (x >> 1) & 0x5555555555555555ull;
	x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
	return (x * 0x0101010101010101ull) >> 56;
}

/* Bit i set when byte i of the eight at p is NUL. */
static inline uint64_t nul_bytes(const unsigned char *p)
{
	const uint64_t low7 = 0x7f7f7f7f7f7f7f7full;
	uint64_t x, t;

	memcpy(&x, p, sizeof(x));
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	x = __builtin_bswap64(x);
#endif
	/* 0x80 in each NUL byte and nowhere else, then one bit per byte. */
	t = ~(((x & low7) + low7) | x | low7);
	return ((t >> 7) * 0x0102040810204080ull) >> 56;
}

/* Where strings start, as string_span() delimits them. */
static int string_table_build(struct string_table *t,
			      const struct elf_section *s)
{
	unsigned int w = s->entsize && s->entsize <= 8 ?
			 (unsigned int)s->entsize : 1;
	size_t i, k, nstrings = 0;
	uint64_t pos;

	t->nwords = (s->size + 63) / 64;
	t->starts = calloc(t->nwords, sizeof(*t->starts));
	t->before = malloc(t->nwords * sizeof(*t->before));
	if (!t->starts || !t->before)
		return -1;
	t->starts[0] = 1;
	if (w == 1) {
		/* A string starts after each NUL: 64 bytes per word of bits. */
		for (i = 0; (i + 1) * 64 <= s->size; i++) {
			uint64_t nuls = 0;

			for (k = 0; k < 8; k++)
				nuls |= nul_bytes(s->data + i * 64 + k * 8) <<
					(k * 8);
			t->starts[i] |= nuls << 1;
			if (i + 1 < t->nwords)
				t->starts[i + 1] |= nuls >> 63;
		}
		pos = i * 64;
	} else {
		pos = 0;
	}
	for (; pos + w <= s->size; pos += w)
		if (is_nul(s->data + pos, w) && pos + w < s->size)
			t->starts[(pos + w) / 64] |= 1ull << ((pos + w) % 64);
	for (i = 0; i < t->nwords; i++) {
		t->before[i] = nstrings;
		nstrings += popcount64(t->starts[i]);
	}
	t->object = calloc(nstrings, sizeof(*t->object));
	return t->object ? 0 : -1;
}

/* The string that holds byte off (inside the section). */
static uint32_t string_id(const struct string_table *t, uint64_t off)
{
	uint64_t bits = t->starts[off / 64] & (~0ull >> (63 - off % 64));

	return t->before[off / 64] + popcount64(bits) - 1;
}

/*
 * The table for references to byte off of section sec, built on first
 * use, or NULL when the section is no string section without objects (or
 * off is its end).  *failed is set when memory ran out.
 */
static struct string_table *string_table(struct module *mod,
					 struct string_table **tables,
					 uint32_t sec, uint64_t off,
					 bool *failed)
{
	const struct elf_section *s = &mod->elf.sections[sec];
	struct string_table *t;

	if (!(s->flags & SHF_MERGE) || !(s->flags & SHF_STRINGS) ||
	    !s->data || off >= s->size || mod->sec[sec].nobjects)
		return NULL;
	if (!*tables) {
		*tables = calloc(mod->elf.nsections, sizeof(**tables));
		if (!*tables) {
			*failed = true;
			return NULL;
		}
	}
	t = &(*tables)[sec];
	if (!t->starts && string_table_build(t, s)) {
		*failed = true;
		return NULL;
	}
	return t;
}

/* Objects for the strings of section sec that references reach. */
static int add_strings(struct module *mod, uint32_t sec,
		       struct string_table *t)
{
	const struct elf_section *s = &mod->elf.sections[sec];
	uint32_t id = 0, open = NO_OBJECT;
	size_t i;

	for (i = 0; i < t->nwords; i++) {
		uint64_t bits = t->starts[i];

		for (; bits; bits &= bits - 1, id++) {
			uint64_t pos = i * 64 + __builtin_ctzll(bits);

			if (open != NO_OBJECT) {
				mod->objects[open].size =
					pos - mod->objects[open].start;
				open = NO_OBJECT;
			}
			if (!t->object[id])
				continue;
			open = new_object(mod);
			if (open == NO_OBJECT)
				return module_fail(mod, "out of memory");
			mod->objects[open].start = pos;
			mod->objects[open].section = sec;
			mod->objects[open].flags = OBJ_ANON | OBJ_STRING;
			t->object[id] = open;
		}
	}
	if (open != NO_OBJECT)
		mod->objects[open].size = s->size - mod->objects[open].start;
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

/* The piece made last: later targets inside it belong to it. */
struct cover {
	uint32_t sec;
	uint64_t start, end;
};

/* The object for slots[i], unless the piece made last holds it. */
static int add_piece(struct module *mod, const struct anon_slot *slots,
		     size_t n, size_t i, struct cover *cover)
{
	const struct elf_section *s = &mod->elf.sections[slots[i].sec];
	struct module_section *ms = &mod->sec[slots[i].sec];
	uint64_t off = slots[i].off, start = off, end;
	uint32_t o;
	long k;

	if (slots[i].sec == cover->sec && off >= cover->start &&
	    (off < cover->end || off == cover->start))
		return 0;

	if ((s->flags & SHF_MERGE) && (s->flags & SHF_STRINGS) &&
	    s->data && off < s->size) {
		string_span(s, off, &start, &end);
	} else if ((s->flags & SHF_MERGE) && s->entsize && off < s->size) {
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
	*cover = (struct cover){ slots[i].sec, start, end };
	return 0;
}

/*
 * Create objects for the strings referred to in 'tables' and for the
 * sorted targets in slots, section by section in address order.
 */
static int add_anon(struct module *mod, const struct anon_slot *slots,
		    size_t n, struct string_table *tables)
{
	size_t first = mod->nobjects, i = 0;
	struct cover cover = { 0 };
	uint32_t sec;

	for (sec = 1; sec < mod->elf.nsections; sec++) {
		if (tables && tables[sec].starts &&
		    add_strings(mod, sec, &tables[sec]))
			return -1;
		for (; i < n && slots[i].sec == sec; i++)
			if (add_piece(mod, slots, n, i, &cover))
				return -1;
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
	struct string_table *tables = NULL;
	struct anon_slot *slots = NULL;
	uint32_t *string_refs = NULL;
	size_t n = 0, nstrings = 0, i;
	bool failed = false;
	int ret = 0;

	for (i = 0; i < mod->nrefs; i++) {
		struct ref *r = &mod->refs[i];
		struct string_table *t;
		uint64_t off;

		if (r->dst_obj != NO_OBJECT)
			continue;
		off = resolve_offset(mod, r);
		t = string_table(mod, &tables, r->dst_sec, off, &failed);
		if (t && !string_refs)
			string_refs = malloc((mod->nrefs - i) *
					     sizeof(*string_refs));
		if (failed || (t && !string_refs))
			break;
		if (t) {
			/* Its string, until the string has an object. */
			r->dst_obj = string_id(t, off);
			t->object[r->dst_obj] = 1;
			string_refs[nstrings++] = i;
			continue;
		}
		/* Targets come in no order: the cursor would only cost. */
		r->dst_obj = object_search(mod, r->dst_sec, off);
		if (r->dst_obj != NO_OBJECT)
			continue;
		if (!slots)
			slots = malloc((mod->nrefs - i) * sizeof(*slots));
		if (!slots)
			break;
		slots[n].sec = r->dst_sec;
		slots[n].ref = i;
		slots[n].off = off;
		n++;
	}
	if (i < mod->nrefs || (n && sort_anon(slots, n, mod->elf.nsections)))
		ret = module_fail(mod, "out of memory");
	if (!ret && (n || nstrings))
		ret = add_anon(mod, slots, n, tables);
	for (i = 0; !ret && i < nstrings; i++) {
		struct ref *r = &mod->refs[string_refs[i]];
		const struct string_table *t = &tables[r->dst_sec];

		r->dst_obj = t->object[r->dst_obj];
	}
	/* In address order now: the lookups follow the section's cursor. */
	for (i = 0; !ret && i < n; i++) {
		struct ref *r = &mod->refs[slots[i].ref];

		r->dst_obj = module_object_at(mod, slots[i].sec, slots[i].off);
		if (r->dst_obj == NO_OBJECT)
			mod->unresolved_refs++;
	}
	for (i = 0; tables && i < mod->elf.nsections; i++)
		string_table_free(&tables[i]);
	free(tables);
	free(string_refs);
	free(slots);
	return ret;
}
