// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Check analyzer/arch/x86/reach.c against a plain statement of what it
 * must find: every reading of a rel32, disp32 or rel8 field, at every
 * byte, that points at a target, shares no byte with a relocated field
 * and does not stay inside the object that holds it.
 * Each path (AVX-512 and AVX2 if the CPU has them, SSE2, byte by byte)
 * must give the same answers, in the same order, as the statement, over
 * random code and targets and over the raw code of the files given.
 *
 *   x86-reach-check [SEED] [FILE...]
 * Prints "x86-reach-check: N readings, M hits, paths: ..." and exits 0,
 * or prints the first difference and exits 1.
 *
 * RUN: gcc -std=gnu11 -O2 -Wall -Wextra -Werror -I%top/analyzer %s -o %t.check
 * RUN: %cc-x86_64 -c %top/testsuite/analyzer/Inputs/findings.c -o %t.64.o
 * RUN: %cc-i686 -c %top/testsuite/analyzer/Inputs/resolved.c -o %t.32.o
 * RUN: objcopy -O binary --only-section=.text %t.64.o %t.64.text
 * RUN: objcopy -O binary --only-section=.text %t.32.o %t.32.text
 * RUN: %t.check 1 %t.64.text %t.32.text | %FileCheck %s
 * RUN: %t.check 2 | %FileCheck %s
 * CHECK: x86-reach-check: {{[0-9]+}} readings, {{[1-9][0-9]*}} hits, paths: {{.*}}SSE2, bytes
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/reach.c"

/* What x86_next_reach() asks of the CPU for its AVX-512 path. */
static bool has_avx512(void)
{
	return __builtin_cpu_supports("avx512f") &&
	       __builtin_cpu_supports("avx512bw") &&
	       __builtin_cpu_supports("avx512vbmi");
}

static uint64_t rng_state = 88172645463325252ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void set_bit(uint8_t *map, uint64_t n)
{
	map[n >> 3] |= 1u << (n & 7);
}

static bool get_bit(const uint8_t *map, uint64_t n)
{
	return map[n >> 3] >> (n & 7) & 1;
}

/* The statement: the first reading from 'from' on, as next_reach(). */
/*
 * Whether a reading at 'at' that points at t stays inside the last object
 * that starts at or before 'at', searched one by one.
 */
static bool inside(const struct reach_map *m, uint64_t at, uint64_t t)
{
	size_t k, last = m->nobjects;

	for (k = 0; k < m->nobjects; k++)
		if (m->objects[k].start <= at)
			last = k;
	return last < m->nobjects && at < m->objects[last].end &&
	       t >= m->objects[last].start &&
	       t + m->slack < m->objects[last].end;
}

static uint64_t statement(const unsigned char *c, uint64_t size,
			  const uint8_t *targets, const uint8_t *patched,
			  const struct reach_map *m,
			  uint64_t from, uint64_t to, uint64_t *target)
{
	uint64_t q, r;

	for (q = from + 1; q <= to && q < size; q++) {
		unsigned int b = c[q - 1], p = q >= 2 ? c[q - 2] : 0;
		bool wide = b == 0xe8 || b == 0xe9 || (b & 0xc7) == 0x05 ||
			    (p == 0x0f && (b & 0xf0) == 0x80);
		bool rel8 = (b & 0xf0) == 0x70 || b == 0xeb ||
			    (b >= 0xe0 && b <= 0xe3);
		uint64_t len = wide ? 4 : 1, t;
		bool clean = true;

		if ((!wide && !rel8) || q + len > size)
			continue;
		for (r = q >= 3 ? q - 3 : 0; r < q + len; r++)
			clean = clean && !get_bit(patched, r);
		if (!clean)
			continue;
		if (wide)
			t = q + 4 + (uint64_t)(int64_t)(int32_t)(c[q] |
				c[q + 1] << 8 | c[q + 2] << 16 |
				(uint32_t)c[q + 3] << 24);
		else
			t = q + 1 + (uint64_t)(int64_t)(int8_t)c[q];
		if (t < size && get_bit(targets, t) && !inside(m, q - 1, t)) {
			*target = t;
			return q - 1;
		}
	}
	return to;
}

static const unsigned char common[] = {
	0xe8, 0xe9, 0x0f, 0x85, 0x84, 0x05, 0x0d, 0x15, 0x25, 0x3d, 0x74,
	0x75, 0xeb, 0xe0, 0xe3, 0x48, 0x8b, 0x89, 0x00, 0xff, 0x01, 0xfe,
};

static unsigned long readings, hits;

/*
 * A field at q that points at byte t, after one of the opcodes (or ModRM
 * bytes) that announce one.
 */
static void plant(unsigned char *c, uint64_t size, uint64_t q, uint64_t t)
{
	static const unsigned char wide[] = { 0xe8, 0xe9, 0x05, 0x3d, 0x85 };
	static const unsigned char rel8[] = { 0x74, 0xeb, 0xe3 };
	int64_t d;

	if (q < 2 || q + 4 > size)
		return;
	d = (int64_t)t - (int64_t)(q + 4);
	if (rng() % 2) {
		c[q - 1] = wide[rng() % sizeof(wide)];
		if (c[q - 1] == 0x85)
			c[q - 2] = 0x0f;
		memcpy(c + q, &(int32_t){ (int32_t)d }, 4);
	} else if ((int64_t)t - (int64_t)(q + 1) >= -128 &&
		   (int64_t)t - (int64_t)(q + 1) < 128) {
		c[q - 1] = rel8[rng() % sizeof(rel8)];
		c[q] = (unsigned char)(int8_t)((int64_t)t - (int64_t)(q + 1));
	}
}

