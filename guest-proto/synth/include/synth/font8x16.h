/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lgview's one font: a fixed-width 8x16 bitmap face of its own, covering
 * printable ASCII (0x20..0x7e), for the overlay and for the synthetic
 * guest's frame counter. Pure data, any thread.
 */
#ifndef LGVIEW_FONT8X16_H
#define LGVIEW_FONT8X16_H

#include <stdbool.h>
#include <stdint.h>

#define FONT8X16_W 8
#define FONT8X16_H 16
#define FONT8X16_FIRST 0x20
#define FONT8X16_LAST 0x7e

/* The FONT8X16_H rows of c's glyph, one byte per row, bit 7 = leftmost
 * pixel. Never NULL: characters outside 0x20..0x7e (control bytes, DEL,
 * UTF-8 lead and continuation bytes) get a box glyph. */
const uint8_t *font8x16_glyph(unsigned char c);

/* Whether glyph pixel (gx, gy) of c is set; false outside the cell. */
bool font8x16_pixel(unsigned char c, uint32_t gx, uint32_t gy);

#endif
