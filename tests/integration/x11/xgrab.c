/* SPDX-License-Identifier: GPL-2.0-or-later */
/* xgrab - read pixels and windows back from an X server, for integration tests. */
#include "xgrab.h"

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef XGRAB_HAVE_PNG
#include <png.h>
#endif

static int g_xerr; /* last X error code seen by on_xerror, 0 if none */

static int on_xerror(Display *dpy, XErrorEvent *ev)
{
	(void)dpy;
	g_xerr = ev->error_code;
	return 0;
}

struct xconn {
	Display *dpy;
	XErrorHandler old;
};

static int xconn_open(struct xconn *c, const char *display)
{
	const char *name = (display && *display) ? display : NULL;

	c->dpy = XOpenDisplay(name);
	if (!c->dpy) {
		fprintf(stderr, "xgrab: cannot open display '%s'\n", XDisplayName(name));
		return -1;
	}
	g_xerr = 0;
	c->old = XSetErrorHandler(on_xerror);
	return 0;
}

static void xconn_close(struct xconn *c)
{
	XSync(c->dpy, False);
	XSetErrorHandler(c->old);
	XCloseDisplay(c->dpy);
	c->dpy = NULL;
}

struct chan {
	int shift; /* of the lowest bit of the mask */
	int bits;  /* width of the mask */
};

static int mask_chan(unsigned long mask, struct chan *c)
{
	c->shift = 0;
	c->bits = 0;
	if (!mask)
		return -1;
	while (!(mask & 1ul)) {
		mask >>= 1;
		c->shift++;
	}
	while (mask & 1ul) {
		mask >>= 1;
		c->bits++;
	}
	return mask ? -1 : 0; /* the mask must be contiguous */
}

/* Channel value of pixel v scaled to 8 bits. */
static uint32_t chan8(unsigned long v, const struct chan *c)
{
	unsigned long max = (c->bits >= (int)(sizeof(unsigned long) * 8)) ? ~0ul
	                                                                 : (1ul << c->bits) - 1;
	v = (v >> c->shift) & max;
	if (c->bits >= 8)
		return (uint32_t)(v >> (c->bits - 8));
	return (uint32_t)((v * 255 + max / 2) / max);
}

int xgrab_root(const char *display, int x, int y, int w, int h, uint32_t *out)
{
	struct xconn c;
	XWindowAttributes wa;
	XImage *img = NULL;
	struct chan cr, cg, cb;
	unsigned long rm, gm, bm;
	int rc = -1;

	if (!out || w <= 0 || h <= 0) {
		fprintf(stderr, "xgrab: bad arguments (rectangle %dx%d)\n", w, h);
		return -1;
	}
	if (xconn_open(&c, display) < 0)
		return -1;
	Window root = DefaultRootWindow(c.dpy);
	if (!XGetWindowAttributes(c.dpy, root, &wa)) {
		fprintf(stderr, "xgrab: cannot get the root window's attributes\n");
		goto out;
	}
	if (x < 0 || y < 0 || x > wa.width - w || y > wa.height - h) {
		fprintf(stderr, "xgrab: rectangle %dx%d+%d+%d is not inside the root window (%dx%d)\n",
		        w, h, x, y, wa.width, wa.height);
		goto out;
	}
	if (wa.visual->class != TrueColor && wa.visual->class != DirectColor) {
		fprintf(stderr, "xgrab: root visual class %d is not TrueColor/DirectColor\n",
		        wa.visual->class);
		goto out;
	}
	img = XGetImage(c.dpy, root, x, y, (unsigned)w, (unsigned)h, AllPlanes, ZPixmap);
	if (!img) {
		fprintf(stderr, "xgrab: XGetImage %dx%d+%d+%d failed (X error %d)\n", w, h, x, y,
		        g_xerr);
		goto out;
	}
	rm = img->red_mask ? img->red_mask : wa.visual->red_mask;
	gm = img->green_mask ? img->green_mask : wa.visual->green_mask;
	bm = img->blue_mask ? img->blue_mask : wa.visual->blue_mask;
	if (mask_chan(rm, &cr) < 0 || mask_chan(gm, &cg) < 0 || mask_chan(bm, &cb) < 0) {
		fprintf(stderr, "xgrab: unusable visual masks %#lx/%#lx/%#lx\n", rm, gm, bm);
		goto out;
	}
	for (int j = 0; j < h; j++) {
		const unsigned char *row =
			(const unsigned char *)img->data + (size_t)j * (size_t)img->bytes_per_line;
		uint32_t *dst = out + (size_t)j * (size_t)w;
		for (int i = 0; i < w; i++) {
			unsigned long v;
			if (img->bits_per_pixel == 32) {
				const unsigned char *b = row + (size_t)i * 4;
				if (img->byte_order == LSBFirst)
					v = (unsigned long)b[0] | (unsigned long)b[1] << 8 |
					    (unsigned long)b[2] << 16 | (unsigned long)b[3] << 24;
				else
					v = (unsigned long)b[3] | (unsigned long)b[2] << 8 |
					    (unsigned long)b[1] << 16 | (unsigned long)b[0] << 24;
			} else {
				v = XGetPixel(img, i, j);
			}
			dst[i] = chan8(v, &cr) << 16 | chan8(v, &cg) << 8 | chan8(v, &cb);
		}
	}
	rc = 0;
out:
	if (img)
		XDestroyImage(img);
	xconn_close(&c);
	return rc;
}

