// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --use-notes: the facts the GCC plugin recorded in .note.kotest
 * (include/kotest-note.h).  Each record names its object through a
 * relocation of the note section, resolved here like any other reference.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "kotest-note.h"
#include "notes.h"

/* The object a relocation at (note section, off) points to. */
static uint32_t note_object(struct module *mod, uint32_t notesec,
			    const struct elf_reloc *rel, size_t nrel,
			    bool is_rel, uint64_t off, unsigned int ptr)
{
	const struct elf_file *ef = &mod->elf;
	const struct elf_section *ns = &ef->sections[notesec];
	size_t i;

	for (i = 0; i < nrel; i++) {
		const struct elf_symbol *sym;
		int64_t addend = rel[i].addend;

		if (rel[i].offset != off)
			continue;
		sym = &ef->symbols[rel[i].sym];
		if (is_rel && ns->data && off + ptr <= ns->size)
			addend = (int64_t)elf_read_uint(ef, ns->data + off, ptr);
		if (mod->sym_object[rel[i].sym] != NO_OBJECT)
			return mod->sym_object[rel[i].sym];
		if (sym->shndx == SHN_UNDEF || sym->shndx >= ef->nsections)
			return NO_OBJECT;
		return module_object_at(mod, sym->shndx,
					sym->value + (uint64_t)addend);
	}
	return NO_OBJECT;
}

/* The basename of path. */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/*
 * An object named by its symbol (KOTEST_SITE_BY_SYMBOL): a unique defined
 * symbol of that name, or the one in the STT_FILE group of the unit; with
 * no unit, the global symbol (an escape of another unit's object).
 */
static uint32_t symbol_object(const struct module *mod, const char *symbol,
			      const char *unit)
{
	const struct elf_file *ef = &mod->elf;
	const char *file = NULL;
	uint32_t found = NO_OBJECT, in_unit = NO_OBJECT;
	size_t i, matches = 0, unit_matches = 0;

	if (!*symbol)
		return NO_OBJECT;
	for (i = 1; i < ef->nsymbols; i++) {
		const struct elf_symbol *sym = &ef->symbols[i];

		if (sym->type == STT_FILE) {
			file = sym->name;
			continue;
		}
		if (sym->shndx == SHN_UNDEF || sym->shndx >= ef->nsections ||
		    strcmp(sym->name, symbol) ||
		    mod->sym_object[i] == NO_OBJECT ||
		    (!unit && sym->bind == STB_LOCAL))
			continue;
		matches++;
		found = mod->sym_object[i];
		if (sym->bind == STB_LOCAL && file && unit &&
		    !strcmp(base_name(file), base_name(unit))) {
			unit_matches++;
			in_unit = found;
		}
	}
	if (matches == 1)
		return found;
	return unit_matches == 1 ? in_unit : NO_OBJECT;
}

/* The i-th NUL-terminated string after 'start' in [start, end), or "". */
static const char *desc_string(const unsigned char *start,
			       const unsigned char *end, unsigned int i)
{
	const unsigned char *p = start;

	while (p < end) {
		const unsigned char *nul = memchr(p, 0, end - p);

		if (!nul)
			return "";
		if (i-- == 0)
			return (const char *)p;
		p = nul + 1;
	}
	return "";
}

static int cmp_escape(const void *a, const void *b)
{
	const struct escape_fact *x = a, *y = b;

	return x->obj < y->obj ? -1 : x->obj > y->obj;
}

static int cmp_decl(const void *a, const void *b)
{
	const struct decl_fact *x = a, *y = b;

	return x->obj < y->obj ? -1 : x->obj > y->obj;
}

/* By object, then by place. */
static int cmp_site(const void *a, const void *b)
{
	const struct site_fact *x = a, *y = b;
	int c;

	if (x->obj != y->obj)
		return x->obj < y->obj ? -1 : 1;
	c = strcmp(x->file, y->file);
	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->column < y->column ? -1 : x->column > y->column;
}

/* Append the size-byte fact to the array *base of *n. */
static int push_fact(void **base, size_t *n, const void *fact, size_t size)
{
	char *grown = realloc(*base, (*n + 1) * size);

	if (!grown)
		return -1;
	memcpy(grown + *n * size, fact, size);
	*base = grown;
	(*n)++;
	return 0;
}

/*
 * A READS record (read_section() checked its size): the holder by
 * relocation, the function by its symbol in the unit.  One the module
 * does not hold (a function GCC dropped) is left out: the references it
 * would explain are not there either.
 */
