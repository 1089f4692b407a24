/* SPDX-License-Identifier: GPL-2.0-or-later */
/* xstandin - a stand-in X client for harness tests: maps one window filled with a
 * solid colour and keeps it up until it is closed (WM_DELETE_WINDOW) or killed.
 *
 *   xstandin [--class NAME] [--color RRGGBB] [--size WxH] [--pos X,Y] [--title T]
 *
 * Defaults: class "standin" (res_name and res_class), colour c83c1e, 200x100, placed
 * by the window manager. The size is fixed through WM_NORMAL_HINTS (min = max), and
 * --pos sets USPosition. Once the window is mapped it prints its XID as "0x..." and
 * a newline on stdout. Exit status: 0 when closed, 1 on errors, 2 on usage errors. */
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(void)
{
	fprintf(stderr, "usage: xstandin [--class NAME] [--color RRGGBB] [--size WxH] "
	                "[--pos X,Y] [--title T]\n");
}

/* Pixel value of an 8-bit-per-channel colour for a TrueColor/DirectColor visual. */
static unsigned long chan_pixel(unsigned long mask, unsigned int c8)
{
	int shift = 0, bits = 0;
	unsigned long max;

	if (!mask)
		return 0;
	while (!(mask >> shift & 1ul))
		shift++;
	while (shift + bits < (int)(sizeof(mask) * 8) && (mask >> (shift + bits) & 1ul))
		bits++;
	max = (bits >= (int)(sizeof(mask) * 8)) ? ~0ul : (1ul << bits) - 1;
	return ((c8 * max + 127) / 255) << shift;
}

int main(int argc, char **argv)
{
	const char *cls = "standin", *title = "xstandin";
	unsigned long rgb = 0xc83c1e, pixel;
	unsigned int w = 200, h = 100;
	int x = 0, y = 0, have_pos = 0;

	for (int i = 1; i < argc; i += 2) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		char *end;
		if (!v) {
			usage();
			return 2;
		}
		if (strcmp(a, "--class") == 0) {
			cls = v;
		} else if (strcmp(a, "--title") == 0) {
			title = v;
		} else if (strcmp(a, "--color") == 0) {
			if (*v == '#')
				v++;
			rgb = strtoul(v, &end, 16);
			if (strlen(v) != 6 || *end) {
				usage();
				return 2;
			}
		} else if (strcmp(a, "--size") == 0) {
			if (sscanf(v, "%ux%u", &w, &h) != 2 || !w || !h || w > 16384 || h > 16384) {
				usage();
				return 2;
			}
		} else if (strcmp(a, "--pos") == 0) {
			if (sscanf(v, "%d,%d", &x, &y) != 2) {
				usage();
				return 2;
			}
			have_pos = 1;
		} else {
			usage();
			return 2;
		}
	}

	Display *dpy = XOpenDisplay(NULL);
	if (!dpy) {
		fprintf(stderr, "xstandin: cannot open display '%s'\n", XDisplayName(NULL));
		return 1;
	}
	int scr = DefaultScreen(dpy);
	Visual *vis = DefaultVisual(dpy, scr);
	unsigned int r8 = (unsigned int)(rgb >> 16 & 0xff), g8 = (unsigned int)(rgb >> 8 & 0xff),
	             b8 = (unsigned int)(rgb & 0xff);
	if (vis->class == TrueColor || vis->class == DirectColor) {
		pixel = chan_pixel(vis->red_mask, r8) | chan_pixel(vis->green_mask, g8) |
		        chan_pixel(vis->blue_mask, b8);
	} else {
		XColor col = { .red = (unsigned short)(r8 * 257), .green = (unsigned short)(g8 * 257),
			       .blue = (unsigned short)(b8 * 257), .flags = DoRed | DoGreen | DoBlue };
		if (!XAllocColor(dpy, DefaultColormap(dpy, scr), &col)) {
			fprintf(stderr, "xstandin: cannot allocate colour %06lx\n", rgb);
			return 1;
		}
		pixel = col.pixel;
	}

	XSetWindowAttributes swa = { .background_pixel = pixel,
		                     .event_mask = ExposureMask | StructureNotifyMask };
	Window win = XCreateWindow(dpy, RootWindow(dpy, scr), x, y, w, h, 0, CopyFromParent,
	                           InputOutput, CopyFromParent, CWBackPixel | CWEventMask, &swa);

	XClassHint ch = { .res_name = (char *)cls, .res_class = (char *)cls };
	XSizeHints *sh = XAllocSizeHints();
	XWMHints wmh = { .flags = InputHint | StateHint, .input = True,
		         .initial_state = NormalState };
	if (!sh) {
		fprintf(stderr, "xstandin: out of memory\n");
		return 1;
	}
	sh->flags = PMinSize | PMaxSize | PSize | (have_pos ? USPosition | PPosition : 0);
	sh->x = x;
	sh->y = y;
	sh->width = sh->min_width = sh->max_width = (int)w;
	sh->height = sh->min_height = sh->max_height = (int)h;
	XTextProperty name;
	char *title_list[1] = { (char *)title };
	if (!XStringListToTextProperty(title_list, 1, &name)) {
		fprintf(stderr, "xstandin: out of memory\n");
		return 1;
	}
	XSetWMProperties(dpy, win, &name, &name, argv, argc, sh, &wmh, &ch);
	XFree(name.value);
	XFree(sh);

	Atom wm_delete = XInternAtom(dpy, "WM_DELETE_WINDOW", False);
	XSetWMProtocols(dpy, win, &wm_delete, 1);
	long pid = (long)getpid();
	XChangeProperty(dpy, win, XInternAtom(dpy, "_NET_WM_PID", False), XA_CARDINAL, 32,
	                PropModeReplace, (unsigned char *)&pid, 1);

	GC gc = XCreateGC(dpy, win, 0, NULL);
	XSetForeground(dpy, gc, pixel);
	XMapWindow(dpy, win);

	for (;;) {
		XEvent ev;
		XNextEvent(dpy, &ev);
		switch (ev.type) {
		case MapNotify:
			printf("0x%lx\n", (unsigned long)win);
			fflush(stdout);
			break;
		case Expose:
			/* The background pixel already paints it; fill anyway, in case a
			 * window manager changed the background. */
			XFillRectangle(dpy, win, gc, ev.xexpose.x, ev.xexpose.y,
			               (unsigned)ev.xexpose.width, (unsigned)ev.xexpose.height);
			XFlush(dpy);
			break;
		case ClientMessage:
			if ((Atom)ev.xclient.data.l[0] == wm_delete) {
				XFreeGC(dpy, gc);
				XDestroyWindow(dpy, win);
				XCloseDisplay(dpy);
				return 0;
			}
			break;
		default:
			break;
		}
	}
}
