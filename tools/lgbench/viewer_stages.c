// SPDX-License-Identifier: GPL-2.0-or-later
/* lgbench viewer: where lgview's time went, from its own stage times. */
#include <glib.h>
#include <math.h>

#include "viewer_bench.h"
#include "viewer_stages.h"

void lgb_stages_add(struct lgb_stages *acc, const struct lgb_run *run, const char *path,
		    const uint64_t *posted_at, size_t max_serial)
{
	struct lgb_stage_times *t;
	size_t n = lgb_read_stage_times(path, &t);
	struct lgb_samples *s = acc->s;
	for (size_t i = 0; i < n; ++i) {
		if (t[i].serial >= max_serial)
			continue;
		uint64_t posted = __atomic_load_n(&posted_at[t[i].serial], __ATOMIC_ACQUIRE);
		if (!posted || t[i].detected < posted || t[i].presented < t[i].uploaded)
			continue;
		lgb_samples_add(&s[0], (double)(t[i].detected - posted) / 1e6);
		lgb_samples_add(&s[1], (double)(t[i].copied - t[i].detected) / 1e6);
		lgb_samples_add(&s[2], (double)(t[i].uploaded - t[i].copied) / 1e6);
		lgb_samples_add(&s[3], (double)(t[i].presented - t[i].uploaded) / 1e6);
		lgb_samples_add(&acc->copied_presented,
				(double)(t[i].presented - t[i].copied) / 1e6);
		if (t[i].taken >= t[i].copied && t[i].uploaded >= t[i].taken) {
			lgb_samples_add(&acc->main_wait, (double)(t[i].taken - t[i].copied) / 1e6);
			lgb_samples_add(&acc->upload, (double)(t[i].uploaded - t[i].taken) / 1e6);
		}
		for (size_t r = 0; r < run->n; ++r)
			if (run->rec[r].serial == t[i].serial && !isnan(run->rec[r].latency_ms)) {
				double vis = run->rec[r].latency_ms -
					     (double)(t[i].presented - posted) / 1e6;
				lgb_samples_add(&s[4], vis);
				break;
			}
	}
	g_free(t);
}

void lgb_stages_report(struct lgb_stages *acc, struct lgb_run *run, double floor_ms)
{
	static const char *const names[LGB_STAGES] = {"publish->detect", "detect->copied",
						      "copied->uploaded", "uploaded->presented",
						      "presented->visible"};
	double p50[LGB_STAGES];
	for (int k = 0; k < LGB_STAGES; ++k) {
		p50[k] = acc->s[k].n ? lgb_percentile(&acc->s[k], 50) : NAN;
		if (acc->s[k].n)
			lgb_run_extra(run, names[k], p50[k], "ms p50");
		lgb_samples_free(&acc->s[k]);
	}
	/* What is lgview's own and stays on a real GPU, where drawing costs
	 * next to nothing: finding the frame, copying it, and the wait for
	 * the main thread. */
	if (acc->main_wait.n) {
		double wait = lgb_percentile(&acc->main_wait, 50);
		lgb_run_extra(run, "main-thread wait", wait, "ms p50");
		lgb_run_extra(run, "upload", lgb_percentile(&acc->upload, 50), "ms p50");
		if (!isnan(p50[0]) && !isnan(p50[1]))
			lgb_run_extra(run, "own overhead", p50[0] + p50[1] + wait, "ms p50s");
	}
	lgb_samples_free(&acc->main_wait);
	lgb_samples_free(&acc->upload);
	/* The viewer's own upload, draw and present against the minimal one's. */
	if (acc->copied_presented.n) {
		double cp = lgb_percentile(&acc->copied_presented, 50);
		lgb_run_extra(run, "copied->presented", cp, "ms p50");
		if (!isnan(floor_ms))
			lgb_run_extra(run, "floor", cp / floor_ms, "x");
	}
	lgb_samples_free(&acc->copied_presented);
}
