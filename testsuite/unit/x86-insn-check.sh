#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Prove the x86 instruction decoder (analyzer/arch/x86/insn.c) on real
# code: build x86-insn-check, compile test code for x86-64 and i386, and
# compare instruction lengths and relocation tails with objdump's, over
# the test code and over a sample of each x86 module corpus.
#
#   testsuite/unit/x86-insn-check.sh [-o DIR] [-n COUNT] [-j JOBS] [CORPUS...]
#
#   -o DIR    build and test objects go to DIR (default: a temporary one)
#   -n COUNT  modules checked per corpus, spread evenly over it
#             (default 300; 0: all of them)
#   -j JOBS   parallel checkers (default: nproc)
#   CORPUS    directories holding .ko (or .ko.xz/.ko.zst/.ko.gz) files;
#             default: the amd64-* and i386-* ones in $KOTEST_CORPUS, else
#             in build/corpus (make check-corpus), else in /work/corpus
#
# Exits 1 on any mismatch, 2 when a tool or file is missing.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
dir= count=300 jobs=$(nproc 2>/dev/null || echo 2)
while getopts o:n:j: opt; do
	case $opt in
	o) dir=$OPTARG ;;
	n) count=$OPTARG ;;
	j) jobs=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))

if [ -z "$dir" ]; then
	dir=$(mktemp -d)
	trap 'rm -rf "$dir"' EXIT
fi
mkdir -p "$dir/src" "$dir/obj"

fail() { echo "x86-insn-check: $*" >&2; exit 2; }

cc64=x86_64-linux-gnu-gcc-12
command -v $cc64 >/dev/null || cc64=gcc
cc32=i686-linux-gnu-gcc-12
command -v $cc32 >/dev/null || fail "$cc32 is missing"
command -v objdump >/dev/null || fail "objdump is missing"

${CC:-gcc} -std=gnu11 -Wall -Wextra -Werror -O2 \
	-I"$top/analyzer/arch/x86" -o "$dir/x86-insn-check" \
	"$top/testsuite/unit/x86-insn-check.c" \
	"$top/analyzer/arch/x86/insn.c"

# Test code: immediates after relocated displacements in every size,
# SSE/AVX/AVX-512 forms with an imm8, and hand-written forms of both
# modes (VEX/EVEX against LES/LDS/BOUND, 16-bit addressing, moffs...).
cat > "$dir/src/imm.c" <<'EOF'
/* Stores, compares and RMW of globals with immediates of every size. */
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;

u8 g8; u16 g16; u32 g32; u64 g64;
static u8 s8; static u16 s16; static u32 s32; static u64 s64;
struct st { u32 a, b; u16 c; u8 d; u64 e; } gs, arr[16];
extern void ext(void *);

void st_imm(void)
{
	g8 = 1; g16 = 2; g16 = 0x1234; g32 = 3; g32 = 0x12345678;
	g64 = 4; g64 = -5; gs.b = 7; gs.c = 0x4321; gs.d = 0x80;
	arr[3].e = 9; arr[5].c = 0xffff;
	s8 = 9; s16 = 0x9876; s32 = 0xdeadbeef; s64 = 0x7fffffff;
	ext(&s8); ext(&s16); ext(&s32); ext(&s64);
}

void st_idx(int i, u32 v)
{
	arr[i].a = 0x11111111; arr[i].c = 0x2222; arr[i].d = 3;
	arr[i].e = v; arr[i & 7].b = 1;
}

int cmp_imm(void)
{
	return (g8 == 0) + (g16 == 0x1234) + (g32 > 77) +
	       (g64 != 0x7fffffff) + (s16 == 3) + (s8 != 0x55) +
	       (gs.c < 0x100) + (gs.e == 100000);
}

int test_imm(void)
{
	if (g32 & 0x10000)
		return 1;
	if (g16 & 0x100)
		return 2;
	if (g8 & 4)
		return 3;
	if (g64 & 0x8000000000ull)
		return 4;
	if (gs.a & 0x12345678)
		return 5;
	return 0;
}

