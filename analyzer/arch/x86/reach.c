// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Where x86 code may use an object without a relocation.
 *
 * Decoding x86 costs far more than looking at a byte, and most code uses
 * none of the objects the scan asks about.  So every byte is looked at as
 * the last one before a field, whatever the real instruction boundaries
 * are: rel32 or disp32 after E8 and E9 (call, jmp), 0F 8x (jcc) and the
 * ModRM bytes of RIP-relative forms (mod 00, rm 101); rel8 after EB, 7x,
 * E0-E3 (jmp, jcc, loop, jrcxz).  A reading whose target is one of the
 * objects sends the caller to decode the code around it; the others cannot
 * be uses, nor can a field that overlaps a relocated one, or a branch
 * that stays inside the object that holds it.  64 bytes at a time with
 * AVX-512 (BW and VBMI) and 32 with AVX2, where the CPU has them: both
 * also add each rel32 or disp32 to its end and drop it unless it lands in
 * a bucket of the section that holds a target (struct reach_map).  16 at
 * a time with SSE2; byte by byte at the ends and on other hosts.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define HAVE_X86_VECTORS 1
#endif

#include "reach.h"

#define NONE UINT64_MAX

/* A little-endian 32-bit field, as x86 stores them. */
static inline int32_t field32(const unsigned char *p)
{
	uint32_t word;

	memcpy(&word, p, sizeof(word));
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	word = __builtin_bswap32(word);
#endif
	return (int32_t)word;
}

/*
 * The lanes, in vectors of the bytes at q - 1 (b) and q - 2 (p), that
 * may hold a rel32 or disp32, and a rel8, at q.  Any vector width.
 */
#define WIDE_LANES(b, p)	((((b) & 0xfe) == 0xe8) | \
				 (((b) & 0xc7) == 0x05) | \
				 ((((b) & 0xf0) == 0x80) & ((p) == 0x0f)))
#define REL8_LANES(b)		((((b) & 0xf0) == 0x70) | ((b) == 0xeb) | \
				 (((b) & 0xfc) == 0xe0))

/*
 * A rel32 or disp32 that points into a section under 16 MB (from inside
 * it) lies between -2^24 and 2^24: its top byte is 00 or ff.  Most fields
 * the opcode test lets through are other instructions' bytes, which this
 * drops for one compare.
 */
#define TOP_SECTION_MAX		((1ull << 24) - 8)
#define TOP_LANES(t)		(((t) == 0) | ((t) == 0xff))

/* The same for one q: 2 for a rel32 or disp32, 1 for a rel8, 0. */
static inline unsigned int field_at(const unsigned char *c, uint64_t q)
{
	unsigned int b = c[q - 1], p = q >= 2 ? c[q - 2] : 0;

	return WIDE_LANES(b, p) ? 2 : REL8_LANES(b);
}

/*
 * Bit i: a field at q + i shares a byte with a relocated one, which then
 * is its instruction's (instructions do not overlap; x86 code has no
 * relocated field under 4 bytes but the rel8 nobody relocates).  A rel8
 * overlaps a relocation at q + i - 3 to q + i, a rel32 also one up to
 * q + i + 3.
 */
static inline uint64_t overlaps(const struct reach_map *m, uint64_t q,
				uint64_t wide)
{
	uint64_t r = q >= 3 ? reach_bits57(m->patched, q - 3) :
			      reach_bits57(m->patched, 0) << (3 - q);

	r |= r >> 1;
	r |= r >> 2;
	return r | (wide & (r >> 3));
}

/* Where the field at q + lane (wide: a rel32 or disp32) points. */
static inline uint64_t field_target(const unsigned char *c, uint64_t q,
				    bool wide)
{
	return wide ? insn_rel(q + 4, field32(c + q)) :
		      insn_rel(q + 1, (int8_t)c[q]);
}

/*
 * The first of 'lanes' from q on (none of them overlapping a relocation)
 * whose field points at a target: the offset of its opcode (or ModRM)
 * byte, or NONE.
 */
