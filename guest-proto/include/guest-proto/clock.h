/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Clocks. LGMP's heartbeat and timeouts are in milliseconds of a monotonic
 * clock. Tests inject their own clock to drive timeouts deterministically.
 */
#ifndef GUEST_PROTO_CLOCK_H
#define GUEST_PROTO_CLOCK_H

#include <stdint.h>

struct lgp_clock {
	/* Any thread; must be monotonic. */
	uint64_t (*now_ms)(void *ctx);
	void *ctx;
};

uint64_t lgp_monotonic_ns(void);
uint64_t lgp_monotonic_ms(void);

/* The clock's time, or CLOCK_MONOTONIC when clock is NULL. */
uint64_t lgp_clock_ms(const struct lgp_clock *clock);

/* Sleep for a number of microseconds (nanosleep, restarted on EINTR). */
void lgp_sleep_us(uint64_t us);

#endif
