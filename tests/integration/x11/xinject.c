// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xinject - real X input events (XTest) into a window, for lgview's input
 * tests. Usage:
 *   xinject DISPLAY WM_CLASS STEP...
 * The window (found by WM_CLASS, as xgrab finds it) gets the keyboard focus
 * and the pointer at its centre first. Steps, in order:
 *   kN  press and release X keycode N      dN / uN  press / release it
 *   bN  click pointer button N              mX,Y     move the pointer by X,Y
 *   sMS sleep MS milliseconds              p        print "POINTER x y", the pointer
 *                                                   relative to the window
 *   c   print "CURSOR WxH N": the pointer's image size and its opaque pixels
 *   f0  take the keyboard focus away (to the root); f1 give it back
 *   g   print "GRAB free" or "GRAB taken": whether another client holds the
 *       keyboard grabbed (a grab is tried and let go at once)
 * Exit status 0, or 1 with a message.
 */
#include <X11/Xlib.h>
#include <X11/extensions/XTest.h>
#include <X11/extensions/Xfixes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xgrab.h"

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s DISPLAY WM_CLASS STEP...\n", argv[0]);
		return 1;
	}
	unsigned long xid;
	int x, y, w, h;
	if (xgrab_find_window(argv[1], argv[2], 15000, &xid, &x, &y, &w, &h) < 0)
		return 1;
	Display *dpy = XOpenDisplay(argv[1]);
	int ev, er, maj, min;
	if (!dpy || !XTestQueryExtension(dpy, &ev, &er, &maj, &min)) {
		fprintf(stderr, "xinject: no XTest on %s\n", argv[1]);
		return 1;
	}
	XSetInputFocus(dpy, (Window)xid, RevertToParent, CurrentTime);
	XTestFakeMotionEvent(dpy, DefaultScreen(dpy), x + w / 2, y + h / 2, CurrentTime);
	XSync(dpy, False);
	sleep_ms(200);
	for (int i = 3; i < argc; ++i) {
		const char *s = argv[i];
		long n = strtol(s + 1, NULL, 10);
		switch (s[0]) {
		case 'k':
			XTestFakeKeyEvent(dpy, (unsigned)n, True, CurrentTime);
			XTestFakeKeyEvent(dpy, (unsigned)n, False, CurrentTime);
			break;
		case 'd':
		case 'u':
			XTestFakeKeyEvent(dpy, (unsigned)n, s[0] == 'd', CurrentTime);
			break;
		case 'b':
			XTestFakeButtonEvent(dpy, (unsigned)n, True, CurrentTime);
			XTestFakeButtonEvent(dpy, (unsigned)n, False, CurrentTime);
			break;
		case 'm': {
			int dx = 0, dy = 0;
			sscanf(s + 1, "%d,%d", &dx, &dy);
			XTestFakeRelativeMotionEvent(dpy, dx, dy, CurrentTime);
			break;
		}
		case 's':
			XSync(dpy, False);
			sleep_ms(n);
			break;
		case 'c': {
			XSync(dpy, False);
			XFixesCursorImage *ci = XFixesGetCursorImage(dpy);
			int opaque = 0;
			for (int k = 0; ci && k < ci->width * ci->height; ++k)
				opaque += (ci->pixels[k] >> 24) != 0;
			printf("CURSOR %dx%d %d\n", ci ? ci->width : 0, ci ? ci->height : 0, opaque);
			fflush(stdout);
			if (ci)
				XFree(ci);
			break;
		}
		case 'g': {
			int r = XGrabKeyboard(dpy, DefaultRootWindow(dpy), False, GrabModeAsync,
					      GrabModeAsync, CurrentTime);
			if (r == GrabSuccess)
				XUngrabKeyboard(dpy, CurrentTime);
			printf("GRAB %s\n", r == GrabSuccess ? "free" : "taken");
			fflush(stdout);
			break;
		}
		case 'f':
			XSetInputFocus(dpy, n ? (Window)xid : PointerRoot, RevertToParent, CurrentTime);
			break;
		case 'p': {
			Window root, child;
			int rx, ry, wx, wy;
			unsigned mask;
			XQueryPointer(dpy, (Window)xid, &root, &child, &rx, &ry, &wx, &wy, &mask);
			printf("POINTER %d %d\n", wx, wy);
			fflush(stdout);
			break;
		}
		default:
			fprintf(stderr, "xinject: unknown step '%s'\n", s);
			return 1;
		}
		XSync(dpy, False);
		sleep_ms(20);
	}
	XCloseDisplay(dpy);
	return 0;
}