static inline uint64_t first_hit(const struct code_view *v,
				 const struct reach_map *m, uint64_t q,
				 uint64_t wide, uint64_t lanes,
				 uint64_t *target, size_t *hint)
{
	for (; lanes; lanes &= lanes - 1) {
		unsigned int lane = __builtin_ctzll(lanes);
		uint64_t t = field_target(v->code, q + lane,
					  wide >> lane & 1);

		if (t < v->size && reach_bit(m->targets, t) &&
		    !reach_inside(m, q + lane - 1, t, hint)) {
			*target = t;
			return q + lane - 1;
		}
	}
	return NONE;
}

/*
 * first_hit() for the wide and rel8 lanes of a block that are 'clean' (no
 * relocated byte), or NONE.
 */
static inline uint64_t block_hit(const struct code_view *v,
				 const struct reach_map *m, uint64_t q,
				 uint64_t wide, uint64_t rel8, uint64_t clean,
				 uint64_t *target, size_t *hint)
{
	wide &= clean;
	rel8 &= clean;
	return wide | rel8 ? first_hit(v, m, q, wide, wide | rel8, target,
				       hint) : NONE;
}

/* Fields from q to 'to', one at a time. */
static uint64_t next_reach_bytes(const struct code_view *v, uint64_t q,
				 uint64_t to, const struct reach_map *m,
				 uint64_t *target)
{
	size_t hint = SIZE_MAX;

	for (; q <= to && q < v->size; q++) {
		unsigned int kind = field_at(v->code, q);

		if (kind && (kind == 2 ? q + 4 <= v->size : true) &&
		    first_hit(v, m, q, kind == 2,
			      1 & ~overlaps(m, q, kind == 2), target,
			      &hint) != NONE)
			return q - 1;
	}
	return NONE;
}

#ifdef HAVE_X86_VECTORS
typedef uint8_t bytes16 __attribute__((vector_size(16)));
typedef uint8_t bytes32 __attribute__((vector_size(32)));

/*
 * The lanes of the 16 at q that may reach a target, with 'wide' set to
 * those that are a rel32 or disp32.
 */
static inline uint64_t sse2_lanes(const struct code_view *v,
				  const struct reach_map *m, uint64_t q,
				  uint64_t any_top, uint64_t *wide)
{
	const unsigned char *c = v->code + q;
	uint64_t near, rel8;
	bytes16 b, p, top;

	memcpy(&b, c - 1, sizeof(b));
	memcpy(&p, c - 2, sizeof(p));
	memcpy(&top, c + 3, sizeof(top));
	*wide = (uint32_t)_mm_movemask_epi8((__m128i)WIDE_LANES(b, p)) &
		((uint32_t)_mm_movemask_epi8((__m128i)TOP_LANES(top)) |
		 any_top);
	near = reach_bits57(m->near, q) & 0xffff;
	rel8 = near ? near & (uint32_t)_mm_movemask_epi8(
				(__m128i)REL8_LANES(b)) : 0;
	return (*wide | rel8) & ~overlaps(m, q, *wide);
}

/*
 * Blocks of 16 fields from *q on while a block ends by 'limit', on CPUs
 * without AVX2; *q: where they stopped.  Two blocks go together: whether
 * a pair has a lane at all is easier to predict than whether one block
 * has (about half of them do).
 */
static uint64_t next_reach_sse2(const struct code_view *v, uint64_t *q,
				uint64_t limit, const struct reach_map *m,
				uint64_t *target)
{
	uint64_t any_top = v->size < TOP_SECTION_MAX ? 0 : ~0ull;
	uint64_t wide0, wide1, lanes0, lanes1, at;
	size_t hint = SIZE_MAX;

	for (; *q + 31 <= limit; *q += 32) {
		lanes0 = sse2_lanes(v, m, *q, any_top, &wide0);
		lanes1 = sse2_lanes(v, m, *q + 16, any_top, &wide1);
		if (!(lanes0 | lanes1))
			continue;
		at = first_hit(v, m, *q, wide0, lanes0, target, &hint);
		if (at == NONE)
			at = first_hit(v, m, *q + 16, wide1, lanes1, target,
				       &hint);
		if (at != NONE)
			return at;
	}
	for (; *q + 15 <= limit; *q += 16) {
		lanes0 = sse2_lanes(v, m, *q, any_top, &wide0);
		at = first_hit(v, m, *q, wide0, lanes0, target, &hint);
		if (at != NONE)
			return at;
	}
	return NONE;
}

