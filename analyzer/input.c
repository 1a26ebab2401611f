// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading inputs.  Plain files are read into a buffer of the thread's
 * (very large ones are mapped MAP_PRIVATE), so libelf may touch the bytes
 * without the file ever changing; compressed modules are inflated into a
 * buffer with the same libraries kmod uses.  Of a large plain file only
 * the first IMAGE_HEAD bytes are read at first: the ELF reader asks for
 * the rest, section by section (image_fill()).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <lzma.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "input.h"

/* No module comes close; a larger output is a decompression bomb. */
#define MAX_IMAGE ((size_t)1 << 30)

static int grow(unsigned char **buf, size_t *cap)
{
	size_t ncap = *cap ? *cap * 2 : 1 << 20;
	unsigned char *n;

	if (*cap >= MAX_IMAGE)
		return -1;
	if (ncap > MAX_IMAGE)
		ncap = MAX_IMAGE;
	n = realloc(*buf, ncap);
	if (!n)
		return -1;
	*buf = n;
	*cap = ncap;
	return 0;
}

static int unxz(const unsigned char *in, size_t len, struct image *img,
		char *err, size_t errlen)
{
	lzma_stream strm = LZMA_STREAM_INIT;
	unsigned char *buf = NULL;
	size_t cap = 0;
	lzma_ret ret;

	if (lzma_stream_decoder(&strm, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK) {
		snprintf(err, errlen, "xz: cannot start the decoder");
		return -1;
	}
	strm.next_in = in;
	strm.avail_in = len;
	do {
		if (strm.avail_out == 0) {
			size_t used = cap;

			if (grow(&buf, &cap)) {
				snprintf(err, errlen, "xz: output too large");
				goto fail;
			}
			strm.next_out = buf + used;
			strm.avail_out = cap - used;
		}
		ret = lzma_code(&strm, LZMA_FINISH);
	} while (ret == LZMA_OK);
	if (ret != LZMA_STREAM_END) {
		snprintf(err, errlen, "xz: %s",
			 ret == LZMA_BUF_ERROR ? "truncated data" : "corrupt data");
		goto fail;
	}
	img->data = buf;
	img->size = strm.total_out;
	lzma_end(&strm);
	return 0;
fail:
	lzma_end(&strm);
	free(buf);
	return -1;
}

static int unzstd(const unsigned char *in, size_t len, struct image *img,
		  char *err, size_t errlen)
{
	ZSTD_DStream *ds = ZSTD_createDStream();
	ZSTD_inBuffer ib = { in, len, 0 };
	ZSTD_outBuffer ob = { NULL, 0, 0 };
	unsigned char *buf = NULL;
	size_t cap = 0, r = 1;

	if (!ds) {
		snprintf(err, errlen, "zstd: cannot start the decoder");
		return -1;
	}
	while (r != 0) {
		if (ob.pos == ob.size) {
			if (grow(&buf, &cap)) {
				snprintf(err, errlen, "zstd: output too large");
				goto fail;
			}
			ob.dst = buf;
			ob.size = cap;
		}
		r = ZSTD_decompressStream(ds, &ob, &ib);
		if (ZSTD_isError(r)) {
			snprintf(err, errlen, "zstd: %s", ZSTD_getErrorName(r));
			goto fail;
		}
		if (r != 0 && ib.pos == ib.size && ob.pos < ob.size) {
			snprintf(err, errlen, "zstd: truncated data");
			goto fail;
		}
	}
	img->data = buf;
	img->size = ob.pos;
	ZSTD_freeDStream(ds);
	return 0;
fail:
	ZSTD_freeDStream(ds);
	free(buf);
	return -1;
}

static int ungzip(const unsigned char *in, size_t len, struct image *img,
		  char *err, size_t errlen)
{
	z_stream zs;
	unsigned char *buf = NULL;
	size_t cap = 0;
	int ret;

	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
		snprintf(err, errlen, "gzip: cannot start the decoder");
		return -1;
	}
	zs.next_in = (unsigned char *)in;
	zs.avail_in = len > UINT32_MAX ? UINT32_MAX : len;
	do {
		if (zs.avail_out == 0) {
			size_t used = cap;

			if (grow(&buf, &cap)) {
				snprintf(err, errlen, "gzip: output too large");
				goto fail;
			}
			zs.next_out = buf + used;
			zs.avail_out = cap - used;
		}
		ret = inflate(&zs, Z_NO_FLUSH);
	} while (ret == Z_OK);
	if (ret != Z_STREAM_END) {
		snprintf(err, errlen, "gzip: %s",
			 ret == Z_BUF_ERROR ? "truncated data" : "corrupt data");
		goto fail;
	}
	img->data = buf;
	img->size = zs.total_out;
	inflateEnd(&zs);
	return 0;
fail:
	inflateEnd(&zs);
	free(buf);
	return -1;
}

