// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * note-out.c - write .note.kotest (include/kotest-note.h) at the end of the
 * translation unit, from what escape.c found.
 *
 * At PLUGIN_FINISH_UNIT every function and variable of the unit has been
 * written out, so it is known which objects exist in the object file: a
 * record names an object by a relocation (".dc.a SYMBOL"), and an object
 * that GCC removed (or an external one) must never be named, or the module
 * would get an undefined symbol.  Only these are named:
 *   - variables and functions of this unit that were written out
 *     (TREE_ASM_WRITTEN, not DECL_EXTERNAL), and not in a section that the
 *     module link discards (.discard.*, .export_symbol);
 *   - string constants whose constant-pool entry was written out (the
 *     .LC label, found with lookup_constant_def()).
 *
 * Which objects get records: kotest flags objects that only init code (and
 * init data) references, directly or through other such objects.  From the
 * unit's reference graph (function bodies as escape.c saw them, static
 * initializers) this file computes the objects that could be such: all of
 * them, minus those referenced by an object that cannot be (a static object
 * or function nothing in the unit references, but that is kept all the
 * same: __ksymtab entries, module parameters, ...), and so on.  A public
 * function that nothing in the unit calls could be called by another
 * unit's init code, so it stays in.  For each such object not itself in an
 * init section:
 *   - an ESCAPE record, if its address escapes (one record: the first
 *     escape in source order);
 *   - a DECL record (name, file, line), if it is a declared object that
 *     the unit's init code reaches (directly, or through such objects), or
 *     that a public such object reaches (another unit's init code may be
 *     its only user), and a SITE record for each of its declarations
 *     (decl-sites.c).
 * An object in an init section whose own address escapes passes that on to
 * the addresses it holds (its initializer, and what init code stored into
 * it): CONTAINER escapes, followed through nested init objects.
 * A public object the unit only declares gets an ESCAPE record too, named
 * by its symbol: another unit of the module may define it, and only this
 * one sees its address handed on.
 *
 * Records are sorted (by kind, then symbol name, then contents) and nothing
 * depends on pointers or hash order: two builds give the same bytes.
 */

#include "gcc-common.h"
#include "backend.h"
#include "rtl.h"
#include "cgraph.h"
#include "output.h"
#include "varasm.h"
#include "version.h"
#include "kotest.h"
#include "escape.h"
#include "decl-sites.h"
#include "place.h"
#include "reads.h"
#include "../include/kotest-note.h"

struct note_node {
	tree decl;		/* canonical: decl, or the string's pool decl */
	rtx sym;		/* its SYMBOL_REF */
	bool is_string;
	bool init;		/* in an init section */
	bool maybe_init_only;
	bool nameable;		/* may be named by a relocation (IBT) */
	bool from_init;		/* init code of the unit (or a public
				   object that may be init-only) reaches it */
	int escape;		/* index in kotest_escapes, or -1 */
	unsigned int placed;	/* place.c moved it: enum kotest_placed_kind */
	vec<unsigned int> refs;
	vec<unsigned int> referrers;
};

static vec<note_node> nodes;
static hash_map<tree, unsigned int> *node_of;

/*
 * Escapes of objects another unit of the module may define: that unit's
 * note cannot know that this one hands them on (fs/jfs: super.c's init
 * starts jfs_logmgr.c's jfsIOWait as a thread).  One per symbol.
 */
struct external_escape {
	const char *symbol;
	unsigned int fact;	/* in kotest_escapes */
};

static vec<external_escape> externals;

