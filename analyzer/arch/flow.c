// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The control-flow walk of the anchor trackers (see flow.h).
 */
#include <stdlib.h>
#include <string.h>

#include "flow.h"

/*
 * The branch targets of the last function walked.  Trackers follow
 * relocations in address order, so the next anchor is mostly in the same
 * function: find its targets once per pass over a relocation section.
 */
struct target_map {
	const unsigned char *code;
	uint64_t start, end;
	unsigned int granule;
	uint32_t *join;		/* per granule: 1 + join slot, 0 if none */
	uint32_t njoins;
};

#define PHASE1_ROOM 8

struct pending {
	uint64_t off;
	struct reg_state regs;
};

struct walk_state {
	struct flow_walk *fw;
	const struct target_map *map;
	struct reg_state *joins;	/* state at each join slot */
	bool *has_join;
	unsigned char *seen;		/* per granule, second phase */
	struct pending *stack;
	size_t nstack, cap;
	unsigned int steps;
	bool cut;			/* over the limit */
	bool settled;			/* the join states are complete */
};

static size_t slot(const struct flow_walk *fw, uint64_t off)
{
	return (off - fw->start) / fw->granule;
}

static bool inside(const struct flow_walk *fw, uint64_t off)
{
	return off >= fw->start && off < fw->end;
}

/* Step every instruction once, from no live register, for the targets. */
static int find_targets(struct flow_walk *fw, struct target_map *map)
{
	size_t n = (fw->end - fw->start) / fw->granule + 1;
	uint64_t off = fw->start, next, target;
	uint32_t njoins = 0;

	free(map->join);
	memset(map, 0, sizeof(*map));
	map->join = calloc(n, sizeof(*map->join));
	if (!map->join)
		return -1;
	memset(fw->regs, 0, sizeof(*fw->regs));
	*fw->quiet = true;
	while (off < fw->end) {
		enum flow f;

		next = off + fw->granule;
		target = 0;
		f = fw->step(fw->tracker, off, &next, &target);
		if ((f == FLOW_JUMP || f == FLOW_BRANCH) && inside(fw, target) &&
		    !map->join[slot(fw, target)])
			map->join[slot(fw, target)] = ++njoins;
		off = next > off ? next : off + fw->granule;
	}
	map->code = fw->code;
	map->start = fw->start;
	map->end = fw->end;
	map->granule = fw->granule;
	map->njoins = njoins;
	return 0;
}

static const struct target_map *targets(struct flow_walk *fw)
{
	struct target_map *map = *fw->cache;

	if (!map) {
		map = calloc(1, sizeof(*map));
		if (!map)
			return NULL;
		*fw->cache = map;
	}
	if (map->join && map->code == fw->code && map->start == fw->start &&
	    map->end == fw->end && map->granule == fw->granule)
		return map;
	return find_targets(fw, map) ? NULL : map;
}

void flow_cache_free(void *cache)
{
	struct target_map *map = cache;

	if (map)
		free(map->join);
	free(map);
}

/*
 * Merge 'from' into 'into' (see flow.h); true if 'into' changed.  Every
 * change makes a register live, joined or indexed, or aux unknown, and a
 * joined register's value is not lowered again, so a walk that repeats
 * until nothing changes ends.
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
			changed = true;
			continue;
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
	if (into->aux != from->aux && into->aux != aux_unknown) {
		into->aux = aux_unknown;
		changed = true;
	}
	return changed;
}

static int push(struct walk_state *ws, uint64_t off,
		const struct reg_state *regs)
{
	if (ws->nstack == ws->cap) {
		size_t cap = ws->cap ? ws->cap * 2 : 16;
		struct pending *s = realloc(ws->stack, cap * sizeof(*s));

		if (!s)
			return -1;
		ws->stack = s;
		ws->cap = cap;
	}
	ws->stack[ws->nstack].off = off;
	ws->stack[ws->nstack].regs = *regs;
	ws->nstack++;
	return 0;
}

/*
 * One phase from 'entry' with 'in'.  The first (report false) only
 * settles the join states; the second (report true) walks each
 * instruction once with them and lets the tracker report.
 */
static int run(struct walk_state *ws, uint64_t entry,
	       const struct reg_state *in, bool report)
{
	struct flow_walk *fw = ws->fw;
	struct reg_state *regs = fw->regs;

	*fw->quiet = !report;
	ws->nstack = 0;
	ws->steps = 0;
	ws->cut = false;
	if (push(ws, entry, in))
		return -1;
	while (ws->nstack && !ws->cut) {
		struct pending *p = &ws->stack[--ws->nstack];
		uint64_t off = p->off;

		*regs = p->regs;
		while (inside(fw, off)) {
			uint32_t join = ws->map->join[slot(fw, off)];
			uint64_t next, target;
			enum flow f;

			if (report && ws->seen[slot(fw, off)])
				break;
			if (join && !report) {
				bool had = ws->has_join[join - 1];
				struct reg_state *js = &ws->joins[join - 1];

				if (!had) {
					*js = *regs;
					ws->has_join[join - 1] = true;
				} else if (!merge(js, regs, fw->aux_unknown)) {
					break;
				}
				*regs = *js;
			} else if (join && ws->settled && ws->has_join[join - 1]) {
				*regs = ws->joins[join - 1];
			}
			if (report)
				ws->seen[slot(fw, off)] = 1;
			if (!regs->live)
				break;
			/* The first phase walks loops again: more room. */
			if (++ws->steps > (report ? 1 : PHASE1_ROOM) * fw->limit) {
				ws->cut = true;
				break;
			}
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
	/* Cut short: whatever still holds a value may use it later. */
	if (report && ws->cut)
		fw->use_all(fw->tracker);
	return 0;
}

int flow_follow(struct flow_walk *fw, uint64_t entry)
{
	struct reg_state in = *fw->regs;
	struct walk_state ws = { .fw = fw };
	int ret = -1;

	if (fw->end <= fw->start || !inside(fw, entry)) {
		fw->regs->live = 0;
		return 0;
	}
	ws.map = targets(fw);
	if (!ws.map)
		return -1;
	ws.joins = malloc((ws.map->njoins + 1) * sizeof(*ws.joins));
	ws.has_join = calloc(ws.map->njoins + 1, sizeof(*ws.has_join));
	ws.seen = calloc(slot(fw, fw->end) + 1, 1);
	/*
	 * Cut short, the first phase leaves join states that miss paths:
	 * then each instruction keeps what the first path to reach it had.
	 */
	if (ws.joins && ws.has_join && ws.seen && !run(&ws, entry, &in, false)) {
		ws.settled = !ws.cut;
		ret = run(&ws, entry, &in, true);
	}
	free(ws.joins);
	free(ws.has_join);
	free(ws.seen);
	free(ws.stack);
	return ret;
}
