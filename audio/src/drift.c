// SPDX-License-Identifier: GPL-2.0-or-later
#include <math.h>
#include <string.h>

#include "audio/drift.h"

/* The measurement's smoothing: the buffer saw-tooths by a packet (10 ms)
 * as SPICE delivers, which must not wobble the pitch. */
#define FILTER_S 1.0

void lga_drift_set_period(struct lga_drift *d, double period_s)
{
	double period = period_s > 0 ? period_s : 60.0;
	/* A critically damped second-order loop (damping 0.7) of that
	 * period: it settles in about a third of it. The integral term's
	 * contribution (ki * integral) is kept across the change. */
	double w = 2.0 * 3.14159265358979323846 / period;
	double held = d->ki * d->integral;
	d->cfg.period_s = period;
	d->kp = 2.0 * 0.7 * w;
	d->ki = w * w;
	d->integral = held / d->ki;
}

void lga_drift_init(struct lga_drift *d, const struct lga_drift_config *cfg)
{
	memset(d, 0, sizeof(*d));
	d->cfg = *cfg;
	if (d->cfg.drain_hold_s <= 0)
		d->cfg.drain_hold_s = 1.0;
	lga_drift_set_period(d, cfg->period_s);
	d->ratio = 1.0;
}

double lga_drift_update(struct lga_drift *d, double buffered_s, double dt_s, int64_t *resync_frames)
{
	*resync_frames = 0;
	if (!(dt_s > 0) || !isfinite(buffered_s) || !isfinite(dt_s))
		return d->ratio;
	double error_now = buffered_s - d->cfg.target_s;
	if (fabs(error_now) > d->cfg.resync_s) {
		/* Too far to steer: land on the target at once. The integral
		 * keeps what it learnt of the clocks. */
		*resync_frames = (int64_t)llround(error_now * d->cfg.rate);
		d->resyncs++;
		d->filtered = d->cfg.target_s;
		d->primed = true;
		return d->ratio;
	}
	if (!d->primed) {
		d->filtered = buffered_s;
		d->primed = true;
	}
	double a = dt_s / (FILTER_S + dt_s);
	d->filtered += a * (buffered_s - d->filtered);
	double e = d->filtered - d->cfg.target_s;
	if (d->cfg.drain_s > 0 && e > d->cfg.drain_s) {
		if (d->high_s == 0)
			d->held_integral = d->integral;
		d->high_s += dt_s;
		if (d->high_s >= d->cfg.drain_hold_s && buffered_s > d->cfg.target_s) {
			/* A burst, not the clocks: drop it, and forget what the
			 * loop wound up while it lasted. */
			*resync_frames = (int64_t)llround((buffered_s - d->cfg.target_s) * d->cfg.rate);
			d->drains++;
			d->integral = d->held_integral;
			d->filtered = d->cfg.target_s;
			d->high_s = 0;
			double held = d->ki * d->integral, lim = d->cfg.max_adjust;
			d->ratio = 1.0 + (held > lim ? lim : held < -lim ? -lim : held);
			return d->ratio;
		}
	} else {
		d->high_s = 0;
	}
	double adjust = d->kp * e + d->ki * (d->integral + e * dt_s);
	double lim = d->cfg.max_adjust;
	/* Anti-windup: the integral grows only while the output is free. */
	if (adjust < lim && adjust > -lim)
		d->integral += e * dt_s;
	adjust = adjust > lim ? lim : adjust < -lim ? -lim : adjust;
	d->ratio = 1.0 + adjust;
	return d->ratio;
}
