// SPDX-License-Identifier: GPL-2.0-or-later
#include "overlay_canvas.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "synth/font8x16.h"

/* round(v / 255) exactly, for 0 <= v <= 255 * 255. */
static inline uint32_t div255(uint32_t v)
{
	v += 128;
	return (v + (v >> 8)) >> 8;
}

static uint32_t premultiply(uint32_t rgba)
{
	uint32_t a = rgba >> 24;
	uint32_t r = div255((rgba & 0xff) * a);
	uint32_t g = div255((rgba >> 8 & 0xff) * a);
	uint32_t b = div255((rgba >> 16 & 0xff) * a);
	return r | g << 8 | b << 16 | a << 24;
}

/* Premultiplied src over dst, per channel: s + d * (1 - sa). Never exceeds
 * 255 since s <= sa. */
static inline uint32_t over(uint32_t src, uint32_t dst)
{
	uint32_t inv = 255 - (src >> 24);
	uint32_t out = 0;
	for (unsigned shift = 0; shift < 32; shift += 8) {
		uint32_t s = src >> shift & 0xff, d = dst >> shift & 0xff;
		out |= (s + div255(d * inv)) << shift;
	}
	return out;
}

/* Blend the premultiplied colour p over (x,y,w,h) clipped to the canvas;
 * 64-bit so that int coordinates plus int sizes cannot overflow. */
static void blend_rect(struct ovl_canvas *c, int64_t x, int64_t y, int64_t w, int64_t h, uint32_t p)
{
	if (w <= 0 || h <= 0 || p == 0)
		return;
	int64_t x0 = x < 0 ? 0 : x, y0 = y < 0 ? 0 : y;
	int64_t x1 = x + w, y1 = y + h;
	if (x1 > c->width)
		x1 = c->width;
	if (y1 > c->height)
		y1 = c->height;
	if (x0 >= x1 || y0 >= y1)
		return;

	bool opaque = p >> 24 == 0xff;
	for (int64_t row = y0; row < y1; ++row) {
		uint32_t *line = c->px + (size_t)row * c->stride;
		for (int64_t col = x0; col < x1; ++col)
			line[col] = opaque ? p : over(p, line[col]);
	}
}

int ovl_canvas_init(struct ovl_canvas *c, uint32_t w, uint32_t h)
{
	if (!c)
		return -EINVAL;
	memset(c, 0, sizeof(*c));
	if (w < 1 || h < 1 || w > OVL_CANVAS_MAX_SIZE || h > OVL_CANVAS_MAX_SIZE)
		return -EINVAL;
	c->px = calloc((size_t)w * h, sizeof(*c->px));
	if (!c->px)
		return -ENOMEM;
	c->width = w;
	c->height = h;
	c->stride = w;
	return 0;
}

void ovl_canvas_finish(struct ovl_canvas *c)
{
	if (!c)
		return;
	free(c->px);
	memset(c, 0, sizeof(*c));
}

void ovl_clear(struct ovl_canvas *c, uint32_t rgba)
{
	uint32_t p = premultiply(rgba);
	for (uint32_t row = 0; row < c->height; ++row) {
		uint32_t *line = c->px + (size_t)row * c->stride;
		for (uint32_t col = 0; col < c->width; ++col)
			line[col] = p;
	}
}

void ovl_fill_rect(struct ovl_canvas *c, int x, int y, int w, int h, uint32_t rgba)
{
	blend_rect(c, x, y, w, h, premultiply(rgba));
}

static int clamp_scale(int scale)
{
	return scale < 1 ? 1 : scale > OVL_TEXT_SCALE_MAX ? OVL_TEXT_SCALE_MAX : scale;
}

static int saturate(int64_t v)
{
	return v > INT_MAX ? INT_MAX : (int)v;
}

void ovl_text_size(const char *s, int scale, int *w, int *h)
{
	int64_t cols = 0, widest = 0, lines = 0;
	if (s && *s) {
		lines = 1;
		for (; *s; ++s) {
			if (*s == '\n') {
				cols = 0;
				++lines;
			} else if (++cols > widest) {
				widest = cols;
			}
		}
	}
	scale = clamp_scale(scale);
	if (w)
		*w = saturate(widest * FONT8X16_W * scale);
	if (h)
		*h = saturate(lines * FONT8X16_H * scale);
}

/* One glyph cell at (x,y): each horizontal run of set bits in a font row is
 * one rectangle, so a scaled glyph costs a few dozen blend_rect calls. */