static int read_all(int fd, struct image *img, char *err, size_t errlen)
{
	unsigned char *buf = NULL;
	size_t cap = 0, len = 0;
	ssize_t n;

	for (;;) {
		if (len == cap && grow(&buf, &cap)) {
			snprintf(err, errlen, "file too large");
			free(buf);
			return -1;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errlen, "%s", strerror(errno));
			free(buf);
			return -1;
		}
		if (n == 0)
			break;
		len += n;
	}
	img->data = buf;
	img->size = len;
	return 0;
}

/*
 * Each thread reads its modules into one buffer that it keeps.  Mapping
 * them is no cheaper: the page faults cost what the copy does, and every
 * munmap() of a process with several threads interrupts the other CPUs to
 * flush their TLBs.  Only files larger than READ_BUFFER_MAX are mapped.
 */
#define READ_BUFFER_MAX ((size_t)64 << 20)
static __thread unsigned char *read_buffer;
static __thread size_t read_buffer_cap;

void image_buffer_release(void)
{
	free(read_buffer);
	read_buffer = NULL;
	read_buffer_cap = 0;
}

/*
 * Make the thread's buffer hold at least 'size' bytes, keeping its first
 * 'keep'.  In huge pages where the kernel has them: the buffer grows to
 * the largest module's size, and the first touch of each 4 KB page was a
 * page fault.
 */
#define HUGE_PAGE ((size_t)2 << 20)

static int buffer_reserve(size_t size, size_t keep)
{
	size_t cap = read_buffer_cap ? read_buffer_cap : HUGE_PAGE;
	unsigned char *b;

	if (size <= read_buffer_cap)
		return 0;
	while (cap < size)
		cap *= 2;
	b = aligned_alloc(HUGE_PAGE, cap);
	if (!b)
		return -1;
	madvise(b, cap, MADV_HUGEPAGE);	/* a hint: no matter if refused */
	if (keep)
		memcpy(b, read_buffer, keep);
	free(read_buffer);
	read_buffer = b;
	read_buffer_cap = cap;
	return 0;
}

/* pread() until 'len' bytes or the end of the file; bytes read or -1. */
static ssize_t pread_full(int fd, unsigned char *buf, size_t len, uint64_t off)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(fd, buf + done, len - done, off + done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		done += n;
	}
	return done;
}

/* Files up to this size are read whole, with one read and no fstat(). */
#define IMAGE_HEAD ((size_t)64 << 10)

/* Record [start, end) as read; false when there is no room to. */
static bool mark_loaded(struct image *img, size_t start, size_t end)
{
	size_t i = 0, j;

	while (i < img->nloaded && img->loaded[i].end < start)
		i++;
	/* Merge with every range it touches. */
	for (j = i; j < img->nloaded && img->loaded[j].start <= end; j++) {
		if (img->loaded[j].start < start)
			start = img->loaded[j].start;
		if (img->loaded[j].end > end)
			end = img->loaded[j].end;
	}
	if (j > i) {
		img->loaded[i].start = start;
		img->loaded[i].end = end;
		memmove(&img->loaded[i + 1], &img->loaded[j],
			(img->nloaded - j) * sizeof(img->loaded[0]));
		img->nloaded -= j - i - 1;
		return true;
	}
	if (img->nloaded == IMAGE_RANGES)
		return false;
	memmove(&img->loaded[i + 1], &img->loaded[i],
		(img->nloaded - i) * sizeof(img->loaded[0]));
	img->loaded[i].start = start;
	img->loaded[i].end = end;
	img->nloaded++;
	return true;
}

static int fill_gap(struct image *img, size_t start, size_t end)
{
	ssize_t n = pread_full(img->fd, img->data + start, end - start, start);

	if (n < 0)
		return -1;
	if ((size_t)n < end - start) {
		errno = ENODATA;	/* the file shrank */
		return -1;
	}
	return 0;
}

int image_fill(void *ctx, uint64_t off, uint64_t len)
{
	struct image *img = ctx;
	size_t pos = off, end, i;

	if (img->fd < 0 || !len)
		return 0;
	if (off > img->size || len > img->size - off) {
		errno = EINVAL;
		return -1;
	}
	end = off + len;
	for (i = 0; i < img->nloaded && pos < end; i++) {
		const size_t start = img->loaded[i].start;

		if (img->loaded[i].end <= pos)
			continue;
		if (start > pos &&
		    fill_gap(img, pos, start < end ? start : end))
			return -1;
		pos = img->loaded[i].end;
	}
	if (pos < end && fill_gap(img, pos, end))
		return -1;
	/*
	 * Bytes once read are never read again (libelf may have converted
	 * them in place): out of room to remember, read all that is left.
	 */
	if (!mark_loaded(img, off, end))
		return image_fill(img, 0, img->size);
	return 0;
}

