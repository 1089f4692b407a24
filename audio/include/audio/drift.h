/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Clock drift correction: the guest's sound card and the host's run on
 * different clocks, so the audio buffered between them creeps away from
 * its target (0.3 % apart is 180 ms a minute). A PI controller on the
 * buffered latency gives the ratio at which the resampler (PipeWire's own,
 * through SPA_IO_RateMatch) should consume input; its integral learns the
 * clocks' difference, so in the steady state the buffer sits at the target
 * with no error left. Past a bound it resyncs hard (frames dropped or
 * silence inserted) and says how many.
 *
 * A stall of the host (the hypervisor taking the CPUs, the graph running
 * cycles without this stream) leaves a burst buffered: tens of ms too much,
 * which the loop, at most max_adjust faster, would take up to a minute to
 * play away. So when the smoothed buffer has stayed more than drain_s
 * above the target for drain_hold_s, the excess is dropped at once (a
 * drain: the ring's oldest audio) and the loop goes on with what it knew
 * of the clocks before the burst.
 *
 * Pure arithmetic, no locks or allocation: the real-time callback may call
 * it. One caller at a time.
 */
#ifndef AUDIO_DRIFT_H
#define AUDIO_DRIFT_H

#include <stdbool.h>
#include <stdint.h>

struct lga_drift_config {
	uint32_t rate;	   /* frames per second */
	double target_s;   /* the buffered latency to hold */
	double resync_s;   /* |error| beyond this resyncs hard */
	double max_adjust; /* the most the ratio leaves 1, e.g. 0.01 */
	double period_s;   /* the loop's time constant; 0: 60 s */
	double drain_s;      /* above the target by more than this... (0: never drain) */
	double drain_hold_s; /* ... for this long: drop the excess; 0: 1 s */
};

struct lga_drift {
	struct lga_drift_config cfg;
	double kp, ki;
	double integral; /* seconds of error times seconds */
	double filtered; /* the buffered latency, smoothed */
	double ratio;
	bool primed;
	uint64_t resyncs;
	uint64_t drains;     /* excess dropped after a burst (not resyncs) */
	double high_s;       /* how long the smoothed buffer has been too high */
	double held_integral; /* the integral before it went too high */
};

void lga_drift_init(struct lga_drift *d, const struct lga_drift_config *cfg);
/* A new time constant (gain scheduling: quick while the clocks' difference
 * is being learnt, slow once it is, so jitter moves the pitch less); what
 * was learnt stays. */
void lga_drift_set_period(struct lga_drift *d, double period_s);
/* One period: buffered_s, the audio buffered now (ring and device), after
 * dt_s seconds. Returns the ratio (input frames per output frame; > 1
 * drains the buffer). *resync_frames: 0, or frames to drop (> 0) or of
 * silence to insert (< 0) now, to land on the target; `drains` or
 * `resyncs` counts which it was. */
double lga_drift_update(struct lga_drift *d, double buffered_s, double dt_s,
			int64_t *resync_frames);

#endif
