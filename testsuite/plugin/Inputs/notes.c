// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fixtures for the plugin's .note.kotest (notes-*.test).  Every object that
 * kotest flags from the relocations alone (a candidate or a chain) carries
 * a label:
 *   LABEL: TP NAME   a true positive: only init code uses it, it could be
 *                    __init/__initconst/__initdata; must stay a candidate
 *                    with --use-notes
 *   LABEL: FP NAME   a false positive: init code hands its address to
 *                    someone who keeps it; --use-notes must report it as
 *                    escaping
 * NAME is what kotest prints in parentheses.  Inputs/notes-score.py
 * compares kotest's output with the labels: precision and recall.
 */
#include "kmod.h"

/* Kernel-like declarations, never defined here. */
struct file_ops {
	long (*read)(void *f, char *buf, unsigned long n);
	int (*open)(void *inode, void *f);
};
struct work {
	void (*func)(struct work *w);
	unsigned long data;
};
extern void *proc_create(const char *name, unsigned short mode, void *parent,
			 const struct file_ops *ops);
extern void *kthread_create_on_node(int (*fn)(void *data), void *data,
				    int node, const char namefmt[], ...);
extern int wake_up_process(void *task);
extern int schedule_work(struct work *w);
extern int _dev_info(const void *dev, const char *fmt, ...);
extern int kstrtoint(const char *s, unsigned int base, int *res);
extern volatile int notes_count;
extern void *notes_dev;
extern int use_value(int v);

/* 1. The seed's pattern: init stores &ops into a global struct (inline
 * genl_register_family_with_ops() of old kernels), then registers it. */
struct genl_ops {
	int cmd;
	int (*doit)(int v);
};
struct genl_family {
	const char *name;
	const struct genl_ops *ops;
	int n_ops;
};
extern int __genl_register_family(struct genl_family *f);
extern int genl_unregister_family(struct genl_family *f);

static inline int genl_register_family_with_ops(struct genl_family *f,
						const struct genl_ops *ops,
						int n)
{
	f->ops = ops;
	f->n_ops = n;
	return __genl_register_family(f);
}

noinline int seed_doit(int v)
{
	return v * 7;
}
// LABEL: FP seed_doit

static const struct genl_ops seed_ops[2] = {
	{ .cmd = 1, .doit = seed_doit },
	{ .cmd = 2, .doit = seed_doit },
};
// LABEL: FP seed_ops
// ESCAPE-DAG: (seed_ops) add size {{[0-9]+}}: address escapes: stored to seed_family.ops in seed_init, notes.c:{{[0-9]+}}

static struct genl_family seed_family = { .name = "seed" };

/* 2. Registration calls: fops given to debugfs and procfs from init. */
static noinline long dbg_read(void *f, char *buf, unsigned long n)
{
	return (long)f + (long)buf + (long)n;
}
// LABEL: FP dbg_read

static const struct file_ops dbg_fops = { .read = dbg_read };
// LABEL: FP dbg_fops
// ESCAPE-DAG: (dbg_fops) add size {{[0-9]+}}: address escapes: passed to debugfs_create_file (arg 5) in seed_init, notes.c:{{[0-9]+}}

static noinline int proc_open(void *inode, void *f)
{
	return inode == f;
}
// LABEL: FP proc_open

static const struct file_ops proc_fops = { .open = proc_open };
// LABEL: FP proc_fops
// ESCAPE-DAG: (proc_fops) add size {{[0-9]+}}: address escapes: passed to proc_create (arg 4) in seed_init, notes.c:{{[0-9]+}}

/* 3. Function pointers handed to a thread and a work item. */
static noinline int thread_fn(void *data)
{
	return data != 0;
}
// LABEL: FP thread_fn
// ESCAPE-DAG: (thread_fn) add size {{[0-9]+}}: address escapes: passed to kthread_create_on_node (arg 1) in seed_init, notes.c:{{[0-9]+}}

static noinline void work_fn(struct work *w)
{
	w->data++;
}
// LABEL: FP work_fn
// ESCAPE-DAG: (work_fn) add size {{[0-9]+}}: address escapes: stored to boot_work.func in seed_init, notes.c:{{[0-9]+}}

static struct work boot_work;

/* 4. Init data whose address escapes, with a pointer inside. */
static const struct genl_ops inner_ops = { .cmd = 3, .doit = seed_doit };
// LABEL: FP inner_ops
// ESCAPE-DAG: (inner_ops) add size {{[0-9]+}}: address escapes: inside an escaping object boot_family in {{.*}}, notes.c:{{[0-9]+}}

static struct genl_family boot_family __initdata = {
	.name = "boot", .ops = &inner_ops, .n_ops = 1,
};
// LABEL: FP "boot"

/* 5. Returned by an init function that picks the ops to register. */
static const struct genl_ops ret_ops = { .cmd = 4 };
// LABEL: FP ret_ops
// ESCAPE-DAG: (ret_ops) add size {{[0-9]+}}: address escapes: returned by pick_ops in pick_ops, notes.c:{{[0-9]+}}

static noinline const struct genl_ops * __init pick_ops(void)
{
	/* Not in the first two instructions: kotest's aarch64 decoder
	 * does not see references there (a bug of the analyzer). */
	if (notes_count < 0)
		return 0;
	return &ret_ops;
}

