// SPDX-License-Identifier: GPL-2.0-or-later
/* xshm: root window readback through MIT-SHM, or XGetSubImage without it. */
#include "xshm.h"

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XShm.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

struct channel {
	unsigned long mask;
	int shift, bits;
	uint8_t lut[256]; /* value -> 8 bits, when bits < 8 */
};

struct lgb_xshm {
	Display *dpy;
	Window root;
	int x, y, w, h;
	XImage *img;
	XShmSegmentInfo seg;
	bool shm;
	uint32_t *conv;	 /* converted pixels; NULL when the image is used as it is */
	uint32_t *lut16; /* 16 bits per pixel: pixel value -> 0x00RRGGBB */
	struct channel ch[3];
};

static int x_error;

static int on_x_error(Display *dpy, XErrorEvent *e)
{
	x_error = e->error_code;
	return 0;
}

static void say(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;
	if (!why || !len)
		return;
	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
}

static void channel_init(struct channel *c, unsigned long mask)
{
	*c = (struct channel){.mask = mask};
	while (mask && !(mask >> c->shift & 1))
		c->shift++;
	while (c->shift + c->bits < (int)(8 * sizeof(mask)) && (mask >> (c->shift + c->bits) & 1))
		c->bits++;
	for (unsigned long v = 0; c->bits && c->bits < 8 && v < (1ul << c->bits); v++)
		c->lut[v] =
			(uint8_t)((v * 255 + ((1ul << c->bits) - 1) / 2) / ((1ul << c->bits) - 1));
}

static inline uint32_t to8(const struct channel *c, unsigned long p)
{
	unsigned long v = (p & c->mask) >> c->shift;
	return c->bits >= 8 ? (uint32_t)(v >> (c->bits - 8)) : c->lut[v];
}

static bool native_order(const XImage *img)
{
	const uint16_t one = 1;
	return img->byte_order == (*(const uint8_t *)&one ? LSBFirst : MSBFirst);
}

/* An MIT-SHM image of the rectangle; false (and nothing left behind) when the server
 * cannot attach the segment. */
static bool shm_setup(struct lgb_xshm *s, Visual *vis, int depth)
{
	XErrorHandler old;
	Status ok;

	s->img = XShmCreateImage(s->dpy, vis, (unsigned)depth, ZPixmap, NULL, &s->seg,
				 (unsigned)s->w, (unsigned)s->h);
	if (!s->img)
		return false;
	s->seg.shmid = shmget(IPC_PRIVATE, (size_t)s->img->bytes_per_line * s->img->height,
			      IPC_CREAT | 0600);
	if (s->seg.shmid < 0)
		goto err_image;
	s->seg.shmaddr = s->img->data = shmat(s->seg.shmid, NULL, 0);
	if (s->seg.shmaddr == (char *)-1)
		goto err_segment;
	s->seg.readOnly = False;
	old = XSetErrorHandler(on_x_error);
	x_error = 0;
	ok = XShmAttach(s->dpy, &s->seg);
	XSync(s->dpy, False);
	XSetErrorHandler(old);
	shmctl(s->seg.shmid, IPC_RMID, NULL); /* freed once the server and we detach */
	if (!ok || x_error) {
		shmdt(s->seg.shmaddr);
		goto err_image;
	}
	s->shm = true;
	return true;

err_segment:
	shmctl(s->seg.shmid, IPC_RMID, NULL);
err_image:
	s->img->data = NULL;
	XDestroyImage(s->img);
	s->img = NULL;
	return false;
}