void rmw_imm(void)
{
	g32 += 5; g16 -= 0x300; g8 ^= 0x80; g64 |= 0x1000; gs.a &= ~0x10;
	s16 += 0x1234; s32 |= 0x80000000u; s8 += 1;
}

void shift_imm(void)
{
	g32 <<= 3; g64 >>= 7; g16 = ~g16; s32 >>= 1; s8 <<= 2;
}

int mul_imm(void)
{
	return g32 * 1000 + g16 * 3 + s32 * 100000 + (int)(short)s16 * 7;
}

void atomics(void)
{
	__atomic_fetch_add(&g32, 5, __ATOMIC_SEQ_CST);
	__atomic_fetch_or(&g64, 0x100, __ATOMIC_SEQ_CST);
	__atomic_fetch_and(&g16, 0x7ff, __ATOMIC_RELAXED);
	__atomic_store_n(&g8, 1, __ATOMIC_SEQ_CST);
	__sync_bool_compare_and_swap(&s32, 1, 2);
	__atomic_fetch_sub(&s8, 3, __ATOMIC_SEQ_CST);
}

int bits(u32 n)
{
	return __builtin_popcount(g32) + ((g32 >> (n & 31)) & 1) +
	       __builtin_ctz(s32 | 1);
}

int sw(int v)
{
	switch (v) {
	case 0: return g8;
	case 1: return g16;
	case 2: return s32;
	case 3: return arr[2].d;
	case 4: return gs.c;
	case 5: return 0x1234;
	case 6: return s8;
	}
	return -1;
}

static int __attribute__((noinline)) helper(int x)
{
	g32 = x;
	return x * 3;
}

int calls(int x)
{
	return helper(x) + helper(x + 1) + (x ? helper(2) : 0);
}

/* Shift by a constant of a memory operand, and 16-bit immediates. */
void mem16(void)
{
	gs.c = gs.c * 0x101;
	arr[1].c ^= 0x8001;
	s16 = (s16 << 4) | 0xf;
}
EOF
cat > "$dir/src/simd.c" <<'EOF'
/* SSE/AVX/AVX-512 forms with an imm8 after a memory operand. */
#include <immintrin.h>

__m128i a128, b128;
__m256i a256, b256;
__m512i a512, b512;
__m128 f128;
__m256 f256;
__m512 f512;
__m128d d128;
int gi;
static __m128i s128;
static __m256i s256;
static __m512i s512;

__m128i t_pshufd(void) { return _mm_shuffle_epi32(a128, 0x1b); }
__m128i t_alignr(__m128i x) { return _mm_alignr_epi8(x, a128, 3); }
__m128i t_blend(__m128i x) { return _mm_blend_epi16(x, s128, 0x55); }
int t_extract(void) { return _mm_extract_epi32(a128, 2); }
void t_pextr(__m128i x) { gi = _mm_extract_epi32(x, 1); }
void t_pextrw(__m128i x) { *(short *)&b128 = _mm_extract_epi16(x, 3); }
__m128 t_cmp(__m128 x) { return _mm_cmplt_ps(x, f128); }
__m128i t_insert(__m128i x) { return _mm_insert_epi32(x, gi, 2); }
int t_cmpestri(__m128i x) { return _mm_cmpestri(x, 4, a128, 5, 0x0c); }
__m128 t_round(void) { return _mm_round_ps(f128, 1); }
__m128 t_dp(__m128 x) { return _mm_dp_ps(x, f128, 0xf1); }
__m128 t_shufps(__m128 x) { return _mm_shuffle_ps(x, f128, 0x4e); }
__m128d t_roundsd(__m128d x) { return _mm_round_sd(x, d128, 3); }
__m128i t_mpsad(__m128i x) { return _mm_mpsadbw_epu8(x, a128, 5); }
__m128i t_pshufhw(void) { return _mm_shufflehi_epi16(s128, 0x1b); }
float t_extractps(__m128 x) { int r = _mm_extract_ps(x, 2); return r; }

