// SPDX-License-Identifier: GPL-2.0-or-later
/* A function in an init section and one in a section of our own. */
extern void ext(int);

__attribute__((__section__(".init.text"))) int in_init(void)
{
	ext(1);
	return 0;
}

__attribute__((__section__(".mysec.text"))) int in_mysec(void)
{
	ext(2);
	return 0;
}

int in_text(void)
{
	ext(3);
	return 0;
}
