// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Owning CLIPBOARD for the guest's data: the claim (with a server time),
 * local programs' requests (TARGETS, TIMESTAMP, the text targets,
 * image/png), answered at once from what the guest sent or once it sends
 * it, and large answers written INCR.
 */
#define G_LOG_DOMAIN "lgview-clipboard"
#include "clipboard_x11_priv.h"

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

void x11c_outgoing_free(gpointer p)
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
void x11c_outgoing_step(struct x11_clip *x, const XPropertyEvent *e)
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

int x11c_type_of_target(const struct x11_clip *x, Atom t)
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

void x11c_on_request(struct x11_clip *x, const XSelectionRequestEvent *e)
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
	int t = x11c_type_of_target(x, e->target);
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

void x11c_drop_claim(struct x11_clip *x)
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

void x11c_claim(struct x11_clip *x, unsigned types)
{
	x11c_drop_claim(x);
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

void x11c_finish_claim(struct x11_clip *x, Time t)
{
	x->claiming = false;
	x->own_time = t;
	XSetSelectionOwner(x->dpy, x->atoms[A_CLIPBOARD], x->win, t);
	x->own = XGetSelectionOwner(x->dpy, x->atoms[A_CLIPBOARD]) == x->win;
	if (!x->own)
		g_warning("could not take the X clipboard for the guest's data");
}

void x11c_supply(struct x11_clip *x, enum lgi_clip_type t, GBytes *bytes)
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

/* Local requests and INCR transfers past their deadline are given up; the
 * next deadline (G_MAXINT64: none). */
gint64 x11c_own_expire(struct x11_clip *x, gint64 now)
{
	gint64 next = G_MAXINT64;
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
	return next;
}
