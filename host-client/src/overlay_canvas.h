/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The overlay's CPU side: a small RGBA canvas to draw text (font8x16),
 * filled boxes and bar graphs into. The renderer uploads it as a texture
 * (GL_RGBA, GL_UNSIGNED_BYTE) and blends it over the picture with
 * premultiplied "over" (GL_ONE, GL_ONE_MINUS_SRC_ALPHA).
 *
 * Pixels are premultiplied RGBA8, one uint32_t each, packed 0xAABBGGRR so
 * that a little-endian host stores them R, G, B, A in memory.
 *
 * Colours: every rgba argument below is straight (not premultiplied) alpha,
 * packed like the pixels; build it with OVL_RGBA(). Drawing premultiplies
 * it and blends "over" what is already there; ovl_clear() replaces.
 *
 * Coordinates are in canvas pixels, (0,0) top-left; everything is clipped
 * to the canvas, any int is accepted (negative, huge) and nothing outside
 * width x height is ever written, whatever the stride.
 *
 * Threads: pure CPU, no global state, any thread; a canvas is not locked,
 * so one thread draws into it at a time and not while the renderer reads
 * it. Nothing here blocks or allocates except ovl_canvas_init().
 */
#ifndef LGVIEW_OVERLAY_CANVAS_H
#define LGVIEW_OVERLAY_CANVAS_H

#include <stdint.h>

#define OVL_CANVAS_MAX_SIZE 8192
#define OVL_TEXT_SCALE_MAX 8

/* Straight-alpha colour from 0..255 components, packed 0xAABBGGRR. */
#define OVL_RGBA(r, g, b, a)                                                                       \
	((uint32_t)((r) & 0xff) | (uint32_t)((g) & 0xff) << 8 | (uint32_t)((b) & 0xff) << 16 |     \
	 (uint32_t)((a) & 0xff) << 24)

struct ovl_canvas {
	uint32_t *px; /* premultiplied 0xAABBGGRR; row y starts at px + y * stride */
	uint32_t width, height;
	uint32_t stride; /* in pixels, >= width */
};

/* Allocate a w x h canvas cleared to transparent (stride = w). 0, -EINVAL
 * unless 1 <= w, h <= OVL_CANVAS_MAX_SIZE, or -ENOMEM; on error *c is
 * zeroed, so ovl_canvas_finish() is still safe. A caller may also fill the
 * struct itself to draw into memory it owns (then it does not call finish). */
int ovl_canvas_init(struct ovl_canvas *c, uint32_t w, uint32_t h);
/* Free what init allocated and zero *c; safe twice and after a failed init. */
void ovl_canvas_finish(struct ovl_canvas *c);

/* Set every pixel to rgba (premultiplied first). */
void ovl_clear(struct ovl_canvas *c, uint32_t rgba);
/* Blend rgba over the rectangle; w <= 0 or h <= 0 draws nothing. */
void ovl_fill_rect(struct ovl_canvas *c, int x, int y, int w, int h, uint32_t rgba);

/*
 * Text: one 8x16 cell per byte (UTF-8 agnostic: bytes outside 0x20..0x7e
 * draw the box glyph), each font pixel drawn as a scale x scale block;
 * scale is clamped to 1..OVL_TEXT_SCALE_MAX; '\n' starts a new line at x,
 * 16 * scale lower. s == NULL is an empty string.
 */
/* Draw s with its top-left at (x,y). Returns the width in pixels of its
 * widest line as laid out (ovl_text_size()'s w), clipped or not. */
int ovl_text(struct ovl_canvas *c, int x, int y, const char *s, uint32_t rgba, int scale);
/* The box s covers: w = 8 * scale * longest line's length, h = 16 * scale *
 * number of lines (1 + number of '\n'; an empty string has none: 0 x 0).
 * Either pointer may be NULL. Saturates at INT_MAX. */
void ovl_text_size(const char *s, int scale, int *w, int *h);

/*
 * A bar graph of n samples, oldest first (left), in the box (x,y,w,h):
 * - the bottom row of the box is the baseline, drawn in st->base_rgba;
 * - each sample is a bar standing on the baseline, (h - 1) * v / max_value
 *   rows tall (rounded), so a sample of max_value fills the whole box and
 *   a sample <= 0 (or NaN) draws nothing above the baseline; samples above
 *   max_value are clamped to it;
 * - a bar's colour is that of the first of st->bands (ascending values)
 *   whose value is >= the sample, or st->over_rgba above them all;
 * - the box's width is shared between the bars (column i..i+1 of n); when
 *   n > w only the newest w samples are drawn, one column each;
 * - each of st->guides with 0 < value <= max_value is a row across the box
 *   in its colour at the height a sample of that value reaches (e.g.
 *   16.7 ms for 60 Hz), drawn over the bars, in order.
 * max_value must be > 0 and finite, otherwise only the baseline is drawn.
 */
struct ovl_graph_mark {
	float value;
	uint32_t rgba;
};

struct ovl_graph_style {
	float max_value;
	const struct ovl_graph_mark *bands;
	int n_bands;
	uint32_t over_rgba;
	const struct ovl_graph_mark *guides;
	int n_guides;
	uint32_t base_rgba;
};

void ovl_graph_draw(struct ovl_canvas *c, int x, int y, int w, int h, const float *samples, int n,
		    const struct ovl_graph_style *st);

/* The one-colour graph: samples up to max_value in rgba (the baseline too),
 * those above it in warn_rgba, and one guide of guide_value in warn_rgba. */
void ovl_graph(struct ovl_canvas *c, int x, int y, int w, int h, const float *samples, int n,
	       float max_value, uint32_t rgba, uint32_t warn_rgba, float guide_value);

/* The canvas row a guide of value is drawn on in a graph at (y, h): the
 * baseline for value <= 0, the top row from max_value up, as ovl_graph_draw()
 * places it (for labels beside it). */
int ovl_graph_row(int y, int h, float value, float max_value);

#endif
