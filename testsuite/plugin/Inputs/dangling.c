// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pointers into init memory held by memory that outlives init, in the
 * shapes real modules have them (kotest's dangling.c): those nobody can
 * read after init are "dangling", the others stay "dangerous".
 */
#include "kmod.h"

#define __ro_after_init	__section(".data..ro_after_init")
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

extern int register_dangle_ops(const void *ops);
/* Loops the compiler cannot unroll into direct calls. */
extern unsigned int dangle_count;
extern void dangle_note(unsigned long caps);

/* btrfs's mod_init_seq[]: {init, exit} pairs; exit reads exit only. */
struct init_seq {
	int (*init_fn)(void);
	void (*exit_fn)(void);
};

#define STEP(n)							\
static int __init n##_init(void) { return printk(#n); }		\
static void n##_exit(void) { printk(#n "."); }
STEP(a) STEP(b) STEP(c) STEP(d) STEP(e) STEP(f)
#define SEQ(n) { .init_fn = n##_init, .exit_fn = n##_exit }

/* Not static: GCC would turn the loops into direct calls. */
const struct init_seq seq[] = {
	SEQ(a), SEQ(b), SEQ(c), SEQ(d), SEQ(e), SEQ(f),
};

/* An ops table registered from init, with an __init member: reachable. */
struct dangle_ops {
	int (*setup)(void);
	int (*run)(int);
};

static int __init ops_setup(void) { return printk("setup"); }
static int ops_run(int x) { return printk("run", x); }

static const struct dangle_ops ops = { .setup = ops_setup, .run = ops_run };
// CHECK-DAG: dangerous {{[.a-z]+}} + {{[0-9A-F]+}} (ops) -> .init.text + {{[0-9A-F]+}} (ops_setup): reachable after init: init code (dangle_init) takes the address of ops
// NOTES-DAG: dangerous {{[.a-z]+}} + {{[0-9A-F]+}} (ops) -> .init.text + {{[0-9A-F]+}} (ops_setup): reachable after init: the address of ops escapes

/* qed's and ice's __ro_after_init speed maps of __initconst arrays. */
struct speed_map {
	unsigned int speed;
	unsigned long caps;
	const unsigned int *cap_arr;
	unsigned int arr_size;
};

static const unsigned int caps_10[] __initconst = { 1, 4 };
static const unsigned int caps_20[] __initconst = { 2 };

static struct speed_map maps[] __ro_after_init = {
	{ .speed = 10, .cap_arr = caps_10, .arr_size = 2 },
	{ .speed = 20, .cap_arr = caps_20, .arr_size = 1 },
};

static void __init maps_init(void)
{
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(maps); i++)
		for (j = 0; j < maps[i].arr_size; j++)
			maps[i].caps |= 1ul << maps[i].cap_arr[j];
}

/* After init only the speed and caps members are read. */
unsigned long dangle_speed_caps(unsigned int speed)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(maps); i++)
		if (maps[i].speed == speed)
			return maps[i].caps;
	return 0;
}

/* qed's link maps: after init, bitmap operations read the caps only. */
extern int __bitmap_intersects(const unsigned long *a, const unsigned long *b,
			       unsigned int nbits);
#define LINK_BITS	99
struct link_map {
	unsigned long caps[(LINK_BITS + 8 * sizeof(long) - 1) /
			   (8 * sizeof(long))];
	const unsigned int *cap_arr;
	unsigned int arr_size;
	unsigned int mfw_val;
};

static const unsigned int link_1g[] __initconst = { 3, 70 };
static const unsigned int link_10g[] __initconst = { 9 };

static struct link_map link_maps[] __ro_after_init = {
	{ .cap_arr = link_1g, .arr_size = 2, .mfw_val = 1 },
	{ .cap_arr = link_10g, .arr_size = 1, .mfw_val = 2 },
};

