// SPDX-License-Identifier: GPL-2.0-or-later
/* The architectures kotest knows, and what they share. */
#include <elf.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

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
	const unsigned char *data = elf_section_data(&w->mod->elf, w->target);
	uint64_t off = w->relocs[i].offset;

	if (!data || off > s->size || s->size - off < size)
		return NULL;
	return data + off;
}

void reloc_function_bounds(const struct reloc_walk *w, uint64_t at,
			   uint64_t *start, uint64_t *end)
{
	struct module *mod = w->mod;
	uint64_t size = mod->elf.sections[w->target].size;
	uint32_t obj = module_function_start(mod, w->target, at, start);

	*end = size;
	if (obj != NO_OBJECT && mod->objects[obj].size &&
	    *start + mod->objects[obj].size < size)
		*end = *start + mod->objects[obj].size;
	if (obj == NO_OBJECT || at < *start || at >= *end) {
		*start = at;
		*end = size;
	}
}

/*
 * Functions that never return, so that the code after a call to one is
 * not on the caller's path (it is the next block, reached from
 * elsewhere).  Each is __noreturn in the kernel.
 */
static const char *const noreturn_functions[] = {
	"__stack_chk_fail",	/* kernel/panic.c: stack protector */
	"panic",		/* kernel/panic.c */
	"do_exit",		/* kernel/exit.c */
	"make_task_dead",	/* kernel/exit.c */
	"do_group_exit",	/* kernel/exit.c */
	"kthread_exit",		/* kernel/kthread.c */
	"__module_put_and_kthread_exit",	/* kernel/module/main.c */
	"fortify_panic",	/* lib/string_helpers.c (6.1) */
	"__fortify_panic",	/* lib/string_helpers.c (6.12) */
	"usercopy_abort",	/* mm/usercopy.c */
	"__ubsan_handle_builtin_unreachable",	/* lib/ubsan.c */
};

static bool noreturn_name(const char *name)
{
	size_t k;

	for (k = 0; k < sizeof(noreturn_functions) /
			sizeof(noreturn_functions[0]); k++)
		if (!strcmp(name, noreturn_functions[k]))
			return true;
	return false;
}

/* Per module, what noreturn_name() said of each undefined symbol. */
static bool symbol_noreturn(struct module *mod, uint32_t sym)
{
	const struct elf_symbol *es = &mod->elf.symbols[sym];

	if (es->shndx != SHN_UNDEF)
		return false;
	if (!mod->noreturn_syms) {
		mod->noreturn_syms = calloc(mod->elf.nsymbols + 1, 1);
		if (!mod->noreturn_syms)
			return noreturn_name(es->name);
	}
	if (!mod->noreturn_syms[sym])
		mod->noreturn_syms[sym] = noreturn_name(es->name) ? 1 : 2;
	return mod->noreturn_syms[sym] == 1;
}

static int cmp_offset(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The offsets of the records against noreturn functions, once per pass. */
static void find_noreturn_calls(struct reloc_walk *w)
{
	size_t i, n = 0;
	uint32_t last = 0;
	bool last_is = false;

	w->noreturn_known = true;
	for (i = 0; i < w->count; i++) {
		uint32_t sym = w->relocs[i].sym;
		uint64_t *offs;

		/* Calls to one function come in runs: remember the last. */
		if (sym != last) {
			last = sym;
			last_is = symbol_noreturn(w->mod, sym);
		}
		if (!last_is)
			continue;
		offs = realloc(w->noreturn_offs, (n + 1) * sizeof(*offs));
		if (!offs)
			break;		/* then calls are taken to return */
		w->noreturn_offs = offs;
		w->noreturn_offs[n++] = w->relocs[i].offset;
	}
	w->nnoreturn = n;
	if (n)
		qsort(w->noreturn_offs, n, sizeof(*w->noreturn_offs),
		      cmp_offset);
}

bool reloc_noreturn_call(struct reloc_walk *w, uint64_t from, uint64_t to)
{
	size_t lo = 0, hi;

	if (!w->noreturn_known)
		find_noreturn_calls(w);
	hi = w->nnoreturn;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (w->noreturn_offs[mid] < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < w->nnoreturn && w->noreturn_offs[lo] < to;
}