/* The SYMBOL_REF of an object written out in this unit, or NULL. */
static rtx emitted_symbol(tree t, tree *canon, bool *is_string)
{
	const char *section;
	rtx r, sym;

	*is_string = false;
	*canon = t;
	switch (TREE_CODE(t)) {
	case VAR_DECL:
	case FUNCTION_DECL:
		if (DECL_EXTERNAL(t) || !TREE_ASM_WRITTEN(t) ||
		    !DECL_RTL_SET_P(t))
			return NULL_RTX;
		/* The module link drops these: no relocation against them. */
		section = kotest_decl_section(t);
		if (section && (!strncmp(section, ".discard", 8) ||
				!strcmp(section, ".export_symbol")))
			return NULL_RTX;
		r = DECL_RTL(t);
		break;
	case STRING_CST:
		r = lookup_constant_def(t);
		*is_string = true;
		break;
	default:
		return NULL_RTX;
	}
	if (!r || !MEM_P(r))
		return NULL_RTX;
	sym = XEXP(r, 0);
	if (GET_CODE(sym) != SYMBOL_REF)
		return NULL_RTX;
	if (*is_string) {
		tree d = SYMBOL_REF_DECL(sym);

		if (!d || TREE_CODE(d) != VAR_DECL ||
		    !(TREE_ASM_WRITTEN(d) ||
		      (DECL_INITIAL(d) && TREE_ASM_WRITTEN(DECL_INITIAL(d)))))
			return NULL_RTX;
		*canon = d;
	}
	return sym;
}

/*
 * x86 with -fcf-protection=branch (the kernel's IBT): objtool takes every
 * data relocation to the start of a function in a section it does not know
 * for an indirect branch target.  To a function without ENDBR (only called
 * directly) it warns "data relocation to !ENDBR", and a function with an
 * ENDBR that nothing else uses would no longer be sealed.  So there, a
 * function is named only when its address is taken anyway: it has an ENDBR
 * and something uses it already.  (The others lose only their DECL record.)
 * "Has an ENDBR" is what the back end saw when it compiled the function
 * (escape.c): address_taken can turn true after that, when a later
 * function's body takes the address on the way to a direct call (fs/reiserfs:
 * write_ordered_chunk, passed to an inlined add_to_chunk()).
 */
static bool nameable(tree decl)
{
	cgraph_node *cn;

	if (TREE_CODE(decl) != FUNCTION_DECL || !(flag_cf_protection & CF_BRANCH))
		return true;
	cn = cgraph_node::get(decl);
	return cn && cn->address_taken && kotest_had_endbr(decl) &&
	       !lookup_attribute("nocf_check", TYPE_ATTRIBUTES(TREE_TYPE(decl)));
}

/* The node of T, created on first use; -1 if T is not in the object. */
static int node(tree t)
{
	tree canon;
	bool is_string;
	rtx sym;
	unsigned int *slot, index;
	note_node n;

	slot = node_of->get(t);
	if (slot)
		return *slot;
	sym = emitted_symbol(t, &canon, &is_string);
	if (!sym)
		return -1;
	slot = node_of->get(canon);
	if (slot) {
		index = *slot;
	} else {
		n.decl = canon;
		n.sym = sym;
		n.is_string = is_string;
		n.init = !is_string && kotest_init_section(kotest_decl_section(canon));
		n.maybe_init_only = true;
		n.nameable = nameable(canon);
		n.from_init = false;
		n.escape = -1;
		n.placed = 0;
		n.refs = vNULL;
		n.referrers = vNULL;
		nodes.safe_push(n);
		index = nodes.length() - 1;
		node_of->put(canon, index);
	}
	/* By value: put() may grow the table that a slot points into. */
	if (canon != t)
		node_of->put(t, index);
	return index;
}

static void add_edge(int from, int to)
{
	if (from < 0 || to < 0 || from == to)
		return;
	nodes[from].refs.safe_push(to);
	nodes[to].referrers.safe_push(from);
}

static void build_graph(void)
{
	kotest_func_refs *f;
	varpool_node *vnode;
	unsigned int i, j;
	tree t;

	FOR_EACH_VEC_ELT(kotest_funcs, i, f) {
		int from = node(f->decl);

		FOR_EACH_VEC_ELT(f->refs, j, t)
			add_edge(from, node(t));
	}
	FOR_EACH_VARIABLE(vnode) {
		auto_vec<tree, 16> held;
		int from = node(vnode->decl);

		if (from < 0)
			continue;
		kotest_initializer_refs(DECL_INITIAL(vnode->decl), &held);
		FOR_EACH_VEC_ELT(held, j, t)
			add_edge(from, node(t));
	}
}

