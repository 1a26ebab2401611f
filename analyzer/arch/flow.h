/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The walk over a function's control flow that the anchor trackers share
 * (arm, aarch64, ppc64, riscv, s390).  A tracker knows which registers
 * hold "anchor + value" and what one instruction does to them; this walk
 * knows the rest: branches, joins, loops and limits.
 *
 * It is a data-flow pass: at every branch target of the function (a
 * join), the registers hold what they hold on any path that reaches it: the
 * union over every path that reaches it (a register live on one path
 * stays live; one that holds different values on two paths holds "the
 * anchor plus an unknown index", so a loop that steps a pointer through
 * an array leaves it pointing into the array, not past it).  The second
 * walks every reachable instruction once with those states and lets the
 * tracker report its uses.  Without the first phase, the first path to
 * reach a join would decide for all of them.
 */
#ifndef KOTEST_FLOW_H
#define KOTEST_FLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "arch.h"

/* What registers hold: bit n of live means register n is anchor + value[n]. */
struct reg_state {
	uint32_t live;
	/*
	 * bit n: register n holds the anchor plus an unknown index.  Only
	 * accesses with a displacement locate an object through it.
	 */
	uint32_t indexed;
	/*
	 * bit n: paths that joined gave register n different values; it
	 * keeps the lowest (a pointer stepped through an array keeps its
	 * start).  Trackers treat it as the value it holds.
	 */
	uint32_t joined;
	uint32_t aux;		/* the architecture's own (arm: IT, condition) */
	/*
	 * bit n: register n holds the plain number value[n] (a constant the
	 * code moved there), not an anchor: "add x26, x30, x8" after
	 * "mov x8, #0x1400" is anchor + 0x1400, not anchor + an index.
	 */
	uint32_t konst;
	/*
	 * For an indexed register: 1 + the offset of the instruction that
	 * added the index (0: unknown), see struct index_sites.
	 */
	uint32_t def[32];		/* the architecture's own (arm: IT, condition) */
	int64_t value[32];
};

/*
 * The instructions whose "anchor + index" results served as the base of
 * accesses with a displacement, anywhere in the function: such a result
 * is anchor addressing ("ldr w0, [x1, #96]" reaches the object 96 bytes
 * on), so the same register left over at a call is no argument that
 * points into the object at the anchor.  Without displacements it is one
 * ("memcpy(dst, &table[i], n)").
 */
struct index_sites {
	uint32_t def[32];
	unsigned int n;
};

static inline void index_sites_add(struct index_sites *s, uint32_t def)
{
	unsigned int i;

	if (!def)
		return;
	for (i = 0; i < s->n; i++)
		if (s->def[i] == def)
			return;
	if (s->n < sizeof(s->def) / sizeof(s->def[0]))
		s->def[s->n++] = def;
}

static inline bool index_sites_has(const struct index_sites *s, uint32_t def)
{
	unsigned int i;

	for (i = 0; def && i < s->n; i++)
		if (s->def[i] == def)
			return true;
	return false;
}

/*
 * Whether an argument use of an indexed register at the anchor's own
 * value is a leftover of anchor addressing (see struct index_sites).
 */
static inline bool index_leftover(const struct reg_state *r,
				  const struct index_sites *s, unsigned int reg,
				  int64_t base)
{
	return (r->indexed & (1u << reg)) && r->value[reg] == base &&
	       index_sites_has(s, r->def[reg]);
}

enum flow {
	FLOW_NEXT,		/* continues at *next */
	FLOW_STOP,		/* return, indirect jump, not code: path ends */
	FLOW_JUMP,		/* continues at *target only */
	FLOW_BRANCH,		/* conditional: at *target and at *next */
	FLOW_LEAVE,		/* jumps out of the function: a tail call */
};

struct flow_walk {
	const unsigned char *code;	/* the section's bytes */
	uint64_t start, end;		/* the function in it */
	unsigned int granule;		/* the shortest instruction */
	unsigned int limit;		/* instructions stepped per walk */
	uint32_t aux_unknown;		/* aux where paths disagree */
	void **cache;			/* the pass's: flow_cache_free() */
	struct module *mod;		/* whose references a walk takes back */
	struct reloc_walk *walk;	/* the pass, for reloc_emit_forget() */
	void *tracker;
	struct reg_state *regs;		/* the tracker's registers */
	/*
	 * Step the instruction at off: update *regs, report uses, set *next
	 * to where straight-line flow goes on, *target for FLOW_JUMP and
	 * FLOW_BRANCH.
	 */
	enum flow (*step)(void *tracker, uint64_t off, uint64_t *next,
			  uint64_t *target);
	void (*leave)(void *tracker);	/* a tail call: arguments used */
	void (*use_all)(void *tracker);	/* cut short: every value used */
	void (*restart)(void *tracker);	/* uses reported so far are void */
};

/* How flow goes on after an instruction decode_insn() describes. */
static inline enum flow flow_of_insn(const struct insn *insn)
{
	static const enum flow flows[] = {
		[INSN_OTHER] = FLOW_NEXT, [INSN_CALL] = FLOW_NEXT,
		[INSN_JUMP] = FLOW_JUMP, [INSN_BRANCH] = FLOW_BRANCH,
		[INSN_ADDR] = FLOW_NEXT, [INSN_STOP] = FLOW_STOP,
		[INSN_DATA] = FLOW_STOP,
	};

	return flows[insn->type];
}

/*
 * What a step that gives a branch's offset from the instruction at 'off'
 * as 'rel' (0 when the branch is relocated: to another function) means
 * for flow_follow(); a call ('called') whose record in [call_from,
 * call_to) names a function that never returns ends the path.
 */
static inline enum flow flow_after_step(struct reloc_walk *w, enum flow f,
					bool called, uint64_t call_from,
					uint64_t call_to, uint64_t off,
					int64_t rel, uint64_t *target)
{
	if (called && f == FLOW_NEXT &&
	    reloc_noreturn_call(w, call_from, call_to))
		return FLOW_STOP;
	if (f == FLOW_JUMP || f == FLOW_BRANCH) {
		if (rel == 0)
			return f == FLOW_JUMP ? FLOW_LEAVE : FLOW_NEXT;
		*target = off + (uint64_t)rel;
	}
	return f;
}

/*
 * Follow *fw->regs from 'entry' on.  Returns 0, or -1 when out of memory
 * (the caller reports it).
 */
int flow_follow(struct flow_walk *fw, uint64_t entry);

/* Drop what flow_follow() kept for the next call in the same pass. */
void flow_cache_free(void *cache);

#endif
