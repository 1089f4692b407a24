// SPDX-License-Identifier: GPL-2.0-or-later
/* The statistics overlay: the graph's scale, what a slow (software GL)
 * series draws, bar colours, the detection figures and the panel's text. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "hud.h"
#include "stats.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static void test_graph_top(void **state)
{
	static const struct {
		float s[4];
		int n;
		float top;
	} cases[] = {
		{{0}, 0, 1000.0f / 60},
		{{10, 16.6f}, 2, 1000.0f / 60},
		{{16.7f}, 1, 1000.0f / 30}, /* just over one 60 Hz frame */
		{{20, 33.3f, 5}, 3, 1000.0f / 30},
		{{40}, 1, 50},
		{{41.7f, 80, 79, 82}, 4, 100}, /* 24 fps on llvmpipe */
		{{100}, 1, 100},
		{{150}, 1, 200},
		{{1e9f}, 1, 200},		 /* clipped, not a huge scale */
		{{NAN, -5, 0}, 3, 1000.0f / 60}, /* nothing to show */
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); ++i) {
		float top = lgv_hud_graph_top(cases[i].s, cases[i].n);
		if (fabsf(top - cases[i].top) > 1e-3f)
			fail_msg("case %zu: top %.3f, want %.3f", i, top, cases[i].top);
	}
	assert_float_equal(lgv_hud_graph_top(NULL, 5), 1000.0f / 60, 1e-3f);
}

static uint32_t px(const struct lgv_image *img, int x, int y)
{
	return img->px[(size_t)y * img->stride + (size_t)x];
}

/* Pixels of exactly this colour in rows y0..y1 (exclusive) of the graph. */
static size_t count_in_graph(const struct lgv_image *img, uint32_t rgba, int y0, int y1)
{
	size_t n = 0;
	for (int y = y0; y < y1; ++y)
		for (int x = LGV_HUD_GRAPH_X; x < LGV_HUD_GRAPH_X + LGV_HUD_GRAPH_W; ++x)
			n += px(img, x, y) == rgba;
	return n;
}

/* The panel of a history that repeats ms[0..n), drawn into h. */
static void draw_series(struct lgv_hud *h, const float *ms, int n, struct lgv_image *img)
{
	struct lgv_stats s;
	lgv_stats_init(&s, NULL);
	for (int i = 0; i < LGV_STATS_HISTORY; ++i)
		s.history[i] = ms[i % n];
	s.history_len = LGV_STATS_HISTORY;
	lgv_hud_stats(h, &s, "copy", NULL, img);
	lgv_stats_finish(&s);
}

/* 24 fps with about 80 ms from detection to screen used to clip every bar
 * to a full red box; scaled to 100 ms it fills about 80% of it, with room
 * above and both guide lines across. */
static void test_graph_software_gl(void **state)
{
	const float ms[] = {78.5f, 81.2f, 79.9f, 84.0f, 80.3f, 77.6f};
	struct lgv_hud h;
	lgv_hud_init(&h);
	struct lgv_image img;
	draw_series(&h, ms, (int)ARRAY_LEN(ms), &img);
	assert_non_null(img.px);
	assert_int_equal(img.width, LGV_HUD_STATS_W);
	assert_int_equal(img.height, LGV_HUD_STATS_H);

	const int top = LGV_HUD_GRAPH_Y, base = LGV_HUD_GRAPH_Y + LGV_HUD_GRAPH_H - 1;
	const size_t box = (size_t)LGV_HUD_GRAPH_W * (LGV_HUD_GRAPH_H - 1);
	size_t late = count_in_graph(&img, LGV_HUD_BAR_LATE, top, base);
	if (late > box * 9 / 10 || late < box * 7 / 10)
		fail_msg("%zu of %zu graph pixels are late bars: want 70-90%%", late, box);
	/* The tallest bar (84 of 100 ms) leaves the top rows empty. */
	int headroom = (LGV_HUD_GRAPH_H - 1) * 15 / 100;
	assert_int_equal(count_in_graph(&img, LGV_HUD_BAR_LATE, top, top + headroom), 0);
	/* No bar is coloured as if it were within a 60 or 30 Hz frame. */
	assert_int_equal(count_in_graph(&img, LGV_HUD_BAR_60HZ, top, base), 0);
	assert_int_equal(count_in_graph(&img, LGV_HUD_BAR_30HZ, top, base), 0);
	/* Guide lines at 1/60 s and 1/30 s: whole rows that are not bar red. */
	const float guides[] = {1000.0f / 60, 1000.0f / 30};
	for (size_t i = 0; i < ARRAY_LEN(guides); ++i) {
		int row = ovl_graph_row(LGV_HUD_GRAPH_Y, LGV_HUD_GRAPH_H, guides[i], 100);
		assert_true(row > top && row < base);
		assert_int_equal(count_in_graph(&img, LGV_HUD_BAR_LATE, row, row + 1), 0);
	}
	/* The scale is labelled to the right of the graph's top row. */
	size_t label = 0;
	for (int y = top - 8; y < top + 8; ++y)
		for (int x = LGV_HUD_GRAPH_X + LGV_HUD_GRAPH_W; x < LGV_HUD_STATS_W; ++x)
			label += px(&img, x, y) == OVL_RGBA(255, 255, 255, 255);
	assert_true(label > 20);
	lgv_hud_finish(&h);
}