/* Whether the CPU has AVX2, and AVX-512 as below: -1 until asked. */
static int use_avx2 = -1, use_avx512 = -1;

/*
 * For the rel32 and disp32 at c + j + 4k: the bit of their bucket, as the
 * top bit of byte j of dword k (that is, of lane j + 4k).
 */
#define AVX2_BUCKETS(j)							\
({									\
	__m256i t_ = _mm256_min_epu32(_mm256_add_epi32(			\
			_mm256_loadu_si256((const void *)(c + (j))),	\
			end##j), past);					\
	__m256i index_ = _mm256_srl_epi32(t_, count);			\
	__m256i word_ = _mm256_permutevar8x32_epi32(bits,		\
				_mm256_srli_epi32(index_, 5));		\
	__m256i bit_ = _mm256_srlv_epi32(word_,				\
				_mm256_and_si256(index_, low5));	\
									\
	_mm256_slli_epi32(_mm256_and_si256(bit_, one), 8 * (j) + 7);	\
})

/*
 * next_reach_avx512()'s buckets where the CPU has AVX2 only, 32 lanes a
 * block: the 128 buckets as bits, the dword that holds a lane's picked by
 * vpermd and its bit by a shift.  Without them (a section of 2 GB or
 * more), the byte tests alone.
 */
__attribute__((target("avx2")))
static uint64_t next_reach_avx2(const struct code_view *v, uint64_t *q,
				uint64_t limit, const struct reach_map *m,
				uint64_t *target)
{
	const unsigned int shift = m->bucket_shift;
	const bool coarse = v->size < (1ull << 31);
	const __m128i count = _mm_cvtsi32_si128((int)shift);
	const __m256i low5 = _mm256_set1_epi32(31);
	const __m256i one = _mm256_set1_epi32(1);
	const __m256i step = _mm256_set1_epi32(32);
	__m256i bits, past, end0, end1, end2, end3;
	uint32_t words[4];
	uint64_t wide, rel8, near, at;
	size_t hint = SIZE_MAX;
	int k;

	for (k = 0; k < 4; k++)
		words[k] = (uint32_t)_mm256_movemask_epi8(_mm256_loadu_si256(
				(const void *)(m->buckets + 32 * k)));
	bits = _mm256_setr_epi32((int)words[0], (int)words[1], (int)words[2],
				 (int)words[3], (int)words[0], (int)words[1],
				 (int)words[2], (int)words[3]);
	past = _mm256_set1_epi32(coarse ?
				 (int)((REACH_BUCKETS - 1u) << shift) : 0);
	end0 = _mm256_add_epi32(_mm256_set1_epi32((int)*q),
				_mm256_setr_epi32(4, 8, 12, 16, 20, 24, 28,
						  32));
	end1 = _mm256_add_epi32(end0, _mm256_set1_epi32(1));
	end2 = _mm256_add_epi32(end0, _mm256_set1_epi32(2));
	end3 = _mm256_add_epi32(end0, _mm256_set1_epi32(3));
	for (; *q + 31 <= limit; *q += 32) {
		const unsigned char *c = v->code + *q;
		bytes32 b, p;

		memcpy(&b, c - 1, sizeof(b));
		memcpy(&p, c - 2, sizeof(p));
		wide = (uint32_t)_mm256_movemask_epi8((__m256i)WIDE_LANES(b, p));
		if (coarse)
			wide &= (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(
				_mm256_or_si256(AVX2_BUCKETS(0),
						AVX2_BUCKETS(1)),
				_mm256_or_si256(AVX2_BUCKETS(2),
						AVX2_BUCKETS(3))));
		end0 = _mm256_add_epi32(end0, step);
		end1 = _mm256_add_epi32(end1, step);
		end2 = _mm256_add_epi32(end2, step);
		end3 = _mm256_add_epi32(end3, step);
		near = m->near_buckets[*q >> shift] |
		       m->near_buckets[(*q + 31) >> shift] ?
		       reach_bits57(m->near, *q) & 0xffffffffu : 0;
		rel8 = near ? near & (uint32_t)_mm256_movemask_epi8(
					(__m256i)REL8_LANES(b)) : 0;
		if (!(wide | rel8))
			continue;
		at = block_hit(v, m, *q, wide, rel8, ~overlaps(m, *q, wide),
			       target, &hint);
		if (at != NONE)
			return at;
	}
	return NONE;
}

#define AVX512 "avx512f,avx512bw,avx512vbmi"

/* Bits q to q + 63 of a map. */
static inline uint64_t reach_bits64(const uint8_t *map, uint64_t q)
{
	return reach_bits57(map, q) | reach_bits57(map, q + 56) << 56;
}

/*
 * overlaps() for 64 lanes, on bits q - 3 to q + 66 of the map: the low 64
 * in lo, the rest in hi.
 */
static inline uint64_t overlaps64(const struct reach_map *m, uint64_t q,
				  uint64_t wide)
{
	uint64_t next = reach_bits57(m->patched, q + 53);
	uint64_t lo = (q >= 3 ? reach_bits57(m->patched, q - 3) :
			       reach_bits57(m->patched, 0) << (3 - q)) |
		      next << 56;
	uint64_t hi = next >> 8;

	lo |= lo >> 1 | hi << 63;
	hi |= hi >> 1;
	lo |= lo >> 2 | hi << 62;
	hi |= hi >> 2;
	return lo | (wide & (lo >> 3 | hi << 61));
}

/*
 * next_reach_avx2() for 64 lanes a block, where a rel32 or disp32 also
 * has to point into a bucket with a target: most readings that the byte
 * tests let through are branches inside code nobody asks about (and the
 * top-byte test has nothing left to drop).  Four loads read every field
 * as a dword (field q + j + 4k is dword k of load j); its end is added,
 * and its bucket goes to byte j of that dword: one permute looks up all
 * 64.  Sums are 32-bit: a section of 2 GB or more is left to AVX2.
 */
__attribute__((target(AVX512)))
static uint64_t next_reach_avx512(const struct code_view *v, uint64_t *q,
				  uint64_t limit, const struct reach_map *m,
				  uint64_t *target)
{
	const unsigned int shift = m->bucket_shift;
	const __m512i table_lo = _mm512_loadu_si512(m->buckets);
	const __m512i table_hi = _mm512_loadu_si512(m->buckets + 64);
	/* Bits shift on of each dword, into its bytes (any of them). */
	const __m512i pick = _mm512_set1_epi64(0x0101010100000000ull *
					       (32 + shift) +
					       0x01010101ull * shift);
	const __m512i step = _mm512_set1_epi32(64);
	__m512i past, end0, end1, end2, end3;
	uint64_t wide, rel8, near, at;
	size_t hint = SIZE_MAX;

	if (v->size >= 1ull << 31)
		return NONE;
	/* A target past every bucket counts as in the last, which is clear. */
	past = _mm512_set1_epi32((int)((REACH_BUCKETS - 1u) << shift));
	end0 = _mm512_add_epi32(_mm512_set1_epi32((int)*q),
				_mm512_set_epi32(64, 60, 56, 52, 48, 44, 40,
						 36, 32, 28, 24, 20, 16, 12, 8,
						 4));
	end1 = _mm512_add_epi32(end0, _mm512_set1_epi32(1));
	end2 = _mm512_add_epi32(end0, _mm512_set1_epi32(2));
	end3 = _mm512_add_epi32(end0, _mm512_set1_epi32(3));
#define EQ(x, mask, value) _mm512_cmpeq_epi8_mask(_mm512_and_si512(x, \
				_mm512_set1_epi8((char)(mask))), \
				_mm512_set1_epi8((char)(value)))
#define TARGET(j) _mm512_min_epu32(_mm512_add_epi32(			\
				_mm512_loadu_si512(c + (j)), end##j), past)
	for (; *q + 63 <= limit; *q += 64) {
		const unsigned char *c = v->code + *q;
		__m512i b = _mm512_loadu_si512(c - 1);
		__m512i p = _mm512_loadu_si512(c - 2);
		__m512i index = _mm512_multishift_epi64_epi8(pick, TARGET(0));

		index = _mm512_mask_multishift_epi64_epi8(index,
				0x2222222222222222ull, pick, TARGET(1));
		index = _mm512_mask_multishift_epi64_epi8(index,
				0x4444444444444444ull, pick, TARGET(2));
		index = _mm512_mask_multishift_epi64_epi8(index,
				0x8888888888888888ull, pick, TARGET(3));
		end0 = _mm512_add_epi32(end0, step);
		end1 = _mm512_add_epi32(end1, step);
		end2 = _mm512_add_epi32(end2, step);
		end3 = _mm512_add_epi32(end3, step);
		wide = EQ(b, 0xfe, 0xe8) | EQ(b, 0xc7, 0x05) |
		       (EQ(b, 0xf0, 0x80) & EQ(p, 0xff, 0x0f));
		/*
		 * A near run is wider than a block: one that meets the
		 * block holds its first or its last byte.
		 */
		near = m->near_buckets[*q >> shift] |
		       m->near_buckets[(*q + 63) >> shift] ?
		       reach_bits64(m->near, *q) : 0;
		rel8 = near ? near & (EQ(b, 0xf0, 0x70) | EQ(b, 0xff, 0xeb) |
				      EQ(b, 0xfc, 0xe0)) : 0;
		wide &= _mm512_movepi8_mask(
			_mm512_permutex2var_epi8(table_lo, index, table_hi));
		/* Few blocks get here: relocations are looked at only then. */
		if (!(wide | rel8))
			continue;
		at = block_hit(v, m, *q, wide, rel8, ~overlaps64(m, *q, wide),
			       target, &hint);
		if (at != NONE)
			return at;
	}
#undef TARGET
#undef EQ
	return NONE;
}
#endif

