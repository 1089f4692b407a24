/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The local clipboard, one backend per kind of desktop (X11 selections
 * today). A backend owns the local clipboard on the guest's behalf and
 * reads it for the guest; lgi_clipboard (clipboard.h) does the SPICE side
 * and the policy; lgview's window (host-client/src/guest_clipboard.c)
 * joins the two. No SDL here: the window names its display.
 *
 * Threads: create and destroy on the thread that owns the backend (lgview's
 * main thread); claim, supply and fetch from any thread (they queue and
 * never block); the events come from the backend's own thread and must not
 * block.
 */
#ifndef INPUT_CLIPBOARD_LOCAL_H
#define INPUT_CLIPBOARD_LOCAL_H

#include <stddef.h>
#include <stdint.h>

#include "input/clipboard.h"

struct lgi_clipboard_events {
	/* The local clipboard holds these types now (LGI_CLIP_BIT mask; 0:
	 * none lgview carries, or it emptied). Not said for the backend's
	 * own claims. */
	void (*local_grab)(void *ctx, unsigned types);
	/* A local program wants the guest's data as t: answer with supply. */
	void (*need_data)(void *ctx, enum lgi_clip_type t);
	/* The local clipboard's data, answering fetch (NULL: none). Valid
	 * during the call. */
	void (*local_data)(void *ctx, enum lgi_clip_type t, const uint8_t *data, size_t len);
};

struct lgi_clipboard_backend_ops {
	const char *name;
	/* On the desktop named display (for X11, a DISPLAY string); NULL when
	 * it cannot work there (said in the log). */
	void *(*create)(const char *display, size_t max_bytes, const struct lgi_clipboard_events *ev,
			void *ctx);
	void (*destroy)(void *b);
	/* Own the local clipboard for the guest's data of these types (0:
	 * let go of it, if it is still ours). */
	void (*claim)(void *b, unsigned types);
	/* The guest's data answering need_data (NULL: none). Copied. */
	void (*supply)(void *b, enum lgi_clip_type t, const uint8_t *data, size_t len);
	/* Read the local clipboard as t; local_data answers. */
	void (*fetch)(void *b, enum lgi_clip_type t);
};

#ifdef LGI_HAVE_X11_CLIPBOARD
extern const struct lgi_clipboard_backend_ops lgi_clipboard_x11;
#endif

#endif
