// SPDX-License-Identifier: GPL-2.0-or-later
#include "handoff.h"

void lgv_handoff_init(struct lgv_handoff *h)
{
	*h = (struct lgv_handoff){0};
	g_mutex_init(&h->lock);
	g_cond_init(&h->cond);
}

void lgv_handoff_finish(struct lgv_handoff *h)
{
	g_mutex_clear(&h->lock);
	g_cond_clear(&h->cond);
}

bool lgv_handoff_offer(struct lgv_handoff *h, const struct lgp_frame_view *v,
		       const struct lgv_frame_times *t, const struct lgv_upload_env *env,
		       uint64_t timeout_ns)
{
	g_mutex_lock(&h->lock);
	h->view = v;
	h->times = *t;
	h->busy = h->finished = false;
	g_mutex_unlock(&h->lock);
	env->wake(env->ctx);

	gint64 until = g_get_monotonic_time() + (gint64)(timeout_ns / 1000u);
	g_mutex_lock(&h->lock);
	while (!h->finished) {
		/* Once taken, the main thread must finish before we may go. */
		if (!g_cond_wait_until(&h->cond, &h->lock, until) && !h->busy)
			break;
	}
	bool finished = h->finished;
	h->view = NULL;
	g_mutex_unlock(&h->lock);
	return finished;
}

const struct lgp_frame_view *lgv_handoff_take(struct lgv_handoff *h, struct lgv_frame_times *t)
{
	g_mutex_lock(&h->lock);
	const struct lgp_frame_view *v = h->busy || h->finished ? NULL : h->view;
	if (v) {
		h->busy = true;
		*t = h->times;
	}
	g_mutex_unlock(&h->lock);
	return v;
}

void lgv_handoff_done(struct lgv_handoff *h)
{
	g_mutex_lock(&h->lock);
	h->busy = false;
	h->finished = true;
	g_cond_signal(&h->cond);
	g_mutex_unlock(&h->lock);
}
