// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <time.h>

#include "sync.h"

void lgv_cond_init(pthread_cond_t *cond)
{
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(cond, &attr);
	pthread_condattr_destroy(&attr);
}

bool lgv_cond_wait_until(pthread_cond_t *cond, pthread_mutex_t *lock, int64_t until_us)
{
	struct timespec ts = {.tv_sec = (time_t)(until_us / 1000000),
			      .tv_nsec = (long)(until_us % 1000000) * 1000};
	return pthread_cond_timedwait(cond, lock, &ts) != ETIMEDOUT;
}
