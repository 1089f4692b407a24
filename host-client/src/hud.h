/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What lgview draws over the picture: the statistics overlay (FPS, UPS,
 * per-stage times and a latency graph) and the status text (waiting for the
 * guest, version mismatch, shared memory too small...). Main thread.
 */
#ifndef LGVIEW_HUD_H
#define LGVIEW_HUD_H

#include <stdbool.h>
#include <stddef.h>

#include "overlay_canvas.h"
#include "renderer.h"
#include "stats.h"

/* The statistics panel, and where its graph lies in it (canvas pixels). */
#define LGV_HUD_STATS_W 400
#define LGV_HUD_STATS_H 242
#define LGV_HUD_GRAPH_X 8
#define LGV_HUD_GRAPH_Y 160
#define LGV_HUD_GRAPH_W 348
#define LGV_HUD_GRAPH_H 74
/* The graph's bars: within a 60 Hz frame, within a 30 Hz one, later. */
#define LGV_HUD_BAR_60HZ OVL_RGBA(80, 220, 120, 255)
#define LGV_HUD_BAR_30HZ OVL_RGBA(240, 190, 60, 255)
#define LGV_HUD_BAR_LATE OVL_RGBA(240, 80, 60, 255)

struct lgv_hud {
	struct ovl_canvas stats_canvas;
	struct ovl_canvas status_canvas;
	char status_drawn[512];
	int status_width;
};

void lgv_hud_init(struct lgv_hud *h);
void lgv_hud_finish(struct lgv_hud *h);

/* The statistics panel at the top-left: the text below over a graph of
 * the last frames' detected -> on screen times. */
void lgv_hud_stats(struct lgv_hud *h, const struct lgv_stats *s, const char *uploader,
		   const char *audio, struct lgv_image *out);
/* The panel's text: rates, detection and stage times (ms), and the audio
 * line (NULL or "": "audio: -"). */
void lgv_hud_stats_text(const struct lgv_stats *s, const char *uploader, const char *audio,
			char *buf, size_t len);
/* The graph's top value (ms): the largest of the n samples rounded up to
 * the next of 1000/60, 1000/30, 50, 100 and 200, so that slow frames do
 * not fill the graph; 200 for anything above (those bars are clipped),
 * 1000/60 when no sample is above 0. */
float lgv_hud_graph_top(const float *ms, int n);

/* A status message centred in the window (wrapped to fit); out->px NULL
 * when text is empty. */
void lgv_hud_status(struct lgv_hud *h, const char *text, int win_w, int win_h,
		    struct lgv_image *out);

#endif