/* Take out what something persistent in the unit references. */
static void mark_maybe_init_only(void)
{
	auto_vec<unsigned int, 64> work;
	unsigned int i, j, m;

	for (i = 0; i < nodes.length(); i++) {
		note_node &n = nodes[i];

		if (n.init || n.is_string || !n.referrers.is_empty() ||
		    TREE_PUBLIC(n.decl))
			continue;
		n.maybe_init_only = false;
		work.safe_push(i);
	}
	while (!work.is_empty()) {
		i = work.pop();
		FOR_EACH_VEC_ELT(nodes[i].refs, j, m) {
			if (nodes[m].init || !nodes[m].maybe_init_only)
				continue;
			nodes[m].maybe_init_only = false;
			work.safe_push(m);
		}
	}
}

/*
 * What the unit's init code reaches through objects that may be init-only,
 * and what public ones reach (another unit's init code may be their only
 * user): those get DECL and SITE records (kotest's FILE:LINE advice, and
 * the places --fix edits).
 */
static void mark_from_init(void)
{
	auto_vec<unsigned int, 64> work;
	unsigned int i, j, m;

	for (i = 0; i < nodes.length(); i++) {
		if (nodes[i].init) {
			work.safe_push(i);
		} else if (nodes[i].maybe_init_only && !nodes[i].is_string &&
			   TREE_PUBLIC(nodes[i].decl)) {
			nodes[i].from_init = true;
			work.safe_push(i);
		}
	}
	while (!work.is_empty()) {
		i = work.pop();
		FOR_EACH_VEC_ELT(nodes[i].refs, j, m) {
			if (nodes[m].init || nodes[m].from_init ||
			    !nodes[m].maybe_init_only)
				continue;
			nodes[m].from_init = true;
			work.safe_push(m);
		}
	}
}

/* Is escape A earlier in the source than B? */
static bool escape_before(const kotest_escape_fact &a,
			  const kotest_escape_fact &b)
{
	int c = strcmp(a.file, b.file);

	if (c)
		return c < 0;
	if (a.line != b.line)
		return a.line < b.line;
	/* x = f(&obj): "passed to f" says more than "stored to x". */
	if (a.kind != b.kind)
		return (a.kind == KOTEST_ESCAPE_PASSED ? 0 : a.kind) <
		       (b.kind == KOTEST_ESCAPE_PASSED ? 0 : b.kind);
	if (a.arg != b.arg)
		return a.arg < b.arg;
	c = strcmp(a.sink, b.sink);
	if (c)
		return c < 0;
	return strcmp(a.function, b.function) < 0;
}

static void set_escape(int n, unsigned int fact)
{
	if (n < 0)
		return;
	if (nodes[n].escape < 0 ||
	    escape_before(kotest_escapes[fact], kotest_escapes[nodes[n].escape]))
		nodes[n].escape = fact;
}

/* Init objects whose address escapes pass it on to what they hold. */
static void propagate_containers(void)
{
	auto_vec<unsigned int, 64> work;
	unsigned int i, j, m;
	kotest_container_edge *e;

	for (i = 0; i < nodes.length(); i++)
		if (nodes[i].escape >= 0 && nodes[i].init)
			work.safe_push(i);
	while (!work.is_empty()) {
		note_node *c;
		auto_vec<unsigned int, 16> held;
		auto_vec<const kotest_container_edge *, 16> how;
		expanded_location xl;

		i = work.pop();
		c = &nodes[i];
		xl = expand_location(DECL_SOURCE_LOCATION(c->decl));
		FOR_EACH_VEC_ELT(c->refs, j, m) {
			if (TREE_CODE(c->decl) == VAR_DECL) {
				held.safe_push(m);
				how.safe_push(NULL);
			}
		}
		FOR_EACH_VEC_ELT(kotest_containers, j, e) {
			int obj;

			if (node(e->container) != (int)i)
				continue;
			obj = node(e->object);
			if (obj < 0)
				continue;
			held.safe_push(obj);
			how.safe_push(e);
		}
		FOR_EACH_VEC_ELT(held, j, m) {
			kotest_escape_fact f;

			if (nodes[m].escape >= 0)
				continue;
			f.object = nodes[m].decl;
			f.kind = KOTEST_ESCAPE_CONTAINER;
			f.arg = 0;
			f.callee = NULL_TREE;
			f.sink = kotest_object_name(nodes[i].decl);
			if (how[j]) {
				f.line = how[j]->line;
				f.function = how[j]->function;
				f.file = how[j]->file;
			} else {
				f.line = xl.line;
				f.function = kotest_object_name(nodes[i].decl);
				f.file = xstrdup(kotest_remap_file(xl.file));
			}
			kotest_escapes.safe_push(f);
			nodes[m].escape = kotest_escapes.length() - 1;
			if (nodes[m].init)
				work.safe_push(m);
		}
	}
}

