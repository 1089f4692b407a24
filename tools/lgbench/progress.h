/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A one-line progress bar with an ETA on stderr, for runs of known length.
 * It draws only when stderr is a terminal or when forced, at most ten times
 * a second. The caller gives the time (seconds on any monotonic clock, e.g.
 * g_get_monotonic_time() / 1e6) so that it stays testable. One thread.
 */
#ifndef LGBENCH_PROGRESS_H
#define LGBENCH_PROGRESS_H

#include <stdbool.h>

struct lgb_progress {
	double total_s;	  /* the planned length; <= 0: unknown, no bar or ETA */
	double started;	  /* now_s at lgb_progress_start() */
	bool enabled;	  /* stderr is a terminal, or forced */
	double last_draw; /* now_s of the last drawing; NaN before the first */
	int width;	  /* characters of the last line, to blank it */
};

/* Begin at now_s. force draws even when stderr is not a terminal. */
void lgb_progress_start(struct lgb_progress *p, double total_seconds, double now_s, bool force);
/* Redraw "[####....]  42%  label  ETA 0:12" if 0.1 s passed since the last
 * drawing; label may be NULL. Writes nothing when disabled. */
void lgb_progress_update(struct lgb_progress *p, double now_s, const char *label);
/* Blank the line so that what follows starts clean; then disabled. */
void lgb_progress_finish(struct lgb_progress *p);

#endif
