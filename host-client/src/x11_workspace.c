// SPDX-License-Identifier: GPL-2.0-or-later
#define G_LOG_DOMAIN "lgview-window"
#include <SDL_syswm.h>
#include <glib.h>

#include "x11_workspace.h"

#ifdef LGVIEW_HAVE_X11
#include <X11/Xlib.h>

bool lgv_x11_set_workspace(SDL_Window *win, int desktop)
{
	SDL_SysWMinfo info;
	SDL_VERSION(&info.version);
	if (!SDL_GetWindowWMInfo(win, &info) || info.subsystem != SDL_SYSWM_X11) {
		g_message("win:workspace works on X11 only; on Wayland place the window by its "
			  "app id with a compositor rule");
		return false;
	}
	Display *dpy = info.info.x11.display;
	XEvent ev = {0};
	ev.xclient.type = ClientMessage;
	ev.xclient.serial = 0;
	ev.xclient.send_event = True;
	ev.xclient.display = dpy;
	ev.xclient.window = info.info.x11.window;
	ev.xclient.message_type = XInternAtom(dpy, "_NET_WM_DESKTOP", False);
	ev.xclient.format = 32;
	ev.xclient.data.l[0] = desktop;
	ev.xclient.data.l[1] = 1; /* source: a normal application */
	Status ok = XSendEvent(dpy, DefaultRootWindow(dpy), False,
			       SubstructureRedirectMask | SubstructureNotifyMask, &ev);
	XFlush(dpy);
	g_debug("asked the window manager for workspace %d", desktop);
	return ok != 0;
}
#else
bool lgv_x11_set_workspace(SDL_Window *win, int desktop)
{
	(void)win;
	(void)desktop;
	g_message("win:workspace needs X11 support, which this build lacks");
	return false;
}
#endif