static void __init link_maps_init(void)
{
	unsigned int i, j, bit;

	for (i = 0; i < ARRAY_SIZE(link_maps); i++) {
		for (j = 0; j < link_maps[i].arr_size; j++) {
			bit = link_maps[i].cap_arr[j];
			link_maps[i].caps[bit / (8 * sizeof(long))] |=
				1ul << (bit % (8 * sizeof(long)));
		}
	}
}

unsigned int dangle_link(const unsigned long *adv)
{
	unsigned int i, val = 0;

	for (i = 0; i < ARRAY_SIZE(link_maps) && i < dangle_count; i++)
		if (__bitmap_intersects(adv, link_maps[i].caps, LINK_BITS))
			val |= link_maps[i].mfw_val;
	return val;
}

/* A bitmap operation that runs past the caps, over cap_arr: it reads it. */
static struct link_map over_maps[] __ro_after_init = {
	{ .cap_arr = link_10g, .arr_size = 1 },
};

unsigned int dangle_over(const unsigned long *adv)
{
	return __bitmap_intersects(adv, over_maps[0].caps,
				   8 * sizeof(over_maps[0]));
}

/* An array a persistent loop walks, reading one member: probe is init's. */
struct handler {
	int id;
	int (*probe)(void);
	int (*run)(int);
};

#define HANDLER(n)						\
static int __init h##n##_probe(void) { return printk("p" #n); }	\
static int h##n##_run(int x) { return printk("r" #n, x); }
HANDLER(1) HANDLER(2) HANDLER(3) HANDLER(4) HANDLER(5) HANDLER(6)
#define H(n) { .id = n, .probe = h##n##_probe, .run = h##n##_run }

const struct handler handlers[] = { H(1), H(2), H(3), H(4), H(5), H(6) };

int dangle_run(int id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(handlers) && i < dangle_count; i++)
		if (handlers[i].id == id)
			return handlers[i].run(id);
	return -1;
}

/* i915's init_funcs[]: a pointer walked over {init, exit} pairs. */
STEP(g) STEP(h) STEP(i)
const struct init_seq walked[] = { SEQ(g), SEQ(h), SEQ(i) };

void dangle_walk(void)
{
	const struct init_seq *p;

	for (p = walked; p < walked + ARRAY_SIZE(walked) && dangle_count; p++)
		p->exit_fn();
}

/* A table a persistent function hands on: any member may be read. */
extern void dangle_take(const struct init_seq *table);
STEP(j)
static const struct init_seq handed[] = { SEQ(j) };

void dangle_hand(void)
{
	dangle_take(handed);
}

/* A persistent pointer read after init: the bug. */
static int __init late_probe(void) { return printk("late"); }
int (*late_hook)(void) = late_probe;

int dangle_late(void)
{
	return late_hook();
}
// CHECK-DAG: dangerous {{[.a-z]+}} + {{[0-9A-F]+}} (late_hook) -> .init.text + {{[0-9A-F]+}} (late_probe): reachable after init: dangle_late reads it
// NOTES-DAG: dangerous {{[.a-z]+}} + {{[0-9A-F]+}} (late_hook) -> .init.text + {{[0-9A-F]+}} (late_probe): reachable after init: dangle_late reads it

static int __init dangle_init(void)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; i < ARRAY_SIZE(seq) && i < dangle_count; i++)
		ret |= seq[i].init_fn();
	for (i = 0; i < ARRAY_SIZE(handlers) && i < dangle_count; i++)
		ret |= handlers[i].probe();
	for (i = 0; i < ARRAY_SIZE(walked) && i < dangle_count; i++)
		ret |= walked[i].init_fn();
	maps_init();
	link_maps_init();
	return ret | register_dangle_ops(&ops);
}

static void __exit dangle_exit(void)
{
	unsigned int i;

	for (i = ARRAY_SIZE(seq); i-- > 0;)
		if (i < dangle_count)
			seq[i].exit_fn();
	dangle_note(dangle_speed_caps(10));
}

module_init(dangle_init);
module_exit(dangle_exit);
