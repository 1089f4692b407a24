// SPDX-License-Identifier: GPL-2.0-or-later
/* app:uploader=auto's trials (uploader_trial.h) with stand-in costs: the
 * pick (most frames shown within 5 %, then the fastest median), and the
 * windows: each candidate in turn, then the winner. */
/* clang-format off */
/* cmocka needs these first, in this order */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */
#include <string.h>

#include "uploader_trial.h"

static const struct lgv_uploader_impl stand_a = {.name = "a"}, stand_b = {.name = "b"};

static void test_pick_fastest_when_both_show_all(void **state)
{
	(void)state;
	char why[256];
	struct lgv_trial_result r[2] = {{"a", 60, 60, 9.0}, {"b", 60, 60, 6.5}};
	assert_int_equal(lgv_trial_pick(r, 2, why, sizeof(why)), 1);
	assert_non_null(strstr(why, "b is fastest end to end"));
	assert_non_null(strstr(why, "a 9.00 ms (60 of 60 shown)"));
}

static void test_pick_most_shown_over_fastest(void **state)
{
	(void)state;
	char why[256];
	/* b is faster per frame shown, but shows only 24 of the guest's 60
	 * (the old direct uploader holding the guest up). */
	struct lgv_trial_result r[2] = {{"a", 60, 60, 12.0}, {"b", 60, 24, 8.0}};
	assert_int_equal(lgv_trial_pick(r, 2, why, sizeof(why)), 0);
	assert_non_null(strstr(why, "a shows the most frames"));
	/* Within 5 %: equal, and the faster wins. */
	struct lgv_trial_result t[2] = {{"a", 60, 60, 12.0}, {"b", 60, 58, 8.0}};
	assert_int_equal(lgv_trial_pick(t, 2, why, sizeof(why)), 1);
	/* Three, the best share in the middle. */
	struct lgv_trial_result u[3] = {
		{"a", 100, 50, 5.0}, {"b", 100, 99, 9.0}, {"c", 100, 97, 11.0}};
	assert_int_equal(lgv_trial_pick(u, 3, why, sizeof(why)), 1);
	/* Nothing received at all: the first. */
	struct lgv_trial_result z[2] = {{"a", 0, 0, 0}, {"b", 0, 0, 0}};
	assert_int_equal(lgv_trial_pick(z, 2, why, sizeof(why)), 0);
}

/* Run one window: n frames received, shown each `ms` after detection. */
static const struct lgv_uploader_impl *window(struct lgv_trial *t, uint64_t *now, int n, double ms)
{
	const struct lgv_uploader_impl *next = NULL;
	for (int i = 0; i < n && !next; ++i) {
		lgv_trial_received(t);
		uint64_t detected = *now;
		*now += (uint64_t)(ms * 1e6);
		lgv_trial_shown(t, detected, *now);
		next = lgv_trial_next(t, *now);
		*now += 16000000u;
	}
	return next;
}

static void test_windows_then_winner(void **state)
{
	(void)state;
	const struct lgv_uploader_impl *cands[] = {&stand_a, &stand_b};
	struct lgv_trial t;
	uint64_t now = 1000000000u;
	/* b is slower: after b's window, back to a. */
	lgv_trial_init(&t, cands, 2);
	assert_false(t.done);
	assert_ptr_equal(window(&t, &now, 100, 6.0), &stand_b);
	assert_int_equal(t.res[0].shown, LGV_TRIAL_FRAMES);
	assert_ptr_equal(window(&t, &now, 100, 9.0), &stand_a);
	assert_true(t.done);
	assert_null(lgv_trial_next(&t, now));
	/* b is faster: it is already running, so no change at the end. */
	lgv_trial_init(&t, cands, 2);
	assert_ptr_equal(window(&t, &now, 100, 9.0), &stand_b);
	assert_null(window(&t, &now, 100, 6.0));
	assert_true(t.done);
	assert_int_equal(t.res[1].received, LGV_TRIAL_FRAMES);
	/* A slow trickle: a window also ends after its time with enough
	 * frames, never before LGV_TRIAL_MIN_FRAMES. */
	lgv_trial_init(&t, cands, 2);
	lgv_trial_received(&t);
	lgv_trial_shown(&t, now, now + 1000000u);
	now += LGV_TRIAL_NS * 2ull;
	assert_null(lgv_trial_next(&t, now));
	for (int i = 1; i < LGV_TRIAL_MIN_FRAMES; ++i) {
		lgv_trial_received(&t);
		lgv_trial_shown(&t, now, now + 1000000u);
	}
	assert_ptr_equal(lgv_trial_next(&t, now + 2000000u), &stand_b);
	/* One candidate: nothing to try. */
	lgv_trial_init(&t, cands, 1);
	assert_true(t.done);
	assert_null(window(&t, &now, 100, 6.0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pick_fastest_when_both_show_all),
		cmocka_unit_test(test_pick_most_shown_over_fastest),
		cmocka_unit_test(test_windows_then_winner),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
