// SPDX-License-Identifier: GPL-2.0-or-later
#include <glib.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "hud.h"

#define TEXT_RGBA OVL_RGBA(255, 255, 255, 255)
#define DIM_RGBA OVL_RGBA(0, 0, 0, 190)
#define FRAME_60HZ (1000.0f / 60)
#define FRAME_30HZ (1000.0f / 30)

void lgv_hud_init(struct lgv_hud *h)
{
	memset(h, 0, sizeof(*h));
	ovl_canvas_init(&h->stats_canvas, LGV_HUD_STATS_W, LGV_HUD_STATS_H);
}

void lgv_hud_finish(struct lgv_hud *h)
{
	ovl_canvas_finish(&h->stats_canvas);
	ovl_canvas_finish(&h->status_canvas);
}

static void image_of(const struct ovl_canvas *c, int x, int y, struct lgv_image *out)
{
	*out = (struct lgv_image){c->px, c->width, c->height, c->stride, x, y};
}

/* Ten columns like "   %7.2f": "<=" in front of an upper bound, a dash for
 * what was not measured. */
static const char *ms_field(double v, bool bound, char *buf, size_t len)
{
	if (isnan(v))
		snprintf(buf, len, "%10s", "-");
	else
		snprintf(buf, len, "%s %7.2f", bound ? "<=" : "  ", v);
	return buf;
}

void lgv_hud_stats_text(const struct lgv_stats *s, const char *uploader, const char *audio,
			char *buf, size_t len)
{
	char detect[32], wait[32], how[32] = "empty poll";
	/* Frames found already queued have no bound: say how many. */
	if (s->queued_pct > 0)
		snprintf(how, sizeof(how), "%.0f%% queued", s->queued_pct);
	/* The stages by lgbench's names; lgview cannot see the guest post, so
	 * publish->detect is bounded by the last poll that found nothing. */
	snprintf(buf, len,
		 "FPS %6.1f   UPS %6.1f\n"
		 "publish->detect     %s ms (%s)\n"
		 "detect->written     %s ms (all written)\n"
		 "detect->copied         %7.2f ms\n"
		 "copied->uploaded       %7.2f ms (%s)\n"
		 "uploaded->presented    %7.2f ms\n"
		 "detect->presented      %7.2f ms (on screen)\n"
		 "%s",
		 s->fps, s->ups, ms_field(s->detect_ms, true, detect, sizeof(detect)), how,
		 ms_field(s->wait_ms, s->wait_bounded, wait, sizeof(wait)), s->copy_ms,
		 s->upload_ms, uploader && uploader[0] ? uploader : "-", s->present_ms,
		 s->total_ms, audio && audio[0] ? audio : "audio: -");
}

float lgv_hud_graph_top(const float *ms, int n)
{
	static const float steps[] = {FRAME_60HZ, FRAME_30HZ, 50, 100, 200};
	float most = 0;
	for (int i = 0; ms && i < n; ++i)
		if (ms[i] > most) /* false for NaN */
			most = ms[i];
	size_t i = 0;
	while (i + 1 < G_N_ELEMENTS(steps) && most > steps[i])
		++i;
	return steps[i];
}

/* A value beside the graph, centred on its row, unless it would overlap
 * the label above it (*last_y: that label's row). */
static void graph_label(struct ovl_canvas *c, float value, float top, uint32_t rgba, int *last_y)
{
	int row = ovl_graph_row(LGV_HUD_GRAPH_Y, LGV_HUD_GRAPH_H, value, top);
	if (row - *last_y < 16)
		return;
	char text[16];
	snprintf(text, sizeof(text), "%.3g", value);
	ovl_text(c, LGV_HUD_GRAPH_X + LGV_HUD_GRAPH_W + 4, row - 8, text, rgba, 1);
	*last_y = row;
}

/* detected -> on screen of the last frames, scaled to the slowest of them,
 * with a line at one 60 Hz and one 30 Hz frame where they fit. */