__m256i t_permq(void) { return _mm256_permute4x64_epi64(a256, 0x1b); }
__m256i t_vpshufd(void) { return _mm256_shuffle_epi32(s256, 0x1b); }
__m256i t_vpblendd(__m256i x) { return _mm256_blend_epi32(x, a256, 0x0f); }
__m256i t_vinserti(__m256i x) { return _mm256_inserti128_si256(x, a128, 1); }
void t_vextracti(__m256i x) { b128 = _mm256_extracti128_si256(x, 1); }
__m256 t_vcmpps(__m256 x) { return _mm256_cmp_ps(x, f256, _CMP_LT_OQ); }
__m256i t_vpsllvd(__m256i x) { return _mm256_sllv_epi32(x, s256); }
__m256 t_vperm2f(__m256 x) { return _mm256_permute2f128_ps(x, f256, 0x21); }
__m256i t_vmpsad(__m256i x) { return _mm256_mpsadbw_epu8(x, a256, 3); }

__m512i t_shufi(__m512i x) { return _mm512_shuffle_i32x4(x, a512, 0x44); }
__m512i t_ternlog(__m512i x, __m512i y)
{ return _mm512_ternarylogic_epi32(x, y, a512, 0x96); }
__mmask16 t_cmpmask(__m512 x)
{ return _mm512_cmp_ps_mask(x, f512, _CMP_LT_OQ); }
__m512i t_alignd(__m512i x) { return _mm512_alignr_epi32(x, s512, 3); }
__m512i t_permx(void) { return _mm512_permutex_epi64(a512, 0x1b); }
__m512i t_zshufd(void) { return _mm512_shuffle_epi32(a512, 0x1b); }
void t_zextract(__m512i x) { b128 = _mm512_extracti32x4_epi32(x, 2); }
__m512 t_roundscale(void) { return _mm512_roundscale_ps(f512, 1); }
__m512i t_srli(void) { return _mm512_srli_epi32(s512, 3); }
__m512i t_bcst(__m512i x) { return _mm512_add_epi32(x, _mm512_set1_epi32(gi)); }
__m512i t_mask(__m512i x, __mmask16 k)
{ return _mm512_mask_add_epi32(x, k, x, b512); }
__mmask16 t_pcmp(__m512i x)
{ return _mm512_cmp_epi32_mask(x, a512, _MM_CMPINT_LE); }
__m512i t_insert4(__m512i x) { return _mm512_inserti32x4(x, a128, 3); }
__m512 t_getmant(void)
{ return _mm512_getmant_ps(f512, _MM_MANT_NORM_1_2, _MM_MANT_SIGN_src); }
__m512i t_idx(__m512i x, int i) { return _mm512_add_epi32(x, (&a512)[i]); }
EOF
cat > "$dir/src/forms.S" <<'EOF'
/* Every immediate size after a relocated displacement, both modes. */
#ifdef __x86_64__
#define M(s) s(%rip)
#define AX %rax
#else
#define M(s) s
#define AX %eax
#endif
	.text
	.globl forms
	.type forms, @function
forms:
	call ext
	jmp ext
	jne ext
	jmp 1f
1:	jecxz 1b
	loop 1b
	.irp op, add, or, adc, sbb, and, sub, xor, cmp, mov
	\op\()b $0x12, M(x)
	\op\()w $0x1234, M(x)
	\op\()w $1, M(x)
	\op\()l $0x12345678, M(x)
	\op\()l $1, M(x)
	\op\()b %al, M(x)
	\op\()w %ax, M(x)
	\op\()l %eax, M(x)
	\op\()l M(x), %eax
	\op\()l $x, %eax
	\op\()l $x, M(y)
	\op\()l $x, 0x10(%eax)
	\op\()l $1, x(,%eax,4)
	\op\()b $1, x(%eax,%ebx,2)
#ifdef __x86_64__
	\op\()q $0x12345678, M(x)
	\op\()q $-1, M(x)
	\op\()q %rax, M(x)
	\op\()w $0x1234, 0x10(%r8,%r9,4)
	\op\()q $x, x(,%rax,8)
	\op\()l %r15d, M(x)
