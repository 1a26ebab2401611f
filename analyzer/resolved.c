// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Uses the assembler resolved itself.  A branch or a PC-relative form whose
 * target is a local symbol of its own section gets no relocation: the
 * assembler writes the displacement and is done.  A static function that
 * init code calls (a relocation from .init.text) and that persistent code
 * of its own section also calls (no relocation) would look used by init
 * code alone, and "mark it __init" would free code that is still called.
 *
 * So code is decoded (the architecture's decode_insn(), arch/insn.h), and
 * each direct call, jump, branch or PC-relative form that carries no
 * relocation and points out of the object that holds it is a reference,
 * as a relocation would be.  Branches inside one function are not uses.
 * Mapping symbols ($d) keep literal pools and inline tables from being
 * decoded as code.
 *
 * Only what can change the findings is decoded.  The candidates and chains
 * of a first pass, and what the candidates' code uses without a relocation
 * (and so on), are the only objects a second pass may report (analysis.c):
 * the candidates' code and what it reaches is decoded, and the rest of the
 * code of their sections where it may use one of them (arch->next_reach(),
 * or all of it).  Candidates only lose uses from one pass to the next, so
 * one round is enough.  Where next_reach() can tell where a candidate's
 * code may leave it, only the way to each such place is decoded, and a
 * decoding towards a place starts at the last instruction boundary the
 * relocations show (arch->boundary_types), not at the function's start.
 *
 * An assembler resolves only what lies in its own output, and the module
 * link (ld -r) keeps every relocation: a use without one stays inside the
 * piece of the section that one object file gave.  The local symbols of
 * each file follow its STT_FILE symbol, so they bound the pieces, and only
 * the pieces that hold a reached object are decoded (distributions strip
 * STT_FILE from their modules; a kernel build keeps it).
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "arch/codemap.h"
#include "arch/insn.h"
#include "module.h"
#include "objects.h"
#include "resolved.h"

struct code_scan {
	struct module *mod;
	uint32_t sec;
	struct code_view view;
	/* For arch->next_reach(): see struct reach_map. */
	uint8_t *targets, *near;
	struct reach_object *objects;	/* the index's spans */
	uint8_t *patched;	/* bit n: a relocation patches byte n */
	/*
	 * The section's relocations when one table holds them all, in
	 * offset order, and every 64th one's offset: known_boundary()
	 * looks among them (reloc_copy: they are not where libelf has them).
	 */
	const struct elf_reloc *relocs;
	struct elf_reloc *reloc_copy;
	size_t nrelocs, nsamples;
	uint64_t *samples;
	struct code_map map;	/* mapping symbols: where data lies */
	struct reach_map reach;	/* the above, as next_reach() reads them */
	/*
	 * Every byte a target but those of the object a reading is in:
	 * next_reach() then finds where an object's code may leave it.
	 */
	uint8_t *ones;
	struct reach_map exits;
};

/* n bits, and room for reach_bits57()'s 64-bit read at any of them. */
static uint8_t *new_bitmap(uint64_t n)
{
	return calloc(n / 8 + 8, 1);
}

/* Set bits [from, to) of map, whole bytes at a time where it can. */
static void set_bits(uint8_t *map, uint64_t from, uint64_t to)
{
	for (; from < to && (from & 7); from++)
		map[from >> 3] |= 1u << (from & 7);
	if (from < to && to - from >= 8) {
		memset(map + (from >> 3), 0xff, (to - from) >> 3);
		from += (to - from) & ~7ull;
	}
	for (; from < to; from++)
		map[from >> 3] |= 1u << (from & 7);
}

#define SAMPLE_SHIFT 6

/* Every 64th record's offset, for known_boundary(). */
static int sample_relocs(struct code_scan *cs)
{
	size_t n = (cs->nrelocs + (1u << SAMPLE_SHIFT) - 1) >> SAMPLE_SHIFT;
	size_t k;

	cs->samples = malloc((n ? n : 1) * sizeof(*cs->samples));
	if (!cs->samples)
		return module_fail(cs->mod, "out of memory");
	cs->nsamples = n;
	for (k = 0; k < n; k++)
		cs->samples[k] = cs->relocs[k << SAMPLE_SHIFT].offset;
	return 0;
}

/*
 * Every byte the section's relocations patch, as a bitmap: no sort (MIPS
 * REL records are far out of order: each HI16 moves to its LO16) and one
 * look-up per query.  A relocation patches at least its offset's byte.
 * Where one table holds them in offset order, they are kept for
 * known_boundary().
 */
static int collect_relocs(struct code_scan *cs)
{
	struct elf_file *ef = &cs->mod->elf;
	const uint64_t size = cs->view.size;
	struct elf_reloc *buf = NULL;
	size_t cap = 0, i, k, n, ntables = 0;
	uint8_t *patched = new_bitmap(size);
	uint64_t last = 0;
	bool in_order = true;

	cs->patched = patched;
	if (!patched)
		return module_fail(cs->mod, "out of memory");
	for (i = 1; i < ef->nsections; i++) {
		const struct elf_section *s = &ef->sections[i];
		const struct elf_reloc *r;

		if ((s->type != SHT_REL && s->type != SHT_RELA) ||
		    s->info != cs->sec)
			continue;
		r = elf_relocs(ef, i, &buf, &cap);
		if (!r) {
			free(buf);
			return module_fail(cs->mod, "%s", ef->error);
		}
		n = elf_reloc_count(ef, i);
		for (k = 0; k < n; k++) {
			uint64_t off = r[k].offset;

			if (off >= size)
				continue;
			patched[off >> 3] |= 1u << (off & 7);
			in_order &= off >= last;
			last = off;
		}
		if (ntables++)
			continue;
		cs->relocs = r;
		cs->nrelocs = n;
		if (r == buf) {
			cs->reloc_copy = buf;
			buf = NULL;
			cap = 0;
		}
	}
	free(buf);
	if (ntables != 1 || !in_order || !cs->mod->arch->boundary_types) {
		cs->relocs = NULL;
		cs->nrelocs = 0;
		return 0;
	}
	return sample_relocs(cs);
}

/*
 * The last instruction start in (from, to] that relocations show (the end
 * of one of arch->boundary_types), or from.
 */
static uint64_t known_boundary(const struct code_scan *cs, uint64_t from,
			       uint64_t to)
{
	const uint64_t types = cs->mod->arch->boundary_types;
	size_t lo = 0, hi = cs->nsamples, k, stop;

	if (!cs->nrelocs)
		return from;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cs->samples[mid] + 4 <= to)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return from;
	/* The last record whose field ends by 'to', and back from it. */
	k = (lo - 1) << SAMPLE_SHIFT;
	stop = k + (1u << SAMPLE_SHIFT) < cs->nrelocs ?
	       k + (1u << SAMPLE_SHIFT) : cs->nrelocs;
	while (k + 1 < stop) {
		size_t mid = (k + 1 + stop) / 2;

		if (cs->relocs[mid].offset + 4 <= to)
			k = mid;
		else
			stop = mid;
	}
	for (;; k--) {
		const struct elf_reloc *r = &cs->relocs[k];

		if (r->offset + 4 <= from)
			return from;
		if (r->type < 64 && (types >> r->type & 1) &&
		    r->offset + 4 <= cs->view.size)
			return r->offset + 4;
		if (!k)
			return from;
	}
}

