/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A chain that persistent code also calls without a relocation, in a
 * module whose only candidate is data: chain_fn is reached from a table
 * that only init code reads (a relocation), and persist_chain calls it
 * from the same section (none).  It is no chain; the table stays a
 * candidate.
 */
#include "kmod.h"

// CHECK-NOT: chain {{.*}}(chain_fn)
static __attribute__((__noinline__, __noclone__)) int chain_fn(int x)
{
	return printk("chain %d\n", x) + x;
}

int persist_chain(int x)
{
	return chain_fn(x) * 5;
}

/* The control: the table is its only user, a chain. */
static __attribute__((__noinline__, __noclone__)) int table_only_fn(int x)
{
	return printk("table %d\n", x) - x;
}

// CHECK: candidate .rodata{{[.a-z]*}} + {{[0-9A-F]+}} (init_table) rref 1 xref 0
// CHECK: chain .text{{[.a-z]*}} + {{[0-9A-F]+}} (table_only_fn) rref 0 xref 1
static int (*const init_table[])(int) = { chain_fn, table_only_fn };
static volatile int which;	/* keeps GCC from folding the call */

static int __init chain_init(void)
{
	return init_table[which](6);
}
module_init(chain_init);
// CHECK-NOT: chain {{.*}}(chain_fn)
// CHECK: total candidates
