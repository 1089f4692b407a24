// SPDX-License-Identifier: GPL-2.0-or-later
/* The viewer's pure parts: scaling geometry, rotation, the dma-buf import
 * description, cursor shape splitting, the escape key, the choice of display
 * and workspace. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <drm_fourcc.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "dmabuf_attrs.h"
#include "geometry.h"
#include "render_cursor.h"
#include "window.h"
#include "x11_workspace.h"

static void test_geometry(void **state)
{
	(void)state;
	struct lgv_options o = {.keep_aspect = true};
	struct lgv_fit f = lgv_geometry_fit(1920, 1200, 1920, 1080, &o);
	assert_int_equal(f.dst.x, 0);
	assert_int_equal(f.dst.y, 60); /* letterbox bars */
	assert_int_equal(f.dst.w, 1920);
	assert_int_equal(f.dst.h, 1080);
	assert_true(f.nearest); /* 1:1 */
	f = lgv_geometry_fit(1000, 1000, 1920, 1080, &o);
	assert_false(f.nearest);
	assert_int_equal(f.dst.w, 1000);
	o.int_upscale = true;
	f = lgv_geometry_fit(3000, 2000, 1280, 720, &o);
	assert_int_equal(f.dst.w, 2560); /* 2x, not 2.34x */
	assert_true(f.nearest);
	o.int_upscale = false;
	o.dont_upscale = true;
	f = lgv_geometry_fit(3000, 2000, 1280, 720, &o);
	assert_int_equal(f.dst.w, 1280);
	assert_int_equal(f.dst.x, 860);
	o = (struct lgv_options){.keep_aspect = false};
	f = lgv_geometry_fit(800, 800, 400, 200, &o);
	assert_int_equal(f.dst.w, 800);
	assert_int_equal(f.dst.h, 800);
	o.filter = LGV_FILTER_LINEAR;
	f = lgv_geometry_fit(800, 400, 400, 200, &o);
	assert_false(f.nearest);
	int dw, dh;
	lgv_rotated_size(1920, 1080, 1, &dw, &dh);
	assert_int_equal(dw, 1080);
	assert_int_equal(dh, 1920);
	double sx, sy;
	lgv_unrotate_point(0.5, 0.5, 100, 50, 1, &sx, &sy); /* top-left shows bottom-left */
	assert_true(sx < 1 && sy > 49);
	lgv_unrotate_point(0.5, 0.5, 100, 50, 2, &sx, &sy);
	assert_true(sx > 99 && sy > 49);
	lgv_unrotate_point(0.5, 0.5, 100, 50, 3, &sx, &sy);
	assert_true(sx > 99 && sy < 1);
}

