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

#endif /* KOTEST_GCC_COMMON_H */
