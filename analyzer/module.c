// SPDX-License-Identifier: GPL-2.0-or-later
/* Opening a module: ELF, architecture, and the loader's view of sections. */
#include <elf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "module.h"

int module_fail(struct module *mod, const char *fmt, ...)
{
	va_list ap;

	/* The first failure is the one worth reporting. */
	if (mod->error[0])
		return -1;
	va_start(ap, fmt);
	vsnprintf(mod->error, sizeof(mod->error), fmt, ap);
	va_end(ap);
	return -1;
}

#define FLOW_STEPS_BASE		((uint64_t)1 << 20)
#define FLOW_STEPS_PER_BYTE	64

/*
 * What the analysis reads of a partly read image: every section the
 * loader keeps, except those it never looks into (SR_NOT_READ), their
 * relocations, and notes (.note.kotest and its relocations).
 */
static bool section_read(const struct module *mod, uint32_t i)
{
	const struct section_facts *sf = &mod->sec[i].facts;

	if (mod->elf.sections[i].type == SHT_NOTE)
		return true;
	return sf->class != SEC_UNLOADED && !(sf->flags & SR_NOT_READ);
}

/*
 * The sections whose bytes the analysis reads, read ahead in a few calls:
 * relocations, code (instructions decoded), strings (string objects),
 * notes, the entries kotest parses (__param), and where relocations
 * keep their addends in the field (SHT_REL), the fields.  What else an
 * architecture reads, elf_section_data() reads when asked; -h shows the
 * bytes of candidates: everything.
 */
static int load_sections(struct module *mod)
{
	const struct elf_file *ef = &mod->elf;
	bool *want = calloc(ef->nsections, sizeof(*want));
	size_t i;
	int ret;

	if (!want)
		return module_fail(mod, "out of memory");
	for (i = 1; i < ef->nsections; i++) {
		const struct elf_section *s = &ef->sections[i];
		bool rel = s->type == SHT_REL || s->type == SHT_RELA;
		uint32_t t = s->info;

		if (rel && t && t < ef->nsections && section_read(mod, t)) {
			want[i] = true;
			if (s->type == SHT_REL)
				want[t] = true;
		}
		if (rel || !section_read(mod, i))
			continue;
		if (s->type == SHT_NOTE || mod->opt->hexdump ||
		    (s->flags & (SHF_EXECINSTR | SHF_STRINGS)) ||
		    (mod->sec[i].facts.flags & SR_PARSED))
			want[i] = true;
	}
	ret = elf_file_load(&mod->elf, want);
	free(want);
	return ret ? module_fail(mod, "%s", mod->elf.error) : 0;
}

int module_open(struct module *mod, const char *path,
		const unsigned char *image, size_t size,
		const struct elf_reader *reader, const struct options *opt)
{
	bool mcount_loc = false;
	size_t i;

	memset(mod, 0, sizeof(*mod));
	mod->opt = opt;
	if (elf_file_open(&mod->elf, path, image, size, reader))
		return module_fail(mod, "%s", mod->elf.error);
	mod->arch = arch_find(mod->elf.machine, mod->elf.elfclass);
	if (!mod->arch)
		return module_fail(mod, "unsupported architecture (ELF machine %u, %d-bit)",
				   mod->elf.machine,
				   mod->elf.elfclass == 2 ? 64 : 32);
	mod->sec = calloc(mod->elf.nsections, sizeof(*mod->sec));
	if (!mod->sec)
		return module_fail(mod, "out of memory");
	/*
	 * Instructions the anchor trackers may step in all: each anchor has
	 * its own limit, but a hostile module could hold a million anchors
	 * into one huge function.  Real modules use a few per code byte.
	 */
	mod->flow_steps_left = FLOW_STEPS_BASE;
	for (i = 0; i < mod->elf.nsections; i++) {
		const struct elf_section *s = &mod->elf.sections[i];

		if (s->flags & 0x4)	/* SHF_EXECINSTR */
			mod->flow_steps_left += FLOW_STEPS_PER_BYTE * s->size;
		section_classify(s->name, mod->elf.machine, i ? s->flags : 0,
				 opt->module_unload, &mod->sec[i].facts);
		/* strcmp() is costly enough to ask only call-site tables. */
		if ((mod->sec[i].facts.flags & SR_FTRACE) &&
		    !strcmp(s->name, "__mcount_loc"))
			mcount_loc = true;
	}
	/*
	 * FTRACE_CALLSITE_SECTION (include/linux/ftrace.h) is one of the two
	 * by configuration; with both (x86 call padding), __mcount_loc wins.
	 */
	for (i = 0; mcount_loc && i < mod->elf.nsections; i++)
		if ((mod->sec[i].facts.flags & SR_FTRACE) &&
		    !strcmp(mod->elf.sections[i].name,
			    "__patchable_function_entries"))
			section_not_ftrace(&mod->sec[i].facts);
	return reader ? load_sections(mod) : 0;
}

void module_close(struct module *mod)
{
	free(mod->index);
	free(mod->sec);
	free(mod->objects);
	free(mod->sym_object);
	free(mod->refs);
	free(mod->unknown);
	free(mod->noreturn_syms);
	elf_file_close(&mod->elf);
	mod->sec = NULL;
	mod->objects = NULL;
	mod->index = NULL;
	mod->sym_object = NULL;
	mod->refs = NULL;
	mod->unknown = NULL;
}
