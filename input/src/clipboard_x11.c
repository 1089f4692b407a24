// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The X11 clipboard backend: the CLIPBOARD selection on a connection and a
 * hidden window of its own, served by its own thread, so that neither the
 * window's event loop nor a slow peer (the guest's agent, a local program) ever
 * holds up the main thread. Text as UTF8_STRING, text/plain;charset=utf-8,
 * TEXT and STRING; images as image/png. Large transfers go INCR both ways
 * (ICCCM 2.7.2). Every wait on a peer has a deadline. Under XWayland the
 * same selections reach Wayland programs through XWayland's bridge.
 */
#define G_LOG_DOMAIN "lgview-clipboard"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "clipboard_x11_priv.h"

static const char *const atom_names[A_COUNT] = {
	"CLIPBOARD",	"TARGETS",     "TIMESTAMP",
	"INCR",		"UTF8_STRING", "text/plain;charset=utf-8",
	"TEXT",		"image/png",   "LGVIEW_CLIPBOARD",
	"LGVIEW_CLOCK",
};

/* ---- X errors: ours are expected (a requestor gone), never fatal ---- */

static Display *volatile our_dpy;
static XErrorHandler prev_handler;

static int on_x_error(Display *d, XErrorEvent *e)
{
	if (d == our_dpy) {
		g_debug("X error %d on request %d (a peer went away?)", e->error_code,
			e->request_code);
		return 0;
	}
	return prev_handler ? prev_handler(d, e) : 0;
}

/* ---- the queue ---- */

static void post(struct x11_clip *x, enum cmd_type type, unsigned arg, GBytes *bytes)
{
	pthread_mutex_lock(&x->lock);
	g_array_append_val(x->queue, ((struct cmd){type, arg, bytes}));
	pthread_mutex_unlock(&x->lock);
	char b = 0;
	while (write(x->wake[1], &b, 1) < 0 && errno == EINTR)
		;
}

static void on_property(struct x11_clip *x, const XPropertyEvent *e)
{
	if (e->window == x->win) {
		if (e->atom == x->atoms[A_CLOCK] && x->claiming)
			x11c_finish_claim(x, e->time);
		else if (e->atom == x->atoms[A_PROP] && e->state == PropertyNewValue &&
			 x->conv.active && x->conv.incr)
			x11c_incr_piece(x);
		else if (e->atom == x->atoms[A_PROP] && e->state == PropertyNewValue && x->draining)
			x11c_drain_piece(x);
		return;
	}
	if (e->state == PropertyDelete)
		x11c_outgoing_step(x, e);
}

/* ---- the thread ---- */

static void run_cmds(struct x11_clip *x)
{
	pthread_mutex_lock(&x->lock);
	GArray *q = x->queue;
	x->queue = g_array_new(FALSE, FALSE, sizeof(struct cmd));
	pthread_mutex_unlock(&x->lock);
	/* Of the claims in one batch only the last counts: a guest that
	 * floods grabs costs one change of owner per batch. */
	guint last_claim = G_MAXUINT;
	for (guint i = 0; i < q->len; ++i)
		if (g_array_index(q, struct cmd, i).type == C_CLAIM)
			last_claim = i;
	for (guint i = 0; i < q->len; ++i) {
		struct cmd *c = &g_array_index(q, struct cmd, i);
		switch (c->type) {
		case C_CLAIM:
			if (i == last_claim)
				x11c_claim(x, c->arg & LGI_CLIP_ALL);
			break;
		case C_SUPPLY:
			x11c_supply(x, (enum lgi_clip_type)c->arg, c->bytes);
			break;
		case C_FETCH:
			if (c->arg != LGI_CLIP_TEXT && c->arg != LGI_CLIP_PNG)
				break;
			if (x->own || !(x->local_types & LGI_CLIP_BIT(c->arg))) {
				x->ev->local_data(x->ctx, (enum lgi_clip_type)c->arg, NULL, 0);
				break;
			}
			x->fetch_wanted |= LGI_CLIP_BIT(c->arg);
			x11c_conversion_next(x);
			break;
		case C_QUIT:
			x->quit = true;
			break;
		}
		if (c->bytes)
			g_bytes_unref(c->bytes);
	}
	g_array_free(q, TRUE);
}

/* Give up on peers past their deadline; the time until the next one. */
static int expire(struct x11_clip *x)
{
	gint64 now = g_get_monotonic_time();
	gint64 next = MIN(x11c_own_expire(x, now), x11c_read_expire(x, now));
	if (next == G_MAXINT64)
		return -1;
	return (int)MIN((next - now) / 1000 + 1, 1000);
}

static void *clip_thread(void *arg)
{
	struct x11_clip *x = arg;
	while (!x->quit) {
		while (XPending(x->dpy)) {
			XEvent e;
			XNextEvent(x->dpy, &e);
			if (e.type == x->fixes_event + XFixesSelectionNotify)
				x11c_on_owner_change(x, (XFixesSelectionNotifyEvent *)&e);
			else if (e.type == SelectionRequest)
				x11c_on_request(x, &e.xselectionrequest);
			else if (e.type == SelectionNotify)
				x11c_on_notify(x, &e.xselection);
			else if (e.type == PropertyNotify)
				on_property(x, &e.xproperty);
			else if (e.type == SelectionClear)
				x->own = false; /* XFixes says who took it */
		}
		int timeout = expire(x);
		XFlush(x->dpy);
		struct pollfd p[2] = {{ConnectionNumber(x->dpy), POLLIN, 0},
				      {x->wake[0], POLLIN, 0}};
		if (poll(p, 2, timeout) < 0 && errno != EINTR)
			break;
		if (p[1].revents & POLLIN) {
			char buf[64];
			while (read(x->wake[0], buf, sizeof(buf)) > 0)
				;
			run_cmds(x);
		}
		if (p[0].revents & (POLLERR | POLLHUP)) {
			g_warning("the clipboard's X connection closed");
			break;
		}
	}
	return NULL;
}