static void test_dmabuf_description(void **state)
{
	(void)state;
	printf("note: the EGL dma-buf import itself is skipped here: this machine has no DRM "
	       "device, so Mesa offers no EGL_EXT_image_dma_buf_import; only the description "
	       "is tested\n");
	struct lgp_frame_view v = {.hdr = {.type = KVMFR20_FRAME_BGRA, .data_width = 1920,
					   .data_height = 1080, .pitch = 7680},
				   .row_bytes = 7680, .data_bytes = 7680 * 1080,
				   .data_offset = 3153920 + 4096};
	struct lgv_dmabuf_desc d;
	assert_true(lgv_dmabuf_desc_for(&v, &d));
	assert_int_equal(d.fourcc, DRM_FORMAT_ARGB8888);
	assert_int_equal(d.width, 1920);
	assert_int_equal(d.pitch, 7680);
	uint64_t off, size;
	lgv_dmabuf_range(&v, 4096, &off, &size);
	assert_int_equal(off, 3158016);
	assert_int_equal(size % 4096, 0);
	assert_true(size >= 7680u * 1080u);

	const struct {
		uint32_t type, fourcc;
	} map[] = {{KVMFR20_FRAME_RGBA, DRM_FORMAT_ABGR8888},
		   {KVMFR20_FRAME_RGBA10, DRM_FORMAT_ABGR2101010},
		   {KVMFR20_FRAME_RGBA16F, DRM_FORMAT_ABGR16161616F},
		   {KVMFR20_FRAME_BGR_32, DRM_FORMAT_ABGR8888}};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); ++i) {
		v.hdr.type = map[i].type;
		v.hdr.pitch = map[i].type == KVMFR20_FRAME_RGBA16F ? 15360 : 7680;
		v.row_bytes = v.hdr.pitch;
		assert_true(lgv_dmabuf_desc_for(&v, &d));
		assert_int_equal(d.fourcc, map[i].fourcc);
	}
	/* RGB_24 with a pitch of 3 * 1366 bytes is not whole texels. */
	v.hdr.type = KVMFR20_FRAME_RGB_24;
	v.hdr.pitch = 4098;
	v.row_bytes = 4098;
	assert_false(lgv_dmabuf_desc_for(&v, &d));

	v.hdr.type = KVMFR20_FRAME_BGRA;
	v.hdr.pitch = 7680;
	v.row_bytes = 7680;
	lgv_dmabuf_desc_for(&v, &d);
	EGLAttrib a[32];
	size_t n = lgv_dmabuf_attribs(&d, 42, true, a, 32);
	assert_int_equal(n, 17);
	assert_int_equal(a[n - 1], EGL_NONE);
	bool fd_seen = false, mod_seen = false;
	for (size_t i = 0; i + 1 < n; i += 2) {
		if (a[i] == EGL_DMA_BUF_PLANE0_FD_EXT)
			fd_seen = a[i + 1] == 42;
		if (a[i] == EGL_DMA_BUF_PLANE0_MODIFIER_LO_EXT)
			mod_seen = a[i + 1] == (EGLAttrib)(DRM_FORMAT_MOD_LINEAR & 0xffffffffu);
	}
	assert_true(fd_seen && mod_seen);
	assert_int_equal(lgv_dmabuf_attribs(&d, 42, false, a, 32), 13);
	assert_int_equal(lgv_dmabuf_attribs(&d, 42, true, a, 10), 0);
}

static void test_cursor_split(void **state)
{
	(void)state;
	/* 8x2 monochrome: AND row then XOR row per line: the four cases. */
	uint8_t mono[4] = {0xF0, 0xCC, /* AND: 1111 0000, 1100 1100 */
			   0x0F, 0xAA}; /* XOR: 0000 1111, 1010 1010 */
	struct lgp_cursor c = {.type = KVMFR20_CURSOR_MONOCHROME, .width = 8, .height = 2,
			       .pitch = 1};
	uint8_t op[8 * 2 * 4], xo[8 * 2 * 4];
	assert_true(lgv_cursor_split(&c, mono, op, xo));
	/* x=0,y=0: AND 1, XOR 0: transparent */
	assert_int_equal(op[3], 0);
	assert_int_equal(xo[3], 0);
	/* x=4,y=0: AND 0, XOR 1: black then inverted = white */
	assert_int_equal(op[4 * 4 + 3], 255);
	assert_int_equal(xo[4 * 4 + 3], 255);
	/* x=0,y=1: AND 1, XOR 1: invert */
	assert_int_equal(op[8 * 4 + 3], 0);
	assert_int_equal(xo[8 * 4 + 3], 255);
	/* x=2,y=1: AND 0, XOR 1 -> white; x=3: AND 0, XOR 0 -> black */
	assert_int_equal(xo[(8 + 2) * 4 + 3], 255);
	assert_int_equal(op[(8 + 3) * 4 + 3], 255);
	assert_int_equal(xo[(8 + 3) * 4 + 3], 0);

	uint8_t masked[2 * 4] = {10, 20, 30, 0, 40, 50, 60, 0xFF}; /* B,G,R,A */
	c = (struct lgp_cursor){.type = KVMFR20_CURSOR_MASKED_COLOR, .width = 2, .height = 1,
				.pitch = 8};
	assert_true(lgv_cursor_split(&c, masked, op, xo));
	assert_memory_equal(op, ((uint8_t[]){30, 20, 10, 255}), 4);
	assert_int_equal(op[7], 0);
	assert_memory_equal(xo + 4, ((uint8_t[]){60, 50, 40, 255}), 4);

	uint8_t color[4] = {1, 2, 3, 128};
	c = (struct lgp_cursor){.type = KVMFR20_CURSOR_COLOR, .width = 1, .height = 1, .pitch = 4};
	assert_false(lgv_cursor_split(&c, color, op, xo));
	assert_memory_equal(op, ((uint8_t[]){3, 2, 1, 128}), 4);
}

