// SPDX-License-Identifier: GPL-2.0-or-later
/* lgbench-vcode: codes survive scaling (nearest and bilinear), letterboxing and odd
 * offsets; torn frames never decode to a third serial; noise never decodes. */
/* cmocka needs these first, in this order */
// clang-format off
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vcode.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static uint64_t rng_state;

static uint32_t rnd(void)
{
	rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(rng_state >> 32);
}

static uint32_t rnd_range(uint32_t lo, uint32_t hi)
{
	return lo + rnd() % (hi - lo + 1);
}

static uint32_t *alloc_px(size_t n)
{
	uint32_t *p = malloc(n * sizeof(*p));
	assert_non_null(p);
	return p;
}

static void fill_rect(uint32_t *img, int w, int h, int x, int y, int rw, int rh, uint32_t v)
{
	for (int j = y < 0 ? 0 : y; j < y + rh && j < h; j++)
		for (int i = x < 0 ? 0 : x; i < x + rw && i < w; i++)
			img[(size_t)j * w + i] = v;
}

/* A busy frame: gradients, and rectangles of random colours, black and white among them. */
static uint32_t *busy_frame(int w, int h, uint32_t seed)
{
	uint32_t *f = alloc_px((size_t)w * h);
	rng_state = seed;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			f[(size_t)y * w + x] = (uint32_t)(x * 255 / w) << 16 |
					       (uint32_t)(y * 255 / h) << 8 | ((x ^ y) & 0xff);
	for (int i = 0; i < 300; i++) {
		uint32_t c = i % 3 == 0 ? 0 : i % 3 == 1 ? 0xffffff : (rnd() & 0xffffff);
		fill_rect(f, w, h, (int)rnd_range(0, w), (int)rnd_range(0, h),
			  (int)rnd_range(2, w / 8), (int)rnd_range(2, h / 8), c);
	}
	return f;
}

static void stamp(uint32_t *f, int w, int h, uint32_t serial)
{
	uint32_t x, y, rw, rh;
	lgb_vcode_rect((uint32_t)w, (uint32_t)h, &x, &y, &rw, &rh);
	uint32_t *code = alloc_px((size_t)rw * rh);
	lgb_vcode_render(serial, rw, rh, code);
	for (uint32_t j = 0; j < rh; j++)
		memcpy(f + (size_t)(y + j) * w + x, code + (size_t)j * rw, rw * sizeof(*code));
	free(code);
}

/* How a viewer shows the frame: scaled by sx, sy at ox, oy in a black screen. */
struct view {
	double sx, sy;
	bool linear;
	int ox, oy, sw, sh; /* offset of the scaled frame, screen size */
};

static struct view make_view(int fw, int fh, double sx, double sy, bool linear, int ox, int oy)
{
	int dw = (int)lround(fw * sx), dh = (int)lround(fh * sy);
	return (struct view){sx, sy, linear, ox, oy, ox + dw + 53, oy + dh + 29};
}

/* a + (b - a) * t per channel, t in 1/256. */
static uint32_t lerp_px(uint32_t a, uint32_t b, uint32_t t)
{
	uint32_t out = 0;
	for (int s = 0; s < 24; s += 8) {
		uint32_t ca = a >> s & 0xff, cb = b >> s & 0xff;
		out |= ((ca * (256 - t) + cb * t + 128) >> 8) << s;
	}
	return out;
}

/* Where screen pixel d of the scaled frame samples the frame (centre-aligned): the
 * two source pixels and the weight of the second in 1/256 (nearest: 0). */
static void source_of(int d, double scale, int n, bool linear, int *i0, int *i1, uint32_t *t)
{
	double f = (d + 0.5) / scale - 0.5;
	int i = (int)floor(linear ? f : f + 0.5);
	*t = linear ? (uint32_t)((f - i) * 256 + 0.5) : 0;
	*i0 = i < 0 ? 0 : i >= n ? n - 1 : i;
	*i1 = i + 1 < 0 ? 0 : i + 1 >= n ? n - 1 : i + 1;
}

/* Draw the screen pixels of box [x0, x1) x [y0, y1) (clipped to the scaled frame;
 * everything else is a black letterbox when whole is set). */