/* Does a relocation patch a byte of [from, to)? */
static bool relocated(const struct code_scan *cs, uint64_t from, uint64_t to)
{
	for (; from < to && from < cs->view.size; from++)
		if (reach_bit(cs->patched, from))
			return true;
	return false;
}

static int add_ref(struct module *mod, uint32_t sec, uint64_t at,
		   uint32_t src, uint64_t target, uint32_t dst,
		   enum insn_type type)
{
	struct ref *r;

	if (mod->nrefs == mod->refs_cap && module_grow_refs(mod))
		return -1;
	r = &mod->refs[mod->nrefs++];
	*r = (struct ref){
		.src_off = at, .dst_off = target, .src_sec = sec,
		.dst_sec = sec, .src_obj = src, .dst_obj = dst,
		.type = REF_RESOLVED | type,
	};
	mod->resolved_refs++;
	return 0;
}

/*
 * The bytes of the objects flagged OBJ_USERS_KNOWN (known[0..nknown), of
 * every section), for next_reach().
 */
static int build_targets(struct code_scan *cs, const uint32_t *known,
			 size_t nknown)
{
	struct module *mod = cs->mod;
	const struct module_section *ms = &mod->sec[cs->sec];
	uint64_t size = cs->view.size, slack = mod->arch->reach_slack;
	uint64_t near = mod->arch->reach_near;
	size_t k;

	cs->targets = new_bitmap(size);
	cs->near = new_bitmap(size);
	if (!cs->targets || !cs->near)
		return module_fail(mod, "out of memory");
	cs->reach = (struct reach_map){
		.targets = cs->targets, .near = cs->near,
		.patched = cs->patched,
		.objects = cs->objects, .nobjects = ms->nobjects,
		.slack = slack,
	};
	reach_buckets_init(&cs->reach, size);
	for (k = 0; k < nknown; k++) {
		const struct object *o = &mod->objects[known[k]];
		uint64_t to;

		if (o->section != cs->sec || o->start >= size)
			continue;
		to = o->size && o->start + o->size <= size ?
		     o->start + o->size : o->start + 1;
		set_bits(cs->targets, o->start > slack ? o->start - slack : 0,
			 to);
		reach_buckets_mark(&cs->reach,
				   o->start > slack ? o->start - slack : 0, to,
				   near);
		if (near)
			set_bits(cs->near,
				 o->start > near ? o->start - near : 0,
				 to + near < size ? to + near : size);
	}
	return 0;
}

