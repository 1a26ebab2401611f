/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One instruction as the architectures describe it to the shared code:
 * how long it is and where a direct branch or a PC-relative form points.
 * It is objtool's arch_decode_instruction() reduced to what kotest asks
 * of code: the assembler resolves such forms itself when the target is a
 * local symbol of the same section and leaves no relocation, so the
 * instruction is the only witness of the use (resolved.c).
 */
#ifndef KOTEST_ARCH_INSN_H
#define KOTEST_ARCH_INSN_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

enum insn_type {
	INSN_OTHER,		/* goes on to the next instruction */
	INSN_CALL,		/* direct call of target */
	INSN_JUMP,		/* unconditional direct jump to target */
	INSN_BRANCH,		/* conditional direct branch to target */
	INSN_ADDR,		/* PC-relative address of, or load from, target */
	INSN_STOP,		/* return, indirect jump, trap: the path ends */
	INSN_DATA,		/* no instruction the decoder knows: data */
};

struct insn {
	uint64_t target;	/* section offset; types CALL to ADDR only */
	uint8_t len;		/* bytes, at least the section's granule */
	uint8_t type;		/* enum insn_type */
};

/* What the mapping symbols ($a, $t, $x, $d) say of a run of bytes. */
enum code_mode {
	CODE_NATIVE,		/* the architecture's code ($a, $x) */
	CODE_THUMB,		/* arm: Thumb-2 ($t) */
	CODE_DATA,		/* literal pool, inline table ($d) */
};

/* A code section's bytes, as a decoder reads them. */
struct code_view {
	const unsigned char *code;
	uint64_t size;
	bool big_endian;
	bool elf64;
	uint32_t flags;		/* e_flags (mips: the ABI) */
	enum code_mode mode;	/* of the instruction decoded */
};

static inline bool insn_has_target(const struct insn *insn)
{
	return insn->type >= INSN_CALL && insn->type <= INSN_ADDR;
}

static inline uint32_t code_read32(const struct code_view *v, uint64_t off)
{
	const unsigned char *p = v->code + off;

	if (v->big_endian)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		       (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[1] << 8 | p[0];
}

static inline uint16_t code_read16(const struct code_view *v, uint64_t off)
{
	const unsigned char *p = v->code + off;

	return v->big_endian ? (uint16_t)(p[0] << 8 | p[1]) :
			       (uint16_t)(p[1] << 8 | p[0]);
}

#define REACH_BUCKETS 128

/*
 * What a byte prefilter (struct arch's next_reach()) looks for in one code
 * section: bitmaps with one bit per byte (bit n & 7 of byte n >> 3), each
 * with room for a 64-bit read at any of its bytes.
 */
struct reach_map {
	const uint8_t *targets;	/* bytes of objects whose users must be
				   known, from reach_slack bytes before each */
	const uint8_t *near;	/* within reach_near bytes of a target */
	const uint8_t *patched;	/* a relocation's first byte: its use is
				   known already */
	/*
	 * The section's objects, [start, end) in address order, as its
	 * index has them: a branch from one to itself (from the part before
	 * the next one starts) is no use, and slack bytes before its end
	 * make it no target either.  nobjects 0: no such test.
	 */
	const struct reach_object {
		uint64_t start, end;
	} *objects;
	size_t nobjects;
	unsigned int slack;
	/*
	 * The section cut in runs of 2^bucket_shift bytes: 0xff for a run
	 * that holds a byte of targets, 0 else.  A first look that needs no
	 * bit per byte (x86 tests 64 readings with one table look-up).  The
	 * last run stands for everything past them and stays 0.
	 */
	uint8_t buckets[REACH_BUCKETS];
	uint8_t near_buckets[REACH_BUCKETS];	/* the same for near */
	unsigned int bucket_shift;
};

/* The buckets of a section of 'size' bytes, none holding a target yet. */
static inline void reach_buckets_init(struct reach_map *m, uint64_t size)
{
	unsigned int shift = 0;

	while (((uint64_t)(REACH_BUCKETS - 1) << shift) < size)
		shift++;
	m->bucket_shift = shift;
	memset(m->buckets, 0, sizeof(m->buckets));
	memset(m->near_buckets, 0, sizeof(m->near_buckets));
}

/* Set the buckets (bucket_shift 'shift') that bytes [from, to) fall in. */
static inline void reach_buckets_set(uint8_t *buckets, unsigned int shift,
				     uint64_t from, uint64_t to)
{
	uint64_t first = from >> shift, last = to ? (to - 1) >> shift : 0;

	if (last > REACH_BUCKETS - 2)
		last = REACH_BUCKETS - 2;
	if (from < to && first <= last)
		memset(buckets + first, 0xff, last - first + 1);
}

/*
 * Bytes [from, to) of the section hold targets, and so the bytes 'near'
 * before and after them are near one.
 */
static inline void reach_buckets_mark(struct reach_map *m, uint64_t from,
				      uint64_t to, uint64_t near)
{
	reach_buckets_set(m->buckets, m->bucket_shift, from, to);
	reach_buckets_set(m->near_buckets, m->bucket_shift,
			  from > near ? from - near : 0, to + near);
}

/*
 * How many of the objects start at or before 'at'.  *hint: the answer for
 * an earlier 'at', from which it walks up (SIZE_MAX: none, it searches).
 */
static inline size_t reach_objects_upto(const struct reach_map *m,
					uint64_t at, size_t *hint)
{
	size_t lo = 0, hi = m->nobjects;

	if (*hint <= hi && (!*hint || m->objects[*hint - 1].start <= at)) {
		for (lo = *hint; lo < hi && m->objects[lo].start <= at; lo++)
			;
	} else {
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;

			if (m->objects[mid].start <= at)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	*hint = lo;
	return lo;
}

/*
 * Does a field at 'at' that points at 'target' stay inside the object
 * that holds it?  Then it is no use (resolved.c's scan_run() skips it).
 * *hint as for reach_objects_upto().
 */
static inline bool reach_inside(const struct reach_map *m, uint64_t at,
				uint64_t target, size_t *hint)
{
	size_t k = reach_objects_upto(m, at, hint);

	return k && at < m->objects[k - 1].end &&
	       target >= m->objects[k - 1].start &&
	       target + m->slack < m->objects[k - 1].end;
}

static inline bool reach_bit(const uint8_t *map, uint64_t n)
{
	return map[n >> 3] >> (n & 7) & 1;
}

/* Bits n to n + 56 of a map, as the low bits of a word. */
static inline uint64_t reach_bits57(const uint8_t *map, uint64_t n)
{
	uint64_t word;

	memcpy(&word, map + (n >> 3), sizeof(word));
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	word = __builtin_bswap64(word);
#endif
	return word >> (n & 7);
}

/* What a function does with an address it loads (struct arch). */
#define ADDR_MAX_READS 16
struct addr_uses {
	int64_t disp[ADDR_MAX_READS];	/* reads at the address + disp */
	unsigned int n;
	uint64_t stride;	/* gcd of the steps added to it, 0: none */
};

/* The step that two strides (element sizes, pointer steps) share. */
static inline uint64_t stride_gcd(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* The target of a branch 'rel' bytes from 'base' (wraps like the CPU). */
static inline uint64_t insn_rel(uint64_t base, int64_t rel)
{
	return base + (uint64_t)rel;
}

#endif
