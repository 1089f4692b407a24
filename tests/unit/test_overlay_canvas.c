// SPDX-License-Identifier: GPL-2.0-or-later
/* Overlay font and canvas: glyph set, text placement and size, clipping
 * against guard canaries, blending math, graphs, init limits. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "synth/font8x16.h"
#include "overlay_canvas.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static uint32_t px(const struct ovl_canvas *c, uint32_t x, uint32_t y)
{
	return c->px[(size_t)y * c->stride + x];
}

static void assert_rgba_near(uint32_t got, uint32_t want, uint32_t tol)
{
	for (unsigned shift = 0; shift < 32; shift += 8) {
		int g = (int)(got >> shift & 0xff), w = (int)(want >> shift & 0xff);
		if (abs(g - w) > (int)tol)
			fail_msg("pixel 0x%08x, want 0x%08x (+-%u)", got, want, tol);
	}
}

static bool glyph_bit(unsigned char ch, int gx, int gy)
{
	return font8x16_glyph(ch)[gy] & (0x80u >> gx);
}

static void test_glyph_set(void **state)
{
	for (int ch = FONT8X16_FIRST; ch <= FONT8X16_LAST; ++ch) {
		const uint8_t *g = font8x16_glyph((unsigned char)ch);
		uint8_t any = 0, col7 = 0;
		for (int r = 0; r < FONT8X16_H; ++r) {
			any |= g[r];
			col7 |= g[r] & 1;
		}
		if (ch == ' ')
			assert_int_equal(any, 0);
		else if (!any)
			fail_msg("glyph 0x%02x is empty", ch);
		/* The blank column keeps neighbours apart; '_' joins on purpose. */
		if (ch != '_' && col7)
			fail_msg("glyph 0x%02x touches column 7", ch);
		for (int other = ch + 1; other <= FONT8X16_LAST; ++other)
			if (!memcmp(g, font8x16_glyph((unsigned char)other), FONT8X16_H))
				fail_msg("glyphs 0x%02x and 0x%02x are the same", ch, other);
	}
}

static void test_unknown_is_box(void **state)
{
	const uint8_t *box = font8x16_glyph(0x7f);
	const unsigned char unknown[] = {0x00, 0x01, '\t', 0x1f, 0x80, 0xc3, 0xff};
	for (size_t i = 0; i < ARRAY_LEN(unknown); ++i)
		assert_ptr_equal(font8x16_glyph(unknown[i]), box);
	for (int ch = FONT8X16_FIRST; ch <= FONT8X16_LAST; ++ch)
		assert_memory_not_equal(font8x16_glyph((unsigned char)ch), box, FONT8X16_H);
}

/* A few glyphs pinned, so that the table cannot slip by one character. */
static void test_glyph_golden(void **state)
{
	static const struct {
		char ch;
		uint8_t rows[FONT8X16_H];
	} golden[] = {
		{'0',
		 {0, 0, 0x7c, 0xc6, 0xc6, 0xce, 0xde, 0xf6, 0xe6, 0xc6, 0xc6, 0x7c, 0, 0, 0, 0}},
		{'1',
		 {0, 0, 0x18, 0x38, 0x78, 0x18, 0x18, 0x18, 0x18, 0x18, 0x18, 0x7e, 0, 0, 0, 0}},
		{'A',
		 {0, 0, 0x38, 0x6c, 0xc6, 0xc6, 0xc6, 0xfe, 0xc6, 0xc6, 0xc6, 0xc6, 0, 0, 0, 0}},
		{'g',
		 {0, 0, 0, 0, 0, 0x7e, 0xc6, 0xc6, 0xc6, 0xc6, 0xc6, 0x7e, 0x06, 0xc6, 0x7c, 0}},
	};
	for (size_t i = 0; i < ARRAY_LEN(golden); ++i)
		assert_memory_equal(font8x16_glyph((unsigned char)golden[i].ch), golden[i].rows,
				    FONT8X16_H);
}

/* Every pixel of the canvas: glyph bits inside the text box, untouched outside. */
static void check_text_pixels(const struct ovl_canvas *c, int x0, int y0, const char *s, int scale,
			      uint32_t ink)
{
	int len = (int)strlen(s);
	for (uint32_t y = 0; y < c->height; ++y) {
		for (uint32_t x = 0; x < c->width; ++x) {
			int dx = (int)x - x0, dy = (int)y - y0;
			bool on = false;
			if (dx >= 0 && dy >= 0 && dx < len * 8 * scale && dy < 16 * scale)
				on = glyph_bit((unsigned char)s[dx / (8 * scale)], dx / scale % 8,
					       dy / scale);
			if (px(c, x, y) != (on ? ink : 0))
				fail_msg("scale %d pixel (%u,%u) = 0x%08x, want %s", scale, x, y,
					 px(c, x, y), on ? "ink" : "0");
		}
	}
}