/* One section: every path against the statement over a few ranges. */
static int check(unsigned char *code, uint64_t size, int ntargets,
		 int npatched)
{
	uint8_t *targets = calloc(size / 8 + 8, 1);
	uint8_t *near = calloc(size / 8 + 8, 1);
	uint8_t *patched = calloc(size / 8 + 8, 1);
	struct code_view v = { .code = code, .size = size, .elf64 = true };
	struct reach_object objects[64];
	struct reach_map m = { .targets = targets, .near = near,
			      .patched = patched, .objects = objects,
			      .slack = 4 };
	int i, path, ret = 0;
	uint64_t at = 0;

	/* Objects in address order, some overlapping, some sharing a start. */
	m.nobjects = rng() % 64;
	for (i = 0; i < (int)m.nobjects; i++) {
		at += rng() % 4 ? rng() % (2 * size / 64 + 1) : 0;
		objects[i].start = at < size ? at : size;
		objects[i].end = objects[i].start + rng() % 300;
	}

	reach_buckets_init(&m, size);
	for (i = 0; i < ntargets; i++) {
		uint64_t start = rng() % size, len = 1 + rng() % 64, n;

		for (n = start; n < start + len && n < size; n++)
			set_bit(targets, n);
		reach_buckets_mark(&m, start, start + len, 130);
		for (n = start > 130 ? start - 130 : 0;
		     n < start + len + 130 && n < size; n++)
			set_bit(near, n);
	}
	for (i = 0; i < npatched; i++)
		set_bit(patched, rng() % size);
	/* Fields that do point at targets, some next to relocations. */
	for (i = 0; i < npatched + ntargets; i++) {
		uint64_t t = rng() % size;

		if (get_bit(targets, t))
			plant(code, size, rng() % size, t);
	}
	for (i = 0; i < 8 && !ret; i++) {
		uint64_t from = rng() % size, to = from + rng() % (size - from + 1);

		for (path = 0; path < 4 && !ret; path++) {
			uint64_t pos = from;

			use_avx512 = path == 0 && has_avx512();
			use_avx2 = path <= 1 && __builtin_cpu_supports("avx2");
			while (pos < to) {
				uint64_t t1 = 0, t2 = 0, a1, a2;

				a1 = path == 3 ? next_reach_bytes(&v, pos + 1,
							to, &m, &t1) :
				     x86_next_reach(&v, pos, to, &m, &t1);
				if (path == 3 && a1 == NONE)
					a1 = to;
				a2 = statement(code, size, targets, patched,
					       &m, pos, to, &t2);
				readings++;
				if (a1 != a2 || (a1 < to && t1 != t2)) {
					printf("x86-reach-check: path %d, "
					       "size %llu, [%llu, %llu): "
					       "%llu -> %llu, statement %llu "
					       "-> %llu\n", path,
					       (unsigned long long)size,
					       (unsigned long long)pos,
					       (unsigned long long)to,
					       (unsigned long long)a1,
					       (unsigned long long)t1,
					       (unsigned long long)a2,
					       (unsigned long long)t2);
					ret = 1;
					break;
				}
				if (a1 >= to)
					break;
				hits++;
				pos = a1 + 1;
			}
		}
	}
	free(targets);
	free(near);
	free(patched);
	return ret;
}

int main(int argc, char **argv)
{
	unsigned char *buf = malloc(1 << 16);
	int i, round, ret = 0;

	if (argc > 1)
		rng_state ^= strtoull(argv[1], NULL, 0) * 0x9e3779b97f4a7c15ull;
	for (round = 0; round < 4000 && !ret; round++) {
		uint64_t size = 1 + rng() % (round < 2000 ? 200 : 8000);
		uint64_t k;

		for (k = 0; k < size; k++)
			buf[k] = rng() % 3 ? common[rng() % sizeof(common)] :
					     (unsigned char)rng();
		ret = check(buf, size, 1 + rng() % 6, (int)(size / 12));
	}
	for (i = 2; i < argc && !ret; i++) {
		FILE *f = fopen(argv[i], "rb");
		size_t size;

		if (!f) {
			fprintf(stderr, "x86-reach-check: %s: cannot open\n",
				argv[i]);
			return 2;
		}
		size = fread(buf, 1, 1 << 16, f);
		fclose(f);
		for (round = 0; round < 200 && !ret && size; round++)
			ret = check(buf, size, 1 + rng() % 12,
				    (int)(size / 16));
	}
	if (!ret)
		printf("x86-reach-check: %lu readings, %lu hits, paths: %s, "
		       "%s, SSE2, bytes\n", readings, hits,
		       has_avx512() ? "AVX-512" : "(no AVX-512)",
		       __builtin_cpu_supports("avx2") ? "AVX2" : "(no AVX2)");
	free(buf);
	return ret;
}
