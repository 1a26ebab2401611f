/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A thin layer over libelf: one relocatable object held in memory, its
 * section headers, symbols and relocations in a form that does not depend
 * on the ELF class, byte order or relocation record layout.
 */
#ifndef KOTEST_ELFFILE_H
#define KOTEST_ELFFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <gelf.h>

struct elf_section {
	const char *name;
	uint32_t type;
	uint64_t flags;
	uint64_t size;
	uint64_t entsize;
	uint32_t link;
	uint32_t info;
	uint64_t offset;	/* sh_offset */
	/*
	 * File bytes, never modified; NULL for SHT_NOBITS and for the
	 * sections of a partly read image that nobody asked for.
	 */
	const unsigned char *data;
	bool relocs_checked;	/* records read in place: symbols checked */
};

struct elf_symbol {
	const char *name;
	uint64_t value;
	uint64_t size;
	/*
	 * Section index, SHN_XINDEX resolved (so it may exceed 0xff00);
	 * SHN_ABS, SHN_COMMON and the other reserved values are kept apart
	 * as ELF_SHN_SPECIAL | value: test "shndx < nsections" for a section.
	 */
	uint32_t shndx;
	unsigned char type;	/* STT_* */
	unsigned char bind;	/* STB_* */
};

#define ELF_SHN_SPECIAL 0xffff0000u

/*
 * Laid out as an Elf64_Rela on a little-endian host (r_info's low half is
 * the type), so that such records are read where they are: see
 * elf_relocs().
 */
struct elf_reloc {
	uint64_t offset;
	/* Relocation type.  MIPS64 packs three: type | type2 << 8 | type3 << 16. */
	uint32_t type;
	uint32_t sym;
	int64_t addend;		/* explicit addend; 0 in SHT_REL records */
};

/*
 * Where the bytes of a partly read image come from: fill() makes bytes
 * [off, off + len) of the image hold the file's, or returns -1 with errno.
 */
struct elf_reader {
	int (*fill)(void *ctx, uint64_t off, uint64_t len);
	void *ctx;
};

struct elf_file {
	const char *path;
	const struct elf_reader *reader;	/* NULL: all bytes are there */
	Elf *elf;
	const unsigned char *image;
	size_t image_size;
	uint16_t machine;
	unsigned char elfclass;		/* ELFCLASS32 or ELFCLASS64 */
	bool big_endian;
	uint32_t flags;			/* e_flags */
	size_t nsections;
	struct elf_section *sections;
	uint32_t symtab;		/* index of SHT_SYMTAB */
	size_t nsymbols;
	struct elf_symbol *symbols;
	size_t nfile_symbols;		/* STT_FILE: distributions strip them */
	char error[160];
};

/*
 * Open the image of a relocatable object.  With a reader, only the headers,
 * section names and symbols are read; the other sections' data stay NULL
 * until elf_file_load() reads them.
 */
int elf_file_open(struct elf_file *ef, const char *path,
		  const unsigned char *image, size_t size,
		  const struct elf_reader *reader);
/* Read the sections with want[i] set, a few system calls for them all. */
int elf_file_load(struct elf_file *ef, const bool *want);
/* elf_section_data() when the bytes are not read yet. */
const unsigned char *elf_section_read(struct elf_file *ef, uint32_t i);

/*
 * The bytes of section i, read now if nobody asked for them before; NULL
 * for SHT_NOBITS, or when they cannot be read (ef->error says why).
 * Inline: REL architectures ask once per relocation.
 */
static inline const unsigned char *elf_section_data(struct elf_file *ef,
						    uint32_t i)
{
	if (i && i < ef->nsections && ef->sections[i].data)
		return ef->sections[i].data;
	return elf_section_read(ef, i);
}
void elf_file_close(struct elf_file *ef);

/*
 * Decode the records of relocation section 'index' into 'out' (room for
 * elf_reloc_count() entries).  Returns -1 with ef->error set when the
 * section is malformed.
 */
size_t elf_reloc_count(const struct elf_file *ef, uint32_t index);
int elf_read_relocs(struct elf_file *ef, uint32_t index, struct elf_reloc *out);

/*
 * The same records, where they are when the file's are laid out as
 * struct elf_reloc (64-bit RELA on a little-endian host, but MIPS64), else
 * decoded into *buf, which holds *cap records and grows as needed (the
 * caller frees it).  NULL with ef->error set when the section is
 * malformed or memory ran out.
 */
const struct elf_reloc *elf_relocs(struct elf_file *ef, uint32_t index,
				   struct elf_reloc **buf, size_t *cap);

/* Read an unsigned field of 'size' bytes in the file's byte order. */
static inline uint64_t elf_read_uint(const struct elf_file *ef,
				     const unsigned char *p, unsigned int size)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < size; i++) {
		unsigned int shift = ef->big_endian ? (size - 1 - i) * 8 : i * 8;

		v |= (uint64_t)p[i] << shift;
	}
	return v;
}

#endif