static void test_digits_placed(void **state)
{
	const char *digits = "0123456789";
	const uint32_t ink = OVL_RGBA(0x20, 0xc0, 0x40, 0xff);
	for (int scale = 1; scale <= 2; ++scale) {
		struct ovl_canvas c;
		assert_int_equal(ovl_canvas_init(&c, 10 * 8 * scale + 9, 16 * scale + 7), 0);
		assert_int_equal(ovl_text(&c, 3, 5, digits, ink, scale), 10 * 8 * scale);
		check_text_pixels(&c, 3, 5, digits, scale, ink);
		ovl_canvas_finish(&c);
	}
}

static void test_text_size(void **state)
{
	int w = -1, h = -1;
	ovl_text_size("FPS 60.0\nUPS 59.9", 2, &w, &h);
	assert_int_equal(w, 128);
	assert_int_equal(h, 64);
	ovl_text_size("ab\nlonger line\n", 1, &w, &h);
	assert_int_equal(w, 11 * 8);
	assert_int_equal(h, 3 * 16);
	ovl_text_size("", 3, &w, &h);
	assert_int_equal(w, 0);
	assert_int_equal(h, 0);
	ovl_text_size(NULL, 3, &w, &h);
	assert_int_equal(w | h, 0);
	ovl_text_size("x", 0, &w, &h); /* scale clamps to 1..8 */
	assert_int_equal(w, 8);
	assert_int_equal(h, 16);
	ovl_text_size("x", 99, &w, NULL);
	assert_int_equal(w, 64);

	struct ovl_canvas c;
	assert_int_equal(ovl_canvas_init(&c, 4, 4), 0);
	assert_int_equal(ovl_text(&c, 0, 0, "FPS 60.0\nUPS 59.9", OVL_RGBA(255, 255, 255, 255), 2),
			 128);
	ovl_canvas_finish(&c);
}

/* A canvas inside a larger buffer whose border is filled with canaries. */
#define GUARD 24u
#define CANARY 0xdeadbeefu

struct guarded {
	uint32_t *buf;
	uint32_t full_w, full_h;
	struct ovl_canvas c;
};

static void guarded_init(struct guarded *g, uint32_t w, uint32_t h)
{
	g->full_w = w + 2 * GUARD;
	g->full_h = h + 2 * GUARD;
	g->buf = malloc((size_t)g->full_w * g->full_h * sizeof(*g->buf));
	assert_non_null(g->buf);
	for (size_t i = 0; i < (size_t)g->full_w * g->full_h; ++i)
		g->buf[i] = CANARY;
	g->c = (struct ovl_canvas){
		.px = g->buf + GUARD * g->full_w + GUARD,
		.width = w,
		.height = h,
		.stride = g->full_w,
	};
	ovl_clear(&g->c, 0);
}

static void guarded_check(const struct guarded *g)
{
	for (uint32_t y = 0; y < g->full_h; ++y) {
		for (uint32_t x = 0; x < g->full_w; ++x) {
			bool inside = x >= GUARD && x < GUARD + g->c.width && y >= GUARD &&
				      y < GUARD + g->c.height;
			if (!inside && g->buf[(size_t)y * g->full_w + x] != CANARY)
				fail_msg("canary at (%d,%d) overwritten", (int)x - (int)GUARD,
					 (int)y - (int)GUARD);
		}
	}
}

static size_t painted(const struct ovl_canvas *c)
{
	size_t n = 0;
	for (uint32_t y = 0; y < c->height; ++y)
		for (uint32_t x = 0; x < c->width; ++x)
			n += px(c, x, y) != 0;
	return n;
}

