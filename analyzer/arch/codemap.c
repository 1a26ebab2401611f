// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Code and data of a section, from its mapping symbols (codemap.h).
 */
#include <elf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../module.h"
#include "codemap.h"

/* $a, $t, $d, $x, optionally ".suffix"; riscv's $x<ISA> too. */
static bool mapping_symbol(const struct elf_symbol *s)
{
	return s->name[0] == '$' && s->name[1] && strchr("atdx", s->name[1]) &&
	       (s->name[2] == 0 || s->name[2] == '.' ||
		/* riscv: $x<ISA>, as after ".option arch, +zbb" */
		(s->name[1] == 'x' && s->name[2] == 'r' && s->name[3] == 'v'));
}

static int cmp_region(const void *a, const void *b)
{
	const struct code_region *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/*
 * The processor supplements that define mapping symbols (ARM IHI 0044
 * "Mapping symbols", AArch64 ELF ABI, RISC-V ELF psABI).  Elsewhere a
 * symbol named $d is just a name, and the symbol table need not be read.
 */
static bool has_mapping_symbols(unsigned int machine)
{
	return machine == EM_ARM || machine == EM_AARCH64 ||
	       machine == EM_RISCV;
}

int code_map_build(struct module *mod, uint32_t sec, struct code_map *map)
{
	const struct elf_file *ef = &mod->elf;
	bool arm = ef->machine == EM_ARM, mapping = false;
	size_t i, n = 0, nfunc = 0;

	map->regions = NULL;
	map->n = 0;
	if (!has_mapping_symbols(ef->machine))
		return 0;
	for (i = 1; i < ef->nsymbols; i++) {
		const struct elf_symbol *s = &ef->symbols[i];

		if (s->shndx != sec)
			continue;
		if (mapping_symbol(s)) {
			mapping = true;
			n++;
		} else if (arm && s->type == STT_FUNC) {
			nfunc++;
		}
	}
	if (!mapping)
		n = nfunc;
	if (!n)
		return 0;
	map->regions = malloc(n * sizeof(*map->regions));
	if (!map->regions)
		return module_fail(mod, "out of memory");
	for (i = 1; i < ef->nsymbols; i++) {
		const struct elf_symbol *s = &ef->symbols[i];

		if (s->shndx != sec)
			continue;
		if (mapping && mapping_symbol(s))
			map->regions[map->n++] = (struct code_region){
				.start = s->value,
				.mode = s->name[1] == 'd' ? CODE_DATA :
					s->name[1] == 't' ? CODE_THUMB :
					CODE_NATIVE,
			};
		else if (!mapping && arm && s->type == STT_FUNC)
			map->regions[map->n++] = (struct code_region){
				.start = s->value & ~1ull,
				.mode = s->value & 1 ? CODE_THUMB : CODE_NATIVE,
			};
	}
	qsort(map->regions, map->n, sizeof(*map->regions), cmp_region);
	return 0;
}

void code_map_free(struct code_map *map)
{
	free(map->regions);
	map->regions = NULL;
	map->n = 0;
}

enum code_mode code_map_mode(const struct code_map *map, uint64_t off,
			     enum code_mode dflt, uint64_t end,
			     uint64_t *next)
{
	size_t lo = 0, hi = map->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (map->regions[mid].start <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	*next = lo < map->n ? map->regions[lo].start : end;
	return lo ? map->regions[lo - 1].mode : dflt;
}