/* Bars take the colour of the frame they fit in; a fast series gets the
 * finest scale. */
static void test_graph_colours(void **state)
{
	const float ms[] = {10, 25, 45};
	struct lgv_hud h;
	lgv_hud_init(&h);
	struct lgv_image img;
	draw_series(&h, ms, (int)ARRAY_LEN(ms), &img);
	const int top = LGV_HUD_GRAPH_Y, base = LGV_HUD_GRAPH_Y + LGV_HUD_GRAPH_H - 1;
	size_t ok = count_in_graph(&img, LGV_HUD_BAR_60HZ, top, base);
	size_t slow = count_in_graph(&img, LGV_HUD_BAR_30HZ, top, base);
	size_t late = count_in_graph(&img, LGV_HUD_BAR_LATE, top, base);
	assert_true(ok > 0 && slow > ok && late > slow);

	const float fast[] = {3, 5, 8};
	draw_series(&h, fast, (int)ARRAY_LEN(fast), &img);
	/* 8 of 16.7 ms: about half the height, all green. */
	size_t green = count_in_graph(&img, LGV_HUD_BAR_60HZ, top, base);
	assert_true(green > (size_t)LGV_HUD_GRAPH_W * (LGV_HUD_GRAPH_H - 1) / 5);
	assert_int_equal(count_in_graph(&img, LGV_HUD_BAR_LATE, top, base), 0);
	lgv_hud_finish(&h);
}

static struct lgv_frame_times frame_at(uint64_t detected, double copy_ms)
{
	uint64_t copied = detected + (uint64_t)(copy_ms * 1e6);
	return (struct lgv_frame_times){.serial = 1,
					.detected = detected,
					.copied = copied,
					.uploaded = copied + 500000,
					.presented = copied + 4000000};
}

/* End the one-second window and check its detection figures. */
static void end_window(struct lgv_stats *s, double detect, double queued, double wait, bool bounded)
{
	assert_true(lgv_stats_tick(s, s->window_start + 1000000000u));
	assert_float_equal(s->detect_ms, detect, 1e-9);
	assert_float_equal(s->queued_pct, queued, 1e-9);
	assert_float_equal(s->wait_ms, wait, 1e-9);
	assert_int_equal(s->wait_bounded, bounded);
}

static void test_stats_detection(void **state)
{
	struct lgv_stats s;
	lgv_stats_init(&s, NULL);
	assert_true(isnan(s.detect_ms) && isnan(s.wait_ms));
	const uint64_t t0 = s.window_start + 1000;

	/* Found 250 us after an empty poll, whole 1 ms later. */
	struct lgv_frame_times t = frame_at(t0, 2.0);
	struct lgv_frame_detect d = {.empty_poll = t0 - 250000, .complete = t0 + 1000000};
	lgv_stats_frame_ext(&s, &t, &d);
	/* Already queued (no empty poll since the last frame), whole not seen
	 * before the copy ended 3 ms later: the wait is at most 3 ms. */
	t = frame_at(t0 + 16000000, 3.0);
	d = (struct lgv_frame_detect){0};
	lgv_stats_frame_ext(&s, &t, &d);
	end_window(&s, 0.25, 50, 2.0, true);
	assert_float_equal(s.copy_ms, 2.5, 1e-9);

	/* Whole at detection: no wait, and an exact one. */
	uint64_t t1 = s.window_start + 1000;
	t = frame_at(t1, 0.4);
	d = (struct lgv_frame_detect){.empty_poll = t1 - 1000000, .complete = t1};
	lgv_stats_frame_ext(&s, &t, &d);
	end_window(&s, 1.0, 0, 0.0, false);

	/* A second without frames keeps the last figures; frames with no
	 * detection seen make them unknown. */
	end_window(&s, 1.0, 0, 0.0, false);
	t = frame_at(s.window_start + 1000, 0.4);
	lgv_stats_frame_ext(&s, &t, NULL);
	assert_true(lgv_stats_tick(&s, s.window_start + 1000000000u));
	assert_true(isnan(s.detect_ms) && isnan(s.wait_ms) && isnan(s.queued_pct));
	assert_int_equal(s.history_len, 4);
	lgv_stats_finish(&s);
}

