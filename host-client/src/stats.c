// SPDX-License-Identifier: GPL-2.0-or-later
#define G_LOG_DOMAIN "lgview-stats"
#include <glib.h>
#include <errno.h>
#include <math.h>
#include <string.h>

#include "guest-proto/clock.h"
#include "stats.h"

void lgv_stats_init(struct lgv_stats *s, const char *timestamps_path)
{
	memset(s, 0, sizeof(*s));
	s->window_start = lgp_monotonic_ns();
	s->detect_ms = s->wait_ms = s->queued_pct = NAN;
	if (timestamps_path && *timestamps_path) {
		s->timestamps = fopen(timestamps_path, "w");
		if (!s->timestamps)
			g_warning("app:timestamps: cannot write %s: %s", timestamps_path,
				  g_strerror(errno));
		else
			fprintf(s->timestamps, "serial,detected_ns,copied_ns,uploaded_ns,presented_ns,"
				"taken_ns\n");
	}
}

void lgv_stats_finish(struct lgv_stats *s)
{
	if (s->timestamps)
		fclose(s->timestamps);
	s->timestamps = NULL;
}

void lgv_stats_presented(struct lgv_stats *s)
{
	s->presented++;
}

static double ms(uint64_t a, uint64_t b)
{
	return b > a ? (double)(b - a) / 1e6 : 0.0;
}

/* The detection of one frame: see struct lgv_frame_detect. */
static void note_detection(struct lgv_stats *s, const struct lgv_frame_times *t,
			   const struct lgv_frame_detect *d)
{
	s->seen_samples++;
	if (!d->empty_poll) {
		s->queued_samples++;
	} else if (d->empty_poll <= t->detected) {
		s->sum_detect += ms(d->empty_poll, t->detected);
		s->detect_samples++;
	}
	uint64_t whole = d->complete ? d->complete : t->copied;
	if (whole) {
		s->sum_wait += ms(t->detected, whole);
		s->wait_samples++;
		s->wait_bound_samples += !d->complete;
	}
}

void lgv_stats_frame_ext(struct lgv_stats *s, const struct lgv_frame_times *t,
			 const struct lgv_frame_detect *d)
{
	s->received++;
	if (d)
		note_detection(s, t, d);
	s->sum_copy += ms(t->detected, t->copied);
	s->sum_upload += ms(t->copied, t->uploaded);
	s->sum_present += ms(t->uploaded, t->presented);
	double total = ms(t->detected, t->presented);
	s->sum_total += total;
	s->samples++;
	if (s->history_len == LGV_STATS_HISTORY)
		memmove(s->history, s->history + 1, sizeof(s->history) - sizeof(s->history[0]));
	else
		s->history_len++;
	s->history[s->history_len - 1] = (float)total;
	if (s->timestamps)
		fprintf(s->timestamps, "%u,%lu,%lu,%lu,%lu,%lu\n", t->serial,
			(unsigned long)t->detected, (unsigned long)t->copied,
			(unsigned long)t->uploaded, (unsigned long)t->presented,
			(unsigned long)t->taken);
}

void lgv_stats_frame(struct lgv_stats *s, const struct lgv_frame_times *t)
{
	const struct lgv_frame_detect d = {t->empty_poll, t->complete};
	lgv_stats_frame_ext(s, t, &d);
}

static double mean_or_nan(double sum, unsigned n)
{
	return n ? sum / n : NAN;
}

bool lgv_stats_tick(struct lgv_stats *s, uint64_t now)
{
	uint64_t dt = now - s->window_start;
	if (dt < 1000000000u)
		return false;
	double secs = (double)dt / 1e9;
	s->fps = s->presented / secs;
	s->ups = s->received / secs;
	if (s->samples) {
		s->copy_ms = s->sum_copy / s->samples;
		s->upload_ms = s->sum_upload / s->samples;
		s->present_ms = s->sum_present / s->samples;
		s->total_ms = s->sum_total / s->samples;
		s->detect_ms = mean_or_nan(s->sum_detect, s->detect_samples);
		s->wait_ms = mean_or_nan(s->sum_wait, s->wait_samples);
		s->wait_bounded = s->wait_bound_samples != 0;
		s->queued_pct = mean_or_nan(100.0 * s->queued_samples, s->seen_samples);
	}
	s->presented = s->received = s->samples = 0;
	s->sum_copy = s->sum_upload = s->sum_present = s->sum_total = 0;
	s->detect_samples = s->wait_samples = s->wait_bound_samples = 0;
	s->seen_samples = s->queued_samples = 0;
	s->sum_detect = s->sum_wait = 0;
	s->window_start = now;
	if (s->timestamps)
		fflush(s->timestamps);
	return true;
}
