// SPDX-License-Identifier: GPL-2.0-or-later
/* The frame handoff between the frame thread and the main thread: a frame
 * nobody takes is withdrawn at the timeout; a frame the main thread gives
 * back unread says so; a frame the main thread holds
 * longer than that (a blocked swap) is waited for asleep, not spun on; and
 * closing ends the wait at once, also while the main thread holds a frame
 * that it will never finish (quit). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "guest-proto/clock.h"
#include "handoff.h"

struct side {
	struct lgv_handoff h;
	struct lgp_frame_view view;
	struct lgv_upload_env env;
	uint64_t timeout_ns;
	atomic_int offers_done;
	atomic_int result;
	uint64_t wall_ns, cpu_ns;
};

static void no_wake(void *ctx)
{
	(void)ctx;
}

static uint64_t thread_cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void *frame_thread(void *arg)
{
	struct side *s = arg;
	struct lgv_frame_times t = {.serial = 7};
	uint64_t w0 = lgp_monotonic_ns(), c0 = thread_cpu_ns();
	atomic_store(&s->result, lgv_handoff_offer(&s->h, &s->view, &t, &s->env, s->timeout_ns));
	s->wall_ns = lgp_monotonic_ns() - w0;
	s->cpu_ns = thread_cpu_ns() - c0;
	atomic_store(&s->offers_done, 1);
	return NULL;
}

static void start(struct side *s, pthread_t *t, uint64_t timeout_ms)
{
	lgv_handoff_init(&s->h);
	s->env = (struct lgv_upload_env){.wake = no_wake};
	s->timeout_ns = timeout_ms * 1000000u;
	pthread_create(t, NULL, frame_thread, s);
}

/* Main thread: take the frame once it is offered. */
static const struct lgp_frame_view *take(struct side *s)
{
	struct lgv_frame_times t;
	const struct lgp_frame_view *v;
	uint64_t until = lgp_monotonic_ns() + 5000000000u;
	while (!(v = lgv_handoff_take(&s->h, &t)) && lgp_monotonic_ns() < until)
		lgp_sleep_us(100);
	assert_ptr_equal(v, &s->view);
	assert_int_equal(t.serial, 7);
	return v;
}

static void test_untaken_offer_is_withdrawn(void **state)
{
	(void)state;
	struct side s = {0};
	pthread_t t;
	start(&s, &t, 20);
	pthread_join(t, NULL);
	assert_int_equal(atomic_load(&s.result), LGV_HANDOFF_WITHDRAWN);
	assert_true(s.wall_ns >= 20000000u);
	struct lgv_frame_times tt;
	assert_null(lgv_handoff_take(&s.h, &tt)); /* withdrawn */
	lgv_handoff_finish(&s.h);
}

/* The main thread holds the frame ten times the timeout: the frame thread
 * waits for it (the frame may not go back early) and sleeps meanwhile. */
static void test_blocked_swap_is_waited_for_asleep(void **state)
{
	(void)state;
	struct side s = {0};
	pthread_t t;
	start(&s, &t, 20);
	take(&s);
	lgp_sleep_us(200000);
	assert_int_equal(atomic_load(&s.offers_done), 0); /* still waiting */
	lgv_handoff_done(&s.h);
	pthread_join(t, NULL);
	assert_int_equal(atomic_load(&s.result), LGV_HANDOFF_DONE);
	assert_true(s.wall_ns >= 200000000u);
	/* A spinning wait burns the whole 200 ms; a sleeping one next to
	 * nothing. Half is a bound no loaded machine can reach by sleeping. */
	assert_true(s.cpu_ns < s.wall_ns / 2);
	assert_int_equal(s.h.long_holds, 1);
	lgv_handoff_finish(&s.h);
}

/* Quit while the main thread holds a frame it will never finish: close
 * ends the frame thread's wait at once, and later offers return at once. */
static void test_close_while_held(void **state)
{
	(void)state;
	struct side s = {0};
	pthread_t t;
	start(&s, &t, 20);
	take(&s);
	lgp_sleep_us(50000); /* past the timeout: the hold is a long one */
	uint64_t t0 = lgp_monotonic_ns();
	lgv_handoff_close(&s.h);
	pthread_join(t, NULL);
	assert_int_equal(atomic_load(&s.result), LGV_HANDOFF_CLOSED);
	assert_true(lgp_monotonic_ns() - t0 < 2000000000u);

	struct lgv_frame_times tt = {0};
	uint64_t t1 = lgp_monotonic_ns();
	assert_int_equal(lgv_handoff_offer(&s.h, &s.view, &tt, &s.env, 5000000000u),
			 LGV_HANDOFF_CLOSED);
	assert_true(lgp_monotonic_ns() - t1 < 1000000000u);
	assert_null(lgv_handoff_take(&s.h, &tt));
	lgv_handoff_finish(&s.h);
}

/* A frame the main thread could not use (a failed import) comes back as
 * refused, at once, so that the frame thread can copy it instead; the next
 * offer starts clean. */
static void test_refused_frame(void **state)
{
	(void)state;
	struct side s = {0};
	pthread_t t;
	start(&s, &t, 5000);
	take(&s);
	lgv_handoff_refuse(&s.h);
	pthread_join(t, NULL);
	assert_int_equal(atomic_load(&s.result), LGV_HANDOFF_REFUSED);
	assert_true(s.wall_ns < 5000000000u);

	atomic_store(&s.offers_done, 0);
	pthread_create(&t, NULL, frame_thread, &s);
	take(&s);
	lgv_handoff_done(&s.h);
	pthread_join(t, NULL);
	assert_int_equal(atomic_load(&s.result), LGV_HANDOFF_DONE);
	lgv_handoff_finish(&s.h);
}

/* Close before the main thread ever took it. */
static void test_close_while_offered(void **state)
{
	(void)state;
	struct side s = {0};
	pthread_t t;
	start(&s, &t, 60000);
	lgp_sleep_us(20000);
	lgv_handoff_close(&s.h);
	pthread_join(t, NULL);
	assert_int_equal(atomic_load(&s.result), LGV_HANDOFF_CLOSED);
	assert_true(s.wall_ns < 10000000000u);
	lgv_handoff_finish(&s.h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_untaken_offer_is_withdrawn),
		cmocka_unit_test(test_blocked_swap_is_waited_for_asleep),
		cmocka_unit_test(test_close_while_held),
		cmocka_unit_test(test_close_while_offered),
		cmocka_unit_test(test_refused_frame),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
