/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * reads.h - which bytes of a static object the code that runs after init
 * accesses (reads.c), for note-out.c's READS records.
 */
#ifndef KOTEST_READS_H
#define KOTEST_READS_H

/* Bytes offset + k * stride .. + size, for every k (stride 0: k = 0). */
struct kotest_read {
	HOST_WIDE_INT offset;
	unsigned HOST_WIDE_INT size;
	unsigned HOST_WIDE_INT stride;
};

/* What one function does with one object. */
struct kotest_reads {
	tree object;			/* kept (kotest_keep_tree()) */
	const char *function;		/* its symbol, xstrdup()ed */
	bool opaque;			/* an address use it cannot follow */
	vec<kotest_read> reads;		/* heap vector, no duplicates */
};

extern vec<kotest_reads> kotest_member_reads;

/* escape.c, for each function body not in an init section. */
void kotest_collect_reads(function *fun);

#endif /* KOTEST_READS_H */
