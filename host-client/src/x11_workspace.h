/* SPDX-License-Identifier: GPL-2.0-or-later */
/* EWMH workspace placement (X11 only; a warning elsewhere). Main thread. */
#ifndef LGVIEW_X11_WORKSPACE_H
#define LGVIEW_X11_WORKSPACE_H

#include <SDL.h>
#include <stdbool.h>

/* What the window manager offers for moving a window to a desktop, as read
 * from the X11 root window. */
struct lgv_wm_support {
	const char *driver;  /* SDL's video driver: "x11", "wayland"...; NULL: unknown */
	bool x11;	     /* lgview can speak X11 to the window */
	bool ewmh;	     /* _NET_SUPPORTING_WM_CHECK names a live window manager */
	bool wm_desktop;     /* _NET_SUPPORTED lists _NET_WM_DESKTOP */
	long desktops;	     /* _NET_NUMBER_OF_DESKTOPS; -1: not set */
	const char *wm_name; /* _NET_WM_NAME of the window manager; NULL: unknown */
};

/* NULL when the window manager can act on win:workspace=desktop; else the
 * one warning saying why it is ignored. Pure; g_free() the text. */
char *lgv_workspace_refusal(const struct lgv_wm_support *s, int desktop);

/* Ask the window manager to put the (already mapped) window on desktop n:
 * a _NET_WM_DESKTOP client message to the root window. Setting the property
 * before mapping makes some WMs never map the window. When the window
 * manager cannot do it (see lgv_workspace_refusal()), warns and returns
 * false. */
bool lgv_x11_set_workspace(SDL_Window *win, int desktop);

#endif
