// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Thin layer over libelf.  Everything the analysis needs is copied into
 * class-independent arrays once, with every index and size checked here, so
 * that the rest of kotest can trust what it reads.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elffile.h"
#include "sort.h"

static int elf_fail(struct elf_file *ef, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ef->error, sizeof(ef->error), fmt, ap);
	va_end(ap);
	return -1;
}

/* Make image bytes [off, off + len) hold the file's. */
static int fill(struct elf_file *ef, uint64_t off, uint64_t len)
{
	if (!ef->reader || !len)
		return 0;
	if (ef->reader->fill(ef->reader->ctx, off, len))
		return elf_fail(ef, "cannot read bytes 0x%llx-0x%llx: %s",
				(unsigned long long)off,
				(unsigned long long)(off + len), strerror(errno));
	return 0;
}

/* What read_sections() checked to lie in the file (not section 0). */
static bool has_bytes(const struct elf_section *s)
{
	return s->type != SHT_NOBITS && s->type != SHT_NULL;
}

/* Ranges closer than this are read as one: a copy is cheaper than a call. */
#define FILL_GAP 8192

struct range {
	uint64_t start, end;
};

static inline bool range_less(const struct range *a, const struct range *b)
{
	return a->start < b->start;
}

DEFINE_SORT(sort_ranges, struct range, range_less)

int elf_file_load(struct elf_file *ef, const bool *want)
{
	struct range *r;
	size_t n = 0, i, k;
	int ret = 0;

	r = malloc(ef->nsections * sizeof(*r));
	if (!r)
		return elf_fail(ef, "out of memory");
	for (i = 1; i < ef->nsections; i++) {
		const struct elf_section *s = &ef->sections[i];

		if (want[i] && !s->data && has_bytes(s) && s->size)
			r[n++] = (struct range){ s->offset,
						 s->offset + s->size };
	}
	if (sort_ranges(r, n)) {
		free(r);
		return elf_fail(ef, "out of memory");
	}
	for (i = 0; i < n && !ret; i = k) {
		uint64_t end = r[i].end;

		for (k = i + 1; k < n && r[k].start <= end + FILL_GAP; k++)
			if (r[k].end > end)
				end = r[k].end;
		ret = fill(ef, r[i].start, end - r[i].start);
	}
	free(r);
	if (ret)
		return ret;
	for (i = 1; i < ef->nsections; i++) {
		struct elf_section *s = &ef->sections[i];

		if (want[i] && has_bytes(s))
			s->data = ef->image + s->offset;
	}
	return 0;
}

const unsigned char *elf_section_read(struct elf_file *ef, uint32_t i)
{
	struct elf_section *s;

	if (!i || i >= ef->nsections)
		return NULL;
	s = &ef->sections[i];
	if (!s->data && has_bytes(s) && !fill(ef, s->offset, s->size))
		s->data = ef->image + s->offset;
	return s->data;
}

/*
 * The section header table, checked (libelf would only say "no sections"
 * of one past the end) and read before libelf parses it: e_shoff,
 * e_shentsize and e_shnum from the raw header, the count from the first
 * entry when there are too many for e_shnum.  A header kotest would not
 * read the same way as libelf gets the whole file: libelf then says
 * what is wrong, as it would of the whole image.
 */
static int section_header_table(struct elf_file *ef)
{
	const unsigned char *h = ef->image;
	bool is64 = h[EI_CLASS] == ELFCLASS64;
	size_t ehdr = is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
	size_t shdr = is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
	uint64_t shoff, count, entsize, phoff;

	if (ef->image_size < ehdr || fill(ef, 0, ehdr))
		return fill(ef, 0, ef->image_size);
	phoff = elf_read_uint(ef, h + (is64 ? 0x20 : 0x1c), is64 ? 8 : 4);
	shoff = elf_read_uint(ef, h + (is64 ? 0x28 : 0x20), is64 ? 8 : 4);
	entsize = elf_read_uint(ef, h + (is64 ? 0x3a : 0x2e), 2);
	count = elf_read_uint(ef, h + (is64 ? 0x3c : 0x30), 2);
	if (phoff || !shoff || entsize != shdr)
		return fill(ef, 0, ef->image_size);
	if (shoff >= ef->image_size || ef->image_size - shoff < shdr)
		return elf_fail(ef, "section header table at 0x%llx past the end of the file (%zu bytes): truncated?",
				(unsigned long long)shoff, ef->image_size);
	if (count == 0) {
		if (fill(ef, shoff, shdr))
			return -1;
		count = elf_read_uint(ef, h + shoff + (is64 ? 0x20 : 0x14),
				      is64 ? 8 : 4);
	}
	if (count > (ef->image_size - shoff) / shdr)
		return elf_fail(ef, "section header table: %llu entries at 0x%llx run past the end of the file (%zu bytes): truncated?",
				(unsigned long long)count,
				(unsigned long long)shoff, ef->image_size);
	return fill(ef, shoff, count * shdr);
}

