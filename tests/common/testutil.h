/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers shared by the guest-proto tests: a settable clock and regions. */
#ifndef LGVIEW_TESTUTIL_H
#define LGVIEW_TESTUTIL_H

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "guest-proto/clock.h"

/* A clock the test moves by hand (milliseconds). */
struct test_clock {
	_Atomic uint64_t now;
	struct lgp_clock clock;
};

static inline uint64_t test_clock_read(void *ctx)
{
	return atomic_load(&((struct test_clock *)ctx)->now);
}

static inline void test_clock_init(struct test_clock *tc, uint64_t start)
{
	atomic_store(&tc->now, start);
	tc->clock.now_ms = test_clock_read;
	tc->clock.ctx = tc;
}

static inline void test_clock_advance(struct test_clock *tc, uint64_t ms)
{
	atomic_fetch_add(&tc->now, ms);
}

/* A zeroed shared anonymous mapping, as a stand-in for IVSHMEM. */
static inline void *test_region_alloc(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static inline void test_region_free(void *p, size_t size)
{
	if (p)
		munmap(p, size);
}

#define MiB (1024u * 1024u)

#endif
