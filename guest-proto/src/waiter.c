// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "guest-proto/waiter.h"

void lgp_waiter_init(struct lgp_waiter *w, uint64_t coarse_us)
{
	memset(w, 0, sizeof(*w));
	w->coarse_ns = (coarse_us ? coarse_us : 1000u) * 1000u;
	w->fine_ns = 50000u; /* 50 us: a small fraction of any frame interval */
	if (w->fine_ns > w->coarse_ns)
		w->fine_ns = w->coarse_ns;
	w->margin_ns = 1500000u;
}

void lgp_waiter_arrived(struct lgp_waiter *w, uint64_t now)
{
	if (w->last_arrival && now > w->last_arrival) {
		uint64_t iv = now - w->last_arrival;
		/* Gaps over a second are pauses, not a rhythm. */
		if (iv < 1000000000u) {
			w->intervals[w->next] = iv;
			w->next = (w->next + 1) % LGP_WAITER_HISTORY;
			if (w->count < LGP_WAITER_HISTORY)
				w->count++;
		}
	}
	w->last_arrival = now;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

uint64_t lgp_waiter_interval(const struct lgp_waiter *w)
{
	if (w->count < 4)
		return 0;
	uint64_t v[LGP_WAITER_HISTORY];
	memcpy(v, w->intervals, w->count * sizeof(v[0]));
	qsort(v, w->count, sizeof(v[0]), cmp_u64);
	/* Irregular arrivals (spread over half the median): no rhythm. */
	uint64_t median = v[w->count / 2];
	uint64_t lo = v[w->count / 8], hi = v[w->count - 1 - w->count / 8];
	if (hi - lo > median / 2)
		return 0;
	return median;
}

uint64_t lgp_waiter_delay(const struct lgp_waiter *w, uint64_t now)
{
	uint64_t iv = lgp_waiter_interval(w);
	if (!iv || !w->last_arrival)
		return w->coarse_ns;
	uint64_t due = w->last_arrival + iv;
	/* Late: the frame may come any moment. */
	if (now + w->margin_ns >= due)
		return now > due + iv ? w->coarse_ns : w->fine_ns;
	return due - w->margin_ns - now;
}
