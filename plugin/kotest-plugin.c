// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kotest.so - a GCC plugin for kernel builds that keeps init code lean.
 *
 * What it does:
 * - notrace.c: every function placed in a section that the kernel frees
 *   after init (".init.text", ".init.text.unlikely", ... : the prefixes are
 *   settable) becomes notrace, with the same mechanism as the kernel's own
 *   notrace in include/linux/compiler_types.h:
 *     -DCC_USING_HOTPATCH                  hotpatch(0, 0)            (s390)
 *     -DCC_USING_PATCHABLE_FUNCTION_ENTRY  patchable_function_entry(0, 0)
 *     otherwise                            no_instrument_function
 *   so no ftrace call site (-pg/-mfentry call, __mcount_loc entry,
 *   __patchable_function_entries record, hotpatch area) is left for code
 *   that is gone moments after the module is loaded.  When -pg is on, it
 *   is dropped in all three cases: a kernel build has no other use for it.
 *   Padding that is not ftrace's, such as x86-64's
 *   -fpatchable-function-entry=16,16 call padding when
 *   CC_USING_PATCHABLE_FUNCTION_ENTRY is not defined, is left alone.
 *   Functions that are already notrace, and functions in any other
 *   section, are not touched.
 * - escape.c, note-out.c: a non-allocated note section .note.kotest
 *   (include/kotest-note.h) says whose address escapes from the code as
 *   emitted, and where the objects init code uses are declared, for
 *   kotest --use-notes.
 * - place.c, on request: static functions, data and string literals that
 *   only init code uses go into init sections, without a source change.
 *
 * How to use it:
 *   make -C plugin [CC=aarch64-linux-gnu-gcc-12]   # build with the compiler
 *                                                  # that will load it
 *   gcc -fplugin=/path/to/kotest.so ...
 *   make -C KDIR M=DIR KCFLAGS=-fplugin=/path/to/kotest.so modules
 *
 * Options:
 *   -fplugin-arg-kotest-verbose          a note for every function changed
 *   -fplugin-arg-kotest-sections=P[,P]   section name prefixes that are
 *                                        freed after init (default .init)
 *   -fplugin-arg-kotest-nokeep=F[,F...]  functions that do not keep a
 *                                        pointer argument (escape.c)
 *   -fplugin-arg-kotest-no-notes         no .note.kotest (escape.c)
 *   -fplugin-arg-kotest-place[=KINDS]    move what only init code uses into
 *                                        init sections (place.c); KINDS:
 *                                        functions,data,strings (default all)
 *   -fplugin-arg-kotest-help             list the options
 */

#include "gcc-common.h"
#include "kotest.h"
#include "decl-sites.h"
#include "../include/kotest-note.h"

__visible int plugin_is_GPL_compatible;

bool kotest_verbose;

static const char kotest_help[] =
	"kotest.so: make functions in init sections notrace\n"
	"  -fplugin-arg-kotest-verbose           a note for every function changed\n"
	"  -fplugin-arg-kotest-sections=P[,P...] prefixes of the section names that\n"
	"                                        are freed after init (default .init)\n"
	"  -fplugin-arg-kotest-nokeep=F[,F...]   functions that do not keep pointer\n"
	"                                        arguments (F* is a prefix)\n"
	"  -fplugin-arg-kotest-no-notes          do not write .note.kotest\n"
	"  -fplugin-arg-kotest-place[=KINDS]     move what only init code uses into\n"
	"                                        init sections; KINDS: functions,\n"
	"                                        data, strings (default: all)\n"
	"  -fplugin-arg-kotest-help              this text\n";

static struct plugin_info kotest_plugin_info = {
	.version = KOTEST_PLUGIN_VERSION,
	.help = kotest_help,
};

/* The init section prefixes, from -fplugin-arg-kotest-sections. */
static const char *default_prefixes[] = { ".init" };
static const char **prefixes = default_prefixes;
static unsigned int nr_prefixes = 1;

bool kotest_init_section(const char *name)
{
	unsigned int i;

	if (!name)
		return false;
	for (i = 0; i < nr_prefixes; i++)
		if (!strncmp(name, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

/* Split "P1,P2,..." into prefixes; an empty prefix is an error. */
static bool set_prefixes(const char *list)
{
	const char *p, *comma;
	unsigned int n = 1, i = 0;

	for (p = list; *p; p++)
		if (*p == ',')
			n++;
	prefixes = XNEWVEC(const char *, n);
	nr_prefixes = n;
	for (p = list; ; p = comma + 1) {
		comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		if (!len)
			return false;
		prefixes[i++] = xstrndup(p, len);
		if (!comma)
			break;
	}
	return true;
}

__visible int plugin_init(struct plugin_name_args *plugin_info,
			  struct plugin_gcc_version *version)
{
	const char * const plugin_name = plugin_info->base_name;
	const int argc = plugin_info->argc;
	const struct plugin_argument * const argv = plugin_info->argv;
	bool notes = true;
	int i;

	if (!plugin_default_version_check(version, &gcc_version)) {
		error(G_("incompatible gcc/plugin versions: build %qs with the "
			 "compiler that loads it"), plugin_info->full_name);
		return 1;
	}

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i].key, "verbose")) {
			kotest_verbose = true;
		} else if (!strcmp(argv[i].key, "help")) {
			fputs(kotest_help, stderr);
		} else if (!strcmp(argv[i].key, "sections")) {
			if (!argv[i].value) {
				error(G_("no value supplied for option "
					 "%<-fplugin-arg-%s-%s%>"),
				      plugin_name, argv[i].key);
				return 1;
			}
			if (!set_prefixes(argv[i].value)) {
				error(G_("empty section prefix in "
					 "%<-fplugin-arg-%s-%s=%s%>"),
				      plugin_name, argv[i].key, argv[i].value);
				return 1;
			}
		} else if (!strcmp(argv[i].key, "nokeep")) {
			if (!argv[i].value || !kotest_nokeep_add(argv[i].value)) {
				error(G_("empty function name in "
					 "%<-fplugin-arg-%s-%s%>"),
				      plugin_name, argv[i].key);
				return 1;
			}
		} else if (!strcmp(argv[i].key, "no-notes")) {
			notes = false;
		} else if (!strcmp(argv[i].key, "place")) {
			if (!kotest_place_parse(argv[i].value)) {
				error(G_("unknown kind in %<-fplugin-arg-%s-%s=%s%>"
					 " (functions, data, strings)"),
				      plugin_name, argv[i].key, argv[i].value);
				return 1;
			}
		} else {
			error(G_("unknown option %<-fplugin-arg-%s-%s%> "
				 "(%<-fplugin-arg-%s-help%> lists them)"),
			      plugin_name, argv[i].key, plugin_name);
			return 1;
		}
	}

	register_callback(plugin_name, PLUGIN_INFO, NULL, &kotest_plugin_info);

	/* Strings move where escape.c says their address stays. */
	if ((kotest_place_kinds & KOTEST_PLACED_STRING) && !notes) {
		error(G_("%<-fplugin-arg-%s-place%> with strings needs the escape "
			 "analysis of the notes: drop %<-fplugin-arg-%s-no-notes%>"),
		      plugin_name, plugin_name);
		return 1;
	}
	kotest_notrace_init(plugin_name);
	if (notes) {
		kotest_escape_init(plugin_name);
		kotest_decl_sites_init(plugin_name);
	}
	kotest_place_init(plugin_name);
	return 0;
}
