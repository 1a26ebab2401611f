/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * decl-sites.h - the declarations of an object, as decl-sites.c recorded
 * them while the unit was parsed, for note-out.c's SITE records.
 */
#ifndef KOTEST_DECL_SITES_H
#define KOTEST_DECL_SITES_H

#include "../include/kotest-note.h"

struct kotest_decl_site {
	unsigned int flags;		/* KOTEST_SITE_* */
	unsigned int line, column;	/* of the declarator's name */
	const char *file;		/* remapped */
	const char *macro;		/* "" if no macro made it */
};

/* Register the PLUGIN_FINISH_DECL callback. */
void kotest_decl_sites_init(const char *plugin_name);

/* Every site of DECL (defined in this unit), sorted by file and line. */
void kotest_decl_sites(tree decl, vec<kotest_decl_site> *out);

#endif /* KOTEST_DECL_SITES_H */
