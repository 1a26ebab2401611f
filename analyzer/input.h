/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inputs: module files read into private memory (decompressed when they
 * are .xz, .zst or .gz, as kmod does).
 */
#ifndef KOTEST_INPUT_H
#define KOTEST_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include <stdint.h>

/* Byte ranges of a partly read image that hold the file's bytes. */
#define IMAGE_RANGES 32

struct image {
	unsigned char *data;
	size_t size;
	size_t map_size;	/* non-zero: data is a private mapping */
	bool borrowed;		/* data is the thread's read buffer */
	/*
	 * Partly read (fd >= 0): only 'loaded' holds the file's bytes, and
	 * image_fill() reads more.  The analysis skips most of the bytes of
	 * a large module (BTF, ORC, ...): they are never copied.
	 */
	int fd;
	size_t nloaded;
	struct { size_t start, end; } loaded[IMAGE_RANGES];
};

/*
 * Read 'path' into img (all of it, or only its first part when it is a
 * large plain file); on failure write a one-line reason into err.
 */
int image_load(const char *path, struct image *img, char *err, size_t errlen);
/*
 * Make bytes [off, off + len) of img hold the file's contents ('ctx' is
 * the image: this is an elf_reader's fill function).  Returns -1 with
 * errno set when they cannot be read.
 */
int image_fill(void *ctx, uint64_t off, uint64_t len);
void image_release(struct image *img);
/* Free the calling thread's read buffer (when it reads no more). */
void image_buffer_release(void);

#endif