#endif
	.endr
	.irp op, test
	\op\()b $0x12, M(x)
	\op\()w $0x1234, M(x)
	\op\()l $0x12345678, M(x)
	\op\()l $x, M(y)
#ifdef __x86_64__
	\op\()q $0x12345678, M(x)
#endif
	.endr
	.irp op, rol, ror, rcl, rcr, shl, shr, sar
	\op\()b $3, M(x)
	\op\()w $3, M(x)
	\op\()l $3, M(x)
	\op\()l M(x)
	\op\()l %cl, M(x)
	.endr
	.irp op, inc, dec, not, neg, mul, imul, div, idiv
	\op\()b M(x)
	\op\()w M(x)
	\op\()l M(x)
	.endr
	imul $3, M(x), %eax
	imul $1000, M(x), %eax
	imul $1000, M(x), %ax
	imul $x, %eax, %eax
	.irp op, bt, bts, btr, btc
	\op\()l $5, M(x)
	\op\()w $5, M(x)
	\op\()l %eax, M(x)
	.endr
	shldl $3, %eax, M(x)
	shrdl $3, %eax, M(x)
	shldl %cl, %eax, M(x)
	push M(x)
	pop M(x)
	call *M(x)
	jmp *M(x)
	pushw M(x)
	push $1
	push $0x12345678
	push $x
	pushw $0x1234
	ret $8
	retw $8
	lretl $8
	enter $0x1234, $1
	enter $0, $0
	leave
	int $0x80
	int3
	.irp cc, o, no, b, ae, e, ne, be, a, s, ns, p, np, l, ge, le, g
	set\cc M(x)
	cmov\cc M(x), %eax
	j\cc ext
	j\cc 1f
1:
	.endr
	movzbl M(x), %eax
	movzwl M(x), %eax
	movsbw M(x), %ax
	lea M(x), %eax
	lea x(%eax,%ebx,8), %ecx
	lock xaddl %eax, M(x)
	lock cmpxchgl %ecx, M(x)
	lock cmpxchg8b M(x)
	xchg %eax, M(x)
	lock incl M(x)
	lock orl $0x100, M(x)
	lock andb $0x7f, M(x)
	movl $x, %eax
	movw $0x1234, %ax
	movb $0x12, %ah
	in $0x60, %al
	out %al, $0x80
	in %dx, %eax
	rep movsb
	rep stosl
	repne scasb
	cld
	std
	hlt
	cpuid
	rdtsc
	rdtscp
	rdmsr
	wrmsr
	rdpmc
	pause
	lfence
	mfence
	sfence
	clflush M(x)
	clflushopt M(x)
	clwb M(x)
	prefetcht0 M(x)
	prefetchnta M(x)
	prefetchw M(x)
	nopw 0x0(%eax,%eax,1)
	nopl M(x)
	.nops 11
	.nops 15
	xsave M(x)
	xrstor M(x)
	fxsave M(x)
	xgetbv
	stac
	clac
	lgdt M(x)
	sgdt M(x)
	lidt M(x)
	ltr M(x)
	verw M(x)
	str %eax
	invlpg M(x)
	wbinvd
	invd
	ud2
	ud1 M(x), %eax
	ud0 M(x), %eax
	endbr32
	endbr64
	rdrand %eax
	rdseed %eax
	bswap %eax
	popcnt M(x), %eax
	lzcnt M(x), %eax
	tzcnt M(x), %eax
	movbe M(x), %eax
	crc32b M(x), %eax
	crc32l M(x), %eax
	vmcall
	vmlaunch
	vmresume
	vmxoff
	vmptrld M(x)
	serialize
	wbnoinvd
	xbegin 1f
	xabort $3
	xend
