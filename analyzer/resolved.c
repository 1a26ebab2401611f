// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Uses the assembler resolved itself.  A branch or a PC-relative form whose
 * target is a local symbol of its own section gets no relocation: the
 * assembler writes the displacement and is done.  A static function that
 * init code calls (a relocation from .init.text) and that persistent code
 * of its own section also calls (no relocation) would look used by init
 * code alone, and "mark it __init" would free code that is still called.
 *
 * So the instructions of every section that holds a candidate or a chain
 * are decoded (the architecture's decode_insn(), arch/insn.h), and each
 * direct call, jump, branch or PC-relative form that carries no relocation
 * and points out of the object that holds it is a reference, as a
 * relocation would be.  Branches inside one function are not uses.
 * Mapping symbols ($d) keep literal pools and inline tables from being
 * decoded as code.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "arch/insn.h"
#include "module.h"
#include "objects.h"
#include "resolved.h"

/* Where the mapping symbols change what the bytes are. */
struct region {
	uint64_t start;
	enum code_mode mode;
};

struct code_scan {
	struct module *mod;
	uint32_t sec;
	struct code_view view;
	uint64_t *relocs;	/* offsets of the section's relocations */
	size_t nrelocs;
	struct region *map;
	size_t nmap;
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int cmp_region(const void *a, const void *b)
{
	const struct region *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Every offset the section's relocations patch, in order. */
static int collect_relocs(struct code_scan *cs)
{
	struct elf_file *ef = &cs->mod->elf;
	struct elf_reloc *buf = NULL;
	size_t cap = 0, n = 0, i, k;
	bool sorted = true;

	for (i = 1; i < ef->nsections; i++) {
		const struct elf_section *s = &ef->sections[i];

		if ((s->type == SHT_REL || s->type == SHT_RELA) &&
		    s->info == cs->sec)
			n += elf_reloc_count(ef, i);
	}
	cs->relocs = malloc((n ? n : 1) * sizeof(*cs->relocs));
	if (!cs->relocs)
		return module_fail(cs->mod, "out of memory");
	for (i = 1; i < ef->nsections; i++) {
		const struct elf_section *s = &ef->sections[i];
		const struct elf_reloc *r;

		if ((s->type != SHT_REL && s->type != SHT_RELA) ||
		    s->info != cs->sec)
			continue;
		r = elf_relocs(ef, i, &buf, &cap);
		if (!r) {
			free(buf);
			return module_fail(cs->mod, "%s", ef->error);
		}
		for (k = 0; k < elf_reloc_count(ef, i); k++) {
			sorted = sorted && (!cs->nrelocs ||
				cs->relocs[cs->nrelocs - 1] <= r[k].offset);
			cs->relocs[cs->nrelocs++] = r[k].offset;
		}
	}
	free(buf);
	if (!sorted)
		qsort(cs->relocs, cs->nrelocs, sizeof(*cs->relocs), cmp_u64);
	return 0;
}

/* Does a relocation patch a byte of [from, to)? */
static bool relocated(const struct code_scan *cs, uint64_t from, uint64_t to)
{
	size_t lo = 0, hi = cs->nrelocs;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cs->relocs[mid] < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < cs->nrelocs && cs->relocs[lo] < to;
}

static bool mapping_symbol(const struct elf_symbol *s)
{
	return s->name[0] == '$' && strchr("atdx", s->name[1]) &&
	       (s->name[2] == 0 || s->name[2] == '.');
}

/*
 * Code and data of the section from its mapping symbols (arm, aarch64,
 * riscv); without them, arm functions say their mode by bit 0.
 */
static int build_map(struct code_scan *cs)
{
	const struct elf_file *ef = &cs->mod->elf;
	bool arm = ef->machine == EM_ARM, mapping = false;
	size_t i, n = 0;

	for (i = 1; i < ef->nsymbols; i++) {
		const struct elf_symbol *s = &ef->symbols[i];

		if (s->shndx != cs->sec)
			continue;
		if (mapping_symbol(s)) {
			mapping = true;
			n++;
		} else if (arm && s->type == STT_FUNC) {
			n++;
		}
	}
	if (!n)
		return 0;
	cs->map = malloc(n * sizeof(*cs->map));
	if (!cs->map)
		return module_fail(cs->mod, "out of memory");
	for (i = 1; i < ef->nsymbols; i++) {
		const struct elf_symbol *s = &ef->symbols[i];

		if (s->shndx != cs->sec)
			continue;
		if (mapping && mapping_symbol(s))
			cs->map[cs->nmap++] = (struct region){
				.start = s->value,
				.mode = s->name[1] == 'd' ? CODE_DATA :
					s->name[1] == 't' ? CODE_THUMB :
					CODE_NATIVE,
			};
		else if (!mapping && arm && s->type == STT_FUNC)
			cs->map[cs->nmap++] = (struct region){
				.start = s->value & ~1ull,
				.mode = s->value & 1 ? CODE_THUMB : CODE_NATIVE,
			};
	}
	qsort(cs->map, cs->nmap, sizeof(*cs->map), cmp_region);
	return 0;
}

/* The region holding off: its mode, and where the next one starts. */
static enum code_mode mode_at(const struct code_scan *cs, uint64_t off,
			      uint64_t *next)
{
	size_t lo = 0, hi = cs->nmap;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cs->map[mid].start <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	*next = lo < cs->nmap ? cs->map[lo].start : cs->view.size;
	return lo ? cs->map[lo - 1].mode : CODE_NATIVE;
}

static int add_ref(struct module *mod, uint32_t sec, uint64_t at,
		   uint32_t src, uint64_t target, uint32_t dst,
		   enum insn_type type)
{
	struct ref *r;

	if (mod->nrefs == mod->refs_cap) {
		size_t cap = mod->refs_cap ? mod->refs_cap * 2 : 256;
		struct ref *refs = realloc(mod->refs, cap * sizeof(*refs));

		if (!refs)
			return module_fail(mod, "out of memory");
		mod->refs = refs;
		mod->refs_cap = cap;
	}
	r = &mod->refs[mod->nrefs++];
	*r = (struct ref){
		.src_off = at, .dst_off = target, .src_sec = sec,
		.dst_sec = sec, .src_obj = src, .dst_obj = dst,
		.type = REF_RESOLVED | type,
	};
	mod->resolved_refs++;
	return 0;
}

/* Decode object obj of the section; each use out of it is a reference. */
static int scan_object(struct code_scan *cs, uint32_t obj)
{
	struct module *mod = cs->mod;
	const struct object *o = &mod->objects[obj];
	unsigned int granule = mod->arch->granule;
	uint64_t end = o->start + o->size, off = o->start, region_end = 0;
	enum code_mode mode = CODE_NATIVE;

	if (end > cs->view.size || end < o->start)
		end = cs->view.size;
	while (off < end) {
		struct insn insn = { 0 };
		uint32_t dst;

		if (off >= region_end)
			mode = mode_at(cs, off, &region_end);
		if (mode == CODE_DATA) {
			off = region_end;
			continue;
		}
		/* Instructions are aligned: a misaligned start is data. */
		if (off & (granule - 1)) {
			off = (off | (granule - 1)) + 1;
			continue;
		}
		cs->view.mode = mode;
		mod->arch->decode_insn(&cs->view, off, &insn);
		if (insn.len < granule)
			insn.len = granule;
		mod->resolved_bytes += insn.len;
		if (insn_has_target(&insn) &&
		    (insn.target < o->start || insn.target >= end) &&
		    insn.target < cs->view.size &&
		    !relocated(cs, off, off + insn.len)) {
			dst = object_search(mod, cs->sec, insn.target);
			if (dst != NO_OBJECT && dst != obj &&
			    add_ref(mod, cs->sec, off, obj, insn.target, dst,
				    insn.type))
				return -1;
		}
		off += insn.len;
	}
	return 0;
}

static int scan_section(struct module *mod, uint32_t sec)
{
	const struct elf_section *s = &mod->elf.sections[sec];
	const struct module_section *ms = &mod->sec[sec];
	const unsigned char *code = elf_section_data(&mod->elf, sec);
	struct code_scan cs = {
		.mod = mod, .sec = sec,
		.view = {
			.code = code, .size = s->size,
			.big_endian = mod->elf.big_endian,
			.elf64 = mod->elf.elfclass == ELFCLASS64,
			.flags = mod->elf.flags,
		},
	};
	int ret = -1;
	uint32_t k;

	if (!code)
		return s->type == SHT_NOBITS ? 0 :
		       module_fail(mod, "%s", mod->elf.error);
	if (collect_relocs(&cs) || build_map(&cs))
		goto out;
	for (k = 0; k < ms->nobjects; k++)
		if (scan_object(&cs, ms->index[k].object))
			goto out;
	ret = 0;
out:
	free(cs.relocs);
	free(cs.map);
	return ret;
}

int module_add_resolved_refs(struct module *mod, const bool *scan)
{
	size_t i;

	if (!mod->arch->decode_insn)
		return 0;
	for (i = 1; i < mod->elf.nsections; i++)
		if (scan[i] && section_is_code(mod, i) &&
		    scan_section(mod, i))
			return -1;
	return 0;
}

const char *resolved_name(uint32_t type)
{
	static const char *const names[] = {
		[INSN_CALL] = "call-without-reloc",
		[INSN_JUMP] = "jump-without-reloc",
		[INSN_BRANCH] = "branch-without-reloc",
		[INSN_ADDR] = "pcrel-without-reloc",
	};
	uint32_t t = type & ~REF_RESOLVED;

	return t < sizeof(names) / sizeof(names[0]) && names[t] ?
	       names[t] : "without-reloc";
}