static const char *asm_name(tree decl)
{
	const char *name = IDENTIFIER_POINTER(DECL_ASSEMBLER_NAME(decl));

	return name[0] == '*' ? name + 1 : name;
}

/* Escape FACT of an object the unit does not define: keep the first. */
static void add_external(unsigned int fact)
{
	tree t = kotest_escapes[fact].object;
	external_escape *e, x;
	unsigned int i;

	if ((TREE_CODE(t) != FUNCTION_DECL && TREE_CODE(t) != VAR_DECL) ||
	    !DECL_EXTERNAL(t) || !TREE_PUBLIC(t))
		return;
	x.symbol = asm_name(t);
	x.fact = fact;
	FOR_EACH_VEC_ELT(externals, i, e) {
		if (strcmp(e->symbol, x.symbol))
			continue;
		if (escape_before(kotest_escapes[fact], kotest_escapes[e->fact]))
			e->fact = fact;
		return;
	}
	externals.safe_push(x);
}

static int cmp_externals(const void *a, const void *b)
{
	return strcmp(((const external_escape *)a)->symbol,
		      ((const external_escape *)b)->symbol);
}

static void put_string(FILE *out, const char *s)
{
	fputs("\t.asciz \"", out);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(out, "\\%03o", c);
		else
			fputc(c, out);
	}
	fputs("\"\n", out);
}

static void note_begin(FILE *out, unsigned int type)
{
	fprintf(out, "\t.balign 4\n\t.long %u\n\t.long 2f - 1f\n\t.long %u\n",
		(unsigned int)sizeof(KOTEST_NOTE_NAME), type);
	put_string(out, KOTEST_NOTE_NAME);
	fputs("\t.balign 4\n1:\n", out);
}

static void note_end(FILE *out)
{
	fputs("\t.balign 4\n2:\n", out);
}

static const char *sym_name(const note_node &n)
{
	const char *name = XSTR(n.sym, 0);

	/* A '*' says "no user label prefix": not part of the symbol. */
	return name[0] == '*' ? name + 1 : name;
}

/* The object word: a relocation to it, or 0 when it is named by symbol. */
static void put_object(FILE *out, const note_node &n)
{
	fputs("\t.dc.a ", out);
	if (n.nameable)
		output_addr_const(out, n.sym);
	else
		fputc('0', out);
	fputc('\n', out);
}

static int cmp_nodes(const void *a, const void *b)
{
	const note_node *x = &nodes[*(const unsigned int *)a];
	const note_node *y = &nodes[*(const unsigned int *)b];

	return strcmp(sym_name(*x), sym_name(*y));
}

static const char *producer(void)
{
	static char buf[128];

	snprintf(buf, sizeof(buf), "kotest.so %s gcc %s",
		 KOTEST_PLUGIN_VERSION, version_string);
	return buf;
}

static void put_escape(FILE *out, const kotest_escape_fact *f,
		       const note_node *n, const char *symbol)
{
	note_begin(out, KOTEST_NOTE_ESCAPE);
	fprintf(out, "\t.long %u, %u, %u, %u\n\t.dc.a ",
		KOTEST_NOTE_VERSION, f->kind, f->arg, f->line);
	if (n)
		output_addr_const(out, n->sym);
	else
		fputc('0', out);
	fputc('\n', out);
	put_string(out, f->sink);
	put_string(out, f->function);
	put_string(out, f->file);
	put_string(out, symbol);
	note_end(out);
}

/* Named in DECL records: declared, not a compiler-made variable. */
static bool declared(const note_node &n)
{
	return !n.is_string && DECL_NAME(n.decl) &&
	       !(DECL_ARTIFICIAL(n.decl) && TREE_CODE(n.decl) == VAR_DECL);
}

