// SPDX-License-Identifier: GPL-2.0-or-later
/* The idle pacing of the polling threads (poll_pace.h): fast while things
 * happen, the idle step after a still while, and a kick from another thread
 * ends an idle sleep at once and brings the fast polls back. Only lower
 * bounds and generous upper bounds of time are checked. */
/* clang-format off */
/* cmocka needs these first, in this order */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */
#include <pthread.h>

#include "guest-proto/clock.h"
#include "poll_pace.h"

#define MS 1000000u

static void test_active_then_idle(void **state)
{
	(void)state;
	struct lgv_poll_pace p;
	lgv_poll_pace_init(&p, 50 * MS, 100 * MS);
	uint64_t now = lgp_monotonic_ns();
	lgv_poll_pace_activity(&p, now);
	/* Active: the thread's own step. */
	uint64_t t0 = lgp_monotonic_ns();
	lgv_poll_pace_sleep(&p, now + 10 * MS, 1000);
	assert_false(lgv_poll_pace_is_idle(&p));
	assert_true(lgp_monotonic_ns() - t0 < 90 * MS);
	/* A still while later: the idle step, slept whole. */
	t0 = lgp_monotonic_ns();
	lgv_poll_pace_sleep(&p, now + 60 * MS, 1000);
	assert_true(lgv_poll_pace_is_idle(&p));
	assert_true(lgp_monotonic_ns() - t0 >= 90 * MS);
	assert_int_equal(p.idle_sleeps, 1);
	/* Something arrives: fast again. */
	lgv_poll_pace_activity(&p, now + 70 * MS);
	assert_false(lgv_poll_pace_is_idle(&p));
	/* A thread whose own step is longer than the idle step keeps it. */
	t0 = lgp_monotonic_ns();
	lgv_poll_pace_sleep(&p, now + 500 * MS, 100 * MS);
	assert_false(lgv_poll_pace_is_idle(&p));
	lgv_poll_pace_finish(&p);
}

struct kicker {
	struct lgv_poll_pace *p;
	pthread_t thread;
};

static void *kick_main(void *arg)
{
	struct kicker *k = arg;
	/* Kick until the sleeper is seen idle, then once more: the first
	 * kicks may come before it went idle, and are no-ops then. */
	uint64_t until = lgp_monotonic_ns() + 5000u * MS;
	while (!lgv_poll_pace_is_idle(k->p) && lgp_monotonic_ns() < until)
		lgp_sleep_us(1000);
	lgp_sleep_us(20000);
	lgv_poll_pace_kick(k->p);
	return NULL;
}

static void test_kick_ends_an_idle_sleep(void **state)
{
	(void)state;
	struct lgv_poll_pace p;
	/* An idle step of 10 s: only a kick ends this sleep in time. */
	lgv_poll_pace_init(&p, 1 * MS, 10000u * MS);
	uint64_t now = lgp_monotonic_ns();
	lgv_poll_pace_activity(&p, now);
	struct kicker k = {.p = &p};
	assert_int_equal(pthread_create(&k.thread, NULL, kick_main, &k), 0);
	uint64_t t0 = lgp_monotonic_ns();
	lgv_poll_pace_sleep(&p, now + 5 * MS, 1000);
	uint64_t slept = lgp_monotonic_ns() - t0;
	pthread_join(k.thread, NULL);
	print_message("kicked out of a 10 s idle sleep after %.1f ms\n", (double)slept / 1e6);
	assert_true(slept >= 20 * MS);
	assert_true(slept < 5000u * MS);
	/* The kick counts as activity: the next poll is fast. */
	assert_false(lgv_poll_pace_is_idle(&p));
	t0 = lgp_monotonic_ns();
	lgv_poll_pace_sleep(&p, lgp_monotonic_ns(), 1000);
	assert_true(lgp_monotonic_ns() - t0 < 5000u * MS);
	assert_false(lgv_poll_pace_is_idle(&p));
	lgv_poll_pace_finish(&p);
}

static void test_kick_while_active_is_not_kept(void **state)
{
	(void)state;
	struct lgv_poll_pace p;
	lgv_poll_pace_init(&p, 1 * MS, 100 * MS);
	uint64_t now = lgp_monotonic_ns();
	lgv_poll_pace_activity(&p, now);
	/* Active: the kick has nothing to wake, and must not cut the next
	 * idle sleep short. */
	lgv_poll_pace_kick(&p);
	uint64_t t0 = lgp_monotonic_ns();
	lgv_poll_pace_sleep(&p, now + 5 * MS, 1000);
	assert_true(lgp_monotonic_ns() - t0 >= 90 * MS);
	lgv_poll_pace_finish(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_active_then_idle),
		cmocka_unit_test(test_kick_ends_an_idle_sleep),
		cmocka_unit_test(test_kick_while_active_is_not_kept),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
