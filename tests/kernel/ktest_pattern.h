/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The frames of the kernel relay test: guest_producer.c writes them,
 * host_check.c verifies them. */
#ifndef KTEST_PATTERN_H
#define KTEST_PATTERN_H

#include <stdint.h>

#define W 320u
#define H 200u

/* The pixel of frame `serial` at (x, y), BGRA in a little-endian word. */
static inline uint32_t ktest_pixel(uint32_t serial, uint32_t x, uint32_t y)
{
	uint32_t v = x * 0x9e3779b1u ^ y * 0x85ebca77u ^ serial * 0xc2b2ae3du;
	v ^= v >> 15;
	return v | 0xff000000u;
}

#endif
