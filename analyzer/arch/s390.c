// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * s390x relocations: not decoded yet.  Every record is reported as an
 * unknown type, so that nothing is silently dropped.
 */
#include <elf.h>

#include "arch.h"

static enum reloc_verdict s390_decode(struct reloc_walk *w, size_t i,
				int64_t *addend, bool *exact)
{
	(void)w;
	(void)i;
	(void)addend;
	(void)exact;
	return RELOC_UNKNOWN;
}

static const char *s390_reloc_name(uint32_t type)
{
	(void)type;
	return NULL;
}

const struct arch arch_s390 = {
	.name = "s390x",
	.machine = EM_S390,
	.elfclass = ELFCLASS64,
	.decode = s390_decode,
	.reloc_name = s390_reloc_name,
};
