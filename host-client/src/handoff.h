/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Handing a frame that still lives in shared memory from the frame thread to
 * the main thread, and waiting until the main thread is done with it, so the
 * frame can be released to the guest.
 *
 * The wait is bounded by the offer's timeout while the main thread has not
 * taken the frame. Once taken, the frame thread must not release it early,
 * so it goes on waiting (asleep, never spinning) until the main thread is
 * done or the handoff is closed: close is what ends every wait at quit.
 */
#ifndef LGVIEW_HANDOFF_H
#define LGVIEW_HANDOFF_H

#include <glib.h>
#include <pthread.h>
#include <stdbool.h>

#include "guest-proto/frame.h"
#include "uploader.h"

struct lgv_handoff {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	const struct lgp_frame_view *view; /* owned by the frame thread */
	struct lgv_frame_times times;
	bool busy;     /* the main thread holds view */
	bool finished; /* the main thread is done with it */
	bool refused;  /* ... and gave it back unread */
	bool closed;   /* no more offers are waited for */
	uint64_t long_holds; /* takes that outlived the offer's timeout */
};

void lgv_handoff_init(struct lgv_handoff *h);
void lgv_handoff_finish(struct lgv_handoff *h);

enum lgv_handoff_result {
	LGV_HANDOFF_DONE,      /* the main thread is done with the frame */
	LGV_HANDOFF_WITHDRAWN, /* not taken within the timeout */
	LGV_HANDOFF_REFUSED,   /* taken and given back unread */
	LGV_HANDOFF_CLOSED,
};

/* Frame thread: offer v, wake the main thread, wait until it finished. Not
 * taken within timeout_ns: the offer is withdrawn. Taken: wait for done
 * however long it takes, or until closed (at once when already closed). In
 * every case the frame thread owns v again when this returns. */
enum lgv_handoff_result lgv_handoff_offer(struct lgv_handoff *h, const struct lgp_frame_view *v,
		       const struct lgv_frame_times *t, const struct lgv_upload_env *env,
		       uint64_t timeout_ns);

/* What an uploader's frame() answers for an offer's result: 0 when done,
 * LGV_UPLOAD_NOT_TAKEN when withdrawn (the pipe keeps a copy), and
 * LGP_ERR_NOT_SUPPORTED when refused (the pipe copies it instead). */
int lgv_handoff_frame_result(enum lgv_handoff_result res);

/* Main thread: the offered view (and times), or NULL. The view stays valid
 * until lgv_handoff_done() or lgv_handoff_close(). */
const struct lgp_frame_view *lgv_handoff_take(struct lgv_handoff *h, struct lgv_frame_times *t);
void lgv_handoff_done(struct lgv_handoff *h);
/* Main thread: give the taken view back without having used it. */
void lgv_handoff_refuse(struct lgv_handoff *h);

/* Any thread: end the frame thread's wait now and refuse later offers (a
 * view the main thread still holds must no longer be read). */
void lgv_handoff_close(struct lgv_handoff *h);

#endif