/*
 * Decode the instructions of bytes [start, end) of the section, object
 * obj's (NO_OBJECT: code no symbol covers), from *at (a boundary) on
 * until one starts after 'stop'; each use out of [start, end) is a
 * reference.  *at: where decoding stopped.
 */
static int scan_span(struct code_scan *cs, uint64_t start, uint64_t end,
		     uint32_t obj, uint64_t *at, uint64_t stop)
{
	struct module *mod = cs->mod;
	unsigned int granule = mod->arch->granule;
	uint64_t off = *at, region_end = 0;
	enum code_mode mode = CODE_NATIVE;

	if (end > cs->view.size || end < start)
		end = cs->view.size;
	for (; off < end && off <= stop; *at = off) {
		struct insn insn = { 0 };
		uint32_t dst;

		if (off >= region_end)
			mode = code_map_mode(&cs->map, off, CODE_NATIVE,
					     cs->view.size, &region_end);
		if (mode == CODE_DATA) {
			off = region_end;
			continue;
		}
		/* Instructions are aligned: a misaligned start is data. */
		if (off & (granule - 1)) {
			off = (off | (granule - 1)) + 1;
			continue;
		}
		cs->view.mode = mode;
		mod->arch->decode_insn(&cs->view, off, &insn);
		if (insn.len < granule)
			insn.len = granule;
		mod->resolved_bytes += insn.len;
		if (insn_has_target(&insn) &&
		    (insn.target < start || insn.target >= end) &&
		    insn.target < cs->view.size &&
		    !relocated(cs, off, off + insn.len)) {
			dst = object_search(mod, cs->sec, insn.target);
			if (dst != NO_OBJECT && dst != obj &&
			    add_ref(mod, cs->sec, off, obj, insn.target, dst,
				    insn.type))
				return -1;
		}
		off += insn.len;
	}
	*at = off;
	return 0;
}

/* Decode bytes [start, end): scan_span() all the way. */
static int scan_range(struct code_scan *cs, uint64_t start, uint64_t end,
		      uint32_t obj)
{
	uint64_t at = start;

	return scan_span(cs, start, end, obj, &at, UINT64_MAX);
}

/* Decode object obj, once: its uses are references from then on. */
static int decode_once(struct code_scan *cs, uint32_t obj)
{
	struct object *o = &cs->mod->objects[obj];

	if (o->flags & OBJ_DECODED)
		return 0;
	o->flags |= OBJ_DECODED;
	return scan_range(cs, o->start, o->start + o->size, obj);
}

/* Where each object of the section lies, as gap_after() bounds it. */
static int build_objects(struct code_scan *cs)
{
	const struct module *mod = cs->mod;
	const struct module_section *ms = &mod->sec[cs->sec];
	uint32_t k;

	cs->objects = malloc((ms->nobjects + 1) * sizeof(*cs->objects));
	if (!cs->objects)
		return module_fail(cs->mod, "out of memory");
	for (k = 0; k < ms->nobjects; k++)
		cs->objects[k] = (struct reach_object){
			ms->index[k].start,
			mod->objects[ms->index[k].object].start +
			mod->objects[ms->index[k].object].size,
		};
	return 0;
}

