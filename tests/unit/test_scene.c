// SPDX-License-Identifier: GPL-2.0-or-later
/* lgbench-scene: formats, damage against full renders, counter, cursors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "synth/font8x16.h"
#include "guest-proto/wire_b7.h"
#include "synth/scene.h"
#include "synth/scene_format.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const uint32_t types[] = {
	KVMFR20_FRAME_BGRA,    KVMFR20_FRAME_RGBA,   KVMFR20_FRAME_RGBA10,
	KVMFR20_FRAME_RGBA16F, KVMFR20_FRAME_BGR_32, KVMFR20_FRAME_RGB_24,
};

static struct scene *make(uint32_t w, uint32_t h, uint32_t type)
{
	struct scene *s = scene_create(w, h, type);
	assert_non_null(s);
	return s;
}

static size_t frame_bytes(const struct scene *s)
{
	struct lgp_frame_desc d;
	scene_frame_desc(s, &d);
	return (size_t)d.pitch * d.frame_height;
}

static void test_create_rejects(void **state)
{
	assert_null(scene_create(0, 10, KVMFR20_FRAME_BGRA));
	assert_null(scene_create(10, 0, KVMFR20_FRAME_BGRA));
	assert_null(scene_create(16385, 10, KVMFR20_FRAME_BGRA));
	assert_null(scene_create(10, 16385, KVMFR20_FRAME_BGRA));
	assert_null(scene_create(10, 10, KVMFR20_FRAME_INVALID));
	assert_null(scene_create(10, 10, KVMFR20_FRAME_MAX));
	assert_null(scene_create(10, 10, 1000));
	for (size_t i = 0; i < ARRAY_LEN(types); ++i) {
		scene_destroy(make(1, 1, types[i]));
		scene_destroy(make(16384, 1, types[i]));
	}
	scene_destroy(NULL);
}

static void test_frame_desc(void **state)
{
	const uint32_t w = 203, h = 17;
	const uint32_t pitch[] = {w * 4, w * 4, w * 4, w * 8, (3 * w + 3) / 4 * 4, 3 * w};
	for (size_t i = 0; i < ARRAY_LEN(types); ++i) {
		struct scene *s = make(w, h, types[i]);
		struct lgp_frame_desc d;
		scene_frame_desc(s, &d);
		assert_int_equal(d.type, types[i]);
		assert_int_equal(d.frame_width, w);
		assert_int_equal(d.frame_height, h);
		assert_int_equal(d.screen_width, w);
		assert_int_equal(d.data_height, h);
		assert_int_equal(d.pitch, pitch[i]);
		assert_int_equal(d.data_width,
				 types[i] == KVMFR20_FRAME_BGR_32 ? (3 * w + 3) / 4 : w);
		assert_null(d.damage);
		assert_int_equal(d.flags & KVMFR20_FRAME_FLAG_HDR,
				 types[i] == KVMFR20_FRAME_RGBA16F ? KVMFR20_FRAME_FLAG_HDR : 0);
		uint32_t count, p;
		assert_non_null(scene_render(s, 0, NULL, &count, &p));
		assert_int_equal(p, pitch[i]);
		scene_destroy(s);
	}
}

/* Sample every step-th pixel and the last one. */
static uint32_t next(uint32_t v, uint32_t step, uint32_t end)
{
	return v == end - 1 ? end : (v + step < end ? v + step : end - 1);
}

/* Every sampled pixel of frames 0..5 decodes to the expected colour. */
static void check_decode(uint32_t w, uint32_t h, uint32_t step)
{
	for (size_t i = 0; i < ARRAY_LEN(types); ++i) {
		struct scene *s = make(w, h, types[i]);
		for (uint64_t n = 0; n <= 5; ++n) {
			struct lgp_rect damage[KVMFR20_MAX_DAMAGE_RECTS];
			uint32_t count, pitch;
			const uint8_t *buf = scene_render(s, n, damage, &count, &pitch);
			for (uint32_t y = 0; y < h; y = next(y, step, h))
				for (uint32_t x = 0; x < w; x = next(x, step, w))
					assert_int_equal(scene_decode_rgb(s, buf, pitch, x, y),
							 scene_expected_rgb(s, n, x, y));
		}
		scene_destroy(s);
	}
}

