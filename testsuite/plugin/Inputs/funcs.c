// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Functions in every kind of place that kotest.so must tell apart, with
 * the kernel's annotations (include/linux/init.h, compiler_types.h).
 */
#define __section(s)	__attribute__((__section__(s)))
#define __cold		__attribute__((__cold__))
#define noinline	__attribute__((__noinline__))
#define __init		__section(".init.text") __cold
#define __exit		__section(".exit.text") __cold
#if defined(CC_USING_HOTPATCH)
#define notrace		__attribute__((hotpatch(0, 0)))
#elif defined(CC_USING_PATCHABLE_FUNCTION_ENTRY)
#define notrace		__attribute__((patchable_function_entry(0, 0)))
#else
#define notrace		__attribute__((__no_instrument_function__))
#endif

extern void ext(int);
int counter;

/* Persistent code: keeps its call sites. */
noinline int persistent_fn(int x)
{
	ext(x);
	return x + counter;
}

/* Called from init code only, but in .text: keeps its call site. */
static noinline int helper(int x)
{
	ext(x * 3);
	return counter - x;
}

/* Exit code stays loaded in a module that can be unloaded. */
void __exit exit_fn(void)
{
	ext(3);
}

/* Already notrace: nothing to do. */
int __init notrace init_notrace(void)
{
	ext(4);
	return 0;
}

/* Init code: loses its call site. */
static noinline int __init init_static(int n)
{
	ext(n);
	return n + counter;
}

/* IPA makes init_clone.constprop.0 of it, in .init.text too. */
static noinline int __init init_clone(int a, int b)
{
	ext(a);
	ext(b);
	if (a > b)
		ext(a * b);
	return a + b;
}

/* __init on the declaration only, as in a header. */
int __init init_declared(void);

int init_declared(void)
{
	ext(5);
	return init_static(6);
}

int __init init_one(void)
{
	counter = helper(7) + init_static(8);
	counter += init_clone(counter, 42) + init_clone(counter + 1, 42);
	return init_declared();
}

/* module_init() and module_exit(), as include/linux/module.h has them. */
int init_module(void) __attribute__((__copy__(init_one), __alias__("init_one")));
void cleanup_module(void) __attribute__((__copy__(exit_fn), __alias__("exit_fn")));
