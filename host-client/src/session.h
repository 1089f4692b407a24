/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The session: a state machine over guest-proto's consumer, run by the frame
 * thread (it owns the consumer's session: connect, check the guest every
 * 100 ms, take frames and pass them to the pipe) and a cursor thread (the
 * pointer queue, for the session's whole life; the consumer serialises it
 * against connects and checks). The main thread reads the state text and
 * the cursor through the accessors below.
 */
#ifndef LGVIEW_SESSION_H
#define LGVIEW_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guest-proto/cursor.h"
#include "pipe.h"

struct kvmfr_region;
struct lgv_session;

enum lgv_session_state {
	LGV_STATE_WAITING,     /* no guest application (yet) */
	LGV_STATE_VERSION,     /* the guest speaks another release */
	LGV_STATE_BAD_REGION,  /* not a Looking Glass region at all */
	LGV_STATE_RUNNING,
	LGV_STATE_RESTARTING,  /* the guest application went away */
};

struct lgv_session_config {
	struct kvmfr_region *region;
	struct lgv_pipe *pipe;
	int frame_poll_us, cursor_poll_us;
	void (*wake)(void *ctx); /* any thread */
	void *ctx;
};

struct lgv_session *lgv_session_start(const struct lgv_session_config *cfg);
void lgv_session_stop(struct lgv_session *s); /* joins the threads */

/* Any thread. The text says what the user sees while not running (and
 * warnings while running, e.g. a region too small), "" when nothing. */
enum lgv_session_state lgv_session_state(struct lgv_session *s, char *text, size_t len);

/* The cursor as the guest last described it. Main thread. Returns true when
 * something changed since the last call; *shape_changed when the shape did.
 * *shape is the caller's buffer of LGP_CURSOR_SHAPE_MAX bytes (g_malloc'd):
 * on a new shape it is swapped for the buffer that holds it, so the caller
 * must always use (and finally g_free) whatever *shape points to. */
bool lgv_session_cursor(struct lgv_session *s, struct lgp_cursor *c, uint8_t **shape,
			bool *shape_changed);

/* Flags of the last frame (screensaver requests). */
uint32_t lgv_session_frame_flags(struct lgv_session *s);
/* The running guest's VM UUID (KVMFR VMINFO); false when it sent none or
 * is not running. Any thread. */
bool lgv_session_guest_uuid(struct lgv_session *s, uint8_t uuid[16]);
/* Ask the guest to put its pointer at (x, y) desktop pixels (KVMFR
 * SETCURSORPOS). Any thread, never blocks: the cursor thread sends it, the
 * newest request winning. */
void lgv_session_warp_guest_cursor(struct lgv_session *s, int32_t x, int32_t y);
/* The user did something in the window: a still guest's slow polls (see
 * poll_pace.h) go fast again at once, before the guest can answer. Any
 * thread, never blocks. */
void lgv_session_kick(struct lgv_session *s);
/* Frames on or off (escape key + V). Off, the frame thread leaves the
 * guest's frame queue, so that the guest may stop capturing; on, it joins
 * again and the guest re-posts its last frame. Any thread. */
void lgv_session_set_frames(struct lgv_session *s, bool on);

struct lgv_session_counters {
	uint64_t frames, dropped;
};
void lgv_session_counters(struct lgv_session *s, struct lgv_session_counters *c);

#endif