/* cs->exits, made on first use. */
static int build_exits(struct code_scan *cs)
{
	uint64_t size = cs->view.size;

	cs->ones = malloc(size / 8 + 16);
	if (!cs->ones)
		return module_fail(cs->mod, "out of memory");
	memset(cs->ones, 0xff, size / 8 + 16);
	cs->exits = (struct reach_map){
		.targets = cs->ones, .near = cs->ones,
		.patched = cs->patched,
		.objects = cs->objects,
		.nobjects = cs->mod->sec[cs->sec].nobjects,
		.slack = cs->mod->arch->reach_slack,
	};
	reach_buckets_init(&cs->exits, size);
	reach_buckets_mark(&cs->exits, 0, size, 0);
	return 0;
}

/*
 * decode_once() where the architecture's prefilter can tell where code may
 * leave its object: only up to each such place, from the last boundary
 * known before it.  An object that is not alone in its index entry (as
 * scan_run() and next_reach() bound them) is decoded whole.
 */
static int decode_exits(struct code_scan *cs, uint32_t obj)
{
	struct module *mod = cs->mod;
	const struct module_section *ms = &mod->sec[cs->sec];
	struct object *o = &mod->objects[obj];
	uint64_t start = o->start, end = o->start + o->size, pos, cursor;
	long k = last_at_or_before(ms, start);

	if (o->flags & OBJ_DECODED)
		return 0;
	if (!mod->arch->next_reach || k < 0 ||
	    ms->index[k].object != obj || ms->index[k].start != start ||
	    ((size_t)k + 1 < ms->nobjects && ms->index[k + 1].start < end) ||
	    end > cs->view.size)
		return decode_once(cs, obj);
	if (!cs->ones && build_exits(cs))
		return -1;
	o->flags |= OBJ_DECODED;
	for (pos = cursor = start; pos < end;) {
		uint64_t target = 0;
		uint64_t at = mod->arch->next_reach(&cs->view, pos, end,
						    &cs->exits, &target);

		if (at >= end)
			break;
		if (cursor <= at) {
			cursor = known_boundary(cs, cursor, at);
			if (scan_span(cs, start, end, obj, &cursor, at))
				return -1;
		}
		pos = at + 1;
	}
	return 0;
}

/* The decoding context of section sec, made on first use. */
static struct code_scan *section_scan(struct module *mod,
				      struct code_scan **scans, uint32_t sec)
{
	const struct elf_section *s = &mod->elf.sections[sec];
	struct code_scan *cs = scans[sec];
	const unsigned char *code;

	if (cs)
		return cs;
	code = elf_section_data(&mod->elf, sec);
	if (!code) {
		module_fail(mod, "%s", mod->elf.error);
		return NULL;
	}
	cs = calloc(1, sizeof(*cs));
	if (!cs) {
		module_fail(mod, "out of memory");
		return NULL;
	}
	*cs = (struct code_scan){
		.mod = mod, .sec = sec,
		.view = {
			.code = code, .size = s->size,
			.big_endian = mod->elf.big_endian,
			.elf64 = mod->elf.elfclass == ELFCLASS64,
			.flags = mod->elf.flags,
		},
	};
	scans[sec] = cs;
	if (collect_relocs(cs) || code_map_build(mod, sec, &cs->map) ||
	    build_objects(cs))
		return NULL;
	return cs;
}

static void free_scans(struct module *mod, struct code_scan **scans)
{
	size_t i;

	for (i = 0; i < mod->elf.nsections; i++) {
		if (!scans[i])
			continue;
		free(scans[i]->patched);
		free(scans[i]->reloc_copy);
		free(scans[i]->samples);
		code_map_free(&scans[i]->map);
		free(scans[i]->targets);
		free(scans[i]->near);
		free(scans[i]->objects);
		free(scans[i]->ones);
		free(scans[i]);
	}
	free(scans);
}