static int read_sections(struct elf_file *ef)
{
	size_t shstrndx, strs_size = 0, i;
	const char *strs = NULL;
	GElf_Shdr names;

	if (elf_getshdrnum(ef->elf, &ef->nsections) ||
	    elf_getshdrstrndx(ef->elf, &shstrndx))
		return elf_fail(ef, "bad section header table: %s",
				elf_errmsg(-1));
	if (ef->nsections == 0)
		return elf_fail(ef, "no sections");
	if (shstrndx >= ef->nsections)
		return elf_fail(ef, "section name table index %zu out of range",
				shstrndx);
	if (!gelf_getshdr(elf_getscn(ef->elf, shstrndx), &names))
		return elf_fail(ef, "section %zu: bad header: %s",
				shstrndx, elf_errmsg(-1));
	if (names.sh_type != SHT_NOBITS && names.sh_size &&
	    names.sh_offset <= ef->image_size &&
	    ef->image_size - names.sh_offset >= names.sh_size) {
		if (ef->reader && fill(ef, names.sh_offset, names.sh_size))
			return -1;
		/* A table that ends in a NUL ends every name in it. */
		if (!ef->image[names.sh_offset + names.sh_size - 1]) {
			strs = (const char *)ef->image + names.sh_offset;
			strs_size = names.sh_size;
		}
	}

	ef->sections = calloc(ef->nsections, sizeof(*ef->sections));
	if (!ef->sections)
		return elf_fail(ef, "out of memory");

	for (i = 0; i < ef->nsections; i++) {
		struct elf_section *s = &ef->sections[i];
		Elf_Scn *scn = elf_getscn(ef->elf, i);
		GElf_Shdr shdr;

		if (!scn || !gelf_getshdr(scn, &shdr))
			return elf_fail(ef, "section %zu: bad header: %s", i,
					elf_errmsg(-1));
		/* What elf_strptr() checks, once for the whole table. */
		s->name = shdr.sh_name < strs_size ? strs + shdr.sh_name :
			  elf_strptr(ef->elf, shstrndx, shdr.sh_name);
		if (!s->name)
			return elf_fail(ef, "section %zu: bad name offset", i);
		s->type = shdr.sh_type;
		s->flags = shdr.sh_flags;
		s->size = shdr.sh_size;
		s->entsize = shdr.sh_entsize;
		s->link = shdr.sh_link;
		s->info = shdr.sh_info;
		if (i == 0 || s->type == SHT_NOBITS || s->type == SHT_NULL) {
			s->size = i == 0 ? 0 : s->size;
			continue;
		}
		if (shdr.sh_offset > ef->image_size ||
		    ef->image_size - shdr.sh_offset < shdr.sh_size)
			return elf_fail(ef, "section %zu (%s): offset 0x%llx size 0x%llx past end of file",
					i, s->name,
					(unsigned long long)shdr.sh_offset,
					(unsigned long long)shdr.sh_size);
		s->offset = shdr.sh_offset;
		if (!ef->reader)
			s->data = ef->image + shdr.sh_offset;
		if (s->type == SHT_SYMTAB) {
			if (ef->symtab)
				return elf_fail(ef, "more than one symbol table");
			ef->symtab = i;
		}
	}
	return 0;
}

/* Section index of a symbol, through .symtab_shndx for SHN_XINDEX. */
static int symbol_shndx(struct elf_file *ef, const Elf32_Word *xindex,
			size_t nxindex, size_t i, uint32_t shndx,
			uint32_t *out)
{
	if (shndx == SHN_XINDEX) {
		if (!xindex)
			return elf_fail(ef, "symbol %zu: SHN_XINDEX without .symtab_shndx", i);
		if (i >= nxindex)
			return elf_fail(ef, "symbol %zu: past the end of .symtab_shndx", i);
		shndx = xindex[i];
	} else if (shndx >= SHN_LORESERVE) {
		*out = ELF_SHN_SPECIAL | shndx;
		return 0;
	}
	if (shndx >= ef->nsections)
		return elf_fail(ef, "symbol %zu: section index %u out of range",
				i, shndx);
	*out = shndx;
	return 0;
}

