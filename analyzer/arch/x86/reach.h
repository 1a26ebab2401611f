/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The x86 byte prefilter of the scan for uses without a relocation
 * (struct arch's next_reach(), resolved.c).
 */
#ifndef KOTEST_X86_REACH_H
#define KOTEST_X86_REACH_H

#include "../insn.h"

/* How far a rel8 reaches: from its field, -127 to 128 and the byte after. */
#define X86_REACH_NEAR 130

uint64_t x86_next_reach(const struct code_view *v, uint64_t from, uint64_t to,
			const struct reach_map *m, uint64_t *target);

#endif
