/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A typed merge sort with the comparison inlined.
 *
 * qsort() calls its comparison through a pointer for every step and, in
 * glibc, sorts through a temporary buffer anyway; on kotest's arrays
 * (symbols, references: mostly in address order already) that was a
 * seventh of the run time.  DEFINE_SORT(name, type, less) defines
 *
 *	static int name(type *items, size_t n);
 *
 * a stable sort by less(const type *a, const type *b), which returns 0,
 * or -1 when it cannot get its temporary buffer.  Runs already in order
 * cost one comparison per item.
 */
#ifndef KOTEST_SORT_H
#define KOTEST_SORT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SORT_RUN 16

#define DEFINE_SORT(name, type, less)					\
static void name##_insertion(type *a, size_t n)			\
{									\
	size_t i, j;							\
									\
	for (i = 1; i < n; i++) {					\
		type t;							\
									\
		if (!less(&a[i], &a[i - 1]))				\
			continue;					\
		t = a[i];						\
		for (j = i; j > 0 && less(&t, &a[j - 1]); j--)		\
			a[j] = a[j - 1];				\
		a[j] = t;						\
	}								\
}									\
									\
/* Merge the sorted a[0, mid) and a[mid, n) into out. */		\
static void name##_merge(const type *a, size_t mid, size_t n,		\
			 type *out)					\
{									\
	size_t i = 0, j = mid, k = 0;					\
									\
	if (!less(&a[mid], &a[mid - 1])) {				\
		memcpy(out, a, n * sizeof(*a));				\
		return;							\
	}								\
	while (i < mid && j < n)					\
		out[k++] = less(&a[j], &a[i]) ? a[j++] : a[i++];	\
	while (i < mid)							\
		out[k++] = a[i++];					\
	while (j < n)							\
		out[k++] = a[j++];					\
}									\
									\
static __attribute__((unused)) int name(type *items, size_t n)		\
{									\
	type *src = items, *dst, *tmp, *swap;				\
	size_t width, i;						\
									\
	for (i = 0; i < n; i += SORT_RUN)				\
		name##_insertion(items + i,				\
				 n - i < SORT_RUN ? n - i : SORT_RUN);	\
	if (n <= SORT_RUN)						\
		return 0;						\
	tmp = malloc(n * sizeof(*items));				\
	if (!tmp)							\
		return -1;						\
	dst = tmp;							\
	for (width = SORT_RUN; width < n; width *= 2) {			\
		for (i = 0; i < n; i += 2 * width) {			\
			size_t mid = i + width, end = i + 2 * width;	\
									\
			if (end > n)					\
				end = n;				\
			if (mid >= end)					\
				memcpy(dst + i, src + i,		\
				       (end - i) * sizeof(*items));	\
			else						\
				name##_merge(src + i, mid - i, end - i,	\
					     dst + i);			\
		}							\
		swap = src;						\
		src = dst;						\
		dst = swap;						\
	}								\
	if (src != items)						\
		memcpy(items, src, n * sizeof(*items));			\
	free(tmp);							\
	return 0;							\
}

/*
 * DEFINE_BUCKET_SORT(name, type, bucket, less) defines
 *
 *	static int name(type *items, size_t n, size_t nbuckets);
 *
 * the same order when less() first compares bucket(item), a small
 * integer below nbuckets (a section index): a counting pass groups the
 * items, then each group is sorted on its own.  Groups are short and
 * mostly in order already; one sort over them all merged every run of
 * them again.
 */
