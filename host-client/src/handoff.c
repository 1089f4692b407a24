// SPDX-License-Identifier: GPL-2.0-or-later
#define G_LOG_DOMAIN "lgview-frame"
#include "guest-proto/error.h"
#include "handoff.h"
#include "sync.h"

/* While the main thread holds a frame past the offer's timeout, wake this
 * often only to say so in the log (once); the wait itself is a sleep. */
#define LONG_HOLD_US (G_USEC_PER_SEC)

void lgv_handoff_init(struct lgv_handoff *h)
{
	*h = (struct lgv_handoff){0};
	pthread_mutex_init(&h->lock, NULL);
	lgv_cond_init(&h->cond);
}

void lgv_handoff_finish(struct lgv_handoff *h)
{
	pthread_mutex_destroy(&h->lock);
	pthread_cond_destroy(&h->cond);
}

enum lgv_handoff_result lgv_handoff_offer(struct lgv_handoff *h, const struct lgp_frame_view *v,
					  const struct lgv_frame_times *t,
					  const struct lgv_upload_env *env, uint64_t timeout_ns)
{
	pthread_mutex_lock(&h->lock);
	if (h->closed) {
		pthread_mutex_unlock(&h->lock);
		return LGV_HANDOFF_CLOSED;
	}
	h->view = v;
	h->times = *t;
	h->busy = h->finished = h->refused = false;
	pthread_mutex_unlock(&h->lock);
	env->wake(env->ctx);

	gint64 until = g_get_monotonic_time() + (gint64)(timeout_ns / 1000u);
	bool told = false;
	pthread_mutex_lock(&h->lock);
	while (!h->finished && !h->closed) {
		if (lgv_cond_wait_until(&h->cond, &h->lock, until))
			continue;
		if (!h->busy)
			break; /* never taken: withdraw it */
		/* Taken and not done yet (a swap that blocks, a slow driver):
		 * the frame may not go back to the guest, so sleep on. */
		if (!told) {
			told = true;
			if (h->long_holds++ == 0)
				g_message("the main thread held a frame for longer than %u ms "
					  "(a blocked swap?); the guest waits for it",
					  (unsigned)(timeout_ns / 1000000u));
		}
		until = g_get_monotonic_time() + LONG_HOLD_US;
	}
	enum lgv_handoff_result res = h->finished ? (h->refused ? LGV_HANDOFF_REFUSED
								 : LGV_HANDOFF_DONE)
				      : h->closed ? LGV_HANDOFF_CLOSED
						  : LGV_HANDOFF_WITHDRAWN;
	h->view = NULL;
	pthread_mutex_unlock(&h->lock);
	return res;
}

int lgv_handoff_frame_result(enum lgv_handoff_result res)
{
	switch (res) {
	case LGV_HANDOFF_DONE:
		return 0;
	case LGV_HANDOFF_WITHDRAWN:
		return LGV_UPLOAD_NOT_TAKEN;
	case LGV_HANDOFF_REFUSED:
		return LGP_ERR_NOT_SUPPORTED;
	default:
		return LGP_ERR_CANCELLED;
	}
}

const struct lgp_frame_view *lgv_handoff_take(struct lgv_handoff *h, struct lgv_frame_times *t)
{
	pthread_mutex_lock(&h->lock);
	const struct lgp_frame_view *v = h->busy || h->finished || h->closed ? NULL : h->view;
	if (v) {
		h->busy = true;
		*t = h->times;
	}
	pthread_mutex_unlock(&h->lock);
	return v;
}

static void finish_take(struct lgv_handoff *h, bool refused)
{
	pthread_mutex_lock(&h->lock);
	h->busy = false;
	h->finished = true;
	h->refused = refused;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
}

void lgv_handoff_done(struct lgv_handoff *h)
{
	finish_take(h, false);
}

void lgv_handoff_refuse(struct lgv_handoff *h)
{
	finish_take(h, true);
}

void lgv_handoff_close(struct lgv_handoff *h)
{
	pthread_mutex_lock(&h->lock);
	h->closed = true;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
}
