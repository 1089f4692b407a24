/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The window's side of guest input: SDL's keyboard, mouse and focus events
 * into input/'s capture state machine, its grab and relative mode, and the
 * SPICE session (input/input.h) behind it when spice:enable and
 * spice:input are on (never in the demo). Without a session the escape
 * key's chords still work.
 *
 * Threads: everything here runs on the main thread. The SPICE thread only
 * wakes the main loop (ops->wake) when the session's status changed.
 */
#ifndef LGVIEW_GUEST_INPUT_H
#define LGVIEW_GUEST_INPUT_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>

#include "input/capture.h"
#include "options.h"
#include "renderer.h"

struct lgv_guest_input;

struct lgv_guest_input_ops {
	void (*action)(void *ctx, enum lgi_action a); /* main thread */
	void (*wake)(void *ctx);                      /* any thread */
	/* Main thread, must not block: put the guest's pointer at (x, y). */
	void (*align)(void *ctx, int x, int y);
	/* Main thread: put the local pointer where the guest's is, just
	 * outside the window on the side it left (leaving) or over it
	 * (capture ended). Optional. */
	void (*put_pointer)(void *ctx, bool leaving);
};

struct lgv_guest_input *lgv_guest_input_create(const struct lgv_options *opt, SDL_Window *win,
					       const struct lgv_guest_input_ops *ops, void *ctx);
void lgv_guest_input_destroy(struct lgv_guest_input *g);

/* An SDL event; r maps window points to the guest (it may have no format
 * yet). True when the window should be redrawn. */
bool lgv_guest_input_event(struct lgv_guest_input *g, const SDL_Event *ev,
			   const struct lgv_renderer *r);
/* Main loop, each pass: the session's status, the held escape key's help,
 * and whether the SPICE server is the guest's VM (guest_uuid: the guest's
 * VMINFO UUID, NULL when unknown; a mismatch turns input off and says so).
 * True when the text changed. */
bool lgv_guest_input_update(struct lgv_guest_input *g, uint64_t now_ns,
			    const uint8_t *guest_uuid);
/* What the window shows about input. Without a picture: the SPICE session
 * while it is not connected, capture mode, the chord list while the escape
 * key is held. Over a picture only the chord list and, briefly, a change
 * of capture or input (the rest is in the log). */
const char *lgv_guest_input_text(const struct lgv_guest_input *g, bool have_frame);
/* The overlay's audio line ("" without sound). */
void lgv_guest_input_audio_stats(struct lgv_guest_input *g, char *buf, size_t len);
/* The guest shows or hides its pointer (for input:autoCapture). True when
 * capture changed. */
bool lgv_guest_input_guest_pointer(struct lgv_guest_input *g, bool visible);

#endif
