// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The module loader's view of sections (Linux 6.12), as tables.
 *
 * Every fact about a section name is one entry; a section gets the union of
 * the facts of every entry that matches it.  The last column names the
 * kernel code that makes the fact true, so a reader can check it and a
 * report can cite it.
 */
#include <elf.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>

#include "sections.h"

#define ANY EM_NONE
#define RULE(name, machine, flags, kernel) \
	{ name, sizeof(name) - 1, machine, flags, kernel }

static const struct section_rule rules[] = {
	/* Placement: kernel/module/main.c and the arch overrides. */
	RULE(".init*", ANY, SR_INIT,
	  "module_init_section() (kernel/module/main.c)"),
	RULE(".exit*", ANY, SR_EXIT,
	  "module_exit_section(), module_init_layout_section()"),
	RULE(".init*", EM_PPC64, SR_NOT_INIT,
	  "module_init_section() (arch/powerpc/kernel/module_64.c): always false"),
	RULE(".ARM.extab.init*", EM_ARM, SR_INIT,
	  "module_init_section() (arch/arm/kernel/module.c)"),
	RULE(".ARM.exidx.init*", EM_ARM, SR_INIT,
	  "module_init_section() (arch/arm/kernel/module.c)"),
	RULE(".ARM.extab.exit*", EM_ARM, SR_EXIT,
	  "module_exit_section() (arch/arm/kernel/module.c)"),
	RULE(".ARM.exidx.exit*", EM_ARM, SR_EXIT,
	  "module_exit_section() (arch/arm/kernel/module.c)"),
	RULE("__versions", ANY, SR_UNLOADED,
	  "elf_validity_cache_index_versions() clears SHF_ALLOC"),
	RULE(".modinfo", ANY, SR_UNLOADED,
	  "elf_validity_cache_index_info() clears SHF_ALLOC"),
	RULE(".data..percpu", ANY, SR_ROOT,
	  "percpu_modalloc(), percpu_modcopy(): copied to every CPU's area"),

	/* Sections the kernel finds by name and walks itself. */
	RULE(".gnu.linkonce.this_module", ANY, SR_ROOT | SR_INIT_SAFE,
	  "do_init_module(): mod->init is called before init memory is freed"),
	RULE("__ksymtab*", ANY, SR_ROOT,
	  "find_module_sections(): exported symbols"),
	RULE("__kcrctab*", ANY, SR_ROOT,
	  "find_module_sections(): export CRCs"),
	RULE("__param", ANY, SR_ROOT | SR_PARSED,
	  "find_module_sections(), parse_args(): module parameters"),
	RULE("__ex_table", ANY, SR_ROOT | SR_CODE_INDEX | SR_INIT_SAFE,
	  "trim_init_extable() drops the entries for init code"),
	RULE(".ctors", ANY, SR_ROOT | SR_INIT_SAFE,
	  "do_mod_ctors() runs them from do_init_module() before the free"),
	RULE("__jump_table", ANY, SR_ROOT | SR_CODE_INDEX | SR_INIT_SAFE,
	  "jump_label_add_module() flags init entries, jump_label_can_update() skips them"),
	RULE(".static_call_sites", ANY, SR_ROOT | SR_CODE_INDEX | SR_INIT_SAFE,
	  "static_call_add_module() flags init sites, __static_call_update() skips them"),
	RULE("__bug_table", ANY, SR_ROOT | SR_CODE_INDEX | SR_INIT_SAFE,
	  "module_bug_finalize(); find_bug() matches a trapping address exactly"),
	RULE("__mcount_loc", ANY,
	  SR_FTRACE | SR_CODE_INDEX | SR_INIT_SAFE | SR_LOAD_ONLY,
	  "ftrace_module_init() reads it at load, ftrace_free_mem() drops init records"),
	/*
	 * FTRACE_MCOUNT_USE_PATCHABLE_FUNCTION_ENTRY is selected by
	 * arch/{arm64,parisc,powerpc,riscv}/Kconfig only (kotest reads no
	 * parisc modules); the first
	 * matching rule is the one a report cites.
	 */
#define PATCHABLE_FTRACE(machine) \
	RULE("__patchable_function_entries", machine, \
	  SR_FTRACE | SR_CODE_INDEX | SR_INIT_SAFE | SR_LOAD_ONLY, \
	  "ftrace_module_init() reads it at load, ftrace_free_mem() drops init records")
	PATCHABLE_FTRACE(EM_AARCH64),
	PATCHABLE_FTRACE(EM_PPC64),
	PATCHABLE_FTRACE(EM_RISCV),
	RULE("__patchable_function_entries", ANY,
	  SR_CODE_INDEX | SR_INIT_SAFE | SR_LOAD_ONLY,
	  "never read: no ftrace table here (x86: CONFIG_CALL_PADDING's padding)"),
	RULE("__dyndbg", ANY, SR_ROOT, "ddebug_add_module() (lib/dynamic_debug.c)"),
	RULE("__dyndbg_classes", ANY, SR_ROOT,
	  "ddebug_add_module() (lib/dynamic_debug.c)"),
	RULE("__tracepoints", ANY, SR_ROOT, "tracepoint_module_coming()"),
	RULE("__tracepoints_ptrs", ANY, SR_ROOT, "tracepoint_module_coming()"),
	RULE("__tracepoints_strings", ANY, SR_ROOT,
	  "tracepoint names, read through __tracepoints"),
	RULE("_ftrace_events", ANY, SR_ROOT, "trace_module_add_events()"),
	RULE("_ftrace_eval_map", ANY, SR_ROOT | SR_INIT_SAFE,
	  "trace_module_add_evals(): maps are copied while the module is coming"),
	RULE("__trace_printk_fmt", ANY, SR_ROOT, "hold_module_trace_bprintk_format()"),
	RULE("__bpf_raw_tp_map", ANY, SR_ROOT, "bpf_event_notify()"),
	RULE("_kprobe_blacklist", ANY, SR_ROOT | SR_CODE_INDEX,
	  "add_module_kprobe_blacklist()"),
	RULE("_error_injection_whitelist", ANY, SR_ROOT | SR_CODE_INDEX,
	  "module_load_ei_list()"),
	RULE(".printk_index", ANY, SR_ROOT, "pi_create_file() (kernel/printk/index.c)"),
	RULE(".kunit_test_suites", ANY, SR_ROOT, "kunit_module_init()"),
	RULE(".kunit_init_test_suites", ANY, SR_ROOT | SR_INIT_SAFE,
	  "kunit_module_init(): init suites run before the free"),
	RULE("__srcu_struct_ptrs", ANY, SR_ROOT, "srcu_module_coming()"),
	RULE(".note.*", ANY, SR_ROOT, "add_notes_attrs(): /sys/module/*/notes"),
	RULE(".BTF", ANY, SR_ROOT | SR_NOT_READ,
	  "btf_module_notify(): type data, no relocations"),
	RULE(".eh_frame", ANY, SR_CODE_INDEX | SR_INIT_SAFE | SR_LOAD_ONLY,
	  "not read at run time (arm64: module_finalize() scs_patch() at load)"),
	RULE(".BTF_ids", ANY, SR_ROOT, "btf_module_notify()"),

	/* x86: arch/x86/kernel/module.c module_finalize() and friends. */
	RULE(".altinstructions", EM_X86_64,
	  SR_CODE_INDEX | SR_INIT_SAFE | SR_LOAD_ONLY,
	  "module_finalize(): apply_alternatives() at load only"),
	RULE(".altinstructions", EM_386,
	  SR_CODE_INDEX | SR_INIT_SAFE | SR_LOAD_ONLY,
	  "module_finalize(): apply_alternatives() at load only"),
	RULE(".altinstr_replacement", EM_X86_64, SR_LOAD_ONLY | SR_INIT_SAFE,
	  "module_finalize(): apply_alternatives() copies it at load"),
	RULE(".altinstr_replacement", EM_386, SR_LOAD_ONLY | SR_INIT_SAFE,
	  "module_finalize(): apply_alternatives() copies it at load"),
	RULE(".altinstr_aux", EM_X86_64, SR_INIT_SAFE,
	  "static_cpu_has() slow path: entered only from its own site"),
	RULE(".altinstr_aux", EM_386, SR_INIT_SAFE,
	  "static_cpu_has() slow path: entered only from its own site"),
	RULE(".parainstructions", EM_X86_64,
	  SR_CODE_INDEX | SR_INIT_SAFE | SR_LOAD_ONLY,
	  "module_finalize(): apply_paravirt() at load only"),
	RULE(".parainstructions", EM_386,
	  SR_CODE_INDEX | SR_INIT_SAFE | SR_LOAD_ONLY,
	  "module_finalize(): apply_paravirt() at load only"),
	RULE(".retpoline_sites", EM_X86_64,
	  SR_CODE_INDEX | SR_INIT_SAFE | SR_LOAD_ONLY | SR_NOT_READ,
	  "module_finalize(): apply_retpolines() at load only"),
	RULE(".return_sites", EM_X86_64,
	  SR_CODE_INDEX | SR_INIT_SAFE | SR_LOAD_ONLY | SR_NOT_READ,
	  "module_finalize(): apply_returns() at load only"),
	RULE(".call_sites", EM_X86_64,
	  SR_CODE_INDEX | SR_INIT_SAFE | SR_LOAD_ONLY | SR_NOT_READ,
	  "module_finalize(): callthunks_patch_module_calls() at load only"),
	RULE(".ibt_endbr_seal", EM_X86_64,
	  SR_CODE_INDEX | SR_INIT_SAFE | SR_LOAD_ONLY | SR_NOT_READ,
	  "module_finalize(): apply_seal_endbr() at load only"),
	RULE(".cfi_sites", EM_X86_64,
	  SR_CODE_INDEX | SR_INIT_SAFE | SR_LOAD_ONLY | SR_NOT_READ,
	  "module_finalize(): apply_fineibt() at load only"),
	RULE(".smp_locks", EM_X86_64, SR_CODE_INDEX | SR_INIT_SAFE | SR_NOT_READ,
	  "alternatives_smp_module_add(): lock sites outside core text are skipped"),
	RULE(".smp_locks", EM_386, SR_CODE_INDEX | SR_INIT_SAFE | SR_NOT_READ,
	  "alternatives_smp_module_add(): lock sites outside core text are skipped"),
	RULE(".orc_unwind_ip", EM_X86_64,
	  SR_ROOT | SR_CODE_INDEX | SR_INIT_SAFE | SR_NOT_READ,
	  "unwind_module_init(); orc_module_find() looks the module up by address"),
	RULE(".orc_unwind", EM_X86_64, SR_ROOT | SR_NOT_READ,
	  "unwind_module_init(): unwind data, no relocations"),
	RULE(".orc_header", EM_X86_64, SR_ROOT, "module_finalize(): orc_header check"),

	/* powerpc64: code reaches data through .toc, functions through .opd. */
	RULE(".toc", EM_PPC64, SR_ROUTE | SR_INIT_SAFE,
	  "TOC entries are read only by the code that uses them"),
	RULE(".opd", EM_PPC64, SR_ROUTE | SR_INIT_SAFE,
	  "ELFv1 function descriptors: used by whoever takes the function's address"),

	/*
	 * powerpc: module_finalize() patches the code through these tables
	 * at load (do_feature_fixups() and friends) and never reads them
	 * again; entries are offsets from the entry, not from the field.
	 */
	RULE("__ftr_fixup", EM_PPC64, SR_CODE_INDEX | SR_INIT_SAFE | SR_LOAD_ONLY,
	  "module_finalize(): do_feature_fixups() at load only"),
	RULE("__mmu_ftr_fixup", EM_PPC64, SR_CODE_INDEX | SR_INIT_SAFE | SR_LOAD_ONLY,
	  "module_finalize(): do_feature_fixups() at load only"),
	RULE("__fw_ftr_fixup", EM_PPC64, SR_CODE_INDEX | SR_INIT_SAFE | SR_LOAD_ONLY,
	  "module_finalize(): do_feature_fixups() at load only"),
	RULE("__spec_barrier_fixup", EM_PPC64,
	  SR_CODE_INDEX | SR_INIT_SAFE | SR_LOAD_ONLY,
	  "module_finalize(): do_barrier_nospec_fixups_range() at load only"),
	RULE("__lwsync_fixup", EM_PPC64, SR_CODE_INDEX | SR_INIT_SAFE | SR_LOAD_ONLY,
	  "module_finalize(): do_lwsync_fixups() at load only"),
	RULE("__ftr_alt_*", EM_PPC64, SR_INIT_SAFE | SR_LOAD_ONLY,
	  "do_feature_fixups(): patch_alt_instruction() copies it at load"),

	/* arm: arch/arm/kernel/module.c module_finalize() and friends. */
	RULE(".ARM.exidx*", EM_ARM, SR_CODE_INDEX | SR_INIT_SAFE,
	  "module_finalize(): unwind_table_add(); module_arch_freeing_init() drops the init table"),
	RULE(".alt.smp.init", EM_ARM, SR_CODE_INDEX | SR_INIT_SAFE | SR_LOAD_ONLY,
	  "module_finalize(): fixup_smp() at load only"),
	RULE(".pv_table", EM_ARM, SR_CODE_INDEX | SR_INIT_SAFE | SR_LOAD_ONLY,
	  "module_finalize(): fixup_pv_table() at load only"),

	/* mips: arch/mips/kernel/module.c. */
	RULE("__dbe_table", EM_MIPS, SR_ROOT | SR_CODE_INDEX | SR_INIT_SAFE,
	  "search_module_dbetables() matches a faulting address exactly"),

	/* arm64: arch/arm64/kernel/module.c module_finalize(). */
	RULE(".altinstructions", EM_AARCH64,
	  SR_CODE_INDEX | SR_INIT_SAFE | SR_LOAD_ONLY,
	  "module_finalize(): apply_alternatives_module() at load only"),
};

