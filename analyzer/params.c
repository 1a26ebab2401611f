// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * module_param() with permissions 0 creates no sysfs file: the kernel
 * reads the parameter only in parse_args() from load_module(), before
 * init runs.  Such a parameter may live in __initdata, and its set()
 * may be __init (kernel/params.c).  What still runs after init is the
 * free hook: module_unload_free() -> destroy_params() -> ops->free(arg),
 * so a charp (param_ops_charp has .free) keeps its pointer in use.
 *
 * struct kernel_param (include/linux/moduleparam.h): name, mod, ops,
 * u16 perm, s8 level, u8 flags, then the arg union.  struct kparam_array:
 * u32 max, u32 elemsize, num, ops, elem.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "params.h"

static int64_t sign_extend64(uint64_t v, unsigned int bits)
{
	uint64_t m = 1ull << (bits - 1);

	if (bits < 64)
		v &= (1ull << bits) - 1;
	return (int64_t)((v ^ m) - m);
}

/* Kernel ops with a free hook (kernel/params.c). */
static const char *const freeing_ops[] = {
	"param_ops_charp",
};

struct param_layout {
	unsigned int ptr;	/* pointer size */
	unsigned int size;	/* sizeof(struct kernel_param) */
	unsigned int ops;	/* offsetof(..., ops) */
	unsigned int perm;	/* offsetof(..., perm) */
	unsigned int arg;	/* offsetof(..., arg) */
	unsigned int arr_ops;	/* offsetof(struct kparam_array, ops) */
};

static struct param_layout layout(const struct module *mod)
{
	unsigned int p = mod->elf.elfclass == ELFCLASS64 ? 8 : 4;

	return (struct param_layout){
		.ptr = p, .size = 4 * p + (p == 8 ? 8 : 4), .ops = 2 * p,
		.perm = 3 * p, .arg = 3 * p + (p == 8 ? 8 : 4),
		.arr_ops = 8 + p,
	};
}

/* Where a pointer field at (sec, off) points: its symbol and addend. */
static const struct elf_symbol *pointer_at(struct module *mod, uint32_t sec,
					   uint64_t off, int64_t *addend)
{
	const struct elf_file *ef = &mod->elf;
	const unsigned char *data = elf_section_data(&mod->elf, sec);
	const struct elf_symbol *found = NULL;
	unsigned int ptr = layout(mod).ptr;
	size_t i, j, n;

	for (i = 1; i < ef->nsections && !found; i++) {
		const struct elf_section *s = &ef->sections[i];
		struct elf_reloc *rel;

		if ((s->type != SHT_RELA && s->type != SHT_REL) ||
		    s->info != sec)
			continue;
		n = elf_reloc_count(ef, i);
		rel = malloc((n ? n : 1) * sizeof(*rel));
		if (!rel || elf_read_relocs(&mod->elf, i, rel)) {
			free(rel);
			return NULL;
		}
		for (j = 0; j < n && !found; j++) {
			if (rel[j].offset != off)
				continue;
			found = &ef->symbols[rel[j].sym];
			*addend = rel[j].addend;
			/* REL: the field holds the addend. */
			if (s->type == SHT_REL && data &&
			    off + ptr <= ef->sections[sec].size)
				*addend = sign_extend64(elf_read_uint(ef,
					data + off, ptr), ptr * 8);
		}
		free(rel);
	}
	return found;
}

/* Does the kernel_param_ops at ops + addend have a free hook? */
static bool ops_frees(struct module *mod, const struct elf_symbol *ops,
		      int64_t addend, uint32_t entry_sec, uint64_t entry)
{
	struct param_layout l = layout(mod);
	const struct elf_symbol *s;
	int64_t a = 0;
	size_t i;

	for (i = 0; i < sizeof(freeing_ops) / sizeof(freeing_ops[0]); i++)
		if (!strcmp(ops->name, freeing_ops[i]))
			return true;
	if (!strcmp(ops->name, "param_array_ops")) {
		/* param_array_free() frees elements with the element ops. */
		s = pointer_at(mod, entry_sec, entry + l.arg, &a);
		if (!s || s->shndx == SHN_UNDEF ||
		    s->shndx >= mod->elf.nsections)
			return true;
		entry_sec = s->shndx;
		entry = s->value + a + l.arr_ops;
		s = pointer_at(mod, entry_sec, entry, &a);
		return !s || ops_frees(mod, s, a, 0, 0);
	}
	if (ops->shndx == SHN_UNDEF)
		return false;	/* other kernel ops free nothing */
	if (ops->shndx >= mod->elf.nsections)
		return true;
	/* The module's own ops: flags, set, get, free. */
	return pointer_at(mod, ops->shndx, ops->value + addend + 3 * l.ptr,
			  &a) != NULL;
}

/* Is the __param entry at 'entry' read only by parse_args()? */
static bool entry_load_only(struct module *mod, uint32_t sec, uint64_t entry)
{
	const struct elf_section *s = &mod->elf.sections[sec];
	const unsigned char *data = elf_section_data(&mod->elf, sec);
	struct param_layout l = layout(mod);
	const struct elf_symbol *ops;
	int64_t addend = 0;

	if (!data || entry + l.size > s->size)
		return false;
	if (elf_read_uint(&mod->elf, data + entry + l.perm, 2) != 0)
		return false;
	ops = pointer_at(mod, sec, entry + l.ops, &addend);
	return ops && !ops_frees(mod, ops, addend, sec, entry);
}

bool param_ref_load_only(struct module *mod, const struct ref *r)
{
	struct param_layout l = layout(mod);
	uint32_t sec = r->src_sec;
	bool any = false;
	size_t i;

	if (!strcmp(section_name(mod, sec), "__param"))
		return entry_load_only(mod, sec, r->src_off - r->src_off % l.size);
	/* An object only __param entries point to: those decide. */
	if (r->src_obj == NO_OBJECT)
		return false;
	for (i = 0; i < mod->nrefs; i++) {
		const struct ref *u = &mod->refs[i];

		if (u->dst_obj != r->src_obj || u->src_obj == r->src_obj)
			continue;
		if (strcmp(section_name(mod, u->src_sec), "__param") ||
		    !entry_load_only(mod, u->src_sec,
				     u->src_off - u->src_off % l.size))
			return false;
		any = true;
	}
	return any;
}
