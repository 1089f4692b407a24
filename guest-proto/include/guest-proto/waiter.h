/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A low-CPU, low-latency wait for the next frame. The guest gives no
 * interrupt: we must poll. Polling finely all the time burns a core;
 * polling coarsely adds up to a whole interval of latency. The waiter
 * learns the arrival rhythm from recent intervals, sleeps until shortly
 * before the next frame is due, then polls finely until it arrives (or
 * falls back to the coarse interval when frames are irregular).
 *
 * Threads: one waiter per polling thread.
 */
#ifndef GUEST_PROTO_WAITER_H
#define GUEST_PROTO_WAITER_H

#include <stdbool.h>
#include <stdint.h>

#define LGP_WAITER_HISTORY 16

struct lgp_waiter {
	uint64_t fine_ns;   /* poll step near the predicted arrival */
	uint64_t coarse_ns; /* poll step when nothing is predictable */
	uint64_t margin_ns; /* wake this much before the prediction */
	uint64_t last_arrival;
	uint64_t intervals[LGP_WAITER_HISTORY];
	unsigned count, next;
};

/* coarse_us: the poll interval without a rhythm (app:framePollInterval). */
void lgp_waiter_init(struct lgp_waiter *w, uint64_t coarse_us);

/* A frame arrived at `now` (CLOCK_MONOTONIC ns). */
void lgp_waiter_arrived(struct lgp_waiter *w, uint64_t now);

/* Nothing there at `now`: how long to sleep before polling again (ns). */
uint64_t lgp_waiter_delay(const struct lgp_waiter *w, uint64_t now);

/* The predicted interval (median of recent ones), 0 when unknown. */
uint64_t lgp_waiter_interval(const struct lgp_waiter *w);

#endif
