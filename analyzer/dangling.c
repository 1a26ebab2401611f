// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Dangerous links that are bugs, told apart from pointers nobody reads
 * again.
 *
 * A pointer from memory that outlives init into init memory (a dangerous
 * link, analysis.c) is a bug only if something can follow it after init.
 * Most in real modules are tables whose init members only the init
 * function walks: btrfs's mod_init_seq[] ({init, exit} pairs; the exit
 * path reads only the exit member), i915's init_funcs[], the
 * __ro_after_init speed maps of qed and ice whose cap_arr members point to
 * __initconst arrays.  A pointer is "dangling" when kotest can show that
 * only init code reads it:
 * - its holder is data the kernel does not walk, whose address nothing
 *   stores and no plugin note says escapes;
 * - code that runs after init (persistent and exit code) refers to the
 *   holder only at other members: its references' offsets, taken modulo
 *   the holder's element size (the spacing of its pointers into init),
 *   differ from the pointer's, and none of them takes the holder's
 *   address at its start (that could hand all of it on);
 * - init code only reads the holder (a memory operand) or, with the
 *   plugin's notes, does not let its address escape;
 * - with the notes, the plugin says which bytes of the holder each
 *   function that runs after init accesses (READS records: members, array
 *   strides, pointers walked from its address): on every architecture,
 *   and ahead of what the machine code shows.
 * Anything else stays dangerous, with the reference that makes it so.
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>

#include "arch/arch.h"
#include "dangling.h"
#include "kotest-note.h"
#include "objects.h"

/* What the references to one holder say. */
struct holder_uses {
	uint32_t reason;	/* enum link_reason */
	uint32_t via;
};

/*
 * The holder's element size: the spacing of its pointers into init
 * memory, or its size when it holds one.
 */
static uint64_t holder_stride(const struct module *mod,
			      const struct findings *f, uint32_t holder)
{
	const struct object *h = &mod->objects[holder];
	uint64_t first = UINT64_MAX, g = 0;
	size_t i;

	for (i = 0; i < f->ninit_pointers; i++) {
		const struct ref *r = &mod->refs[f->init_pointers[i]];

		if (r->src_obj != holder)
			continue;
		if (first == UINT64_MAX)
			first = r->src_off;
		else
			g = stride_gcd(g, r->src_off > first ?
					   r->src_off - first :
					   first - r->src_off);
	}
	return g ? g : h->size;
}

/* Does the code at the reference read or write memory there (1)? */
static int field_memory(struct module *mod, const struct ref *r)
{
	struct code_view v;

	if (!mod->arch->field_memory || (r->type & REF_RESOLVED) ||
	    r->src_obj == NO_OBJECT || !module_code_view(mod, r->src_sec, &v))
		return -1;
	return mod->arch->field_memory(&v, mod->objects[r->src_obj].start,
				       r->src_off);
}

/*
 * Code at the reference loads the holder's address into a register: do
 * the reads through it (k + disp, stepped by the function's strides and
 * the holder's element size) reach the member?  -1: cannot tell.
 */
static int reads_member(struct module *mod, const struct ref *r, uint64_t k,
			uint64_t member, uint64_t stride)
{
	const struct object *f;
	struct code_view v;
	struct addr_uses u;
	int64_t step;
	unsigned int i;

	if (!mod->arch->address_uses || (r->type & REF_RESOLVED) ||
	    r->src_obj == NO_OBJECT || !stride)
		return -1;
	f = &mod->objects[r->src_obj];
	if (!module_code_view(mod, r->src_sec, &v) ||
	    mod->arch->address_uses(&v, f->start, f->start + f->size,
				    r->src_off, &u))
		return -1;
	step = (int64_t)stride_gcd(stride, u.stride);
	for (i = 0; i < u.n; i++) {
		int64_t at = (int64_t)k + u.disp[i] - (int64_t)member;

		if (((at % step) + step) % step == 0)
			return 1;
	}
	return 0;
}

/*
 * Who refers to the holder of the pointer at member 'member' (of
 * elements of 'stride' bytes), and what that makes of the pointer.
 */
