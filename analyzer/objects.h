/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What objects.c lends anon.c: making objects, indexing and finding them. */
#ifndef KOTEST_OBJECTS_H
#define KOTEST_OBJECTS_H

#include <stdbool.h>
#include <stdint.h>

#include "module.h"

/* A zeroed object at the end of mod->objects, or NO_OBJECT. */
uint32_t new_object(struct module *mod);

/*
 * Merge the new objects [first, mod->nobjects), made in section and
 * address order, into the sections' indexes, which are in address order.
 */
int index_new_objects(struct module *mod, size_t first);

static inline bool object_contains(const struct object *o, uint64_t off)
{
	return off >= o->start &&
	       (off - o->start < o->size || (o->size == 0 && off == o->start));
}

/* Does the object of index entry e hold off, which is at or past its start? */
static inline bool entry_contains(const struct module *mod,
				  const struct index_entry *e, uint64_t off)
{
	if (e->size == UINT32_MAX)
		return object_contains(&mod->objects[e->object], off);
	return off - e->start < e->size || off == e->start;
}

/*
 * Index in ms->index of the last object starting at or before off, or -1.
 * Branch-free: the targets of references are in no order a branch
 * predictor could learn.
 */
static inline long last_at_or_before(const struct module_section *ms,
				     uint64_t off)
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
static inline uint32_t object_search(const struct module *mod, uint32_t sec,
				     uint64_t off)
{
	const struct module_section *ms = &mod->sec[sec];
	long k = last_at_or_before(ms, off);

	if (k >= 0 && entry_contains(mod, &ms->index[k], off))
		return ms->index[k].object;
	return NO_OBJECT;
}


#endif
