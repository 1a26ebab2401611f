// SPDX-License-Identifier: GPL-2.0-or-later
/* Init code of a unit built without the plugin hands fix_thread on. */
#include "fix.h"

int __init fix_start(void)
{
	return start_thread(fix_thread, 0);
}
