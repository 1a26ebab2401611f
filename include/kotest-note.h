/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The .note.kotest format, shared by the GCC plugin (which writes it) and
 * the analyzer (which reads it with --use-notes).
 *
 * A non-allocated SHT_NOTE section ".note.kotest": the kernel never loads
 * it, so it costs no memory at run time, and it survives the module link
 * and strip --strip-debug.  It holds standard ELF note records (namesz,
 * descsz, type, name "kotest", desc; name and desc padded to 4 bytes), in
 * the target's byte order.  Every desc starts with the format version.
 *
 * Objects are named by a relocation, not by a name: the record's "object"
 * field is a pointer-sized word (4 or 8 bytes, as the target's pointers)
 * that a relocation in .rela.note.kotest (or .rel.note.kotest) points at
 * the object.  That identifies static objects of the same name in two
 * files of one module, function-local statics, string literals and
 * compound literals exactly, and it follows the object through the link.
 * One exception: x86 with IBT, where objtool takes a data relocation to a
 * function's start for an indirect branch target, names a function whose
 * address is not taken by its symbol instead (the "symbol" string of DECL
 * and SITE records, KOTEST_SITE_BY_SYMBOL, the object word 0 and no
 * relocation); a local symbol is looked up among those of the unit (the
 * STT_FILE group of the unit's source file) when its name is not unique.
 * A second: an ESCAPE of an object defined in another unit (a thread
 * function of another file started by this unit's init code) names it by
 * its global symbol, object word 0: a relocation against it would make an
 * undefined symbol when the object is the kernel's.
 *
 * Strings are NUL-terminated, one after another, at the end of the desc.
 * File names follow -ffile-prefix-map, so builds stay reproducible.
 */
#ifndef KOTEST_NOTE_H
#define KOTEST_NOTE_H

#define KOTEST_NOTE_SECTION	".note.kotest"
#define KOTEST_NOTE_NAME	"kotest"
#define KOTEST_NOTE_VERSION	1

/* Note types. */
enum kotest_note_type {
	/*
	 * One per translation unit.
	 * desc: u32 version; u32 reserved; strings: producer, source file.
	 */
	KOTEST_NOTE_UNIT = 1,
	/*
	 * The address of an object escapes from the code that is finally
	 * emitted (after inlining).
	 * desc: u32 version; u32 kind (enum kotest_escape); u32 arg (the
	 * argument index for KOTEST_ESCAPE_PASSED, else 0); u32 line;
	 * ptr object; strings: sink ("ip_vs_genl_family.ops",
	 * "debugfs_create_file"), function, file, symbol ("" when the
	 * object word names it; else the global symbol of an object
	 * another unit defines).
	 */
	KOTEST_NOTE_ESCAPE = 2,
	/*
	 * Where a global object that init code uses is declared.
	 * desc: u32 version; u32 line; ptr object; strings: name, file,
	 * symbol.
	 */
	KOTEST_NOTE_DECL = 3,
	/*
	 * One declaration of an object with a DECL record: the definition
	 * or a prior declaration (kotest --fix edits each of them).
	 * desc: u32 version; u32 flags (KOTEST_SITE_*); u32 line; u32
	 * column (1-based, bytes) of the declarator's name, or of the macro
	 * call that made the declaration; ptr object; strings: name, symbol,
	 * file, macro (the outermost macro, "" for none).
	 */
	KOTEST_NOTE_SITE = 4,
	/*
	 * An object the plugin moved into an init section itself
	 * (-fplugin-arg-kotest-place): it is freed after init without an
	 * annotation.  desc: u32 version; u32 kind (enum
	 * kotest_placed_kind); ptr object (0: named by symbol, as in SITE
	 * records); strings: symbol, name.
	 */
	KOTEST_NOTE_PLACED = 5,
	/*
	 * What one function that runs after init (not in an init section)
	 * accesses of a variable that holds the address of an init object:
	 * kotest tells the pointers nobody reads after init from the others.
	 * desc: u32 version; u32 flags (enum kotest_reads_flags); u32 count;
	 * u32 reserved; ptr object; count times { s32 offset; u32 size; u32
	 * stride }: bytes offset + k * stride .. + size for every k (stride
	 * 0: offset itself; size 0xffffffff: unknown); strings: the
	 * function's symbol.  No record: the function does not use the
	 * variable, or the unit was built without the plugin.
	 */
	KOTEST_NOTE_READS = 6,
};

enum kotest_reads_flags {
	/*
	 * The function uses the variable's address in a way the plugin does
	 * not follow (stores it, passes it on, returns it): no offsets.
	 */
	KOTEST_READS_OPAQUE = 1 << 0,
};

/* What a PLACED record moved (a bit each: also the plugin's KINDS). */
enum kotest_placed_kind {
	KOTEST_PLACED_FUNCTION = 1 << 0,
	KOTEST_PLACED_DATA = 1 << 1,
	KOTEST_PLACED_STRING = 1 << 2,
};

/* What a SITE record knows of the declaration and its object. */
enum kotest_site_flags {
	KOTEST_SITE_DEFINITION = 1 << 0,	/* this site defines it */
	KOTEST_SITE_FUNCTION = 1 << 1,
	KOTEST_SITE_CONST = 1 << 2,	/* declared const (the type, not
					   what GCC inferred) */
	KOTEST_SITE_SECTION = 1 << 3,	/* has a section attribute */
	KOTEST_SITE_MACRO = 1 << 4,	/* made by a macro expansion */
	KOTEST_SITE_LOCAL = 1 << 5,	/* a function-local static */
	KOTEST_SITE_PUBLIC = 1 << 6,	/* external linkage */
	KOTEST_SITE_CLONE = 1 << 7,	/* the object is a clone (.constprop,
					   .isra, .part) of the declared
					   function */
	KOTEST_SITE_BY_SYMBOL = 1 << 8,	/* named by symbol, not relocation */
};

/* How an address escapes. */
enum kotest_escape {
	KOTEST_ESCAPE_STORED = 1,	/* stored to memory that outlives it */
	KOTEST_ESCAPE_PASSED = 2,	/* passed to a function that may keep it */
	KOTEST_ESCAPE_RETURNED = 3,	/* returned to the caller */
	KOTEST_ESCAPE_ASM = 4,		/* used by inline assembly */
	KOTEST_ESCAPE_CONTAINER = 5,	/* in an init object whose own
					   address escapes */
};

/* Byte offsets in the desc of the record kinds with an object. */
#define KOTEST_ESCAPE_OBJECT_OFFSET	16
#define KOTEST_DECL_OBJECT_OFFSET	8
#define KOTEST_SITE_OBJECT_OFFSET	16
#define KOTEST_PLACED_OBJECT_OFFSET	8
#define KOTEST_READS_OBJECT_OFFSET	16

#endif