static struct holder_uses judge_uses(struct module *mod,
				     const struct module_notes *notes,
				     uint32_t holder, uint64_t member,
				     uint64_t stride)
{
	const struct object *h = &mod->objects[holder];
	unsigned int ptr_size = mod->elf.elfclass == ELFCLASS64 ? 8 : 4;
	struct holder_uses u = { LINK_INIT_ONLY, NO_REF };
	const struct reads_fact *rf;
	size_t i;

	for (i = 0; i < mod->nrefs; i++) {
		const struct ref *r = &mod->refs[i];
		const struct section_facts *src = &mod->sec[r->src_sec].facts;
		uint64_t k;
		int memory;

		if (r->dst_obj != holder || r->src_obj == holder ||
		    src->class == SEC_UNLOADED)
			continue;
		if (!section_is_code(mod, r->src_sec) ||
		    (src->flags & SR_ROUTE))
			return (struct holder_uses){ LINK_STORED, i };
		k = r->dst_off - h->start;
		memory = field_memory(mod, r);
		if (memory == 2)	/* only compared with: a loop's end */
			continue;
		if (src->class == SEC_INIT) {
			/* Init code that reads it is done with it. */
			if (notes || memory == 1 ||
			    reads_member(mod, r, k, member, stride) >= 0)
				continue;
			return (struct holder_uses){ LINK_INIT_ADDRESS, i };
		}
		/* The plugin saw which bytes the function accesses. */
		rf = notes && r->src_obj != NO_OBJECT ?
		     notes_reads(notes, holder, r->src_obj) : NULL;
		if (rf && !(rf->flags & KOTEST_READS_OPAQUE)) {
			if (notes_reads_cover(notes, rf, member, ptr_size))
				return (struct holder_uses){ LINK_NOTED_READ,
							     i };
			if (u.via == NO_REF)
				u = (struct holder_uses){ LINK_NOTED_OTHER, i };
			continue;
		}
		/* An address walked in a register: its reads tell. */
		if (memory == 0 && r->dst_off >= h->start) {
			int hit = reads_member(mod, r, k, member, stride);

			if (hit > 0)
				return (struct holder_uses){ LINK_READ, i };
			if (hit == 0) {
				if (u.via == NO_REF)
					u = (struct holder_uses){
						LINK_OTHER_MEMBERS, i };
				continue;
			}
		}
		if (r->dst_off < h->start ||
		    (stride ? k % stride == member % stride : k == member))
			return (struct holder_uses){
				memory == 0 ? LINK_TAKEN : LINK_READ, i };
		if (k == 0 && memory != 1)
			return (struct holder_uses){ LINK_TAKEN, i };
		if (u.via == NO_REF)
			u = (struct holder_uses){ LINK_OTHER_MEMBERS, i };
	}
	return u;
}

static struct link judge(struct module *mod, const struct module_notes *notes,
			 const struct findings *f, uint32_t ref)
{
	const struct ref *r = &mod->refs[ref];
	struct link l = { .ref = ref, .via = NO_REF };
	const struct object *h;
	struct holder_uses u;

	if (r->src_obj == NO_OBJECT) {
		l.reason = LINK_NO_HOLDER;
		return l;
	}
	h = &mod->objects[r->src_obj];
	if (section_is_code(mod, h->section)) {
		l.reason = LINK_CODE;
		return l;
	}
	if (mod->sec[h->section].facts.flags & SR_ROOT) {
		l.reason = LINK_WALKED;
		return l;
	}
	if (notes && notes_escape(notes, r->src_obj)) {
		l.reason = LINK_ESCAPES;
		return l;
	}
	l.stride = (uint32_t)holder_stride(mod, f, r->src_obj);
	u = judge_uses(mod, notes, r->src_obj, r->src_off - h->start,
		       l.stride);
	l.reason = u.reason;
	l.via = u.via;
	return l;
}

int classify_links(struct module *mod, const struct module_notes *notes,
		   struct findings *f)
{
	size_t n = f->ninit_pointers, i;