static void test_clip_never_escapes(void **state)
{
	const uint32_t W = 37, H = 29;
	/* Far off, just off, on and just inside every edge, and the int extremes. */
	const int pos[] = {
		INT_MIN, INT_MIN / 2, -100000, -130, -70, -9, -1, 0, 1, 5, 28, 36, 37, 38, 100,
		1000, INT_MAX / 2, INT_MAX - 7, INT_MAX,
	};
	const int sizes[] = {INT_MIN, -1, 0, 1, 3, 40, 1000, INT_MAX};
	const float samples[] = {0, 5, 10, 20, 1e30f, -3, 7.5f};
	const uint32_t ink = OVL_RGBA(255, 255, 255, 255), half = OVL_RGBA(255, 0, 0, 128);
	struct guarded g;
	guarded_init(&g, W, H);

	for (size_t i = 0; i < ARRAY_LEN(pos); ++i) {
		for (size_t j = 0; j < ARRAY_LEN(pos); ++j) {
			for (int scale = 1; scale <= OVL_TEXT_SCALE_MAX; ++scale)
				ovl_text(&g.c, pos[i], pos[j], "Wg|_@\nM#\x01", ink, scale);
			for (size_t k = 0; k < ARRAY_LEN(sizes); ++k) {
				ovl_fill_rect(&g.c, pos[i], pos[j], sizes[k],
					      sizes[ARRAY_LEN(sizes) - 1 - k], half);
				ovl_graph(&g.c, pos[i], pos[j], sizes[k], sizes[k], samples,
					  (int)ARRAY_LEN(samples), 10, ink, half, 5);
			}
		}
		guarded_check(&g);
	}
	assert_true(painted(&g.c) > W * H / 2);
	free(g.buf);
}

/* Text half off each edge equals the matching part of an unclipped copy. */
static void test_clip_is_exact(void **state)
{
	const char *s = "8@Wq\n#g";
	const int scale = 2;
	const uint32_t ink = OVL_RGBA(10, 200, 30, 255);
	int tw, th;
	ovl_text_size(s, scale, &tw, &th);
	struct ovl_canvas ref;
	assert_int_equal(ovl_canvas_init(&ref, (uint32_t)tw, (uint32_t)th), 0);
	ovl_text(&ref, 0, 0, s, ink, scale);

	const int W = 40, H = 30;
	const int offs[][2] = {
		{-7, 3}, {3, -11}, {-19, -21}, {W - 13, 2}, {1, H - 5}, {W - 9, H - 17},
		{-tw + 1, -th + 1},
	};
	for (size_t i = 0; i < ARRAY_LEN(offs); ++i) {
		struct guarded g;
		guarded_init(&g, (uint32_t)W, (uint32_t)H);
		int ox = offs[i][0], oy = offs[i][1];
		assert_int_equal(ovl_text(&g.c, ox, oy, s, ink, scale), tw);
		guarded_check(&g);
		for (int y = 0; y < H; ++y) {
			for (int x = 0; x < W; ++x) {
				int rx = x - ox, ry = y - oy;
				uint32_t want = rx >= 0 && ry >= 0 && rx < tw && ry < th
							? px(&ref, (uint32_t)rx, (uint32_t)ry)
							: 0;
				if (px(&g.c, (uint32_t)x, (uint32_t)y) != want)
					fail_msg("offset (%d,%d): pixel (%d,%d) differs", ox, oy, x,
						 y);
			}
		}
		free(g.buf);
	}
	ovl_canvas_finish(&ref);
}