1:	xtest
	mov %cr0, AX
	mov AX, %cr4
	mov %dr7, AX
	/* x87, FWAIT merged by objdump */
	flds M(x)
	fldl M(x)
	fstps M(x)
	fiaddl M(x)
	fstsw M(x)
	fnstsw M(x)
	fstcw M(x)
	fninit
	fwait
	fadd %st(1), %st
	/* moffs */
	mov M(x), %al
	mov %eax, M(x)
	/* MMX / SSE with and without imm8 */
	pshufw $1, M(x), %mm0
	psrlw $3, %mm0
	pshufd $0x1b, M(x), %xmm0
	pshuflw $1, M(x), %xmm0
	pshufhw $1, M(x), %xmm0
	psrldq $3, %xmm1
	palignr $3, M(x), %xmm0
	pinsrd $1, M(x), %xmm0
	pinsrb $1, M(x), %xmm0
	pinsrw $1, M(x), %xmm0
	pextrd $1, %xmm0, M(x)
	pextrw $1, %xmm0, M(x)
	pextrb $1, %xmm0, M(x)
	extractps $1, %xmm0, M(x)
	insertps $1, M(x), %xmm0
	shufps $1, M(x), %xmm0
	shufpd $1, M(x), %xmm0
	cmpps $1, M(x), %xmm0
	cmpsd $1, M(x), %xmm0
	roundps $1, M(x), %xmm0
	roundsd $1, M(x), %xmm0
	blendps $1, M(x), %xmm0
	pblendw $1, M(x), %xmm0
	dpps $1, M(x), %xmm0
	mpsadbw $1, M(x), %xmm0
	pclmulqdq $1, M(x), %xmm0
	aeskeygenassist $1, M(x), %xmm0
	aesenc M(x), %xmm0
	pcmpestri $1, M(x), %xmm0
	pcmpistrm $1, M(x), %xmm0
	sha1rnds4 $1, M(x), %xmm0
	sha256rnds2 M(x), %xmm0
	gf2p8affineqb $1, M(x), %xmm0
	pshufb M(x), %xmm0
	pmovzxbw M(x), %xmm0
	ptest M(x), %xmm0
	movdqa M(x), %xmm0
	movups %xmm0, M(x)
	movq M(x), %mm1
	cvtsi2sdl M(x), %xmm0
	extrq $1, $2, %xmm0
	insertq $1, $2, %xmm1, %xmm0
	extrq %xmm1, %xmm0
	/* VEX */
	vmovdqa M(x), %xmm0
	vmovdqu %ymm0, M(x)
	vpshufd $1, M(x), %xmm0
	vpshufd $1, M(x), %ymm0
	vpsrld $3, %ymm1, %ymm0
	vpermq $0x1b, M(x), %ymm0
	vpermilps $1, M(x), %ymm0
	vpblendd $1, M(x), %ymm1, %ymm0
	vinserti128 $1, M(x), %ymm1, %ymm0
	vextracti128 $1, %ymm0, M(x)
	vpsllvd M(x), %ymm1, %ymm0
	vcmpps $1, M(x), %ymm1, %ymm0
	vpinsrw $1, M(x), %xmm1, %xmm0
	vpextrw $1, %xmm0, M(x)
	vshufps $1, M(x), %ymm1, %ymm0
	vblendvps %xmm3, M(x), %xmm1, %xmm0
	vfmadd231ps M(x), %ymm1, %ymm0
	vbroadcastss M(x), %ymm0
	vzeroupper
	vzeroall
	andn M(x), %eax, %ebx
	rorx $3, M(x), %eax
	bextr %ecx, M(x), %eax
	shlx %ecx, M(x), %eax
	pdep M(x), %eax, %ebx
	kmovw M(x), %k1
	kmovw %k1, M(x)
	kshiftlw $3, %k1, %k2
	/* EVEX */
	vmovdqa32 M(x), %zmm0
	vmovdqa32 M(x), %zmm0{%k1}{z}
	vmovdqa32 64(%eax), %zmm0
	vmovdqa32 0x1000(%eax), %zmm0
	vpshufd $1, M(x), %zmm0
	vpternlogd $0x96, M(x), %zmm1, %zmm0
	vshufi32x4 $1, M(x), %zmm1, %zmm0
	vcmpps $1, M(x), %zmm1, %k1
	vpcmpd $1, M(x), %zmm1, %k1
	vpsrld $3, M(x), %zmm0
	vpslld $3, M(x), %zmm0
	vpaddd M(x){1to16}, %zmm1, %zmm0
	vextracti32x4 $1, %zmm0, M(x)
	vinserti32x4 $1, M(x), %zmm1, %zmm0
	vpermq $1, M(x), %zmm0
	vrndscaleps $1, M(x), %zmm0
	vgetmantps $1, M(x), %zmm0
	vfpclasspsz $1, M(x), %k1
	vaddps {rn-sae}, %zmm2, %zmm1, %zmm0
	vaddph M(x), %zmm1, %zmm0
	vfmadd132ph M(x), %zmm1, %zmm0
	vcmpph $1, M(x), %zmm1, %k1
	vcvtph2psx M(x), %zmm0