uint64_t x86_next_reach(const struct code_view *v, uint64_t from, uint64_t to,
			const struct reach_map *m, uint64_t *target)
{
	uint64_t q = from + 1, at, limit;

	if (to > v->size)
		to = v->size;
	/* Whole vectors: q - 2 on, a rel32 at the last lane in the section. */
	if (q < 2) {
		at = next_reach_bytes(v, q, to < 1 ? to : 1, m, target);
		if (at != NONE)
			return at;
		q = 2;
	}
	limit = v->size < 4 ? 0 : to < v->size - 4 ? to : v->size - 4;
#ifdef HAVE_X86_VECTORS
	{
		if (use_avx2 < 0) {
			use_avx2 = __builtin_cpu_supports("avx2");
			use_avx512 = __builtin_cpu_supports("avx512f") &&
				     __builtin_cpu_supports("avx512bw") &&
				     __builtin_cpu_supports("avx512vbmi");
		}
		at = use_avx512 ? next_reach_avx512(v, &q, limit, m, target) :
		     NONE;
		if (at == NONE && use_avx2)
			at = next_reach_avx2(v, &q, limit, m, target);
		if (at == NONE)
			at = next_reach_sse2(v, &q, limit, m, target);
		if (at != NONE)
			return at;
	}
#endif
	at = next_reach_bytes(v, q, to, m, target);
	return at != NONE ? at : to;
}
