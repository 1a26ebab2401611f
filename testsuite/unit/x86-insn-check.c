// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Check the x86 instruction decoder against objdump.
 *
 *   x86-insn-check [-v] [-n MAX] FILE...
 *
 * For every instruction objdump lists in the executable sections of each
 * x86-64 or i386 relocatable object, the decoder must find the same
 * length; for every 4-byte relocation inside an instruction, the bytes
 * from the field to the end of that instruction must equal what both
 * x86_field_tail() (walking from the containing function's start) and
 * x86_field_tail_quick() and x86_field_tail_fast() (when they answer)
 * return.  A random test then holds the fast path to the quick one on
 * byte strings made of the bytes that decide tails.
 *
 * Prints one "x86-insn-check:" summary line of counters and exits 1 when
 * anything disagrees, 2 on usage or I/O errors.
 *
 * RUN: sh %top/testsuite/unit/x86-insn-check.sh -o %t.dir
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "insn.h"

struct counts {
	unsigned long files;
	unsigned long insns;		/* objdump instructions compared */
	unsigned long bad;		/* objdump "(bad)": not compared */
	unsigned long fwait;		/* objdump merged FWAIT, x87 op */
	unsigned long pfxsplit;		/* objdump split off prefixes */
	/* 4-byte relocations checked: [0] PC-relative, [1] others */
	unsigned long relocs[2];
	unsigned long tails[2];		/* of those, tail != 0 */
	unsigned long quick[2];		/* answered by the quick path */
	unsigned long fast[2];		/* answered by the fast path */
	unsigned long random_fast;	/* random strings it answered */
	unsigned long data;		/* relocations not in insns */
	unsigned long mismatch;
};

static struct counts total;
static bool verbose;
static unsigned long max_report = 20;
static unsigned long random_trials;

struct odinsn {
	uint64_t off;
	unsigned int len;
	unsigned char kind;		/* OD_* */
	char *text;
};

enum { OD_INSN, OD_BAD, OD_PFX };

struct section {
	const char *name;
	const unsigned char *data;
	uint64_t size;
	bool exec, seen;
	struct odinsn *insn;
	size_t ninsn, cap;
	uint64_t *funcs;		/* sorted function starts */
	size_t nfuncs;
};

struct reloc {
	uint64_t off;
	uint32_t type;
	uint32_t sec;
};

struct object {
	const char *path;
	unsigned char *buf;
	size_t size;
	bool is64, mode64;
	struct section *secs;
	size_t nsecs;
	struct reloc *relocs;
	size_t nrelocs;
};

static void report(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static void report(const char *fmt, ...)
{
	va_list ap;

	total.mismatch++;
	if (total.mismatch > max_report && !verbose)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		perror("x86-insn-check");
		exit(2);
	}
	return p;
}

static int read_file(struct object *obj)
{
	FILE *f = fopen(obj->path, "rb");
	size_t cap = 1 << 16, n = 0, got;

	if (!f)
		return -1;
	obj->buf = xrealloc(NULL, cap);
	while ((got = fread(obj->buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap)
			obj->buf = xrealloc(obj->buf, cap *= 2);
	}
	fclose(f);
	obj->size = n;
	return 0;
}

static bool in_file(const struct object *obj, uint64_t off, uint64_t size)
{
	return off <= obj->size && size <= obj->size - off;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int cmp_reloc(const void *a, const void *b)
{
	const struct reloc *x = a, *y = b;

	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* Section headers, function symbols and relocations of an ELF file. */
static int parse_elf(struct object *obj)
{
	const unsigned char *b = obj->buf;
	uint64_t shoff, i, j;
	unsigned int shentsize, shnum, shstrndx, machine;

	if (obj->size < EI_NIDENT || memcmp(b, ELFMAG, SELFMAG) ||
	    b[EI_DATA] != ELFDATA2LSB)
		return -1;
	obj->is64 = b[EI_CLASS] == ELFCLASS64;
	if (obj->is64) {
		const Elf64_Ehdr *eh = (const void *)b;

		if (obj->size < sizeof(*eh))
			return -1;
		shoff = eh->e_shoff;
		shentsize = eh->e_shentsize;
		shnum = eh->e_shnum;
		shstrndx = eh->e_shstrndx;
		machine = eh->e_machine;
	} else {
		const Elf32_Ehdr *eh = (const void *)b;

		if (obj->size < sizeof(*eh))
			return -1;
		shoff = eh->e_shoff;
		shentsize = eh->e_shentsize;
		shnum = eh->e_shnum;
		shstrndx = eh->e_shstrndx;
		machine = eh->e_machine;
	}
	if (machine != EM_X86_64 && machine != EM_386)
		return -1;
	obj->mode64 = machine == EM_X86_64;
	if (shentsize != (obj->is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr))
	    || !in_file(obj, shoff, (uint64_t)shnum * shentsize) ||
	    shstrndx >= shnum)
		return -1;

	obj->nsecs = shnum;
	obj->secs = calloc(shnum, sizeof(*obj->secs));
	if (!obj->secs)
		return -1;

#define SH(field, k) (obj->is64 ? \
	(uint64_t)((const Elf64_Shdr *)(b + shoff))[k].field : \
	(uint64_t)((const Elf32_Shdr *)(b + shoff))[k].field)

	for (i = 0; i < shnum; i++) {
		struct section *s = &obj->secs[i];
		uint64_t name = SH(sh_name, i);
		uint64_t stroff = SH(sh_offset, shstrndx);

		s->name = "";
		if (in_file(obj, stroff + name, 1))
			s->name = (const char *)b + stroff + name;
		s->size = SH(sh_size, i);
		if (SH(sh_type, i) == SHT_PROGBITS &&
		    (SH(sh_flags, i) & SHF_EXECINSTR) && s->size &&
		    in_file(obj, SH(sh_offset, i), s->size)) {
			s->exec = true;
			s->data = b + SH(sh_offset, i);
		}
	}

	for (i = 0; i < shnum; i++) {
		uint64_t type = SH(sh_type, i), off = SH(sh_offset, i);
		uint64_t size = SH(sh_size, i), ent = SH(sh_entsize, i);
		uint64_t info = SH(sh_info, i);

		if (!in_file(obj, off, size) || !ent)
			continue;
		if (type == SHT_SYMTAB) {
			for (j = 0; j < size / ent; j++) {
				const unsigned char *p = b + off + j * ent;
				uint64_t value;
				unsigned int shndx, stype;
				struct section *s;

				if (obj->is64) {
					const Elf64_Sym *sym = (const void *)p;

					value = sym->st_value;
					shndx = sym->st_shndx;
					stype = ELF64_ST_TYPE(sym->st_info);
				} else {
					const Elf32_Sym *sym = (const void *)p;

					value = sym->st_value;
					shndx = sym->st_shndx;
					stype = ELF32_ST_TYPE(sym->st_info);
				}
				if (stype != STT_FUNC || shndx >= shnum ||
				    !obj->secs[shndx].exec)
					continue;
				s = &obj->secs[shndx];
				s->funcs = xrealloc(s->funcs, (s->nfuncs + 1) *
						    sizeof(*s->funcs));
				s->funcs[s->nfuncs++] = value;
			}
		} else if ((type == SHT_RELA || type == SHT_REL) &&
			   info < shnum && obj->secs[info].exec) {
			for (j = 0; j < size / ent; j++) {
				const unsigned char *p = b + off + j * ent;
				struct reloc *r;

				obj->relocs = xrealloc(obj->relocs,
						       (obj->nrelocs + 1) *
						       sizeof(*r));
				r = &obj->relocs[obj->nrelocs++];
				r->sec = info;
				if (obj->is64) {
					const Elf64_Rel *rel = (const void *)p;

					r->off = rel->r_offset;
					r->type = ELF64_R_TYPE(rel->r_info);
				} else {
					const Elf32_Rel *rel = (const void *)p;

					r->off = rel->r_offset;
					r->type = ELF32_R_TYPE(rel->r_info);
				}
			}
		}
	}
#undef SH
	for (i = 0; i < shnum; i++)
		qsort(obj->secs[i].funcs, obj->secs[i].nfuncs,
		      sizeof(uint64_t), cmp_u64);
	qsort(obj->relocs, obj->nrelocs, sizeof(*obj->relocs), cmp_reloc);
	return 0;
}

/* Is every word of an objdump line a prefix name (no operation)? */
static bool prefix_only(const char *text)
{
	static const char *const names[] = {
		"cs", "ds", "es", "ss", "fs", "gs", "data16", "data32",
		"addr16", "addr32", "lock", "rep", "repz", "repnz", "repe",
		"repne", "bnd", "notrack", "xacquire", "xrelease",
	};
	const char *p = text;
	size_t n, k;
	bool any = false;

	for (;;) {
		p += strspn(p, " \t");
		if (!*p)
			return any;
		n = strcspn(p, " \t");
		for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			if (strlen(names[k]) == n && !strncmp(p, names[k], n))
				break;
		if (k == sizeof(names) / sizeof(names[0]) &&
		    strncmp(p, "rex", 3))
			return false;
		any = true;
		p += n;
	}
}

/* Run objdump and record each instruction line under its section. */
static int read_objdump(struct object *obj)
{
	char *cmd, *line = NULL;
	size_t cap = 0, i;
	struct section *cur = NULL;
	FILE *f;
	int rc;

	/* the path goes to the shell between single quotes */
	if (strchr(obj->path, '\''))
		return -1;
	if (asprintf(&cmd, "objdump -d -z -w --insn-width=16 '%s'",
		     obj->path) < 0)
		return -1;
	f = popen(cmd, "r");
	free(cmd);
	if (!f)
		return -1;
	while (getline(&line, &cap, f) > 0) {
		static const char hdr[] = "Disassembly of section ";
		char *p = line, *end, *tab;
		unsigned long long off;
		unsigned int len = 0;
		struct odinsn *in;

		line[strcspn(line, "\n")] = 0;
		if (!strncmp(line, hdr, sizeof(hdr) - 1)) {
			const char *name = line + sizeof(hdr) - 1;
			size_t n = strlen(name);

			if (n && name[n - 1] == ':')
				n--;
			cur = NULL;
			for (i = 0; i < obj->nsecs; i++) {
				struct section *s = &obj->secs[i];

				if (s->exec && !s->seen &&
				    strlen(s->name) == n &&
				    !strncmp(s->name, name, n)) {
					cur = s;
					s->seen = true;
					break;
				}
			}
			continue;
		}
		/* "  off:\tbytes\ttext" */
		if (!cur || *p != ' ')
			continue;
		off = strtoull(p, &end, 16);
		if (end == p || end[0] != ':' || end[1] != '\t')
			continue;
		p = end + 2;
		tab = strchr(p, '\t');
		if (tab)
			*tab = 0;
		for (;;) {
			unsigned long v;

			p += strspn(p, " ");
			if (!*p)
				break;
			v = strtoul(p, &end, 16);
			if (end != p + 2 || v > 255)
				break;
			len++;
			p = end;
		}
		if (!len)
			continue;
		if (cur->ninsn == cur->cap) {
			cur->cap = cur->cap ? 2 * cur->cap : 256;
			cur->insn = xrealloc(cur->insn,
					     cur->cap * sizeof(*cur->insn));
		}
		in = &cur->insn[cur->ninsn++];
		in->off = off;
		in->len = len;
		in->text = strdup(tab ? tab + 1 : "");
		in->kind = OD_INSN;
		if (strstr(in->text, "(bad)"))
			in->kind = OD_BAD;
		else if (prefix_only(in->text))
			in->kind = OD_PFX;
	}
	free(line);
	rc = pclose(f);
	return rc ? -1 : 0;
}

static void hexdump(const struct section *s, uint64_t off, unsigned int n)
{
	while (n-- && off < s->size)
		printf(" %02x", s->data[off++]);
}

/*
 * Lengths: decode at each objdump boundary.  Two objdump habits are not
 * instructions of their own and are accepted: it merges FWAIT into the
 * following x87 instruction, and it prints runs of prefixes it thinks
 * unused (or too many of them) as a line of their own.
 */
static void check_lengths(struct object *obj, struct section *s)
{
	struct x86_insn insn;
	size_t k, j;
	int n, m;

	for (k = 0; k < s->ninsn; k++) {
		struct odinsn *od = &s->insn[k];
		uint64_t end;

		if (od->kind == OD_BAD) {
			total.bad++;
			continue;
		}
		if (od->off >= s->size)
			continue;
		total.insns++;
		n = x86_insn_decode(&insn, s->data + od->off,
				    s->size - od->off, obj->mode64);
		if (n == (int)od->len)
			continue;
		if (n == 1 && s->data[od->off] == 0x9b && od->len > 1) {
			m = x86_insn_decode(&insn, s->data + od->off + 1,
					    s->size - od->off - 1,
					    obj->mode64);
			if (m == (int)od->len - 1) {
				total.fwait++;
				continue;
			}
		}
		if (od->kind == OD_PFX && n > 0) {
			end = od->off + n;
			for (j = k + 1; j < s->ninsn &&
			     s->insn[j].off < end &&
			     s->insn[j].off + s->insn[j].len < end &&
			     s->insn[j].kind == OD_PFX; j++)
				;
			if (j < s->ninsn &&
			    s->insn[j].off + s->insn[j].len == end) {
				total.pfxsplit++;
				continue;
			}
		}
		report("%s: %s+%#" PRIx64 ": length %d, objdump %u:",
		       obj->path, s->name, od->off, n, od->len);
		if (total.mismatch <= max_report || verbose) {
			hexdump(s, od->off, od->len);
			printf("\t%s\n", od->text);
		}
	}
}

/* The objdump instruction that holds byte 'off', or NULL. */
static const struct odinsn *find_insn(const struct section *s, uint64_t off)
{
	size_t lo = 0, hi = s->ninsn;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->insn[mid].off <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo || off >= s->insn[lo - 1].off + s->insn[lo - 1].len)
		return NULL;
	return &s->insn[lo - 1];
}

static uint64_t func_start(const struct section *s, uint64_t off)
{
	size_t lo = 0, hi = s->nfuncs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->funcs[mid] <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? s->funcs[lo - 1] : 0;
}

/* 1: PC-relative 4-byte field, 2: other 4-byte field, 0: skip. */
static int reloc_class(const struct object *obj, uint32_t type)
{
	if (obj->mode64) {
		switch (type) {
		case R_X86_64_PC32:
		case R_X86_64_PLT32:
		case R_X86_64_GOTPCREL:
		case R_X86_64_GOTPCRELX:
		case R_X86_64_REX_GOTPCRELX:
		case R_X86_64_GOTPC32:
		case R_X86_64_TLSGD:
		case R_X86_64_TLSLD:
		case R_X86_64_GOTTPOFF:
			return 1;
		case R_X86_64_32:
		case R_X86_64_32S:
		case R_X86_64_TPOFF32:
		case R_X86_64_DTPOFF32:
			return 2;
		}
		return 0;
	}
	switch (type) {
	case R_386_PC32:
	case R_386_PLT32:
	case R_386_GOTPC:
		return 1;
	case R_386_32:
	case R_386_GOTOFF:
	case R_386_GOT32:
	case R_386_GOT32X:
		return 2;
	}
	return 0;
}

static void check_relocs(struct object *obj)
{
	struct x86_decoder dec = { 0 };
	uint32_t sec = UINT32_MAX;
	size_t i;

	for (i = 0; i < obj->nrelocs; i++) {
		const struct reloc *r = &obj->relocs[i];
		const struct section *s = &obj->secs[r->sec];
		const struct odinsn *od;
		int cls = reloc_class(obj, r->type), want, got, quick, fast;
		uint64_t start;

		if (!cls || r->off >= s->size || s->size - r->off < 4)
			continue;
		if (r->sec != sec) {
			sec = r->sec;
			memset(&dec, 0, sizeof(dec));
			dec.code = s->data;
			dec.len = s->size;
			dec.mode64 = obj->mode64;
		}
		od = find_insn(s, r->off);
		if (!od || od->kind != OD_INSN || r->off == od->off ||
		    r->off + 4 > od->off + od->len) {
			total.data++;
			if (verbose)
				printf("%s: %s+%#" PRIx64
				       ": relocation not in an instruction\n",
				       obj->path, s->name, r->off);
			continue;
		}
		want = (int)(od->off + od->len - r->off - 4);
		start = func_start(s, r->off);
		got = x86_field_tail(&dec, start, r->off);
		quick = x86_field_tail_quick(s->data, s->size, r->off,
					     obj->mode64);
		fast = x86_field_tail_fast(s->data, s->size, r->off,
					   obj->mode64);
		total.relocs[cls - 1]++;
		if (want)
			total.tails[cls - 1]++;
		if (quick >= 0)
			total.quick[cls - 1]++;
		if (fast >= 0)
			total.fast[cls - 1]++;
		if (got == want && (quick < 0 || quick == want) &&
		    (fast < 0 || (fast == want && quick == want)))
			continue;
		report("%s: %s+%#" PRIx64 " (type %u, function at %#" PRIx64
		       "): tail %d, quick %d, fast %d, objdump %d:", obj->path,
		       s->name, r->off, r->type, start, got, quick, fast,
		       want);
		if (total.mismatch <= max_report || verbose) {
			hexdump(s, od->off, od->len);
			printf("\t%s\n", od->text);
		}
	}
}

/* Fixed cases: what objdump can't show (rejections, the cursor). */
struct selfcase {
	bool mode64;
	unsigned char len;
	unsigned char code[24];
	unsigned char start, field;
	signed char tail, quick;
};

static const struct selfcase selfcases[] = {
	/* call rel32; jne rel32 */
	{ 1, 5, { 0xe8 }, 0, 1, 0, 0 },
	{ 1, 6, { 0x0f, 0x85 }, 0, 2, 0, 0 },
	/* movl $1, x(%rip): 05 is also "add $imm32, %eax" */
	{ 1, 10, { 0xc7, 0x05, 0, 0, 0, 0, 1 }, 0, 2, 4, -1 },
	/* movw $1, x(%rip) */
	{ 1, 9, { 0x66, 0xc7, 0x05, 0, 0, 0, 0, 1 }, 0, 3, 2, -1 },
	/* cmpb $0, x(%rip) */
	{ 1, 7, { 0x80, 0x3d }, 0, 2, 1, -1 },
	/* mov %gs:x, %rax (SIB, no base) */
	{ 1, 9, { 0x65, 0x48, 0x8b, 0x04, 0x25 }, 0, 5, 0, 0 },
	/* vpermq $0x1b, x(%rip), %ymm0 */
	{ 1, 10, { 0xc4, 0xe3, 0xfd, 0x00, 0x05, 0, 0, 0, 0, 0x1b }, 0, 5,
	  1, -1 },
	/* vpternlogd $0x96, x(%rip), %zmm1, %zmm0 */
	{ 1, 11, { 0x62, 0xf3, 0x75, 0x48, 0x25, 0x05, 0, 0, 0, 0, 0x96 },
	  0, 6, 1, -1 },
	/*
	 * 66 e8: rel16 on AMD, rel32 on Intel: the cursor can't tell.  The
	 * quick path assumes a 4-byte field, so the Intel reading.
	 */
	{ 1, 7, { 0x66, 0xe8 }, 0, 2, -1, 0 },
	/* field inside the imm32 of mov $imm32, %eax: not a field */
	{ 1, 5, { 0xb8 }, 0, 2, -1, -1 },
	/*
	 * Truncated: the section ends inside the immediate.  The quick
	 * path, told there is a field, finds the one reading that fits.
	 */
	{ 1, 9, { 0xc7, 0x05, 0, 0, 0, 0, 1, 0, 0 }, 0, 2, -1, 0 },
	/* 16 bytes: too long; then the same with 15 */
	{ 1, 16, { 0x66, 0x66, 0x66, 0x66, 0x48, 0xc7, 0x04, 0x25 }, 0, 8,
	  -1, -1 },
	{ 1, 15, { 0x66, 0x66, 0x66, 0x48, 0xc7, 0x04, 0x25 }, 0, 7, 4, -1 },
	/* 3DNow! is not decoded */
	{ 1, 9, { 0x0f, 0x0f, 0x05, 0, 0, 0, 0, 0x9e }, 0, 3, -1, 0 },
	/* i386: les x, %eax vs VEX; bound vs EVEX */
	{ 0, 6, { 0xc4, 0x05 }, 0, 2, 0, 0 },
	{ 0, 10, { 0xc4, 0xe3, 0x79, 0x0f, 0x05, 0, 0, 0, 0, 3 }, 0, 5, 1,
	  -1 },
	{ 0, 6, { 0x62, 0x05 }, 0, 2, 0, 0 },
	/* i386: 16-bit addressing, movl $imm32, disp16(%bp,%di) */
	{ 0, 9, { 0x67, 0xc7, 0x83, 0x34, 0x12 }, 0, 5, 0, 0 },
	/* i386: ljmp $0x10, $x */
	{ 0, 7, { 0xea, 0, 0, 0, 0, 0x10, 0 }, 0, 1, 2, 2 },
	/* i386: 66 e8 is rel16 */
	{ 0, 4, { 0x66, 0xe8 }, 0, 2, -1, -1 },
	/* start after the field */
	{ 1, 10, { 0x90, 0xe8 }, 3, 2, -1, 0 },
};

/* Check the fixed cases, then a cursor walk over them all. */
static void selftest(void)
{
	const struct selfcase *c;
	struct x86_decoder dec;
	unsigned char code[] = {
		0x55,					/* 0: push %rbp */
		0xc7, 0x05, 0, 0, 0, 0, 1, 0, 0, 0,	/* 1: movl $1 */
		0xe8, 0, 0, 0, 0,			/* 11: call */
		0x80, 0x3d, 0, 0, 0, 0, 0,		/* 16: cmpb $0 */
		0xc3,					/* 23: ret */
		0x48, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0,	/* 24: movabs */
		0xe9, 0, 0, 0, 0,			/* 34: jmp */
	};
	int got;
	size_t i;

	for (i = 0; i < sizeof(selfcases) / sizeof(selfcases[0]); i++) {
		c = &selfcases[i];
		dec = (struct x86_decoder){ .code = c->code, .len = c->len,
					   .mode64 = c->mode64 };
		got = x86_field_tail(&dec, c->start, c->field);
		if (got != c->tail)
			report("selftest %zu: tail %d, want %d\n", i, got,
			       c->tail);
		got = x86_field_tail_quick(c->code, c->len, c->field,
					   c->mode64);
		if (got != c->quick)
			report("selftest %zu: quick %d, want %d\n", i, got,
			       c->quick);
	}

	dec = (struct x86_decoder){ .code = code, .len = sizeof(code),
				   .mode64 = true };
	if (x86_field_tail(&dec, 0, 3) != 4 || dec.pos != 1 ||
	    x86_field_tail(&dec, 0, 12) != 0 || dec.pos != 11 ||
	    x86_field_tail(&dec, 0, 18) != 1 || dec.pos != 16 ||
	    /* 28 is inside the imm64: no 4-byte field there */
	    x86_field_tail(&dec, 24, 28) != -1 ||
	    /* a new start restarts the walk */
	    x86_field_tail(&dec, 34, 35) != 0 || dec.pos != 34 ||
	    /* going back restarts too */
	    x86_field_tail(&dec, 0, 12) != 0 ||
	    /* the imm32 of the movl, and then from a wrong start */
	    x86_field_tail(&dec, 0, 7) != 0 ||
	    x86_field_tail(&dec, 3, 7) != -1)
		report("selftest: cursor walk\n");

	/* A known boundary (the end of the call at 11) is resumed from. */
	dec = (struct x86_decoder){ .code = code, .len = sizeof(code),
				   .mode64 = true, .known = 16 };
	if (x86_field_tail(&dec, 0, 18) != 1 || dec.pos != 16 ||
	    /* not when it lies past the field */
	    (dec.known = 24, x86_field_tail(&dec, 0, 3)) != 4 || dec.pos != 1)
		report("selftest: known boundary\n");
}

/*
 * The bytes that decide how many bytes follow a field: opcodes with and
 * without immediates, ModRM 05/04 and SIB 25, escapes, prefixes.
 */
static const unsigned char interesting[] = {
	0x00, 0x01, 0x03, 0x05, 0x0d, 0x0f, 0x25, 0x3a, 0x38, 0x3d, 0x44,
	0x48, 0x4c, 0x62, 0x63, 0x66, 0x67, 0x69, 0x6b, 0x70, 0x73, 0x78,
	0x80, 0x81, 0x83, 0x84, 0x85, 0x89, 0x8b, 0x8d, 0x8f, 0x9a, 0xa1,
	0xa4, 0xac, 0xb8, 0xba, 0xc0, 0xc1, 0xc2, 0xc4, 0xc5, 0xc6, 0xc7,
	0xe8, 0xe9, 0xea, 0xf2, 0xf3, 0xf6, 0xf7, 0xfe, 0xff, 0x04, 0x14,
	0x7c, 0x79, 0xe3, 0xfd, 0x48, 0x75, 0x08, 0x10, 0x11, 0x28, 0x6f,
};

/* xorshift64: the same strings on every run */
static uint64_t rnd(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

/* When the fast path answers, the quick path must say the same. */
static void random_test(unsigned long trials)
{
	uint64_t state = 0x9e3779b97f4a7c15ull;
	unsigned char code[24];
	unsigned long t;
	size_t k;

	for (t = 0; t < trials; t++) {
		bool mode64 = t & 1;
		size_t field = 7 + rnd(&state) % 8, len;
		int fast, quick;

		for (k = 0; k < sizeof(code); k++) {
			uint64_t r = rnd(&state);

			code[k] = r & 0x300 ? interesting[(r >> 16) %
				sizeof(interesting)] : (unsigned char)r;
		}
		len = field + 4 + rnd(&state) % (sizeof(code) - field - 3);
		fast = x86_field_tail_fast(code, len, field, mode64);
		if (fast < 0)
			continue;
		total.random_fast++;
		quick = x86_field_tail_quick(code, len, field, mode64);
		if (quick != fast) {
			report("random %lu: fast %d, quick %d:", t, fast, quick);
			for (k = 0; k < len; k++)
				printf(" %02x", code[k]);
			printf(" (field %zu, %d-bit)\n", field,
			       mode64 ? 64 : 32);
		}
	}
}

static void free_object(struct object *obj)
{
	size_t i, k;

	for (i = 0; i < obj->nsecs; i++) {
		for (k = 0; k < obj->secs[i].ninsn; k++)
			free(obj->secs[i].insn[k].text);
		free(obj->secs[i].insn);
		free(obj->secs[i].funcs);
	}
	free(obj->secs);
	free(obj->relocs);
	free(obj->buf);
}

static int check_file(const char *path)
{
	struct object obj = { .path = path };
	size_t i;
	int rc = 0;

	if (read_file(&obj)) {
		fprintf(stderr, "x86-insn-check: %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	if (parse_elf(&obj)) {
		fprintf(stderr, "x86-insn-check: %s: not an x86 ELF object\n",
			path);
		rc = -1;
	} else if (read_objdump(&obj)) {
		fprintf(stderr, "x86-insn-check: %s: objdump failed\n", path);
		rc = -1;
	} else {
		total.files++;
		for (i = 0; i < obj.nsecs; i++)
			if (obj.secs[i].exec)
				check_lengths(&obj, &obj.secs[i]);
		check_relocs(&obj);
	}
	free_object(&obj);
	return rc;
}

int main(int argc, char **argv)
{
	int opt, err = 0;

	while ((opt = getopt(argc, argv, "vn:r:")) != -1) {
		switch (opt) {
		case 'v':
			verbose = true;
			break;
		case 'n':
			max_report = strtoul(optarg, NULL, 0);
			break;
		case 'r':
			random_trials = strtoul(optarg, NULL, 0);
			break;
		default:
			fprintf(stderr, "usage: x86-insn-check [-v] [-n MAX] "
				"[-r TRIALS] FILE...\n");
			return 2;
		}
	}
	selftest();
	random_test(random_trials);
	for (; optind < argc; optind++)
		if (check_file(argv[optind]))
			err = 1;
	printf("x86-insn-check: files %lu insns %lu bad %lu fwait %lu "
	       "pfxsplit %lu pcrel %lu pcrel-tail %lu pcrel-quick %lu "
	       "pcrel-fast %lu abs %lu abs-tail %lu abs-quick %lu "
	       "abs-fast %lu random-fast %lu data %lu mismatches %lu\n",
	       total.files, total.insns, total.bad, total.fwait,
	       total.pfxsplit, total.relocs[0], total.tails[0],
	       total.quick[0], total.fast[0], total.relocs[1],
	       total.tails[1], total.quick[1], total.fast[1],
	       total.random_fast, total.data, total.mismatch);
	if (total.mismatch)
		return 1;
	return err ? 2 : 0;
}