static void draw_graph(struct ovl_canvas *c, const struct lgv_stats *s)
{
	static const struct ovl_graph_mark bands[] = {
		{FRAME_60HZ, LGV_HUD_BAR_60HZ},
		{FRAME_30HZ, LGV_HUD_BAR_30HZ},
	};
	static const struct ovl_graph_mark guides[] = {
		{FRAME_30HZ, OVL_RGBA(255, 230, 160, 230)},
		{FRAME_60HZ, OVL_RGBA(190, 255, 210, 230)},
	};
	const float top = lgv_hud_graph_top(s->history, s->history_len);
	const struct ovl_graph_style st = {
		.max_value = top,
		.bands = bands,
		.n_bands = G_N_ELEMENTS(bands),
		.over_rgba = LGV_HUD_BAR_LATE,
		.guides = guides,
		.n_guides = G_N_ELEMENTS(guides),
		.base_rgba = TEXT_RGBA,
	};
	ovl_graph_draw(c, LGV_HUD_GRAPH_X, LGV_HUD_GRAPH_Y, LGV_HUD_GRAPH_W, LGV_HUD_GRAPH_H,
		       s->history, s->history_len, &st);

	char caption[96];
	int len = snprintf(caption, sizeof(caption), "last %d frames, ms", LGV_STATS_HISTORY);
	const char *sep = "; lines at ";
	int last_y = INT_MIN / 2;
	graph_label(c, top, top, TEXT_RGBA, &last_y);
	for (size_t i = 0; i < G_N_ELEMENTS(guides); ++i) {
		if (guides[i].value > top)
			continue;
		graph_label(c, guides[i].value, top, guides[i].rgba, &last_y);
		len += snprintf(caption + len, sizeof(caption) - (size_t)len, "%s1/%.0f s", sep,
				1000 / guides[i].value);
		sep = ", ";
	}
	ovl_text(c, 8, LGV_HUD_GRAPH_Y - 26, caption, TEXT_RGBA, 1);
}

void lgv_hud_stats(struct lgv_hud *h, const struct lgv_stats *s, const char *uploader,
		   const char *audio, struct lgv_image *out)
{
	struct ovl_canvas *c = &h->stats_canvas;
	char text[512];
	ovl_clear(c, DIM_RGBA);
	lgv_hud_stats_text(s, uploader, audio, text, sizeof(text));
	ovl_text(c, 8, 6, text, TEXT_RGBA, 1);
	draw_graph(c, s);
	image_of(c, 0, 0, out);
}

void lgv_hud_status(struct lgv_hud *h, const char *text, int win_w, int win_h,
		    struct lgv_image *out)
{
	out->px = NULL;
	if (!text || !*text)
		return;
	int scale = win_w >= 1200 ? 2 : 1;
	/* Wrap at spaces to the window width. */
	int cols = (win_w - 32) / (8 * scale);
	if (cols < 20)
		cols = 20;
	GString *wrapped = g_string_new(NULL);
	int col = 0;
	for (const char *p = text; *p;) {
		const char *sp = strchr(p, ' ');
		int len = sp ? (int)(sp - p) : (int)strlen(p);
		if (col && col + 1 + len > cols) {
			g_string_append_c(wrapped, '\n');
			col = 0;
		} else if (col) {
			g_string_append_c(wrapped, ' ');
			col++;
		}
		g_string_append_len(wrapped, p, len);
		col += len;
		p += len;
		while (*p == ' ')
			p++;
	}
	int tw, th;
	ovl_text_size(wrapped->str, scale, &tw, &th);
	int w = tw + 32, hgt = th + 32;
	if (strcmp(h->status_drawn, wrapped->str) || (int)h->status_canvas.width != w ||
	    (int)h->status_canvas.height != hgt) {
		ovl_canvas_finish(&h->status_canvas);
		if (ovl_canvas_init(&h->status_canvas, (uint32_t)w, (uint32_t)hgt) < 0) {
			g_string_free(wrapped, TRUE);
			return;
		}
		ovl_clear(&h->status_canvas, OVL_RGBA(24, 24, 32, 230));
		ovl_text(&h->status_canvas, 16, 16, wrapped->str, TEXT_RGBA, scale);
		g_strlcpy(h->status_drawn, wrapped->str, sizeof(h->status_drawn));
	}
	g_string_free(wrapped, TRUE);
	image_of(&h->status_canvas, (win_w - w) / 2, (win_h - hgt) / 2, out);
}
