// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * riscv64 relocations: not decoded yet.  Every record is reported as an
 * unknown type, so that nothing is silently dropped.
 */
#include <elf.h>

#include "arch.h"

static enum reloc_verdict riscv_decode(struct reloc_walk *w, size_t i,
				int64_t *addend, bool *exact)
{
	(void)w;
	(void)i;
	(void)addend;
	(void)exact;
	return RELOC_UNKNOWN;
}

static const char *riscv_reloc_name(uint32_t type)
{
	(void)type;
	return NULL;
}

const struct arch arch_riscv = {
	.name = "riscv64",
	.machine = EM_RISCV,
	.elfclass = ELFCLASS64,
	.decode = riscv_decode,
	.reloc_name = riscv_reloc_name,
};
