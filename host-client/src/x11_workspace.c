// SPDX-License-Identifier: GPL-2.0-or-later
#define G_LOG_DOMAIN "lgview-window"
#include <SDL_syswm.h>
#include <glib.h>
#include <string.h>

#include "x11_workspace.h"

/* Why the request would go nowhere without X11, by SDL's video driver. */
static char *not_x11(const char *driver)
{
	if (driver && !strcmp(driver, "wayland"))
		return g_strdup("Wayland lets no client pick its workspace; place the window "
				"with a compositor rule for its app id (win:appId)");
	if (driver && !strcmp(driver, "x11"))
		return g_strdup("this lgview was built without X11 support");
	return g_strdup_printf("it needs an X11 window manager, and SDL's video driver is '%s'",
			       driver ? driver : "unknown");
}

/* Why the window manager, wm in words, would not act on the request. */
static char *not_ewmh(const struct lgv_wm_support *s, const char *wm, int desktop)
{
	if (!s->ewmh)
		return g_strdup("no EWMH window manager runs (no _NET_SUPPORTING_WM_CHECK on "
				"the root window), so none would act on the request");
	if (!s->wm_desktop)
		return g_strdup_printf("%s does not support _NET_WM_DESKTOP (not in "
				       "_NET_SUPPORTED)",
				       wm);
	if (s->desktops < 0)
		return g_strdup_printf("%s announces no workspaces (no _NET_NUMBER_OF_DESKTOPS "
				       "on the root window)",
				       wm);
	if (desktop >= s->desktops)
		return g_strdup_printf("%s has %ld workspace%s, numbered from 0", wm, s->desktops,
				       s->desktops == 1 ? "" : "s");
	return NULL;
}

char *lgv_workspace_refusal(const struct lgv_wm_support *s, int desktop)
{
	char *wm = s->wm_name ? g_strdup_printf("the window manager (%s)", s->wm_name)
			      : g_strdup("the window manager");
	char *why = s->x11 ? not_ewmh(s, wm, desktop) : not_x11(s->driver);
	char *text = why ? g_strdup_printf("win:workspace=%d ignored: %s", desktop, why) : NULL;

	g_free(why);
	g_free(wm);
	return text;
}

/* Warns and says true when the window manager cannot act on the request. */
static bool refused(const struct lgv_wm_support *s, int desktop)
{
	char *why = lgv_workspace_refusal(s, desktop);
	bool refuse = why != NULL;

	if (refuse)
		g_warning("%s", why);
	g_free(why);
	return refuse;
}

#ifdef LGVIEW_HAVE_X11
#include <X11/Xatom.h>
#include <X11/Xlib.h>

static int ignore_error(Display *dpy, XErrorEvent *ev)
{
	(void)dpy;
	(void)ev;
	return 0;
}

/* Property prop of w if it has the type: its item count (bytes for strings),
 * 0 when absent. XFree() *data. */
static unsigned long property(Display *dpy, Window w, const char *prop, Atom type,
			      unsigned char **data)
{
	Atom actual;
	int format;
	unsigned long n = 0, after;

	*data = NULL;
	if (XGetWindowProperty(dpy, w, XInternAtom(dpy, prop, False), 0, 4096, False, type, &actual,
			       &format, &n, &after, data) != Success)
		return 0;
	if (actual != type) {
		n = 0;
		g_clear_pointer(data, XFree);
	}
	return n;
}

/* The first 32-bit item of a property (Xlib hands them over as longs), or fallback. */
static long first_item(Display *dpy, Window w, const char *prop, Atom type, long fallback)
{
	unsigned char *data;
	long v = property(dpy, w, prop, type, &data) ? *(long *)data : fallback;

	if (data)
		XFree(data);
	return v;
}

static bool lists_atom(Display *dpy, Window w, const char *prop, Atom want)
{
	unsigned char *data;
	unsigned long n = property(dpy, w, prop, XA_ATOM, &data);
	bool found = false;

	for (unsigned long i = 0; i < n && !found; i++)
		found = ((Atom *)data)[i] == want;
	if (data)
		XFree(data);
	return found;
}

static void wm_name(Display *dpy, Window check, char *name, size_t len, struct lgv_wm_support *s)
{
	unsigned char *data;
	unsigned long n =
		property(dpy, check, "_NET_WM_NAME", XInternAtom(dpy, "UTF8_STRING", False), &data);

	if (n) {
		g_strlcpy(name, (const char *)data, MIN(len, n + 1));
		s->wm_name = name;
	}
	if (data)
		XFree(data);
}

/* What the root window says the window manager supports. EWMH: the check
 * window must point at itself too, or the window manager that set it is gone. */
static void probe(Display *dpy, struct lgv_wm_support *s, char *name, size_t len)
{
	Window root = DefaultRootWindow(dpy);
	int (*old)(Display *, XErrorEvent *);
	Window check;

	s->x11 = true;
	XSync(dpy, False);
	old = XSetErrorHandler(ignore_error); /* a stale check window is gone */
	check = (Window)first_item(dpy, root, "_NET_SUPPORTING_WM_CHECK", XA_WINDOW, 0);
	s->ewmh = check &&
		  (Window)first_item(dpy, check, "_NET_SUPPORTING_WM_CHECK", XA_WINDOW, 0) == check;
	if (s->ewmh)
		wm_name(dpy, check, name, len, s);
	s->wm_desktop =
		lists_atom(dpy, root, "_NET_SUPPORTED", XInternAtom(dpy, "_NET_WM_DESKTOP", False));
	s->desktops = first_item(dpy, root, "_NET_NUMBER_OF_DESKTOPS", XA_CARDINAL, -1);
	XSync(dpy, False);
	XSetErrorHandler(old);
}

static bool send_desktop(Display *dpy, Window win, int desktop)
{
	XEvent ev = {0};

	ev.xclient.type = ClientMessage;
	ev.xclient.send_event = True;
	ev.xclient.display = dpy;
	ev.xclient.window = win;
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

bool lgv_x11_set_workspace(SDL_Window *win, int desktop)
{
	struct lgv_wm_support s = {.driver = SDL_GetCurrentVideoDriver(), .desktops = -1};
	SDL_SysWMinfo info;
	char name[128];

	SDL_VERSION(&info.version);
	if (SDL_GetWindowWMInfo(win, &info) && info.subsystem == SDL_SYSWM_X11)
		probe(info.info.x11.display, &s, name, sizeof(name));
	if (refused(&s, desktop))
		return false;
	return send_desktop(info.info.x11.display, info.info.x11.window, desktop);
}
#else
bool lgv_x11_set_workspace(SDL_Window *win, int desktop)
{
	struct lgv_wm_support s = {.driver = SDL_GetCurrentVideoDriver(), .desktops = -1};

	(void)win;
	return !refused(&s, desktop);
}
#endif