/* Line `line` (0-based) of text, into out. */
static void line_of(const char *text, int line, char *out, size_t len)
{
	for (; line > 0 && text; --line) {
		text = strchr(text, '\n');
		text = text ? text + 1 : NULL;
	}
	assert_non_null(text);
	size_t n = strcspn(text, "\n");
	assert_true(n < len);
	memcpy(out, text, n);
	out[n] = '\0';
}

static void test_stats_text(void **state)
{
	struct lgv_stats s;
	lgv_stats_init(&s, NULL);
	s.fps = 24.04;
	s.ups = 59.9;
	s.detect_ms = 0.0512;
	s.wait_ms = 3.456;
	s.wait_bounded = true;
	s.copy_ms = 3.5;
	s.upload_ms = 0.8;
	s.present_ms = 75.25;
	s.total_ms = 79.55;
	char text[512], line[128];
	lgv_hud_stats_text(&s, "copy", "audio  21.3 ms (target 17.3) +3000 ppm xrun 0/0", text,
			   sizeof(text));
	static const char *const want[] = {
		"FPS   24.0   UPS   59.9",
		"publish->detect     <=    0.05 ms (empty poll)",
		"detect->written     <=    3.46 ms (all written)",
		"detect->copied            3.50 ms",
		"copied->uploaded          0.80 ms (copy)",
		"uploaded->presented      75.25 ms",
		"detect->presented        79.55 ms (on screen)",
		"audio  21.3 ms (target 17.3) +3000 ppm xrun 0/0",
	};
	for (size_t i = 0; i < ARRAY_LEN(want); ++i) {
		line_of(text, (int)i, line, sizeof(line));
		assert_string_equal(line, want[i]);
	}
	assert_null(strstr(text, "n/a"));
	/* It fits beside the panel's margins. */
	int w, h;
	ovl_text_size(text, 1, &w, &h);
	assert_true(w <= LGV_HUD_STATS_W - 16);
	assert_true(6 + h <= LGV_HUD_GRAPH_Y - 26);

	/* Not measured: a dash, not a number; an exact wait has no "<=". */
	s.detect_ms = NAN;
	s.wait_ms = 0;
	s.wait_bounded = false;
	lgv_hud_stats_text(&s, "", NULL, text, sizeof(text));
	line_of(text, 1, line, sizeof(line));
	assert_string_equal(line, "publish->detect              - ms (empty poll)");
	line_of(text, 2, line, sizeof(line));
	assert_string_equal(line, "detect->written           0.00 ms (all written)");
	line_of(text, 4, line, sizeof(line));
	assert_string_equal(line, "copied->uploaded          0.80 ms (-)");

	/* Frames found queued have no bound: how many were. */
	s.queued_pct = 100;
	lgv_hud_stats_text(&s, "", NULL, text, sizeof(text));
	line_of(text, 1, line, sizeof(line));
	assert_string_equal(line, "publish->detect              - ms (100% queued)");
	s.detect_ms = 0.05;
	s.queued_pct = 40.4;
	lgv_hud_stats_text(&s, "", NULL, text, sizeof(text));
	line_of(text, 1, line, sizeof(line));
	assert_string_equal(line, "publish->detect     <=    0.05 ms (40% queued)");
	lgv_stats_finish(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_graph_top),     cmocka_unit_test(test_graph_software_gl),
		cmocka_unit_test(test_graph_colours), cmocka_unit_test(test_stats_detection),
		cmocka_unit_test(test_stats_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