	free(f->dangerous);
	free(f->dangling);
	f->ndangerous = f->ndangling = 0;
	f->dangerous = calloc(n + 1, sizeof(*f->dangerous));
	f->dangling = calloc(n + 1, sizeof(*f->dangling));
	if (!f->dangerous || !f->dangling)
		return module_fail(mod, "out of memory");
	for (i = 0; i < n; i++) {
		struct link l = judge(mod, notes, f, f->init_pointers[i]);

		if (link_is_dangling(&l))
			f->dangling[f->ndangling++] = l;
		else
			f->dangerous[f->ndangerous++] = l;
	}
	f->totals.dangerous = f->ndangerous;
	f->totals.dangling = f->ndangling;
	return 0;
}

const char *link_reason_name(const struct link *l)
{
	static const char *const names[] = {
		[LINK_NO_HOLDER] = "no-holder", [LINK_CODE] = "code",
		[LINK_WALKED] = "walked", [LINK_ESCAPES] = "escapes",
		[LINK_STORED] = "stored", [LINK_TAKEN] = "address-taken",
		[LINK_READ] = "read", [LINK_INIT_ADDRESS] = "init-address",
		[LINK_INIT_ONLY] = "init-only",
		[LINK_OTHER_MEMBERS] = "other-members",
		[LINK_NOTED_READ] = "noted-read",
		[LINK_NOTED_OTHER] = "noted-other-members",
	};

	return l->reason < sizeof(names) / sizeof(names[0]) ?
	       names[l->reason] : "?";
}

/* The name of object obj, or of the section at the reference. */
static const char *place_name(const struct module *mod, uint32_t obj,
			      uint32_t sec)
{
	const char *name = obj == NO_OBJECT ? NULL :
			   object_name(mod, &mod->objects[obj]);

	return name ? name : section_name(mod, sec);
}

void link_explain(const struct module *mod, const struct link *l, char *buf,
		  size_t size)
{
	const struct ref *r = &mod->refs[l->ref];
	const struct ref *v = l->via == NO_REF ? NULL : &mod->refs[l->via];
	const char *holder = place_name(mod, r->src_obj, r->src_sec);
	const char *user = v ? place_name(mod, v->src_obj, v->src_sec) : "";
	uint64_t start = r->src_obj == NO_OBJECT ? 0 :
			 mod->objects[r->src_obj].start;

	switch (l->reason) {
	case LINK_NO_HOLDER:
		snprintf(buf, size, "no object holds it");
		break;
	case LINK_CODE:
		snprintf(buf, size, "code that runs after init refers to it");
		break;
	case LINK_WALKED:
		snprintf(buf, size, "the kernel reads %s",
			 section_name(mod, r->src_sec));
		break;
	case LINK_ESCAPES:
		snprintf(buf, size, "the address of %s escapes (plugin note)",
			 holder);
		break;
	case LINK_STORED:
		snprintf(buf, size, "%s holds the address of %s", user,
			 holder);
		break;
	case LINK_TAKEN:
		snprintf(buf, size, "%s takes the address of %s", user,
			 holder);
		break;
	case LINK_READ:
		snprintf(buf, size, "%s reads it", user);
		break;
	case LINK_INIT_ADDRESS:
		snprintf(buf, size, "init code (%s) takes the address of %s: "
			 "--use-notes with the plugin tells where it goes",
			 user, holder);
		break;
	case LINK_INIT_ONLY:
		snprintf(buf, size, "only init code reads %s", holder);
		break;
	case LINK_OTHER_MEMBERS:
		snprintf(buf, size, "after init, %s uses other members of %s "
			 "only (the pointer is at +0x%llx of each %u-byte "
			 "element)", user, holder,
			 (unsigned long long)((r->src_off - start) %
					      (l->stride ? l->stride : 1)),
			 l->stride);
		break;
	case LINK_NOTED_READ:
		snprintf(buf, size, "%s reads it (plugin note)", user);
		break;
	case LINK_NOTED_OTHER:
		snprintf(buf, size, "after init, %s accesses other bytes of %s "
			 "only (plugin note; the pointer is at +0x%llx)", user,
			 holder, (unsigned long long)(r->src_off - start));
		break;
	default:
		snprintf(buf, size, "?");
	}
}