static int read_reads(struct module *mod, struct module_notes *n,
		      uint32_t sec, const struct elf_reloc *rel, size_t nrel,
		      bool is_rel, uint64_t desc, const unsigned char *d,
		      const unsigned char *end, const char *unit)
{
	const struct elf_file *ef = &mod->elf;
	unsigned int ptr = ef->elfclass == ELFCLASS64 ? 8 : 4;
	const unsigned char *p = d + KOTEST_READS_OBJECT_OFFSET + ptr;
	struct reads_fact f;
	uint32_t i;

	f.flags = elf_read_uint(ef, d + 4, 4);
	f.nreads = elf_read_uint(ef, d + 8, 4);
	f.holder = note_object(mod, sec, rel, nrel, is_rel,
			       desc + KOTEST_READS_OBJECT_OFFSET, ptr);
	f.reader = symbol_object(mod, desc_string(p + f.nreads * 12ull, end,
						  0), unit);
	if (f.holder == NO_OBJECT || f.reader == NO_OBJECT) {
		n->unresolved++;
		return 0;
	}
	f.first = n->nmember_reads;
	for (i = 0; i < f.nreads; i++, p += 12) {
		struct member_read m = {
			.offset = (int32_t)elf_read_uint(ef, p, 4),
			.size = elf_read_uint(ef, p + 4, 4),
			.stride = elf_read_uint(ef, p + 8, 4),
		};

		if (push_fact((void **)&n->member_reads, &n->nmember_reads,
			      &m, sizeof(m)))
			return module_fail(mod, "out of memory");
	}
	if (push_fact((void **)&n->reads, &n->nreads, &f, sizeof(f)))
		return module_fail(mod, "out of memory");
	return 0;
}

static int cmp_reads(const void *a, const void *b)
{
	const struct reads_fact *x = a, *y = b;

	if (x->holder != y->holder)
		return x->holder < y->holder ? -1 : 1;
	return x->reader < y->reader ? -1 : x->reader > y->reader;
}

static int read_section(struct module *mod, uint32_t sec,
			struct module_notes *n)
{
	const struct elf_file *ef = &mod->elf;
	const struct elf_section *s = &ef->sections[sec];
	unsigned int ptr = ef->elfclass == ELFCLASS64 ? 8 : 4;
	struct elf_reloc *rel = NULL;
	size_t nrel = 0, i;
	bool is_rel = false;
	uint64_t off = 0;
	const char *unit = NULL;

	for (i = 1; i < ef->nsections; i++) {
		const struct elf_section *r = &ef->sections[i];

		if ((r->type != SHT_RELA && r->type != SHT_REL) ||
		    r->info != sec)
			continue;
		nrel = elf_reloc_count(ef, i);
		rel = malloc((nrel ? nrel : 1) * sizeof(*rel));
		if (!rel)
			return module_fail(mod, "out of memory");
		if (elf_read_relocs(&mod->elf, i, rel)) {
			free(rel);
			return module_fail(mod, "%s", mod->elf.error);
		}
		is_rel = r->type == SHT_REL;
		break;
	}

