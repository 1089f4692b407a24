// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <time.h>

#include "guest-proto/clock.h"

uint64_t lgp_monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t lgp_monotonic_ms(void)
{
	return lgp_monotonic_ns() / 1000000u;
}

uint64_t lgp_clock_ms(const struct lgp_clock *clock)
{
	if (clock && clock->now_ms)
		return clock->now_ms(clock->ctx);
	return lgp_monotonic_ms();
}

void lgp_sleep_us(uint64_t us)
{
	struct timespec ts = {
		.tv_sec = (time_t)(us / 1000000u),
		.tv_nsec = (long)(us % 1000000u) * 1000,
	};
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}