static void show(const uint32_t *f, int fw, int fh, const struct view *v, uint32_t *scr, bool whole,
		 int x0, int y0, int x1, int y1)
{
	const int dw = (int)lround(fw * v->sx), dh = (int)lround(fh * v->sy);
	if (whole) {
		memset(scr, 0, (size_t)v->sw * v->sh * sizeof(*scr));
		x0 = v->ox, y0 = v->oy, x1 = v->ox + dw, y1 = v->oy + dh;
	}
	x0 = x0 < v->ox ? v->ox : x0;
	y0 = y0 < v->oy ? v->oy : y0;
	x1 = x1 > v->ox + dw ? v->ox + dw : x1;
	y1 = y1 > v->oy + dh ? v->oy + dh : y1;
	if (x1 <= x0 || y1 <= y0)
		return;
	int *cols = malloc(2 * (size_t)(x1 - x0) * sizeof(*cols));
	uint32_t *tx = malloc((size_t)(x1 - x0) * sizeof(*tx));
	assert_true(cols && tx);
	for (int x = x0; x < x1; x++)
		source_of(x - v->ox, v->sx, fw, v->linear, &cols[2 * (x - x0)],
			  &cols[2 * (x - x0) + 1], &tx[x - x0]);
	for (int y = y0; y < y1; y++) {
		int r0, r1;
		uint32_t ty;
		source_of(y - v->oy, v->sy, fh, v->linear, &r0, &r1, &ty);
		const uint32_t *a = f + (size_t)r0 * fw, *b = f + (size_t)r1 * fw;
		uint32_t *out = scr + (size_t)y * v->sw;
		for (int x = x0; x < x1; x++) {
			const int *c = &cols[2 * (x - x0)];
			if (!v->linear) {
				out[x] = a[c[0]];
				continue;
			}
			uint32_t t = tx[x - x0];
			out[x] = lerp_px(lerp_px(a[c[0]], a[c[1]], t), lerp_px(b[c[0]], b[c[1]], t),
					 ty);
		}
	}
	free(cols);
	free(tx);
}

/* The screen box [0],[1] to [2],[3] that shows the frame's code (with a margin). */
static void code_box(int fw, int fh, const struct view *v, int box[4])
{
	uint32_t x, y, w, h;
	lgb_vcode_rect((uint32_t)fw, (uint32_t)fh, &x, &y, &w, &h);
	box[0] = v->ox + (int)floor(x * v->sx) - 2;
	box[1] = v->oy + (int)floor(y * v->sy) - 2;
	box[2] = v->ox + (int)ceil((x + w) * v->sx) + 2;
	box[3] = v->oy + (int)ceil((y + h) * v->sy) + 2;
}

/* Redraw only the screen area of the code after the frame's code changed. */
static void show_code(const uint32_t *f, int fw, int fh, const struct view *v, uint32_t *scr)
{
	int b[4];
	code_box(fw, fh, v, b);
	show(f, fw, fh, v, scr, false, b[0], b[1], b[2], b[3]);
}

static bool read_once(const uint32_t *img, int w, int h, uint32_t *serial)
{
	struct lgb_vcode_reader *r = lgb_vcode_reader_new();
	assert_non_null(r);
	bool ok = lgb_vcode_read(r, img, w, h, w, serial);
	lgb_vcode_reader_free(r);
	return ok;
}

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void test_rect(void **state)
{
	uint32_t x, y, w, h;
	lgb_vcode_rect(1920, 1080, &x, &y, &w, &h);
	assert_true(x == 30 && y == 30 && w == 480 && h == 420);
	const uint32_t sizes[][2] = {{640, 480}, {1280, 720}, {3840, 2160}, {1920, 200},
				     {100, 100}, {17, 15},    {16, 15},	    {64, 14}};
	for (size_t i = 0; i < ARRAY_LEN(sizes); i++) {
		uint32_t fw = sizes[i][0], fh = sizes[i][1];
		lgb_vcode_rect(fw, fh, &x, &y, &w, &h);
		assert_true(x + w <= fw && y + h <= fh);
		assert_true(w == 16 * x && h == 14 * x && y == x);
		if (fh >= 14 * fw / 64 + 20)
			assert_true(w >= fw / 4 && x >= fw / 64);
	}
	lgb_vcode_rect(16, 15, &x, &y, &w, &h);
	assert_true(x == 0 && y == 0 && w == 0 && h == 0);
}

