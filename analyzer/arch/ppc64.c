// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ppc64 relocations: not decoded yet.  Every record is reported as an
 * unknown type, so that nothing is silently dropped.
 */
#include <elf.h>

#include "arch.h"

static enum reloc_verdict ppc64_decode(struct reloc_walk *w, size_t i,
				int64_t *addend, bool *exact)
{
	(void)w;
	(void)i;
	(void)addend;
	(void)exact;
	return RELOC_UNKNOWN;
}

static const char *ppc64_reloc_name(uint32_t type)
{
	(void)type;
	return NULL;
}

const struct arch arch_ppc64 = {
	.name = "ppc64",
	.machine = EM_PPC64,
	.elfclass = ELFCLASS64,
	.decode = ppc64_decode,
	.reloc_name = ppc64_reloc_name,
};
