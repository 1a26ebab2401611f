/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kotest.h - what the parts of kotest.so share.
 *
 * kotest-plugin.c holds plugin_init(): it checks the GCC version, parses the
 * -fplugin-arg-kotest-* options into the variables below and then lets each
 * part register its passes.  A part is one file (notrace.c, ...) with one
 * entry point declared here.
 */
#ifndef KOTEST_H
#define KOTEST_H

#define KOTEST_PLUGIN_VERSION "1"

/* -fplugin-arg-kotest-verbose: say what was changed, as notes. */
extern bool kotest_verbose;

/*
 * True if a function or object placed in section NAME is freed after the
 * module's (or the kernel's) init: its name starts with one of the prefixes
 * of -fplugin-arg-kotest-sections (default ".init").  NULL is not.
 */
bool kotest_init_section(const char *name);

/* notrace.c: make every function in an init section notrace. */
void kotest_notrace_init(const char *plugin_name);
/* Make DECL notrace now (place.c, for a function it moves). */
void kotest_notrace_decl(tree decl);

/*
 * place.c: -fplugin-arg-kotest-place[=KINDS]: move what only init code
 * uses into init sections.  kotest_place_parse() sets the kinds (all for
 * NULL); false on an unknown one.
 */
bool kotest_place_parse(const char *kinds);
void kotest_place_init(const char *plugin_name);
extern unsigned int kotest_place_kinds;

/*
 * escape.c, note-out.c: record where the addresses of objects escape and
 * write .note.kotest (include/kotest-note.h).  kotest_nokeep_add() adds the
 * functions of -fplugin-arg-kotest-nokeep=F[,F...]; false on an empty name.
 */
void kotest_escape_init(const char *plugin_name);
bool kotest_nokeep_add(const char *list);

#endif /* KOTEST_H */