/* Window points to guest pixels, through each scaling mode and rotation. */
static void test_window_to_guest(void **state)
{
	(void)state;
	struct lgv_options o = {.keep_aspect = true};
	int gx, gy;
	/* 200x100 letterboxed into 400x400: the picture at y 100..300, x2. */
	struct lgv_fit fit = lgv_geometry_fit(400, 400, 200, 100, &o);
	assert_true(lgv_window_to_guest(&fit, 200, 100, 0, 10, 110, &gx, &gy));
	assert_int_equal(gx * 1000 + gy, 5005);
	assert_true(lgv_window_to_guest(&fit, 200, 100, 0, 399, 299, &gx, &gy));
	assert_int_equal(gx * 1000 + gy, 199099);
	assert_false(lgv_window_to_guest(&fit, 200, 100, 0, 10, 50, &gx, &gy)); /* the bar */
	assert_int_equal(gx * 1000 + gy, 5000); /* clamped to the picture */
	/* Rotated 90 degrees clockwise: shown 100x200, at x 100..300. The
	 * top-left on screen is the frame's bottom-left. */
	fit = lgv_geometry_fit(400, 400, 100, 200, &o);
	assert_true(lgv_window_to_guest(&fit, 200, 100, 1, 110, 10, &gx, &gy));
	assert_int_equal(gx * 1000 + gy, 5094);
	/* 180: the far corner. */
	fit = lgv_geometry_fit(400, 400, 200, 100, &o);
	assert_true(lgv_window_to_guest(&fit, 200, 100, 2, 10, 110, &gx, &gy));
	assert_int_equal(gx * 1000 + gy, 194094);
	/* 270: the top-left on screen is the frame's top-right. */
	fit = lgv_geometry_fit(400, 400, 100, 200, &o);
	assert_true(lgv_window_to_guest(&fit, 200, 100, 3, 110, 10, &gx, &gy));
	assert_int_equal(gx * 1000 + gy, 194005);
	/* Stretched: x2 across, x4 down. */
	o.keep_aspect = false;
	fit = lgv_geometry_fit(400, 400, 200, 100, &o);
	assert_true(lgv_window_to_guest(&fit, 200, 100, 0, 10, 10, &gx, &gy));
	assert_int_equal(gx * 1000 + gy, 5002);
	/* Never upscaled: 1:1 in the middle. */
	o = (struct lgv_options){.keep_aspect = true, .dont_upscale = true};
	fit = lgv_geometry_fit(400, 400, 200, 100, &o);
	assert_true(lgv_window_to_guest(&fit, 200, 100, 0, 100, 150, &gx, &gy));
	assert_int_equal(gx * 1000 + gy, 0);
	assert_false(lgv_window_to_guest(&fit, 200, 100, 0, 99, 150, &gx, &gy));
	/* Whole factors only: 300x100 into 700x700 is x2, centred. */
	o = (struct lgv_options){.keep_aspect = true, .int_upscale = true};
	fit = lgv_geometry_fit(700, 700, 300, 100, &o);
	assert_int_equal(fit.dst.w, 600);
	assert_true(lgv_window_to_guest(&fit, 300, 100, 0, fit.dst.x + 599, fit.dst.y + 199,
					&gx, &gy));
	assert_int_equal(gx * 1000 + gy, 299099);
	/* No picture yet. */
	struct lgv_fit none = {0};
	assert_false(lgv_window_to_guest(&none, 200, 100, 0, 1, 1, &gx, &gy));
}

