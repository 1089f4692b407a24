// SPDX-License-Identifier: GPL-2.0-or-later
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "hud.h"

#define STATS_W 400
#define STATS_H 164
#define TEXT_RGBA OVL_RGBA(255, 255, 255, 255)
#define DIM_RGBA OVL_RGBA(0, 0, 0, 190)

void lgv_hud_init(struct lgv_hud *h)
{
	memset(h, 0, sizeof(*h));
	ovl_canvas_init(&h->stats_canvas, STATS_W, STATS_H);
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

void lgv_hud_stats(struct lgv_hud *h, const struct lgv_stats *s, const char *uploader,
		   struct lgv_image *out)
{
	struct ovl_canvas *c = &h->stats_canvas;
	char text[512];
	ovl_clear(c, DIM_RGBA);
	snprintf(text, sizeof(text),
		 "FPS %6.1f   UPS %6.1f\n"
		 "copy    %6.2f ms\n"
		 "upload  %6.2f ms   (%s)\n"
		 "present %6.2f ms\n"
		 "total   %6.2f ms   detect: n/a",
		 s->fps, s->ups, s->copy_ms, s->upload_ms, uploader[0] ? uploader : "-",
		 s->present_ms, s->total_ms);
	ovl_text(c, 8, 6, text, TEXT_RGBA, 1);
	/* detected -> presented of the last frames; the guide is one 60 Hz frame */
	ovl_graph(c, 8, 94, STATS_W - 16, 62, s->history, s->history_len, 33.4f,
		  OVL_RGBA(80, 220, 120, 255), OVL_RGBA(240, 80, 60, 255), 16.7f);
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
