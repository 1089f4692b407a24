/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Handing a frame that still lives in shared memory from the frame thread to
 * the main thread, and waiting (bounded) until the main thread is done with
 * it, so the frame can be released to the guest.
 */
#ifndef LGVIEW_HANDOFF_H
#define LGVIEW_HANDOFF_H

#include <glib.h>
#include <stdbool.h>

#include "guest-proto/frame.h"
#include "uploader.h"

struct lgv_handoff {
	GMutex lock;
	GCond cond;
	const struct lgp_frame_view *view; /* owned by the frame thread */
	struct lgv_frame_times times;
	bool busy;     /* the main thread holds view */
	bool finished; /* the main thread is done with it */
};

void lgv_handoff_init(struct lgv_handoff *h);
void lgv_handoff_finish(struct lgv_handoff *h);

/* Frame thread: offer v, wake the main thread, wait until it finished (or
 * timeout_ns; then the offer is withdrawn, waiting for a main thread that
 * is in the middle of using it). True when finished. */
bool lgv_handoff_offer(struct lgv_handoff *h, const struct lgp_frame_view *v,
		       const struct lgv_frame_times *t, const struct lgv_upload_env *env,
		       uint64_t timeout_ns);

/* Main thread: the offered view (and times), or NULL. The view stays valid
 * until lgv_handoff_done(). */
const struct lgp_frame_view *lgv_handoff_take(struct lgv_handoff *h, struct lgv_frame_times *t);
void lgv_handoff_done(struct lgv_handoff *h);

#endif