static void put_decl(FILE *out, const note_node &n, tree decl)
{
	expanded_location xl = expand_location(DECL_SOURCE_LOCATION(decl));

	note_begin(out, KOTEST_NOTE_DECL);
	fprintf(out, "\t.long %u, %u\n", KOTEST_NOTE_VERSION, xl.line);
	put_object(out, n);
	put_string(out, kotest_object_name(decl));
	put_string(out, kotest_remap_file(xl.file));
	put_string(out, sym_name(n));
	note_end(out);
}

/* Is N persistent and does it reference an init object? */
static bool refs_init(const note_node &n)
{
	unsigned int j, m;

	if (n.init)
		return false;
	FOR_EACH_VEC_ELT(n.refs, j, m)
		if (nodes[m].init)
			return true;
	return false;
}

/*
 * Persistent objects that hold the address of an init object: kotest's
 * dangerous and dangling links start there, and its warning names the
 * holder's declaration.  Those without a DECL record of their own.
 */
static void write_holders(FILE *out)
{
	auto_vec<unsigned int, 32> order;
	unsigned int i, j;

	for (i = 0; i < nodes.length(); i++) {
		const note_node &n = nodes[i];

		if (declared(n) && !(n.maybe_init_only && n.from_init) &&
		    refs_init(n))
			order.safe_push(i);
	}
	order.qsort(cmp_nodes);
	FOR_EACH_VEC_ELT(order, j, i)
		put_decl(out, nodes[i], DECL_ORIGIN(nodes[i].decl));
}

/* A persistent variable that holds the address of an init object. */
static bool holds_init(const note_node &n)
{
	return !n.is_string && TREE_CODE(n.decl) == VAR_DECL && refs_init(n);
}

/* A READS record of what function r->function accesses of r->object. */
struct reads_ref {
	unsigned int node;
	kotest_reads *r;
};

static int cmp_reads(const void *a, const void *b)
{
	const reads_ref *x = (const reads_ref *)a, *y = (const reads_ref *)b;
	int c = strcmp(sym_name(nodes[x->node]), sym_name(nodes[y->node]));

	return c ? c : strcmp(x->r->function, y->r->function);
}

/*
 * What the unit's code that runs after init accesses of each holder
 * (reads.c): kotest tells pointers nobody reads after init from the
 * others with it.
 */
static void write_reads(FILE *out)
{
	auto_vec<reads_ref, 32> order;
	kotest_reads *r;
	reads_ref *x;
	unsigned int i, j;

	FOR_EACH_VEC_ELT(kotest_member_reads, i, r) {
		int n = node(r->object);

		if (n >= 0 && holds_init(nodes[n])) {
			reads_ref ref = { (unsigned int)n, r };

			order.safe_push(ref);
		}
	}
	order.qsort(cmp_reads);
	FOR_EACH_VEC_ELT(order, i, x) {
		kotest_read *rd;
		unsigned int flags = x->r->opaque ? KOTEST_READS_OPAQUE : 0;

		FOR_EACH_VEC_ELT(x->r->reads, j, rd)
			if (rd->offset < INT_MIN || rd->offset > INT_MAX ||
			    rd->stride > UINT_MAX)
				flags |= KOTEST_READS_OPAQUE;
		note_begin(out, KOTEST_NOTE_READS);
		fprintf(out, "\t.long %u, %u, %u, 0\n", KOTEST_NOTE_VERSION,
			flags, flags ? 0 : x->r->reads.length());
		put_object(out, nodes[x->node]);
		FOR_EACH_VEC_ELT(x->r->reads, j, rd) {
			if (flags)
				break;
			fprintf(out, "\t.long %d, %u, %u\n", (int)rd->offset,
				rd->size > UINT_MAX ? UINT_MAX :
				(unsigned int)rd->size, (unsigned int)rd->stride);
		}
		put_string(out, x->r->function);
		note_end(out);
	}
}

