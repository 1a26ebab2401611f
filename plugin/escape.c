// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * escape.c - find where the address of a static object leaves the code.
 *
 * kotest sees which objects only init code references.  Some of them must
 * stay all the same: init code hands their address to the rest of the
 * kernel (ops registered, fops given to debugfs, thread functions).  This
 * pass writes that down, from the code as it is finally emitted: it runs
 * right after the "optimized" pass (the last GIMPLE pass: all inlining and
 * all GIMPLE optimisation done, SSA still there), for every function.  What
 * it records (note-out.c decides what goes into the note):
 *
 * - what each function body references (static and external variables,
 *   functions, string constants): the unit's reference graph;
 * - escapes of static objects (globals, function-local statics, compound
 *   literals), functions and string constants, at these sinks:
 *     STORED    stored to memory: a global, memory through a pointer, or an
 *               aggregate local (conservative: a local struct is usually
 *               handed to someone);  a store into a static object of an
 *               init section is a container edge instead (it escapes only
 *               if that init object escapes, note-out.c);
 *     PASSED    a call argument, unless the callee is known not to keep it:
 *               a GCC builtin, an internal function, an argument GCC knows
 *               does not escape (gimple_call_arg_flags(): fnspecs and IPA
 *               modref, so also functions of the same file), or a function
 *               of the no-keep list below (-fplugin-arg-kotest-nokeep=...);
 *     RETURNED  a return value;
 *     ASM       an inline asm operand.
 *   The value at a sink is followed back through SSA: copies, casts,
 *   pointer arithmetic, PHIs, conditional and min/max expressions, calls
 *   that return an argument, and loads: a pointer (or an aggregate) loaded
 *   from a static object may be any address its initializer holds.
 *   Followed back to a parameter, the escape is the parameter's: a pass
 *   to a function of the unit is an escape only if that function lets
 *   the parameter escape (kotest_param_escapes(), at the unit's end).
 *
 * Debug statements are skipped: with or without -g the note is the same.
 */

#include "gcc-common.h"
#include "backend.h"
#include "gimple.h"
#include "tree-pass.h"
#include "ssa.h"
#include "gimple-iterator.h"
#include "gimple-walk.h"
#include "cgraph.h"
#include "file-prefix-map.h"
#include "ggc.h"
#include "kotest.h"
#include "escape.h"
#include "reads.h"
#include "../include/kotest-note.h"

/*
 * An argument GCC knows the callee does not keep.  GCC 12 split the flags
 * into direct and indirect escapes; GCC 11 and before had EAF_NOESCAPE.
 */
#ifdef EAF_NO_DIRECT_ESCAPE
#define KOTEST_EAF_NOT_KEPT	(EAF_UNUSED | EAF_NO_DIRECT_ESCAPE)
#define KOTEST_EAF_NOT_RETURNED	EAF_NOT_RETURNED_DIRECTLY
#else
#define KOTEST_EAF_NOT_KEPT	(EAF_UNUSED | EAF_NOESCAPE | EAF_NODIRECTESCAPE)
#define KOTEST_EAF_NOT_RETURNED	0
#endif

vec<kotest_escape_fact> kotest_escapes;
vec<kotest_container_edge> kotest_containers;
vec<kotest_func_refs> kotest_funcs;

/*
 * Kernel functions that do not keep a pointer they are given: they print,
 * format, parse, compare or copy and forget.  A trailing '*' matches a
 * prefix; "name:N" is argument N (1-based) only.  Extended by
 * -fplugin-arg-kotest-nokeep=F[,F...].
 */
static const char * const default_nokeep[] = {
	"printk", "_printk", "vprintk", "printk_deferred", "_printk_deferred",
	"sprintf", "snprintf", "scnprintf", "vsprintf", "vsnprintf",
	"vscnprintf", "sscanf", "vsscanf", "kstrto*", "simple_strto*",
	"memcpy", "memset", "memmove", "memcmp", "memchr",
	"strcmp", "strncmp", "strcasecmp", "strncasecmp", "strlen", "strnlen",
	"strscpy", "strscpy_pad", "sized_strscpy", "strcpy", "strncpy",
	"strlcpy", "strcat", "strncat", "strlcat", "strchr", "strrchr",
	"strnchr", "strstr", "strnstr", "strsep", "strspn", "strcspn",
	"strpbrk", "sysfs_streq", "match_string", "__sysfs_match_string",
	"dev_printk", "_dev_printk", "_dev_emerg", "_dev_alert", "_dev_crit",
	"_dev_err", "_dev_warn", "_dev_notice", "_dev_info",
	"__dynamic_pr_debug", "__dynamic_dev_dbg", "__dynamic_netdev_dbg",
	"netdev_printk", "netdev_err", "netdev_warn", "netdev_info",
	"__warn_printk", "panic", "__ubsan_*", "__asan_*", "__kasan_*",
	"__fortify_panic", "fortify_panic", "__write_overflow_field",
	"__read_overflow2_field",
	/* They copy the name (or format it), and keep the rest. */
	"debugfs_create_file:1", "debugfs_create_file_unsafe:1",
	"debugfs_create_dir:1", "proc_create:1", "proc_create_data:1",
	"proc_mkdir:1", "kthread_create_on_node:4", "kthread_create_on_cpu:4",
	/* Slab caches keep a kstrdup_const() copy of a module's name. */
	"__kmem_cache_create_args:1", "__kmem_cache_create:1",
	"kmem_cache_create:1", "kmem_cache_create_usercopy:1",
	/* They look a name up (and format a module name from it). */
	"load_nls:1", "__request_module:2",
	/* Bitmap operations: they work on the bits and forget the array. */
	"__bitmap_*", "bitmap_*", "linkmode_set_bit_array",
	/* It fills each map's caps from its cap_arr and clears cap_arr. */
	"ethtool_forced_speed_maps_init",
};

static vec<const char *> nokeep;

bool kotest_nokeep_add(const char *list)
{
	const char *p, *comma;

	for (p = list; ; p = comma + 1) {
		size_t len;

		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		if (!len)
			return false;
		nokeep.safe_push(xstrndup(p, len));
		if (!comma)
			break;
	}
	return true;
}

/* Does FNDECL not keep its argument ARG (1-based; 0: all of them)?
 * "name" covers every argument, "name:N" argument N only. */
static bool nokeep_function(tree fndecl, unsigned int arg)
{
	const char *name, *pat;
	unsigned int i;

	if (!DECL_NAME(fndecl))
		return false;
	name = IDENTIFIER_POINTER(DECL_NAME(fndecl));
	FOR_EACH_VEC_ELT(nokeep, i, pat) {
		const char *colon = strchr(pat, ':');
		size_t len = colon ? (size_t)(colon - pat) : strlen(pat);

		if (colon && (!arg || (unsigned int)atoi(colon + 1) != arg))
			continue;
		if (len && pat[len - 1] == '*' ? !strncmp(name, pat, len - 1) :
		    strlen(name) == len && !strncmp(name, pat, len))
			return true;
	}
	return false;
}

/* Trees kept alive for the garbage collector until the end of the unit. */
static GTY(()) vec<tree, va_gc> *kept_trees;
static hash_set<tree> *kept_set;

static const struct ggc_root_tab kotest_ggc_roots[] = {
	{
		.base = &kept_trees,
		.nelt = 1,
		.stride = sizeof(kept_trees),
		.cb = &gt_ggc_mx_vec_tree_va_gc_,
		.pchw = &gt_pch_nx_vec_tree_va_gc_,
	},
	LAST_GGC_ROOT_TAB
};

void kotest_keep_tree(tree t)
{
	if (!kept_set)
		kept_set = new hash_set<tree>;
	if (!kept_set->add(t))
		vec_safe_push(kept_trees, t);
}

const char *kotest_remap_file(const char *file)
{
	const char *r;

	if (!file)
		return "";
	r = remap_debug_filename(file);
	if (r == file)
		r = remap_macro_filename(file);
	return r;
}

const char *kotest_object_name(tree t)
{
	if (TREE_CODE(t) == STRING_CST)
		return "(string)";
	if (DECL_P(t) && DECL_NAME(t))
		return IDENTIFIER_POINTER(DECL_NAME(t));
	return "(compound literal)";
}

/* Is T an object whose address kotest may see: static storage, a
 * function or a string constant? */
static bool is_object(const_tree t)
{
	switch (TREE_CODE(t)) {
	case VAR_DECL:
		return TREE_STATIC(t) || DECL_EXTERNAL(t);
	case FUNCTION_DECL:
	case STRING_CST:
		return true;
	default:
		return false;
	}
}

/* The object whose address ADDR_EXPR's operand OP is, if any; a MEM_REF
 * base is returned as it is, for the caller to follow. */
static tree address_base(tree op)
{
	tree base = get_base_address(op);

	return base ? base : op;
}

static tree initializer_walker(tree *tp, int *walk_subtrees, void *data)
{
	vec<tree> *out = (vec<tree> *)data;
	tree t = *tp;

	if (TYPE_P(t) || DECL_P(t)) {
		*walk_subtrees = 0;
		return NULL_TREE;
	}
	if (TREE_CODE(t) == ADDR_EXPR || TREE_CODE(t) == FDESC_EXPR) {
		tree base = address_base(TREE_OPERAND(t, 0));

		if (is_object(base))
			out->safe_push(base);
		*walk_subtrees = 0;
	}
	return NULL_TREE;
}

void kotest_initializer_refs(tree init, vec<tree> *out)
{
	if (!init || init == error_mark_node)
		return;
	walk_tree_without_duplicates(&init, initializer_walker, out);
}

/* The state of one function's walk. */
struct walk_state {
	function *fun;
	const char *fname;
	hash_set<tree> *visited;	/* SSA names of one value */
	unsigned int depth;
	/* A dry run (place.c): what escapes goes here, no fact is kept. */
	hash_set<tree> *escaping;
};

static void add_unique(vec<tree> *out, tree t)
{
	unsigned int i;
	tree x;

	FOR_EACH_VEC_ELT(*out, i, x)
		if (x == t)
			return;
	out->safe_push(t);
}

static void resolve(walk_state *ws, tree val, vec<tree> *out);

/* Whatever the static objects in OBJS hold, appended to OUT. */
static void contents_of(const vec<tree> &objs, vec<tree> *out)
{
	unsigned int i, j;
	tree obj, x;

	FOR_EACH_VEC_ELT(objs, i, obj) {
		auto_vec<tree, 8> held;

		if (TREE_CODE(obj) != VAR_DECL || !TREE_STATIC(obj))
			continue;
		kotest_initializer_refs(DECL_INITIAL(obj), &held);
		FOR_EACH_VEC_ELT(held, j, x)
			add_unique(out, x);
	}
}

/*
 * The parameters among OBJS, appended to OUT: what the caller's object
 * holds is handed on with what is loaded from it, and a parameter that
 * escapes keeps the caller's object (and what it holds) escaping.
 */
static void params_of(const vec<tree> &objs, vec<tree> *out)
{
	unsigned int i;
	tree obj;

	FOR_EACH_VEC_ELT(objs, i, obj)
		if (TREE_CODE(obj) == PARM_DECL)
			add_unique(out, obj);
}

/* A load from memory REF: what it may give, if a pointer or aggregate. */
static void resolve_load(walk_state *ws, tree ref, vec<tree> *out)
{
	tree base, type = TREE_TYPE(ref);
	auto_vec<tree, 8> objs;

	if (!POINTER_TYPE_P(type) && !AGGREGATE_TYPE_P(type))
		return;
	base = get_base_address(ref);
	if (!base)
		return;
	if (TREE_CODE(base) == MEM_REF || TREE_CODE(base) == TARGET_MEM_REF)
		resolve(ws, TREE_OPERAND(base, 0), &objs);
	else if (is_object(base))
		objs.safe_push(base);
	contents_of(objs, out);
	params_of(objs, out);
}

/* The arguments of CALL whose value its result may be. */
static void resolve_call_result(walk_state *ws, gcall *call, vec<tree> *out)
{
	int rf = gimple_call_return_flags(call);
	tree fndecl = gimple_call_fndecl(call);
	unsigned int i;

	if (rf & ERF_RETURNS_ARG) {
		i = rf & ERF_RETURN_ARG_MASK;
		if (i < gimple_call_num_args(call))
			resolve(ws, gimple_call_arg(call, i), out);
		return;
	}
	if (gimple_call_internal_p(call) ||
	    (fndecl && fndecl_built_in_p(fndecl, BUILT_IN_NORMAL) &&
	     !KOTEST_EAF_NOT_RETURNED))
		return;
	for (i = 0; i < gimple_call_num_args(call); i++) {
		tree arg = gimple_call_arg(call, i);

		if (!POINTER_TYPE_P(TREE_TYPE(arg)))
			continue;
		if (KOTEST_EAF_NOT_RETURNED &&
		    (gimple_call_arg_flags(call, i) &
		     (KOTEST_EAF_NOT_RETURNED | EAF_UNUSED)))
			continue;
		/* "name:N": argument N is only read (a name copied). */
		if (fndecl && nokeep_function(fndecl, i + 1) &&
		    !nokeep_function(fndecl, 0))
			continue;
		resolve(ws, arg, out);
	}
}

/* The objects whose address VAL may be (or, for a load, hold). */
static void resolve(walk_state *ws, tree val, vec<tree> *out)
{
	gimple *def;

	if (!val || ws->depth > 16)
		return;
	switch (TREE_CODE(val)) {
	case ADDR_EXPR: {
		tree base = address_base(TREE_OPERAND(val, 0));

		if (TREE_CODE(base) == MEM_REF ||
		    TREE_CODE(base) == TARGET_MEM_REF)
			resolve(ws, TREE_OPERAND(base, 0), out);
		else if (is_object(base))
			add_unique(out, base);
		return;
	}
	case SSA_NAME:
		break;
	case INTEGER_CST:
	case REAL_CST:
	case COMPLEX_CST:
	case VECTOR_CST:
	case STRING_CST:	/* an aggregate's bytes, not an address */
		return;
	default:
		if (handled_component_p(val) || TREE_CODE(val) == MEM_REF ||
		    TREE_CODE(val) == TARGET_MEM_REF || TREE_CODE(val) == VAR_DECL)
			resolve_load(ws, val, out);
		return;
	}

	if (ws->visited->add(val))
		return;
	/* A parameter: the caller's object, known from the callee's side. */
	if (SSA_NAME_IS_DEFAULT_DEF(val) && SSA_NAME_VAR(val) &&
	    TREE_CODE(SSA_NAME_VAR(val)) == PARM_DECL) {
		add_unique(out, SSA_NAME_VAR(val));
		return;
	}
	def = SSA_NAME_DEF_STMT(val);
	if (!def || gimple_nop_p(def))
		return;
	ws->depth++;
	if (gassign *as = dyn_cast<gassign *>(def)) {
		enum tree_code code = gimple_assign_rhs_code(as);

		if (gimple_assign_single_p(as)) {
			resolve(ws, gimple_assign_rhs1(as), out);
		} else if (CONVERT_EXPR_CODE_P(code) || code == POINTER_PLUS_EXPR ||
			   code == VIEW_CONVERT_EXPR || code == BIT_AND_EXPR ||
			   code == BIT_IOR_EXPR || code == POINTER_DIFF_EXPR) {
			resolve(ws, gimple_assign_rhs1(as), out);
		} else if (code == PLUS_EXPR || code == MINUS_EXPR ||
			   code == MIN_EXPR || code == MAX_EXPR) {
			resolve(ws, gimple_assign_rhs1(as), out);
			resolve(ws, gimple_assign_rhs2(as), out);
		} else if (code == COND_EXPR || code == VEC_COND_EXPR) {
			resolve(ws, gimple_assign_rhs2(as), out);
			resolve(ws, gimple_assign_rhs3(as), out);
		}
	} else if (gphi *phi = dyn_cast<gphi *>(def)) {
		unsigned int i;

		for (i = 0; i < gimple_phi_num_args(phi); i++)
			resolve(ws, gimple_phi_arg_def(phi, i), out);
	} else if (gcall *call = dyn_cast<gcall *>(def)) {
		if (POINTER_TYPE_P(TREE_TYPE(val)))
			resolve_call_result(ws, call, out);
	}
	ws->depth--;
}

static void resolve_value(walk_state *ws, tree val, vec<tree> *out)
{
	hash_set<tree> visited;

	ws->visited = &visited;
	ws->depth = 0;
	resolve(ws, val, out);
}

/* A readable name for the memory REF, for the sink of a store. */
static void describe(tree ref, char *buf, size_t size)
{
	char inner[200];
	tree t;

	buf[0] = 0;
	switch (TREE_CODE(ref)) {
	case VAR_DECL:
	case PARM_DECL:
	case RESULT_DECL:
		snprintf(buf, size, "%s", DECL_NAME(ref) ?
			 IDENTIFIER_POINTER(DECL_NAME(ref)) : "(local)");
		return;
	case COMPONENT_REF:
		t = TREE_OPERAND(ref, 1);
		describe(TREE_OPERAND(ref, 0), inner, sizeof(inner));
		if (inner[0] == '*' && inner[1])
			snprintf(buf, size, "%s->%s", inner + 1, DECL_NAME(t) ?
				 IDENTIFIER_POINTER(DECL_NAME(t)) : "?");
		else
			snprintf(buf, size, "%s.%s", inner, DECL_NAME(t) ?
				 IDENTIFIER_POINTER(DECL_NAME(t)) : "?");
		return;
	case ARRAY_REF:
	case ARRAY_RANGE_REF:
		describe(TREE_OPERAND(ref, 0), inner, sizeof(inner));
		snprintf(buf, size, "%s[]", inner);
		return;
	case BIT_FIELD_REF:
	case REALPART_EXPR:
	case IMAGPART_EXPR:
	case VIEW_CONVERT_EXPR:
		describe(TREE_OPERAND(ref, 0), buf, size);
		return;
	case MEM_REF:
	case TARGET_MEM_REF:
		t = TREE_OPERAND(ref, 0);
		if (TREE_CODE(t) == ADDR_EXPR) {
			describe(TREE_OPERAND(t, 0), buf, size);
			return;
		}
		if (TREE_CODE(t) == SSA_NAME && SSA_NAME_VAR(t) &&
		    DECL_NAME(SSA_NAME_VAR(t)))
			snprintf(buf, size, "*%s",
				 IDENTIFIER_POINTER(DECL_NAME(SSA_NAME_VAR(t))));
		else
			snprintf(buf, size, "*");
		return;
	default:
		snprintf(buf, size, "(memory)");
		return;
	}
}

static void record(walk_state *ws, gimple *stmt, const vec<tree> &objs,
		   unsigned int kind, unsigned int arg, const char *sink)
{
	gcall *call = dyn_cast<gcall *>(stmt);
	tree callee = kind == KOTEST_ESCAPE_PASSED && call ?
		      gimple_call_fndecl(call) : NULL_TREE;
	location_t loc = gimple_location(stmt);
	expanded_location xl;
	unsigned int i;
	tree obj;

	if (objs.is_empty())
		return;
	if (ws->escaping) {
		FOR_EACH_VEC_ELT(objs, i, obj)
			ws->escaping->add(obj);
		return;
	}
	if (LOCATION_LOCUS(loc) == UNKNOWN_LOCATION)
		loc = DECL_SOURCE_LOCATION(ws->fun->decl);
	xl = expand_location(loc);
	FOR_EACH_VEC_ELT(objs, i, obj) {
		kotest_escape_fact f;

		kotest_keep_tree(obj);
		f.object = obj;
		f.kind = kind;
		f.arg = arg;
		f.line = xl.line;
		f.sink = xstrdup(sink);
		f.function = ws->fname;
		f.file = xstrdup(kotest_remap_file(xl.file));
		f.callee = callee;
		if (callee)
			kotest_keep_tree(callee);
		kotest_escapes.safe_push(f);
	}
}

static bool is_init_object(tree t)
{
	return TREE_CODE(t) == VAR_DECL && TREE_STATIC(t) &&
	       kotest_init_section(kotest_decl_section(t));
}

static void scan_store(walk_state *ws, gassign *as)
{
	tree lhs = gimple_assign_lhs(as);
	tree base = get_base_address(lhs);
	auto_vec<tree, 8> objs;
	char sink[256];

	resolve_value(ws, gimple_assign_rhs1(as), &objs);
	if (objs.is_empty())
		return;
	/* Into an init object: it escapes if that does, unknown yet. */
	if (base && is_init_object(base) && !ws->escaping) {
		auto_vec<tree, 4> params;

		/* A parameter has no node to follow: it escapes. */
		params_of(objs, &params);
		describe(lhs, sink, sizeof(sink));
		record(ws, as, params, KOTEST_ESCAPE_STORED, 0, sink);
		location_t loc = gimple_location(as);
		expanded_location xl;
		unsigned int i;
		tree obj;

		if (LOCATION_LOCUS(loc) == UNKNOWN_LOCATION)
			loc = DECL_SOURCE_LOCATION(ws->fun->decl);
		xl = expand_location(loc);
		kotest_keep_tree(base);
		FOR_EACH_VEC_ELT(objs, i, obj) {
			kotest_container_edge e;

			if (TREE_CODE(obj) == PARM_DECL)
				continue;
			kotest_keep_tree(obj);
			e.container = base;
			e.object = obj;
			e.line = xl.line;
			e.function = ws->fname;
			e.file = xstrdup(kotest_remap_file(xl.file));
			kotest_containers.safe_push(e);
		}
		return;
	}
	describe(lhs, sink, sizeof(sink));
	record(ws, as, objs, KOTEST_ESCAPE_STORED, 0, sink);
}

/* memcpy(dst, src, n) and the like copy what SRC holds. */
static bool copies_contents(tree fndecl)
{
	if (!fndecl || !fndecl_built_in_p(fndecl, BUILT_IN_NORMAL))
		return false;
	switch (DECL_FUNCTION_CODE(fndecl)) {
	case BUILT_IN_MEMCPY:
	case BUILT_IN_MEMMOVE:
	case BUILT_IN_MEMPCPY:
	case BUILT_IN_MEMCPY_CHK:
	case BUILT_IN_MEMMOVE_CHK:
		return true;
	default:
		return false;
	}
}

static void scan_call(walk_state *ws, gcall *call)
{
	tree fndecl = gimple_call_fndecl(call);
	tree lhs = gimple_call_lhs(call);
	bool known_safe;
	const char *callee;
	unsigned int i;

	if (gimple_call_internal_p(call))
		return;
	callee = fndecl && DECL_NAME(fndecl) ?
		 IDENTIFIER_POINTER(DECL_NAME(fndecl)) : "(indirect call)";

	/* The result stored to memory: what it may be escapes there. */
	if (lhs && !is_gimple_reg(lhs) && POINTER_TYPE_P(TREE_TYPE(lhs))) {
		auto_vec<tree, 8> objs;
		hash_set<tree> visited;
		char sink[256];

		ws->visited = &visited;
		ws->depth = 0;
		resolve_call_result(ws, call, &objs);
		describe(lhs, sink, sizeof(sink));
		record(ws, call, objs, KOTEST_ESCAPE_STORED, 0, sink);
	}

	if (copies_contents(fndecl) && gimple_call_num_args(call) >= 2) {
		auto_vec<tree, 8> objs, held;

		resolve_value(ws, gimple_call_arg(call, 1), &objs);
		contents_of(objs, &held);
		params_of(objs, &held);
		record(ws, call, held, KOTEST_ESCAPE_PASSED, 2, callee);
		return;
	}

	known_safe = fndecl && (fndecl_built_in_p(fndecl, BUILT_IN_NORMAL) ||
				nokeep_function(fndecl, 0));
	if (known_safe)
		return;
	for (i = 0; i < gimple_call_num_args(call); i++) {
		tree arg = gimple_call_arg(call, i);
		auto_vec<tree, 8> objs;

		if (TREE_CODE(arg) != ADDR_EXPR && TREE_CODE(arg) != SSA_NAME &&
		    !AGGREGATE_TYPE_P(TREE_TYPE(arg)))
			continue;
		if ((gimple_call_arg_flags(call, i) & KOTEST_EAF_NOT_KEPT) ||
		    (fndecl && nokeep_function(fndecl, i + 1)))
			continue;
		resolve_value(ws, arg, &objs);
		record(ws, call, objs, KOTEST_ESCAPE_PASSED, i + 1, callee);
	}
}

static void scan_asm(walk_state *ws, gasm *as)
{
	unsigned int i;

	for (i = 0; i < gimple_asm_ninputs(as) + gimple_asm_noutputs(as); i++) {
		tree op = i < gimple_asm_ninputs(as) ?
			  TREE_VALUE(gimple_asm_input_op(as, i)) :
			  TREE_VALUE(gimple_asm_output_op(as, i - gimple_asm_ninputs(as)));
		auto_vec<tree, 8> objs;
		tree base;

		/* A memory operand: its address is the asm's too. */
		base = get_base_address(op);
		if (base && TREE_CODE(op) != ADDR_EXPR && is_object(base))
			objs.safe_push(base);
		if (i < gimple_asm_ninputs(as))
			resolve_value(ws, op, &objs);
		record(ws, as, objs, KOTEST_ESCAPE_ASM, 0, ws->fname);
	}
}

/* Collect what a statement references, for the unit's reference graph. */
static tree ref_walker(tree *tp, int *walk_subtrees, void *data)
{
	struct walk_stmt_info *wi = (struct walk_stmt_info *)data;
	vec<tree> *refs = (vec<tree> *)wi->info;
	tree t = *tp;

	if (TYPE_P(t)) {
		*walk_subtrees = 0;
		return NULL_TREE;
	}
	if (is_object(t)) {
		if (!kept_set || !kept_set->contains(t))
			kotest_keep_tree(t);
		add_unique(refs, t);
		*walk_subtrees = 0;
	}
	return NULL_TREE;
}

static tree phi_ref_walker(tree *tp, int *walk_subtrees, void *data)
{
	struct walk_stmt_info wi;

	memset(&wi, 0, sizeof(wi));
	wi.info = data;
	return ref_walker(tp, walk_subtrees, &wi);
}

/*
 * One function body: its escapes (or, in a dry run, the objects that
 * escape) and, when REFS is given, what it references.
 */
static void walk_body(walk_state *ws, vec<tree> *refs)
{
	basic_block bb;

	FOR_EACH_BB_FN(bb, ws->fun) {
		gimple_stmt_iterator gsi;
		gphi_iterator pi;

		/* PHI arguments reference objects too (&x on one path). */
		for (pi = gsi_start_phis(bb); refs && !gsi_end_p(pi);
		     gsi_next(&pi)) {
			gphi *phi = pi.phi();
			unsigned int i;

			for (i = 0; i < gimple_phi_num_args(phi); i++) {
				tree arg = gimple_phi_arg_def(phi, i);

				walk_tree_without_duplicates(&arg, phi_ref_walker,
							     refs);
			}
		}

		for (gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gimple *stmt = gsi_stmt(gsi);
			struct walk_stmt_info wi;

			if (is_gimple_debug(stmt))
				continue;
			if (refs) {
				memset(&wi, 0, sizeof(wi));
				wi.info = refs;
				walk_gimple_op(stmt, ref_walker, &wi);
			}

			switch (gimple_code(stmt)) {
			case GIMPLE_ASSIGN:
				if (gimple_store_p(stmt))
					scan_store(ws, as_a<gassign *>(stmt));
				break;
			case GIMPLE_CALL:
				scan_call(ws, as_a<gcall *>(stmt));
				break;
			case GIMPLE_RETURN: {
				auto_vec<tree, 8> objs;

				resolve_value(ws, gimple_return_retval(
					as_a<greturn *>(stmt)), &objs);
				record(ws, stmt, objs, KOTEST_ESCAPE_RETURNED,
				       0, ws->fname);
				break;
			}
			case GIMPLE_ASM:
				scan_asm(ws, as_a<gasm *>(stmt));
				break;
			default:
				break;
			}
		}
	}
}

/* The parameters whose value escapes from their function's body. */
static hash_set<tree> *escaping_params;
/* The functions whose bodies this pass saw: their kotest_funcs entry. */
static hash_map<tree, unsigned int> *seen_bodies;

bool kotest_escape_droppable(const kotest_escape_fact *f)
{
	const kotest_func_refs *fr;
	unsigned int *k;

	if (f->kind != KOTEST_ESCAPE_PASSED || !f->callee || !f->arg ||
	    !seen_bodies)
		return false;
	k = seen_bodies->get(f->callee);
	if (!k)
		return false;
	fr = &kotest_funcs[*k];
	return f->arg <= fr->params.length() &&
	       !escaping_params->contains(fr->params[f->arg - 1]);
}

/*
 * Which parameters escape: those with an escape fact that is not a pass
 * to another function of the unit whose parameter does not escape; a
 * fixpoint from "none" (a recursive pass alone is no escape).
 */
void kotest_param_escapes(void)
{
	kotest_escape_fact *f;
	kotest_func_refs *fr;
	unsigned int i;
	bool changed = true;

	delete escaping_params;
	delete seen_bodies;
	escaping_params = new hash_set<tree>;
	seen_bodies = new hash_map<tree, unsigned int>;
	FOR_EACH_VEC_ELT(kotest_funcs, i, fr)
		seen_bodies->put(fr->decl, i);
	while (changed) {
		changed = false;
		FOR_EACH_VEC_ELT(kotest_escapes, i, f) {
			if (TREE_CODE(f->object) != PARM_DECL ||
			    escaping_params->contains(f->object) ||
			    kotest_escape_droppable(f))
				continue;
			escaping_params->add(f->object);
			changed = true;
		}
	}
}

/* The functions that were not only called directly when compiled. */
static hash_set<tree> *endbr_functions;

bool kotest_had_endbr(tree decl)
{
	return endbr_functions && endbr_functions->contains(decl);
}

unsigned int kotest_escapes_of_function;

static unsigned int escape_execute(function *fun)
{
	walk_state ws;
	kotest_func_refs fr;
	cgraph_node *cn;

	kotest_escapes_of_function = kotest_escapes.length();
	ws.fun = fun;
	ws.fname = xstrdup(DECL_NAME(fun->decl) ?
			   IDENTIFIER_POINTER(DECL_NAME(fun->decl)) : "?");
	ws.visited = NULL;
	ws.depth = 0;
	ws.escaping = NULL;
	kotest_keep_tree(fun->decl);
	/*
	 * What x86's ENDBR pass will see later in this function's passes
	 * (rest_of_insert_endbr_and_patchable_area(): only_called_directly_p()),
	 * before later functions can change it.
	 */
	cn = cgraph_node::get(fun->decl);
	if ((flag_cf_protection & CF_BRANCH) && cn &&
	    !cn->only_called_directly_p()) {
		if (!endbr_functions)
			endbr_functions = new hash_set<tree>;
		endbr_functions->add(fun->decl);
	}
	fr.decl = fun->decl;
	fr.refs = vNULL;
	fr.params = vNULL;
	/* Kept now: a body's parameters may be gone by the unit's end. */
	for (tree p = DECL_ARGUMENTS(fun->decl); p; p = DECL_CHAIN(p)) {
		kotest_keep_tree(p);
		fr.params.safe_push(p);
	}
	walk_body(&ws, &fr.refs);
	kotest_funcs.safe_push(fr);
	/* What runs after init reads: the judge of pointers into init. */
	if (!kotest_init_section(kotest_decl_section(fun->decl)))
		kotest_collect_reads(fun);
	return 0;
}

bool kotest_escaping_objects(tree fndecl, hash_set<tree> *out)
{
	function *fun = DECL_STRUCT_FUNCTION(fndecl);
	walk_state ws;

	if (!fun || !fun->cfg || !gimple_in_ssa_p(fun))
		return false;
	push_cfun(fun);
	ws.fun = fun;
	ws.fname = "";
	ws.visited = NULL;
	ws.depth = 0;
	ws.escaping = out;
	walk_body(&ws, NULL);
	pop_cfun();
	return true;
}

static const pass_data escape_pass_data = KOTEST_GIMPLE_PASS_DATA("kotest_escape");

void kotest_escape_init(const char *plugin_name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(default_nokeep); i++)
		nokeep.safe_push(default_nokeep[i]);

	kotest_register_gimple_pass<escape_execute>(plugin_name,
						    escape_pass_data,
						    "optimized");
	register_callback(plugin_name, PLUGIN_REGISTER_GGC_ROOTS, NULL,
			  (void *)kotest_ggc_roots);
	register_callback(plugin_name, PLUGIN_FINISH_UNIT, kotest_note_finish,
			  NULL);
}