/* The rings, and every data cell the inverse of its rotated partner. */
static void test_layout(void **state)
{
	uint32_t px[16 * 14];
	const uint32_t serials[] = {0, 0xffffffffu, 0x12345678u};
	for (size_t s = 0; s < ARRAY_LEN(serials); s++) {
		lgb_vcode_render(serials[s], 16, 14, px);
		for (int j = 0; j < 14; j++) {
			for (int i = 0; i < 16; i++) {
				int ring = i < j ? i : j;
				ring = 15 - i < ring ? 15 - i : ring;
				ring = 13 - j < ring ? 13 - j : ring;
				uint32_t v = px[j * 16 + i];
				assert_true(v == 0 || v == 0xffffff);
				if (ring < 3)
					assert_int_equal(v, ring == 1 ? 0 : 0xffffff);
				else if (j < 7)
					assert_int_equal(v, px[(13 - j) * 16 + 15 - i] ^ 0xffffff);
			}
		}
		uint32_t got;
		assert_true(read_once(px, 16, 14, &got) == false); /* modules of 1 px: too small */
	}
}

struct scale_case {
	double s;
	int fw, fh;
};

static void test_scaled(void **state)
{
	const struct scale_case cases[] = {
		{0.25, 1920, 1080}, {0.5, 1920, 1080}, {0.75, 1920, 1080}, {1, 1920, 1080},
		{1.5, 1920, 1080},  {2, 1920, 1080},   {3, 1280, 720},	   {4, 960, 540}};
	uint32_t serials[10] = {0, 1, 0xffffffffu, 0x80000000u, 0x7fffffffu};
	rng_state = 42;
	for (size_t i = 5; i < ARRAY_LEN(serials); i++)
		serials[i] = rnd();

	for (size_t c = 0; c < ARRAY_LEN(cases); c++) {
		const struct scale_case *k = &cases[c];
		uint32_t *f = busy_frame(k->fw, k->fh, 7 + (uint32_t)c);
		for (int linear = 0; linear < 2; linear++) {
			struct view v = make_view(k->fw, k->fh, k->s, k->s, linear, 37 + 2 * (int)c,
						  101 + 4 * (int)c);
			uint32_t *scr = alloc_px((size_t)v.sw * v.sh);
			struct lgb_vcode_reader *r = lgb_vcode_reader_new();
			for (size_t i = 0; i < ARRAY_LEN(serials); i++) {
				uint32_t got = 0;
				stamp(f, k->fw, k->fh, serials[i]);
				if (i == 0)
					show(f, k->fw, k->fh, &v, scr, true, 0, 0, 0, 0);
				else
					show_code(f, k->fw, k->fh, &v, scr);
				if (!read_once(scr, v.sw, v.sh, &got) || got != serials[i])
					fail_msg("scale %.2f %s serial %08x: fresh reader failed",
						 k->s, linear ? "linear" : "nearest", serials[i]);
				if (!lgb_vcode_read(r, scr, v.sw, v.sh, v.sw, &got) ||
				    got != serials[i])
					fail_msg("scale %.2f %s serial %08x: cached reader failed",
						 k->s, linear ? "linear" : "nearest", serials[i]);
			}
			/* The located black frame is where the frame put it. */
			double x0, y0, x1, y1;
			uint32_t rx, ry, rw, rh;
			lgb_vcode_rect((uint32_t)k->fw, (uint32_t)k->fh, &rx, &ry, &rw, &rh);
			assert_true(lgb_vcode_reader_where(r, &x0, &y0, &x1, &y1));
			assert_true(fabs(x0 - (v.ox + (rx + rw / 16.0) * k->s)) < 1.0);
			assert_true(fabs(x1 - (v.ox + (rx + rw * 15 / 16.0) * k->s)) < 1.0);
			assert_true(fabs(y0 - (v.oy + (ry + rh / 14.0) * k->s)) < 1.0);
			assert_true(fabs(y1 - (v.oy + (ry + rh * 13 / 14.0) * k->s)) < 1.0);
			lgb_vcode_reader_free(r);
			free(scr);
		}
		free(f);
	}
}

