/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lgbench viewer (viewer_stages.c): lgview's stage times (app:timestamps)
 * against when lgbench posted each frame, over all rounds of one viewer. */
#ifndef LGBENCH_VIEWER_STAGES_H
#define LGBENCH_VIEWER_STAGES_H

#include <stddef.h>
#include <stdint.h>

#include "report.h"

/* publish->detect, detect->copied, copied->uploaded, uploaded->presented,
 * presented->visible */
#define LGB_STAGES 5

struct lgb_stages {
	struct lgb_samples s[LGB_STAGES];
	struct lgb_samples copied_presented; /* against the floor */
	/* copied->uploaded split: the wait for the main thread, the upload. */
	struct lgb_samples main_wait, upload;
};

/* Add one round: lgview's timestamps file at path; posted_at[serial] is
 * when lgbench posted it (atomic, 0: not posted); run's records give
 * when each became visible. */
void lgb_stages_add(struct lgb_stages *acc, const struct lgb_run *run, const char *path,
		    const uint64_t *posted_at, size_t max_serial);
/* The medians as run's extras, own overhead and the ratio to floor_ms
 * (NaN: no floor) included; acc is freed. */
void lgb_stages_report(struct lgb_stages *acc, struct lgb_run *run, double floor_ms);

#endif