#define DEFINE_BUCKET_SORT(name, type, bucket, less)			\
DEFINE_SORT(name##_group, type, less)					\
									\
static int name(type *items, size_t n, size_t nbuckets)			\
{									\
	type *out = malloc((n ? n : 1) * sizeof(*items));		\
	size_t *first = calloc(nbuckets + 1, sizeof(*first));		\
	size_t i, start;						\
	int ret = 0;							\
									\
	if (!out || !first) {						\
		free(out);						\
		free(first);						\
		return -1;						\
	}								\
	for (i = 0; i < n; i++)						\
		first[bucket(&items[i]) + 1]++;				\
	for (i = 0; i < nbuckets; i++)					\
		first[i + 1] += first[i];				\
	for (i = 0; i < n; i++)						\
		out[first[bucket(&items[i])]++] = items[i];		\
	/* first[b] is now where bucket b ends */			\
	for (i = 0, start = 0; i < nbuckets && !ret; start = first[i++]) \
		ret = name##_group(out + start, first[i] - start);	\
	memcpy(items, out, n * sizeof(*items));				\
	free(out);							\
	free(first);							\
	return ret;							\
}

/*
 * Sort keys[0, n) by their bits [lo, hi), stably, eight bits at a time:
 * the bits below lo ride along (an index into the items the keys stand
 * for, so that eight bytes move instead of the items).  Returns -1 when
 * it cannot get its temporary buffer.
 */
static __attribute__((unused)) int radix_sort_keys(uint64_t *keys, size_t n,
						   unsigned int lo,
						   unsigned int hi)
{
	uint64_t *tmp = malloc((n ? n : 1) * sizeof(*keys));
	uint64_t *src = keys, *dst = tmp, *swap;
	size_t count[256], i;
	unsigned int shift;

	if (!tmp)
		return -1;
	for (shift = lo; shift < hi; shift += 8) {
		size_t pos = 0, b;

		memset(count, 0, sizeof(count));
		for (i = 0; i < n; i++)
			count[(src[i] >> shift) & 0xff]++;
		if (n && count[(src[0] >> shift) & 0xff] == n)
			continue;	/* every key has these bits */
		for (b = 0; b < 256; b++) {
			size_t c = count[b];

			count[b] = pos;
			pos += c;
		}
		for (i = 0; i < n; i++)
			dst[count[(src[i] >> shift) & 0xff]++] = src[i];
		swap = src;
		src = dst;
		dst = swap;
	}
	if (src != keys)
		memcpy(keys, src, n * sizeof(*keys));
	free(tmp);
	return 0;
}

static inline unsigned int sort_bits_for(uint64_t max)
{
	return max ? 64 - __builtin_clzll(max) : 0;
}

/*
 * DEFINE_ADDRESS_SORT(name, type, sec, off, fallback) defines
 *
 *	static int name(type *items, size_t n, size_t nsections);
 *
 * a stable sort by (item->sec, item->off), section indices below
 * nsections: a radix sort of "section, offset, item index" keys when they
 * fit in 64 bits, whatever the items' order (symbols and anonymous
 * targets are in none), else fallback(items, n, nsections).
 */
#define DEFINE_ADDRESS_SORT(name, type, sec, off, fallback)		\
static int name(type *items, size_t n, size_t nsections)		\
{									\
	unsigned int index_bits = sort_bits_for(n), off_bits, key_bits;	\
	uint64_t max_off = 0, *keys;					\
	type *sorted;							\
	size_t i;							\
									\
	for (i = 0; i < n; i++)						\
		if (items[i].off > max_off)				\
			max_off = items[i].off;				\
	off_bits = sort_bits_for(max_off);				\
	key_bits = index_bits + off_bits + sort_bits_for(nsections);	\
	if (n < 64 || key_bits > 64)					\
		return fallback(items, n, nsections);			\
	keys = malloc(n * sizeof(*keys));				\
	sorted = malloc(n * sizeof(*sorted));				\
	if (!keys || !sorted) {						\
		free(keys);						\
		free(sorted);						\
		return -1;						\
	}								\
	for (i = 0; i < n; i++)						\
		keys[i] = ((uint64_t)items[i].sec << off_bits |		\
			   items[i].off) << index_bits | i;		\
	if (radix_sort_keys(keys, n, index_bits, key_bits)) {		\
		free(keys);						\
		free(sorted);						\
		return -1;						\
	}								\
	for (i = 0; i < n; i++)						\
		sorted[i] = items[keys[i] & ((1ull << index_bits) - 1)];	\
	memcpy(items, sorted, n * sizeof(*items));			\
	free(keys);							\
	free(sorted);							\
	return 0;							\
}

#endif