static int read_symbols(struct elf_file *ef)
{
	const struct elf_section *st = &ef->sections[ef->symtab];
	size_t symsize = ef->elfclass == ELFCLASS64 ? sizeof(Elf64_Sym) :
						      sizeof(Elf32_Sym);
	const Elf32_Word *xindex = NULL;
	const struct elf_section *names;
	size_t nxindex = 0, names_size, i;
	Elf_Data *data;

	if (!ef->symtab)
		return elf_fail(ef, "no symbol table");
	if (st->entsize != symsize)
		return elf_fail(ef, "symbol table entry size %llu, expected %zu",
				(unsigned long long)st->entsize, symsize);
	if (st->link == 0 || st->link >= ef->nsections ||
	    ef->sections[st->link].type != SHT_STRTAB)
		return elf_fail(ef, "symbol table links to section %u, not a string table",
				st->link);

	if (ef->reader) {
		bool *want = calloc(ef->nsections, sizeof(*want));
		int ret;

		if (!want)
			return elf_fail(ef, "out of memory");
		want[ef->symtab] = want[st->link] = true;
		for (i = 1; i < ef->nsections; i++)
			if (ef->sections[i].type == SHT_SYMTAB_SHNDX)
				want[i] = true;
		ret = elf_file_load(ef, want);
		free(want);
		if (ret)
			return ret;
	}
	for (i = 1; i < ef->nsections; i++) {
		const struct elf_section *s = &ef->sections[i];

		if (s->type != SHT_SYMTAB_SHNDX || s->link != ef->symtab)
			continue;
		data = elf_getdata(elf_getscn(ef->elf, i), NULL);
		if (!data)
			return elf_fail(ef, ".symtab_shndx: %s", elf_errmsg(-1));
		xindex = data->d_buf;
		nxindex = data->d_size / sizeof(Elf32_Word);
	}

	data = elf_getdata(elf_getscn(ef->elf, ef->symtab), NULL);
	if (!data)
		return elf_fail(ef, "symbol table: %s", elf_errmsg(-1));
	/* A table that ends in a NUL ends every name in it. */
	names = &ef->sections[st->link];
	names_size = names->data && names->size &&
		     !names->data[names->size - 1] ? names->size : 0;
	ef->nsymbols = data->d_size / symsize;
	/* Every field is set below: no need to clear. */
	ef->symbols = malloc((ef->nsymbols ? ef->nsymbols : 1) *
			     sizeof(*ef->symbols));
	if (!ef->symbols)
		return elf_fail(ef, "out of memory");

	for (i = 0; i < ef->nsymbols; i++) {
		struct elf_symbol *sym = &ef->symbols[i];
		uint32_t name, shndx;
		unsigned char info;

		if (ef->elfclass == ELFCLASS64) {
			const Elf64_Sym *s = (const Elf64_Sym *)data->d_buf + i;

			name = s->st_name;
			sym->value = s->st_value;
			sym->size = s->st_size;
			shndx = s->st_shndx;
			info = s->st_info;
		} else {
			const Elf32_Sym *s = (const Elf32_Sym *)data->d_buf + i;

			name = s->st_name;
			sym->value = s->st_value;
			sym->size = s->st_size;
			shndx = s->st_shndx;
			info = s->st_info;
		}
		sym->type = GELF_ST_TYPE(info);
		sym->bind = GELF_ST_BIND(info);
		ef->nfile_symbols += sym->type == STT_FILE;
		/* What elf_strptr() checks, once for the whole table. */
		sym->name = name < names_size ?
			    (const char *)names->data + name :
			    elf_strptr(ef->elf, st->link, name);
		if (!sym->name)
			return elf_fail(ef, "symbol %zu: name offset %u out of range",
					i, name);
		if (symbol_shndx(ef, xindex, nxindex, i, shndx, &sym->shndx))
			return -1;
	}
	return 0;
}

