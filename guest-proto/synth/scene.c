// SPDX-License-Identifier: GPL-2.0-or-later
#include "synth/scene.h"

#include <stdbool.h>
#include <stdlib.h>

#include "synth/font8x16.h"
#include "guest-proto/kvmfr.h"
#include "guest-proto/wire_b7.h"
#include "synth/scene_format.h"

#define BLOCK_SPEED 4u /* pixels per frame */
#define CURSOR_SPEED_X 3u
#define CURSOR_SPEED_Y 2u
#define MAX_DIGITS 20u /* UINT64_MAX has 20 */
#define BAND 48u       /* diagonal width of a background band */

#define RGB(r, g, b) (((uint32_t)(r) << 16) | ((uint32_t)(g) << 8) | (uint32_t)(b))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

struct scene {
	uint32_t w, h;
	struct lgp_frame_desc desc; /* completed: pitch, data size */
	struct scene_format fmt;
	uint8_t *buf;
	uint32_t *row; /* scratch: one row of canonical colours */
	bool rendered;
	uint64_t last; /* the frame the buffer holds */

	uint32_t block_w, block_h, block_y, block_range;
	uint32_t scale, cells; /* digit scale; digit cells in the counter box */
	uint32_t box_x, box_y, box_w, box_h;
	uint32_t glyph_x, glyph_y; /* top-left of the first digit cell */
};

/* Everything that varies from frame to frame. */
struct frame_state {
	uint32_t block_x;
	uint32_t ndigits;
	char digits[MAX_DIGITS];
};

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);
	if (!p)
		abort();
	return p;
}

/* t*speed folded back and forth into [0, range]. */
static uint32_t bounce(uint64_t t, uint32_t speed, uint32_t range)
{
	if (!range)
		return 0;
	uint64_t period = 2ull * range;
	uint64_t p = (t % period) * speed % period;
	return (uint32_t)(p <= range ? p : period - p);
}

