// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading the local clipboard for the guest: one conversion at a time of
 * our property (TARGETS when the owner changes, then the data asked for),
 * INCR pieces gathered within the size limit, an abandoned transfer
 * drained before the property is used again.
 */
#define G_LOG_DOMAIN "lgview-clipboard"
#include <string.h>

#include "clipboard_x11_priv.h"

void x11c_conversion_start(struct x11_clip *x, bool targets, enum lgi_clip_type t)
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
void x11c_conversion_next(struct x11_clip *x)
{
	if (x->conv.active || x->draining)
		return; /* the property is still another's to write */
	if (x->targets_wanted) {
		x->targets_wanted = false;
		x11c_conversion_start(x, true, 0);
		return;
	}
	for (int t = LGI_CLIP_TEXT; t <= LGI_CLIP_PNG; ++t) {
		if (x->fetch_wanted & LGI_CLIP_BIT(t)) {
			x->fetch_wanted &= ~LGI_CLIP_BIT(t);
			x11c_conversion_start(x, false, (enum lgi_clip_type)t);
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
		int t = x11c_type_of_target(x, list[i]);
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
	x11c_conversion_next(x);
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

void x11c_on_notify(struct x11_clip *x, const XSelectionEvent *e)
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

void x11c_incr_piece(struct x11_clip *x)
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
void x11c_drain_piece(struct x11_clip *x)
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
		x11c_conversion_next(x);
}

void x11c_on_owner_change(struct x11_clip *x, const XFixesSelectionNotifyEvent *e)
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
		x11c_drop_claim(x);
	}
	if (e->owner == None) {
		x->local_types = 0;
		x->ev->local_grab(x->ctx, 0);
		return;
	}
	if (x->conv.active)
		x->targets_wanted = true;
	else
		x11c_conversion_start(x, true, 0);
}

/* The conversion or a drain past its deadline is given up; the next
 * deadline (G_MAXINT64: none). */
gint64 x11c_read_expire(struct x11_clip *x, gint64 now)
{
	gint64 next = G_MAXINT64;
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
			x11c_conversion_next(x);
		} else {
			next = MIN(next, x->drain_deadline);
		}
	}
	return next;
}
