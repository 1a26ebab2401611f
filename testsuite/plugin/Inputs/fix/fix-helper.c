// SPDX-License-Identifier: GPL-2.0-or-later
/* A global function that only another file's init code calls. */
#include "fix.h"

static const int helper_weights[] = { 3, 5, 7, 11, 13, 17, 19, 23 };

__noinline int fix_setup_global(int x)
{
	return helper_weights[x & 7] + x;
}

/* What the thread uses stays with it. */
static const int worker_steps[] = { 1, 2, 4, 8 };

int fix_worker(void *arg)
{
	return worker_steps[(long)arg & 3];
}

int fix_thread(void *arg)
{
	return (int)(long)arg + 1;
}