static void test_decode_all_pixels(void **state)
{
	check_decode(203, 157, 1);
}

static void test_decode_grid(void **state)
{
	check_decode(1280, 720, 7);
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* Independent of scene_format.c: value of an IEEE half. */
static double half_value(uint16_t h)
{
	int e = (h >> 10) & 0x1F, m = h & 0x3FF;
	double v = e ? ldexp(m | 0x400, e - 25) : ldexp(m, -24);
	return (h & 0x8000) ? -v : v;
}

/* The bytes in memory, checked against the documented layouts. */
static void test_format_layout(void **state)
{
	const uint32_t w = 61, h = 40;
	const uint32_t px[][2] = {{0, 0}, {1, 0}, {60, 39}, {33, 21}, {59, 3}, {2, 38}};
	for (size_t t = 0; t < ARRAY_LEN(types); ++t) {
		struct scene *s = make(w, h, types[t]);
		uint32_t count, pitch;
		const uint8_t *buf = scene_render(s, 3, NULL, &count, &pitch);
		for (size_t i = 0; i < ARRAY_LEN(px); ++i) {
			uint32_t x = px[i][0], y = px[i][1];
			uint32_t c = scene_expected_rgb(s, 3, x, y);
			uint32_t r = c >> 16, g = (c >> 8) & 0xFF, b = c & 0xFF;
			const uint8_t *row = buf + (size_t)y * pitch;
			const uint8_t *p;
			switch (types[t]) {
			case KVMFR20_FRAME_BGRA:
				p = row + 4 * x;
				assert_true(p[0] == b && p[1] == g && p[2] == r && p[3] == 0xFF);
				break;
			case KVMFR20_FRAME_RGBA:
				p = row + 4 * x;
				assert_true(p[0] == r && p[1] == g && p[2] == b && p[3] == 0xFF);
				break;
			case KVMFR20_FRAME_RGBA10: {
				p = row + 4 * x;
				uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
					     (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
				assert_int_equal(v & 0x3FF, r << 2 | r >> 6);
				assert_int_equal((v >> 10) & 0x3FF, g << 2 | g >> 6);
				assert_int_equal((v >> 20) & 0x3FF, b << 2 | b >> 6);
				assert_int_equal(v >> 30, 3);
				break;
			}
			case KVMFR20_FRAME_RGBA16F: {
				p = row + 8 * x;
				const uint32_t ch[3] = {r, g, b};
				for (int k = 0; k < 3; ++k)
					assert_true(fabs(half_value(le16(p + 2 * k)) - scene_srgb_to_linear(ch[k] / 255.0)) <=
						    ldexp(1, -12));
				assert_int_equal(le16(p + 6), 0x3C00);
				break;
			}
			case KVMFR20_FRAME_BGR_32:
				assert_int_equal(pitch, (3 * w + 3) / 4 * 4);
				p = row + 3 * x;
				assert_true(p[0] == b && p[1] == g && p[2] == r);
				break;
			case KVMFR20_FRAME_RGB_24:
				assert_int_equal(pitch, 3 * w);
				p = row + 3 * x;
				assert_true(p[0] == r && p[1] == g && p[2] == b);
				break;
			}
		}
		scene_destroy(s);
	}
}

static void test_half(void **state)
{
	assert_int_equal(scene_half_from_float(0.0f), 0x0000);
	assert_int_equal(scene_half_from_float(-0.0f), 0x8000);
	assert_int_equal(scene_half_from_float(1.0f), 0x3C00);
	assert_int_equal(scene_half_from_float(0.5f), 0x3800);
	assert_int_equal(scene_half_from_float(-2.0f), 0xC000);
	assert_int_equal(scene_half_from_float(65504.0f), 0x7BFF);
	assert_int_equal(scene_half_from_float(70000.0f), 0x7C00);
	assert_int_equal(scene_half_from_float(INFINITY), 0x7C00);
	assert_true((scene_half_from_float(NAN) & 0x7C00) == 0x7C00 &&
		    (scene_half_from_float(NAN) & 0x3FF) != 0);
	/* ties go to even; above a tie rounds up */
	assert_int_equal(scene_half_from_float(1.0f + ldexpf(1, -11)), 0x3C00);
	assert_int_equal(scene_half_from_float(1.0f + 3 * ldexpf(1, -11)), 0x3C02);
	assert_int_equal(scene_half_from_float(1.0f + ldexpf(1, -11) + ldexpf(1, -20)), 0x3C01);
	/* subnormals */
	assert_int_equal(scene_half_from_float(ldexpf(1, -24)), 0x0001);
	assert_int_equal(scene_half_from_float(ldexpf(3, -25)), 0x0002);
	assert_int_equal(scene_half_from_float(ldexpf(1, -26)), 0x0000);
	assert_int_equal(scene_half_from_float(ldexpf(1023, -24)), 0x03FF);
	for (unsigned v = 0; v < 256; ++v) {
		uint16_t hv = scene_half_from_float((float)v / 255.0f);
		assert_true(fabs(half_value(hv) - v / 255.0) <= ldexp(1, -12));
		assert_true(scene_half_to_float(hv) == (float)half_value(hv));
	}
}

/* Frames rendered incrementally equal the same frame rendered fully. */
static void check_incremental(uint32_t w, uint32_t h, uint32_t type, uint64_t last)
{
	struct scene *a = make(w, h, type), *b = make(w, h, type);
	const uint8_t *pa = NULL, *pb;
	uint32_t count, pitch;
	for (uint64_t n = 0; n <= last; ++n)
		pa = scene_render(a, n, NULL, &count, &pitch);
	pb = scene_render(b, last, NULL, &count, &pitch);
	assert_int_equal(count, 0);
	assert_memory_equal(pa, pb, frame_bytes(a));
	scene_destroy(a);
	scene_destroy(b);
}

static void test_incremental_equals_jump(void **state)
{
	for (size_t i = 0; i < ARRAY_LEN(types); ++i) {
		check_incremental(203, 157, types[i], 20);
		check_incremental(640, 480, types[i], 20);
	}
	/* past the block's bounce (320 wide: at frame 70) and the 600th frame */
	check_incremental(320, 200, KVMFR20_FRAME_BGRA, 150);
	check_incremental(320, 200, KVMFR20_FRAME_RGB_24, 700);
	check_incremental(7, 5, KVMFR20_FRAME_BGR_32, 30);
}

static int in_rects(const struct lgp_rect *r, uint32_t n, uint32_t x, uint32_t y)
{
	for (uint32_t i = 0; i < n; ++i)
		if (x >= r[i].x && x < r[i].x + r[i].w && y >= r[i].y && y < r[i].y + r[i].h)
			return 1;
	return 0;
}

/* Every pixel that changed from frame n-1 lies in frame n's damage. */
static void check_damage(uint32_t w, uint32_t h, uint32_t type, uint64_t frames)
{
	struct scene *s = make(w, h, type);
	size_t size = frame_bytes(s);
	uint8_t *prev = malloc(size);
	assert_non_null(prev);
	struct lgp_rect r[KVMFR20_MAX_DAMAGE_RECTS];
	uint32_t count, pitch;
	memcpy(prev, scene_render(s, 0, r, &count, &pitch), size);
	assert_int_equal(count, 0);
	for (uint64_t n = 1; n <= frames; ++n) {
		const uint8_t *buf = scene_render(s, n, r, &count, &pitch);
		if (n % SCENE_FULL_PERIOD == 0) {
			assert_int_equal(count, 0);
		} else {
			assert_in_range(count, 1, 3);
			for (uint32_t i = 0; i < count; ++i) {
				assert_true(r[i].w > 0 && r[i].h > 0);
				assert_true(r[i].x + r[i].w <= w && r[i].y + r[i].h <= h);
			}
			for (uint32_t y = 0; y < h; ++y)
				for (uint32_t x = 0; x < w; ++x)
					if (scene_decode_rgb(s, buf, pitch, x, y) !=
					    scene_decode_rgb(s, prev, pitch, x, y))
						assert_true(in_rects(r, count, x, y));
		}
		memcpy(prev, buf, size);
	}
	free(prev);
	scene_destroy(s);
}

static void test_damage_covers_changes(void **state)
{
	check_damage(320, 200, KVMFR20_FRAME_BGRA, 650);
	check_damage(203, 157, KVMFR20_FRAME_BGR_32, 120);
	check_damage(1280, 720, KVMFR20_FRAME_RGBA10, 12);
}

static void test_full_repaints(void **state)
{
	struct scene *s = make(640, 360, KVMFR20_FRAME_RGBA);
	struct lgp_rect r[KVMFR20_MAX_DAMAGE_RECTS];
	uint32_t count, pitch;
	scene_render(s, 0, r, &count, &pitch);
	assert_int_equal(count, 0);
	for (uint64_t n = 1; n < 600; ++n) {
		scene_render(s, n, r, &count, &pitch);
		assert_in_range(count, 1, KVMFR20_MAX_DAMAGE_RECTS);
	}
	scene_render(s, 600, r, &count, &pitch);
	assert_int_equal(count, 0);
	scene_render(s, 601, r, &count, &pitch);
	assert_true(count > 0);
	scene_render(s, 605, r, &count, &pitch); /* a jump */
	assert_int_equal(count, 0);
	scene_render(s, 605, r, &count, &pitch); /* a repeat */
	assert_int_equal(count, 0);
	scene_render(s, UINT64_MAX, r, &count, &pitch);
	assert_int_equal(count, 0);
	scene_destroy(s);
}

static void test_counter(void **state)
{
	const uint32_t w = 320, h = 200;
	struct scene *s = make(w, h, KVMFR20_FRAME_BGRA);
	uint32_t diff = 0, far = 0;
	for (uint32_t y = 0; y < h; ++y)
		for (uint32_t x = 0; x < w; ++x)
			if (scene_expected_rgb(s, 1, x, y) != scene_expected_rgb(s, 2, x, y)) {
				if (y < h / 4) /* the box is at the top, the block lower */
					++diff;
				else
					++far;
			}
	assert_true(diff > 4);
	assert_true(far > 0); /* the block moved */

	/* and the rendered frames show it */
	struct lgp_rect r[KVMFR20_MAX_DAMAGE_RECTS];
	uint32_t count, pitch, seen = 0;
	scene_render(s, 1, r, &count, &pitch);
	uint8_t *one = malloc(frame_bytes(s));
	assert_non_null(one);
	memcpy(one, scene_render(s, 1, r, &count, &pitch), frame_bytes(s));
	const uint8_t *two = scene_render(s, 2, r, &count, &pitch);
	for (uint32_t y = 0; y < h / 4; ++y)
		for (uint32_t x = 0; x < w; ++x)
			seen += scene_decode_rgb(s, one, pitch, x, y) !=
				scene_decode_rgb(s, two, pitch, x, y);
	assert_int_equal(seen, diff);
	/* a 20-digit number fits too and differs from its neighbour */
	diff = 0;
	for (uint32_t y = 0; y < h / 4; ++y)
		for (uint32_t x = 0; x < w; ++x)
			diff += scene_expected_rgb(s, UINT64_MAX, x, y) !=
				scene_expected_rgb(s, UINT64_MAX - 1, x, y);
	assert_true(diff > 4);
	free(one);
	scene_destroy(s);
}

/* A digit pixel of the counter: pure red, green >= 0xF0, blue 0x40..0x5F
 * (neither the background nor the block has that). */
static int lit(uint32_t c)
{
	uint32_t g = (c >> 8) & 0xFF, b = c & 0xFF;
	return (c >> 16) == 0xFF && g >= 0xF0 && b >= 0x40 && b < 0x60;
}

/* The glyph rows and first-glyph columns that the font lights for text. */
static void text_extent(const char *text, uint32_t *top, uint32_t *bottom, uint32_t *left)
{
	*top = FONT8X16_H;
	*bottom = 0;
	*left = FONT8X16_W;
	for (const char *c = text; *c; ++c)
		for (uint32_t gy = 0; gy < FONT8X16_H; ++gy)
			for (uint32_t gx = 0; gx < FONT8X16_W; ++gx)
				if (font8x16_pixel((unsigned char)*c, gx, gy)) {
					*top = gy < *top ? gy : *top;
					*bottom = gy > *bottom ? gy : *bottom;
					if (c == text && gx < *left)
						*left = gx;
				}
}

/* The counter reads `text`: the lit pixels are the font's glyphs, left to
 * right, in cells one glyph wide. The lit bounds against the font's own
 * extent of text give the origin and the scale. */
static void check_digits(uint32_t w, uint32_t h, uint64_t n, const char *text)
{
	struct scene *s = make(w, h, KVMFR20_FRAME_RGBA);
	uint32_t minx = w, miny = h, maxy = 0, total = 0;
	for (uint32_t y = 0; y < h / 4; ++y)
		for (uint32_t x = 0; x < w; ++x)
			if (lit(scene_expected_rgb(s, n, x, y))) {
				minx = x < minx ? x : minx;
				miny = y < miny ? y : miny;
				maxy = y > maxy ? y : maxy;
				++total;
			}
	assert_true(total > 0);
	uint32_t top, bottom, left;
	text_extent(text, &top, &bottom, &left);
	uint32_t rows = bottom - top + 1;
	uint32_t scale = (maxy - miny + 1) / rows, adv = FONT8X16_W * scale, found = 0;
	assert_true(scale >= 1);
	assert_int_equal(maxy - miny + 1, rows * scale);
	uint32_t ox = minx - left * scale, oy = miny - top * scale;
	for (uint32_t y = oy; y < oy + FONT8X16_H * scale; ++y)
		for (uint32_t x = ox; x < ox + strlen(text) * adv && x < w; ++x) {
			uint32_t cell = (x - ox) / adv;
			int on = font8x16_pixel((unsigned char)text[cell], (x - ox) % adv / scale,
						(y - oy) / scale);
			assert_int_equal(lit(scene_expected_rgb(s, n, x, y)), on);
			found += on;
		}
	assert_int_equal(found, total);
	scene_destroy(s);
}

static void test_counter_digits(void **state)
{
	check_digits(320, 200, 2024, "2024");
	check_digits(1920, 1080, 2907654318ull, "2907654318");
	check_digits(1920, 1080, 28, "28");
}

/* A misplaced row or column of the background shows. */
static void test_background_varies(void **state)
{
	const uint32_t w = 640, h = 480;
	struct scene *s = make(w, h, KVMFR20_FRAME_BGRA);
	for (uint32_t y = h * 7 / 8; y + 1 < h; ++y)
		for (uint32_t x = 0; x + 1 < w; ++x) {
			uint32_t c = scene_expected_rgb(s, 0, x, y);
			assert_int_not_equal(c, scene_expected_rgb(s, 0, x + 1, y));
			assert_int_not_equal(c, scene_expected_rgb(s, 0, x, y + 1));
		}
	assert_int_equal(scene_expected_rgb(s, 0, w, 0), 0);
	assert_int_equal(scene_expected_rgb(s, 0, 0, h), 0);
	scene_destroy(s);
}

static void test_cursor_shapes(void **state)
{
	struct lgp_cursor_shape c;
	scene_cursor_shape(KVMFR20_CURSOR_COLOR, &c);
	assert_int_equal(c.type, KVMFR20_CURSOR_COLOR);
	assert_true(c.width == 32 && c.height == 32 && c.pitch == 128);
	assert_true(c.hx == 1 && c.hy == 1);
	const uint8_t *p = c.pixels;
	assert_int_equal(p[(1 * 32 + 1) * 4 + 3], 0xFF); /* the tip, at the hotspot */
	assert_int_equal(p[3], 0);                         /* (0,0) transparent */
	uint32_t half = 0;
	for (uint32_t i = 0; i < 32 * 32; ++i)
		half += p[i * 4 + 3] != 0 && p[i * 4 + 3] != 0xFF;
	assert_true(half > 0);

	scene_cursor_shape(KVMFR20_CURSOR_MONOCHROME, &c);
	assert_int_equal(c.type, KVMFR20_CURSOR_MONOCHROME);
	assert_true(c.width == 32 && c.height == 32 && c.pitch == 4);
	p = c.pixels; /* 64 rows: AND then XOR */
	const uint8_t *xor_rows = p + 32 * 4;
	assert_true((p[0] & 0x80) && !(xor_rows[0] & 0x80));  /* (0,0) transparent */
	assert_true(!(p[4] & 0x40) && !(xor_rows[4] & 0x40)); /* (1,1) black */
	uint32_t kinds[4] = {0};
	for (uint32_t y = 0; y < 32; ++y)
		for (uint32_t x = 0; x < 32; ++x) {
			unsigned a = (p[y * 4 + x / 8] >> (7 - x % 8)) & 1;
			unsigned xo = (xor_rows[y * 4 + x / 8] >> (7 - x % 8)) & 1;
			kinds[a << 1 | xo]++;
		}
	for (int k = 0; k < 4; ++k)
		assert_true(kinds[k] > 0); /* black, white, transparent, inverted */

	scene_cursor_shape(KVMFR20_CURSOR_MASKED_COLOR, &c);
	assert_int_equal(c.type, KVMFR20_CURSOR_MASKED_COLOR);
	assert_true(c.width == 32 && c.height == 32 && c.pitch == 128);
	p = c.pixels;
	uint32_t opaque = 0, xored = 0;
	for (uint32_t i = 0; i < 32 * 32; ++i) {
		uint8_t a = p[i * 4 + 3];
		assert_true(a == 0 || a == 0xFF);
		opaque += a == 0;
		xored += a == 0xFF;
	}
	assert_true(opaque > 0 && xored > 0);
	assert_int_equal(p[(1 * 32 + 1) * 4 + 3], 0); /* the tip: opaque */
	/* (0,0) is transparent: XOR with black */
	assert_true(p[0] == 0 && p[1] == 0 && p[2] == 0 && p[3] == 0xFF);

	scene_cursor_shape(77, &c);
	assert_int_equal(c.type, KVMFR20_CURSOR_COLOR);
}

static void test_cursor_pos(void **state)
{
	const uint32_t sizes[][2] = {{1920, 1080}, {320, 200}, {33, 32}, {20, 10}, {16384, 64}};
	for (size_t i = 0; i < ARRAY_LEN(sizes); ++i) {
		uint32_t w = sizes[i][0], h = sizes[i][1];
		struct scene *s = make(w, h, KVMFR20_FRAME_RGB_24);
		int16_t px = 0, py = 0, x, y;
		for (uint64_t n = 0; n <= 10000; ++n) {
			scene_cursor_pos(s, n, &x, &y);
			assert_true(x >= 0 && y >= 0);
			assert_true(w >= 32 ? (uint32_t)x + 32 <= w : x == 0);
			assert_true(h >= 32 ? (uint32_t)y + 32 <= h : y == 0);
			if (n)
				assert_true(abs(x - px) <= 3 && abs(y - py) <= 3);
			px = x, py = y;
		}
		scene_destroy(s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_rejects),
		cmocka_unit_test(test_frame_desc),
		cmocka_unit_test(test_decode_all_pixels),
		cmocka_unit_test(test_decode_grid),
		cmocka_unit_test(test_format_layout),
		cmocka_unit_test(test_half),
		cmocka_unit_test(test_incremental_equals_jump),
		cmocka_unit_test(test_damage_covers_changes),
		cmocka_unit_test(test_full_repaints),
		cmocka_unit_test(test_counter),
		cmocka_unit_test(test_counter_digits),
		cmocka_unit_test(test_background_varies),
		cmocka_unit_test(test_cursor_shapes),
		cmocka_unit_test(test_cursor_pos),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