static void test_fill_blend(void **state)
{
	struct guarded g;
	guarded_init(&g, 6, 5);
	ovl_clear(&g.c, OVL_RGBA(0, 0, 255, 255));
	assert_int_equal(px(&g.c, 0, 0), 0xffff0000u);

	/* 50% red over opaque blue: premultiplied (128,0,0,128) + blue * 127/255. */
	ovl_fill_rect(&g.c, 1, 1, 2, 3, OVL_RGBA(255, 0, 0, 128));
	assert_rgba_near(px(&g.c, 1, 1), OVL_RGBA(128, 0, 127, 255), 1);
	assert_rgba_near(px(&g.c, 2, 3), OVL_RGBA(128, 0, 127, 255), 1);
	assert_int_equal(px(&g.c, 0, 1), 0xffff0000u);
	assert_int_equal(px(&g.c, 3, 1), 0xffff0000u);
	assert_int_equal(px(&g.c, 1, 4), 0xffff0000u);

	/* Once more: a quarter of the blue is left. */
	ovl_fill_rect(&g.c, 1, 1, 1, 1, OVL_RGBA(255, 0, 0, 128));
	assert_rgba_near(px(&g.c, 1, 1), OVL_RGBA(192, 0, 64, 255), 1);

	/* 25% green over opaque white: red and blue keep 191/255 of the white. */
	ovl_fill_rect(&g.c, 0, 4, 1, 1, OVL_RGBA(255, 255, 255, 255));
	ovl_fill_rect(&g.c, 0, 4, 1, 1, OVL_RGBA(0, 255, 0, 64));
	assert_rgba_near(px(&g.c, 0, 4), OVL_RGBA(191, 255, 191, 255), 1);

	/* Opaque replaces; alpha 0 changes nothing. */
	ovl_fill_rect(&g.c, 4, 0, 2, 2, OVL_RGBA(1, 2, 3, 255));
	assert_int_equal(px(&g.c, 5, 1), OVL_RGBA(1, 2, 3, 255));
	ovl_fill_rect(&g.c, 0, 0, 6, 5, OVL_RGBA(255, 255, 255, 0));
	assert_int_equal(px(&g.c, 5, 1), OVL_RGBA(1, 2, 3, 255));

	/* Onto transparent: the premultiplied colour itself. */
	ovl_clear(&g.c, OVL_RGBA(200, 100, 50, 0));
	assert_int_equal(px(&g.c, 0, 0), 0);
	ovl_fill_rect(&g.c, 0, 0, 1, 1, OVL_RGBA(255, 128, 0, 64));
	assert_rgba_near(px(&g.c, 0, 0), OVL_RGBA(64, 32, 0, 64), 1);
	/* 50% white over 50% black: alpha 1 - 0.5 * 0.5. */
	ovl_clear(&g.c, OVL_RGBA(0, 0, 0, 128));
	ovl_fill_rect(&g.c, 0, 0, 1, 1, OVL_RGBA(255, 255, 255, 128));
	assert_rgba_near(px(&g.c, 0, 0), OVL_RGBA(128, 128, 128, 192), 1);
	guarded_check(&g);
	free(g.buf);
}

/* The colour of a column from row y0 to y1 (exclusive) must be c. */
static void assert_column(const struct ovl_canvas *c, uint32_t x, uint32_t y0, uint32_t y1,
			  uint32_t want)
{
	for (uint32_t y = y0; y < y1; ++y)
		if (px(c, x, y) != want)
			fail_msg("(%u,%u) = 0x%08x, want 0x%08x", x, y, px(c, x, y), want);
}

static void test_graph_bars(void **state)
{
	const uint32_t ink = OVL_RGBA(0, 255, 0, 255), warn = OVL_RGBA(255, 0, 0, 255);
	const float s[] = {100, 0, 150, 50, -5, 1e9f, NAN};
	const int gx = 5, gy = 4, gw = (int)ARRAY_LEN(s), gh = 21; /* one column per sample */
	struct guarded g;
	guarded_init(&g, 20, 30);
	ovl_graph(&g.c, gx, gy, gw, gh, s, (int)ARRAY_LEN(s), 100, ink, warn, 0);
	const uint32_t top = gy, base = gy + gh - 1;

	assert_column(&g.c, gx + 0, top, base + 1, ink); /* = max: the full height */
	assert_column(&g.c, gx + 1, top, base, 0);	 /* 0: only the baseline */
	assert_column(&g.c, gx + 1, base, base + 1, ink);
	assert_column(&g.c, gx + 2, top, base, warn); /* above max: clamped, warned */
	assert_column(&g.c, gx + 2, base, base + 1, ink);
	assert_column(&g.c, gx + 3, top, base - 10, 0); /* half: 10 of 20 rows */
	assert_column(&g.c, gx + 3, base - 10, base + 1, ink);
	assert_column(&g.c, gx + 4, top, base, 0); /* negative: nothing */
	assert_column(&g.c, gx + 5, top, base, warn);
	assert_column(&g.c, gx + 6, top, base, 0); /* NaN: nothing */
	assert_column(&g.c, gx + 6, base, base + 1, ink);
	/* Nothing outside the box, no guide line. */
	assert_column(&g.c, gx - 1, 0, 30, 0);
	assert_column(&g.c, gx + gw, 0, 30, 0);
	for (int x = gx; x < gx + gw; ++x) {
		assert_int_equal(px(&g.c, (uint32_t)x, top - 1), 0);
		assert_int_equal(px(&g.c, (uint32_t)x, base + 1), 0);
	}
	guarded_check(&g);

	/* Wider bars share the width; the newest samples win when n > w. */
	ovl_clear(&g.c, 0);
	const float two[] = {100, 0};
	ovl_graph(&g.c, 0, 0, 10, 5, two, 2, 100, ink, warn, 0);
	for (uint32_t x = 0; x < 5; ++x)
		assert_column(&g.c, x, 0, 5, ink);
	for (uint32_t x = 5; x < 10; ++x)
		assert_column(&g.c, x, 0, 4, 0);
	ovl_clear(&g.c, 0);
	const float three[] = {100, 100, 100}; /* 10 columns as 3 + 3 + 4, no gap */
	ovl_graph(&g.c, 0, 0, 10, 5, three, 3, 100, ink, warn, 0);
	for (uint32_t x = 0; x < 10; ++x)
		assert_column(&g.c, x, 0, 5, ink);
	assert_column(&g.c, 10, 0, 5, 0);
	ovl_clear(&g.c, 0);
	const float many[] = {100, 100, 100, 0, 0, 0, 0};
	ovl_graph(&g.c, 0, 0, 4, 5, many, (int)ARRAY_LEN(many), 100, ink, warn, 0);
	for (uint32_t x = 0; x < 4; ++x)
		assert_column(&g.c, x, 0, 4, 0);
	guarded_check(&g);
	free(g.buf);
}

