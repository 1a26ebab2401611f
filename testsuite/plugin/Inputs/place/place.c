// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * -fplugin-arg-kotest-place: one object for each rule and each exclusion
 * (place.test checks where each lands).
 */
#define __section(s)	__attribute__((__section__(s)))
#define __init		__section(".init.text")
#define __noinline	__attribute__((__noinline__))

int printk(const char *fmt, ...);
void register_thing(const void *thing);
void register_name(const char *name);
void register_cb(int (*cb)(int));
extern volatile int place_arg;

/* Data only init code reads: .init.rodata.kotest. */
static const int init_table[] = { 2, 3, 5, 7, 11, 13, 17, 19 };
/* Data init code writes and reads: .init.data.kotest. */
static int init_state[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
/* Read by persistent code too: stays. */
static const int shared_table[] = { 9, 8, 7, 6, 5, 4, 3, 2 };
/* Its address is handed on by init code: stays. */
static const int handed_table[] = { 1, 4, 9, 16, 25, 36, 49, 64 };
/* Its address goes only to printk, which keeps nothing: moves. */
static const char init_name[] = "kotest-place";
/* Its address goes to a function that may keep it: stays. */
static const char handed_name[] = "handed";
/* Zero-initialised (.bss): a module has no init .bss: stays. */
static int zeroed[16];
/* A section attribute: stays where it says. */
static int ro_after[4] __section(".data..ro_after_init") = { 4, 3, 2, 1 };

/* A helper of a helper follows it. */
static __noinline int helper2(int x)
{
	return init_table[x & 7] * x;
}

/* Only init code calls it: .init.text, notrace. */
static __noinline int init_helper(int x)
{
	return helper2(x) + init_state[x & 7]++;
}

/* Init code and persistent code call it: stays. */
static __noinline int shared(int x)
{
	return shared_table[x & 7] + x;
}

/* Persistent code takes its address: stays. */
static __noinline int callback(int x)
{
	return x + 1;
}

/* Init code takes its address and hands it on: stays. */
static __noinline int init_callback(int x)
{
	return x + 2;
}

/* "used": stays. */
static __noinline __attribute__((__used__)) int kept_used(int x)
{
	return x + 3;
}

/* Called with a constant: a .constprop clone that only init code calls. */
static __noinline int cloned(int x, int y)
{
	return x * y + init_table[(x + y) & 7] + (x >> y);
}

int persistent(int x)
{
	register_cb(callback);
	printk("shared message\n");
	return shared(x) + kept_used(x);
}

static int __init place_init(void)
{
	static const int local_steps[] = { 1, 1, 2, 3, 5, 8, 13, 21 };
	int x = place_arg;

	printk("init only %d\n", init_helper(x));
	printk("shared message\n");
	printk("%s: %d\n", __func__, local_steps[x & 7]);
	register_name("escaping-name");
	printk("%s\n", init_name);
	register_name(handed_name);
	register_thing(handed_table);
	register_cb(init_callback);
	zeroed[x & 15] = x;
	return shared(x) + cloned(x, 3) + cloned(x + 1, 3) + ro_after[x & 3] +
	       zeroed[(x >> 1) & 15];
}

int init_module(void) __attribute__((alias("place_init")));
