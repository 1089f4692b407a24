/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Idle pacing of a polling thread (the frame and cursor threads). There is
 * no interrupt in the Looking Glass protocol: a viewer polls shared memory,
 * and polling every millisecond costs a few percent of a core on a virtual
 * machine, where each timer wake-up is dear. A still guest desktop should
 * cost nothing, so after a second without activity the thread polls every
 * idle step instead (25 ms) until something happens again.
 * Whatever the user does in lgview's window kicks the pacer, which wakes
 * the thread at once and brings the fast polls back before the guest can
 * answer. Only what the guest does on its own after a still second (a
 * notification, a video starting) is seen up to one idle step late, and
 * only its first frame. A kick that races the thread's turn to idle may be
 * missed: that costs at most one idle step too.
 *
 * Threads: the polling thread calls activity() and sleep(); kick()
 * may come from any thread.
 */
#ifndef LGVIEW_POLL_PACE_H
#define LGVIEW_POLL_PACE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#define LGV_PACE_IDLE_AFTER_NS 1000000000u
#define LGV_PACE_IDLE_STEP_NS 25000000u

struct lgv_poll_pace {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	uint64_t idle_after_ns, idle_step_ns;
	uint64_t last_activity; /* polling thread */
	int idle;		/* atomic: the thread polls at the idle step */
	bool kicked;		/* under lock */
	uint64_t idle_sleeps;	/* statistics: sleeps at the idle step */
};

/* idle_after_ns / idle_step_ns: 0 for the defaults above. */
void lgv_poll_pace_init(struct lgv_poll_pace *p, uint64_t idle_after_ns, uint64_t idle_step_ns);
void lgv_poll_pace_finish(struct lgv_poll_pace *p);

/* Polling thread: something arrived at now (CLOCK_MONOTONIC ns). */
void lgv_poll_pace_activity(struct lgv_poll_pace *p, uint64_t now);
/* Polling thread: sleep before the next poll, having found nothing at now.
 * Active, this is wanted_ns (the thread's own poll step, through a plain
 * sleep); idle, the idle step (the longer of the two), ended early by a
 * kick. */
void lgv_poll_pace_sleep(struct lgv_poll_pace *p, uint64_t now, uint64_t wanted_ns);
/* Any thread: the user did something; poll fast again, now. Cheap when the
 * thread is not idle (one atomic read). */
void lgv_poll_pace_kick(struct lgv_poll_pace *p);
/* Whether the last sleep decision was idle (tests, statistics). */
bool lgv_poll_pace_is_idle(struct lgv_poll_pace *p);

#endif
