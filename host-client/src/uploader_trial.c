// SPDX-License-Identifier: GPL-2.0-or-later
#define G_LOG_DOMAIN "lgview-upload"
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uploader_trial.h"

/* Shares of frames shown closer than this count as equal. */
#define SHARE_TIE 0.05

static double share(const struct lgv_trial_result *r)
{
	return r->received ? (double)r->shown / r->received : 0;
}

int lgv_trial_pick(const struct lgv_trial_result *r, int n, char *why, size_t len)
{
	double best_share = 0;
	for (int i = 0; i < n; ++i)
		best_share = MAX(best_share, share(&r[i]));
	int pick = 0;
	bool found = false;
	for (int i = 0; i < n; ++i) {
		if (share(&r[i]) < best_share - SHARE_TIE)
			continue;
		if (!found || r[i].latency_ms < r[pick].latency_ms)
			pick = i;
		found = true;
	}
	size_t used = 0;
	for (int i = 0; i < n && used < len; ++i)
		used += (size_t)snprintf(why + used, len - used, "%s%s %.2f ms (%u of %u shown)",
					 i ? " vs " : "", r[i].name, r[i].latency_ms, r[i].shown,
					 r[i].received);
	/* Did a faster one lose for showing fewer frames? */
	bool by_share = false;
	for (int i = 0; i < n; ++i)
		by_share |= i != pick && r[i].latency_ms < r[pick].latency_ms;
	if (used < len)
		snprintf(why + used, len - used, ": %s %s", r[pick].name,
			 by_share ? "shows the most frames" : "is fastest end to end");
	return pick;
}

void lgv_trial_init(struct lgv_trial *t, const struct lgv_uploader_impl *const *cand, int n)
{
	memset(t, 0, sizeof(*t));
	t->n = MIN(n, LGV_TRIAL_MAX);
	for (int i = 0; i < t->n; ++i)
		t->cand[i] = cand[i];
	t->done = t->n < 2;
}

void lgv_trial_received(struct lgv_trial *t)
{
	__atomic_add_fetch(&t->received, 1, __ATOMIC_RELAXED);
}

void lgv_trial_shown(struct lgv_trial *t, uint64_t detected, uint64_t now)
{
	if (t->done || !detected || now < detected || t->nlat >= LGV_TRIAL_FRAMES)
		return;
	if (!t->nlat)
		t->first_shown = now;
	t->lat[t->nlat++] = (float)((double)(now - detected) / 1e6);
}

static int cmp_float(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;
	return (x > y) - (x < y);
}

/* Close the current window into its result. */
static void close_window(struct lgv_trial *t)
{
	struct lgv_trial_result *r = &t->res[t->cur];
	uint32_t got = __atomic_load_n(&t->received, __ATOMIC_RELAXED);
	qsort(t->lat, t->nlat, sizeof(t->lat[0]), cmp_float);
	*r = (struct lgv_trial_result){
		.name = t->cand[t->cur]->name,
		.received = got - t->received0,
		.shown = t->nlat,
		.latency_ms = t->lat[t->nlat / 2],
	};
	/* A frame shown that came just before the window: never over 100 %. */
	if (r->received < r->shown)
		r->received = r->shown;
	t->received0 = got;
	t->nlat = 0;
}

const struct lgv_uploader_impl *lgv_trial_next(struct lgv_trial *t, uint64_t now)
{
	if (t->done)
		return NULL;
	bool over = t->nlat >= LGV_TRIAL_FRAMES ||
		    (t->nlat >= LGV_TRIAL_MIN_FRAMES && now - t->first_shown >= LGV_TRIAL_NS);
	if (!over)
		return NULL;
	close_window(t);
	if (++t->cur < t->n)
		return t->cand[t->cur];
	t->done = true;
	char why[512];
	int pick = lgv_trial_pick(t->res, t->n, why, sizeof(why));
	g_message("uploader auto, measured in the real loop: %s", why);
	/* The last candidate is the one running now. */
	return pick == t->n - 1 ? NULL : t->cand[pick];
}
