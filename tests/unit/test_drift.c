// SPDX-License-Identifier: GPL-2.0-or-later
/* The drift controller (audio/drift.c), against a simulated guest and
 * device: SPICE packets of 10 ms from a guest clock off by -0.3 %, 0 and
 * +0.3 % (180 ms a minute), a device taking 256-frame periods at 48 kHz
 * through a resampler at the controller's ratio. Over an hour the buffer
 * stays within a bound of the target once settled, with one resync at
 * most (the start), and the ratio learns the clocks' difference. A burst
 * far past the bound resyncs at once. */
/* clang-format off: cmocka needs these first, in this order */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */
#include <math.h>

#include "audio/drift.h"

#define RATE 48000.0
#define PERIOD 256.0
#define PACKET 480.0 /* 10 ms */

struct result {
	double worst_after_settle; /* the largest |buffer - target|, s */
	double ratio;
	uint64_t resyncs;
};

static struct result run(double guest_drift, double seconds, double start_fill_s)
{
	struct lga_drift d;
	struct lga_drift_config cfg = {.rate = 48000, .target_s = 0.020, .resync_s = 0.060,
				       .max_adjust = 0.01};
	lga_drift_init(&d, &cfg);
	double buffered = start_fill_s * RATE; /* frames in the ring */
	double guest_clock = 0, next_packet = 0, ratio = 1.0;
	struct result res = {0};
	double dt = PERIOD / RATE;
	for (double t = 0; t < seconds; t += dt) {
		/* The guest's packets that arrived by now (its clock is off). */
		guest_clock = t * (1.0 + guest_drift);
		while (next_packet <= guest_clock) {
			buffered += PACKET;
			next_packet += PACKET / RATE;
		}
		/* One device period, through the resampler. */
		buffered -= PERIOD * ratio;
		if (buffered < 0)
			buffered = 0; /* an underrun: silence played */
		int64_t resync;
		ratio = lga_drift_update(&d, buffered / RATE, dt, &resync);
		buffered -= (double)resync;
		if (t > 240.0) {
			double err = fabs(buffered / RATE - cfg.target_s);
			if (err > res.worst_after_settle)
				res.worst_after_settle = err;
		}
	}
	res.ratio = ratio;
	res.resyncs = d.resyncs;
	return res;
}

static void test_holds_the_target_for_an_hour(void **state)
{
	(void)state;
	const double drifts[] = {-0.003, 0.0, 0.003};
	for (size_t i = 0; i < sizeof(drifts) / sizeof(drifts[0]); ++i) {
		struct result r = run(drifts[i], 3600.0, 0.020);
		print_message("drift %+.4f: worst %.2f ms after settling, ratio %.5f, resyncs %llu\n",
			      drifts[i], r.worst_after_settle * 1000, r.ratio,
			      (unsigned long long)r.resyncs);
		/* A packet of saw-tooth (10 ms) plus a period, and little else. */
		assert_true(r.worst_after_settle < 0.016);
		assert_int_equal(r.resyncs, 0);
		/* The ratio is the clocks' difference. */
		assert_true(fabs(r.ratio - (1.0 + drifts[i])) < 0.0005);
	}
}

static void test_resyncs_far_off(void **state)
{
	(void)state;
	/* 300 ms buffered at the start: far past the bound, dropped at once. */
	struct result r = run(0.0, 300.0, 0.300);
	assert_int_equal(r.resyncs, 1);
	assert_true(r.worst_after_settle < 0.016);
	/* Bad input changes nothing. */
	struct lga_drift d;
	struct lga_drift_config cfg = {.rate = 48000, .target_s = 0.02, .resync_s = 0.06,
				       .max_adjust = 0.01};
	lga_drift_init(&d, &cfg);
	int64_t resync;
	assert_true(lga_drift_update(&d, NAN, 0.005, &resync) == 1.0);
	assert_true(lga_drift_update(&d, 0.02, 0.0, &resync) == 1.0);
	assert_int_equal(resync, 0);
}

/* A host stall at t = 60 s leaves a 60 ms burst on top of the target, the
 * guest 0.3 % fast. Returns the error 3 s later and at the end, and the
 * drains and resyncs. */
struct burst {
	double err_3s, err_end;
	uint64_t drains, resyncs;
};

static struct burst run_burst(double drain_s)
{
	struct lga_drift d;
	struct lga_drift_config cfg = {.rate = 48000, .target_s = 0.020, .resync_s = 0.100,
				       .max_adjust = 0.008, .period_s = 10.0,
				       .drain_s = drain_s};
	lga_drift_init(&d, &cfg);
	double buffered = 0.020 * RATE, next_packet = 0, ratio = 1.0, dt = PERIOD / RATE;
	struct burst b = {0};
	bool burst = false, measured = false;
	for (double t = 0; t < 120.0; t += dt) {
		while (next_packet <= t * 1.003) {
			buffered += PACKET;
			next_packet += PACKET / RATE;
		}
		if (!burst && t >= 60.0) {
			burst = true;
			buffered += 0.060 * RATE;
		}
		buffered -= PERIOD * ratio;
		if (buffered < 0)
			buffered = 0;
		int64_t resync;
		ratio = lga_drift_update(&d, buffered / RATE, dt, &resync);
		buffered -= (double)resync;
		if (!measured && t >= 63.0) {
			measured = true;
			b.err_3s = buffered / RATE - cfg.target_s;
		}
	}
	b.err_end = buffered / RATE - cfg.target_s;
	b.drains = d.drains;
	b.resyncs = d.resyncs;
	return b;
}

static void test_drains_a_burst(void **state)
{
	(void)state;
	/* Without draining, the loop (0.8 % at most) is still far off 3 s
	 * after the burst. */
	struct burst slow = run_burst(0);
	print_message("no drain: %.1f ms over the target 3 s after a 60 ms burst\n",
		      slow.err_3s * 1e3);
	assert_true(slow.err_3s > 0.030);
	assert_int_equal(slow.drains, 0);
	/* With it: dropped about a second after the burst, back on target,
	 * not counted as a resync, and the clocks' difference still known. */
	struct burst fast = run_burst(0.030);
	print_message("drain: %.1f ms 3 s after, %.1f ms at the end, %llu drain(s)\n",
		      fast.err_3s * 1e3, fast.err_end * 1e3, (unsigned long long)fast.drains);
	assert_int_equal(fast.drains, 1);
	assert_int_equal(fast.resyncs, 0);
	assert_true(fabs(fast.err_3s) < 0.012);
	assert_true(fabs(fast.err_end) < 0.012);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_holds_the_target_for_an_hour),
		cmocka_unit_test(test_resyncs_far_off),
		cmocka_unit_test(test_drains_a_burst),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
