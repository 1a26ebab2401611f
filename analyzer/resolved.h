/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Uses the assembler resolved without a relocation (resolved.c). */
#ifndef KOTEST_RESOLVED_H
#define KOTEST_RESOLVED_H

#include <stdbool.h>
#include <stdint.h>

struct module;

/*
 * Decode the code sections with scan[i] set and add a reference for every
 * direct branch or PC-relative form without a relocation whose target is
 * another object of the section.
 */
int module_add_resolved_refs(struct module *mod, const bool *scan);

/* How --dump-relocs names such a reference's ref.type. */
const char *resolved_name(uint32_t type);

#endif