	while (s->data && off + 12 <= s->size) {
		uint32_t namesz = elf_read_uint(ef, s->data + off, 4);
		uint32_t descsz = elf_read_uint(ef, s->data + off + 4, 4);
		uint32_t type = elf_read_uint(ef, s->data + off + 8, 4);
		uint64_t name = off + 12;
		uint64_t desc = name + ((namesz + 3ull) & ~3ull);
		uint64_t next = desc + ((descsz + 3ull) & ~3ull);
		const unsigned char *d, *end;
		uint32_t version;

		if (next > s->size || desc > s->size) {
			free(rel);
			return module_fail(mod, "%s: note at 0x%llx runs past the section",
					   s->name, (unsigned long long)off);
		}
		off = next;
		if (namesz != sizeof(KOTEST_NOTE_NAME) ||
		    memcmp(s->data + name, KOTEST_NOTE_NAME, namesz))
			continue;
		d = s->data + desc;
		end = d + descsz;
		if (descsz < 4)
			goto bad;
		version = elf_read_uint(ef, d, 4);
		if (version != KOTEST_NOTE_VERSION) {
			free(rel);
			return module_fail(mod, "%s: note version %u, this kotest reads version %u",
					   s->name, version, KOTEST_NOTE_VERSION);
		}
		if (type == KOTEST_NOTE_UNIT) {
			n->units++;
			unit = desc_string(d + 8, end, 1);
		} else if (type == KOTEST_NOTE_ESCAPE) {
			struct escape_fact e;
			const char *symbol;

			if (descsz < KOTEST_ESCAPE_OBJECT_OFFSET + ptr)
				goto bad;
			e.kind = elf_read_uint(ef, d + 4, 4);
			e.arg = elf_read_uint(ef, d + 8, 4);
			e.line = elf_read_uint(ef, d + 12, 4);
			e.obj = note_object(mod, sec, rel, nrel, is_rel,
					    desc + KOTEST_ESCAPE_OBJECT_OFFSET,
					    ptr);
			d += KOTEST_ESCAPE_OBJECT_OFFSET + ptr;
			e.sink = desc_string(d, end, 0);
			e.function = desc_string(d, end, 1);
			e.file = desc_string(d, end, 2);
			symbol = desc_string(d, end, 3);
			if (*symbol) {
				/* Not in the module: the kernel's object. */
				e.obj = symbol_object(mod, symbol, NULL);
				if (e.obj == NO_OBJECT)
					continue;
			}
			if (e.obj == NO_OBJECT) {
				n->unresolved++;
				continue;
			}
			if (push_fact((void **)&n->escapes, &n->nescapes,
				      &e, sizeof(e)))
				goto oom;
		} else if (type == KOTEST_NOTE_DECL) {
			struct decl_fact f;

			if (descsz < KOTEST_DECL_OBJECT_OFFSET + ptr)
				goto bad;
			f.line = elf_read_uint(ef, d + 4, 4);
			f.obj = note_object(mod, sec, rel, nrel, is_rel,
					    desc + KOTEST_DECL_OBJECT_OFFSET,
					    ptr);
			d += KOTEST_DECL_OBJECT_OFFSET + ptr;
			f.name = desc_string(d, end, 0);
			f.file = desc_string(d, end, 1);
			if (f.obj == NO_OBJECT)
				f.obj = symbol_object(mod, desc_string(d, end, 2),
						      unit);
			if (f.obj == NO_OBJECT) {
				n->unresolved++;
				continue;
			}
			if (push_fact((void **)&n->decls, &n->ndecls, &f,
				      sizeof(f)))
				goto oom;
		} else if (type == KOTEST_NOTE_PLACED) {
			struct placed_fact p;

			if (descsz < KOTEST_PLACED_OBJECT_OFFSET + ptr)
				goto bad;
			p.kind = elf_read_uint(ef, d + 4, 4);
			p.obj = note_object(mod, sec, rel, nrel, is_rel,
					    desc + KOTEST_PLACED_OBJECT_OFFSET,
					    ptr);
			d += KOTEST_PLACED_OBJECT_OFFSET + ptr;
			if (p.obj == NO_OBJECT)
				p.obj = symbol_object(mod, desc_string(d, end, 0),
						      unit);
			if (p.obj == NO_OBJECT) {
				n->unresolved++;
				continue;
			}
			if (push_fact((void **)&n->placed, &n->nplaced, &p,
				      sizeof(p)))
				goto oom;
		} else if (type == KOTEST_NOTE_READS) {
			/* The object, then 12 bytes a read. */
			if (descsz < KOTEST_READS_OBJECT_OFFSET + ptr ||
			    (descsz - KOTEST_READS_OBJECT_OFFSET - ptr) / 12 <
			    elf_read_uint(ef, d + 8, 4))
				goto bad;
			if (read_reads(mod, n, sec, rel, nrel, is_rel, desc,
				       d, end, unit))
				goto fail;
		} else if (type == KOTEST_NOTE_SITE) {
			struct site_fact f;

			if (descsz < KOTEST_SITE_OBJECT_OFFSET + ptr)
				goto bad;
			f.flags = elf_read_uint(ef, d + 4, 4);
			f.line = elf_read_uint(ef, d + 8, 4);
			f.column = elf_read_uint(ef, d + 12, 4);
			f.obj = note_object(mod, sec, rel, nrel, is_rel,
					    desc + KOTEST_SITE_OBJECT_OFFSET,
					    ptr);
			d += KOTEST_SITE_OBJECT_OFFSET + ptr;
			f.name = desc_string(d, end, 0);
			f.symbol = desc_string(d, end, 1);
			f.file = desc_string(d, end, 2);
			f.macro = desc_string(d, end, 3);
			f.unit = unit ? unit : "";
			if (f.obj == NO_OBJECT)
				f.obj = symbol_object(mod, f.symbol, unit);
			if (f.obj == NO_OBJECT) {
				n->unresolved++;
				continue;
			}
			if (push_fact((void **)&n->sites, &n->nsites, &f,
				      sizeof(f)))
				goto oom;
		}
	}
	free(rel);
	return 0;
fail:
	free(rel);
	return -1;
bad:
	free(rel);
	return module_fail(mod, "%s: note too short for its type", s->name);
oom:
	free(rel);
	return module_fail(mod, "out of memory");
}

