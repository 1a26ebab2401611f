// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * place.c - put what only init code uses into the sections the kernel frees
 * after init, at compile time (-fplugin-arg-kotest-place[=KINDS], KINDS a
 * subset of functions,data,strings; all by default).
 *
 * The compiler sees every caller and every reference of a unit's static
 * objects; what only init code uses needs no annotation to be freed:
 *
 * - functions: once all IPA decisions are taken (PLUGIN_ALL_IPA_PASSES_END:
 *   inlining decided, clones made, no body expanded yet), a function that
 *   is not public, has no used/weak/alias/section attribute, no alias and
 *   no reference other than direct calls (its address is never taken), and
 *   whose every caller (the function a call is finally emitted in, after
 *   inlining) is init code or a function placed here, goes to .init.text:
 *   a fixpoint, so that a helper of a helper follows.  Clones
 *   (.constprop, .isra, .part) are functions of their own.  A placed
 *   function is made notrace like any init function (notrace.c).
 * - data: a static variable with an initializer (not .bss: a module has no
 *   init .bss), not public, with no section attribute, that only init
 *   code (as above) references, reading or writing it or taking its
 *   address where the address does not escape from the body that takes
 *   it (escape.c's walk, run on the bodies as they are before inlining:
 *   memcpy() from it, a pointer stepped through it, printk("%s", name)),
 *   goes to
 *   .init.rodata.kotest if it is read-only as GCC would place it (with
 *   its relocations: -fPIC on s390), else to .init.data.kotest.  The
 *   decision is taken before any RTL exists (section anchors: arm, arm64,
 *   powerpc group variables by section as their RTL is made); a variable
 *   that already has RTL stays.
 * - strings: in an init function (or a placed one), a string literal or a
 *   __func__ whose address does not escape from that function (escape.c's
 *   facts for it: printk's format and arguments, strcmp's operands do not
 *   escape; a name stored in a struct or handed to a function that may
 *   keep it does) is replaced by a copy in .init.rodata.kotest: one copy
 *   per string for the unit's init code, while persistent code keeps the
 *   literal it uses.  This runs right after escape.c, for each function,
 *   before it is expanded.
 *
 * Sections of their own (.init.rodata.kotest, .init.data.kotest) keep the
 * flags of the unit's own __initconst and __initdata objects out of it (no
 * "section type conflict"); the module loader frees every section whose
 * name starts with ".init" (module_init_section()), and vmlinux's
 * INIT_DATA takes .init.rodata.* and .init.data.*.
 *
 * Each placed object is written down for note-out.c (a KOTEST_NOTE_PLACED
 * record), so that kotest --use-notes can tell how much the plugin moved.
 * Without the option nothing here runs.
 */

#include "gcc-common.h"
#include "backend.h"
#include "cgraph.h"
#include "gimple.h"
#include "gimple-iterator.h"
#include "gimple-walk.h"
#include "ssa.h"
#include "tree-ssa-operands.h"
#include "output.h"
#include "varasm.h"
#include "kotest.h"
#include "escape.h"
#include "place.h"
#include "../include/kotest-note.h"

#define PLACE_TEXT	".init.text"
#define PLACE_RODATA	".init.rodata.kotest"
#define PLACE_DATA	".init.data.kotest"

unsigned int kotest_place_kinds;
vec<kotest_placed_object> kotest_placed;

static void placed(tree decl, unsigned int kind)
{
	kotest_placed_object p = { decl, kind };

	kotest_keep_tree(decl);
	kotest_placed.safe_push(p);
	if (kotest_verbose)
		inform(DECL_SOURCE_LOCATION(decl), "kotest: %qD placed in %qs",
		       decl, kotest_decl_section(decl));
}

/* The function a call or reference is emitted in, after inlining. */
static cgraph_node *emitted_in(symtab_node *referring)
{
	cgraph_node *n = dyn_cast<cgraph_node *>(referring);

	if (!n)
		return NULL;
	return n->inlined_to ? n->inlined_to : n;
}

