/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Locks and condition variables of the viewer's threads: POSIX ones, so that
 * ThreadSanitizer sees every hand-over (GLib's GMutex is a bare futex it
 * cannot follow). Waits are against CLOCK_MONOTONIC, in the microseconds of
 * g_get_monotonic_time().
 */
#ifndef LGVIEW_SYNC_H
#define LGVIEW_SYNC_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

void lgv_cond_init(pthread_cond_t *cond);
/* Like g_cond_wait_until: false once until_us (g_get_monotonic_time's clock)
 * has passed, true when woken (perhaps spuriously). */
bool lgv_cond_wait_until(pthread_cond_t *cond, pthread_mutex_t *lock, int64_t until_us);

#endif