/*
 * A regular file: its first IMAGE_HEAD bytes, and when there is more, the
 * file stays open for image_fill() (the buffer has room for all of it).
 * Returns 1 when the file is no regular file.
 */
static int read_head(int fd, struct image *img, char *err, size_t errlen)
{
	struct stat st;
	ssize_t n;

	if (buffer_reserve(IMAGE_HEAD, 0)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	n = pread_full(fd, read_buffer, IMAGE_HEAD, 0);
	if (n < 0 && errno == ESPIPE)
		return 1;
	if (n < 0) {
		snprintf(err, errlen, "%s",
			 errno == EISDIR ? "is a directory" : strerror(errno));
		return -1;
	}
	img->data = read_buffer;
	img->size = n;
	img->borrowed = true;
	if ((size_t)n < IMAGE_HEAD)
		return 0;
	if (fstat(fd, &st)) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode))
		return 1;
	if ((size_t)st.st_size <= IMAGE_HEAD)
		return 0;	/* shrank while we read it: what we have */
	if ((uint64_t)st.st_size > READ_BUFFER_MAX) {
		/* Private and writable for libelf, never written back. */
		img->data = mmap(NULL, st.st_size, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE, fd, 0);
		if (img->data == MAP_FAILED) {
			snprintf(err, errlen, "%s", strerror(errno));
			return -1;
		}
		img->borrowed = false;
		img->map_size = img->size = st.st_size;
		return 0;
	}
	if (buffer_reserve(st.st_size, IMAGE_HEAD)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	img->data = read_buffer;
	img->size = st.st_size;
	img->loaded[0].start = 0;
	img->loaded[0].end = IMAGE_HEAD;
	img->nloaded = 1;
	img->fd = fd;
	return 0;
}

int image_load(const char *path, struct image *img, char *err, size_t errlen)
{
	static const unsigned char xz_magic[] = { 0xfd, '7', 'z', 'X', 'Z', 0 };
	static const unsigned char zstd_magic[] = { 0x28, 0xb5, 0x2f, 0xfd };
	static const unsigned char gz_magic[] = { 0x1f, 0x8b };
	struct image raw = { .fd = -1 };
	int fd, ret;

	memset(img, 0, sizeof(*img));
	img->fd = -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	ret = read_head(fd, &raw, err, errlen);
	if (ret > 0) {
		/* Pipes and devices: read to the end, as they come. */
		memset(&raw, 0, sizeof(raw));
		raw.fd = -1;
		ret = read_all(fd, &raw, err, errlen);
	}
	if (ret) {
		close(fd);
		return -1;
	}
	if (raw.fd < 0)
		close(fd);
	/* A compressed module is inflated whole. */
	if (raw.fd >= 0 && raw.size >= sizeof(xz_magic) &&
	    (!memcmp(raw.data, xz_magic, sizeof(xz_magic)) ||
	     !memcmp(raw.data, zstd_magic, sizeof(zstd_magic)) ||
	     !memcmp(raw.data, gz_magic, sizeof(gz_magic)))) {
		if (image_fill(&raw, 0, raw.size)) {
			snprintf(err, errlen, "%s", strerror(errno));
			image_release(&raw);
			return -1;
		}
		close(raw.fd);
		raw.fd = -1;
	}

	if (raw.size >= sizeof(xz_magic) &&
	    !memcmp(raw.data, xz_magic, sizeof(xz_magic)))
		ret = unxz(raw.data, raw.size, img, err, errlen);
	else if (raw.size >= sizeof(zstd_magic) &&
		 !memcmp(raw.data, zstd_magic, sizeof(zstd_magic)))
		ret = unzstd(raw.data, raw.size, img, err, errlen);
	else if (raw.size >= sizeof(gz_magic) &&
		 !memcmp(raw.data, gz_magic, sizeof(gz_magic)))
		ret = ungzip(raw.data, raw.size, img, err, errlen);
	else {
		*img = raw;
		return 0;
	}
	image_release(&raw);
	return ret;
}

void image_release(struct image *img)
{
	if (img->fd >= 0)
		close(img->fd);
	if (img->borrowed)
		;		/* the thread's buffer: kept for its next file */
	else if (img->map_size)
		munmap(img->data, img->map_size);
	else
		free(img->data);
	memset(img, 0, sizeof(*img));
	img->fd = -1;
}