#ifdef __x86_64__
	vpaddd %zmm17, %zmm30, %zmm31
	vpshufd $1, 0x40(%r8,%r9,4), %zmm20
	movabs x, %al
	movabs %eax, x
	movabs $x, %rax
	movabs $0x123456789, %r8
	addr32 mov x, %eax
	movslq M(x), %rax
	mov %gs:x, %rax
	mov %gs:0x18, %rax
	incl %gs:x
	movl $1, %gs:x
	lock cmpxchg16b M(x)
	rdfsbase %rax
	wrgsbase %rax
	swapgs
	syscall
	sysretq
	vmread %rax, M(x)
	vmwrite M(x), %rax
	invpcid M(x), %rax
	movdir64b x(%rip), %rax
	movdiri %eax, M(x)
	ldtilecfg M(x)
	tileloadd x(%rax,%rbx,1), %tmm0
	call *__x86_indirect_thunk_rax(%rip)
	.byte 0x2e
	call ext
	notrack jmp *%rax
	movl $x - ., %eax
	movl $x - ., M(y)
	leaq x - 8(%rip), %rax
	addw $0x1234, %r8w
	data16 rex.W movl $0x12345678, M(x)
	sub $x, %rsp
	lea 1b(%rip), %rax
	jmp *ext@GOTPCREL(%rip)
	movq ext@GOTPCREL(%rip), %rax
	addq ext@GOTPCREL(%rip), %rcx
#else
	/* 32-bit only: BOUND/LES/LDS vs EVEX/VEX, inc/dec, 16-bit address */
	bound %eax, M(x)
	les M(x), %eax
	lds M(x), %eax
	les (%eax), %ebx
	inc %eax
	dec %edi
	pusha
	popa
	push %es
	pop %ds
	daa
	aam $10
	aad $16
	into
	arpl %ax, M(x)
	lcall $0x10, $ext
	ljmp $0x10, $ext
	ljmpw $0x10, $0x1234
	lcall *M(x)
	addr16 movl $1, 0x10(%bx,%si)
	addr16 movl $0x12345678, 0x1234(%bp,%di)
	addr16 mov 0x1234, %eax
	addr16 movw $0x1234, (%bp)
	addr16 mov 0x1234, %al
	addr16 lea 0x12(%bx), %ax
	jcxz 2f
2:
	movl $x - ., %eax
	movl $x - ., M(y)
	addl $_GLOBAL_OFFSET_TABLE_, %ebx
	movl $1, x@GOTOFF(%ebx)
	call *ext@GOT(%ebx)
#endif
	/* VIA PadLock */
	xstore
	xcryptcbc
	xsha256
	ret
	.size forms, . - forms

	.section .init.text, "ax", @progbits
	.type initf, @function
initf:
	movl $1, M(x)
	cmpb $0, M(x)
	jmp ext
	ret

	.section .altinstr_replacement, "ax", @progbits
	movw $0x1234, M(x)
	call ext
	orb $1, M(x)

	.data
x:	.long 0
y:	.long 0
EOF

