/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * escape.h - what escape.c (which looks at the code) hands to note-out.c
 * (which writes .note.kotest at the end of the translation unit).
 *
 * Objects are trees: a VAR_DECL with static storage (globals, function-local
 * statics, compound literals), a FUNCTION_DECL or a STRING_CST.  Every tree
 * kept here is also kept alive for the garbage collector (kotest_keep_tree()):
 * a function's body, and its string constants with it, is freed long
 * before the end of the unit.
 */
#ifndef KOTEST_ESCAPE_H
#define KOTEST_ESCAPE_H

/* One way an object's address leaves the code (include/kotest-note.h). */
struct kotest_escape_fact {
	tree object;
	unsigned int kind;		/* enum kotest_escape */
	unsigned int arg;		/* 1-based, for KOTEST_ESCAPE_PASSED */
	unsigned int line;
	const char *sink;		/* xstrdup()ed, like the two below */
	const char *function;
	const char *file;		/* already remapped */
	tree callee;			/* PASSED to a direct call: the
					   callee, else NULL_TREE */
};

/* An address stored by code into a static object of an init section. */
struct kotest_container_edge {
	tree container;
	tree object;
	unsigned int line;
	const char *function;
	const char *file;
};

/* What one function body references: objects, callees, strings. */
struct kotest_func_refs {
	tree decl;
	vec<tree> refs;			/* heap vector, no duplicates */
	vec<tree> params;		/* its PARM_DECLs, in order */
};

extern vec<kotest_escape_fact> kotest_escapes;
/* Where the facts of the function escape.c saw last start. */
extern unsigned int kotest_escapes_of_function;
extern vec<kotest_container_edge> kotest_containers;
extern vec<kotest_func_refs> kotest_funcs;

/*
 * place.c, before any body is expanded: add to OUT the objects whose
 * address escapes from FNDECL's body as it is now (a container edge
 * counts as an escape); false if it has no body in SSA form.
 */
bool kotest_escaping_objects(tree fndecl, hash_set<tree> *out);

/*
 * note-out.c: is escape fact F only a pass to a function of the unit whose
 * parameter does not escape from its body?  A PARM_DECL as a fact's object
 * is that parameter's escape, from the callee's body (escape.c follows
 * values back to the parameters too).
 */
bool kotest_escape_droppable(const kotest_escape_fact *f);
void kotest_param_escapes(void);

/*
 * Did the back end give function DECL an ENDBR (x86 -fcf-protection=branch:
 * not only called directly when it was compiled)?
 */
bool kotest_had_endbr(tree decl);

/* Keep T alive until the end of the unit. */
void kotest_keep_tree(tree t);

/* The addresses a static initializer holds (objects as above), appended
 * to OUT. */
void kotest_initializer_refs(tree init, vec<tree> *out);

/* FILE as -ffile-prefix-map / -fdebug-prefix-map / -fmacro-prefix-map
 * want it written. */
const char *kotest_remap_file(const char *file);

/* The object's name for a sink or a DECL record ("(string)", ...). */
const char *kotest_object_name(tree t);

/* note-out.c: write .note.kotest at PLUGIN_FINISH_UNIT. */
void kotest_note_finish(void *gcc_data, void *user_data);

#endif /* KOTEST_ESCAPE_H */
