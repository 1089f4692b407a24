// SPDX-License-Identifier: GPL-2.0-or-later
/* vcode: render the serial code and find it again on a screen grab (layout in vcode.h). */
#include "vcode.h"

#include <stdlib.h>

#define MX LGB_VCODE_MODULES_X /* 16 */
#define MY LGB_VCODE_MODULES_Y /* 14 */
/* Ring 1, the black frame, spans modules 1..14 x 1..12: FX x FY modules. */
#define FX (MX - 2)
#define FY (MY - 2)
#define DATA_COLS 10
#define DATA_ROWS 4 /* rows of the word; as many again hold its complement */

#define THR 128		 /* luma: dark below, light from here */
#define MIN_MODULE 2.5	 /* on screen, pixels */
#define MIN_CONTRAST 64	 /* lightest black vs darkest white module of the finder */
#define SEARCH_STEP_X 16 /* < FX * MIN_MODULE: every long dark run holds a probe */
#define SEARCH_STEP_Y 2	 /* < the black band's height */

enum { NO_FINDER, BAD_PAYLOAD, DECODED };

struct geom {
	double x0, y0, x1, y1; /* outer edges of ring 1 */
};

struct lgb_vcode_reader {
	bool have;
	int w, h;
	struct geom g;
};

struct image {
	const uint32_t *px;
	int w, h, stride;
};

static uint8_t crc8(uint32_t v)
{
	uint8_t c = 0xff;
	for (int i = 0; i < 4; i++) {
		c ^= (uint8_t)(v >> (8 * i));
		for (int b = 0; b < 8; b++)
			c = (c & 0x80) ? (uint8_t)((c << 1) ^ 0x2f) : (uint8_t)(c << 1);
	}
	return c;
}

/* Is module (i, j) of the 16 x 14 grid black in the code for word? */
static bool module_black(uint64_t word, int i, int j)
{
	if (i == 0 || j == 0 || i == MX - 1 || j == MY - 1)
		return false;
	if (i == 1 || j == 1 || i == MX - 2 || j == MY - 2)
		return true;
	if (i == 2 || j == 2 || i == MX - 3 || j == MY - 3)
		return false;
	int c = i - 3, r = j - 3;
	if (r < DATA_ROWS)
		return word >> (r + DATA_ROWS * c) & 1;
	c = DATA_COLS - 1 - c;
	r = 2 * DATA_ROWS - 1 - r;
	return !(word >> (r + DATA_ROWS * c) & 1);
}

void lgb_vcode_rect(uint32_t frame_w, uint32_t frame_h, uint32_t *x, uint32_t *y, uint32_t *w,
		    uint32_t *h)
{
	uint32_t u = (frame_w + 63) / 64;
	if (u > frame_w / (MX + 1))
		u = frame_w / (MX + 1);
	if (u > frame_h / (MY + 1))
		u = frame_h / (MY + 1);
	*x = *y = u;
	*w = MX * u;
	*h = MY * u;
}

void lgb_vcode_render(uint32_t serial, uint32_t rect_w, uint32_t rect_h, uint32_t *out)
{
	const uint64_t word = serial | (uint64_t)crc8(serial) << 32;
	uint32_t start[MX + 1]; /* first pixel column of each module */

	for (uint32_t i = 0; i <= MX; i++)
		start[i] = (uint32_t)(((uint64_t)i * rect_w + MX - 1) / MX);
	for (uint32_t y = 0; y < rect_h; y++) {
		int j = (int)((uint64_t)y * MY / rect_h);
		uint32_t *row = out + (size_t)y * rect_w;
		for (int i = 0; i < MX; i++) {
			uint32_t v = module_black(word, i, j) ? 0x000000 : 0xffffff;
			for (uint32_t x = start[i]; x < start[i + 1]; x++)
				row[x] = v;
		}
	}
}

static inline int luma(uint32_t p)
{
	return (int)(((p >> 16 & 0xff) * 77 + (p >> 8 & 0xff) * 150 + (p & 0xff) * 29) >> 8);
}

static inline int at(const struct image *m, int x, int y)
{
	return luma(m->px[(size_t)y * (size_t)m->stride + (size_t)x]);
}

