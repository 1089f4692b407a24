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
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/extensions/Xfixes.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "input/clipboard_local.h"

/* A peer that stops answering is given up after this long. */
#define PEER_DEADLINE_US (3 * G_USEC_PER_SEC)
/* Data above this goes INCR, in pieces of this size. */
#define INCR_CHUNK (256u * 1024u)
/* Local programs' requests waiting for the guest, and INCR transfers
 * going out, at most: beyond, a request is refused (a flood stays small). */
#define WAITING_MAX 64u
#define OUTGOING_MAX 16u

enum atom_id {
	A_CLIPBOARD,
	A_TARGETS,
	A_TIMESTAMP,
	A_MULTIPLE,
	A_INCR,
	A_UTF8,
	A_TEXT_PLAIN_UTF8,
	A_TEXT,
	A_PNG,
	A_PROP,	 /* where conversions for us land */
	A_CLOCK, /* a zero-length append gives the server's time */
	A_COUNT,
};

static const char *const atom_names[A_COUNT] = {
	"CLIPBOARD",
	"TARGETS",
	"TIMESTAMP",
	"MULTIPLE",
	"INCR",
	"UTF8_STRING",
	"text/plain;charset=utf-8",
	"TEXT",
	"image/png",
	"LGVIEW_CLIPBOARD",
	"LGVIEW_CLOCK",
};

enum cmd_type { C_CLAIM, C_SUPPLY, C_FETCH, C_QUIT };

struct cmd {
	enum cmd_type type;
	unsigned arg; /* types or a type */
	GBytes *bytes;
};

/* A local program's request we answer once the guest's data is here. */
struct waiting {
	Window requestor;
	Atom target, property;
	Time time;
	enum lgi_clip_type type;
	gint64 deadline;
};

/* Data going out INCR. */
struct outgoing {
	Window requestor;
	Atom property, type;
	GBytes *bytes;
	size_t offset;
	bool done; /* the last, empty piece is written */
	gint64 deadline;
};

/* Our one conversion of the local clipboard at a time. */
struct conversion {
	bool active, incr;
	bool targets; /* asking for TARGETS, else data of type */
	enum lgi_clip_type type;
	Atom target;
	GByteArray *buf;
	gint64 deadline;
};

struct x11_clip {
	const struct lgi_clipboard_events *ev;
	void *ctx;
	size_t max_bytes;
	pthread_t thread;
	int wake[2];

	pthread_mutex_t lock;
	GArray *queue; /* struct cmd */

	/* the thread only */
	Display *dpy;
	Window win;
	Atom atoms[A_COUNT];
	int fixes_event;
	size_t chunk;	   /* the most one property write carries */
	bool self_release; /* we gave the selection up: its XFIXES event is ours */
	bool draining;	   /* an abandoned INCR transfer is still coming in */
	gint64 drain_deadline;
	bool quit;

	unsigned own_types; /* what we offer while we own the selection */
	bool own, claiming; /* ours / waiting for a time to take it */
	Time own_time;
	GBytes *cache[3];    /* the guest's data for this claim */
	bool asked[3];	     /* need_data said, supply not yet here */
	GArray *waiting;     /* struct waiting */
	GPtrArray *outgoing; /* struct outgoing */