/* What place.c moved and GCC wrote out, in symbol order. */
static void write_placed(FILE *out)
{
	auto_vec<unsigned int, 32> order;
	kotest_placed_object *p;
	unsigned int i, k;

	FOR_EACH_VEC_ELT(kotest_placed, i, p) {
		int n = node(p->decl);

		if (n >= 0 && nodes[n].init) {
			nodes[n].placed = p->kind;
			order.safe_push(n);
		}
	}
	order.qsort(cmp_nodes);
	FOR_EACH_VEC_ELT(order, k, i) {
		const note_node &n = nodes[i];

		note_begin(out, KOTEST_NOTE_PLACED);
		fprintf(out, "\t.long %u, %u\n", KOTEST_NOTE_VERSION, n.placed);
		put_object(out, n);
		put_string(out, sym_name(n));
		put_string(out, kotest_object_name(n.decl));
		note_end(out);
	}
}

static void write_notes(FILE *out)
{
	auto_vec<unsigned int, 64> order;
	external_escape *e;
	unsigned int i, k;

	for (i = 0; i < nodes.length(); i++)
		if (!nodes[i].init && nodes[i].maybe_init_only)
			order.safe_push(i);
	order.qsort(cmp_nodes);

	fprintf(out, "\t.pushsection %s,\"\",%%note\n", KOTEST_NOTE_SECTION);
	note_begin(out, KOTEST_NOTE_UNIT);
	fprintf(out, "\t.long %u, 0\n", KOTEST_NOTE_VERSION);
	put_string(out, producer());
	put_string(out, kotest_remap_file(main_input_filename));
	note_end(out);

	FOR_EACH_VEC_ELT(order, k, i) {
		const note_node &n = nodes[i];
		const kotest_escape_fact *f;

		if (n.escape < 0 || !n.nameable)
			continue;
		f = &kotest_escapes[n.escape];
		put_escape(out, f, &n, "");
	}
	externals.qsort(cmp_externals);
	FOR_EACH_VEC_ELT(externals, k, e)
		put_escape(out, &kotest_escapes[e->fact], NULL, e->symbol);
	write_placed(out);
	FOR_EACH_VEC_ELT(order, k, i) {
		const note_node &n = nodes[i];
		auto_vec<kotest_decl_site, 4> sites;
		kotest_decl_site *site;
		unsigned int j, clone;
		tree decl;

		if (!n.from_init || !declared(n))
			continue;
		/* A clone (foo.constprop.0) is declared as foo. */
		decl = DECL_ORIGIN(n.decl);
		if (!DECL_NAME(decl))
			decl = n.decl;
		clone = decl != n.decl ? KOTEST_SITE_CLONE : 0;
		put_decl(out, n, decl);

		kotest_decl_sites(decl, &sites);
		FOR_EACH_VEC_ELT(sites, j, site) {
			note_begin(out, KOTEST_NOTE_SITE);
			fprintf(out, "\t.long %u, %u, %u, %u\n",
				KOTEST_NOTE_VERSION, site->flags | clone |
				(n.nameable ? 0 : KOTEST_SITE_BY_SYMBOL),
				site->line, site->column);
			put_object(out, n);
			put_string(out, kotest_object_name(decl));
			put_string(out, sym_name(n));
			put_string(out, site->file);
			put_string(out, site->macro);
			note_end(out);
		}
	}
	write_holders(out);
	write_reads(out);
	fputs("\t.popsection\n", out);
}

void kotest_note_finish(void *gcc_data ATTRIBUTE_UNUSED,
			void *user_data ATTRIBUTE_UNUSED)
{
	kotest_escape_fact *f;
	unsigned int i;

	if (!asm_out_file || seen_error() ||
	    (flag_lto && !flag_fat_lto_objects))
		return;
	node_of = new hash_map<tree, unsigned int>;
	build_graph();
	mark_maybe_init_only();
	mark_from_init();
	kotest_param_escapes();
	FOR_EACH_VEC_ELT(kotest_escapes, i, f) {
		int n;

		/* A parameter's own escape; a pass that goes nowhere. */
		if (TREE_CODE(f->object) == PARM_DECL ||
		    kotest_escape_droppable(f))
			continue;
		n = node(f->object);
		if (n >= 0)
			set_escape(n, i);
		else
			add_external(i);
	}
	propagate_containers();
	write_notes(asm_out_file);
	externals.release();
	delete node_of;
	node_of = NULL;
}
