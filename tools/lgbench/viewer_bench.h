/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Pieces of `lgbench viewer` shared with its tests. */
#ifndef LGBENCH_VIEWER_BENCH_H
#define LGBENCH_VIEWER_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Expand {shm}, {w}, {h} and {timestamps} in a viewer command and split it
 * into argv (shell-like quoting with '...' and "..."). NULL on a syntax
 * error. Free with g_strfreev. */
char **lgb_viewer_argv(const char *cmd, const char *shm, uint32_t w, uint32_t h,
		       const char *timestamps);

/* user+system CPU time of a process in ms, from /proc/PID/stat; NaN if gone. */
double lgb_process_cpu_ms(int pid);

/* lgview's per-frame stage times (app:timestamps CSV), by serial. */
struct lgb_stage_times {
	uint32_t serial;
	uint64_t detected, copied, uploaded, presented;
	uint64_t taken; /* the main thread began the upload; 0 when not written */
};
/* Reads the file; returns the count (0 on error), *out allocated (g_free). */
size_t lgb_read_stage_times(const char *path, struct lgb_stage_times **out);

#endif
