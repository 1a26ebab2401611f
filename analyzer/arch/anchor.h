/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Register tracking for section anchors, shared by the decoders that
 * follow a register loaded with an anchor's address (aarch64, arm, ppc64,
 * riscv, s390):
 * which registers hold "anchor + value", and the references their uses
 * make.  Each architecture keeps what is its own: which registers can be
 * tracked, its calling convention, and the walk over its instructions.
 */
#ifndef KOTEST_ANCHOR_H
#define KOTEST_ANCHOR_H

#include "arch.h"
#include "flow.h"

struct anchor_tracker {
	struct reloc_walk *w;
	size_t rel;
	uint32_t sym;		/* the anchor: values are offsets from it */
	struct reg_state r;	/* register n holds sym + r.value[n] */
	struct index_sites displaced;	/* see flow.h */
	uint64_t pc;		/* the instruction being stepped */
	int64_t base;		/* the value the anchor load gave */
	unsigned long uses;
	bool called;		/* the instruction stepped is a call */
	int err;
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
	return reg < 32 && (t->r.live & (1u << reg));
}

/* Register reg's value itself is used: stored, compared, ... */
static inline void anchor_use_reg(struct anchor_tracker *t, unsigned int reg)
{
	if (!anchor_tracked(t, reg))
		return;
	if (!reloc_value_inside(t->w, t->sym, t->r.value[reg]))
		return;
	anchor_use(t, t->r.value[reg]);
}

/*
 * Register reg may be an argument of a call (or a returned value): the
 * calling convention says which registers can be, not which are.  A
 * leftover of anchor addressing (index_leftover()) would blame whatever
 * object starts at the anchor: not counted.
 */
static inline void anchor_use_arg(struct anchor_tracker *t, unsigned int reg)
{
	if (anchor_tracked(t, reg) &&
	    index_leftover(&t->r, &t->displaced, reg, t->base))
		return;
	anchor_use_reg(t, reg);
}

/* An access at register reg + d: a use of what lies there. */
static inline void anchor_access(struct anchor_tracker *t, unsigned int reg,
				 int64_t d)
{
	if (!anchor_tracked(t, reg))
		return;
	if (d && (t->r.indexed & (1u << reg)))
		index_sites_add(&t->displaced, t->r.def[reg]);
	anchor_use(t, wrap_add(t->r.value[reg], d));
}

/* Register reg holds nothing known any more. */
static inline void anchor_kill(struct anchor_tracker *t, unsigned int reg)
{
	if (reg < 32) {
		t->r.live &= ~(1u << reg);
		t->r.konst &= ~(1u << reg);
	}
}

/* Register reg gets an index, added by the instruction being stepped. */
static inline void anchor_mark_indexed(struct anchor_tracker *t,
				       unsigned int reg)
{
	t->r.indexed |= 1u << reg;
	t->r.def[reg] = (uint32_t)t->pc + 1;
}

/* Register reg now holds anchor + v (an index added if 'indexed'). */
static inline void anchor_set(struct anchor_tracker *t, unsigned int reg,
			      int64_t v, bool indexed)
{
	t->r.live |= 1u << reg;
	t->r.konst &= ~(1u << reg);
	t->r.joined &= ~(1u << reg);
	t->r.value[reg] = v;
	if (indexed)
		anchor_mark_indexed(t, reg);
	else
		t->r.indexed &= ~(1u << reg);
}

static inline void anchor_use_all(struct anchor_tracker *t)
{
	unsigned int r;

	for (r = 0; r < 32; r++)
		anchor_use_arg(t, r);
}

/* flow_walk callbacks shared by the trackers of this header. */
static inline void anchor_flow_use_all(void *tracker)
{
	anchor_use_all(tracker);
}

static inline void anchor_flow_restart(void *tracker)
{
	((struct anchor_tracker *)tracker)->uses = 0;
}

/* What an architecture gives anchor_follow(). */
struct anchor_arch {
	unsigned int granule;		/* the shortest instruction */
	unsigned int limit;		/* instructions followed per walk */
	enum flow (*step)(void *tracker, uint64_t off, uint64_t *next,
			  uint64_t *target);
	void (*leave)(void *tracker);	/* a tail call */
};

/*
 * t's registers (set by the caller) hold sym + value after the
 * instruction at 'at': follow them from 'entry' through the function
 * (flow.h).  The reference is never dropped: if nothing is seen using
 * the loaded address, the address itself is the use.
 */
static inline enum reloc_verdict anchor_follow(struct anchor_tracker *t,
					       const struct anchor_arch *a,
					       uint64_t at, uint64_t entry)
{
	struct reloc_walk *w = t->w;
	struct flow_walk fw;
	uint64_t start, end;

	if (t->r.live) {
		reloc_function_bounds(w, at, &start, &end);
		fw = (struct flow_walk){
			.code = w->mod->elf.sections[w->target].data,
			.start = start & ~(uint64_t)(a->granule - 1),
			.end = end, .granule = a->granule, .limit = a->limit,
			.cache = &w->flow_cache, .mod = w->mod, .walk = w,
			.tracker = t,
			.regs = &t->r, .step = a->step, .leave = a->leave,
			.use_all = anchor_flow_use_all,
			.restart = anchor_flow_restart,
		};
		if (flow_follow(&fw, entry)) {
			module_fail(w->mod, "out of memory");
			return RELOC_BAD;
		}
	}
	if (!t->uses)
		anchor_use(t, t->base);
	if (t->err || w->mod->error[0])
		return RELOC_BAD;
	return RELOC_DONE;
}

#endif
