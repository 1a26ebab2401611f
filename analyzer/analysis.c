// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The analysis proper: count each object's uses from init and from
 * persistent memory, then derive candidates (used only by init code),
 * chains (used only by candidates), dangerous links (persistent pointers
 * into init memory the kernel does not handle), movable sections and
 * ftrace call sites into init code.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "dangling.h"
#include "kotest-note.h"
#include "module.h"
#include "notes.h"
#include "params.h"
#include "resolved.h"
#include "sort.h"

static const struct section_facts *facts(const struct module *mod,
					 uint32_t sec)
{
	return &mod->sec[sec].facts;
}

/* Can the objects of this section be moved to init memory at all? */
static bool movable_section(const struct module *mod, uint32_t sec)
{
	const struct section_facts *sf = facts(mod, sec);

	if (sf->class != SEC_PERSISTENT ||
	    (sf->flags & (SR_ROOT | SR_LOAD_ONLY | SR_CODE_INDEX | SR_EXIT)))
		return false;
	return mod->elf.sections[sec].type != SHT_NOBITS || mod->opt->bss;
}

/* movable_section() of each section, once per selection. */
static bool *movable_sections(const struct module *mod)
{
	bool *movable = malloc(mod->elf.nsections + 1);
	size_t i;

	for (i = 0; movable && i < mod->elf.nsections; i++)
		movable[i] = i && movable_section(mod, i);
	return movable;
}

/* Can this object be moved to init memory at all? */
static inline bool movable_object(const struct module *mod,
				  const bool *movable, uint32_t obj)
{
	const struct object *o = &mod->objects[obj];

	return movable[o->section] && o->size > 0;
}

/* A reference that only records where code is (ORC, ftrace, ...). */
static bool bookkeeping(const struct module *mod, const struct ref *r)
{
	unsigned int flags = facts(mod, r->src_sec)->flags;

	/* Routing tables: the architecture credits the code that uses them. */
	if (flags & SR_ROUTE)
		return true;
	return (flags & SR_CODE_INDEX) && section_is_code(mod, r->dst_sec);
}

static int push(uint32_t **arr, size_t *n, uint32_t v)
{
	/* Capacity is 16, then every power of two. */
	if (*n == 0 || (*n >= 16 && (*n & (*n - 1)) == 0)) {
		size_t cap = *n ? *n * 2 : 16;
		uint32_t *a = realloc(*arr, cap * sizeof(**arr));

		if (!a)
			return -1;
		*arr = a;
	}
	(*arr)[(*n)++] = v;
	return 0;
}

static bool same_use(const struct use *x, const struct use *y)
{
	return x->obj == y->obj && x->user == y->user &&
	       x->user_sec == y->user_sec;
}

static bool use_less(const struct use *x, const struct use *y)
{
	if (x->obj != y->obj)
		return x->obj < y->obj;
	if (x->user != y->user)
		return x->user < y->user;
	return x->user_sec < y->user_sec;
}

DEFINE_SORT(sort_uses, struct use, use_less)

