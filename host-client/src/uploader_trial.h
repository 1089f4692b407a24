/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * app:uploader=auto between copying uploaders (direct, copy): each gets a
 * trial in the real loop, and the one that is fastest end to end wins. An
 * uploader timed alone says little: direct uploads faster than copy, but
 * its upload runs on the busy main thread, and a frame it offers while the
 * main thread draws is copied anyway. So each candidate runs in turn for a
 * window of frames, and lgview measures what the user sees: how many of the
 * frames the guest sent reached the screen, and how long each took from
 * its detection to its present. The winner shows the most (within 5 %),
 * then the fastest by median; the log says why.
 *
 * Threads: received() on the frame thread (atomic); everything else on the
 * main thread.
 */
#ifndef LGVIEW_UPLOADER_TRIAL_H
#define LGVIEW_UPLOADER_TRIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uploader.h"

#define LGV_TRIAL_MAX 4
/* A window ends after this many frames shown... */
#define LGV_TRIAL_FRAMES 60
/* ... or this long after its first, with at least LGV_TRIAL_MIN_FRAMES. */
#define LGV_TRIAL_NS 3000000000u
#define LGV_TRIAL_MIN_FRAMES 10

/* What one candidate's window measured. */
struct lgv_trial_result {
	const char *name;
	uint32_t received, shown;
	double latency_ms; /* detected -> presented, median of the shown */
};

/* Which result wins: the most frames shown as a share of those received
 * (ties within 5 % of the best share count as equal), then the lowest
 * latency. Says why in why. Pure: tested with stand-in costs. */
int lgv_trial_pick(const struct lgv_trial_result *r, int n, char *why, size_t len);

struct lgv_trial {
	const struct lgv_uploader_impl *cand[LGV_TRIAL_MAX];
	struct lgv_trial_result res[LGV_TRIAL_MAX];
	int n, cur;
	bool done;
	uint32_t received;  /* atomic: frames the frame thread passed on */
	uint32_t received0; /* main thread: received when the window began */
	uint64_t first_shown;
	float lat[LGV_TRIAL_FRAMES];
	uint32_t nlat;
};

/* n >= 2 candidates, in the order they are tried; cand[0] runs first. */
void lgv_trial_init(struct lgv_trial *t, const struct lgv_uploader_impl *const *cand, int n);
/* Frame thread: a frame was passed to the uploader. */
void lgv_trial_received(struct lgv_trial *t);
/* Main thread: a new frame reached the screen at now, found at detected. */
void lgv_trial_shown(struct lgv_trial *t, uint64_t detected, uint64_t now);
/* Main thread: the uploader to change to now, or NULL to go on. When the
 * last window is over this is the winner (perhaps the current one: then
 * NULL) and done is set. */
const struct lgv_uploader_impl *lgv_trial_next(struct lgv_trial *t, uint64_t now);

#endif
