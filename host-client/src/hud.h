/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What lgview draws over the picture: the statistics overlay (FPS, UPS,
 * per-stage times and a latency graph) and the status text (waiting for the
 * guest, version mismatch, shared memory too small...). Main thread.
 */
#ifndef LGVIEW_HUD_H
#define LGVIEW_HUD_H

#include <stdbool.h>

#include "overlay_canvas.h"
#include "renderer.h"
#include "stats.h"

struct lgv_hud {
	struct ovl_canvas stats_canvas;
	struct ovl_canvas status_canvas;
	char status_drawn[512];
	int status_width;
};

void lgv_hud_init(struct lgv_hud *h);
void lgv_hud_finish(struct lgv_hud *h);

/* The statistics panel at the top-left. */
void lgv_hud_stats(struct lgv_hud *h, const struct lgv_stats *s, const char *uploader,
		   struct lgv_image *out);

/* A status message centred in the window (wrapped to fit); out->px NULL
 * when text is empty. */
void lgv_hud_status(struct lgv_hud *h, const char *text, int win_w, int win_h,
		    struct lgv_image *out);

#endif