struct lgb_xshm *lgb_xshm_open(const char *display, int x, int y, int w, int h, char *why,
			       size_t len)
{
	struct lgb_xshm *s = calloc(1, sizeof(*s));
	if (!s) {
		say(why, len, "out of memory");
		return NULL;
	}
	s->dpy = XOpenDisplay(display && *display ? display : NULL);
	if (!s->dpy) {
		say(why, len, "cannot open display '%s'", XDisplayName(display));
		goto err;
	}
	const int scr = DefaultScreen(s->dpy);
	const int rw = DisplayWidth(s->dpy, scr), rh = DisplayHeight(s->dpy, scr);
	Visual *vis = DefaultVisual(s->dpy, scr);
	if (w <= 0 || h <= 0 || x < 0 || y < 0 || x > rw - w || y > rh - h) {
		say(why, len, "%dx%d+%d+%d is not inside the %dx%d root window", w, h, x, y, rw,
		    rh);
		goto err;
	}
	if (vis->class != TrueColor && vis->class != DirectColor) {
		say(why, len, "the root visual is not TrueColor or DirectColor");
		goto err;
	}
	*s = (struct lgb_xshm){
		.dpy = s->dpy, .root = RootWindow(s->dpy, scr), .x = x, .y = y, .w = w, .h = h};
	const char *no_shm = getenv("LGBENCH_NO_SHM");
	if (!(no_shm && *no_shm && strcmp(no_shm, "0") != 0) && XShmQueryExtension(s->dpy))
		shm_setup(s, vis, DefaultDepth(s->dpy, scr));
	if (!s->shm) {
		XErrorHandler old = XSetErrorHandler(on_x_error);
		s->img = XGetImage(s->dpy, s->root, x, y, (unsigned)w, (unsigned)h, AllPlanes,
				   ZPixmap);
		XSetErrorHandler(old);
		if (!s->img) {
			say(why, len, "XGetImage of %dx%d+%d+%d failed", w, h, x, y);
			goto err;
		}
	}
	channel_init(&s->ch[0], vis->red_mask);
	channel_init(&s->ch[1], vis->green_mask);
	channel_init(&s->ch[2], vis->blue_mask);
	if (!(s->img->bits_per_pixel == 32 && native_order(s->img) && vis->red_mask == 0xff0000 &&
	      vis->green_mask == 0xff00 && vis->blue_mask == 0xff)) {
		s->conv = malloc((size_t)w * h * sizeof(*s->conv));
		if (s->img->bits_per_pixel == 16 && native_order(s->img) &&
		    (s->lut16 = malloc(65536 * sizeof(*s->lut16))))
			for (unsigned long p = 0; p < 65536; p++)
				s->lut16[p] = to8(&s->ch[0], p) << 16 | to8(&s->ch[1], p) << 8 |
					      to8(&s->ch[2], p);
		if (!s->conv) {
			say(why, len, "out of memory");
			goto err;
		}
	}
	return s;
err:
	lgb_xshm_close(s);
	return NULL;
}

/* Copies of the channels in locals: writes through out cannot alias them. */
static void convert(struct lgb_xshm *s)
{
	XImage *img = s->img;
	const struct channel r = s->ch[0], g = s->ch[1], b = s->ch[2];
	const int bpp = native_order(img) ? img->bits_per_pixel : 0, w = s->w;
	for (int y = 0; y < s->h; y++) {
		const char *row = img->data + (size_t)y * img->bytes_per_line;
		uint32_t *restrict out = s->conv + (size_t)y * w;
		if (s->lut16) {
			for (int x = 0; x < w; x++)
				out[x] = s->lut16[((const uint16_t *)row)[x]];
			continue;
		}
		for (int x = 0; x < w; x++) {
			unsigned long p = bpp == 32   ? ((const uint32_t *)row)[x]
					  : bpp == 16 ? ((const uint16_t *)row)[x]
						      : XGetPixel(img, x, y);
			out[x] = to8(&r, p) << 16 | to8(&g, p) << 8 | to8(&b, p);
		}
	}
}

bool lgb_xshm_grab(struct lgb_xshm *s, const uint32_t **px, int *stride)
{
	XErrorHandler old = XSetErrorHandler(on_x_error);
	bool ok;

	x_error = 0;
	if (s->shm)
		ok = XShmGetImage(s->dpy, s->root, s->img, s->x, s->y, AllPlanes);
	else
		ok = XGetSubImage(s->dpy, s->root, s->x, s->y, (unsigned)s->w, (unsigned)s->h,
				  AllPlanes, ZPixmap, s->img, 0, 0) != NULL;
	XSetErrorHandler(old);
	if (!ok || x_error)
		return false;
	if (s->conv) {
		convert(s);
		*px = s->conv;
		*stride = s->w;
	} else {
		*px = (const uint32_t *)s->img->data;
		*stride = s->img->bytes_per_line / 4;
	}
	return true;
}

void lgb_xshm_close(struct lgb_xshm *s)
{
	if (!s)
		return;
	if (s->shm) {
		XShmDetach(s->dpy, &s->seg);
		XSync(s->dpy, False);
		s->img->data = NULL; /* the segment's, not malloc'd */
		XDestroyImage(s->img);
		shmdt(s->seg.shmaddr);
	} else if (s->img) {
		XDestroyImage(s->img);
	}
	if (s->dpy)
		XCloseDisplay(s->dpy);
	free(s->conv);
	free(s->lut16);
	free(s);
}

bool lgb_xshm_is_shm(const struct lgb_xshm *s)
{
	return s->shm;
}
