// SPDX-License-Identifier: GPL-2.0-or-later
/* The architectures kotest knows, and what they share. */
#include <elf.h>
#include <stddef.h>

#include "arch.h"

static const struct arch *const arches[] = {
	&arch_x86_64,
	&arch_i386,
	&arch_aarch64,
	&arch_arm,
	&arch_mips,
	&arch_ppc64,
	&arch_s390,
	&arch_riscv,
};

/* elfclass 0: any class (for listing rules). */
const struct arch *arch_find(uint16_t machine, unsigned char elfclass)
{
	size_t i;

	for (i = 0; i < sizeof(arches) / sizeof(arches[0]); i++)
		if (arches[i]->machine == machine &&
		    (!elfclass || !arches[i]->elfclass ||
		     arches[i]->elfclass == elfclass))
			return arches[i];
	return NULL;
}

const unsigned char *reloc_field(const struct reloc_walk *w, size_t i,
				 unsigned int size)
{
	const struct elf_section *s = &w->mod->elf.sections[w->target];
	uint64_t off = w->relocs[i].offset;

	if (!s->data || off > s->size || s->size - off < size)
		return NULL;
	return s->data + off;
}