static int absdiff(int a, int b)
{
	return a > b ? a - b : b - a;
}

uint64_t xgrab_compare(const uint32_t *a, const uint32_t *b, int w, int h, int tolerance,
                       int *fx, int *fy)
{
	uint64_t n = 0;
	int first_x = -1, first_y = -1;

	if (tolerance < 0)
		tolerance = 0;
	for (int j = 0; j < h; j++) {
		for (int i = 0; i < w; i++) {
			size_t k = (size_t)j * (size_t)w + (size_t)i;
			uint32_t p = a[k], q = b[k];
			if (absdiff((int)(p >> 16 & 0xff), (int)(q >> 16 & 0xff)) > tolerance ||
			    absdiff((int)(p >> 8 & 0xff), (int)(q >> 8 & 0xff)) > tolerance ||
			    absdiff((int)(p & 0xff), (int)(q & 0xff)) > tolerance) {
				if (!n) {
					first_x = i;
					first_y = j;
				}
				n++;
			}
		}
	}
	if (fx)
		*fx = first_x;
	if (fy)
		*fy = first_y;
	return n;
}

/* One row of 0x00RRGGBB pixels as R, G, B bytes, as PPM and PNG store them. */
static void rgb_row(const uint32_t *px, int w, unsigned char *out)
{
	for (int i = 0; i < w; i++) {
		out[i * 3] = (unsigned char)(px[i] >> 16);
		out[i * 3 + 1] = (unsigned char)(px[i] >> 8);
		out[i * 3 + 2] = (unsigned char)px[i];
	}
}

