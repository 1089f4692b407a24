/* SPDX-License-Identifier: GPL-2.0-or-later */
/* xputcode - show a frame stamped with a visual code (tools/lgbench/vcode.h), scaled,
 * in an X window, for tests of the screen readers.
 *
 *   xputcode SERIAL SCALE X Y [FRAME_WxH]
 *
 * The frame (default 960x540) is 0x123456 with vertical bars of red, green, blue,
 * black and white in its right half, and the code for SERIAL (decimal or 0x...) at
 * lgb_vcode_rect(); it is scaled by SCALE (nearest) into an override-redirect window
 * at X,Y (no window manager needed). Once the picture is on the screen it prints
 * "0xXID X Y W H" and a newline; it stays until killed. Exit status: 1 on errors, 2 on
 * usage errors. */
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vcode.h"

static uint32_t *make_frame(uint32_t serial, uint32_t fw, uint32_t fh)
{
	static const uint32_t bars[] = {0xff0000, 0x00ff00, 0x0000ff, 0x000000, 0xffffff};
	uint32_t x, y, w, h, *f = malloc((size_t)fw * fh * sizeof(*f)), *code;

	if (!f)
		return NULL;
	for (uint32_t j = 0; j < fh; j++)
		for (uint32_t i = 0; i < fw; i++)
			f[(size_t)j * fw + i] = i < fw / 2 || i >= fw - fw / 16
							? 0x123456
							: bars[(i - fw / 2) * 10 / fw % 5];
	lgb_vcode_rect(fw, fh, &x, &y, &w, &h);
	code = malloc((size_t)w * h * sizeof(*code));
	if (!code) {
		free(f);
		return NULL;
	}
	lgb_vcode_render(serial, w, h, code);
	for (uint32_t j = 0; j < h; j++)
		memcpy(f + (size_t)(y + j) * fw + x, code + (size_t)j * w, w * sizeof(*code));
	free(code);
	return f;
}

/* Pixel value of an 8-bit channel for a TrueColor mask. */
static unsigned long chan(unsigned long mask, uint32_t c8)
{
	int shift = 0, bits = 0;
	if (!mask)
		return 0;
	while (!(mask >> shift & 1))
		shift++;
	while (shift + bits < 64 && (mask >> (shift + bits) & 1))
		bits++;
	return (unsigned long)(c8 * ((1ul << bits) - 1) + 127) / 255 << shift;
}

int main(int argc, char **argv)
{
	uint32_t fw = 960, fh = 540;
	char *end;

	if (argc != 5 && argc != 6) {
		fprintf(stderr, "usage: xputcode SERIAL SCALE X Y [FRAME_WxH]\n");
		return 2;
	}
	const uint32_t serial = (uint32_t)strtoul(argv[1], &end, 0);
	const double scale = strtod(argv[2], NULL);
	const int wx = atoi(argv[3]), wy = atoi(argv[4]);
	if (*end || !(scale >= 0.1 && scale <= 8) ||
	    (argc == 6 &&
	     (sscanf(argv[5], "%ux%u", &fw, &fh) != 2 || !fw || !fh || fw > 8192 || fh > 8192))) {
		fprintf(stderr, "xputcode: bad SERIAL, SCALE or FRAME_WxH\n");
		return 2;
	}
	const unsigned ww = (unsigned)lround(fw * scale), wh = (unsigned)lround(fh * scale);

	Display *dpy = XOpenDisplay(NULL);
	if (!dpy) {
		fprintf(stderr, "xputcode: cannot open display '%s'\n", XDisplayName(NULL));
		return 1;
	}
	const int scr = DefaultScreen(dpy);
	Visual *vis = DefaultVisual(dpy, scr);
	uint32_t *frame = make_frame(serial, fw, fh);
	char *data = malloc((size_t)ww * wh * 4);
	if (!frame || !data) {
		fprintf(stderr, "xputcode: out of memory\n");
		return 1;
	}
	XImage *img = XCreateImage(dpy, vis, (unsigned)DefaultDepth(dpy, scr), ZPixmap, 0, data, ww,
				   wh, 32, 0);
	if (!img) {
		fprintf(stderr, "xputcode: XCreateImage failed\n");
		return 1;
	}
	for (unsigned y = 0; y < wh; y++) {
		const uint32_t fy = (uint32_t)((y + 0.5) / scale);
		const uint32_t *src = frame + (size_t)(fy < fh ? fy : fh - 1) * fw;
		for (unsigned x = 0; x < ww; x++) {
			const uint32_t fx = (uint32_t)((x + 0.5) / scale);
			const uint32_t p = src[fx < fw ? fx : fw - 1];
			XPutPixel(img, (int)x, (int)y,
				  chan(vis->red_mask, p >> 16 & 0xff) |
					  chan(vis->green_mask, p >> 8 & 0xff) |
					  chan(vis->blue_mask, p & 0xff));
		}
	}

	XSetWindowAttributes wa = {.override_redirect = True, .event_mask = ExposureMask};
	Window win =
		XCreateWindow(dpy, RootWindow(dpy, scr), wx, wy, ww, wh, 0, CopyFromParent,
			      InputOutput, CopyFromParent, CWOverrideRedirect | CWEventMask, &wa);
	GC gc = XCreateGC(dpy, win, 0, NULL);
	XMapRaised(dpy, win);
	bool shown = false;
	for (;;) {
		XEvent ev;
		XNextEvent(dpy, &ev);
		if (ev.type != Expose)
			continue;
		XPutImage(dpy, win, gc, img, ev.xexpose.x, ev.xexpose.y, ev.xexpose.x, ev.xexpose.y,
			  (unsigned)ev.xexpose.width, (unsigned)ev.xexpose.height);
		XSync(dpy, False);
		if (!shown && ev.xexpose.count == 0) {
			printf("0x%lx %d %d %u %u\n", (unsigned long)win, wx, wy, ww, wh);
			fflush(stdout);
			shown = true;
		}
	}
}
