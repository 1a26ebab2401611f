// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * notrace.c - make every function in an init section notrace.
 *
 * Ftrace records a call site for every traceable function: the -pg call
 * (-mfentry, -mrecord-mcount, -mnop-mcount) with its __mcount_loc entry, the
 * nops and __patchable_function_entries record of
 * -fpatchable-function-entry, or s390's hotpatch area.  The record stays in
 * the loaded module and ftrace allocates a dyn_ftrace for it, even when the
 * function is in .init.text and freed right after the module's init.
 *
 * This pass runs for each function body right after the CFG is built, which
 * is before any of the above is emitted and before IPA makes clones (a
 * clone copies the decl and so inherits the change).  place.c calls
 * kotest_notrace_decl() for the functions it moves to .init.text later
 * (after IPA, still before any of it is emitted).  For a function whose
 * section is an init section (kotest_init_section()) it does what the
 * kernel's notrace (include/linux/compiler_types.h) does:
 *
 *   CC_USING_HOTPATCH defined                  hotpatch(0, 0)
 *   CC_USING_PATCHABLE_FUNCTION_ENTRY defined  patchable_function_entry(0, 0)
 *   otherwise                                  no_instrument_function
 *
 * and it sets no_instrument_function too when -pg is on: a kernel build
 * uses -pg for ftrace only.  Kbuild passes the CC_USING_ macros as -D
 * options, so the mechanism is decided once from the command line (-D and
 * -U, the last one wins).  What a function already has is kept (so a
 * notrace function is left as it is); so is -fpatchable-function-entry
 * padding when CC_USING_PATCHABLE_FUNCTION_ENTRY is not defined (x86-64
 * call padding).
 */

#include "gcc-common.h"
#include "kotest.h"

enum notrace_mechanism {
	NOTRACE_NO_INSTRUMENT,		/* -pg, -mfentry, -mrecord-mcount */
	NOTRACE_PATCHABLE,		/* -fpatchable-function-entry */
	NOTRACE_HOTPATCH,		/* s390 -mhotpatch */
};

static enum notrace_mechanism mechanism;

static const char * const mechanism_attr[] = {
	[NOTRACE_NO_INSTRUMENT] = "no_instrument_function",
	[NOTRACE_PATCHABLE] = "patchable_function_entry",
	[NOTRACE_HOTPATCH] = "hotpatch",
};

/* Is MACRO defined by the -D and -U options on the command line? */
static bool macro_defined(const char *macro)
{
	size_t len = strlen(macro);
	bool defined = false;
	unsigned int i;

	for (i = 0; i < kotest_nr_options(); i++) {
		const struct cl_decoded_option *opt = kotest_option(i);

		if (opt->opt_index != OPT_D && opt->opt_index != OPT_U)
			continue;
		if (!opt->arg || strncmp(opt->arg, macro, len) ||
		    (opt->arg[len] && opt->arg[len] != '='))
			continue;
		defined = opt->opt_index == OPT_D;
	}
	return defined;
}

/* Add ATTR (0, 0) to DECL's attributes, as the kernel's notrace does. */
static void add_zero_attr(tree decl, const char *attr)
{
	tree args = tree_cons(NULL_TREE, integer_zero_node,
			      tree_cons(NULL_TREE, integer_zero_node,
					NULL_TREE));

	/* Prepend: the tail may be shared with other declarations. */
	DECL_ATTRIBUTES(decl) = tree_cons(get_identifier(attr), args,
					  DECL_ATTRIBUTES(decl));
}

void kotest_notrace_decl(tree decl)
{
	const char *section = kotest_decl_section(decl);
	const char *attr = NULL;
	bool no_instrument = false;

	if (mechanism != NOTRACE_NO_INSTRUMENT &&
	    !lookup_attribute(mechanism_attr[mechanism], DECL_ATTRIBUTES(decl))) {
		attr = mechanism_attr[mechanism];
		add_zero_attr(decl, attr);
	}
	/* With the other mechanisms, only when there is a -pg call to drop. */
	if (!DECL_NO_INSTRUMENT_FUNCTION_ENTRY_EXIT(decl) &&
	    (mechanism == NOTRACE_NO_INSTRUMENT || profile_flag)) {
		DECL_NO_INSTRUMENT_FUNCTION_ENTRY_EXIT(decl) = 1;
		no_instrument = true;
	}

	if (kotest_verbose && (attr || no_instrument))
		inform(DECL_SOURCE_LOCATION(decl),
		       "kotest: %qD in %qs made notrace (%s%s%s)", decl, section,
		       attr ? attr : "", attr && no_instrument ? ", " : "",
		       no_instrument ? "no_instrument_function" : "");
}

static unsigned int notrace_execute(function *fun)
{
	if (kotest_init_section(kotest_decl_section(fun->decl)))
		kotest_notrace_decl(fun->decl);
	return 0;
}

static const pass_data notrace_pass_data = KOTEST_GIMPLE_PASS_DATA("kotest_notrace");

void kotest_notrace_init(const char *plugin_name)
{
	if (macro_defined("CC_USING_HOTPATCH"))
		mechanism = NOTRACE_HOTPATCH;
	else if (macro_defined("CC_USING_PATCHABLE_FUNCTION_ENTRY"))
		mechanism = NOTRACE_PATCHABLE;
	else
		mechanism = NOTRACE_NO_INSTRUMENT;

	kotest_register_gimple_pass<notrace_execute>(plugin_name,
						     notrace_pass_data, "cfg");
}