int module_read_notes(struct module *mod, struct module_notes *n)
{
	size_t i;

	memset(n, 0, sizeof(*n));
	for (i = 1; i < mod->elf.nsections; i++) {
		const struct elf_section *s = &mod->elf.sections[i];

		if (s->type == SHT_NOTE && !strcmp(s->name, KOTEST_NOTE_SECTION) &&
		    read_section(mod, i, n))
			return -1;
	}
	/* qsort() and bsearch() want a valid base even for 0 items. */
	if (n->nescapes)
		qsort(n->escapes, n->nescapes, sizeof(*n->escapes),
		      cmp_escape);
	if (n->ndecls)
		qsort(n->decls, n->ndecls, sizeof(*n->decls), cmp_decl);
	if (n->nsites)
		qsort(n->sites, n->nsites, sizeof(*n->sites), cmp_site);
	if (n->nreads)
		qsort(n->reads, n->nreads, sizeof(*n->reads), cmp_reads);
	return 0;
}

void module_notes_free(struct module_notes *n)
{
	free(n->escapes);
	free(n->decls);
	free(n->sites);
	free(n->placed);
	free(n->reads);
	free(n->member_reads);
	memset(n, 0, sizeof(*n));
}

const struct escape_fact *notes_escape(const struct module_notes *n,
				       uint32_t obj)
{
	struct escape_fact key = { .obj = obj };

	if (!n->nescapes)
		return NULL;
	return bsearch(&key, n->escapes, n->nescapes, sizeof(key), cmp_escape);
}

const struct decl_fact *notes_decl(const struct module_notes *n,
				   uint32_t obj)
{
	struct decl_fact key = { .obj = obj };

	if (!n->ndecls)
		return NULL;
	return bsearch(&key, n->decls, n->ndecls, sizeof(key), cmp_decl);
}

size_t notes_sites(const struct module_notes *n, uint32_t obj,
		   size_t *first)
{
	size_t lo = 0, hi = n->nsites, end;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (n->sites[mid].obj < obj)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < n->nsites && n->sites[end].obj == obj; end++)
		;
	*first = lo;
	return end - lo;
}

const char *escape_kind_name(uint32_t kind)
{
	switch (kind) {
	case KOTEST_ESCAPE_STORED: return "stored to";
	case KOTEST_ESCAPE_PASSED: return "passed to";
	case KOTEST_ESCAPE_RETURNED: return "returned by";
	case KOTEST_ESCAPE_ASM: return "used by inline assembly in";
	case KOTEST_ESCAPE_CONTAINER: return "inside an escaping object";
	}
	return "escapes through";
}

const struct reads_fact *notes_reads(const struct module_notes *n,
				     uint32_t holder, uint32_t reader)
{
	struct reads_fact key = { .holder = holder, .reader = reader };

	if (!n->nreads)
		return NULL;
	return bsearch(&key, n->reads, n->nreads, sizeof(key), cmp_reads);
}

bool notes_reads_cover(const struct module_notes *n,
		       const struct reads_fact *r, uint64_t at,
		       unsigned int size)
{
	uint32_t i;

	if (r->flags & KOTEST_READS_OPAQUE)
		return true;
	for (i = 0; i < r->nreads; i++) {
		const struct member_read *m = &n->member_reads[r->first + i];
		int64_t d;

		if (m->size == UINT32_MAX)
			return true;
		if (!m->stride) {
			if (m->offset < (int64_t)(at + size) &&
			    (int64_t)at < m->offset + (int64_t)m->size)
				return true;
			continue;
		}
		/* The read nearest below 'at' and the one after it. */
		d = ((int64_t)at - m->offset) % m->stride;
		if (d < 0)
			d += m->stride;
		if (d < m->size || m->stride - d < size)
			return true;
	}
	return false;
}
