// SPDX-License-Identifier: GPL-2.0-or-later
/* The predictive frame waiter, driven by a simulated clock. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "guest-proto/waiter.h"

#define MS 1000000ull

static void test_no_rhythm_polls_coarsely(void **state)
{
	(void)state;
	struct lgp_waiter w;
	lgp_waiter_init(&w, 1000);
	assert_int_equal(lgp_waiter_delay(&w, 5 * MS), 1 * MS);
	lgp_waiter_arrived(&w, 10 * MS);
	lgp_waiter_arrived(&w, 26 * MS);
	assert_int_equal(lgp_waiter_interval(&w), 0); /* too few */
	assert_int_equal(lgp_waiter_delay(&w, 27 * MS), 1 * MS);
}

static void test_60hz_sleeps_until_due(void **state)
{
	(void)state;
	struct lgp_waiter w;
	lgp_waiter_init(&w, 1000);
	uint64_t t = 0, iv = 16666667;
	for (int i = 0; i < 10; ++i, t += iv)
		lgp_waiter_arrived(&w, t);
	uint64_t last = t - iv;
	assert_int_equal(lgp_waiter_interval(&w), iv);
	/* Right after a frame: sleep until 1.5 ms before the next. */
	assert_int_equal(lgp_waiter_delay(&w, last + MS), iv - MS - 1500000u);
	/* Close to it: fine polling. */
	assert_int_equal(lgp_waiter_delay(&w, last + iv - MS), 50000u);
	assert_int_equal(lgp_waiter_delay(&w, last + iv + 2 * MS), 50000u);
	/* Long overdue: back to coarse polling. */
	assert_int_equal(lgp_waiter_delay(&w, last + 3 * iv), 1 * MS);
}

static void test_irregular_is_no_rhythm(void **state)
{
	(void)state;
	struct lgp_waiter w;
	lgp_waiter_init(&w, 2000);
	uint64_t t = 0;
	const uint64_t ivs[] = {5, 40, 7, 33, 12, 25, 3, 50, 9, 30};
	for (int i = 0; i < 10; ++i) {
		t += ivs[i] * MS;
		lgp_waiter_arrived(&w, t);
	}
	assert_int_equal(lgp_waiter_interval(&w), 0);
	assert_int_equal(lgp_waiter_delay(&w, t + MS), 2 * MS);
}

static void test_pause_is_not_an_interval(void **state)
{
	(void)state;
	struct lgp_waiter w;
	lgp_waiter_init(&w, 1000);
	uint64_t t = 0;
	for (int i = 0; i < 8; ++i, t += 10 * MS)
		lgp_waiter_arrived(&w, t);
	lgp_waiter_arrived(&w, t + 5000 * MS); /* the guest paused 5 s */
	assert_int_equal(lgp_waiter_interval(&w), 10 * MS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_rhythm_polls_coarsely),
		cmocka_unit_test(test_60hz_sleeps_until_due),
		cmocka_unit_test(test_irregular_is_no_rhythm),
		cmocka_unit_test(test_pause_is_not_an_interval),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