/* Guest pixels to window points: the inverse, for every pixel of a frame,
 * in each rotation and scaling mode (putting the local pointer where the
 * guest's is). */
static void test_guest_to_window(void **state)
{
	(void)state;
	const struct lgv_options modes[] = {
		{.keep_aspect = true},
		{.keep_aspect = false},
		{.keep_aspect = true, .dont_upscale = true},
		{.keep_aspect = true, .int_upscale = true},
	};
	for (size_t m = 0; m < G_N_ELEMENTS(modes); ++m) {
		for (int rot = 0; rot < 4; ++rot) {
			int dw, dh;
			lgv_rotated_size(60, 20, rot, &dw, &dh);
			struct lgv_fit fit = lgv_geometry_fit(413, 377, dw, dh, &modes[m]);
			for (int gy = 0; gy < 20; ++gy) {
				for (int gx = 0; gx < 60; ++gx) {
					double wx, wy;
					int bx, by;
					assert_true(lgv_guest_to_window(&fit, 60, 20, rot, gx, gy,
									&wx, &wy));
					assert_true(lgv_window_to_guest(&fit, 60, 20, rot, wx, wy,
									&bx, &by));
					assert_int_equal(bx * 1000 + by, gx * 1000 + gy);
				}
			}
		}
	}
	/* 200x100 letterboxed into 400x400 (x2 at y 100): pixel 5,5's centre. */
	struct lgv_options o = {.keep_aspect = true};
	struct lgv_fit fit = lgv_geometry_fit(400, 400, 200, 100, &o);
	double wx, wy;
	assert_true(lgv_guest_to_window(&fit, 200, 100, 0, 5, 5, &wx, &wy));
	assert_true(wx == 10.5 && wy == 110.5);
	struct lgv_fit none = {0};
	assert_false(lgv_guest_to_window(&none, 200, 100, 0, 1, 1, &wx, &wy));
}

static void test_screensaver(void **state)
{
	(void)state;
	struct lgv_options o = {0};
	const uint32_t ask = KVMFR20_FRAME_FLAG_BLOCK_SCREENSAVER;
	assert_false(lgv_screensaver_inhibited(&o, true, ask));
	o.auto_screensaver = true;
	assert_true(lgv_screensaver_inhibited(&o, true, ask));
	assert_false(lgv_screensaver_inhibited(&o, true, 0));
	assert_false(lgv_screensaver_inhibited(&o, false, ask)); /* guest gone */
	o.no_screensaver = true;
	assert_true(lgv_screensaver_inhibited(&o, false, 0));
}

static void test_display_pick(void **state)
{
	(void)state;
	static const char *const names[] = {"DP-1", "HDMI-A-1", NULL};
	static const struct {
		const char *spec;
		int want;
	} rows[] = {
		{"0", 0}, {"1", 1}, {"2", 2}, {"3", -1}, {"-1", -1}, {"", -1}, {NULL, -1},
		{"DP-1", 0}, {"hdmi-a-1", 1}, {"HDMI", -1}, {"1x", -1}, {"DP-2", -1},
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); ++i)
		if (lgv_display_pick(rows[i].spec, names, 3) != rows[i].want)
			fail_msg("'%s': want %d", rows[i].spec ? rows[i].spec : "(null)",
				 rows[i].want);
	assert_int_equal(lgv_display_pick("0", names, 0), -1);
}

/* A win:display that matches nothing is told what there is. */
static void test_display_miss_text(void **state)
{
	(void)state;
	static const char *const two[] = {"DP-1", "HDMI-A-1"};
	static const char *const unnamed[] = {"eDP-1", NULL};
	static const struct {
		const char *const *names;
		int n;
		const char *says[3];
	} rows[] = {
		{two, 2, {"win:display 'TV' matches no display", "there are 2",
			  "0 'DP-1', 1 'HDMI-A-1'; using display 0"}},
		{unnamed, 2, {"0 'eDP-1', 1 (no name)"}},
		{two, 1, {"there is 1 (give an index or a name): 0 'DP-1';"}},
		{NULL, 0, {"matches no display, and SDL reports none"}},
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); ++i) {
		char *text = lgv_display_miss_text("TV", rows[i].names, rows[i].n);
		for (size_t k = 0; k < 3 && rows[i].says[k]; ++k)
			if (!strstr(text, rows[i].says[k]))
				fail_msg("row %zu: '%s' lacks '%s'", i, text, rows[i].says[k]);
		g_free(text);
	}
}

