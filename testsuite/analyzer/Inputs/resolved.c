/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Uses the assembler resolves without a relocation: a static function that
 * init code calls (a relocation from .init.text) and that persistent code
 * of its own section also reaches, by a call, a tail call, a conditional
 * branch or a PC-relative address, leaves no relocation for the second
 * use.  None of them may be reported: "mark it __init" would free code
 * that is still called.  only_init is the control: init code alone uses it.
 */
#include "kmod.h"

#define helper __attribute__((__noinline__, __noclone__))

/* The address of a function of this section, PC-relative where there is such a form. */
#if defined(__x86_64__)
#define PCREL_ADDR(sym, r) asm("lea " #sym "(%%rip), %0" : "=r"(r))
#elif defined(__aarch64__)
#define PCREL_ADDR(sym, r) asm("adr %0, " #sym : "=r"(r))
#elif defined(__arm__)
#define PCREL_ADDR(sym, r) asm("adr %0, " #sym : "=r"(r))
#elif defined(__s390x__)
#define PCREL_ADDR(sym, r) asm("larl %0, " #sym : "=d"(r))
#elif defined(__riscv)
#define PCREL_ADDR(sym, r) asm("lla %0, " #sym : "=r"(r))
#else	/* i386, mips, powerpc64: no such form; take it as C does */
#define PCREL_ADDR(sym, r) ((r) = (void *)sym)
#endif

// CHECK-NOT: {{candidate|chain}} {{.*}}shared_helper
static helper int shared_helper(int x)
{
	return printk("shared %d\n", x) + x;
}

int persist_call(int x)
{
	return shared_helper(x) * 3;
}

// CHECK-NOT: {{candidate|chain}} {{.*}}tail_helper
static helper int tail_helper(int x)
{
	return printk("tail %d\n", x) - x;
}

int persist_tail(int x)
{
	return tail_helper(x + 1);
}

// CHECK-NOT: {{candidate|chain}} {{.*}}cond_helper
static helper int cond_helper(int x)
{
	return printk("cond %d\n", x) ^ x;
}

int persist_cond(int x)
{
	if (x > 4)
		return cond_helper(x);
	return x;
}

// CHECK-NOT: {{candidate|chain}} {{.*}}addr_helper
/*
 * In .text by name: a function only init code calls would go to
 * .text.unlikely, and the address form would need a relocation again.
 */
static helper __section(".text") int addr_helper(int x)
{
	return printk("addr %d\n", x) | x;
}

int persist_addr(void)
{
	void *p;

	PCREL_ADDR(addr_helper, p);
	return register_thing(p);
}

// CHECK-NOT: {{candidate|chain}} {{.*}}inner_helper
// CHECK: candidate .text{{[.a-z]*}} + {{[0-9A-F]+}} (only_init) rref 1 xref 0 add size {{[0-9]+}} function used by resolved_init
// CHECK: chain .text{{[.a-z]*}} + {{[0-9A-F]+}} (only_init_inner) rref 0 xref 1 add size {{[0-9]+}} function used by only_init
static helper int only_init_inner(int x)
{
	return printk("inner %d\n", x) + 2 * x;
}

static helper int only_init(int x)
{
	return only_init_inner(x) + printk("only %d\n", x);
}

static int __init resolved_init(void)
{
	return shared_helper(1) + tail_helper(2) + cond_helper(3) +
	       addr_helper(4) + only_init(5);
}
module_init(resolved_init);
// CHECK-NOT: {{candidate|chain}} {{.*}}_helper
// CHECK: total candidates