int elf_file_open(struct elf_file *ef, const char *path,
		  const unsigned char *image, size_t size,
		  const struct elf_reader *reader)
{
	GElf_Ehdr ehdr;

	memset(ef, 0, sizeof(*ef));
	ef->path = path;
	ef->image = image;
	ef->image_size = size;
	ef->reader = reader;
	if (fill(ef, 0, size < EI_NIDENT ? size : EI_NIDENT))
		return -1;

	if (size < EI_NIDENT || memcmp(image, ELFMAG, SELFMAG))
		return elf_fail(ef, size == 0 ? "empty file" : "not an ELF file");
	if (image[EI_CLASS] != ELFCLASS32 && image[EI_CLASS] != ELFCLASS64)
		return elf_fail(ef, "unknown ELF class %u", image[EI_CLASS]);
	if (image[EI_DATA] != ELFDATA2LSB && image[EI_DATA] != ELFDATA2MSB)
		return elf_fail(ef, "unknown ELF data encoding %u",
				image[EI_DATA]);
	ef->big_endian = image[EI_DATA] == ELFDATA2MSB;
	if (section_header_table(ef))
		return -1;
	/*
	 * libelf may convert byte order in place in a memory image; the image
	 * is our private copy (a MAP_PRIVATE mapping or a decompressed
	 * buffer), so the input file is never written.
	 */
	ef->elf = elf_memory((char *)image, size);
	if (!ef->elf || elf_kind(ef->elf) != ELF_K_ELF)
		return elf_fail(ef, "not an ELF file: %s", elf_errmsg(-1));
	if (!gelf_getehdr(ef->elf, &ehdr))
		return elf_fail(ef, "truncated ELF header");
	if (ehdr.e_type != ET_REL)
		return elf_fail(ef, "not a relocatable object (ELF type %u), modules are ET_REL",
				ehdr.e_type);
	ef->machine = ehdr.e_machine;
	ef->flags = ehdr.e_flags;
	ef->elfclass = image[EI_CLASS];

	if (read_sections(ef) || read_symbols(ef))
		return -1;
	return 0;
}

void elf_file_close(struct elf_file *ef)
{
	if (ef->elf)
		elf_end(ef->elf);
	free(ef->sections);
	free(ef->symbols);
	ef->elf = NULL;
	ef->sections = NULL;
	ef->symbols = NULL;
}

static size_t reloc_entry_size(const struct elf_file *ef, uint32_t type)
{
	if (ef->elfclass == ELFCLASS64)
		return type == SHT_RELA ? sizeof(Elf64_Rela) : sizeof(Elf64_Rel);
	return type == SHT_RELA ? sizeof(Elf32_Rela) : sizeof(Elf32_Rel);
}

size_t elf_reloc_count(const struct elf_file *ef, uint32_t index)
{
	const struct elf_section *s = &ef->sections[index];

	return s->size / reloc_entry_size(ef, s->type);
}

/*
 * MIPS64 n64 splits r_info into a 32-bit symbol, a special symbol byte and
 * three type bytes, stored in that order whatever the byte order; libelf
 * reads it as one 64-bit word, which is right only for big-endian files.
 */
static void mips64_split_info(const struct elf_file *ef, uint64_t info,
			      uint32_t *sym, uint32_t *type)
{
	uint32_t t1, t2, t3;

	if (ef->big_endian) {
		*sym = info >> 32;
		t1 = info & 0xff;
		t2 = (info >> 8) & 0xff;
		t3 = (info >> 16) & 0xff;
	} else {
		*sym = info & 0xffffffff;
		t3 = (info >> 40) & 0xff;
		t2 = (info >> 48) & 0xff;
		t1 = (info >> 56) & 0xff;
	}
	*type = t1 | t2 << 8 | t3 << 16;
}

/* The section's records in host byte order, as libelf gives them. */
static int reloc_data(struct elf_file *ef, uint32_t index, Elf_Data **data)
{
	const struct elf_section *s = &ef->sections[index];

	if (s->entsize != reloc_entry_size(ef, s->type))
		return elf_fail(ef, "%s: entry size %llu, expected %zu",
				s->name, (unsigned long long)s->entsize,
				reloc_entry_size(ef, s->type));
	if (!s->data && s->size)
		return elf_fail(ef, "%s: not read", s->name);
	*data = elf_getdata(elf_getscn(ef->elf, index), NULL);
	if (!*data && s->size)
		return elf_fail(ef, "%s: %s", s->name, elf_errmsg(-1));
	return 0;
}