static void draw_glyph(struct ovl_canvas *c, int64_t x, int64_t y, const uint8_t *rows, uint32_t p,
		       int scale)
{
	for (int gy = 0; gy < FONT8X16_H; ++gy) {
		unsigned bits = rows[gy];
		for (int gx = 0; gx < FONT8X16_W;) {
			if (!(bits & (0x80u >> gx))) {
				++gx;
				continue;
			}
			int end = gx;
			while (end < FONT8X16_W && (bits & (0x80u >> end)))
				++end;
			blend_rect(c, x + (int64_t)gx * scale, y + (int64_t)gy * scale,
				   (int64_t)(end - gx) * scale, scale, p);
			gx = end;
		}
	}
}

int ovl_text(struct ovl_canvas *c, int x, int y, const char *s, uint32_t rgba, int scale)
{
	int w;
	ovl_text_size(s, scale, &w, NULL);
	scale = clamp_scale(scale);
	uint32_t p = premultiply(rgba);
	if (!s || p == 0)
		return w;

	const int64_t cell_w = (int64_t)FONT8X16_W * scale, cell_h = (int64_t)FONT8X16_H * scale;
	int64_t pen_x = x, pen_y = y;
	for (; *s; ++s) {
		if (*s == '\n') {
			pen_x = x;
			pen_y += cell_h;
			continue;
		}
		/* Cells wholly outside the canvas are skipped, not clipped pixel by pixel. */
		if (pen_x < (int64_t)c->width && pen_x + cell_w > 0 && pen_y < (int64_t)c->height &&
		    pen_y + cell_h > 0)
			draw_glyph(c, pen_x, pen_y, font8x16_glyph((unsigned char)*s), p, scale);
		pen_x += cell_w;
	}
	return w;
}

/* How many rows (0..rows) above the baseline a value reaches: 0 for v <= 0
 * or NaN, all of them from max_value up. Double: rows can be near INT_MAX. */
static int64_t bar_rows(float v, float max_value, int64_t rows)
{
	if (!(v > 0))
		return 0;
	if (v >= max_value)
		return rows;
	int64_t r = (int64_t)((double)v / (double)max_value * (double)rows + 0.5);
	return r > rows ? rows : r;
}

static uint32_t bar_colour(const struct ovl_graph_style *st, float v)
{
	for (int i = 0; st->bands && i < st->n_bands; ++i)
		if (v <= st->bands[i].value)
			return st->bands[i].rgba;
	return st->over_rgba;
}

static bool graph_scaled(float max_value)
{
	return max_value > 0 && isfinite(max_value);
}

void ovl_graph_draw(struct ovl_canvas *c, int x, int y, int w, int h, const float *samples, int n,
		    const struct ovl_graph_style *st)
{
	if (w <= 0 || h <= 0)
		return;
	if (!samples || n < 0)
		n = 0;
	if (n > w) {
		samples += n - w;
		n = w;
	}
	const int64_t base = (int64_t)y + h - 1, rows = (int64_t)h - 1;
	const bool scaled = graph_scaled(st->max_value);

	for (int i = 0; scaled && i < n; ++i) {
		int64_t x0 = x + (int64_t)i * w / n, x1 = x + (int64_t)(i + 1) * w / n;
		int64_t bh = bar_rows(samples[i], st->max_value, rows);
		blend_rect(c, x0, base - bh, x1 - x0, bh, premultiply(bar_colour(st, samples[i])));
	}
	blend_rect(c, x, base, w, 1, premultiply(st->base_rgba));
	for (int i = 0; scaled && st->guides && i < st->n_guides; ++i) {
		float g = st->guides[i].value;
		if (g > 0 && g <= st->max_value)
			blend_rect(c, x, base - bar_rows(g, st->max_value, rows), w, 1,
				   premultiply(st->guides[i].rgba));
	}
}

void ovl_graph(struct ovl_canvas *c, int x, int y, int w, int h, const float *samples, int n,
	       float max_value, uint32_t rgba, uint32_t warn_rgba, float guide_value)
{
	const struct ovl_graph_mark band = {max_value, rgba}, guide = {guide_value, warn_rgba};
	const struct ovl_graph_style st = {
		.max_value = max_value,
		.bands = &band,
		.n_bands = 1,
		.over_rgba = warn_rgba,
		.guides = &guide,
		.n_guides = 1,
		.base_rgba = rgba,
	};
	ovl_graph_draw(c, x, y, w, h, samples, n, &st);
}

int ovl_graph_row(int y, int h, float value, float max_value)
{
	int64_t base = (int64_t)y + (h > 0 ? h : 1) - 1;
	if (graph_scaled(max_value) && h > 1)
		base -= bar_rows(value, max_value, (int64_t)h - 1);
	return base > INT_MAX ? INT_MAX : base < INT_MIN ? INT_MIN : (int)base;
}
