/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Pointers into init memory that can be read after init ("dangerous"),
 * told apart from those nobody reads again ("dangling").
 */
#ifndef KOTEST_DANGLING_H
#define KOTEST_DANGLING_H

#include <stddef.h>

#include "analysis.h"
#include "module.h"
#include "notes.h"

enum link_reason {
	/* dangerous: reachable after init */
	LINK_NO_HOLDER,		/* no object holds the pointer */
	LINK_CODE,		/* persistent code refers to init memory */
	LINK_WALKED,		/* the kernel walks the holder's section */
	LINK_ESCAPES,		/* a note: the holder's address escapes */
	LINK_STORED,		/* data holds the holder's address */
	LINK_TAKEN,		/* persistent code takes the holder's address */
	LINK_READ,		/* persistent code uses the pointer's member */
	LINK_INIT_ADDRESS,	/* init code takes the holder's address and
				   no note says where it goes */
	LINK_NOTED_READ,	/* a READS note: a function that runs after
				   init accesses the pointer's bytes */
	/* dangling: only init code reads it */
	LINK_INIT_ONLY,		/* nothing after init refers to the holder */
	LINK_OTHER_MEMBERS,	/* persistent code uses other members only */
	LINK_NOTED_OTHER,	/* READS notes: other bytes only */
};

static inline bool link_is_dangling(const struct link *l)
{
	return l->reason >= LINK_INIT_ONLY;
}

/*
 * Split f->init_pointers into f->dangerous and f->dangling, and count
 * them in f->totals.  notes: the plugin's, or NULL.  0, or -1 (module
 * error) when out of memory.
 */
int classify_links(struct module *mod, const struct module_notes *notes,
		   struct findings *f);

/* A short name of the reason (JSON, CSV) and a sentence saying why. */
const char *link_reason_name(const struct link *l);
void link_explain(const struct module *mod, const struct link *l, char *buf,
		  size_t size);

#endif
