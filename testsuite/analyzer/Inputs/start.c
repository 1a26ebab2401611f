// SPDX-License-Identifier: GPL-2.0-or-later
/* A static executable: a valid ELF file that is not a module. */
void _start(void)
{
	for (;;)
		;
}