/* win:workspace goes to the window manager only when it can act on it; else
 * one warning says why. */
static void test_workspace_refusal(void **state)
{
	(void)state;
	static const struct {
		struct lgv_wm_support s;
		int desktop;
		const char *says; /* NULL: the request is sent */
	} rows[] = {
		{{"wayland", false, false, false, -1, NULL}, 1, "Wayland lets no client pick"},
		{{"offscreen", false, false, false, -1, NULL}, 1,
		 "SDL's video driver is 'offscreen'"},
		{{NULL, false, false, false, -1, NULL}, 1, "video driver is 'unknown'"},
		{{"x11", false, false, false, -1, NULL}, 1, "without X11 support"},
		{{"x11", true, false, true, 4, NULL}, 1, "no _NET_SUPPORTING_WM_CHECK"},
		{{"x11", true, true, false, 4, "i3"}, 1,
		 "window manager (i3) does not support _NET_WM_DESKTOP"},
		{{"x11", true, true, false, 4, NULL}, 1,
		 "window manager does not support _NET_WM_DESKTOP"},
		{{"x11", true, true, true, -1, "xfwm4"}, 1, "no _NET_NUMBER_OF_DESKTOPS"},
		{{"x11", true, true, true, 4, "xfwm4"}, 4, "(xfwm4) has 4 workspaces"},
		{{"x11", true, true, true, 1, NULL}, 2, "has 1 workspace, numbered"},
		{{"x11", true, true, true, 4, "xfwm4"}, 3, NULL},
		{{"x11", true, true, true, 1, NULL}, 0, NULL},
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); ++i) {
		char *why = lgv_workspace_refusal(&rows[i].s, rows[i].desktop);
		char head[64];
		snprintf(head, sizeof(head), "win:workspace=%d ignored: ", rows[i].desktop);
		if (!rows[i].says && why)
			fail_msg("row %zu: refused: %s", i, why);
		if (rows[i].says && (!why || !strstr(why, rows[i].says) ||
				     strncmp(why, head, strlen(head))))
			fail_msg("row %zu: '%s' lacks '%s'", i, why ? why : "(sent)",
				 rows[i].says);
		g_free(why);
	}
}

/* win:glInterface: GLX unless the dma-buf import may be used or EGL is asked for. */
static void test_gl_interface(void **state)
{
	(void)state;
	struct lgv_options o = {.gl_interface = "auto", .uploader = "auto", .allow_dma = true};
	assert_false(lgv_window_wants_egl(&o, false)); /* /dev/shm: no dma-buf */
	assert_true(lgv_window_wants_egl(&o, true));   /* /dev/kvmfr0 */
	o.uploader = "dmabuf";
	assert_true(lgv_window_wants_egl(&o, true));
	o.uploader = "copy";
	assert_false(lgv_window_wants_egl(&o, true));
	o.uploader = "auto";
	o.allow_dma = false;
	assert_false(lgv_window_wants_egl(&o, true));
	o.gl_interface = "egl";
	assert_true(lgv_window_wants_egl(&o, false));
	o.gl_interface = "glx";
	o.allow_dma = true;
	assert_false(lgv_window_wants_egl(&o, true));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gl_interface),
		cmocka_unit_test(test_geometry),
		cmocka_unit_test(test_dmabuf_description),
		cmocka_unit_test(test_cursor_split),
		cmocka_unit_test(test_window_to_guest),
		cmocka_unit_test(test_guest_to_window),
		cmocka_unit_test(test_screensaver),
		cmocka_unit_test(test_display_pick),
		cmocka_unit_test(test_display_miss_text),
		cmocka_unit_test(test_workspace_refusal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