static int check_reloc_symbols(struct elf_file *ef, uint32_t index,
			       const struct elf_reloc *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (r[i].sym >= ef->nsymbols)
			return elf_fail(ef, "%s: entry %zu: symbol index %u out of range",
					ef->sections[index].name, i, r[i].sym);
	return 0;
}

/* Can section index's records be read where they are? */
static bool relocs_in_place(const struct elf_file *ef, uint32_t index)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	_Static_assert(sizeof(struct elf_reloc) == sizeof(Elf64_Rela) &&
		       offsetof(struct elf_reloc, offset) ==
		       offsetof(Elf64_Rela, r_offset) &&
		       offsetof(struct elf_reloc, type) ==
		       offsetof(Elf64_Rela, r_info) &&
		       offsetof(struct elf_reloc, addend) ==
		       offsetof(Elf64_Rela, r_addend),
		       "struct elf_reloc is no Elf64_Rela");
	return ef->elfclass == ELFCLASS64 &&
	       ef->sections[index].type == SHT_RELA && ef->machine != EM_MIPS;
#else
	(void)ef;
	(void)index;
	return false;
#endif
}

const struct elf_reloc *elf_relocs(struct elf_file *ef, uint32_t index,
				   struct elf_reloc **buf, size_t *cap)
{
	static const struct elf_reloc none;
	size_t n = elf_reloc_count(ef, index);
	Elf_Data *data;

	if (!n)
		return reloc_data(ef, index, &data) ? NULL : &none;
	if (relocs_in_place(ef, index)) {
		if (reloc_data(ef, index, &data))
			return NULL;
		/* libelf leaves the records where they are, aligned or not. */
		if ((uintptr_t)data->d_buf % _Alignof(struct elf_reloc) == 0) {
			/* Once: refs.c and resolved.c both read them. */
			if (!ef->sections[index].relocs_checked &&
			    check_reloc_symbols(ef, index, data->d_buf, n))
				return NULL;
			ef->sections[index].relocs_checked = true;
			return data->d_buf;
		}
	}
	if (n > *cap) {
		struct elf_reloc *grown = realloc(*buf, n * sizeof(**buf));

		if (!grown) {
			elf_fail(ef, "out of memory");
			return NULL;
		}
		*buf = grown;
		*cap = n;
	}
	return elf_read_relocs(ef, index, *buf) ? NULL : *buf;
}

int elf_read_relocs(struct elf_file *ef, uint32_t index, struct elf_reloc *out)
{
	const struct elf_section *s = &ef->sections[index];
	bool rela = s->type == SHT_RELA;
	bool mips64 = ef->machine == EM_MIPS && ef->elfclass == ELFCLASS64;
	size_t n, i;
	Elf_Data *data;

	if (reloc_data(ef, index, &data))
		return -1;
	n = elf_reloc_count(ef, index);

	if (ef->elfclass == ELFCLASS64) {
		for (i = 0; i < n; i++) {
			uint64_t info;

			if (rela) {
				const Elf64_Rela *r = (const Elf64_Rela *)data->d_buf + i;

				out[i].offset = r->r_offset;
				out[i].addend = r->r_addend;
				info = r->r_info;
			} else {
				const Elf64_Rel *r = (const Elf64_Rel *)data->d_buf + i;

				out[i].offset = r->r_offset;
				out[i].addend = 0;
				info = r->r_info;
			}
			if (mips64) {
				mips64_split_info(ef, info, &out[i].sym,
						  &out[i].type);
			} else {
				out[i].sym = ELF64_R_SYM(info);
				out[i].type = ELF64_R_TYPE(info);
			}
		}
	} else {
		for (i = 0; i < n; i++) {
			uint32_t info;

			if (rela) {
				const Elf32_Rela *r = (const Elf32_Rela *)data->d_buf + i;

				out[i].offset = r->r_offset;
				out[i].addend = r->r_addend;
				info = r->r_info;
			} else {
				const Elf32_Rel *r = (const Elf32_Rel *)data->d_buf + i;

				out[i].offset = r->r_offset;
				out[i].addend = 0;
				info = r->r_info;
			}
			out[i].sym = ELF32_R_SYM(info);
			out[i].type = ELF32_R_TYPE(info);
		}
	}
	return check_reloc_symbols(ef, index, out, n);
}