int xgrab_write_ppm(const char *path, const uint32_t *px, int w, int h)
{
	FILE *f;
	unsigned char *row;
	int ok;

	if (!path || !px || w <= 0 || h <= 0) {
		fprintf(stderr, "xgrab: bad arguments to xgrab_write_ppm\n");
		return -1;
	}
	f = fopen(path, "wb");
	if (!f) {
		fprintf(stderr, "xgrab: %s: %s\n", path, strerror(errno));
		return -1;
	}
	row = malloc((size_t)w * 3);
	ok = row && fprintf(f, "P6\n%d %d\n255\n", w, h) > 0;
	for (int j = 0; ok && j < h; j++) {
		rgb_row(px + (size_t)j * (size_t)w, w, row);
		ok = fwrite(row, 3, (size_t)w, f) == (size_t)w;
	}
	free(row);
	if (fclose(f) != 0)
		ok = 0;
	if (!ok) {
		fprintf(stderr, "xgrab: writing %s failed: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

#ifdef XGRAB_HAVE_PNG
/* libpng reports its errors by longjmp: nothing here is live across it. */
static int png_rows(png_structp png, png_infop info, FILE *f, const uint32_t *px, int w, int h,
                    unsigned char *row)
{
	if (setjmp(png_jmpbuf(png)))
		return -1;
	png_init_io(png, f);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
	             PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (int j = 0; j < h; j++) {
		rgb_row(px + (size_t)j * (size_t)w, w, row);
		png_write_row(png, row);
	}
	png_write_end(png, NULL);
	return 0;
}
#endif

int xgrab_write_png(const char *path, const uint32_t *px, int w, int h)
{
	if (!path || !px || w <= 0 || h <= 0) {
		fprintf(stderr, "xgrab: bad arguments to xgrab_write_png\n");
		return -1;
	}
#ifdef XGRAB_HAVE_PNG
	FILE *f = fopen(path, "wb");
	if (!f) {
		fprintf(stderr, "xgrab: %s: %s\n", path, strerror(errno));
		return -1;
	}
	unsigned char *row = malloc((size_t)w * 3);
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	int ok = row && info && png_rows(png, info, f, px, w, h, row) == 0;
	png_destroy_write_struct(&png, &info);
	free(row);
	if (fclose(f) != 0)
		ok = 0;
	if (!ok) {
		fprintf(stderr, "xgrab: writing %s failed\n", path);
		return -1;
	}
	return 0;
#else
	fprintf(stderr, "xgrab: cannot write %s: built without libpng\n", path);
	return -1;
#endif
}

static int class_matches(Display *dpy, Window win, const char *wm_class)
{
	XClassHint hint = { 0 };
	int match;

	if (!XGetClassHint(dpy, win, &hint))
		return 0;
	match = (hint.res_class && strcmp(hint.res_class, wm_class) == 0) ||
	        (hint.res_name && strcmp(hint.res_name, wm_class) == 0);
	if (hint.res_name)
		XFree(hint.res_name);
	if (hint.res_class)
		XFree(hint.res_class);
	return match;
}

static int is_viewable(Display *dpy, Window win)
{
	XWindowAttributes wa;

	return XGetWindowAttributes(dpy, win, &wa) && wa.map_state == IsViewable;
}

/* Depth-first search from the top of the stacking order; window managers put the
 * client one or two levels below the root (frame, maybe a wrapper). */
static Window find_class(Display *dpy, Window parent, const char *wm_class, int depth)
{
	Window root_ret, parent_ret, *kids = NULL, found = None;
	unsigned int n = 0;

	if (!XQueryTree(dpy, parent, &root_ret, &parent_ret, &kids, &n))
		return None;
	for (unsigned int k = n; k-- > 0 && found == None;) {
		if (class_matches(dpy, kids[k], wm_class) && is_viewable(dpy, kids[k]))
			found = kids[k];
		else if (depth < 3)
			found = find_class(dpy, kids[k], wm_class, depth + 1);
	}
	if (kids)
		XFree(kids);
	return found;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int xgrab_find_window(const char *display, const char *wm_class, int timeout_ms,
                      unsigned long *xid, int *x, int *y, int *w, int *h)
{
	struct xconn c;
	long long deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	Window win;
	int rc = -1;

	if (!wm_class || !*wm_class) {
		fprintf(stderr, "xgrab: no WM_CLASS given\n");
		return -1;
	}
	if (xconn_open(&c, display) < 0)
		return -1;
	Window root = DefaultRootWindow(c.dpy);
	for (;;) {
		win = find_class(c.dpy, root, wm_class, 0);
		if (win != None) {
			XWindowAttributes wa;
			Window child;
			int rx, ry;
			g_xerr = 0;
			if (XGetWindowAttributes(c.dpy, win, &wa) &&
			    XTranslateCoordinates(c.dpy, win, root, 0, 0, &rx, &ry, &child) &&
			    !g_xerr) {
				if (xid)
					*xid = (unsigned long)win;
				if (x)
					*x = rx;
				if (y)
					*y = ry;
				if (w)
					*w = wa.width;
				if (h)
					*h = wa.height;
				rc = 0;
				break;
			}
			/* destroyed meanwhile: look again */
		}
		if (now_ms() >= deadline) {
			fprintf(stderr, "xgrab: no mapped window with WM_CLASS '%s' after %d ms\n",
			        wm_class, timeout_ms);
			break;
		}
		struct timespec ts = { 0, 20 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	xconn_close(&c);
	return rc;
}