/* Luma at the centre of module (i, j) of the 16 x 14 grid; false when off the image. */
static bool sample(const struct image *m, const struct geom *g, int i, int j, int *l)
{
	double fx = g->x0 + (i - 0.5) * (g->x1 - g->x0) / FX;
	double fy = g->y0 + (j - 0.5) * (g->y1 - g->y0) / FY;
	if (!(fx >= 0 && fy >= 0 && fx < m->w && fy < m->h))
		return false;
	*l = at(m, (int)fx, (int)fy);
	return true;
}

/* Check the three rings at g, then read the cell pairs and the CRC. */
static int decode(const struct image *m, const struct geom *g, uint32_t *serial)
{
	int wmin = 255, bmax = 0, nw = 0, nb = 0, l;
	long wsum = 0, bsum = 0;

	for (int j = 0; j < MY; j++) {
		bool edge_row = j < 3 || j >= MY - 3;
		for (int i = 0; i < MX; i++) {
			if (!edge_row && i == 3)
				i = MX - 3; /* skip the data cells */
			if (!sample(m, g, i, j, &l))
				return NO_FINDER;
			if (module_black(0, i, j)) {
				bmax = l > bmax ? l : bmax;
				bsum += l;
				nb++;
			} else {
				wmin = l < wmin ? l : wmin;
				wsum += l;
				nw++;
			}
		}
	}
	if (wmin - bmax < MIN_CONTRAST)
		return NO_FINDER;

	const int white = (int)(wsum / nw), black = (int)(bsum / nb);
	const int thr = (white + black) / 2, margin = (white - black) / 3;
	uint64_t word = 0;
	for (int c = 0; c < DATA_COLS; c++) {
		for (int r = 0; r < DATA_ROWS; r++) {
			int d, n;
			sample(m, g, 3 + c, 3 + r, &d); /* inside the rings: on the image */
			sample(m, g, 3 + DATA_COLS - 1 - c, 3 + 2 * DATA_ROWS - 1 - r, &n);
			if ((d < thr) == (n < thr) || abs(d - n) < margin)
				return BAD_PAYLOAD;
			if (d < thr)
				word |= 1ull << (r + DATA_ROWS * c);
		}
	}
	if ((uint8_t)(word >> 32) != crc8((uint32_t)word))
		return BAD_PAYLOAD;
	*serial = (uint32_t)word;
	return DECODED;
}

/* From pos (a dark pixel inside a black band), walk in dir along a row (horiz) or a
 * column at fixed until the first light pixel; the sub-pixel threshold crossing. */
static bool edge(const struct image *m, bool horiz, double pos, int fixed, int dir, double module,
		 double *out)
{
	const int n = horiz ? m->w : m->h, across = horiz ? m->h : m->w;
	const int a = (int)pos, limit = (int)(1.5 * module) + 2;

	if (pos < 0 || a >= n || fixed < 0 || fixed >= across)
		return false;
	int prev = horiz ? at(m, a, fixed) : at(m, fixed, a);
	if (prev >= THR)
		return false;
	for (int k = 1; k <= limit; k++) {
		int b = a + dir * k;
		if (b < 0 || b >= n)
			return false;
		int l = horiz ? at(m, b, fixed) : at(m, fixed, b);
		if (l >= THR) {
			double t = (double)(THR - prev) / (l - prev);
			*out = (b - dir) + 0.5 + dir * t;
			return true;
		}
		prev = l;
	}
	return false;
}

/* Re-measure the four outer edges of ring 1 from the centres of its bands. */
static bool refine(const struct image *m, struct geom *g)
{
	const double mw = (g->x1 - g->x0) / FX, mh = (g->y1 - g->y0) / FY;
	const int xc = (int)((g->x0 + g->x1) / 2), yc = (int)((g->y0 + g->y1) / 2);
	struct geom n;

	if (!(mw >= MIN_MODULE && mh >= MIN_MODULE))
		return false;
	if (!edge(m, true, g->x0 + mw / 2, yc, -1, mw, &n.x0) ||
	    !edge(m, true, g->x1 - mw / 2, yc, 1, mw, &n.x1) ||
	    !edge(m, false, g->y0 + mh / 2, xc, -1, mh, &n.y0) ||
	    !edge(m, false, g->y1 - mh / 2, xc, 1, mh, &n.y1))
		return false;
	*g = n;
	return true;
}

/* A dark run [xa, xb) on row y, light at both ends: the top or bottom band of ring 1?
 * Follow the left band up and down to get the height, then refine and decode. */