static void test_graph_guide(void **state)
{
	const uint32_t ink = OVL_RGBA(0, 255, 0, 255), warn = OVL_RGBA(255, 0, 0, 255);
	const float s[] = {0, 0, 33.4f, 0};
	struct guarded g;
	guarded_init(&g, 12, 110);
	/* h = 101: 100 rows above the baseline, max 33.4 ms, guide 16.7 ms. */
	ovl_graph(&g.c, 2, 3, 8, 101, s, (int)ARRAY_LEN(s), 33.4f, ink, warn, 16.7f);
	const uint32_t base = 3 + 100, guide = base - 50;
	for (uint32_t x = 2; x < 10; ++x)
		assert_column(&g.c, x, guide, guide + 1, warn); /* over the bars too */
	assert_column(&g.c, 2, 3, guide, 0);
	assert_column(&g.c, 2, guide + 1, base, 0);
	assert_column(&g.c, 6, 3, guide, ink);
	assert_column(&g.c, 6, guide + 1, base + 1, ink);
	assert_int_equal(painted(&g.c), 8 * 2 + 2 * 99);

	/* The guide of 60 Hz in a 0..100 ms graph, and none past the top. */
	ovl_clear(&g.c, 0);
	ovl_graph(&g.c, 0, 0, 12, 101, NULL, 0, 100, ink, warn, 16.7f);
	assert_column(&g.c, 0, 100 - 17, 100 - 16, warn);
	assert_int_equal(painted(&g.c), 2 * 12);
	ovl_clear(&g.c, 0);
	ovl_graph(&g.c, 0, 0, 12, 101, NULL, 0, 10, ink, warn, 16.7f);
	assert_int_equal(painted(&g.c), 12);
	guarded_check(&g);
	free(g.buf);
}

/* Bars coloured by band, several guides in their own colours, the rows
 * they land on. */
