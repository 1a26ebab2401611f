/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gcc-common.h - the GCC headers kotest.so needs, and what differs between
 * the GCC versions it is built for.
 *
 * Modelled on the kernel's scripts/gcc-plugins/gcc-common.h, cut down to
 * what this plugin uses.  Built and tested with GCC 11 and 12 (native and
 * cross); the guards below cover the differences back to GCC 8.  Anything
 * version-dependent belongs here, not in the plugin's sources.
 */
#ifndef KOTEST_GCC_COMMON_H
#define KOTEST_GCC_COMMON_H

#include "bversion.h"
#if BUILDING_GCC_VERSION < 8000
#error "kotest.so needs GCC 8 or later"
#endif

#include "gcc-plugin.h"
#include "plugin-version.h"
#include "config.h"
#include "system.h"
#include "coretypes.h"
#include "tm.h"
#include "tree.h"
#include "function.h"
#include "tree-pass.h"
#include "context.h"
#include "opts.h"
#include "toplev.h"
#include "diagnostic-core.h"
#include "intl.h"
/* stringpool.h must come before attribs.h (get_identifier). */
#include "stringpool.h"
#include "attribs.h"

#ifndef __visible
#define __visible __attribute__((visibility("default")))
#endif

/*
 * DECL_SECTION_NAME gives a "const char *" since GCC 5; earlier it was a
 * STRING_CST.  Go through this helper so that a future change is one edit.
 */
static inline const char *kotest_decl_section(const_tree decl)
{
	return DECL_SECTION_NAME(decl);
}

/*
 * The options the compiler driver passed to cc1, in order.  These globals
 * have been in toplev.h since GCC 4.6; GCC 15 keeps them.
 */
static inline unsigned int kotest_nr_options(void)
{
	return save_decoded_options_count;
}

static inline const struct cl_decoded_option *kotest_option(unsigned int i)
{
	return &save_decoded_options[i];
}

/*
 * opt_pass::clone() and execute(function *) have this signature since
 * GCC 5; "final override" is what GCC's own passes use since GCC 11.
 */
#if BUILDING_GCC_VERSION >= 11000
#define KOTEST_PASS_OVERRIDE final override
#else
#define KOTEST_PASS_OVERRIDE
#endif

/*
 * A GIMPLE pass that runs EXECUTE on each function body, inserted after the
 * first instance of the pass named AFTER ("cfg", "optimized"): the class
 * and the registration GCC wants, written once for every part.  The pass
 * data names the pass (-fdump-tree-NAME, -ftime-report counts it as
 * "plugin execution") and asks for a CFG.
 */
#define KOTEST_GIMPLE_PASS_DATA(NAME) {					\
	.type = GIMPLE_PASS, .name = NAME, .optinfo_flags = OPTGROUP_NONE,	\
	.tv_id = TV_PLUGIN_RUN, .properties_required = PROP_cfg,		\
	.properties_provided = 0, .properties_destroyed = 0,		\
	.todo_flags_start = 0, .todo_flags_finish = 0,			\
}

template <unsigned int (*EXECUTE)(function *)>
class kotest_gimple_pass : public gimple_opt_pass {
public:
	explicit kotest_gimple_pass(const pass_data &data)
		: gimple_opt_pass(data, g), data(data) {}

	opt_pass *clone() KOTEST_PASS_OVERRIDE
	{
		return new kotest_gimple_pass(data);
	}

	unsigned int execute(function *fun) KOTEST_PASS_OVERRIDE
	{
		return EXECUTE(fun);
	}

private:
	const pass_data &data;
};

template <unsigned int (*EXECUTE)(function *)>
static inline void kotest_register_gimple_pass(const char *plugin_name,
					       const pass_data &data,
					       const char *after)
{
	struct register_pass_info info;

	info.pass = new kotest_gimple_pass<EXECUTE>(data);
	info.reference_pass_name = after;
	info.ref_pass_instance_number = 1;
	info.pos_op = PASS_POS_INSERT_AFTER;
	register_callback(plugin_name, PLUGIN_PASS_MANAGER_SETUP, NULL, &info);
}

#endif /* KOTEST_GCC_COMMON_H */
