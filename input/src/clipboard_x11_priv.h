/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The X11 clipboard backend's insides, shared by its three files:
 * clipboard_x11.c (the connection, the thread, create/destroy),
 * clipboard_x11_own.c (owning CLIPBOARD for the guest's data) and
 * clipboard_x11_read.c (reading the local clipboard for the guest). All of
 * it runs on the backend's thread unless said otherwise.
 */
#ifndef INPUT_CLIPBOARD_X11_PRIV_H
#define INPUT_CLIPBOARD_X11_PRIV_H

#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/extensions/Xfixes.h>
#include <glib.h>
#include <pthread.h>
#include <stdbool.h>

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
	A_INCR,
	A_UTF8,
	A_TEXT_PLAIN_UTF8,
	A_TEXT,
	A_PNG,
	A_PROP,	 /* where conversions for us land */
	A_CLOCK, /* a zero-length append gives the server's time */
	A_COUNT,
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

/* clipboard_x11_own.c */
void x11c_outgoing_free(gpointer p);
/* LGI_CLIP_TEXT or _PNG for a target lgview carries, else 0. */
int x11c_type_of_target(const struct x11_clip *x, Atom t);
void x11c_outgoing_step(struct x11_clip *x, const XPropertyEvent *e);
void x11c_on_request(struct x11_clip *x, const XSelectionRequestEvent *e);
void x11c_drop_claim(struct x11_clip *x);
void x11c_claim(struct x11_clip *x, unsigned types);
void x11c_finish_claim(struct x11_clip *x, Time t);
void x11c_supply(struct x11_clip *x, enum lgi_clip_type t, GBytes *bytes);
gint64 x11c_own_expire(struct x11_clip *x, gint64 now);
/* clipboard_x11_read.c */
void x11c_conversion_start(struct x11_clip *x, bool targets, enum lgi_clip_type t);
void x11c_conversion_next(struct x11_clip *x);
void x11c_on_notify(struct x11_clip *x, const XSelectionEvent *e);
void x11c_incr_piece(struct x11_clip *x);
void x11c_drain_piece(struct x11_clip *x);
void x11c_on_owner_change(struct x11_clip *x, const XFixesSelectionNotifyEvent *e);
gint64 x11c_read_expire(struct x11_clip *x, gint64 now);

#endif