static int candidate(const struct image *m, int xa, int xb, int y, struct geom *g, uint32_t *serial)
{
	const double mw = (double)(xb - xa) / FX;
	const int xc = xa + (int)(mw / 2), maxh = (int)(1.6 * mw * FY) + 4;
	const int xm = (xa + xb) / 2, band = (int)(1.6 * mw) + 2;
	int ya = y, yb = y + 1;

	/* Cheap first: light half a module out (ring 0), and the band is thin in the
	 * middle (light ring 0 and ring 2 above and below it), unlike a dark area. */
	if (xa - (int)(mw / 2) < 0 || xb + (int)(mw / 2) >= m->w ||
	    at(m, xa - (int)(mw / 2), y) < THR || at(m, xb + (int)(mw / 2), y) < THR)
		return NO_FINDER;
	while (ya > 0 && at(m, xm, ya - 1) < THR)
		if (y - --ya > band)
			return NO_FINDER;
	while (yb < m->h && at(m, xm, yb) < THR)
		if (++yb - y > band)
			return NO_FINDER;
	if (yb - ya > band)
		return NO_FINDER;
	ya = y, yb = y + 1;
	while (ya > 0 && at(m, xc, ya - 1) < THR)
		if (y - --ya > maxh)
			return NO_FINDER;
	while (yb < m->h && at(m, xc, yb) < THR)
		if (++yb - y > maxh)
			return NO_FINDER;
	const double mh = (double)(yb - ya) / FY;
	if (ya == 0 || yb == m->h || mh < 0.6 * mw || mh > 1.6 * mw)
		return NO_FINDER;
	*g = (struct geom){xa, ya, xb, yb};
	if (!refine(m, g))
		return NO_FINDER;
	return decode(m, g, serial);
}

/* The scan's test: all of R, G and B below 128. For the greys of a black and white
 * code (edges blended by scaling) it equals luma < THR; it is cheaper, and it breaks
 * up the long dark runs of colourful pictures. */
static inline bool blackish(uint32_t p)
{
	return !(p & 0x808080);
}

static int search(const struct image *m, struct geom *g, uint32_t *serial)
{
	const int min_run = (int)(FX * MIN_MODULE);

	for (int y = 1; y < m->h - 1; y += SEARCH_STEP_Y) {
		const uint32_t *row = m->px + (size_t)y * (size_t)m->stride;
		for (int x = SEARCH_STEP_X / 2; x < m->w; x += SEARCH_STEP_X) {
			if (!blackish(row[x]))
				continue;
			int a = x, b = x + 1;
			while (a > 0 && blackish(row[a - 1]))
				a--;
			while (b < m->w && blackish(row[b]))
				b++;
			if (b - a >= min_run && a > 0 && b < m->w) {
				int res = candidate(m, a, b, y, g, serial);
				if (res != NO_FINDER)
					return res;
			}
			x = b;
		}
	}
	return NO_FINDER;
}

struct lgb_vcode_reader *lgb_vcode_reader_new(void)
{
	return calloc(1, sizeof(struct lgb_vcode_reader));
}

void lgb_vcode_reader_free(struct lgb_vcode_reader *r)
{
	free(r);
}

bool lgb_vcode_read(struct lgb_vcode_reader *r, const uint32_t *img, int w, int h, int stride,
		    uint32_t *serial)
{
	const struct image m = {img, w, h, stride};
	struct geom g;
	int res;

	if (!img || w <= 0 || h <= 0 || stride < w)
		return false;
	if (r->have && r->w == w && r->h == h) {
		g = r->g;
		if (refine(&m, &g) && (res = decode(&m, &g, serial)) != NO_FINDER) {
			r->g = g;
			return res == DECODED;
		}
	}
	r->have = false;
	res = search(&m, &g, serial);
	if (res == NO_FINDER)
		return false;
	*r = (struct lgb_vcode_reader){true, w, h, g};
	return res == DECODED;
}

bool lgb_vcode_reader_where(const struct lgb_vcode_reader *r, double *x0, double *y0, double *x1,
			    double *y1)
{
	if (!r->have)
		return false;
	*x0 = r->g.x0;
	*y0 = r->g.y0;
	*x1 = r->g.x1;
	*y1 = r->g.y1;
	return true;
}