static void test_graph_bands(void **state)
{
	const uint32_t ok = OVL_RGBA(0, 255, 0, 255), slow = OVL_RGBA(255, 255, 0, 255),
		       late = OVL_RGBA(255, 0, 0, 255), base_c = OVL_RGBA(255, 255, 255, 255),
		       g1 = OVL_RGBA(0, 0, 255, 255), g2 = OVL_RGBA(0, 255, 255, 255);
	const struct ovl_graph_mark bands[] = {{10, ok}, {20, slow}};
	const struct ovl_graph_mark guides[] = {{10, g1}, {20, g2}, {50, g1}, {0, g1}};
	const struct ovl_graph_style st = {
		.max_value = 40,
		.bands = bands,
		.n_bands = 2,
		.over_rgba = late,
		.guides = guides,
		.n_guides = (int)ARRAY_LEN(guides),
		.base_rgba = base_c,
	};
	const float s[] = {10, 10.5f, 20, 30, 40, 45};
	struct guarded g;
	guarded_init(&g, 8, 50);
	/* h = 41: 40 rows above the baseline, one per unit of value. */
	ovl_graph_draw(&g.c, 1, 2, (int)ARRAY_LEN(s), 41, s, (int)ARRAY_LEN(s), &st);
	const uint32_t base = 2 + 40, row10 = base - 10, row20 = base - 20;
	assert_int_equal(ovl_graph_row(2, 41, 10, 40), (int)row10);
	assert_int_equal(ovl_graph_row(2, 41, 20, 40), (int)row20);
	assert_int_equal(ovl_graph_row(2, 41, 0, 40), (int)base);
	assert_int_equal(ovl_graph_row(2, 41, 99, 40), 2);
	assert_int_equal(ovl_graph_row(2, 41, 5, NAN), (int)base);
	for (uint32_t x = 1; x < 7; ++x) {
		assert_int_equal(px(&g.c, x, base), base_c);
		assert_int_equal(px(&g.c, x, row10), g1); /* guides over the bars */
		assert_int_equal(px(&g.c, x, row20), g2);
	}
	assert_column(&g.c, 1, row10 + 1, base, ok);	/* = the band's top: in it */
	assert_column(&g.c, 2, row10 + 1, base, slow);	/* 10.5: the next band, */
	assert_column(&g.c, 2, row10 - 1, row10, slow); /* 11 rows (rounded) */
	assert_column(&g.c, 2, row20 + 1, row10 - 1, 0);
	assert_column(&g.c, 3, row20 + 1, row10, slow);
	assert_column(&g.c, 4, 2, base - 30, 0); /* 30: above every band */
	assert_column(&g.c, 4, base - 30, row20, late);
	assert_column(&g.c, 5, 2, row20, late); /* the full height */
	assert_column(&g.c, 6, 2, row20, late); /* clipped to it */
	/* Guides beyond max_value or at 0 draw nothing: the baseline, then per
	 * column its bar and whichever guide rows are above it. */
	assert_int_equal(painted(&g.c), 6 + (10 + 1) + (11 + 1) + 20 + 30 + 40 + 40);
	guarded_check(&g);

	/* No bands: every bar in over_rgba; no guides; max_value not finite. */
	ovl_clear(&g.c, 0);
	const struct ovl_graph_style bare = {
		.max_value = 40, .over_rgba = late, .base_rgba = base_c};
	ovl_graph_draw(&g.c, 0, 0, 2, 41, s, 2, &bare);
	assert_column(&g.c, 0, 30, 40, late);
	assert_column(&g.c, 1, 30, 40, late);
	ovl_clear(&g.c, 0);
	const struct ovl_graph_style inf = {.max_value = INFINITY,
					    .bands = bands,
					    .n_bands = 2,
					    .guides = guides,
					    .n_guides = 2,
					    .base_rgba = base_c};
	ovl_graph_draw(&g.c, 0, 0, 8, 41, s, (int)ARRAY_LEN(s), &inf);
	assert_int_equal(painted(&g.c), 8);
	guarded_check(&g);
	free(g.buf);
}

static void test_init_sizes(void **state)
{
	static const struct {
		uint32_t w, h;
		int ret;
	} cases[] = {
		{0, 1, -EINVAL},
		{1, 0, -EINVAL},
		{0, 0, -EINVAL},
		{8193, 1, -EINVAL},
		{1, 8193, -EINVAL},
		{UINT32_MAX, UINT32_MAX, -EINVAL},
		{1, 1, 0},
		{OVL_CANVAS_MAX_SIZE, 2, 0},
		{3, OVL_CANVAS_MAX_SIZE, 0},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); ++i) {
		struct ovl_canvas c;
		memset(&c, 0xa5, sizeof(c));
		assert_int_equal(ovl_canvas_init(&c, cases[i].w, cases[i].h), cases[i].ret);
		if (cases[i].ret == 0) {
			assert_non_null(c.px);
			assert_int_equal(c.width, cases[i].w);
			assert_int_equal(c.height, cases[i].h);
			assert_int_equal(c.stride, cases[i].w);
			assert_int_equal(painted(&c), 0);
		} else {
			assert_null(c.px);
			assert_int_equal(c.width | c.height | c.stride, 0);
		}
		ovl_canvas_finish(&c);
		assert_null(c.px);
		ovl_canvas_finish(&c);
	}
	assert_int_equal(ovl_canvas_init(NULL, 1, 1), -EINVAL);
	ovl_canvas_finish(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_glyph_set),     cmocka_unit_test(test_unknown_is_box),
		cmocka_unit_test(test_glyph_golden),  cmocka_unit_test(test_digits_placed),
		cmocka_unit_test(test_text_size),     cmocka_unit_test(test_clip_never_escapes),
		cmocka_unit_test(test_clip_is_exact), cmocka_unit_test(test_fill_blend),
		cmocka_unit_test(test_graph_bars),    cmocka_unit_test(test_graph_guide),
		cmocka_unit_test(test_graph_bands),   cmocka_unit_test(test_init_sizes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