static bool init_code(cgraph_node *n, hash_set<cgraph_node *> &moved)
{
	return n && (kotest_init_section(kotest_decl_section(n->decl)) ||
		     moved.contains(n));
}

/* Could function N move, if its callers allow it? */
static bool function_may_move(cgraph_node *n)
{
	tree decl = n->decl;
	ipa_ref *ref;

	if (n->inlined_to || n->alias || n->thunk || !n->definition ||
	    !n->callers)
		return false;
	if (TREE_PUBLIC(decl) || n->externally_visible || n->force_output ||
	    DECL_PRESERVE_P(decl) || n->address_taken ||
	    DECL_STATIC_CONSTRUCTOR(decl) || DECL_STATIC_DESTRUCTOR(decl) ||
	    kotest_decl_section(decl) ||
	    lookup_attribute("used", DECL_ATTRIBUTES(decl)))
		return false;
	/* Any reference but a call: an address taken, an alias. */
	return !n->iterate_referring(0, ref);
}

static void place_functions(hash_set<cgraph_node *> *moved)
{
	auto_vec<cgraph_node *, 32> order;
	cgraph_node *n;
	bool changed = true;
	unsigned int i;

	FOR_EACH_DEFINED_FUNCTION(n)
		if (function_may_move(n))
			order.safe_push(n);
	while (changed) {
		changed = false;
		FOR_EACH_VEC_ELT(order, i, n) {
			cgraph_edge *e;

			if (moved->contains(n))
				continue;
			for (e = n->callers; e; e = e->next_caller) {
				cgraph_node *at = emitted_in(e->caller);

				if (at != n && !init_code(at, *moved))
					break;
			}
			if (e)
				continue;
			moved->add(n);
			changed = true;
		}
	}
	/* In symbol table order, not hash order: notes stay reproducible. */
	FOR_EACH_VEC_ELT(order, i, n) {
		if (!moved->contains(n))
			continue;
		set_decl_section_name(n->decl, PLACE_TEXT);
		kotest_notrace_decl(n->decl);
		placed(n->decl, KOTEST_PLACED_FUNCTION);
	}
}

/*
 * What escapes from each function body, as escape.c sees it before
 * inlining (more conservative than after: an address handed to a callee
 * that later gets inlined counts, unless GCC knows the callee keeps
 * nothing); NULL when there is no body to look at.
 */
static hash_map<tree, hash_set<tree> *> *escaping_in;

static bool escapes_from(cgraph_node *n, tree var)
{
	hash_set<tree> **slot = escaping_in->get(n->decl);
	hash_set<tree> *set;

	if (slot) {
		set = *slot;
	} else {
		set = new hash_set<tree>;
		if (!kotest_escaping_objects(n->decl, set)) {
			delete set;
			set = NULL;
		}
		escaping_in->put(n->decl, set);
	}
	return !set || set->contains(var);
}

static bool data_may_move(varpool_node *v, hash_set<cgraph_node *> &moved)
{
	tree decl = v->decl;
	bool used = false;
	ipa_ref *ref;
	unsigned int i;

	if (!TREE_STATIC(decl) || DECL_EXTERNAL(decl) || TREE_PUBLIC(decl) ||
	    v->externally_visible || v->force_output || v->alias ||
	    DECL_PRESERVE_P(decl) || DECL_THREAD_LOCAL_P(decl) ||
	    TREE_THIS_VOLATILE(decl) || DECL_RTL_SET_P(decl) ||
	    kotest_decl_section(decl) ||
	    lookup_attribute("used", DECL_ATTRIBUTES(decl)))
		return false;
	if (!DECL_INITIAL(decl) || DECL_INITIAL(decl) == error_mark_node ||
	    bss_initializer_p(decl))
		return false;
	for (i = 0; v->iterate_referring(i, ref); i++) {
		cgraph_node *at = emitted_in(ref->referring);

		if (!init_code(at, moved))
			return false;
		/* Its address taken: where it goes (the body that takes it). */
		if (ref->use == IPA_REF_ADDR &&
		    escapes_from(dyn_cast<cgraph_node *>(ref->referring), decl))
			return false;
		if (ref->use != IPA_REF_LOAD && ref->use != IPA_REF_STORE &&
		    ref->use != IPA_REF_ADDR)
			return false;
		used = true;
	}
	return used;
}

