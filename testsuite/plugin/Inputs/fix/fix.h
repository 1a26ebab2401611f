/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Kernel-style annotations for the --fix fixtures (fix.test). */
#ifndef FIX_H
#define FIX_H

#define __section(s)	__attribute__((__section__(s)))
#define __init		__section(".init.text")
#define __initdata	__section(".init.data")
#define __initconst	__section(".init.rodata")
#define __ro_after_init	__section(".data..ro_after_init")
#define __noinline	__attribute__((__noinline__))

/* A table that a macro defines: no edit of the source reaches it. */
#define DEFINE_RATES(name) static const int name[] = { 10, 20, 40, 80 }

int printk(const char *fmt, ...);
void register_thing(const void *thing);

/* Defined in fix-helper.c, used only by fix-main.c's init code. */
int fix_setup_global(int x);

/*
 * Defined in fix-helper.c; fix-main.c's init code starts it as a thread:
 * only that unit's note knows its address escapes.
 */
int fix_worker(void *arg);
int start_thread(int (*fn)(void *arg), void *arg);

/*
 * Defined in fix-helper.c; fix-starter.c, built without the plugin,
 * starts it from init code: no note says its address escapes, the
 * instruction that uses it must.
 */
int fix_thread(void *arg);

/* Defined in this header: every unit that includes it has a copy. */
static __noinline __attribute__((__unused__)) int header_helper(int x)
{
	return x * 5 + 2;
}

#endif