/* A viewer that stretches (no letterbox) and small frames. */
static void test_stretched_and_small(void **state)
{
	const struct {
		int fw, fh;
		double sx, sy;
	} cases[] = {{1920, 1080, 1.3, 0.9},
		     {1920, 1080, 0.3, 0.45},
		     {800, 600, 1, 1},
		     {640, 480, 0.75, 0.75}};
	for (size_t c = 0; c < ARRAY_LEN(cases); c++) {
		uint32_t *f = busy_frame(cases[c].fw, cases[c].fh, 99);
		stamp(f, cases[c].fw, cases[c].fh, 0xc0ffee00u + (uint32_t)c);
		for (int linear = 0; linear < 2; linear++) {
			struct view v = make_view(cases[c].fw, cases[c].fh, cases[c].sx,
						  cases[c].sy, linear, 13, 7);
			uint32_t *scr = alloc_px((size_t)v.sw * v.sh), got = 0;
			show(f, cases[c].fw, cases[c].fh, &v, scr, true, 0, 0, 0, 0);
			assert_true(read_once(scr, v.sw, v.sh, &got));
			assert_int_equal(got, 0xc0ffee00u + c);
			free(scr);
		}
		free(f);
	}
}

/* Thousands of serials at 1x through one cached reader, stride wider than the image. */
static void test_many_serials(void **state)
{
	const int fw = 1920, fh = 1080, stride = 2000;
	uint32_t *f = busy_frame(fw, fh, 5), *img = alloc_px((size_t)stride * fh);
	struct lgb_vcode_reader *r = lgb_vcode_reader_new();
	rng_state = 1234;
	for (int i = 0; i < 3000; i++) {
		uint32_t serial = i < 1000 ? (uint32_t)i : rnd(), got = 0;
		stamp(f, fw, fh, serial);
		for (int y = 0; y < 480; y++)
			memcpy(img + (size_t)y * stride, f + (size_t)y * fw, 540 * sizeof(*f));
		if (i == 0)
			for (int y = 0; y < fh; y++)
				memcpy(img + (size_t)y * stride, f + (size_t)y * fw,
				       fw * sizeof(*f));
		assert_true(lgb_vcode_read(r, img, fw, fh, stride, &got));
		assert_int_equal(got, serial);
	}
	lgb_vcode_reader_free(r);
	free(img);
	free(f);
}

/* Torn frames: the code's rows (or columns) before t come from frame a, the rest from
 * frame b; the viewer then scales the torn frame. */
struct tear {
	uint32_t *fa, *fb, *ft, *scr;
	const struct view *v;
	bool vertical;
	int counts[4]; /* not decoded, decoded a, decoded b, a == b */
};

static void tear_pair(struct tear *k, uint32_t a, uint32_t b)
{
	const int fw = 1920, fh = 1080;
	const struct view *v = k->v;
	uint32_t rx, ry, rw, rh, got;
	int box[4];

	lgb_vcode_rect(fw, fh, &rx, &ry, &rw, &rh);
	code_box(fw, fh, v, box);
	stamp(k->fa, fw, fh, a);
	stamp(k->fb, fw, fh, b);
	stamp(k->ft, fw, fh, b);
	show_code(k->ft, fw, fh, v, k->scr);
	struct lgb_vcode_reader *r = lgb_vcode_reader_new();
	for (uint32_t t = 0; t <= (k->vertical ? rw : rh); t++) {
		if (t > 0 && k->vertical) {
			for (uint32_t j = 0; j < rh; j++) {
				size_t o = (size_t)(ry + j) * fw + rx + t - 1;
				k->ft[o] = k->fa[o];
			}
			double f = rx + t - 1;
			show(k->ft, fw, fh, v, k->scr, false,
			     v->ox + (int)floor((f - 1) * v->sx) - 1, box[1],
			     v->ox + (int)ceil((f + 2) * v->sx) + 1, box[3]);
		} else if (t > 0) {
			size_t o = (size_t)(ry + t - 1) * fw + rx;
			memcpy(k->ft + o, k->fa + o, rw * sizeof(*k->ft));
			double f = ry + t - 1;
			show(k->ft, fw, fh, v, k->scr, false, box[0],
			     v->oy + (int)floor((f - 1) * v->sy) - 1, box[2],
			     v->oy + (int)ceil((f + 2) * v->sy) + 1);
		}
		for (int cached = 0; cached < 2; cached++) {
			bool ok = cached ? lgb_vcode_read(r, k->scr, v->sw, v->sh, v->sw, &got)
					 : read_once(k->scr, v->sw, v->sh, &got);
			if (ok && got != a && got != b)
				fail_msg("%s tear %u of %08x/%08x decoded to %08x",
					 k->vertical ? "vertical" : "horizontal", t, a, b, got);
			k->counts[!ok ? 0 : a == b ? 3 : got == a ? 1 : 2]++;
		}
	}
	assert_true(lgb_vcode_read(r, k->scr, v->sw, v->sh, v->sw, &got) && got == a);
	lgb_vcode_reader_free(r);
}