/* Can the object hold code the scan decodes? */
static bool decodable(const struct module *mod, const struct object *o)
{
	const struct elf_section *s = &mod->elf.sections[o->section];

	return section_is_code(mod, o->section) && s->type != SHT_NOBITS &&
	       mod->sec[o->section].facts.class != SEC_UNLOADED &&
	       !(o->flags & OBJ_STRING);
}

/*
 * The candidates and chains of the first pass, and what the candidates'
 * code uses without a relocation, and so on: the only objects that can be
 * reported by the second pass, flagged OBJ_USERS_KNOWN (scan_users() then
 * finds all their users in the sections whose scans this opens).  'queue'
 * gets the decoded ones, *n their number; 'known' the flagged ones after
 * 'reported' (room for all objects), *nknown their number.
 */
static int closure_of_reported(struct module *mod, struct code_scan **scans,
			       const uint32_t *reported, size_t nreported,
			       uint32_t *queue, size_t *n, uint32_t *known,
			       size_t *nknown)
{
	size_t head, j;

	*n = 0;
	memcpy(known, reported, nreported * sizeof(*known));
	*nknown = nreported;
	for (j = 0; j < nreported; j++) {
		uint32_t i = reported[j];
		struct object *o = &mod->objects[i];

		o->flags |= OBJ_USERS_KNOWN;
		/* Its section's code may use it: open the section's scan. */
		if (decodable(mod, o) && !section_scan(mod, scans, o->section))
			return -1;
		/*
		 * Chains are many (what a registered ops table reaches, until
		 * notes say it escapes): they are looked at like the rest of
		 * the code, and what only they call stays unreported.
		 */
		if (o->flags & OBJ_CANDIDATE)
			queue[(*n)++] = i;
	}
	for (head = 0; head < *n; head++) {
		uint32_t u = queue[head];
		size_t from = mod->nrefs, k;
		struct code_scan *cs;

		if (!decodable(mod, &mod->objects[u]))
			continue;
		cs = section_scan(mod, scans, mod->objects[u].section);
		if (!cs || decode_exits(cs, u))
			return -1;
		for (k = from; k < mod->nrefs; k++) {
			struct object *d = &mod->objects[mod->refs[k].dst_obj];

			if (!(d->flags & OBJ_USERS_KNOWN)) {
				d->flags |= OBJ_USERS_KNOWN;
				queue[(*n)++] = mod->refs[k].dst_obj;
				known[(*nknown)++] = mod->refs[k].dst_obj;
				if (decodable(mod, d) &&
				    !section_scan(mod, scans, d->section))
					return -1;
			}
		}
	}
	return 0;
}

/* The span of one object file's local symbols in the section. */
struct file_span {
	uint64_t start, end;
};

static int cmp_span(const void *a, const void *b)
{
	const struct file_span *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/*
 * The spans of the files that have local symbols in the section, in
 * address order; 0 when they overlap (then nothing bounds the pieces).
 */
static size_t file_spans(struct module *mod, uint32_t sec,
			 struct file_span **out)
{
	const struct elf_file *ef = &mod->elf;
	uint64_t mask = ef->machine == EM_ARM ? ~1ull : ~0ull;
	struct file_span *spans = NULL;
	size_t n = 0, cap = 0, i;
	bool open = false;

	*out = NULL;
	if (!ef->nfile_symbols)
		return 0;
	for (i = 1; i < ef->nsymbols; i++) {
		const struct elf_symbol *s = &ef->symbols[i];
		uint64_t at = s->value & mask;
		uint64_t end = at + (s->size ? s->size : 1);

		if (s->type == STT_FILE) {
			open = false;
			continue;
		}
		if (s->bind != STB_LOCAL || s->shndx != sec ||
		    s->type == STT_SECTION)
			continue;
		if (!open) {
			if (n == cap) {
				struct file_span *p;

				cap = cap ? cap * 2 : 16;
				p = realloc(spans, cap * sizeof(*p));
				if (!p) {
					free(spans);
					return 0;
				}
				spans = p;
			}
			spans[n++] = (struct file_span){ at, end };
			open = true;
			continue;
		}
		if (at < spans[n - 1].start)
			spans[n - 1].start = at;
		if (end > spans[n - 1].end)
			spans[n - 1].end = end;
	}
	if (n)
		qsort(spans, n, sizeof(*spans), cmp_span);
	for (i = 1; i < n; i++) {
		if (spans[i - 1].end > spans[i].start) {
			free(spans);
			return 0;
		}
	}
	*out = spans;
	return n;
}

/*
 * The bytes the piece that holds offset 'at' can span: from the end of
 * the file before it to the start of the file after it.  Between two
 * files' spans, the piece may be either file's or one of globals only.
 */
static void piece_bounds(const struct file_span *spans, size_t n, uint64_t at,
			 uint64_t size, uint64_t *from, uint64_t *to)
{
	size_t lo = 0, hi = n;
	long k, before, after;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (spans[mid].start <= at)
			lo = mid + 1;
		else
			hi = mid;
	}
	k = (long)lo - 1;		/* last span starting at or before */
	if (k >= 0 && at < spans[k].end) {
		before = k - 1;
		after = k + 1;
	} else {
		before = k - 1;
		after = k + 2;
	}
	*from = before >= 0 ? spans[before].end : 0;
	*to = (size_t)after < n ? spans[after].start : size;
}