k64="-O2 -fno-PIE -fno-common -ffreestanding -mcmodel=kernel -mno-red-zone"
k32="-m32 -O2 -fno-PIE -fno-common -ffreestanding -mregparm=3"
avx="-msse4.2 -mavx2 -mavx512f"
(
	cd "$dir/obj"
	$cc64 $k64 -mno-sse -pg -mfentry -mrecord-mcount -c ../src/imm.c \
		-o imm64.o
	$cc64 $k64 $avx -c ../src/simd.c -o simd64.o
	$cc64 -O2 -fPIC $avx -c ../src/simd.c -o simd64pic.o
	$cc64 -c ../src/forms.S -o forms64.o
	$cc32 $k32 -pg -mrecord-mcount -c ../src/imm.c -o imm32.o
	$cc32 -m32 -O2 -fPIC -c ../src/imm.c -o imm32pic.o
	$cc32 $k32 $avx -c ../src/simd.c -o simd32.o
	$cc32 -m32 -c ../src/forms.S -o forms32.o
)

# Sum the summary lines of the checkers run on list $2 into $dir/sum.$1.
status=0
run() {
	: > "$dir/out.$1"
	xargs -P "$jobs" -n 40 "$dir/x86-insn-check" -n 10 \
		< "$2" >> "$dir/out.$1" 2>&1 || status=1
	grep -v '^x86-insn-check: files ' "$dir/out.$1" || true
	awk -v what="$1" '
	/^x86-insn-check: files / {
		for (i = 2; i < NF; i += 2) {
			if (!($i in sum))
				key[n++] = $i
			sum[$i] += $(i + 1)
		}
	}
	END {
		line = "x86-insn-check: " what ":"
		for (i = 0; i < n; i++)
			line = line " " key[i] " " sum[key[i]]
		print line
		exit sum["mismatches"] > 0
	}' "$dir/out.$1" || status=1
}

ls "$dir"/obj/*.o > "$dir/list.test"
run test "$dir/list.test"
# the fast path against the quick one on random byte strings
"$dir/x86-insn-check" -n 10 -r 4000000 > "$dir/out.random" 2>&1 || status=1
sed 's/^x86-insn-check: files [0-9]* /x86-insn-check: random: /' \
	"$dir/out.random"

if [ $# -eq 0 ]; then
	for top_corpus in ${KOTEST_CORPUS:-} "$top/build/corpus" /work/corpus
	do
		for c in "$top_corpus"/amd64-* "$top_corpus"/i386-*; do
			[ -d "$c" ] && set -- "$@" "$c"
		done
		[ $# -gt 0 ] && break
	done
	[ $# -gt 0 ] || echo "x86-insn-check: no x86 corpus found"
fi
for c; do
	c=${c%/}
	[ -d "$c" ] || fail "$c: no such directory"
	name=$(basename "$c")
	find "$c/" -name '*.ko' -o -name '*.ko.xz' -o -name '*.ko.zst' \
		-o -name '*.ko.gz' | sort > "$dir/all.$name"
	total=$(wc -l < "$dir/all.$name")
	# every COUNT-th part of the sorted list: all subsystems get a share
	awk -v n="$count" -v t="$total" \
		'n == 0 || t <= n || int(NR * n / t) != int((NR - 1) * n / t)' \
		"$dir/all.$name" > "$dir/pick.$name"
	mkdir -p "$dir/ko/$name"
	: > "$dir/list.$name"
	while read -r f; do
		case $f in
		*.ko) echo "$f" ;;
		*)
			out=$dir/ko/$name/$(echo "${f#"$c"/}" | tr / _)
			out=${out%.*}
			case $f in
			*.xz) xz -dc "$f" ;;
			*.zst) zstd -qdc "$f" ;;
			*.gz) gzip -dc "$f" ;;
			esac > "$out"
			echo "$out" ;;
		esac
	done < "$dir/pick.$name" >> "$dir/list.$name"
	run "$name" "$dir/list.$name"
done
exit $status
