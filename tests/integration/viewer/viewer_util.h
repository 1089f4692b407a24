/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers of the viewer integration checks: processes, windows, pixels. */
#ifndef LGVIEW_VIEWER_UTIL_H
#define LGVIEW_VIEWER_UTIL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct vc_env {
	const char *lgview, *lgbench, *display, *logdir;
};

/* Start argv[0] with stdout+stderr to LOGDIR/<name>.log; the pid. */
pid_t vc_spawn(const struct vc_env *e, const char *name, char *const argv[]);
/* SIGTERM, wait up to 5 s, SIGKILL; the exit status (-1 if killed). */
int vc_stop(pid_t pid);
bool vc_alive(pid_t pid);
/* Does LOGDIR/<name>.log contain text (waits up to timeout_ms)? */
bool vc_log_has(const struct vc_env *e, const char *name, const char *text, int timeout_ms);

struct vc_win {
	unsigned long xid;
	int x, y, w, h;
};
bool vc_find_lgview(const struct vc_env *e, const char *wm_class, struct vc_win *w);

/* Expected 0xRRGGBB at window pixel (x, y), or a value with bit 31 set for
 * "don't care". */
typedef uint32_t (*vc_expect_fn)(void *ctx, int x, int y);

/* Grab the window until it matches (tolerance per channel) or timeout_ms;
 * on failure writes LOGDIR/<tag>-got.ppm and -want.ppm and says where. */
bool vc_wait_match(const struct vc_env *e, const struct vc_win *w, vc_expect_fn fn, void *ctx,
		   int tolerance, int timeout_ms, const char *tag);

/* Grab the window once into a new buffer (free it). */
uint32_t *vc_grab(const struct vc_env *e, const struct vc_win *w);

#endif
