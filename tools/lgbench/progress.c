// SPDX-License-Identifier: GPL-2.0-or-later
/* The progress bar of a run (see progress.h). */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "progress.h"

#define BAR 30
#define INTERVAL_S 0.1

void lgb_progress_start(struct lgb_progress *p, double total_seconds, double now_s, bool force)
{
	*p = (struct lgb_progress){
		.total_s = total_seconds,
		.started = now_s,
		.enabled = force || isatty(STDERR_FILENO),
		.last_draw = NAN,
	};
}

void lgb_progress_update(struct lgb_progress *p, double now_s, const char *label)
{
	if (!p->enabled || (!isnan(p->last_draw) && now_s - p->last_draw < INTERVAL_S))
		return;
	p->last_draw = now_s;
	double elapsed = MAX(now_s - p->started, 0);
	char line[256];
	int len;
	if (p->total_s > 0) {
		double frac = CLAMP(elapsed / p->total_s, 0, 1);
		char bar[BAR + 1];
		int full = (int)(frac * BAR);
		for (int i = 0; i < BAR; ++i)
			bar[i] = i < full ? '#' : '.';
		bar[BAR] = '\0';
		int eta = (int)ceil(MAX(p->total_s - elapsed, 0));
		len = snprintf(line, sizeof(line), "[%s] %3d%%  %s  ETA %d:%02d", bar,
			       (int)(frac * 100), label ? label : "", eta / 60, eta % 60);
	} else {
		int e = (int)elapsed;
		len = snprintf(line, sizeof(line), "%d:%02d  %s", e / 60, e % 60,
			       label ? label : "");
	}
	len = MIN(len, (int)sizeof(line) - 1);
	/* Spaces over what is left of a longer previous line. */
	fprintf(stderr, "\r%s%*s", line, MAX(p->width - len, 0), "");
	fflush(stderr);
	p->width = len;
}

void lgb_progress_finish(struct lgb_progress *p)
{
	if (p->enabled && p->width > 0) {
		fprintf(stderr, "\r%*s\r", p->width, "");
		fflush(stderr);
	}
	p->enabled = false;
	p->width = 0;
}
