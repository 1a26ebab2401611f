/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * place.h - what place.c moved, for note-out.c's KOTEST_NOTE_PLACED records.
 */
#ifndef KOTEST_PLACE_H
#define KOTEST_PLACE_H

struct kotest_placed_object {
	tree decl;		/* a function, a variable or a string's copy */
	unsigned int kind;	/* enum kotest_placed_kind */
};

extern vec<kotest_placed_object> kotest_placed;

#endif /* KOTEST_PLACE_H */
