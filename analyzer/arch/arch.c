// SPDX-License-Identifier: GPL-2.0-or-later
/* The architectures kotest knows, and what they share. */
#include <elf.h>
#include <stddef.h>
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
	uint64_t off = w->relocs[i].offset;

	if (!s->data || off > s->size || s->size - off < size)
		return NULL;
	return s->data + off;
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

static bool relocs_sorted(struct reloc_walk *w)
{
	size_t i;

	if (!w->order_known) {
		w->order_known = true;
		w->sorted = true;
		for (i = 1; i < w->count && w->sorted; i++)
			w->sorted = w->relocs[i - 1].offset <= w->relocs[i].offset;
	}
	return w->sorted;
}

bool reloc_noreturn_call(struct reloc_walk *w, uint64_t from, uint64_t to)
{
	size_t lo = 0, hi = w->count, i, k;

	if (relocs_sorted(w)) {
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (w->relocs[mid].offset < from)
				lo = mid + 1;
			else
				hi = mid;
		}
		hi = w->count;
	}
	for (i = lo; i < hi; i++) {
		const struct elf_reloc *r = &w->relocs[i];
		const char *name;

		if (r->offset < from || r->offset >= to) {
			if (w->sorted && r->offset >= to)
				break;
			continue;
		}
		name = w->mod->elf.symbols[r->sym].name;
		for (k = 0; k < sizeof(noreturn_functions) /
				sizeof(noreturn_functions[0]); k++)
			if (!strcmp(name, noreturn_functions[k]))
				return true;
	}
	return false;
}
