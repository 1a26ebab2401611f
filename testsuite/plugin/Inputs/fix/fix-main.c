// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One declaration of each kind that --fix edits, and the ones it must
 * leave alone (fix.test checks the exact patch).
 */
#include "fix.h"

struct setting {
	int speed;
	int width;
	const char *label;
};

/* An array declared const: __initconst after the declarator. */
static const int table[] = { 2, 3, 5, 7, 11, 13, 17, 19 };

/* A struct nothing writes, declared without const: __initdata. */
static struct setting defaults[] = {
	{ 100, 8, "default" },
	{ 1000, 16, "fast" },
};

/* Pointers to const strings that nothing writes: const is meant. */
static const char *names[] = { "alpha", "beta", "gamma", "delta" };

/* A declaration that spans lines. */
static int
spread[4] = { 4, 3, 2, 1 };

/* A function with a forward declaration. */
static int parse_one(int x);

/* A pointer-returning function. */
static const char *pick_name(int i);

DEFINE_RATES(rates);

/* A chain whose only user a macro made: it must stay. */
static const int rate_scale = 1000;
#define DEFINE_SCALED(name) static const int *const name[] = { &rate_scale, &rates[1] }
DEFINE_SCALED(scaled);

/* Called by init code and by persistent code: never annotated. */
static __noinline int shared_step(int x)
{
	return x * table[1] + 1;
}

static __noinline int parse_one(int x)
{
	return x * table[x & 7] + spread[x & 3] + defaults[x & 1].speed;
}

static __noinline const char *pick_name(int i)
{
	return names[i & 3];
}

int fix_persistent(int x)
{
	return shared_step(x) + 1;
}

static int __init fix_init(void)
{
	static const int local_steps[] = { 1, 1, 2, 3, 5, 8, 13, 21 };
	extern volatile int fix_arg;
	int x = fix_arg;

	printk("%s %d\n", pick_name(x), rates[x & 3] + *scaled[x & 1]);
	start_thread(fix_worker, 0);
	return parse_one(x) + local_steps[x & 7] + shared_step(x) +
	       fix_setup_global(x) + header_helper(x) + defaults[x & 1].width;
}

int init_module(void) __attribute__((alias("fix_init")));
