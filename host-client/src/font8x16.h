/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The overlay's font: a fixed-width 8x16 bitmap face of lgview's own,
 * covering printable ASCII (0x20..0x7e). Pure data, any thread.
 */
#ifndef LGVIEW_FONT8X16_H
#define LGVIEW_FONT8X16_H

#include <stdint.h>

#define FONT8X16_W 8
#define FONT8X16_H 16
#define FONT8X16_FIRST 0x20
#define FONT8X16_LAST 0x7e

/* The FONT8X16_H rows of c's glyph, one byte per row, bit 7 = leftmost
 * pixel. Never NULL: characters outside 0x20..0x7e (control bytes, DEL,
 * UTF-8 lead and continuation bytes) get a box glyph. */
const uint8_t *font8x16_glyph(unsigned char c);

#endif
