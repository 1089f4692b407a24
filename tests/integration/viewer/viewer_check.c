// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lgview against a real X server (Xvfb + Mesa llvmpipe): `lgbench produce`
 * (or an in-process producer) writes known frames, the screen is read back
 * from the X server (XGetImage, not the viewer's own readback) and compared
 * with the scene's expected pixels.
 *
 *   viewer_check LGVIEW LGBENCH CASE      (DISPLAY set by test_viewer.sh)
 * CASE: pixels | scaling | cursor | damage | states | hostile
 */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "geometry.h"
#include "guest-proto/clock.h"
#include "guest-proto/lgmp_host.h"
#include "guest-proto/producer.h"
#include "kvmfr/region.h"
#include "synth/scene.h"
#include "viewer_util.h"

#define FW 320
#define FH 200
#define DONT_CARE 0x80000000u

static struct vc_env env;
static int failures;

#define CHECK(cond, ...)                                    \
	do {                                                \
		if (!(cond)) {                              \
			printf("FAIL: " __VA_ARGS__);       \
			printf("\n");                       \
			failures++;                         \
		}                                           \
	} while (0)

static const char *const formats[] = {"bgra", "rgba", "rgba10", "rgba16f", "bgr32", "rgb24"};
static const uint32_t types[] = {1, 2, 3, 4, 5, 6};

static void shm_path(char *buf, size_t len, const char *tag)
{
	snprintf(buf, len, "/dev/shm/lgview-vc-%d-%s", (int)getpid(), tag);
}

/* lgbench produce of FWxFH frames, `frames` of them, then held still. */
static pid_t producer(const char *shm, const char *fmt, int frames, int rotation, int fps)
{
	char nframes[16], rot[16], rate[16];
	snprintf(nframes, sizeof(nframes), "%d", frames);
	snprintf(rot, sizeof(rot), "%d", rotation);
	snprintf(rate, sizeof(rate), "%d", fps);
	char *argv[] = {(char *)env.lgbench, "produce", "--shm", (char *)shm, "--size", "320x200",
			"--format", (char *)fmt, "--frames", nframes, "--rotation", rot,
			"--fps", rate, "--hold", "--quiet", NULL};
	return vc_spawn(&env, "producer", argv);
}

/* lgview on shm with extra options (NULL-terminated). */
static pid_t viewer(const char *shm, const char *const *extra)
{
	char *argv[40] = {(char *)env.lgview, "-f", (char *)shm, "win:position=0x0",
			  "app:framePollInterval=500"};
	int n = 5;
	for (int i = 0; extra && extra[i] && n < 38; ++i)
		argv[n++] = (char *)extra[i];
	argv[n] = NULL;
	return vc_spawn(&env, "lgview", argv);
}

/* ---- expected pictures ----------------------------------------------------- */

struct expect {
	struct scene *scene;
	uint64_t frame;
	int rot;          /* quarter turns */
	struct lgv_rect dst; /* where the picture is in the window */
	bool nearest;     /* compare against a nearest-neighbour scaling */
	struct lgv_rect skip; /* the cursor: not compared */
};

static uint32_t expect_picture(void *ctx, int x, int y)
{
	struct expect *e = ctx;
	if (x >= e->skip.x && x < e->skip.x + e->skip.w && y >= e->skip.y &&
	    y < e->skip.y + e->skip.h)
		return DONT_CARE;
	if (x < e->dst.x || y < e->dst.y || x >= e->dst.x + e->dst.w || y >= e->dst.y + e->dst.h)
		return 0; /* letterbox bars are black */
	int dw, dh;
	lgv_rotated_size(FW, FH, e->rot, &dw, &dh);
	double px = (x - e->dst.x + 0.5) * dw / e->dst.w, py = (y - e->dst.y + 0.5) * dh / e->dst.h;
	/* Pixels right at a source-pixel edge may round either way; linear
	 * filtering is only exact on source pixel centres. */
	double fx = px - floor(px), fy = py - floor(py);
	double slack = e->nearest ? 0.49 : 0.02;
	if (fabs(fx - 0.5) > slack || fabs(fy - 0.5) > slack)
		return DONT_CARE;
	double sx, sy;
	lgv_unrotate_point(px, py, FW, FH, e->rot, &sx, &sy);
	return scene_expected_rgb(e->scene, e->frame, (uint32_t)sx, (uint32_t)sy);
}

static struct lgv_rect cursor_rect(const struct scene *s, uint64_t frame, int rot)
{
	int16_t cx, cy;
	scene_cursor_pos(s, frame, &cx, &cy);
	struct lgv_rect r = {cx - 2, cy - 2, 36, 36};
	/* rotate the box into window space (1:1) */
	switch (rot) {
	case 1: return (struct lgv_rect){FH - (r.y + r.h), r.x, r.h, r.w};
	case 2: return (struct lgv_rect){FW - (r.x + r.w), FH - (r.y + r.h), r.w, r.h};
	case 3: return (struct lgv_rect){r.y, FW - (r.x + r.w), r.h, r.w};
	default: return r;
	}
}

static bool run_picture(const char *tag, const char *fmt, uint32_t type, int rot,
			const char *const *viewer_opts, int win_w, int win_h,
			const struct lgv_options *fit_opt, int frames, int fps)
{
	char shm[128];
	shm_path(shm, sizeof(shm), tag);
	unlink(shm);
	pid_t prod = producer(shm, fmt, frames, rot * 90, fps);
	/* Let the producer create the region first. */
	for (int i = 0; i < 100 && access(shm, F_OK) != 0; ++i)
		lgp_sleep_us(20000);
	pid_t view = viewer(shm, viewer_opts);
	struct vc_win w;
	bool ok = vc_find_lgview(&env, "lgview", &w);
	CHECK(ok, "%s: no lgview window", tag);
	if (ok) {
		CHECK(w.w == win_w && w.h == win_h, "%s: window is %dx%d, want %dx%d", tag, w.w, w.h,
		      win_w, win_h);
		int dw, dh;
		lgv_rotated_size(FW, FH, rot, &dw, &dh);
		struct lgv_fit fit = lgv_geometry_fit(w.w, w.h, dw, dh, fit_opt);
		struct expect e = {.scene = scene_create(FW, FH, type), .frame = (uint64_t)frames - 1,
				   .rot = rot, .dst = fit.dst, .nearest = fit.nearest};
		/* The cursor scales with the picture: not compared here. */
		e.skip = cursor_rect(e.scene, e.frame, rot);
		e.skip.x = (int)(e.skip.x * fit.scale_x) + fit.dst.x - 4;
		e.skip.y = (int)(e.skip.y * fit.scale_y) + fit.dst.y - 4;
		e.skip.w = (int)(e.skip.w * fit.scale_x) + 8;
		e.skip.h = (int)(e.skip.h * fit.scale_y) + 8;
		int tol = type == 3 || type == 4 ? 1 : 0;
		ok = vc_wait_match(&env, &w, expect_picture, &e, tol, 15000, tag);
		CHECK(ok, "%s: the screen does not show the expected frame", tag);
		scene_destroy(e.scene);
	}
	int st = vc_stop(view);
	CHECK(st == 0, "%s: lgview exited with %d", tag, st);
	vc_stop(prod);
	unlink(shm);
	if (ok)
		printf("ok: %s\n", tag);
	return ok;
}

static struct lgv_options fit_options(void)
{
	return (struct lgv_options){.keep_aspect = true, .filter = LGV_FILTER_AUTO};
}

/* Every frame type at every rotation, 1:1, pixel exact. */
static void case_pixels(void)
{
	struct lgv_options o = fit_options();
	for (int f = 0; f < 6; ++f) {
		for (int rot = 0; rot < 4; ++rot) {
			int dw, dh;
			lgv_rotated_size(FW, FH, rot, &dw, &dh);
			char size[32], tag[64];
			snprintf(size, sizeof(size), "win:size=%dx%d", dw, dh);
			snprintf(tag, sizeof(tag), "%s-rot%d", formats[f], rot * 90);
			const char *opts[] = {size, "egl:mapHDRtoSDR=no", NULL};
			run_picture(tag, formats[f], types[f], rot, opts, dw, dh, &o, 1, 60);
		}
	}
}

/* Letterbox, integer scaling, no upscale, stretch; nearest vs linear. */
static void case_scaling(void)
{
	struct {
		const char *tag;
		const char *opts[4];
		int w, h;
		struct lgv_options fit;
	} cases[] = {
		{"letterbox", {"win:size=640x480", NULL}, 640, 480, {.keep_aspect = true}},
		{"int-upscale", {"win:size=700x450", "win:intUpscale=yes", NULL}, 700, 450,
		 {.keep_aspect = true, .int_upscale = true}},
		{"dont-upscale", {"win:size=700x450", "win:dontUpscale=yes", NULL}, 700, 450,
		 {.keep_aspect = true, .dont_upscale = true}},
		{"stretch", {"win:size=640x300", "win:keepAspect=no", "egl:scale=1", NULL}, 640,
		 300, {.keep_aspect = false, .filter = LGV_FILTER_NEAREST}},
		{"nearest-2x", {"win:size=640x400", "egl:scale=1", NULL}, 640, 400,
		 {.keep_aspect = true, .filter = LGV_FILTER_NEAREST}},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i)
		run_picture(cases[i].tag, "bgra", 1, 0, cases[i].opts, cases[i].w, cases[i].h,
			    &cases[i].fit, 1, 60);

	/* Linear filtering at 2x is visibly different from nearest. */
	char shm[128];
	shm_path(shm, sizeof(shm), "linear");
	unlink(shm);
	pid_t prod = producer(shm, "bgra", 1, 0, 60);
	for (int i = 0; i < 100 && access(shm, F_OK) != 0; ++i)
		lgp_sleep_us(20000);
	const char *opts[] = {"win:size=640x400", "egl:scale=2", NULL};
	pid_t view = viewer(shm, opts);
	struct vc_win w;
	if (vc_find_lgview(&env, "lgview", &w)) {
		struct lgv_options o = {.keep_aspect = true, .filter = LGV_FILTER_NEAREST};
		struct expect e = {.scene = scene_create(FW, FH, 1), .frame = 0, .nearest = true,
				   .dst = lgv_geometry_fit(640, 400, FW, FH, &o).dst};
		lgp_sleep_us(3000000);
		uint32_t *got = vc_grab(&env, &w);
		unsigned same = 0, total = 0;
		for (int y = 0; got && y < w.h; ++y)
			for (int x = 0; x < w.w; ++x) {
				uint32_t want = expect_picture(&e, x, y);
				total++;
				same += (got[y * w.w + x] & 0xffffff) == want;
			}
		CHECK(got && same < total * 95 / 100,
		      "linear: %u of %u pixels equal the nearest-neighbour picture", same, total);
		if (got && same < total * 95 / 100)
			printf("ok: linear filter (%u of %u pixels differ from nearest)\n",
			       total - same, total);
		free(got);
		scene_destroy(e.scene);
	}
	vc_stop(view);
	vc_stop(prod);
	unlink(shm);
}

/* ---- cursor ------------------------------------------------------------------ */

struct cursor_expect {
	struct scene *scene;
	uint64_t frame;
	uint32_t type;
	int cx, cy;
	struct lgp_cursor_shape shape;
};

static uint32_t cursor_pixel(void *ctx, int x, int y)
{
	struct cursor_expect *c = ctx;
	uint32_t bg = scene_expected_rgb(c->scene, c->frame, (uint32_t)x, (uint32_t)y);
	int u = x - c->cx, v = y - c->cy;
	if (u < 0 || v < 0 || u >= 32 || v >= 32)
		return bg;
	const uint8_t *px = c->shape.pixels;
	if (c->type == KVMFR20_CURSOR_MONOCHROME) {
		uint8_t m = (uint8_t)(0x80u >> (u % 8));
		bool and_bit = px[v * c->shape.pitch + u / 8] & m;
		bool xor_bit = px[(v + 32) * c->shape.pitch + u / 8] & m;
		uint32_t out = and_bit ? bg : 0;
		return xor_bit ? out ^ 0xffffff : out;
	}
	const uint8_t *s = px + v * c->shape.pitch + u * 4;
	uint32_t rgb = (uint32_t)s[2] << 16 | (uint32_t)s[1] << 8 | s[0];
	if (c->type == KVMFR20_CURSOR_MASKED_COLOR)
		return s[3] ? bg ^ rgb : rgb;
	uint32_t out = 0;
	for (int sh = 0; sh < 24; sh += 8) {
		double a = s[3] / 255.0;
		double val = ((rgb >> sh) & 255) * a + ((bg >> sh) & 255) * (1 - a);
		out |= (uint32_t)lround(val) << sh;
	}
	return out;
}

/* The scene switches cursor shape every 300 frames: end on 1, 301 and 601
 * frames for a colour, a monochrome and a masked-colour cursor. */
static void case_cursor(void)
{
	const char *names[] = {"color", "monochrome", "masked"};
	for (uint32_t type = 0; type < 3; ++type) {
		char shm[128], tag[64], frames[16];
		snprintf(tag, sizeof(tag), "cursor-%s", names[type]);
		shm_path(shm, sizeof(shm), tag);
		unlink(shm);
		int n = 1 + 300 * (int)type;
		snprintf(frames, sizeof(frames), "%d", n);
		pid_t prod = producer(shm, "bgra", n, 0, 0);
		for (int i = 0; i < 100 && access(shm, F_OK) != 0; ++i)
			lgp_sleep_us(20000);
		const char *opts[] = {"win:size=320x200", NULL};
		pid_t view = viewer(shm, opts);
		struct vc_win w;
		bool ok = vc_find_lgview(&env, "lgview", &w);
		if (ok) {
			struct cursor_expect c = {.scene = scene_create(FW, FH, 1),
						  .frame = (uint64_t)n - 1, .type = type};
			int16_t cx, cy;
			scene_cursor_pos(c.scene, c.frame, &cx, &cy);
			c.cx = cx;
			c.cy = cy;
			scene_cursor_shape(type, &c.shape);
			ok = vc_wait_match(&env, &w, cursor_pixel, &c, 1, 15000, tag);
			scene_destroy(c.scene);
		}
		CHECK(ok, "%s: the cursor is not drawn right", tag);
		if (ok)
			printf("ok: %s\n", tag);
		vc_stop(view);
		vc_stop(prod);
		unlink(shm);
	}
}

/* Many frames with damage rects: after 150 of them (at 60 fps) the screen
 * must equal the last frame exactly, through each copying uploader. */
static void case_damage(void)
{
	const char *uploaders[] = {"copy", "direct"};
	struct lgv_options o = fit_options();
	for (int i = 0; i < 2; ++i) {
		char up[64], tag[64];
		snprintf(up, sizeof(up), "app:uploader=%s", uploaders[i]);
		snprintf(tag, sizeof(tag), "damage-%s", uploaders[i]);
		const char *opts[] = {"win:size=320x200", up, NULL};
		run_picture(tag, "bgra", 1, 0, opts, 320, 200, &o, 150, 60);
		snprintf(tag, sizeof(tag), "damage-bgr32-%s", uploaders[i]);
		run_picture(tag, "bgr32", 5, 0, opts, 320, 200, &o, 150, 60);
	}
}

/* ---- states: waiting, running, restart, version mismatch, too small ---------- */

static uint32_t expect_status(void *ctx, int x, int y)
{
	(void)ctx;
	(void)x;
	(void)y;
	return DONT_CARE;
}

/* A status box: bright text pixels in the middle of a dark window. */
static bool shows_status(const struct vc_win *w)
{
	uint32_t *px = vc_grab(&env, w);
	unsigned bright = 0;
	for (int y = w->h / 4; px && y < w->h * 3 / 4; ++y)
		for (int x = 0; x < w->w; ++x)
			bright += (px[y * w->w + x] & 0xffffff) == 0xffffff;
	bool corner_dark = px && (px[2 * w->w + 2] & 0xffffff) == 0x0d0d12;
	free(px);
	return bright > 50 && corner_dark;
}

static bool wait_status(const struct vc_win *w, int timeout_ms)
{
	for (int t = 0; t < timeout_ms; t += 100) {
		if (shows_status(w))
			return true;
		lgp_sleep_us(100000);
	}
	return false;
}

static void write_b6_header(const char *shm)
{
	struct kvmfr_region *r;
	if (kvmfr_region_open(shm, &r) < 0)
		return;
	struct lgp_guest_info b6 = {.kvmfr_version = 19};
	strcpy(b6.hostver, "B6");
	uint8_t udata[256];
	size_t n = lgp_guest_info_build(&b6, udata, sizeof(udata));
	struct lgmp_host *host;
	if (lgmp_host_create(r->map, r->size, udata, (uint32_t)n, NULL, &host) == 0) {
		((struct lgmp6_header *)r->map)->version = 5;
		lgmp_host_destroy(host);
	}
	kvmfr_region_destroy(r);
}

struct truncated_guest {
	struct kvmfr_region *region;
	atomic_bool stop;
};

static void *truncated_main(void *arg)
{
	struct truncated_guest *g = arg;
	struct lgp_producer *p;
	if (lgp_producer_create(g->region->map, g->region->size, NULL, &p) < 0)
		return NULL;
	struct scene *s = scene_create(1920, 1080, 1);
	struct lgp_frame_desc d;
	scene_frame_desc(s, &d);
	for (uint64_t n = 0; !atomic_load(&g->stop); ++n) {
		uint32_t pitch;
		const uint8_t *px = scene_render(s, 0, NULL, NULL, &pitch);
		lgp_producer_frame_post(p, &d, px, pitch, 200);
		for (int i = 0; i < 10 && !atomic_load(&g->stop); ++i) {
			lgp_producer_process(p);
			lgp_sleep_us(10000);
		}
	}
	scene_destroy(s);
	lgp_producer_destroy(p);
	return NULL;
}

static void case_states(void)
{
	char shm[128];
	shm_path(shm, sizeof(shm), "states");
	unlink(shm);
	const char *opts[] = {"win:size=640x400", NULL};
	pid_t view = viewer(shm, opts);
	struct vc_win w;
	if (!vc_find_lgview(&env, "lgview", &w)) {
		CHECK(false, "states: no window");
		vc_stop(view);
		return;
	}
	/* 0. started before the VM: no file yet. The window says so, and
	 * lgview goes on once the file is there. */
	CHECK(wait_status(&w, 10000), "states: no status while the file is missing");
	CHECK(vc_log_has(&env, "lgview", "lgview waits for it", 5000),
	      "states: no 'waits for it' for a missing file");
	struct kvmfr_region *r;
	kvmfr_region_create_shm(shm, 16u << 20, 0600, &r);
	kvmfr_region_destroy(r);

	/* 1. nobody there yet */
	CHECK(wait_status(&w, 10000), "states: no status while waiting for the guest");
	CHECK(vc_log_has(&env, "lgview", "waiting for the guest application on", 5000),
	      "states: no 'waiting' message");

	/* 2. the guest starts: the picture appears */
	struct lgv_options o = fit_options();
	struct expect e = {.scene = scene_create(FW, FH, 1), .frame = 0, .nearest = true,
			   .dst = lgv_geometry_fit(640, 400, FW, FH, &o).dst};
	e.skip = (struct lgv_rect){0, 0, 0, 0};
	pid_t prod = producer(shm, "bgra", 1, 0, 60);
	e.skip = cursor_rect(e.scene, 0, 0);
	e.skip = (struct lgv_rect){e.skip.x * 2, e.skip.y * 2, e.skip.w * 2, e.skip.h * 2};
	CHECK(vc_wait_match(&env, &w, expect_picture, &e, 0, 15000, "states-first"),
	      "states: no picture once the guest runs");

	/* 3. the guest restarts (another format): recovered without help */
	vc_stop(prod);
	prod = producer(shm, "rgba", 1, 0, 60);
	CHECK(vc_log_has(&env, "lgview", "restarted", 10000) ||
		      vc_log_has(&env, "lgview", "stopped", 100),
	      "states: the restart was not noticed");
	scene_destroy(e.scene);
	e.scene = scene_create(FW, FH, 2);
	CHECK(vc_wait_match(&env, &w, expect_picture, &e, 0, 15000, "states-restart"),
	      "states: no picture after the guest restarted");

	/* 4. a B6 guest: the version message, then an upgrade recovers */
	vc_stop(prod);
	write_b6_header(shm);
	CHECK(vc_log_has(&env, "lgview", "guest runs Looking Glass B6", 10000),
	      "states: no version mismatch message");
	CHECK(wait_status(&w, 10000), "states: the version mismatch is not on screen");
	prod = producer(shm, "rgba", 1, 0, 60);
	CHECK(vc_wait_match(&env, &w, expect_picture, &e, 0, 15000, "states-upgrade"),
	      "states: no picture after the guest was upgraded");
	vc_stop(prod);
	CHECK(vc_stop(view) == 0, "states: lgview did not exit cleanly");
	scene_destroy(e.scene);
	unlink(shm);

	/* 5. a region too small for the guest's resolution */
	shm_path(shm, sizeof(shm), "small");
	unlink(shm);
	kvmfr_region_create_shm(shm, 8u << 20, 0600, &r);
	struct truncated_guest g = {.region = r};
	pthread_t t;
	pthread_create(&t, NULL, truncated_main, &g);
	view = viewer(shm, opts);
	if (vc_find_lgview(&env, "lgview", &w)) {
		CHECK(vc_log_has(&env, "lgview", "make it 32 MiB", 15000),
		      "states: no advice for the too-small region");
		/* The advice box sits in the middle of the picture: dark with text. */
		bool shown = false;
		for (int tries = 0; tries < 100 && !shown; ++tries) {
			uint32_t *px = vc_grab(&env, &w);
			unsigned dark = 0, text = 0, total = 0;
			for (int y = w.h / 2 - 8; px && y < w.h / 2 + 8; ++y)
				for (int x = w.w / 2 - 100; x < w.w / 2 + 100; ++x, ++total) {
					uint32_t p = px[y * w.w + x] & 0xffffff;
					text += p == 0xffffff;
					dark += ((p >> 16) & 255) < 48 && ((p >> 8) & 255) < 48 &&
						(p & 255) < 64;
				}
			shown = total && text > 20 && dark + text > total * 6 / 10;
			free(px);
			if (!shown)
				lgp_sleep_us(100000);
		}
		CHECK(shown, "states: the too-small advice is not on screen");
	}
	atomic_store(&g.stop, true);
	pthread_join(t, NULL);
	/* The guest lowers its resolution to what fits: the advice goes away. */
	pid_t fits = producer(shm, "bgra", 1, 0, 60);
	struct lgv_options o2 = fit_options();
	struct expect e2 = {.scene = scene_create(FW, FH, 1), .frame = 0, .nearest = true,
			    .dst = lgv_geometry_fit(640, 400, FW, FH, &o2).dst};
	e2.skip = cursor_rect(e2.scene, 0, 0);
	e2.skip = (struct lgv_rect){e2.skip.x * 2, e2.skip.y * 2, e2.skip.w * 2, e2.skip.h * 2};
	CHECK(vc_wait_match(&env, &w, expect_picture, &e2, 0, 15000, "states-fits"),
	      "states: no clean picture once the frames fit");
	scene_destroy(e2.scene);
	vc_stop(fits);
	CHECK(vc_stop(view) == 0, "states: lgview did not exit cleanly (small)");
	kvmfr_region_destroy(r);
	unlink(shm);
	(void)expect_status;
	if (!failures)
		printf("ok: states (waiting, running, restart, version mismatch, too small)\n");
}

/* ---- a hostile guest ------------------------------------------------------------ */

struct hostile {
	struct kvmfr_region *region;
	atomic_bool stop;
};

static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void *hostile_producer(void *arg)
{
	struct hostile *h = arg;
	struct lgp_producer *p = NULL;
	struct scene *s = scene_create(FW, FH, 1);
	struct lgp_frame_desc d;
	scene_frame_desc(s, &d);
	for (uint64_t n = 0; !atomic_load(&h->stop); ++n) {
		if (!p || n % 400 == 0) {
			lgp_producer_destroy(p);
			p = NULL;
			if (lgp_producer_create(h->region->map, h->region->size, NULL, &p) < 0)
				continue;
		}
		d.type = 1 + (uint32_t)(n / 100) % 6;
		d.data_width = d.pitch = 0;
		lgp_frame_desc_complete(&d);
		static uint8_t px[FW * FH * 8];
		lgp_producer_frame_post(p, &d, px, d.pitch, 50);
		lgp_producer_cursor_move(p, (int16_t)(n % 300), 20, true);
		lgp_producer_process(p);
		lgp_sleep_us(5000);
	}
	lgp_producer_destroy(p);
	scene_destroy(s);
	return NULL;
}

/* The hostile guest races the producer (the guest's own side) by design,
 * as a second VM would: ThreadSanitizer is told not to watch it. */
__attribute__((no_sanitize("thread")))
static void *flipper(void *arg)
{
	struct hostile *h = arg;
	uint32_t seed = 0xBADC0DE;
	uint8_t *mem = h->region->map;
	while (!atomic_load(&h->stop)) {
		size_t off = rnd(&seed) % 3 ? rnd(&seed) % 8192 : rnd(&seed) % h->region->size;
		__atomic_store_n(mem + off, (uint8_t)rnd(&seed), __ATOMIC_RELAXED);
		lgp_sleep_us(100 + rnd(&seed) % 400);
	}
	return NULL;
}

static void case_hostile(void)
{
	const char *env_s = getenv("LGVIEW_HOSTILE_SECONDS");
	int seconds = env_s ? atoi(env_s) : 20;
	char shm[128];
	shm_path(shm, sizeof(shm), "hostile");
	unlink(shm);
	struct hostile h = {0};
	kvmfr_region_create_shm(shm, 16u << 20, 0600, &h.region);
	pthread_t tp, tf;
	pthread_create(&tp, NULL, hostile_producer, &h);
	pthread_create(&tf, NULL, flipper, &h);
	const char *opts[] = {"win:size=640x400", "-k", NULL};
	pid_t view = viewer(shm, opts);
	struct vc_win w;
	CHECK(vc_find_lgview(&env, "lgview", &w), "hostile: no window");
	for (int i = 0; i < seconds * 10 && vc_alive(view); ++i)
		lgp_sleep_us(100000);
	CHECK(vc_alive(view), "hostile: lgview died");
	atomic_store(&h.stop, true);
	pthread_join(tp, NULL);
	pthread_join(tf, NULL);
	int st = vc_stop(view);
	CHECK(st == 0, "hostile: lgview exited with %d after %d s of a byte-flipping guest", st,
	      seconds);
	if (st == 0)
		printf("ok: lgview survived %d s of a byte-flipping guest\n", seconds);
	kvmfr_region_destroy(h.region);
	unlink(shm);
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: viewer_check LGVIEW LGBENCH CASE\n");
		return 2;
	}
	env.lgview = argv[1];
	env.lgbench = argv[2];
	env.display = getenv("DISPLAY");
	env.logdir = getenv("XENV_DIR") ? getenv("XENV_DIR") : "/tmp";
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!env.display) {
		fprintf(stderr, "viewer_check: DISPLAY is not set\n");
		return 2;
	}
	const char *c = argv[3];
	if (!strcmp(c, "pixels"))
		case_pixels();
	else if (!strcmp(c, "scaling"))
		case_scaling();
	else if (!strcmp(c, "cursor"))
		case_cursor();
	else if (!strcmp(c, "damage"))
		case_damage();
	else if (!strcmp(c, "states"))
		case_states();
	else if (!strcmp(c, "hostile"))
		case_hostile();
	else {
		fprintf(stderr, "unknown case %s\n", c);
		return 2;
	}
	printf("%s: %d failure(s)\n", c, failures);
	return failures ? 1 : 0;
}