/* ---- create / destroy ---- */

static void x11_destroy(void *b);

static void *x11_create(const char *display, size_t max_bytes,
			const struct lgi_clipboard_events *ev, void *ctx)
{
	struct x11_clip *x = g_new0(struct x11_clip, 1);
	x->ev = ev;
	x->ctx = ctx;
	x->max_bytes = max_bytes;
	x->wake[0] = x->wake[1] = -1;
	pthread_mutex_init(&x->lock, NULL);
	x->queue = g_array_new(FALSE, FALSE, sizeof(struct cmd));
	x->waiting = g_array_new(FALSE, FALSE, sizeof(struct waiting));
	x->outgoing = g_ptr_array_new_with_free_func(x11c_outgoing_free);
	x->dpy = XOpenDisplay(display);
	if (!x->dpy) {
		g_warning("the clipboard cannot open its own X connection: no clipboard");
		goto err;
	}
	int fixes_error;
	if (!XFixesQueryExtension(x->dpy, &x->fixes_event, &fixes_error)) {
		g_warning("the X server has no XFIXES: no clipboard");
		goto err;
	}
	if (pipe2(x->wake, O_CLOEXEC | O_NONBLOCK) < 0)
		goto err;
	XInternAtoms(x->dpy, (char **)atom_names, A_COUNT, False, x->atoms);
	/* One write must fit a request (BIG-REQUESTS or not), with room. */
	long maxreq = XExtendedMaxRequestSize(x->dpy);
	if (maxreq <= 0)
		maxreq = XMaxRequestSize(x->dpy);
	x->chunk = MIN((size_t)INCR_CHUNK, (size_t)maxreq * 4 - 1024);
	x->win = XCreateSimpleWindow(x->dpy, DefaultRootWindow(x->dpy), -10, -10, 1, 1, 0, 0, 0);
	XSelectInput(x->dpy, x->win, PropertyChangeMask);
	XFixesSelectSelectionInput(x->dpy, x->win, x->atoms[A_CLIPBOARD],
				   XFixesSetSelectionOwnerNotifyMask |
					   XFixesSelectionWindowDestroyNotifyMask |
					   XFixesSelectionClientCloseNotifyMask);
	our_dpy = x->dpy;
	prev_handler = XSetErrorHandler(on_x_error);
	if (XGetSelectionOwner(x->dpy, x->atoms[A_CLIPBOARD]) != None)
		x11c_conversion_start(x, true, 0); /* what is on the clipboard already */
	XFlush(x->dpy);
	if (pthread_create(&x->thread, NULL, clip_thread, x)) {
		g_warning("cannot start the clipboard's thread: no clipboard");
		goto err;
	}
	return x;

err:
	x->thread = 0;
	x11_destroy(x);
	return NULL;
}

static void x11_destroy(void *b)
{
	struct x11_clip *x = b;
	if (!x)
		return;
	if (x->thread) {
		post(x, C_QUIT, 0, NULL);
		pthread_join(x->thread, NULL);
	}
	if (x->dpy) {
		if (x->own)
			XSetSelectionOwner(x->dpy, x->atoms[A_CLIPBOARD], None, x->own_time);
		x11c_drop_claim(x);
		if (x->win)
			XDestroyWindow(x->dpy, x->win);
		XCloseDisplay(x->dpy);
		if (our_dpy == x->dpy)
			our_dpy = NULL;
	}
	for (guint i = 0; i < x->queue->len; ++i)
		if (g_array_index(x->queue, struct cmd, i).bytes)
			g_bytes_unref(g_array_index(x->queue, struct cmd, i).bytes);
	g_array_free(x->queue, TRUE);
	g_array_free(x->waiting, TRUE);
	g_ptr_array_free(x->outgoing, TRUE);
	if (x->conv.buf)
		g_byte_array_free(x->conv.buf, TRUE);
	if (x->wake[0] >= 0)
		close(x->wake[0]);
	if (x->wake[1] >= 0)
		close(x->wake[1]);
	pthread_mutex_destroy(&x->lock);
	g_free(x);
}

static void x11_claim(void *b, unsigned types)
{
	post(b, C_CLAIM, types, NULL);
}

static void x11_supply(void *b, enum lgi_clip_type t, const uint8_t *data, size_t len)
{
	post(b, C_SUPPLY, t, data ? g_bytes_new(data, len) : NULL);
}

static void x11_fetch(void *b, enum lgi_clip_type t)
{
	post(b, C_FETCH, t, NULL);
}

const struct lgi_clipboard_backend_ops lgi_clipboard_x11 = {
	.name = "x11",
	.create = x11_create,
	.destroy = x11_destroy,
	.claim = x11_claim,
	.supply = x11_supply,
	.fetch = x11_fetch,
};