static bool rule_matches(const struct section_rule *r, const char *name,
			 uint16_t machine)
{
	/* Cheap rejections first: this runs for every section. */
	if (r->name[0] != name[0] ||
	    (r->name[1] != name[1] && r->name[1] != '*') ||
	    (r->machine != EM_NONE && r->machine != machine))
		return false;
	if (r->name[r->len - 1] == '*')
		return strncmp(name, r->name, r->len - 1) == 0;
	return strcmp(name, r->name) == 0;
}

#define NRULES (sizeof(rules) / sizeof(rules[0]))

/*
 * Rules by the first byte of their name, the second after a '.', or the
 * third after "__" (a third of the rules start so), in table order:
 * built once.  (No rule name starts with ".*", "_*" or "__*".)
 */
#define NKEYS 768
static unsigned short by_key[NRULES];
static unsigned short key_start[NKEYS + 1];
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static unsigned int name_key(const char *name)
{
	if (name[0] == '.' && name[1])
		return 256 + (unsigned char)name[1];
	if (name[0] == '_' && name[1] == '_')
		return 512 + (unsigned char)name[2];
	return (unsigned char)name[0];
}

static void build_index(void)
{
	unsigned int key, i, n = 0;

	for (key = 0; key < NKEYS; key++) {
		key_start[key] = n;
		for (i = 0; i < NRULES; i++)
			if (name_key(rules[i].name) == key)
				by_key[n++] = i;
	}
	key_start[NKEYS] = n;
}

