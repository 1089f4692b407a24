// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Runs the fuzz target without libFuzzer, so every build tests it: each
 * corpus file as is, then a number of deterministic mutations of it (bit
 * flips, biased to the header and rings, and random 32-bit values).
 *   fuzz_region_replay [--mutations N] FILE|DIR...
 *   fuzz_region_replay --write-seeds DIR
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_region.h"

static uint32_t rng = 0x1234567u;

static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static int run_file(const char *path, unsigned mutations)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		perror(path);
		return -1;
	}
	fseek(fp, 0, SEEK_END);
	long len = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	uint8_t *data = malloc(len > 0 ? (size_t)len : 1);
	size_t size = len > 0 ? fread(data, 1, (size_t)len, fp) : 0;
	fclose(fp);

	LLVMFuzzerTestOneInput(data, size);
	uint8_t *m = malloc(size ? size : 1);
	for (unsigned i = 0; i < mutations && size; ++i) {
		memcpy(m, data, size);
		unsigned edits = 1 + next() % 8;
		for (unsigned e = 0; e < edits; ++e) {
			size_t span = next() % 2 ? (size < 8192 ? size : 8192) : size;
			size_t off = next() % span;
			if (next() % 3 == 0 && off + 4 <= size) {
				uint32_t v = next() % 2 ? next() : next() % 64;
				memcpy(m + off, &v, 4);
			} else {
				m[off] ^= (uint8_t)(1u << (next() % 8));
			}
		}
		LLVMFuzzerTestOneInput(m, size);
	}
	free(m);
	free(data);
	printf("%s: %zu bytes, %u mutations\n", path, size, mutations);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned mutations = 0;
	int files = 0;
	for (int i = 1; i < argc; ++i) {
		if (!strcmp(argv[i], "--write-seeds") && i + 1 < argc)
			return fuzz_write_seeds(argv[i + 1]) == 0 ? 0 : 1;
		if (!strcmp(argv[i], "--mutations") && i + 1 < argc) {
			mutations = (unsigned)strtoul(argv[++i], NULL, 10);
			continue;
		}
		struct stat st;
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			DIR *d = opendir(argv[i]);
			struct dirent *e;
			while (d && (e = readdir(d))) {
				if (e->d_name[0] == '.')
					continue;
				char path[4096];
				snprintf(path, sizeof(path), "%s/%s", argv[i], e->d_name);
				if (run_file(path, mutations) < 0)
					return 1;
				files++;
			}
			if (d)
				closedir(d);
		} else if (run_file(argv[i], mutations) < 0) {
			return 1;
		} else {
			files++;
		}
	}
	printf("%d inputs replayed: %lu runs, %lu connected, %lu frames and %lu cursors validated\n",
	       files, fuzz_region_stats.runs, fuzz_region_stats.connected,
	       fuzz_region_stats.frames, fuzz_region_stats.cursors);
	return files > 0 ? 0 : 1;
}
