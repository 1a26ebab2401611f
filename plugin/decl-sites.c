// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * decl-sites.c - where each object is declared, for kotest --fix.
 *
 * To annotate an object (__init, __initdata, __initconst) the edit must
 * reach every declaration of it that the unit saw: the definition and each
 * prior declaration (a forward declaration, a prototype in a header), or
 * GCC rejects the mismatch or keeps the first one's section.  The C front
 * end merges a redeclaration into the first decl and keeps one location,
 * so the locations are taken as the declarations are parsed
 * (PLUGIN_FINISH_DECL; a function definition is DECL_SOURCE_LOCATION at
 * the end).
 *
 * A site's line and column are those of the declarator's name.  A
 * declaration that a macro expansion made (DEFINE_SPINLOCK(x),
 * module_platform_driver(x)) is recorded at the expansion point, with the
 * outermost macro's name: no edit of the source reaches it.
 */

#include "gcc-common.h"
#include "kotest.h"
#include "escape.h"
#include "decl-sites.h"

struct parsed_decl {
	location_t loc;
	int next;		/* the decl's previous declaration, or -1 */
};

/*
 * Every declaration of a function or a static variable as it was parsed,
 * chained per decl from the last one (last_parsed).
 */
static vec<parsed_decl> parsed;
static hash_map<tree, int> *last_parsed;

static void record_decl(void *gcc_data, void *user_data ATTRIBUTE_UNUSED)
{
	tree decl = (tree)gcc_data;
	parsed_decl p;
	int *last;

	if (TREE_CODE(decl) == VAR_DECL) {
		if (!TREE_STATIC(decl) && !DECL_EXTERNAL(decl))
			return;
	} else if (TREE_CODE(decl) != FUNCTION_DECL) {
		return;
	}
	if (!last_parsed)
		last_parsed = new hash_map<tree, int>;
	last = last_parsed->get(decl);
	p.loc = DECL_SOURCE_LOCATION(decl);
	p.next = last ? *last : -1;
	parsed.safe_push(p);
	last_parsed->put(decl, parsed.length() - 1);
}

/* The outermost macro whose expansion holds LOC, or NULL. */
static const char *outermost_macro(location_t loc)
{
	const char *name = NULL;

	while (linemap_location_from_macro_expansion_p(line_table, loc)) {
		const line_map *map = linemap_lookup(line_table, loc);

		name = linemap_map_get_macro_name(linemap_check_macro(map));
		loc = linemap_unwind_toward_expansion(line_table, loc, &map);
	}
	return name;
}

static bool declared_const(tree decl)
{
	tree type = TREE_TYPE(decl);

	while (type && TREE_CODE(type) == ARRAY_TYPE)
		type = TREE_TYPE(type);
	return type && TYPE_READONLY(type);
}

static void add_site(vec<kotest_decl_site> *out, location_t loc,
		     unsigned int flags)
{
	kotest_decl_site s;
	expanded_location xl;
	const char *macro = outermost_macro(loc);
	unsigned int i;

	if (macro) {
		loc = linemap_resolve_location(line_table, loc,
					       LRK_MACRO_EXPANSION_POINT, NULL);
		flags |= KOTEST_SITE_MACRO;
	}
	xl = expand_location(loc);
	if (!xl.file || !xl.line)
		return;
	s.flags = flags;
	s.line = xl.line;
	s.column = xl.column;
	s.file = kotest_remap_file(xl.file);
	s.macro = macro ? macro : "";
	/* A redeclaration on the same line (or a macro's twice) is one site. */
	for (i = 0; i < out->length(); i++) {
		kotest_decl_site &o = (*out)[i];

		if (o.line == s.line && o.column == s.column &&
		    !strcmp(o.file, s.file)) {
			o.flags |= s.flags;
			return;
		}
	}
	out->safe_push(s);
}

static int cmp_sites(const void *a, const void *b)
{
	const kotest_decl_site *x = (const kotest_decl_site *)a;
	const kotest_decl_site *y = (const kotest_decl_site *)b;
	int c = strcmp(x->file, y->file);

	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->column < y->column ? -1 : x->column > y->column;
}

void kotest_decl_sites(tree decl, vec<kotest_decl_site> *out)
{
	unsigned int flags = 0;
	int *last, k;

	if (TREE_CODE(decl) == FUNCTION_DECL)
		flags |= KOTEST_SITE_FUNCTION;
	else if (declared_const(decl))
		flags |= KOTEST_SITE_CONST;
	if (lookup_attribute("section", DECL_ATTRIBUTES(decl)))
		flags |= KOTEST_SITE_SECTION;
	if (DECL_CONTEXT(decl) &&
	    TREE_CODE(DECL_CONTEXT(decl)) == FUNCTION_DECL)
		flags |= KOTEST_SITE_LOCAL;
	if (TREE_PUBLIC(decl))
		flags |= KOTEST_SITE_PUBLIC;

	add_site(out, DECL_SOURCE_LOCATION(decl), flags | KOTEST_SITE_DEFINITION);
	last = last_parsed ? last_parsed->get(decl) : NULL;
	for (k = last ? *last : -1; k >= 0; k = parsed[k].next)
		add_site(out, parsed[k].loc, flags);
	out->qsort(cmp_sites);
}

void kotest_decl_sites_init(const char *plugin_name)
{
	register_callback(plugin_name, PLUGIN_FINISH_DECL, record_decl, NULL);
}