/* 6. Stored to a persistent pointer, through a cast and an offset. */
static const int stored_table[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
// LABEL: FP stored_table
// ESCAPE-DAG: (stored_table) add size {{[0-9]+}}: address escapes: stored to saved_entry in seed_init, notes.c:{{[0-9]+}}
const int *saved_entry;

/* 7. Used by inline assembly: kotest cannot know what it does. */
static const int asm_table[4] = { 4, 3, 2, 1 };
// LABEL: FP asm_table
// ESCAPE-DAG: (asm_table) add size {{[0-9]+}}: address escapes: used by inline assembly in seed_init in seed_init, notes.c:{{[0-9]+}}

/* 8. Tables only read by init code. */
static const int tp_table[16] = {
	3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3,
};
// LABEL: TP tp_table
// DECL-DAG: notes.c:[[#@LINE-4]]: note: 'tp_table' (64 bytes) is used only by __init code; mark it __initconst

static int tp_state[4] = { 1, 2, 3, 4 };
// LABEL: TP tp_state

/* A table given to a function of the same file that does not keep it. */
static const int tp_summed[8] = { 8, 7, 6, 5, 4, 3, 2, 1 };
// LABEL: TP tp_summed

static noinline int tp_sum(const int *t, int n)
{
	int i, s = 0;

	for (i = 0; i < n; i++)
		s += t[i];
	return s;
}
// LABEL: TP tp_sum

/* A table of strings only printed by init code. */
static const char *const tp_names[3] = { "alpha", "beta", "gamma" };
// LABEL: TP tp_names
// LABEL: TP "alpha"
// LABEL: TP "beta"
// LABEL: TP "gamma"

/* 9. Functions only called from init. */
static noinline int tp_helper(int n)
{
	return n * n + use_value(n);
}
// LABEL: TP tp_helper
// DECL-DAG: notes.c:[[#@LINE-5]]: note: 'tp_helper' ({{[0-9]+}} bytes) is used only by __init code; mark it __init

/* 10. Init helpers given an object's address as a parameter: what the
 * helper's body does with it decides.  noipa: GCC neither propagates the
 * constant argument into a clone nor says which arguments escape, as for
 * a helper called with several objects that passes them to functions
 * GCC does not know (printk too). */
static const int shown_tbl[4] = { 2, 3, 5, 7 };
// LABEL: TP shown_tbl

static __attribute__((noipa)) int __init show_tbl(const int *t)
{
	return printk("notes: %px %d\n", t, t[notes_count & 3]);
}
// LABEL: TP "notes: %px %d\n"

static const struct file_ops reg_fops = { .open = proc_open };
// LABEL: FP reg_fops

static __attribute__((noipa)) int __init reg_helper(const struct file_ops *ops)
{
	return proc_create("notes-reg", 0444, 0, ops) != 0;
}
// LABEL: TP "notes-reg"

static const struct file_ops deep_fops = { .open = proc_open };
// LABEL: FP deep_fops

static __attribute__((noipa)) int __init deep_inner(const struct file_ops *ops, int n)
{
	return proc_create("notes-deep", 0444, 0, n ? ops : 0) != 0;
}
// LABEL: TP "notes-deep"

static __attribute__((noipa)) int __init deep_outer(const struct file_ops *ops)
{
	return deep_inner(ops, notes_count);
}

static int __init seed_init(void)
{
	int i, s = 0, v = 0;
	void *task;

	/* 1 */
	s += genl_register_family_with_ops(&seed_family, seed_ops, 2);
	/* 2: the names are copied, not kept */
	debugfs_create_file("notes-debug", 0444, 0, 0, &dbg_fops);
	proc_create("notes-proc", 0444, 0, &proc_fops);
	// LABEL: TP "notes-debug"
	// LABEL: TP "notes-proc"
	/* 3 */
	task = kthread_create_on_node(thread_fn, 0, -1, "notes-%d", 1);
	// LABEL: TP "notes-%d"
	wake_up_process(task);
	boot_work.func = work_fn;
	schedule_work(&boot_work);
	/* 4 */
	s += __genl_register_family(&boot_family);
	/* 5 */
	s += register_thing(pick_ops());
	/* 6 */
	saved_entry = (const int *)((const char *)stored_table + 4 * notes_count);
	/* 7 */
	asm volatile("" : : "r"(asm_table) : "memory");
	/* 8 */
	for (i = 0; i < notes_count; i++) {
		s += tp_table[i & 15];
		tp_state[i & 3] += s;
	}
	s += tp_sum(tp_summed, notes_count & 7);
	for (i = 0; i < notes_count; i++)
		printk("notes: %s\n", tp_names[i % 3]);
	// LABEL: TP "notes: %s\n"
	/* 9 */
	s += tp_helper(notes_count);
	/* 10 */
	s += show_tbl(shown_tbl) + reg_helper(&reg_fops) +
	     deep_outer(&deep_fops);
	kstrtoint("42", 10, &v);
	// LABEL: TP "42"
	_dev_info(notes_dev, "notes: sum %d\n", s + v);
	// LABEL: TP "notes: sum %d\n"
	return s;
}

static void __exit seed_exit(void)
{
	genl_unregister_family(&seed_family);
}

module_init(seed_init);
module_exit(seed_exit);
THIS_MODULE_DEFINE("notes", 1);
