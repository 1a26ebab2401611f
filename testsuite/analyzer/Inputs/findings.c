// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One module with one example of every finding.  The per-architecture
 * tests (../findings-*.test) build it with each compiler and check the
 * same lines: the answer must not depend on the architecture.
 */
#include "kmod.h"

extern volatile int demo_count;
extern int use_int(int v);

/* Read only by init code: could be __initconst. */
static const int init_table[16] = {
	3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3,
};
// CHECK-DAG: candidate .rodata{{[.a-z0-9]*}} + {{[0-9A-F]+}} (init_table) rref {{[1-9][0-9]*}} xref 0 add size 64 const used by demo_init

/* Written only by init code: could be __initdata. */
static int init_state[8] = { 1, 1, 2, 3, 5, 8, 13, 21 };
// CHECK-DAG: candidate .data + {{[0-9A-F]+}} (init_state) rref {{[1-9][0-9]*}} xref 0 add size 32 data used by demo_init

/* Zero-initialised and used only by init: a candidate only with -b. */
static int init_scratch[32];
// NEG-NOT: (init_scratch)
// BSS-DAG: candidate .bss + {{[0-9A-F]+}} (init_scratch) rref {{[1-9][0-9]*}} xref 0 add size 128 bss used by demo_init

/* Read by init and by persistent code: stays. */
static const int shared_table[16] = {
	2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 5, 9, 0, 4, 5,
};
// NEG-NOT: (shared_table)
// VERBOSE-DAG: kept .rodata{{[.a-z0-9]*}} + {{[0-9A-F]+}} (shared_table) rref {{[1-9][0-9]*}} xref {{[1-9][0-9]*}}: persistent memory uses it too

/* Used only by helper(), which only init calls: a chain. */
static const int helper_table[16] = {
	1, 4, 1, 4, 2, 1, 3, 5, 6, 2, 3, 7, 3, 0, 9, 5,
};
// CHECK-DAG: chain .rodata{{[.a-z0-9]*}} + {{[0-9A-F]+}} (helper_table) rref 0 xref {{[1-9][0-9]*}} add size 64 const used by helper

/* Called only from init code: could be __init. */
__attribute__((noipa)) int helper(int n)
{
	int i, s = 0;

	for (i = 0; i < n; i++)
		s += helper_table[i & 15];
	return s;
}
// CHECK-DAG: candidate .text + {{[0-9A-F]+}} (helper) rref {{[1-9][0-9]*}} xref 0 add size {{[0-9]+}} function used by demo_init

/* Recursive and called only from init: its calls to itself do not count. */
__attribute__((noipa)) int depth(int n)
{
	if (n <= 1)
		return n;
	return depth(n - 1) + depth(n - 2) + use_int(n);
}
// CHECK-DAG: candidate .text + {{[0-9A-F]+}} (depth) rref {{[1-9][0-9]*}} xref 0 add size {{[0-9]+}} function used by demo_init

/* Exported: the __ksymtab entry keeps it even if only init calls it. */
__attribute__((noipa)) int demo_exported(int n)
{
	return n * 3;
}
EXPORT_SYMBOL(demo_exported);
// NEG-NOT: (demo_exported)

/* A string only init code prints. */
// CHECK-DAG: candidate .rodata.str{{[0-9.]+}} + {{[0-9A-F]+}} ("demo: init table sum %d\n") rref 1 xref 0 add size 25 string used by demo_init

struct demo_ops {
	int (*op)(int);
	int id;
};

/* Registered from init only: relocations say candidate (a false positive
 * that --use-notes removes); its op is a chain through it. */
__attribute__((noipa)) int boot_op(int v)
{
	return v + 42;
}
static const struct demo_ops boot_ops = { .op = boot_op, .id = 7 };
// CHECK-DAG: candidate .rodata{{[.a-z0-9]*}} + {{[0-9A-F]+}} (boot_ops) rref 1 xref 0 add size {{8|16}} const used by demo_init
// CHECK-DAG: chain .text + {{[0-9A-F]+}} (boot_op) rref 0 xref 1 add size {{[0-9]+}} function used by boot_ops

/* Init code and data. */
static int __initdata init_only_value = 5;
static int __init demo_probe(void)
{
	return init_only_value;
}

/* Persistent pointers into init memory that code after init reads: bugs. */
int (*saved_probe)(void) = demo_probe;
int *saved_value = &init_only_value;

int demo_use_saved(void)
{
	return saved_probe() + *saved_value;
}
// CHECK-DAG: dangerous .data + {{[0-9A-F]+}} (saved_probe) -> .init.text + {{[0-9A-F]+}} (demo_probe): reachable after init: demo_use_saved reads it
// CHECK-DAG: dangerous .data + {{[0-9A-F]+}} (saved_value) -> .init.data + {{[0-9A-F]+}} (init_only_value): reachable after init: demo_use_saved reads it