static void frame_state(const struct scene *s, uint64_t n, struct frame_state *f)
{
	f->block_x = bounce(n, BLOCK_SPEED, s->block_range);
	char rev[MAX_DIGITS];
	uint32_t len = 0;
	do {
		rev[len++] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	/* A frame too narrow for all digits shows the low-order ones. */
	f->ndigits = MIN(len, s->cells);
	for (uint32_t i = 0; i < f->ndigits; ++i)
		f->digits[i] = rev[f->ndigits - 1 - i];
}

/*
 * Four hues in diagonal bands with hard edges (which show filtering); within
 * a band red follows x, green y and blue the diagonal. The band bases are
 * multiples of 64, so neighbours always differ in red (across) and green
 * (down): a misplaced row or column shows.
 */
static const uint8_t band_base[4][3] = {
	{192, 64, 0}, {0, 128, 192}, {128, 0, 128}, {64, 192, 64},
};

static uint32_t background(uint32_t x, uint32_t y)
{
	uint32_t d = x + y;
	const uint8_t *b = band_base[(d / BAND) % 4];
	return RGB(b[0] + (x & 63), b[1] + (y & 63), b[2] + d % BAND);
}

/* background() for n pixels of row y from x, without two divisions per
 * pixel: full repaints are mostly background. */
static void background_span(uint32_t *out, uint32_t x, uint32_t y, uint32_t n)
{
	uint32_t band = (x + y) / BAND % 4, t = (x + y) % BAND;
	for (uint32_t i = 0; i < n; ++i) {
		const uint8_t *b = band_base[band];
		out[i] = RGB(b[0] + ((x + i) & 63), b[1] + (y & 63), b[2] + t);
		if (++t == BAND) {
			t = 0;
			band = (band + 1) % 4;
		}
	}
}

/* An 8x8 checker with gradients, in block coordinates: it moves with the
 * block. */
static uint32_t block(uint32_t lx, uint32_t ly)
{
	if (((lx >> 3) ^ (ly >> 3)) & 1)
		return RGB(0xE0 + (lx & 31), 0xE0 + (ly & 31), 0xF0);
	return RGB(lx & 31, ly & 31, 0x20);
}

static uint32_t counter(const struct scene *s, const struct frame_state *f, uint32_t x,
			uint32_t y)
{
	if (x >= s->glyph_x && y >= s->glyph_y) {
		uint32_t adv = FONT8X16_W * s->scale, cx = x - s->glyph_x;
		uint32_t cell = cx / adv, gx = cx % adv / s->scale;
		uint32_t gy = (y - s->glyph_y) / s->scale;
		if (cell < f->ndigits && font8x16_pixel(f->digits[cell], gx, gy))
			return RGB(0xFF, 0xF0 + (y & 15), 0x40 + (x & 31));
	}
	return RGB(0x18 + (x & 7), 0x18 + (y & 7), 0x30);
}

/* Layers top-down: counter box, block, background. */
static uint32_t pixel(const struct scene *s, const struct frame_state *f, uint32_t x, uint32_t y)
{
	if (x >= s->box_x && x - s->box_x < s->box_w && y >= s->box_y && y - s->box_y < s->box_h)
		return counter(s, f, x, y);
	if (y >= s->block_y && y - s->block_y < s->block_h && x >= f->block_x &&
	    x - f->block_x < s->block_w)
		return block(x - f->block_x, y - s->block_y);
	return background(x, y);
}

/* The span of [x0, x1) that [a, a+len) covers, as [*lo, *hi). */
static bool overlap(uint32_t x0, uint32_t x1, uint32_t a, uint32_t len, uint32_t *lo,
		    uint32_t *hi)
{
	*lo = MAX(x0, a);
	*hi = MIN(x1, a + len);
	return *lo < *hi;
}

/* Paint rows bottom layer first; pixel() says the same top-down. */
static void render_rect(struct scene *s, const struct frame_state *f, const struct lgp_rect *r)
{
	uint32_t x0 = r->x, x1 = r->x + r->w, lo, hi;
	for (uint32_t y = r->y; y < r->y + r->h; ++y) {
		uint32_t *row = s->row;
		background_span(row, x0, y, r->w);
		if (y >= s->block_y && y - s->block_y < s->block_h &&
		    overlap(x0, x1, f->block_x, s->block_w, &lo, &hi))
			for (uint32_t x = lo; x < hi; ++x)
				row[x - x0] = block(x - f->block_x, y - s->block_y);
		if (y >= s->box_y && y - s->box_y < s->box_h &&
		    overlap(x0, x1, s->box_x, s->box_w, &lo, &hi))
			for (uint32_t x = lo; x < hi; ++x)
				row[x - x0] = counter(s, f, x, y);
		scene_format_encode(&s->fmt, s->buf + (size_t)y * s->desc.pitch, x0, row, r->w);
	}
}

/* Append (x, y, w, h) clipped to the frame, unless that is empty. */
static uint32_t add_rect(const struct scene *s, struct lgp_rect *r, uint32_t n, uint32_t x,
			 uint32_t y, uint32_t w, uint32_t h)
{
	if (x >= s->w || y >= s->h || !w || !h)
		return n;
	r[n] = (struct lgp_rect){x, y, MIN(w, s->w - x), MIN(h, s->h - y)};
	return n + 1;
}

/* What differs between two consecutive frames: at most 3 rects. */
static uint32_t frame_damage(const struct scene *s, const struct frame_state *prev,
			     const struct frame_state *cur, struct lgp_rect *r)
{
	uint32_t n = 0;
	uint32_t lo = MIN(prev->block_x, cur->block_x), hi = MAX(prev->block_x, cur->block_x);
	if (hi - lo > s->block_w) {
		n = add_rect(s, r, n, lo, s->block_y, s->block_w, s->block_h);
		n = add_rect(s, r, n, hi, s->block_y, s->block_w, s->block_h);
	} else if (hi != lo) {
		n = add_rect(s, r, n, lo, s->block_y, hi - lo + s->block_w, s->block_h);
	}

	uint32_t i = 0, m = MAX(prev->ndigits, cur->ndigits);
	while (i < prev->ndigits && i < cur->ndigits && prev->digits[i] == cur->digits[i])
		++i;
	if (i < m) {
		uint32_t adv = FONT8X16_W * s->scale;
		n = add_rect(s, r, n, s->glyph_x + i * adv, s->glyph_y, (m - i) * adv - s->scale,
			     FONT8X16_H * s->scale);
	}
	return n;
}

static void layout(struct scene *s)
{
	uint32_t w = s->w, h = s->h;
	s->block_w = MAX(w / 8, 1u);
	s->block_h = MAX(h / 4, 1u);
	s->block_y = (h - s->block_h) / 2;
	s->block_range = w - s->block_w;

	s->scale = MIN(MAX(h / 288, 1u), 3u);
	uint32_t adv = FONT8X16_W * s->scale;
	s->box_x = s->box_y = 2 * s->scale;
	s->glyph_x = s->box_x + s->scale;
	s->glyph_y = s->box_y + s->scale;
	s->cells = w > s->glyph_x ? MIN((w - s->glyph_x) / adv, MAX_DIGITS) : 0;
	s->box_w = s->scale + s->cells * adv;
	s->box_h = (FONT8X16_H + 2) * s->scale;
}

struct scene *scene_create(uint32_t width, uint32_t height, uint32_t type)
{
	const struct lgp_format_info *fi = lgp_format_info(type);
	if (!fi || !width || !height || width > LGP_FRAME_MAX_DIM || height > LGP_FRAME_MAX_DIM)
		return NULL;

	struct scene *s = xcalloc(1, sizeof(*s));
	s->w = width;
	s->h = height;
	s->desc = (struct lgp_frame_desc){
		.type = type,
		.screen_width = width, .screen_height = height,
		.frame_width = width, .frame_height = height,
		.flags = fi->hdr ? KVMFR20_FRAME_FLAG_HDR : 0,
	};
	if (lgp_frame_desc_complete(&s->desc) < 0)
		goto err_desc;
	/* The only big allocation: a real error path, not an abort. */
	s->buf = calloc((size_t)s->desc.pitch * height, 1);
	if (!s->buf)
		goto err_desc;
	s->row = xcalloc(width, sizeof(*s->row));
	scene_format_init(&s->fmt, type);
	layout(s);
	return s;

err_desc:
	free(s);
	return NULL;
}

void scene_destroy(struct scene *s)
{
	if (!s)
		return;
	free(s->row);
	free(s->buf);
	free(s);
}

void scene_frame_desc(const struct scene *s, struct lgp_frame_desc *d)
{
	*d = s->desc;
}

const uint8_t *scene_render(struct scene *s, uint64_t n, struct lgp_rect *damage,
			    uint32_t *count, uint32_t *pitch)
{
	struct frame_state cur, prev;
	struct lgp_rect rects[KVMFR20_MAX_DAMAGE_RECTS];
	uint32_t cnt = 0;

	frame_state(s, n, &cur);
	if (n % SCENE_FULL_PERIOD != 0 && s->rendered && n == s->last + 1) {
		frame_state(s, n - 1, &prev);
		cnt = frame_damage(s, &prev, &cur, rects);
	}
	/* cnt stays 0 also when nothing changed (frames too small for the
	 * block to move and the counter to show): a full repaint is cheap
	 * there, and count 0 cannot mean "nothing". */
	if (cnt == 0)
		render_rect(s, &cur, &(struct lgp_rect){0, 0, s->w, s->h});
	for (uint32_t i = 0; i < cnt; ++i)
		render_rect(s, &cur, &rects[i]);
	s->rendered = true;
	s->last = n;

	if (damage)
		for (uint32_t i = 0; i < cnt; ++i)
			damage[i] = rects[i];
	if (count)
		*count = cnt;
	if (pitch)
		*pitch = s->desc.pitch;
	return s->buf;
}

uint32_t scene_expected_rgb(const struct scene *s, uint64_t n, uint32_t x, uint32_t y)
{
	if (x >= s->w || y >= s->h)
		return 0;
	struct frame_state f;
	frame_state(s, n, &f);
	return pixel(s, &f, x, y);
}

uint32_t scene_decode_rgb(const struct scene *s, const uint8_t *buf, uint32_t pitch, uint32_t x,
			  uint32_t y)
{
	if (x >= s->w || y >= s->h)
		return 0;
	return scene_format_decode(&s->fmt, buf + (size_t)y * pitch, x);
}

void scene_cursor_pos(const struct scene *s, uint64_t n, int16_t *x, int16_t *y)
{
	uint32_t rx = s->w > SCENE_CURSOR_SIZE ? s->w - SCENE_CURSOR_SIZE : 0;
	uint32_t ry = s->h > SCENE_CURSOR_SIZE ? s->h - SCENE_CURSOR_SIZE : 0;
	*x = (int16_t)bounce(n, CURSOR_SPEED_X, rx);
	*y = (int16_t)bounce(n, CURSOR_SPEED_Y, ry);
}
