/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A tiny embedded 5x7 bitmap font: the digits, a few capital letters and
 * some punctuation, enough for frame counters and short labels drawn
 * scaled into synthetic frames. Pure, any thread.
 */
#ifndef LGBENCH_FONT_H
#define LGBENCH_FONT_H

#include <stdbool.h>
#include <stdint.h>

#define FONT5X7_W 5u
#define FONT5X7_H 7u

/* The glyph's FONT5X7_H rows, bit 4 = leftmost column; lower case maps to
 * upper case. NULL when the font has no glyph for c. */
const uint8_t *font5x7_glyph(char c);

/* Whether glyph pixel (gx, gy) of c is set; false outside the glyph or for
 * a character the font lacks. */
bool font5x7_pixel(char c, uint32_t gx, uint32_t gy);

#endif