/*
 * Parameters in init memory: fine when only parse_args() reads them at
 * load (no sysfs file, no free hook); a sysfs file or a charp's free hook
 * (called at unload) keeps using the pointer.
 */
static int __initdata quiet_param = 1;
module_param(quiet_param, int, 0);
static int __initdata noisy_param = 2;
module_param(noisy_param, int, 0644);
static char *__initdata name_param;
module_param(name_param, charp, 0);
// NEG-NOT: (quiet_param)
// CHECK-DAG: dangerous __param + {{[0-9A-F]+}} (__param_noisy_param+0x{{20|10}}) -> .init.data + {{[0-9A-F]+}} (noisy_param)
// CHECK-DAG: dangerous __param + {{[0-9A-F]+}} (__param_name_param+0x{{20|10}}) -> .init.data + {{[0-9A-F]+}} (name_param)
// VERBOSE-DAG: 1 pointers into init memory are module parameters without sysfs file or free hook

/* Used by exit code only: a candidate only when .exit is freed too. */
static const int exit_table[8] = { 9, 8, 7, 6, 5, 4, 3, 2 };
// NEG-NOT: (exit_table)
// NOUNLOAD-DAG: candidate .rodata{{[.a-z0-9]*}} + {{[0-9A-F]+}} (exit_table) rref {{[1-9][0-9]*}} xref 0 add size 32 const used by demo_exit

int demo_read(int i)
{
	return shared_table[i & 15];
}

static int __init demo_init(void)
{
	int i, s = 0;

	for (i = 0; i < demo_count; i++) {
		s += init_table[i & 15] + shared_table[i & 15];
		init_state[i & 7] += s;
		init_scratch[i & 31] = s;
	}
	s += init_scratch[demo_count & 31];
	s += helper(demo_count) + depth(demo_count) + demo_exported(s);
	s += demo_probe();
	printk("demo: init table sum %d\n", s);
	return register_thing(&boot_ops);
}

static void __exit demo_exit(void)
{
	int i;

	for (i = 0; i < demo_count; i++)
		use_int(exit_table[i & 7]);
}

#ifdef KOTEST_TEST_NOTES
/*
 * What the kotest plugin records for this file, written by hand so that
 * the analyzer's --use-notes is tested without the plugin.
 */
#define NOTE_BEGIN(type)						\
	".balign 4\n.long 7\n.long 2f - 1f\n.long " #type "\n"		\
	".asciz \"kotest\"\n.balign 4\n1:\n"
#define NOTE_END ".balign 4\n2:\n"
__asm__(".pushsection .note.kotest, \"\", %note\n"
	NOTE_BEGIN(1) ".long 1, 0\n.asciz \"kotest test\"\n"
	".asciz \"findings.c\"\n" NOTE_END
	NOTE_BEGIN(2) ".long 1, 2, 1, 138\n.dc.a boot_ops\n"
	".asciz \"register_thing\"\n.asciz \"demo_init\"\n"
	".asciz \"findings.c\"\n" NOTE_END
	NOTE_BEGIN(3) ".long 1, 13\n.dc.a init_table\n"
	".asciz \"init_table\"\n.asciz \"findings.c\"\n" NOTE_END
	NOTE_BEGIN(3) ".long 1, 41\n.dc.a helper\n"
	".asciz \"helper\"\n.asciz \"findings.c\"\n" NOTE_END
	".popsection\n");
// NOTES-NOT: candidate {{.*}}(boot_ops)
// NOTES-NOT: chain {{.*}}(boot_op)
// NOTES-DAG: candidate .rodata{{[.a-z0-9]*}} + {{[0-9A-F]+}} (init_table) rref {{[1-9][0-9]*}} xref 0 add size 64 const used by demo_init
// NOTES-DAG: findings.c:13: note: 'init_table' (64 bytes) is used only by __init code; mark it __initconst
// NOTES-DAG: findings.c:41: note: 'helper' ({{[0-9]+}} bytes) is used only by __init code; mark it __init
// NOTES-DAG: escapes .rodata{{[.a-z0-9]*}} + {{[0-9A-F]+}} (boot_ops) add size {{8|16}}: address escapes: passed to register_thing (arg 1) in demo_init, findings.c:138
// NOTES-DAG: escaped 1 ({{8|16}} bytes): kept, their addresses escape
// NONOTE: notice: no .note.kotest (built without the kotest plugin): relocations only
#endif

module_init(demo_init);
module_exit(demo_exit);
THIS_MODULE_DEFINE("demo", 1);

// The init function's ftrace call site, dropped by the kernel at init end.
// CHECK: ftrace {{__mcount_loc|__patchable_function_entries}}: {{[1-9][0-9]*}} call sites in init code
// CHECK: total candidates
