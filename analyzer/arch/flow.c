// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The control-flow walk of the anchor trackers (see flow.h).
 *
 * A walk reports uses as it goes and merges the registers at every
 * branch target it knows (a join).  It has to start again when it finds
 * out too late that an instruction it walked straight through is a join
 * (a loop's back edge jumps to it), or when a path reaches a join it has
 * already left with registers the join did not have: what it reported is
 * taken back and the walk runs again with the joins it has learnt.  The
 * join states only grow, so this ends; most anchors die before any of it
 * happens and cost one walk.
 */
#include <stdlib.h>
#include <string.h>

#include "../module.h"
#include "flow.h"

/* Walks of one anchor before the last one is taken as it is. */
#define MAX_WALKS 16

/*
 * Join points of the function last walked, learnt by earlier walks of
 * the same pass (relocations come in address order, so the next anchor
 * is mostly in the same function).
 */
struct join_map {
	const unsigned char *code;
	uint64_t start, end;
	unsigned int granule;
	uint32_t *join;		/* per granule: 1 + join number, 0 if none */
	uint32_t njoins;
	/*
	 * Buffers kept from one anchor to the next, so that an anchor costs
	 * what its walk costs and not the size of its function: 'seen' holds
	 * the number of the walk that last stepped each granule, 'join_follow'
	 * the number of the follow that last set each join's state.
	 */
	uint32_t *seen;
	uint32_t walks, follows;
	struct reg_state *joins;
	uint32_t *join_follow;
	uint32_t cap;		/* entries of joins and join_follow */
	struct pending *stack;
	size_t stack_cap;
};

struct pending {
	uint64_t off;
	struct reg_state regs;
};

struct walk_state {
	struct flow_walk *fw;
	struct join_map *map;
	size_t nstack;
	unsigned int steps;
	bool again;			/* a join learnt or grown too late */
};

/* *dst = *src, for the registers that hold something: most hold nothing. */
static void copy_regs(struct reg_state *dst, const struct reg_state *src)
{
	uint32_t live = src->live, konst = src->konst;

	dst->live = live;
	dst->konst = konst;
	while (konst) {
		unsigned int r = __builtin_ctz(konst);

		dst->value[r] = src->value[r];
		konst &= konst - 1;
	}
	dst->indexed = src->indexed;
	dst->joined = src->joined;
	dst->aux = src->aux;
	while (live) {
		unsigned int r = __builtin_ctz(live);

		dst->value[r] = src->value[r];
		dst->def[r] = src->def[r];
		live &= live - 1;
	}
}

/* Granules are 2 or 4 bytes: a shift, not a division, on every step. */
static size_t slot(const struct flow_walk *fw, uint64_t off)
{
	return (off - fw->start) >> __builtin_ctz(fw->granule);
}

static bool inside(const struct flow_walk *fw, uint64_t off)
{
	return off >= fw->start && off < fw->end;
}

static struct join_map *join_map(struct flow_walk *fw)
{
	struct join_map *map = *fw->cache;

	if (!map) {
		map = calloc(1, sizeof(*map));
		if (!map)
			return NULL;
		*fw->cache = map;
	}
	if (map->join && map->code == fw->code && map->start == fw->start &&
	    map->end == fw->end && map->granule == fw->granule)
		return map;
	free(map->join);
	free(map->seen);
	map->join = calloc(slot(fw, fw->end) + 1, sizeof(*map->join));
	map->seen = calloc(slot(fw, fw->end) + 1, sizeof(*map->seen));
	map->njoins = 0;
	map->walks = 0;
	if (!map->join || !map->seen) {
		map->code = NULL;
		return NULL;
	}
	map->code = fw->code;
	map->start = fw->start;
	map->end = fw->end;
	map->granule = fw->granule;
	return map;
}

void flow_cache_free(void *cache)
{
	struct join_map *map = cache;

	if (map) {
		free(map->join);
		free(map->seen);
		free(map->joins);
		free(map->join_follow);
		free(map->stack);
	}
	free(map);
}

/* Room for join states up to the number of joins the map knows. */
static int grow_joins(struct join_map *map)
{
	uint32_t cap = map->cap ? map->cap : 8;
	struct reg_state *joins;
	uint32_t *follow;

	if (map->njoins <= map->cap)
		return 0;
	while (cap < map->njoins)
		cap *= 2;
	joins = realloc(map->joins, cap * sizeof(*joins));
	if (!joins)
		return -1;
	map->joins = joins;
	follow = realloc(map->join_follow, cap * sizeof(*follow));
	if (!follow)
		return -1;
	memset(follow + map->cap, 0, (cap - map->cap) * sizeof(*follow));
	map->join_follow = follow;
	map->cap = cap;
	return 0;
}

/*
 * Merge 'from' into 'into' (see flow.h); true if 'into' changed.  Every
 * change makes a register live, joined or indexed, its index site
 * unknown, a constant unknown or aux unknown, and a
 * joined register's value is not lowered again, so it cannot go on for
 * ever.
 */
static bool merge(struct reg_state *into, const struct reg_state *from,
		  uint32_t aux_unknown)
{
	uint32_t live = from->live;
	bool changed = false;

	while (live) {
		unsigned int r = __builtin_ctz(live);
		uint32_t bit = 1u << r;

		live &= live - 1;
		if (!(into->live & bit)) {
			into->live |= bit;
			into->value[r] = from->value[r];
			into->indexed = (into->indexed & ~bit) |
					(from->indexed & bit);
			into->joined = (into->joined & ~bit) |
				       (from->joined & bit);
			into->def[r] = from->def[r];
			changed = true;
			continue;
		}
		/* Two sites added the index: neither is known to be it. */
		if (into->def[r] != from->def[r] && into->def[r]) {
			into->def[r] = 0;
			changed = true;
		}
		if ((from->indexed & bit) && !(into->indexed & bit)) {
			into->indexed |= bit;
			changed = true;
		}
		if (into->value[r] != from->value[r] &&
		    !(into->joined & bit)) {
			into->joined |= bit;
			if (from->value[r] < into->value[r])
				into->value[r] = from->value[r];
			changed = true;
		}
	}
	/* A constant stays known only where every path agrees on it. */
	live = into->konst;
	while (live) {
		unsigned int r = __builtin_ctz(live);
		uint32_t bit = 1u << r;

		live &= live - 1;
		if (!(from->konst & bit) || from->value[r] != into->value[r]) {
			into->konst &= ~bit;
			changed = true;
		}
	}
	if (into->aux != from->aux && into->aux != aux_unknown) {
		into->aux = aux_unknown;
		changed = true;
	}
	return changed;
}

static int push(struct walk_state *ws, uint64_t off,
		const struct reg_state *regs)
{
	struct join_map *map = ws->map;

	if (ws->nstack == map->stack_cap) {
		size_t cap = map->stack_cap ? map->stack_cap * 2 : 16;
		struct pending *s = realloc(map->stack, cap * sizeof(*s));

		if (!s)
			return -1;
		map->stack = s;
		map->stack_cap = cap;
	}
	map->stack[ws->nstack].off = off;
	copy_regs(&map->stack[ws->nstack].regs, regs);
	ws->nstack++;
	return 0;
}

static bool walked(const struct walk_state *ws, uint64_t off)
{
	return ws->map->seen[slot(ws->fw, off)] == ws->map->walks;
}

/* A branch to 'target': make it a join, late if already walked through. */
static int learn_join(struct walk_state *ws, uint64_t target)
{
	struct flow_walk *fw = ws->fw;
	uint32_t *join;

	if (!inside(fw, target))
		return 0;	/* out of the function: no join of it */
	join = &ws->map->join[slot(fw, target)];
	if (*join)
		return 0;
	*join = ++ws->map->njoins;
	if (walked(ws, target))
		ws->again = true;
	return grow_joins(ws->map);
}

/*
 * Arrive at join number 'join' with *regs: merge, and say whether the
 * walk goes on from here (with the merged registers).
 */
static bool arrive(struct walk_state *ws, uint32_t join,
		   struct reg_state *regs, uint64_t off)
{
	struct join_map *map = ws->map;
	struct reg_state *js = &map->joins[join - 1];
	bool done = walked(ws, off);

	if (map->join_follow[join - 1] != map->follows) {
		copy_regs(js, regs);
		map->join_follow[join - 1] = map->follows;
	} else if (!merge(js, regs, ws->fw->aux_unknown)) {
		if (done)
			return false;	/* nothing new from here on */
	} else if (done) {
		ws->again = true;	/* walked with less than it holds */
	}
	copy_regs(regs, js);
	return true;
}

/*
 * One walk from 'entry' with 'in', reporting as it goes.  It goes on to
 * the end even when it learns that it must run again, to learn every
 * join it can for the next one.
 */
static int walk(struct walk_state *ws, uint64_t entry,
		const struct reg_state *in)
{
	struct flow_walk *fw = ws->fw;
	struct reg_state *regs = fw->regs;

	ws->nstack = 0;
	ws->steps = 0;
	ws->again = false;
	if (++ws->map->walks == 0) {	/* wrapped: clear for real */
		memset(ws->map->seen, 0,
		       (slot(fw, fw->end) + 1) * sizeof(*ws->map->seen));
		ws->map->walks = 1;
	}
	if (push(ws, entry, in))
		return -1;
	while (ws->nstack) {
		struct pending *p = &ws->map->stack[--ws->nstack];
		uint64_t off = p->off;

		copy_regs(regs, &p->regs);
		while (inside(fw, off)) {
			uint32_t join = ws->map->join[slot(fw, off)];
			uint64_t next, target;
			enum flow f;

			if (join && !arrive(ws, join, regs, off))
				break;
			if (!join && walked(ws, off))
				break;
			ws->map->seen[slot(fw, off)] = ws->map->walks;
			if (!regs->live)
				break;
			if (++ws->steps > fw->limit || !fw->mod->flow_steps_left) {
				/* Whatever still holds a value may use it. */
				fw->use_all(fw->tracker);
				ws->nstack = 0;
				break;
			}
			fw->mod->flow_steps_left--;
			next = off + fw->granule;
			target = 0;
			f = fw->step(fw->tracker, off, &next, &target);
			if (f == FLOW_STOP)
				break;
			if (f == FLOW_LEAVE ||
			    (f == FLOW_JUMP && !inside(fw, target))) {
				fw->leave(fw->tracker);
				break;
			}
			if ((f == FLOW_JUMP || f == FLOW_BRANCH) &&
			    learn_join(ws, target))
				return -1;
			if (f == FLOW_JUMP) {
				off = target;
				continue;
			}
			if (f == FLOW_BRANCH && inside(fw, target) &&
			    push(ws, target, regs))
				return -1;
			off = next > off ? next : off + fw->granule;
		}
	}
	return 0;
}

int flow_follow(struct flow_walk *fw, uint64_t entry)
{
	struct reg_state in = *fw->regs;
	struct walk_state ws = { .fw = fw };
	struct module *mod = fw->mod;
	size_t nrefs = mod->nrefs;
	uint64_t outside = mod->outside_refs, inexact = mod->inexact_addends;
	unsigned int n;

	if (fw->end <= fw->start || !inside(fw, entry)) {
		fw->regs->live = 0;
		return 0;
	}
	ws.map = join_map(fw);
	if (!ws.map)
		return -1;
	if (++ws.map->follows == 0) {	/* wrapped: clear for real */
		memset(ws.map->join_follow, 0,
		       ws.map->cap * sizeof(*ws.map->join_follow));
		ws.map->follows = 1;
	}
	for (n = 1;; n++) {
		if (walk(&ws, entry, &in))
			return -1;
		if (!ws.again || n == MAX_WALKS)
			break;
		/* Take back what this walk reported; keep its joins. */
		mod->nrefs = nrefs;
		mod->outside_refs = outside;
		mod->inexact_addends = inexact;
		reloc_emit_forget(fw->walk);
		fw->restart(fw->tracker);
	}
	return 0;
}
