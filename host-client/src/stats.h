/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Frame statistics for the overlay: presented and received rates, per-stage
 * times and a latency history, and the optional per-frame timestamp file
 * (app:timestamps) for lgbench. Main thread.
 */
#ifndef LGVIEW_STATS_H
#define LGVIEW_STATS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "uploader.h"

#define LGV_STATS_HISTORY 120

/*
 * What the frame thread saw around a frame's detection (CLOCK_MONOTONIC ns,
 * 0 where it was not seen). lgview cannot know when the guest published a
 * frame, only when it looked:
 * - empty_poll: the last poll before the frame's detection that found the
 *   queue empty, so the frame arrived between it and lgv_frame_times'
 *   detected. 0 when there was none since the previous frame (it was
 *   already queued): no bound then.
 * - complete: when lgview saw the guest's write pointer at the end of the
 *   frame's data (detected, when it was already there). 0 when not seen
 *   before the copy finished: copied is the bound then.
 */
struct lgv_frame_detect {
	uint64_t empty_poll, complete;
};

struct lgv_stats {
	uint64_t window_start;
	unsigned presented, received;
	double fps, ups;
	/* running means of the last second, ms */
	double copy_ms, upload_ms, present_ms, total_ms;
	double sum_copy, sum_upload, sum_present, sum_total;
	unsigned samples;
	/* empty poll -> detected, an upper bound on how long a frame sat in the
	 * queue unseen; detected -> whole frame written (wait_bounded: some of
	 * those ran until copied). Means of the last second, NAN without one.
	 * queued_pct: the share of frames found with no empty poll before them
	 * (they waited while lgview was busy), NAN when no frame had its
	 * detection. */
	double detect_ms, wait_ms, queued_pct;
	bool wait_bounded;
	double sum_detect, sum_wait;
	unsigned detect_samples, wait_samples, wait_bound_samples;
	unsigned seen_samples, queued_samples;
	float history[LGV_STATS_HISTORY]; /* detected -> presented, ms */
	int history_len;
	FILE *timestamps;
};

void lgv_stats_init(struct lgv_stats *s, const char *timestamps_path);
void lgv_stats_finish(struct lgv_stats *s);
void lgv_stats_presented(struct lgv_stats *s);
/* A frame that reached the screen, with all its stage times; d (NULL: none
 * seen) says how it was detected. */
void lgv_stats_frame_ext(struct lgv_stats *s, const struct lgv_frame_times *t,
			 const struct lgv_frame_detect *d);
/* The same with what lgv_frame_times carries of the detection. */
void lgv_stats_frame(struct lgv_stats *s, const struct lgv_frame_times *t);
/* Roll the one-second window if it is over; true when the numbers changed. */
bool lgv_stats_tick(struct lgv_stats *s, uint64_t now);

#endif
