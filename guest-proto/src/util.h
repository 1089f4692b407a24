/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small helpers private to guest-proto. */
#ifndef GUEST_PROTO_UTIL_H
#define GUEST_PROTO_UTIL_H

#include <stdint.h>
#include <stdlib.h>

/* Small allocations abort on out-of-memory: there is no sane recovery. */
static inline void *lgp_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);
	if (!p)
		abort();
	return p;
}

static inline uint32_t lgp_align_up32(uint32_t v, uint32_t align)
{
	return (v + align - 1) & ~(align - 1);
}

static inline uint64_t lgp_align_up64(uint64_t v, uint64_t align)
{
	return (v + align - 1) & ~(align - 1);
}

#define LGP_MIN(a, b) ((a) < (b) ? (a) : (b))
#define LGP_MAX(a, b) ((a) > (b) ? (a) : (b))

#endif