/* The code after index entry k that no symbol covers: [*from, *to). */
static void gap_after(const struct code_scan *cs, uint32_t k, uint64_t *from,
		      uint64_t *to)
{
	const struct module_section *ms = &cs->mod->sec[cs->sec];
	const struct object *o = &cs->mod->objects[ms->index[k].object];

	*from = o->start + o->size;
	*to = k + 1 < ms->nobjects ? ms->index[k + 1].start : cs->view.size;
}

/*
 * Decode index entry k's object and the code after it that no symbol
 * covers (uses for nobody), and with 'first' the code before it.
 */
static int scan_unit(struct code_scan *cs, uint32_t k, bool first)
{
	const struct module_section *ms = &cs->mod->sec[cs->sec];
	uint64_t start = ms->index[k].start, from, to;

	if (first && start > 0 && scan_range(cs, 0, start, NO_OBJECT))
		return -1;
	if (decode_once(cs, ms->index[k].object))
		return -1;
	gap_after(cs, k, &from, &to);
	return to > from ? scan_range(cs, from, to, NO_OBJECT) : 0;
}

/*
 * The same for index entries first to last, adjacent, where the
 * architecture's byte prefilter may see a use: an object is decoded from
 * its start up to the instruction the prefilter points into (the next
 * point in it goes on from there), a gap whole.  Past the last point,
 * nothing in the object can use a target.
 */
static int scan_run(struct code_scan *cs, uint32_t first, uint32_t last)
{
	const struct module_section *ms = &cs->mod->sec[cs->sec];
	uint64_t pos = first ? ms->index[first].start : 0, end, from, to;
	uint64_t cursor = 0;	/* where decoding of object k goes on */
	uint32_t k = first, cursor_k = UINT32_MAX;

	gap_after(cs, last, &from, &end);
	while (pos < end) {
		uint64_t target = 0;
		uint64_t at = cs->mod->arch->next_reach(&cs->view, pos, end,
							 &cs->reach, &target);

		if (at >= end)
			break;
		if (at < ms->index[first].start) {	/* before entry 0 */
			if (scan_range(cs, 0, ms->index[first].start,
				       NO_OBJECT))
				return -1;
			pos = ms->index[first].start;
			continue;
		}
		while (k < last && ms->index[k + 1].start <= at)
			k++;
		gap_after(cs, k, &from, &to);
		if (at < from) {
			uint32_t obj = ms->index[k].object;

			pos = at + 1;
			if (cs->mod->objects[obj].flags & OBJ_DECODED) {
				pos = from;
				continue;
			}
			if (cursor_k != k) {
				cursor_k = k;
				cursor = ms->index[k].start;
			}
			/*
			 * Uses before a known boundary would have been
			 * pointed at before 'at': decoding starts there.
			 */
			if (cursor <= at) {
				cursor = known_boundary(cs, cursor, at);
				if (scan_span(cs, ms->index[k].start, from, obj,
					      &cursor, at))
					return -1;
			}
			if (cursor >= from)
				cs->mod->objects[obj].flags |= OBJ_DECODED;
		} else {
			if (scan_range(cs, from, to, NO_OBJECT))
				return -1;
			pos = to;
		}
	}
	return 0;
}

/*
 * Find the uses of the objects of section sec whose users must be known
 * (OBJ_USERS_KNOWN) by the rest of the code in their pieces: decode it
 * all, or, where the architecture can tell cheaply what to skip, what may
 * reach them.
 */
