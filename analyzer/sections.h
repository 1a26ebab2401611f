/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the kernel's module loader does with each section of a module.
 * The knowledge lives in tables (sections.c), one entry per fact, each
 * naming the kernel code that makes it true.
 */
#ifndef KOTEST_SECTIONS_H
#define KOTEST_SECTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Section name facts. */
#define SR_INIT		(1u << 0)  /* freed once init returns */
#define SR_EXIT		(1u << 1)  /* kept only with CONFIG_MODULE_UNLOAD */
#define SR_UNLOADED	(1u << 2)  /* loader clears SHF_ALLOC: never loaded */
#define SR_ROOT		(1u << 3)  /* kernel walks it by name: contents used */
#define SR_CODE_INDEX	(1u << 4)  /* entries locate code: not uses of it */
#define SR_INIT_SAFE	(1u << 5)  /* pointers into init memory are handled */
#define SR_LOAD_ONLY	(1u << 6)  /* read only while loading: movable */
#define SR_FTRACE	(1u << 7)  /* ftrace call-site table */
#define SR_NOT_INIT	(1u << 9)  /* the arch keeps .init: nothing freed */
#define SR_NOT_READ	(1u << 10) /* holds no objects and its entries
				      locate code only: kotest skips its
				      bytes and relocations */
#define SR_PARSED	(1u << 11) /* kotest reads its entries (params.c) */
#define SR_ROUTE	(1u << 8)  /* entries route code's references (TOC,
				      descriptors): the arch attributes them */

enum section_class {
	SEC_UNLOADED,		/* not in memory at run time */
	SEC_PERSISTENT,		/* lives as long as the module */
	SEC_INIT,		/* freed after the module's init returns */
};

struct section_rule {
	const char *name;	/* exact, or a prefix when it ends in '*' */
	unsigned int len;	/* strlen(name) */
	uint16_t machine;	/* EM_NONE: every architecture */
	unsigned int flags;
	const char *kernel;	/* the kernel code that makes it true */
};

struct section_facts {
	enum section_class class;
	unsigned int flags;
	/* Rules that justify SR_INIT_SAFE and SR_LOAD_ONLY, for reports. */
	const struct section_rule *safe_rule;
	const struct section_rule *movable_rule;
	const struct section_rule *class_rule;
};

/*
 * Classify a section as the module loader does.  'module_unload' mirrors
 * CONFIG_MODULE_UNLOAD: without it, .exit sections are freed with .init.
 */
void section_classify(const char *name, uint16_t machine, uint64_t sh_flags,
		      bool module_unload, struct section_facts *out);

/*
 * __patchable_function_entries when __mcount_loc is the build's
 * FTRACE_CALLSITE_SECTION: padding records that nothing reads.
 */
void section_not_ftrace(struct section_facts *facts);

/* Every rule, for --list-rules and the man page. */
const struct section_rule *section_rules(unsigned int *count);

#endif