static void test_tearing(void **state)
{
	const double scales[] = {1, 0.5, 1.5};
	const int fw = 1920, fh = 1080;
	struct tear k = {.fa = busy_frame(fw, fh, 3),
			 .fb = alloc_px((size_t)fw * fh),
			 .ft = alloc_px((size_t)fw * fh)};
	memcpy(k.fb, k.fa, (size_t)fw * fh * sizeof(*k.fa));
	memcpy(k.ft, k.fa, (size_t)fw * fh * sizeof(*k.fa));
	for (size_t s = 0; s < ARRAY_LEN(scales); s++) {
		for (int linear = scales[s] == 1; linear < 2; linear++) {
			struct view v = make_view(fw, fh, scales[s], scales[s], linear, 21, 9);
			k.v = &v;
			k.scr = alloc_px((size_t)v.sw * v.sh);
			show(k.ft, fw, fh, &v, k.scr, true, 0, 0, 0, 0);
			for (int vertical = 0; vertical < 2; vertical++) {
				k.vertical = vertical;
				memset(k.counts, 0, sizeof(k.counts));
				rng_state = 77 + s;
				const uint32_t firsts[] = {0, 0x0fffffffu, rnd()};
				for (size_t i = 0; i < ARRAY_LEN(firsts); i++) {
					tear_pair(&k, firsts[i], firsts[i] + 1);
					tear_pair(&k, firsts[i], rnd());
				}
				tear_pair(&k, 0x5a5a5a5au, 0xa5a5a5a5u);
				printf("# %s tears at %.1fx %s: %d not decoded, %d decoded to the "
				       "first serial, %d to the second\n",
				       vertical ? "vertical" : "horizontal", scales[s],
				       linear ? "linear" : "nearest", k.counts[0], k.counts[1],
				       k.counts[2]);
			}
			free(k.scr);
		}
	}
	free(k.fa);
	free(k.fb);
	free(k.ft);
}

/* A finder around random cells (not complements of each other) must not decode. */
static void test_bad_payload(void **state)
{
	static uint32_t px[160 * 140], big[200 * 180];
	uint32_t got;
	rng_state = 9;
	for (int n = 0; n < 1000; n++) {
		lgb_vcode_render(rnd(), 160, 140, px);
		for (int c = 0; c < 80; c++)
			if (rnd() & 1)
				fill_rect(px, 160, 140, 30 + c % 10 * 10, 30 + c / 10 * 10, 10, 10,
					  (rnd() & 1) ? 0xffffff : 0);
		fill_rect(big, 200, 180, 0, 0, 200, 180, 0x808080);
		for (int y = 0; y < 140; y++)
			memcpy(big + (size_t)(y + 20) * 200 + 20, px + y * 160,
			       sizeof(px[0]) * 160);
		if (read_once(big, 200, 180, &got)) {
			/* only right when the random cells happen to form a valid code */
			uint32_t want[160 * 140];
			lgb_vcode_render(got, 160, 140, want);
			assert_memory_equal(px, want, sizeof(want));
		}
	}
}

static void test_no_code(void **state)
{
	uint32_t got;
	uint32_t *f = busy_frame(1920, 1080, 11);
	assert_false(read_once(f, 1920, 1080, &got));
	const uint32_t blanks[] = {0, 0xffffff, 0x808080, 0x7f7f7f, 0xff000000};
	for (size_t i = 0; i < ARRAY_LEN(blanks); i++) {
		for (size_t p = 0; p < 1920u * 1080u; p++)
			f[p] = blanks[i];
		assert_false(read_once(f, 1920, 1080, &got));
	}
	/* 1000 noise images: pixel noise, black/white blocks of all sizes, and black
	 * rectangle outlines on white (finder look-alikes). */
	rng_state = 2024;
	struct lgb_vcode_reader *r = lgb_vcode_reader_new();
	for (int n = 0; n < 1000; n++) {
		const int w = 640, h = 360;
		if (n % 3 == 0) {
			for (int p = 0; p < w * h; p++)
				f[p] = rnd() & 0xffffff;
		} else if (n % 3 == 1) {
			int bs = (int)rnd_range(2, 48);
			for (int y = 0; y < h; y += bs)
				for (int x = 0; x < w; x += bs)
					fill_rect(f, w, h, x, y, bs, bs,
						  (rnd() & 1) ? 0xffffff : 0);
		} else {
			fill_rect(f, w, h, 0, 0, w, h, 0xffffff);
			for (int k = 0; k < 12; k++) {
				int x = (int)rnd_range(0, w - 60), y = (int)rnd_range(0, h - 60);
				int rw = (int)rnd_range(40, w - x), rh = (int)rnd_range(30, h - y);
				int t = (int)rnd_range(2, 12);
				fill_rect(f, w, h, x, y, rw, rh, 0);
				fill_rect(f, w, h, x + t, y + t, rw - 2 * t, rh - 2 * t, 0xffffff);
				for (int c = 0; c < 40; c++)
					fill_rect(f, w, h, x + (int)rnd_range(0, rw),
						  y + (int)rnd_range(0, rh), t, t,
						  (rnd() & 1) ? 0xffffff : 0);
			}
		}
		if (read_once(f, w, h, &got) || lgb_vcode_read(r, f, w, h, w, &got))
			fail_msg("noise image %d decoded to %08x", n, got);
	}
	lgb_vcode_reader_free(r);
	free(f);
}