static int scan_users(struct module *mod, struct code_scan *cs, bool whole,
		      const uint32_t *known, size_t nknown)
{
	const struct module_section *ms = &mod->sec[cs->sec];
	uint64_t size = cs->view.size, last_from = 1, last_to = 0;
	bool filter = mod->arch->next_reach && !whole;
	struct file_span *spans = NULL;
	size_t nspans = 0;
	bool *pick;
	uint32_t k;
	int ret = -1;

	if (!whole)
		nspans = file_spans(mod, cs->sec, &spans);
	/* Per object of the index: whether its piece is decoded. */
	pick = calloc(ms->nobjects ? ms->nobjects : 1, sizeof(*pick));
	if (!pick) {
		free(spans);
		return module_fail(mod, "out of memory");
	}
	/* Without pieces, the whole section. */
	if (whole || !nspans)
		memset(pick, true, ms->nobjects * sizeof(*pick));
	for (k = 0; !whole && nspans && k < ms->nobjects; k++) {
		const struct object *o = &mod->objects[ms->index[k].object];
		uint64_t from = 0, to = size;
		uint32_t j;

		if (!(o->flags & OBJ_USERS_KNOWN))
			continue;
		piece_bounds(spans, nspans, o->start, size, &from, &to);
		/* The pieces of a file's objects are one: mark it once. */
		if (from == last_from && to == last_to)
			continue;
		last_from = from;
		last_to = to;
		for (j = k; j > 0 && ms->index[j - 1].start >= from; j--)
			;
		for (; j < ms->nobjects && ms->index[j].start < to; j++)
			pick[j] = true;
	}
	if (filter && build_targets(cs, known, nknown))
		goto out;
	for (k = 0; k < ms->nobjects; k++) {
		uint32_t last = k;

		if (!pick[k])
			continue;
		if (!filter) {
			if (scan_unit(cs, k, k == 0))
				goto out;
			continue;
		}
		while (last + 1 < ms->nobjects && pick[last + 1])
			last++;
		if (scan_run(cs, k, last))
			goto out;
		k = last;
	}
	ret = 0;
out:
	free(spans);
	free(pick);
	return ret;
}

int module_add_resolved_refs(struct module *mod, const uint32_t *reported,
			     size_t nreported)
{
	bool whole = mod->opt->dump_relocs;
	struct code_scan **scans;
	uint32_t *queue = NULL, *known = NULL;
	size_t n = 0, nknown = 0, i;
	int ret = -1;

	if (!mod->arch->decode_insn)
		return 0;
	scans = calloc(mod->elf.nsections, sizeof(*scans));
	queue = malloc((mod->nobjects + 1) * sizeof(*queue));
	known = malloc((mod->nobjects + 1) * sizeof(*known));
	if (!scans || !queue || !known) {
		module_fail(mod, "out of memory");
		goto out;
	}
	if (!whole &&
	    closure_of_reported(mod, scans, reported, nreported, queue, &n,
				known, &nknown))
		goto out;
	/* All code decoded: every use is known. */
	for (i = 0; whole && i < mod->nobjects; i++)
		mod->objects[i].flags |= OBJ_USERS_KNOWN;
	mod->users_known = true;
	for (i = 0; whole && i < mod->nobjects; i++)
		if (decodable(mod, &mod->objects[i]) &&
		    !section_scan(mod, scans, mod->objects[i].section))
			goto out;
	for (i = 1; i < mod->elf.nsections; i++)
		if (scans[i] &&
		    scan_users(mod, scans[i], whole, known, nknown))
			goto out;
	ret = 0;
out:
	free(queue);
	free(known);
	if (scans)
		free_scans(mod, scans);
	return ret;
}

const char *resolved_name(uint32_t type)
{
	static const char *const names[] = {
		[INSN_CALL] = "call-without-reloc",
		[INSN_JUMP] = "jump-without-reloc",
		[INSN_BRANCH] = "branch-without-reloc",
		[INSN_ADDR] = "pcrel-without-reloc",
	};
	uint32_t t = type & ~REF_RESOLVED;

	return t < sizeof(names) / sizeof(names[0]) && names[t] ?
	       names[t] : "without-reloc";
}
