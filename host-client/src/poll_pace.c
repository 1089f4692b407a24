// SPDX-License-Identifier: GPL-2.0-or-later
#include <glib.h>

#include "guest-proto/clock.h"
#include "poll_pace.h"
#include "sync.h"

void lgv_poll_pace_init(struct lgv_poll_pace *p, uint64_t idle_after_ns, uint64_t idle_step_ns)
{
	*p = (struct lgv_poll_pace){
		.idle_after_ns = idle_after_ns ? idle_after_ns : LGV_PACE_IDLE_AFTER_NS,
		.idle_step_ns = idle_step_ns ? idle_step_ns : LGV_PACE_IDLE_STEP_NS,
		.last_activity = lgp_monotonic_ns(),
	};
	pthread_mutex_init(&p->lock, NULL);
	lgv_cond_init(&p->cond);
}

void lgv_poll_pace_finish(struct lgv_poll_pace *p)
{
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->cond);
}

void lgv_poll_pace_activity(struct lgv_poll_pace *p, uint64_t now)
{
	p->last_activity = now;
	__atomic_store_n(&p->idle, 0, __ATOMIC_RELAXED);
}

void lgv_poll_pace_sleep(struct lgv_poll_pace *p, uint64_t now, uint64_t wanted_ns)
{
	bool idle = now > p->last_activity && now - p->last_activity >= p->idle_after_ns &&
		    wanted_ns < p->idle_step_ns;
	if (!idle) {
		__atomic_store_n(&p->idle, 0, __ATOMIC_RELAXED);
		lgp_sleep_us(wanted_ns / 1000u);
		return;
	}
	pthread_mutex_lock(&p->lock);
	/* Idle from here on: a kick from now on is seen below. */
	__atomic_store_n(&p->idle, 1, __ATOMIC_SEQ_CST);
	gint64 until = g_get_monotonic_time() + (gint64)(p->idle_step_ns / 1000u);
	while (!p->kicked && lgv_cond_wait_until(&p->cond, &p->lock, until))
		;
	bool kicked = p->kicked;
	p->kicked = false;
	p->idle_sleeps++;
	pthread_mutex_unlock(&p->lock);
	if (kicked)
		lgv_poll_pace_activity(p, lgp_monotonic_ns());
}

void lgv_poll_pace_kick(struct lgv_poll_pace *p)
{
	if (!__atomic_load_n(&p->idle, __ATOMIC_SEQ_CST))
		return;
	pthread_mutex_lock(&p->lock);
	p->kicked = true;
	pthread_cond_signal(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

bool lgv_poll_pace_is_idle(struct lgv_poll_pace *p)
{
	return __atomic_load_n(&p->idle, __ATOMIC_RELAXED);
}
