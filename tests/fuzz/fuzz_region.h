/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef LGVIEW_FUZZ_REGION_H
#define LGVIEW_FUZZ_REGION_H

#include <stddef.h>
#include <stdint.h>

/* What the target reached, summed over runs (to show the corpus is useful). */
struct fuzz_region_stats {
	unsigned long runs, connected, frames, cursors;
};
extern struct fuzz_region_stats fuzz_region_stats;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Write the seed corpus (small but complete regions) into dir. */
int fuzz_write_seeds(const char *dir);

#endif