	unsigned local_types;  /* what the local owner offers */
	Atom local_text;       /* its best text target */
	unsigned fetch_wanted; /* fetches queued behind the conversion */
	bool targets_wanted;
	struct conversion conv;
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

/* ---- owning the selection for the guest ---- */

/* Answer a request (made at time t, which the answer repeats). */
static void reply(struct x11_clip *x, Window requestor, Atom target, Atom property, Time t, bool ok)
{
	XEvent n = {0};
	n.xselection.type = SelectionNotify;
	n.xselection.requestor = requestor;
	n.xselection.selection = x->atoms[A_CLIPBOARD];
	n.xselection.target = target;
	n.xselection.property = ok ? property : None;
	n.xselection.time = t;
	XSendEvent(x->dpy, requestor, False, NoEventMask, &n);
}

static void outgoing_free(gpointer p)
{
	struct outgoing *o = p;
	g_bytes_unref(o->bytes);
	g_free(o);
}

/* Write the data a local program asked for: at once, or INCR. */
static void send_data(struct x11_clip *x, Window requestor, Atom target, Atom property, Time t,
		      GBytes *bytes)
{
	gsize n;
	const uint8_t *d = g_bytes_get_data(bytes, &n);
	Atom type = target == x->atoms[A_TEXT] ? x->atoms[A_UTF8] : target;
	if (n <= x->chunk) {
		XChangeProperty(x->dpy, requestor, property, type, 8, PropModeReplace, d, (int)n);
		reply(x, requestor, target, property, t, true);
		return;
	}
	if (x->outgoing->len >= OUTGOING_MAX) {
		g_warning("%u clipboard transfers are going on: one more is refused", OUTGOING_MAX);
		reply(x, requestor, target, property, t, false);
		return;
	}
	struct outgoing *o = g_new0(struct outgoing, 1);
	o->requestor = requestor;
	o->property = property;
	o->type = type;
	o->bytes = g_bytes_ref(bytes);
	o->deadline = g_get_monotonic_time() + PEER_DEADLINE_US;
	g_ptr_array_add(x->outgoing, o);
	XSelectInput(x->dpy, requestor, PropertyChangeMask);
	long size = (long)n;
	XChangeProperty(x->dpy, requestor, property, x->atoms[A_INCR], 32, PropModeReplace,
			(unsigned char *)&size, 1);
	reply(x, requestor, target, property, t, true);
}

/* The requestor deleted the property: its next piece. */
static void outgoing_step(struct x11_clip *x, const XPropertyEvent *e)
{
	for (guint i = 0; i < x->outgoing->len; ++i) {
		struct outgoing *o = g_ptr_array_index(x->outgoing, i);
		if (o->requestor != e->window || o->property != e->atom)
			continue;
		if (o->done) {
			g_ptr_array_remove_index_fast(x->outgoing, i);
			return;
		}
		gsize n;
		const uint8_t *d = g_bytes_get_data(o->bytes, &n);
		size_t len = MIN(x->chunk, n - o->offset);
		XChangeProperty(x->dpy, o->requestor, o->property, o->type, 8, PropModeReplace,
				d + o->offset, (int)len);
		o->offset += len;
		o->done = len == 0;
		o->deadline = g_get_monotonic_time() + PEER_DEADLINE_US;
		return;
	}
}

static int type_of_target(const struct x11_clip *x, Atom t)
{
	if (t == x->atoms[A_UTF8] || t == x->atoms[A_TEXT_PLAIN_UTF8] || t == x->atoms[A_TEXT] ||
	    t == XA_STRING)
		return LGI_CLIP_TEXT;
	if (t == x->atoms[A_PNG])
		return LGI_CLIP_PNG;
	return 0;
}

/* The guest's text as Latin-1 for a STRING request: a new GBytes. */
static GBytes *as_latin1(GBytes *utf8)
{
	gsize n;
	const char *d = g_bytes_get_data(utf8, &n);
	gsize out = 0;
	char *s =
		g_convert_with_fallback(d, (gssize)n, "ISO-8859-1", "UTF-8", "?", NULL, &out, NULL);
	return s ? g_bytes_new_take(s, out) : g_bytes_new("", 0);
}

static void answer_with(struct x11_clip *x, Window requestor, Atom target, Atom property, Time t,
			GBytes *bytes)
{
	if (target == XA_STRING) {
		GBytes *l = as_latin1(bytes);
		send_data(x, requestor, target, property, t, l);
		g_bytes_unref(l);
	} else {
		send_data(x, requestor, target, property, t, bytes);
	}
}

static void answer_targets(struct x11_clip *x, Window requestor, Atom property, Time t)
{
	Atom list[8];
	int n = 0;
	list[n++] = x->atoms[A_TARGETS];
	list[n++] = x->atoms[A_TIMESTAMP];
	if (x->own_types & LGI_CLIP_BIT(LGI_CLIP_TEXT)) {
		list[n++] = x->atoms[A_UTF8];
		list[n++] = x->atoms[A_TEXT_PLAIN_UTF8];
		list[n++] = x->atoms[A_TEXT];
		list[n++] = XA_STRING;
	}
	if (x->own_types & LGI_CLIP_BIT(LGI_CLIP_PNG))
		list[n++] = x->atoms[A_PNG];
	XChangeProperty(x->dpy, requestor, property, XA_ATOM, 32, PropModeReplace,
			(unsigned char *)list, n);
	reply(x, requestor, x->atoms[A_TARGETS], property, t, true);
}

static void on_request(struct x11_clip *x, const XSelectionRequestEvent *e)
{
	Atom property = e->property != None ? e->property : e->target; /* obsolete clients */
	if (!x->own || e->selection != x->atoms[A_CLIPBOARD] || e->owner != x->win) {
		reply(x, e->requestor, e->target, property, e->time, false);
		return;
	}
	if (e->target == x->atoms[A_TARGETS]) {
		answer_targets(x, e->requestor, property, e->time);
		return;
	}
	if (e->target == x->atoms[A_TIMESTAMP]) {
		long t = (long)x->own_time;
		XChangeProperty(x->dpy, e->requestor, property, XA_INTEGER, 32, PropModeReplace,
				(unsigned char *)&t, 1);
		reply(x, e->requestor, e->target, property, e->time, true);
		return;
	}
	int t = type_of_target(x, e->target);
	if (!t || !(x->own_types & LGI_CLIP_BIT(t))) { /* MULTIPLE too: not offered */
		reply(x, e->requestor, e->target, property, e->time, false);
		return;
	}
	if (x->cache[t]) {
		answer_with(x, e->requestor, e->target, property, e->time, x->cache[t]);
		return;
	}
	if (x->waiting->len >= WAITING_MAX) {
		reply(x, e->requestor, e->target, property, e->time, false);
		return;
	}
	struct waiting w = {e->requestor,
			    e->target,
			    property,
			    e->time,
			    (enum lgi_clip_type)t,
			    g_get_monotonic_time() + PEER_DEADLINE_US};
	g_array_append_val(x->waiting, w);
	if (!x->asked[t]) {
		x->asked[t] = true;
		x->ev->need_data(x->ctx, (enum lgi_clip_type)t);
	}
}

/* Answer (or refuse, bytes NULL) everyone waiting for type t. */
static void answer_waiting(struct x11_clip *x, enum lgi_clip_type t, GBytes *bytes)
{
	for (guint i = 0; i < x->waiting->len;) {
		struct waiting *w = &g_array_index(x->waiting, struct waiting, i);
		if (w->type != t) {
			++i;
			continue;
		}
		if (bytes)
			answer_with(x, w->requestor, w->target, w->property, w->time, bytes);
		else
			reply(x, w->requestor, w->target, w->property, w->time, false);
		g_array_remove_index(x->waiting, i);
	}
}

static void drop_claim(struct x11_clip *x)
{
	for (int t = LGI_CLIP_TEXT; t <= LGI_CLIP_PNG; ++t) {
		answer_waiting(x, (enum lgi_clip_type)t, NULL);
		g_clear_pointer(&x->cache[t], g_bytes_unref);
		x->asked[t] = false;
	}
}

/* Ask the server for its time; the PropertyNotify brings it (ICCCM 2.1). */
static void ask_time(struct x11_clip *x)
{
	XChangeProperty(x->dpy, x->win, x->atoms[A_CLOCK], XA_STRING, 8, PropModeAppend, NULL, 0);
}

static void do_claim(struct x11_clip *x, unsigned types)
{
	drop_claim(x);
	x->own_types = types;
	if (!types) {
		if (x->own) {
			XSetSelectionOwner(x->dpy, x->atoms[A_CLIPBOARD], None, x->own_time);
			x->self_release = true; /* its XFIXES event is not the desktop's */
		}
		x->own = x->claiming = false;
		return;
	}
	x->claiming = true;
	ask_time(x);
}

static void finish_claim(struct x11_clip *x, Time t)
{
	x->claiming = false;
	x->own_time = t;
	XSetSelectionOwner(x->dpy, x->atoms[A_CLIPBOARD], x->win, t);
	x->own = XGetSelectionOwner(x->dpy, x->atoms[A_CLIPBOARD]) == x->win;
	if (!x->own)
		g_warning("could not take the X clipboard for the guest's data");
}

static void do_supply(struct x11_clip *x, enum lgi_clip_type t, GBytes *bytes)
{
	if (t != LGI_CLIP_TEXT && t != LGI_CLIP_PNG)
		return;
	x->asked[t] = false;
	if (!x->own || !(x->own_types & LGI_CLIP_BIT(t))) {
		answer_waiting(x, t, NULL);
		return;
	}
	if (bytes) {
		g_clear_pointer(&x->cache[t], g_bytes_unref);
		x->cache[t] = g_bytes_ref(bytes);
	}
	answer_waiting(x, t, bytes);
}

/* ---- reading the local clipboard for the guest ---- */

static void conversion_start(struct x11_clip *x, bool targets, enum lgi_clip_type t)
{
	Atom target = targets		  ? x->atoms[A_TARGETS]
		      : t == LGI_CLIP_PNG ? x->atoms[A_PNG]
					  : x->local_text;
	x->conv = (struct conversion){.active = true,
				      .targets = targets,
				      .type = t,
				      .target = target,
				      .deadline = g_get_monotonic_time() + PEER_DEADLINE_US};
	XDeleteProperty(x->dpy, x->win, x->atoms[A_PROP]);
	XConvertSelection(x->dpy, x->atoms[A_CLIPBOARD], target, x->atoms[A_PROP], x->win,
			  CurrentTime);
}

/* Start what waits behind the conversion that just ended. */
static void conversion_next(struct x11_clip *x)
{
	if (x->conv.active || x->draining)
		return; /* the property is still another's to write */
	if (x->targets_wanted) {
		x->targets_wanted = false;
		conversion_start(x, true, 0);
		return;
	}
	for (int t = LGI_CLIP_TEXT; t <= LGI_CLIP_PNG; ++t) {
		if (x->fetch_wanted & LGI_CLIP_BIT(t)) {
			x->fetch_wanted &= ~LGI_CLIP_BIT(t);
			conversion_start(x, false, (enum lgi_clip_type)t);
			return;
		}
	}
}

static void targets_done(struct x11_clip *x, const Atom *list, size_t n)
{
	if (x->own || x->claiming)
		return; /* the guest's data took the clipboard meanwhile */
	unsigned types = 0;
	Atom text = None;
	static const enum atom_id text_pref[] = {A_UTF8, A_TEXT_PLAIN_UTF8};
	for (size_t i = 0; i < n; ++i) {
		int t = type_of_target(x, list[i]);
		if (t)
			types |= LGI_CLIP_BIT(t);
	}
	for (size_t p = 0; p < G_N_ELEMENTS(text_pref) && !text; ++p)
		for (size_t i = 0; i < n; ++i)
			if (list[i] == x->atoms[text_pref[p]])
				text = list[i];
	for (size_t i = 0; i < n && !text; ++i)
		if (list[i] == XA_STRING)
			text = XA_STRING;
	x->local_types = types;
	x->local_text = text ? text : x->atoms[A_UTF8];
	x->ev->local_grab(x->ctx, types);
}

/* The data of one conversion is whole (or NULL: failed). */
static void conversion_done(struct x11_clip *x, const uint8_t *d, size_t n, Atom type, int format)
{
	struct conversion c = x->conv;
	x->conv.active = false;
	x->conv.buf = NULL; /* freed below, after the callback */
	if (c.incr && !d) {
		/* Given up midway: the owner may go on writing pieces into our
		 * property; they are read and dropped before the next one. */
		x->draining = true;
		x->drain_deadline = g_get_monotonic_time() + PEER_DEADLINE_US;
	}
	if (c.targets) {
		if (d && format == 32 && (type == XA_ATOM || type == x->atoms[A_TARGETS]))
			targets_done(x, (const Atom *)d, n / sizeof(Atom));
		else /* an owner that cannot list its types: none we know */
			targets_done(x, NULL, 0);
	} else if (!d || format != 8) {
		x->ev->local_data(x->ctx, c.type, NULL, 0);
	} else if (c.target == XA_STRING) {
		gsize out = 0;
		char *s = g_convert((const char *)d, (gssize)n, "UTF-8", "ISO-8859-1", NULL, &out,
				    NULL);
		x->ev->local_data(x->ctx, c.type, (const uint8_t *)s, s ? out : 0);
		g_free(s);
	} else {
		x->ev->local_data(x->ctx, c.type, d, n);
	}
	if (c.buf)
		g_byte_array_free(c.buf, TRUE);
	conversion_next(x);
}

/* The local data is over the limit: the conversion ends with none. */
static void too_big(struct x11_clip *x)
{
	g_warning("the local clipboard is over the limit of %zu bytes "
		  "(spice:clipboardMaxSize); the guest gets none",
		  x->max_bytes);
	conversion_done(x, NULL, 0, None, 0);
}

/* A property read back. */
struct prop {
	unsigned char *data; /* XFree it */
	unsigned long n;     /* bytes */
	Atom type;
	int format;
};

/* Read (and delete) our property, bounded by the size limit; on failure
 * the conversion ends with none. */
static bool read_prop(struct x11_clip *x, struct prop *p)
{
	unsigned long items = 0, after = 0;
	p->data = NULL;
	long longs = (long)MIN(x->max_bytes / 4 + 1, (size_t)G_MAXLONG / 8);
	if (XGetWindowProperty(x->dpy, x->win, x->atoms[A_PROP], 0, longs, True, AnyPropertyType,
			       &p->type, &p->format, &items, &after, &p->data) != Success) {
		conversion_done(x, NULL, 0, None, 0);
		return false;
	}
	if (after) {
		XFree(p->data);
		too_big(x);
		return false;
	}
	p->n = items * (unsigned long)(p->format == 32 ? sizeof(long) : (unsigned)p->format / 8);
	return true;
}

static void on_notify(struct x11_clip *x, const XSelectionEvent *e)
{
	if (!x->conv.active || x->conv.incr || e->selection != x->atoms[A_CLIPBOARD] ||
	    e->target != x->conv.target || (e->property != None && e->property != x->atoms[A_PROP]))
		return;
	struct prop p;
	if (e->property == None) {
		conversion_done(x, NULL, 0, None, 0);
		return;
	}
	if (!read_prop(x, &p))
		return;
	if (p.type == x->atoms[A_INCR]) {
		x->conv.incr = true;
		x->conv.buf = g_byte_array_new();
		x->conv.deadline = g_get_monotonic_time() + PEER_DEADLINE_US;
		XFree(p.data);
		return; /* the pieces come as PropertyNotify NewValue */
	}
	if (p.format == 32) { /* Xlib hands 32-bit items as longs */
		size_t items = p.n / sizeof(long);
		Atom *atoms = g_new(Atom, items ? items : 1);
		for (size_t i = 0; i < items; ++i)
			atoms[i] = (Atom)((long *)p.data)[i];
		conversion_done(x, (uint8_t *)atoms, items * sizeof(Atom), p.type, p.format);
		g_free(atoms);
	} else {
		conversion_done(x, p.data, p.n, p.type, p.format);
	}
	XFree(p.data);
}

static void incr_piece(struct x11_clip *x)
{
	struct prop p;
	if (!read_prop(x, &p))
		return;
	if (p.n == 0) {
		XFree(p.data);
		if (p.type == None)
			return; /* deleted before we read it: not the owner's end */
		GByteArray *b = x->conv.buf;
		conversion_done(x, b->data, b->len, p.type, 8);
		return;
	}
	if (x->conv.buf->len + p.n > x->max_bytes) {
		XFree(p.data);
		too_big(x);
		return;
	}
	g_byte_array_append(x->conv.buf, p.data, (guint)p.n);
	x->conv.deadline = g_get_monotonic_time() + PEER_DEADLINE_US;
	XFree(p.data);
}

/* A piece of an abandoned INCR transfer: read, dropped, deleted (which
 * asks for the next); its empty end frees the property. */
static void drain_piece(struct x11_clip *x)
{
	unsigned char *data = NULL;
	unsigned long items = 0, after = 0;
	Atom type;
	int format;
	if (XGetWindowProperty(x->dpy, x->win, x->atoms[A_PROP], 0, 1 << 20, True, AnyPropertyType,
			       &type, &format, &items, &after, &data) == Success) {
		if (after)
			XDeleteProperty(x->dpy, x->win, x->atoms[A_PROP]);
		if (type != None && items == 0 && after == 0)
			x->draining = false;
	}
	if (data)
		XFree(data);
	if (!x->draining)
		conversion_next(x);
}

static void on_property(struct x11_clip *x, const XPropertyEvent *e)
{
	if (e->window == x->win) {
		if (e->atom == x->atoms[A_CLOCK] && x->claiming)
			finish_claim(x, e->time);
		else if (e->atom == x->atoms[A_PROP] && e->state == PropertyNewValue &&
			 x->conv.active && x->conv.incr)
			incr_piece(x);
		else if (e->atom == x->atoms[A_PROP] && e->state == PropertyNewValue && x->draining)
			drain_piece(x);
		return;
	}
	if (e->state == PropertyDelete)
		outgoing_step(x, e);
}

static void on_owner_change(struct x11_clip *x, const XFixesSelectionNotifyEvent *e)
{
	if (e->selection != x->atoms[A_CLIPBOARD] || e->owner == x->win)
		return;
	if (e->owner == None && x->self_release) {
		x->self_release = false; /* our own letting go */
		return;
	}
	/* A change from before our claim, read only now: we still own it. */
	if ((x->own || x->claiming) && e->selection_timestamp < x->own_time)
		return;
	x->self_release = false;
	if (x->own) { /* a local program took it from the guest's data */
		x->own = false;
		drop_claim(x);
	}
	if (e->owner == None) {
		x->local_types = 0;
		x->ev->local_grab(x->ctx, 0);
		return;
	}
	if (x->conv.active)
		x->targets_wanted = true;
	else
		conversion_start(x, true, 0);
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
				do_claim(x, c->arg & LGI_CLIP_ALL);
			break;
		case C_SUPPLY:
			do_supply(x, (enum lgi_clip_type)c->arg, c->bytes);
			break;
		case C_FETCH:
			if (c->arg != LGI_CLIP_TEXT && c->arg != LGI_CLIP_PNG)
				break;
			if (x->own || !(x->local_types & LGI_CLIP_BIT(c->arg))) {
				x->ev->local_data(x->ctx, (enum lgi_clip_type)c->arg, NULL, 0);
				break;
			}
			x->fetch_wanted |= LGI_CLIP_BIT(c->arg);
			conversion_next(x);
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
	gint64 now = g_get_monotonic_time(), next = G_MAXINT64;
	for (guint i = 0; i < x->waiting->len;) {
		struct waiting *w = &g_array_index(x->waiting, struct waiting, i);
		if (w->deadline <= now) {
			g_warning("the guest did not hand over its clipboard in time");
			reply(x, w->requestor, w->target, w->property, w->time, false);
			x->asked[w->type] = false;
			g_array_remove_index(x->waiting, i);
			continue;
		}
		next = MIN(next, w->deadline);
		++i;
	}
	for (guint i = 0; i < x->outgoing->len;) {
		struct outgoing *o = g_ptr_array_index(x->outgoing, i);
		if (o->deadline <= now) {
			g_debug("a local program stopped reading the clipboard; given up");
			g_ptr_array_remove_index_fast(x->outgoing, i);
			continue;
		}
		next = MIN(next, o->deadline);
		++i;
	}
	if (x->conv.active) {
		if (x->conv.deadline <= now) {
			g_warning("the local clipboard's owner did not answer in time");
			conversion_done(x, NULL, 0, None, 0);
		} else {
			next = MIN(next, x->conv.deadline);
		}
	}
	if (x->draining) {
		if (x->drain_deadline <= now) {
			x->draining = false;
			conversion_next(x);
		} else {
			next = MIN(next, x->drain_deadline);
		}
	}
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
				on_owner_change(x, (XFixesSelectionNotifyEvent *)&e);
			else if (e.type == SelectionRequest)
				on_request(x, &e.xselectionrequest);
			else if (e.type == SelectionNotify)
				on_notify(x, &e.xselection);
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
	x->outgoing = g_ptr_array_new_with_free_func(outgoing_free);
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
		conversion_start(x, true, 0); /* what is on the clipboard already */
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
		drop_claim(x);
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
