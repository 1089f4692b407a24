// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A stand-in viewer with known behaviour, to test lgbench viewer itself: it
 * reads the frame ring like a viewer, and shows each frame's serial (as the
 * visual code, at 1:1 at the top-left of its window) exactly --delay ms
 * after it detected the frame. --skip N never shows serials divisible by N
 * (dropped frames); --repeat N shows the previous serial again for 15 ms,
 * 15 ms after every serial divisible by N (frames shown twice); --hold MS
 * keeps each frame from the guest that long (a viewer that slows the guest
 * down). It logs every
 * serial it showed, with the time, to --log.
 */
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest-proto/consumer.h"
#include "guest-proto/error.h"
#include "kvmfr/region.h"
#include "vcode.h"

#define QUEUE 256

static volatile sig_atomic_t stopping;
static void on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

struct pending {
	uint32_t serial;
	uint64_t due;
};

struct win {
	Display *dpy;
	Window w;
	GC gc;
	XImage *img;
	uint32_t *px;
	uint32_t cx, cy, cw, ch; /* the code's rect */
	FILE *log;
};

static void show(struct win *v, uint32_t serial)
{
	lgb_vcode_render(serial, v->cw, v->ch, v->px);
	XPutImage(v->dpy, v->w, v->gc, v->img, 0, 0, (int)v->cx, (int)v->cy, v->cw, v->ch);
	XSync(v->dpy, False);
	if (v->log) {
		fprintf(v->log, "%u %lu\n", serial, (unsigned long)lgp_monotonic_ns());
		fflush(v->log);
	}
}

int main(int argc, char **argv)
{
	const char *shm = NULL, *logpath = NULL;
	unsigned w = 640, h = 360, delay = 100, skip = 0, repeat = 0, hold = 0;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--shm"))
			shm = argv[i + 1];
		else if (!strcmp(argv[i], "--size"))
			sscanf(argv[i + 1], "%ux%u", &w, &h);
		else if (!strcmp(argv[i], "--delay"))
			delay = (unsigned)atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--skip"))
			skip = (unsigned)atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--repeat"))
			repeat = (unsigned)atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--hold"))
			hold = (unsigned)atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--log"))
			logpath = argv[i + 1];
	}
	struct kvmfr_region *r;
	if (!shm || kvmfr_region_open(shm, &r) < 0) {
		fprintf(stderr, "standin: cannot open %s\n", shm ? shm : "(no --shm)");
		return 1;
	}
	struct lgp_consumer *c;
	lgp_consumer_create(r->map, r->size, NULL, &c);

	struct win v = {.dpy = XOpenDisplay(NULL)};
	if (!v.dpy) {
		fprintf(stderr, "standin: no X display\n");
		return 1;
	}
	int scr = DefaultScreen(v.dpy);
	XSetWindowAttributes attrs = {.override_redirect = True,
				      .background_pixel = BlackPixel(v.dpy, scr)};
	v.w = XCreateWindow(v.dpy, RootWindow(v.dpy, scr), 0, 0, w, h, 0, CopyFromParent,
			    InputOutput, CopyFromParent, CWOverrideRedirect | CWBackPixel, &attrs);
	XMapRaised(v.dpy, v.w);
	v.gc = XCreateGC(v.dpy, v.w, 0, NULL);
	lgb_vcode_rect(w, h, &v.cx, &v.cy, &v.cw, &v.ch);
	v.px = calloc((size_t)v.cw * v.ch, 4);
	v.img = XCreateImage(v.dpy, DefaultVisual(v.dpy, scr), 24, ZPixmap, 0, (char *)v.px, v.cw,
			     v.ch, 32, 0);
	v.log = logpath ? fopen(logpath, "w") : NULL;
	XSync(v.dpy, False);
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);

	struct pending q[QUEUE];
	unsigned head = 0, tail = 0;
	uint32_t last_shown = 0, before = 0;
	uint64_t repeat_at = 0, unrepeat_at = 0;
	while (!stopping) {
		uint64_t now = lgp_monotonic_ns();
		if (!lgp_consumer_connected(c)) {
			lgp_consumer_connect(c);
			lgp_sleep_us(10000);
			continue;
		}
		struct lgp_frame_view fv;
		if (lgp_consumer_frame_next(c, &fv) == 0) {
			if (tail - head < QUEUE)
				q[tail++ % QUEUE] = (struct pending){fv.hdr.frame_serial,
								     now + delay * 1000000ull};
			/* --hold: keep the guest's frame that long, as a viewer
			 * that makes the guest wait would. */
			if (hold)
				lgp_sleep_us(hold * 1000ull);
			lgp_consumer_frame_done(c);
		}
		/* A repeat: 15 ms after s, show the frame before it for 15 ms. */
		if (repeat_at && now >= repeat_at) {
			show(&v, before);
			repeat_at = 0;
		}
		if (unrepeat_at && now >= unrepeat_at) {
			show(&v, last_shown);
			unrepeat_at = 0;
		}
		while (head != tail && q[head % QUEUE].due <= now) {
			uint32_t s = q[head++ % QUEUE].serial;
			if (skip && s % skip == 0)
				continue;
			show(&v, s);
			if (repeat && s % repeat == 0 && last_shown) {
				before = last_shown;
				repeat_at = now + 15000000u;
				unrepeat_at = now + 30000000u;
			}
			last_shown = s;
		}
		lgp_sleep_us(500);
	}
	if (v.log)
		fclose(v.log);
	v.img->data = NULL;
	XDestroyImage(v.img);
	free(v.px);
	XCloseDisplay(v.dpy);
	lgp_consumer_destroy(c);
	kvmfr_region_destroy(r);
	return 0;
}