static int cmp_obj_addr(const void *a, const void *b, void *arg)
{
	const struct module *mod = arg;
	const struct object *x = &mod->objects[*(const uint32_t *)a];
	const struct object *y = &mod->objects[*(const uint32_t *)b];

	if (x->section != y->section)
		return x->section < y->section ? -1 : 1;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* Who uses what: an edge per reference from persistent code or data. */
struct use_graph {
	struct use *edges;
	size_t nedges;
};

/*
 * Chains: persistent objects whose every persistent user is a candidate
 * or a chain, reachable from a candidate.  'edges' are the persistent uses.
 */
static int find_chains(struct module *mod, const struct module_notes *notes,
		       struct findings *f, const bool *movable,
		       const struct use *edges, size_t nedges)
{
	size_t nobj = mod->nobjects, i, head = 0, tail = 0;
	bool *maybe = malloc(nobj * sizeof(*maybe)), *reach = NULL;
	/* Each object enters it at most once per pass. */
	uint32_t *queue = malloc((nobj + 1) * sizeof(*queue));
	/*
	 * Edges grouped by user (counting sort): by_user[first[u]..first[u+1]).
	 * Fewer than 2^32: an image is at most 1 GB.
	 */
	uint32_t *first = NULL, *by_user = NULL, last_user = 0;
	bool in_order = true;
	int ret = -1;
	size_t k;

	if (!maybe || !queue)
		goto out;
	for (i = 0; i < nobj; i++)
		maybe[i] = mod->objects[i].xref > 0 &&
			   !(mod->objects[i].flags & OBJ_CANDIDATE) &&
			   !(notes && notes_escape(notes, i)) &&
			   movable_object(mod, movable, i);
	/* Chains hang from candidates: with no edge from one, there is none. */
	for (i = 0; i < nedges; i++)
		if (edges[i].user != NO_OBJECT && maybe[edges[i].obj] &&
		    (mod->objects[edges[i].user].flags & OBJ_CANDIDATE))
			break;
	if (i == nedges) {
		ret = 0;
		goto out;
	}

	first = calloc(nobj + 2, sizeof(*first));
	by_user = malloc((nedges + 1) * sizeof(*by_user));
	if (!first || !by_user)
		goto out;
	for (i = 0; i < nedges; i++) {
		uint32_t u = edges[i].user;

		if (u == NO_OBJECT)
			continue;
		first[u + 1]++;
		in_order = in_order && u >= last_user;
		last_user = u;
	}
	for (i = 0; i < nobj; i++)
		first[i + 1] += first[i];
	/* Relocations in order make edges in order of user: keep theirs. */
	for (i = 0, k = 0; in_order && i < nedges; i++)
		if (edges[i].user != NO_OBJECT)
			by_user[k++] = edges[i].obj;
	for (i = 0; !in_order && i < nedges; i++)
		if (edges[i].user != NO_OBJECT)
			by_user[first[edges[i].user]++] = edges[i].obj;
	for (i = nobj; !in_order && i > 0; i--)
		first[i] = first[i - 1];
	first[0] = 0;

	/* Of the rest, some users may be unknown (see module.h). */
	for (i = 0; mod->users_known && i < nobj; i++)
		maybe[i] = maybe[i] &&
			   (mod->objects[i].flags & OBJ_USERS_KNOWN);

	/*
	 * Only what candidates reach can be a chain: a persistent cycle that
	 * init code alone enters (a function and its .cold part) is no user
	 * inside the set for what it uses.
	 */
	reach = calloc(nobj, sizeof(*reach));
	if (!reach)
		goto out;
	for (i = 0; i < f->ncandidates; i++)
		queue[tail++] = f->candidates[i];
	while (head < tail) {
		uint32_t u = queue[head++];

		for (k = first[u]; k < first[u + 1]; k++) {
			uint32_t d = by_user[k];

			if (maybe[d] && !reach[d]) {
				reach[d] = true;
				queue[tail++] = d;
			}
		}
	}
	for (i = 0; i < nobj; i++)
		maybe[i] = maybe[i] && reach[i];
	head = tail = 0;

	/*
	 * Greatest fixpoint: drop objects with a user outside the set.  A
	 * dropped object is itself a user outside the set for everything it
	 * uses: a worklist over its edges makes that linear in the edges.
	 */
	for (i = 0; i < nedges; i++) {
		const struct use *e = &edges[i];

		if (!maybe[e->obj])
			continue;
		if (e->user != NO_OBJECT &&
		    ((mod->objects[e->user].flags & OBJ_CANDIDATE) ||
		     maybe[e->user]))
			continue;
		maybe[e->obj] = false;
		queue[tail++] = e->obj;
	}
	while (head < tail) {
		uint32_t u = queue[head++];

		for (k = first[u]; k < first[u + 1]; k++) {
			uint32_t d = by_user[k];

			if (maybe[d]) {
				maybe[d] = false;
				queue[tail++] = d;
			}
		}
	}
	head = tail = 0;
	/* Keep what candidates reach. */
	for (i = 0; i < f->ncandidates; i++) {
		queue[tail++] = f->candidates[i];
		mod->objects[f->candidates[i]].flags |= OBJ_SEEN;
	}
	while (head < tail) {
		uint32_t u = queue[head++];

		for (k = first[u]; k < first[u + 1]; k++) {
			uint32_t d = by_user[k];

			if (!maybe[d] || (mod->objects[d].flags & OBJ_SEEN))
				continue;
			mod->objects[d].flags |= OBJ_SEEN | OBJ_CHAIN;
			queue[tail++] = d;
			if (push(&f->chains, &f->nchains, d))
				goto out;
		}
	}
	ret = 0;
out:
	for (i = 0; i < tail; i++)
		mod->objects[queue[i]].flags &= ~OBJ_SEEN;
	free(maybe);
	free(reach);
	free(queue);
	free(first);
	free(by_user);
	return ret;
}

/*
 * What the references from 'from' on say: pointers from persistent into
 * init memory, and who uses each object (the counts of struct object, and
 * g's edges).  A second pass counts only the references added since.
 */
static int count_refs(struct module *mod, struct findings *f,
		      struct use_graph *g, size_t from)
{
	struct use *edges;
	size_t i;

	edges = realloc(g->edges, (mod->nrefs + 1) * sizeof(*edges));
	if (!edges)
		return module_fail(mod, "out of memory");
	g->edges = edges;
	for (i = from; i < mod->nrefs; i++) {
		const struct ref *r = &mod->refs[i];
		const struct section_facts *src = facts(mod, r->src_sec);
		const struct section_facts *dst = facts(mod, r->dst_sec);
		struct object *o;

		if (dst->class == SEC_INIT && src->class == SEC_PERSISTENT &&
		    !(src->flags & SR_INIT_SAFE)) {
			if (param_ref_load_only(mod, r))
				f->load_only_params++;
			else if (push(&f->init_pointers, &f->ninit_pointers,
				      i))
				return module_fail(mod, "out of memory");
		}
		if (bookkeeping(mod, r) || r->dst_obj == NO_OBJECT ||
		    r->dst_obj == r->src_obj)
			continue;
		o = &mod->objects[r->dst_obj];
		if (src->class == SEC_INIT) {
			o->rref++;
			continue;
		}
		o->xref++;
		/* Users in kernel-walked sections pin what they use. */
		g->edges[g->nedges++] = (struct use){
			.obj = r->dst_obj,
			.user = (src->flags & SR_ROOT) ? NO_OBJECT : r->src_obj,
			.user_sec = r->src_sec,
		};
	}
	return 0;
}

/*
 * Forget what select() found, for another round.  Only the objects on its
 * lists have their flags: a round after the scan clears just those.
 */
static void unselect(struct module *mod, struct findings *f)
{
	size_t i;

	if (mod->users_known) {
		for (i = 0; i < f->ncandidates; i++)
			mod->objects[f->candidates[i]].flags &= ~OBJ_CANDIDATE;
		for (i = 0; i < f->nchains; i++)
			mod->objects[f->chains[i]].flags &= ~OBJ_CHAIN;
		for (i = 0; i < f->nescaped; i++)
			mod->objects[f->escaped[i]].flags &= ~OBJ_ESCAPES;
	} else {
		for (i = 0; i < mod->nobjects; i++)
			mod->objects[i].flags &= ~(OBJ_CANDIDATE | OBJ_CHAIN |
						   OBJ_ESCAPES);
	}
	free(f->candidates);
	free(f->chains);
	free(f->escaped);
	free(f->movable);
	f->candidates = f->chains = f->escaped = f->movable = NULL;
	f->ncandidates = f->nchains = f->nescaped = f->nmovable = 0;
	f->nuses = 0;
	f->totals = (struct totals){
		.ftrace_init_sites = f->totals.ftrace_init_sites,
		.ftrace_init_bytes = f->totals.ftrace_init_bytes,
	};
}

/* Candidates, chains and their users, from what count_refs() counted. */
static int select_findings(struct module *mod,
			   const struct module_notes *notes,
			   struct findings *f, const struct use_graph *g)
{
	const struct use *edges = g->edges;
	size_t nedges = g->nedges, nwas = 0, i, j;
	bool *movable = movable_sections(mod);
	uint32_t *was = NULL;

	if (!movable)
		goto oom;
	/*
	 * After the scan, only what was a candidate or escaped object can be
	 * one: uses only grow, and what init code newly uses is init memory.
	 * Candidates come in address order: sorted again, they keep it.
	 */
	if (mod->users_known) {
		nwas = f->ncandidates + f->nescaped;
		was = malloc((nwas ? nwas : 1) * sizeof(*was));
		if (!was)
			goto oom;
		memcpy(was, f->candidates, f->ncandidates * sizeof(*was));
		if (f->nescaped)
			memcpy(was + f->ncandidates, f->escaped,
			       f->nescaped * sizeof(*was));
	}
	unselect(mod, f);
	for (i = 0; notes && i < notes->nplaced; i++) {
		const struct placed_fact *p = &notes->placed[i];

		f->totals.placed++;
		f->totals.placed_bytes += mod->objects[p->obj].size;
		f->totals.placed_functions += p->kind == KOTEST_PLACED_FUNCTION;
		f->totals.placed_data += p->kind == KOTEST_PLACED_DATA;
		f->totals.placed_strings += p->kind == KOTEST_PLACED_STRING;
	}
	for (j = 0; j < (was ? nwas : mod->nobjects); j++) {
		struct object *o;

		i = was ? was[j] : j;
		o = &mod->objects[i];
		if (!o->rref || o->xref || !movable_object(mod, movable, i))
			continue;
		/* Its address escapes: the kernel keeps using it. */
		if (notes && notes_escape(notes, i)) {
			o->flags |= OBJ_ESCAPES;
			f->totals.escaped++;
			f->totals.escaped_bytes += o->size;
			if (push(&f->escaped, &f->nescaped, i))
				goto oom;
			continue;
		}
		o->flags |= OBJ_CANDIDATE;
		if (push(&f->candidates, &f->ncandidates, i))
			goto oom;
	}
	if (f->ncandidates)
		qsort_r(f->candidates, f->ncandidates, sizeof(uint32_t),
			cmp_obj_addr, mod);

	if (f->ncandidates &&
	    find_chains(mod, notes, f, movable, edges, nedges))
		goto oom;
	if (f->nchains)
		qsort_r(f->chains, f->nchains, sizeof(uint32_t),
			cmp_obj_addr, mod);

	for (i = 0; i < f->ncandidates; i++) {
		const struct object *o = &mod->objects[f->candidates[i]];

		f->totals.candidates++;
		f->totals.candidate_bytes += o->size;
		if (section_is_code(mod, o->section)) {
			f->totals.functions++;
			f->totals.function_bytes += o->size;
		}
	}
	for (i = 0; i < f->nchains; i++) {
		f->totals.chains++;
		f->totals.chain_bytes += mod->objects[f->chains[i]].size;
	}

	for (i = 1; i < mod->elf.nsections; i++) {
		const struct section_facts *sf = facts(mod, i);

		if (sf->class != SEC_PERSISTENT || !(sf->flags & SR_LOAD_ONLY) ||
		    !mod->elf.sections[i].size)
			continue;
		if (push(&f->movable, &f->nmovable, i))
			goto oom;
		f->totals.movable_bytes += mod->elf.sections[i].size;
	}
	for (i = 0; i < mod->nunknown; i++)
		f->totals.unknown_relocs += mod->unknown[i].count;

	free(movable);
	free(was);
	return 0;
oom:
	free(movable);
	free(was);
	return module_fail(mod, "out of memory");
}

/* Who uses the candidates (init code) and the chains (candidates). */
static int collect_uses(struct module *mod, struct findings *f)
{
	struct use *uses;
	size_t i, n = 0;

	if (!f->ncandidates)
		return 0;
	uses = realloc(f->uses, (mod->nrefs + 1) * sizeof(*uses));
	if (!uses)
		return module_fail(mod, "out of memory");
	f->uses = uses;
	for (i = 0; i < mod->nrefs; i++) {
		const struct ref *r = &mod->refs[i];

		if (r->dst_obj == NO_OBJECT || r->dst_obj == r->src_obj ||
		    !(mod->objects[r->dst_obj].flags &
		      (OBJ_CANDIDATE | OBJ_CHAIN)) || bookkeeping(mod, r))
			continue;
		uses[f->nuses++] = (struct use){
			.obj = r->dst_obj, .user = r->src_obj,
			.user_sec = r->src_sec,
		};
	}
	if (f->nuses && sort_uses(uses, f->nuses))
		return module_fail(mod, "out of memory");
	for (i = 0; i < f->nuses; i++)
		if (!n || !same_use(&uses[n - 1], &uses[i]))
			uses[n++] = uses[i];
	f->nuses = n;
	return 0;
}

static bool index_less(const uint32_t *x, const uint32_t *y)
{
	return *x < *y;
}

DEFINE_SORT(sort_indexes, uint32_t, index_less)

/* The first pass's candidates and chains, in index order, for resolved.c. */
static int add_resolved_refs(struct module *mod, const struct findings *f)
{
	size_t n = f->ncandidates + f->nchains;
	uint32_t *reported = malloc((n ? n : 1) * sizeof(*reported));
	int ret;

	if (!reported)
		return module_fail(mod, "out of memory");
	memcpy(reported, f->candidates, f->ncandidates * sizeof(*reported));
	if (f->nchains)
		memcpy(reported + f->ncandidates, f->chains,
		       f->nchains * sizeof(*reported));
	/* Each list is in address order, and so mostly in index order. */
	ret = sort_indexes(reported, n) ?
	      module_fail(mod, "out of memory") :
	      module_add_resolved_refs(mod, reported, n);
	free(reported);
	return ret;
}

/*
 * Can reference r, which the scan found, change what the first pass
 * selected?  A use the assembler resolved stays in its section: from init
 * code it reaches init memory, from persistent code it adds a persistent
 * user.  Candidates and escaped objects have none (xref 0): a first one
 * changes them.  A chain keeps a user that is a candidate or a chain; an
 * object that is neither stays so with a user that is neither.  Objects
 * whose users the scan did not look for stay as they were.
 */
static bool changes_findings(const struct module *mod, const struct ref *r)
{
	const struct object *dst = &mod->objects[r->dst_obj];
	const struct section_facts *src = facts(mod, r->src_sec);
	bool from_set;

	if (r->dst_obj == NO_OBJECT || r->dst_obj == r->src_obj ||
	    !(dst->flags & OBJ_USERS_KNOWN) || src->class == SEC_INIT)
		return false;
	if (!dst->xref || bookkeeping(mod, r))
		return true;
	from_set = r->src_obj != NO_OBJECT && !(src->flags & SR_ROOT) &&
		   (mod->objects[r->src_obj].flags &
		    (OBJ_CANDIDATE | OBJ_CHAIN));
	return !(dst->flags & OBJ_CHAIN) != !from_set;
}

/*
 * Two passes where there are candidates: the first finds them, then the
 * uses without a relocation of what they reach are added (resolved.c),
 * and the second counts them too.  Candidates only lose uses to the
 * second pass and chains are what candidates reach: one round is enough.
 */
int module_analyze(struct module *mod, const struct module_notes *notes,
		   struct findings *f)
{
	unsigned int ptr_size = mod->elf.elfclass == ELFCLASS64 ? 8 : 4;
	struct use_graph g = { 0 };
	size_t first_new = mod->nrefs, i;
	bool counted = false, changed = false;
	int ret = -1;

	memset(f, 0, sizeof(*f));
	f->ftrace_table = mod->ftrace_table;
	f->totals.ftrace_init_sites = mod->ftrace_init_sites;
	f->totals.ftrace_init_bytes = mod->ftrace_init_sites * ptr_size;
	if (count_refs(mod, f, &g, 0) || select_findings(mod, notes, f, &g))
		goto out;
	ret = 0;
	if (!f->ncandidates && !mod->opt->dump_relocs)
		goto out;
	ret = -1;
	if (add_resolved_refs(mod, f))
		goto out;
	/* Only a new use of what may be reported is counted. */
	for (i = first_new; i < mod->nrefs; i++) {
		if (!(mod->objects[mod->refs[i].dst_obj].flags &
		      OBJ_USERS_KNOWN))
			continue;
		counted = true;
		if (changes_findings(mod, &mod->refs[i])) {
			changed = true;
			break;
		}
	}
	if ((counted && count_refs(mod, f, &g, first_new)) ||
	    (changed && select_findings(mod, notes, f, &g)))
		goto out;
	ret = 0;
out:
	free(g.edges);
	if (!ret)
		ret = collect_uses(mod, f);
	return ret ? ret : classify_links(mod, notes, f);
}

void findings_free(struct findings *f)
{
	free(f->candidates);
	free(f->chains);
	free(f->init_pointers);
	free(f->dangerous);
	free(f->dangling);
	free(f->escaped);
	free(f->movable);
	free(f->uses);
	memset(f, 0, sizeof(*f));
}

size_t findings_users(const struct findings *f, uint32_t obj, size_t *first)
{
	size_t lo = 0, hi = f->nuses, n = 0;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (f->uses[mid].obj < obj)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	while (lo + n < f->nuses && f->uses[lo + n].obj == obj)
		n++;
	return n;
}

const char *object_kind(const struct module *mod, uint32_t obj)
{
	const struct object *o = &mod->objects[obj];
	const struct elf_section *s = &mod->elf.sections[o->section];

	if (s->flags & SHF_EXECINSTR)
		return "function";
	if (o->flags & OBJ_STRING)
		return "string";
	if (s->type == SHT_NOBITS)
		return "bss";
	return (s->flags & SHF_WRITE) ? "data" : "const";
}

const char *object_annotation(const struct module *mod, uint32_t obj)
{
	const struct object *o = &mod->objects[obj];
	const struct elf_section *s = &mod->elf.sections[o->section];

	if (s->flags & SHF_EXECINSTR)
		return "__init";
	return (s->flags & SHF_WRITE) ? "__initdata" : "__initconst";
}