static void place_data(hash_set<cgraph_node *> &moved)
{
	varpool_node *v;

	escaping_in = new hash_map<tree, hash_set<tree> *>;
	FOR_EACH_DEFINED_VARIABLE(v) {
		tree decl = v->decl;
		int reloc;

		if (!data_may_move(v, moved))
			continue;
		reloc = compute_reloc_for_constant(DECL_INITIAL(decl));
		set_decl_section_name(decl, decl_readonly_section(decl, reloc) ?
					     PLACE_RODATA : PLACE_DATA);
		placed(decl, KOTEST_PLACED_DATA);
	}
	for (hash_map<tree, hash_set<tree> *>::iterator it =
		     escaping_in->begin(); it != escaping_in->end(); ++it)
		delete (*it).second;
	delete escaping_in;
	escaping_in = NULL;
}

static void place_ipa_end(void *gcc_data ATTRIBUTE_UNUSED,
			  void *user_data ATTRIBUTE_UNUSED)
{
	hash_set<cgraph_node *> moved;

	if (seen_error() || flag_lto)
		return;
	if (kotest_place_kinds & KOTEST_PLACED_FUNCTION)
		place_functions(&moved);
	if (kotest_place_kinds & KOTEST_PLACED_DATA)
		place_data(moved);
}

/* Strings: the init copies, one per string constant (by contents). */
struct string_copy {
	tree string;
	tree var;
};
static vec<string_copy> copies;

static bool same_string(const_tree a, const_tree b)
{
	return TREE_STRING_LENGTH(a) == TREE_STRING_LENGTH(b) &&
	       !memcmp(TREE_STRING_POINTER(a), TREE_STRING_POINTER(b),
		       TREE_STRING_LENGTH(a)) &&
	       tree_int_cst_equal(TYPE_SIZE_UNIT(TREE_TYPE(a)),
				  TYPE_SIZE_UNIT(TREE_TYPE(b)));
}

static tree string_copy_of(tree string)
{
	string_copy *c, n;
	unsigned int i;
	tree var;

	FOR_EACH_VEC_ELT(copies, i, c)
		if (same_string(c->string, string))
			return c->var;
	var = build_decl(UNKNOWN_LOCATION, VAR_DECL,
			 create_tmp_var_name("kotest_str"), TREE_TYPE(string));
	TREE_STATIC(var) = 1;
	TREE_READONLY(var) = 1;
	TREE_USED(var) = 1;
	TREE_ADDRESSABLE(var) = 1;
	DECL_ARTIFICIAL(var) = 1;
	DECL_IGNORED_P(var) = 1;
	DECL_INITIAL(var) = string;
	/* Packed like the merged literal it replaces: no padding. */
	SET_DECL_ALIGN(var, TYPE_ALIGN(TREE_TYPE(TREE_TYPE(string))));
	DECL_USER_ALIGN(var) = 1;
	set_decl_section_name(var, PLACE_RODATA);
	varpool_node::add(var);
	kotest_keep_tree(string);
	n.string = string;
	n.var = var;
	copies.safe_push(n);
	placed(var, KOTEST_PLACED_STRING);
	return var;
}

/* The string constant an address of T is taken of, or NULL. */
static tree string_of(tree t)
{
	if (TREE_CODE(t) == STRING_CST)
		return t;
	/* __func__, __FUNCTION__: an artificial static copy of a string. */
	if (TREE_CODE(t) == VAR_DECL && DECL_ARTIFICIAL(t) && TREE_STATIC(t) &&
	    TREE_READONLY(t) && !TREE_PUBLIC(t) && !kotest_decl_section(t) &&
	    DECL_INITIAL(t) && TREE_CODE(DECL_INITIAL(t)) == STRING_CST)
		return DECL_INITIAL(t);
	return NULL_TREE;
}