void section_classify(const char *name, uint16_t machine, uint64_t sh_flags,
		      bool module_unload, struct section_facts *out)
{
	unsigned int key = name_key(name), k;

	pthread_once(&index_once, build_index);
	out->flags = 0;
	out->safe_rule = NULL;
	out->movable_rule = NULL;
	out->class_rule = NULL;
	out->class = SEC_UNLOADED;
	/* The loader neither places nor relocates what is not SHF_ALLOC. */
	if (!(sh_flags & SHF_ALLOC))
		return;
	for (k = key_start[key]; k < key_start[key + 1]; k++) {
		const struct section_rule *r = &rules[by_key[k]];

		if (!rule_matches(r, name, machine))
			continue;
		out->flags |= r->flags;
		if ((r->flags & SR_INIT_SAFE) && !out->safe_rule)
			out->safe_rule = r;
		if ((r->flags & SR_LOAD_ONLY) && !out->movable_rule)
			out->movable_rule = r;
		if ((r->flags & (SR_INIT | SR_EXIT | SR_UNLOADED)) &&
		    !out->class_rule)
			out->class_rule = r;
	}

	if (!(sh_flags & SHF_ALLOC) || (out->flags & SR_UNLOADED))
		out->class = SEC_UNLOADED;
	else if ((out->flags & SR_INIT) && !(out->flags & SR_NOT_INIT))
		out->class = SEC_INIT;
	else if ((out->flags & SR_EXIT) && !module_unload)
		out->class = SEC_INIT;
	else
		out->class = SEC_PERSISTENT;
}

static const struct section_rule not_ftrace_rule = RULE(
	"__patchable_function_entries", ANY,
	SR_CODE_INDEX | SR_INIT_SAFE | SR_LOAD_ONLY,
	"never read: FTRACE_CALLSITE_SECTION is __mcount_loc in this build");

void section_not_ftrace(struct section_facts *facts)
{
	facts->flags = not_ftrace_rule.flags;
	facts->safe_rule = &not_ftrace_rule;
	facts->movable_rule = &not_ftrace_rule;
}

const struct section_rule *section_rules(unsigned int *count)
{
	*count = NRULES;
	return rules;
}
