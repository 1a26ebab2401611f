/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where a code section holds ARM code, Thumb code or data, from its
 * mapping symbols ($a, $t, $d; aarch64 and riscv $x): literal pools and
 * inline tables are not instructions.  Shared by the arm relocation walk
 * and the scan for uses without a relocation (resolved.c).
 */
#ifndef KOTEST_ARCH_CODEMAP_H
#define KOTEST_ARCH_CODEMAP_H

#include <stddef.h>
#include <stdint.h>

#include "insn.h"

struct module;

struct code_region {
	uint64_t start;
	enum code_mode mode;
};

struct code_map {
	struct code_region *regions;	/* by start */
	size_t n;
};

/*
 * The regions of section sec.  Without mapping symbols, arm functions say
 * their mode by bit 0 of their value; elsewhere the map stays empty.
 * Returns 0, or -1 when out of memory (module_fail()).
 */
int code_map_build(struct module *mod, uint32_t sec, struct code_map *map);
void code_map_free(struct code_map *map);

/*
 * The mode at off ('dflt' before the first region), and in *next where
 * the next region starts ('end' after the last one).
 */
enum code_mode code_map_mode(const struct code_map *map, uint64_t off,
			     enum code_mode dflt, uint64_t end,
			     uint64_t *next);

#endif
