/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Frame statistics for the overlay: presented and received rates, per-stage
 * times and a latency history, and the optional per-frame timestamp file
 * (app:timestamps) for lgbench. Main thread.
 */
#ifndef LGVIEW_STATS_H
#define LGVIEW_STATS_H

#include <stdint.h>
#include <stdio.h>

#include "uploader.h"

#define LGV_STATS_HISTORY 120

struct lgv_stats {
	uint64_t window_start;
	unsigned presented, received;
	double fps, ups;
	/* running means of the last second, ms */
	double copy_ms, upload_ms, present_ms, total_ms;
	double sum_copy, sum_upload, sum_present, sum_total;
	unsigned samples;
	float history[LGV_STATS_HISTORY]; /* detected -> presented, ms */
	int history_len;
	FILE *timestamps;
};

void lgv_stats_init(struct lgv_stats *s, const char *timestamps_path);
void lgv_stats_finish(struct lgv_stats *s);
void lgv_stats_presented(struct lgv_stats *s);
/* A frame that reached the screen, with all its stage times. */
void lgv_stats_frame(struct lgv_stats *s, const struct lgv_frame_times *t);
/* Roll the one-second window if it is over; true when the numbers changed. */
bool lgv_stats_tick(struct lgv_stats *s, uint64_t now);

#endif
