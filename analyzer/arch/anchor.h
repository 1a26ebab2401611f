/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Register tracking for section anchors, shared by the decoders that
 * follow a register loaded with an anchor's address (ppc64, riscv, s390):
 * which registers hold "anchor + value", and the references their uses
 * make.  Each architecture keeps what is its own: which registers can be
 * tracked, its calling convention, and the walk over its instructions.
 */
#ifndef KOTEST_ANCHOR_H
#define KOTEST_ANCHOR_H

#include "arch.h"

struct anchor_tracker {
	struct reloc_walk *w;
	size_t rel;
	uint32_t sym;		/* the anchor: values are offsets from it */
	uint32_t live;		/* bit n: register n holds sym + value[n] */
	/*
	 * bit n: register n holds the anchor plus an unknown index.  Only
	 * accesses with a displacement locate an object through it: anything
	 * else would blame whatever object starts at the anchor.
	 */
	uint32_t indexed;
	int64_t value[32];
	int64_t base;		/* the value the anchor load gave */
	unsigned long uses;
	int err;
};

/* A branch target still to follow, with the registers as they are there. */
struct anchor_path {
	uint64_t off;
	uint32_t live, indexed;
	int64_t value[32];
};

static inline void anchor_use(struct anchor_tracker *t, int64_t off)
{
	t->uses++;
	if (!t->err)
		t->err = reloc_emit_to(t->w, t->rel, t->sym, off, true);
}

static inline bool anchor_tracked(const struct anchor_tracker *t,
				  unsigned int reg)
{
	return reg < 32 && (t->live & (1u << reg));
}

static inline void anchor_use_reg(struct anchor_tracker *t, unsigned int reg)
{
	if (!anchor_tracked(t, reg))
		return;
	if ((t->indexed & (1u << reg)) && t->value[reg] == t->base)
		return;
	if (!reloc_value_inside(t->w, t->sym, t->value[reg]))
		return;
	anchor_use(t, t->value[reg]);
}

static inline void anchor_kill(struct anchor_tracker *t, unsigned int reg)
{
	if (reg < 32)
		t->live &= ~(1u << reg);
}

/* Register reg now holds anchor + v (an index added if 'indexed'). */
static inline void anchor_set(struct anchor_tracker *t, unsigned int reg,
			      int64_t v, bool indexed)
{
	t->live |= 1u << reg;
	t->value[reg] = v;
	if (indexed)
		t->indexed |= 1u << reg;
	else
		t->indexed &= ~(1u << reg);
}

static inline void anchor_use_all(struct anchor_tracker *t)
{
	unsigned int r;

	for (r = 0; r < 32; r++)
		anchor_use_reg(t, r);
}

#endif
