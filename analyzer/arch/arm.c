// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * arm relocations: not decoded yet.  Every record is reported as an
 * unknown type, so that nothing is silently dropped.
 */
#include <elf.h>

#include "arch.h"

static enum reloc_verdict arm_decode(struct reloc_walk *w, size_t i,
				int64_t *addend, bool *exact)
{
	(void)w;
	(void)i;
	(void)addend;
	(void)exact;
	return RELOC_UNKNOWN;
}

static const char *arm_reloc_name(uint32_t type)
{
	(void)type;
	return NULL;
}

const struct arch arch_arm = {
	.name = "arm",
	.machine = EM_ARM,
	.elfclass = ELFCLASS32,
	.decode = arm_decode,
	.reloc_name = arm_reloc_name,
};
