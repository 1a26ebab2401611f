/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel's module annotations, as include/linux/init.h,
 * include/linux/compiler_types.h, include/linux/export.h and modpost
 * define them, for test modules built without a kernel tree.
 */
#ifndef KOTEST_TEST_KMOD_H
#define KOTEST_TEST_KMOD_H

#define __section(s)	__attribute__((__section__(s)))
#define __used		__attribute__((__used__))
#define __cold		__attribute__((__cold__))
#define noinline	__attribute__((__noinline__))

#if defined(CC_USING_HOTPATCH)
#define notrace		__attribute__((hotpatch(0, 0)))
#elif defined(CC_USING_PATCHABLE_FUNCTION_ENTRY)
#define notrace		__attribute__((patchable_function_entry(0, 0)))
#else
#define notrace		__attribute__((__no_instrument_function__))
#endif

#define __init		__section(".init.text") __cold
#define __initdata	__section(".init.data")
#define __initconst	__section(".init.rodata")
#define __exit		__section(".exit.text") __used __cold notrace
#define __exitdata	__section(".exit.data")

typedef int (*initcall_t)(void);
typedef void (*exitcall_t)(void);

/* include/linux/module.h */
#define module_init(fn) \
	int init_module(void) __attribute__((__copy__(fn), __alias__(#fn)))
#define module_exit(fn) \
	void cleanup_module(void) __attribute__((__copy__(fn), __alias__(#fn)))

/* What modpost writes into foo.mod.c. */
struct module {
	char name[56];
	initcall_t init;
	exitcall_t exit;
};
#define THIS_MODULE_DEFINE(modname, has_exit)				\
	extern int init_module(void);					\
	extern void cleanup_module(void);				\
	struct module __this_module					\
	__section(".gnu.linkonce.this_module") = {			\
		.name = modname,					\
		.init = init_module,					\
		.exit = has_exit ? cleanup_module : 0,			\
	}

/* include/linux/export.h: a __ksymtab entry names the exported symbol. */
struct kernel_symbol {
	const void *value;
	const char *name;
};
#define EXPORT_SYMBOL(sym)						\
	static const char __kstrtab_##sym[]				\
	__section("__ksymtab_strings") __used = #sym;			\
	static const struct kernel_symbol __ksymtab_##sym		\
	__section("__ksymtab") __used = { &sym, __kstrtab_##sym }

/* include/linux/moduleparam.h */
struct kernel_param;
struct kernel_param_ops {
	unsigned int flags;
	int (*set)(const char *val, const struct kernel_param *kp);
	int (*get)(char *buffer, const struct kernel_param *kp);
	void (*free)(void *arg);
};
struct kernel_param {
	const char *name;
	struct module *mod;
	const struct kernel_param_ops *ops;
	const unsigned short perm;
	signed char level;
	unsigned char flags;
	union {
		void *arg;
	};
};
extern const struct kernel_param_ops param_ops_int, param_ops_charp;
#define module_param(name, type, perm)					\
	static const char __param_str_##name[] = #name;			\
	static const struct kernel_param __param_##name			\
	__used __section("__param")					\
	__attribute__((__aligned__(sizeof(void *)))) = {		\
		__param_str_##name, 0, &param_ops_##type, perm, -1, 0,	\
		{ &name } }

/* Kernel functions a module calls; never defined here. */
extern int printk(const char *fmt, ...);
extern int register_thing(const void *ops);
extern void unregister_thing(const void *ops);
extern void *debugfs_create_file(const char *name, unsigned short mode,
				 void *parent, void *data, const void *fops);

#endif
