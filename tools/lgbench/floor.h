/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lgbench floor (floor.c): a minimal viewer's cost per frame on a display. */
#ifndef LGBENCH_FLOOR_H
#define LGBENCH_FLOOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LGB_FLOOR_APIS 3
extern const char *const lgb_floor_apis[LGB_FLOOR_APIS]; /* glx, egl, surface */

/* One way of presenting, medians in ms. surface: upload is the copy into
 * the window surface, draw 0. total: one frame's stages one after the
 * other; per_frame: the same frames pipelined. */
struct lgb_floor {
	const char *api;
	bool ok; /* false: it could not run here */
	double upload_ms, draw_ms, present_ms, total_ms, per_frame_ms;
	char renderer[128];
};

/* Each way in its own child process, one after the other, on display; the
 * staged frames at fps (0: back to back). */
void lgb_floor_measure(uint32_t w, uint32_t h, int fps, const char *display, struct lgb_floor *out);
/* The faster of glx and egl by total, NULL when neither ran. */
const struct lgb_floor *lgb_floor_best_gl(const struct lgb_floor *f);
/* "glx 7.91 ms (120.3 fps), egl ..., surface ..." */
void lgb_floor_text(const struct lgb_floor *f, char *out, size_t len);

#endif
