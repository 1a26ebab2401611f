// SPDX-License-Identifier: GPL-2.0-or-later
/* Persistent code that prints "foobar". */
#include "kmod.h"

int persistent_hello(void)
{
	return printk("foobar");
}