/* The code moves, disappears and comes back: the cached reader follows. */
static void test_moves(void **state)
{
	const int fw = 1920, fh = 1080;
	uint32_t *f = busy_frame(fw, fh, 21), got;
	struct lgb_vcode_reader *r = lgb_vcode_reader_new();
	const int offs[][2] = {{0, 0}, {1, 0}, {3, 2}, {40, 17}, {301, 211}, {2, 500}};
	stamp(f, fw, fh, 4242);
	for (size_t i = 0; i < ARRAY_LEN(offs); i++) {
		struct view v = make_view(fw, fh, 0.5, 0.5, true, offs[i][0], offs[i][1]);
		v.sw = v.sh = 1600; /* one screen size, so the cache is tried */
		uint32_t *scr = alloc_px((size_t)v.sw * v.sh);
		show(f, fw, fh, &v, scr, true, 0, 0, 0, 0);
		assert_true(lgb_vcode_read(r, scr, v.sw, v.sh, v.sw, &got));
		assert_int_equal(got, 4242);
		memset(scr, 0, (size_t)v.sw * v.sh * sizeof(*scr));
		assert_false(lgb_vcode_read(r, scr, v.sw, v.sh, v.sw, &got));
		double x0, y0, x1, y1;
		assert_false(lgb_vcode_reader_where(r, &x0, &y0, &x1, &y1));
		free(scr);
	}
	lgb_vcode_reader_free(r);
	free(f);
}

static void test_timing(void **state)
{
	const int fw = 1920, fh = 1080;
	uint32_t *f = busy_frame(fw, fh, 31), *none = busy_frame(fw, fh, 32), got = 0;
	struct lgb_vcode_reader *r = lgb_vcode_reader_new();
	stamp(f, fw, fh, 0xabcdef01u);
	assert_true(lgb_vcode_read(r, f, fw, fh, fw, &got));

	const int n_cached = 20000, n_fresh = 300;
	double t0 = now_us();
	for (int i = 0; i < n_cached; i++)
		assert_true(lgb_vcode_read(r, f, fw, fh, fw, &got));
	double cached = (now_us() - t0) / n_cached;
	t0 = now_us();
	for (int i = 0; i < n_fresh; i++)
		assert_true(read_once(f, fw, fh, &got));
	double fresh = (now_us() - t0) / n_fresh;
	t0 = now_us();
	for (int i = 0; i < n_fresh; i++)
		assert_false(lgb_vcode_read(r, none, fw, fh, fw, &got));
	double absent = (now_us() - t0) / n_fresh;
	printf("# lgb_vcode_read 1920x1080: cached %.2f us, uncached (full search, code at the "
	       "top left) %.1f us, no code (full search of the image) %.1f us\n",
	       cached, fresh, absent);
	lgb_vcode_reader_free(r);
	free(none);
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rect),	     cmocka_unit_test(test_layout),
		cmocka_unit_test(test_scaled),	     cmocka_unit_test(test_stretched_and_small),
		cmocka_unit_test(test_many_serials), cmocka_unit_test(test_tearing),
		cmocka_unit_test(test_bad_payload),  cmocka_unit_test(test_no_code),
		cmocka_unit_test(test_moves),	     cmocka_unit_test(test_timing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