/* Does OBJ (a string constant or __func__) escape in this function? */
static bool escapes_here(tree obj, unsigned int first)
{
	kotest_container_edge *c;
	unsigned int i;

	for (i = first; i < kotest_escapes.length(); i++) {
		tree o = kotest_escapes[i].object;

		if (o == obj || (TREE_CODE(o) == STRING_CST &&
				 TREE_CODE(obj) == STRING_CST &&
				 same_string(o, obj)))
			return true;
	}
	/* Stored into an init object: escapes if that one does, later. */
	FOR_EACH_VEC_ELT(kotest_containers, i, c)
		if (c->object == obj || (TREE_CODE(c->object) == STRING_CST &&
					 TREE_CODE(obj) == STRING_CST &&
					 same_string(c->object, obj)))
			return true;
	return false;
}

static tree string_walker(tree *tp, int *walk_subtrees, void *data)
{
	unsigned int first = *(unsigned int *)((walk_stmt_info *)data)->info;
	tree *base, string;

	if (TREE_CODE(*tp) != ADDR_EXPR)
		return NULL_TREE;
	*walk_subtrees = 0;
	for (base = &TREE_OPERAND(*tp, 0); handled_component_p(*base);
	     base = &TREE_OPERAND(*base, 0))
		;
	string = string_of(*base);
	if (!string || escapes_here(*base, first))
		return NULL_TREE;
	*base = string_copy_of(string);
	((walk_stmt_info *)data)->changed = true;
	return NULL_TREE;
}

static unsigned int place_strings_execute(function *fun)
{
	unsigned int first = kotest_escapes_of_function;
	basic_block bb;

	if (!kotest_init_section(kotest_decl_section(fun->decl)))
		return 0;
	FOR_EACH_BB_FN(bb, fun) {
		gimple_stmt_iterator gsi;

		for (gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gimple *stmt = gsi_stmt(gsi);
			struct walk_stmt_info wi;

			if (is_gimple_debug(stmt))
				continue;
			memset(&wi, 0, sizeof(wi));
			wi.info = &first;
			walk_gimple_op(stmt, string_walker, &wi);
			if (wi.changed)
				update_stmt(stmt);
		}
	}
	return 0;
}

static const pass_data place_strings_pass_data = KOTEST_GIMPLE_PASS_DATA("kotest_place_strings");

bool kotest_place_parse(const char *kinds)
{
	const char *p = kinds, *comma;

	if (!kinds) {
		kotest_place_kinds = KOTEST_PLACED_FUNCTION | KOTEST_PLACED_DATA |
				     KOTEST_PLACED_STRING;
		return true;
	}
	for (;; p = comma + 1) {
		size_t len;

		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == 9 && !strncmp(p, "functions", len))
			kotest_place_kinds |= KOTEST_PLACED_FUNCTION;
		else if (len == 4 && !strncmp(p, "data", len))
			kotest_place_kinds |= KOTEST_PLACED_DATA;
		else if (len == 7 && !strncmp(p, "strings", len))
			kotest_place_kinds |= KOTEST_PLACED_STRING;
		else
			return false;
		if (!comma)
			return true;
	}
}

void kotest_place_init(const char *plugin_name)
{
	if (kotest_place_kinds & (KOTEST_PLACED_FUNCTION | KOTEST_PLACED_DATA))
		register_callback(plugin_name, PLUGIN_ALL_IPA_PASSES_END,
				  place_ipa_end, NULL);
	if (kotest_place_kinds & KOTEST_PLACED_STRING) {
		/* After escape.c has looked at the same body. */
		kotest_register_gimple_pass<place_strings_execute>(
			plugin_name, place_strings_pass_data, "kotest_escape");
	}
}
