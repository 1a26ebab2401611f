/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Uses the assembler resolved without a relocation (resolved.c). */
#ifndef KOTEST_RESOLVED_H
#define KOTEST_RESOLVED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct module;

/*
 * After an analysis pass has flagged the candidates and chains (the object
 * indices in 'reported', n of them, in index order): decode the code that
 * could use what they reach without a relocation, and add a reference for
 * every direct branch or PC-relative form without one whose target is
 * another object of its section.  With --dump-relocs, all loaded code.
 */
int module_add_resolved_refs(struct module *mod, const uint32_t *reported,
			     size_t n);

/* How --dump-relocs names such a reference's ref.type. */
const char *resolved_name(uint32_t type);

#endif
