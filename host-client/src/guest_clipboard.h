/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The clipboard between the guest and the desktop: input/'s local backend
 * (input/clipboard_local.h) on this window's display, joined to the SPICE
 * session's clipboard (input/clipboard.h), with spice:clipboard, clipboardToVM, clipboardToLocal and
 * clipboardMaxSize. Nothing passes while the SPICE server is another VM's.
 *
 * Threads: create, attach, destroy on the main thread; allow from any
 * thread. The SPICE thread calls the ops (lgv_guest_clipboard_ops), the
 * backend's thread calls into the session; neither blocks.
 */
#ifndef LGVIEW_GUEST_CLIPBOARD_H
#define LGVIEW_GUEST_CLIPBOARD_H

#include <SDL.h>
#include <stdbool.h>

#include "input/input.h"
#include "options.h"

struct lgv_guest_clipboard;

/* NULL when the options turn it off or no backend works here (said). */
struct lgv_guest_clipboard *lgv_guest_clipboard_create(const struct lgv_options *opt,
						       SDL_Window *win);
/* Fills the session's clipboard settings (none for a NULL clipboard). */
void lgv_guest_clipboard_config(struct lgv_guest_clipboard *gc, const struct lgv_options *opt,
				struct lgi_config *sc);
/* The session to talk to (NULL: none any more, before it stops). */
void lgv_guest_clipboard_attach(struct lgv_guest_clipboard *gc, struct lgi_input *in);
/* False while the SPICE server is another VM's: nothing passes. */
void lgv_guest_clipboard_allow(struct lgv_guest_clipboard *gc, bool allowed);
/* After the session stopped. NULL is fine. */
void lgv_guest_clipboard_destroy(struct lgv_guest_clipboard *gc);

#endif
