// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The fuzz target's checks without libFuzzer (any compiler, no clang):
 * run LLVMFuzzerTestOneInput() on each file named, as the test suite does
 * with the inputs the fuzzer found and with modules larger than the first
 * read.
 *
 *   make -C analyzer fuzz/replay-module && analyzer/fuzz/replay-module FILE...
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		unsigned char *data = NULL;
		size_t size = 0, cap = 0, n;

		if (!f) {
			perror(argv[i]);
			return 2;
		}
		do {
			if (size == cap) {
				cap = cap ? cap * 2 : 1 << 16;
				data = realloc(data, cap);
				if (!data)
					abort();
			}
			n = fread(data + size, 1, cap - size, f);
			size += n;
		} while (n);
		fclose(f);
		LLVMFuzzerTestOneInput(data, size);
		free(data);
	}
	printf("replay-module: %d inputs\n", argc - 1);
	return 0;
}
