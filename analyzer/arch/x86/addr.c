// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What an x86-64 function does with an object's address it loads into a
 * register: which members it reads through it, and whether the address
 * may go anywhere else (dangling.c asks, for tables that hold pointers
 * into init memory).
 *
 * GCC walks a table with "mov $table, %rbx" (or lea table(%rip)), then
 * reads "d(%rbx)" and steps "add $size, %rbx".  The function is swept
 * instruction by instruction (no control flow: every use counts, wherever
 * it is).  The answer is given only when the register is one no call,
 * return or string instruction uses implicitly (rbx, rbp, r10-r15), and
 * every other mention of it is a base with a displacement, an add or sub
 * of an immediate, a compare, a test, or a push before / pop anywhere
 * (saving the caller's value).  Anything else (a copy, an index, LEA, a
 * VEX instruction, a store of the register) could hand the address on:
 * no answer.
 */
#include <string.h>

#include "addr.h"
#include "insn.h"

/* The registers the answer may be about: not rax-rsp, rsi, rdi, r8, r9. */
static bool trackable(unsigned int reg)
{
	return reg == 3 || reg == 5 || reg >= 10;
}

static unsigned int modrm_reg(const struct x86_insn *x, const unsigned char *p)
{
	return ((p[x->modrm_off] >> 3) & 7) | (x->rex & 4 ? 8 : 0);
}

static unsigned int modrm_rm(const struct x86_insn *x, const unsigned char *p)
{
	return (p[x->modrm_off] & 7) | (x->rex & 1 ? 8 : 0);
}

/* ModRM's reg field is an opcode extension, not a register. */
static bool reg_is_extension(const struct x86_insn *x)
{
	static const unsigned char groups[] = {
		0x80, 0x81, 0x83, 0x8f, 0xc0, 0xc1, 0xc6, 0xc7, 0xd0, 0xd1,
		0xd2, 0xd3, 0xf6, 0xf7, 0xfe, 0xff,
	};

	if (x->map == 1)
		return x->opcode == 0x00 || x->opcode == 0x01 ||
		       (x->opcode >= 0x18 && x->opcode <= 0x1f) ||
		       x->opcode == 0xba || x->opcode == 0xc7 ||
		       x->opcode == 0xae;
	return x->map == 0 && memchr(groups, x->opcode, sizeof(groups));
}

static int64_t signed_field(const unsigned char *p, unsigned int len)
{
	if (len == 1)
		return (int8_t)p[0];
	return (int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 |
			 (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
}

/*
 * The register the instruction at p loads the field's address into: mov
 * $imm32 (C7 /0, REX.W) or lea rip-relative; -1 for any other.
 */
static int loaded_register(const struct x86_insn *x, const unsigned char *p,
			   size_t field_off)
{
	unsigned int m;

	if (!x->modrm_off || x->map != 0 || x->vex)
		return -1;
	m = p[x->modrm_off];
	if (x->opcode == 0xc7 && (x->rex & 8) && (m & 0xf8) == 0xc0 &&
	    x->imm_len == 4 && x->imm_off == field_off)
		return (int)modrm_rm(x, p);
	if (x->opcode == 0x8d && (x->rex & 8) && (m & 0xc7) == 0x05 &&
	    x->disp_len == 4 && x->disp_off == field_off)
		return (int)modrm_reg(x, p);
	return -1;
}

/* One instruction's mention of reg; false: it may hand the address on. */
static bool use_ok(const struct x86_insn *x, const unsigned char *p,
		   unsigned int reg, bool before_def,
		   struct addr_uses *u)
{
	unsigned int op = x->opcode, m, mod, rm, base = 16, index = 16;

	/* push and pop of the register: opcode 50+r, 58+r */
	if (x->map == 0 && !x->modrm_off && op >= 0x50 && op <= 0x5f) {
		if (((op & 7) | (x->rex & 1 ? 8 : 0)) != reg)
			return true;
		return op >= 0x58 || before_def;
	}
	/* mov $imm, %reg (b8+r), xchg, bswap: a new value or a swap */
	if (x->map == 0 && !x->modrm_off &&
	    ((op >= 0xb8 && op <= 0xbf) || (op >= 0x91 && op <= 0x97)))
		return ((op & 7) | (x->rex & 1 ? 8 : 0)) != reg;
	if (x->map == 1 && !x->modrm_off && op >= 0xc8 && op <= 0xcf)
		return ((op & 7) | (x->rex & 1 ? 8 : 0)) != reg;
	if (!x->modrm_off)
		return true;
	m = p[x->modrm_off];
	mod = m >> 6;
	rm = modrm_rm(x, p);
	if (mod != 3) {
		if ((m & 7) == 4) {
			unsigned int sib = p[x->modrm_off + 1];

			base = (sib & 7) | (x->rex & 1 ? 8 : 0);
			index = ((sib >> 3) & 7) | (x->rex & 2 ? 8 : 0);
			if (index == 4)
				index = 16;
			if (mod == 0 && (sib & 7) == 5)
				base = 16;
		} else if (!(mod == 0 && (m & 7) == 5)) {
			base = rm;
		}
		if (index == reg)
			return false;
		if (base == reg) {
			if (x->map == 0 && op == 0x8d)
				return false;	/* lea d(%reg): a copy */
			if (u->n == ADDR_MAX_READS)
				return false;
			u->disp[u->n++] = x->disp_len ?
				signed_field(p + x->disp_off, x->disp_len) : 0;
		}
	}
	if (!reg_is_extension(x) && modrm_reg(x, p) == reg)
		/* cmp, test: read only */
		return x->map == 0 && (op == 0x39 || op == 0x3b || op == 0x85);
	if (mod == 3 && rm == reg) {
		unsigned int ext = (m >> 3) & 7;

		if (x->map == 0 && (op == 0x81 || op == 0x83) && x->imm_len &&
		    (ext == 0 || ext == 5)) {
			int64_t step = signed_field(p + x->imm_off, x->imm_len);

			u->stride = stride_gcd(u->stride,
					       step < 0 ? -step : step);
			return true;
		}
		if (x->map == 0 && (op == 0x81 || op == 0x83) && ext == 7)
			return true;
		return x->map == 0 && (op == 0x39 || op == 0x3b || op == 0x85);
	}
	return true;
}

int x86_address_uses(const unsigned char *code, size_t len, size_t start,
		     size_t end, size_t field, struct addr_uses *u)
{
	struct x86_insn x;
	size_t pos, def = SIZE_MAX;
	int reg = -1, n;

	memset(u, 0, sizeof(*u));
	if (end > len)
		end = len;
	for (pos = start; pos < end && pos <= field; pos += n) {
		n = x86_insn_decode(&x, code + pos, len - pos, true);
		if (n < 0)
			return -1;
		if (pos + n > field) {
			reg = loaded_register(&x, code + pos, field - pos);
			def = pos;
			break;
		}
	}
	if (reg < 0 || !trackable(reg))
		return -1;
	for (pos = start; pos < end; pos += n) {
		n = x86_insn_decode(&x, code + pos, len - pos, true);
		if (n < 0 || x.vex)
			return -1;
		if (pos != def && !use_ok(&x, code + pos, reg, pos < def, u))
			return -1;
	}
	return 0;
}
