// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Init code that prints "bar": ld.lld -O2 -r merges it into the tail of
 * "foobar", so the reference points into the middle of a persistent string.
 */
#include "kmod.h"

static int __init strings_init(void)
{
	printk("bar");
	return printk("init only");
}
module_init(strings_init);
