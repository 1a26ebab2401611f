/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What an x86-64 function does with an address it loads (addr.c). */
#ifndef KOTEST_X86_ADDR_H
#define KOTEST_X86_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../insn.h"

/*
 * The function [start, end) of the section loads the address the 4-byte
 * field at 'field' holds into a register: the displacements it reads
 * through that register and the steps it adds to it.  0, or -1 when the
 * address may go elsewhere or the code cannot be followed.
 */
int x86_address_uses(const unsigned char *code, size_t len, size_t start,
		     size_t end, size_t field, struct addr_uses *u);

#endif
