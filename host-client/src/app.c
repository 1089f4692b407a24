// SPDX-License-Identifier: GPL-2.0-or-later
#define G_LOG_DOMAIN "lgview"
#include <SDL.h>
#include <glib.h>
#include <string.h>

#include <epoxy/gl.h>

#include "app.h"
#include "demo.h"
#include "guest-proto/clock.h"
#include "hud.h"
#include "guest_input.h"
#include "kvmfr/region.h"
#include "pipe.h"
#include "renderer.h"
#include "session.h"
#include "shm_watch.h"
#include "stats.h"
#include "window.h"

/* The picture's brightness at night (escape key + N). */
#define NIGHT_GAIN 0.4f

struct app {
	const struct lgv_options *opt;
	struct lgv_window win;
	struct lgv_renderer *renderer;
	struct kvmfr_region *region; /* ours unless the demo owns it */
	struct lgv_demo *demo;
	struct lgv_pipe *pipe;
	struct lgv_session *session;
	struct lgv_shm_watch *watch; /* while the shared memory cannot be opened */
	char wait_text[1024];
	int exit_status;
	struct lgv_guest_input *input;
	struct lgv_hud hud;
	struct lgv_stats stats;
	Uint32 wake_event;
	SDL_atomic_t wake_pending;
	bool running, show_overlay, have_frame, redraw_asked;
	int rotation;
	uint8_t *shape;
	bool frames_off, night; /* escape key + V, + N */
	/* The guest's pointer (its hotspot, in guest desktop pixels). */
	bool pointer_known, pointer_visible;
	int pointer_x, pointer_y, hot_x, hot_y;
	uint64_t last_present;
	char status[1024];
};

/* Any thread: make the main loop look at the pipe and the session. */
static void wake(void *ctx)
{
	struct app *a = ctx;
	if (SDL_AtomicCAS(&a->wake_pending, 0, 1)) {
		SDL_Event ev = {.type = a->wake_event};
		SDL_PushEvent(&ev);
	}
}

/* 1 when open, 0 while waiting can mend it (wait_text says why), -1 for
 * an error that needs the user (said on stderr). */
static int open_region(struct app *a)
{
	if (a->opt->demo) {
		a->demo = lgv_demo_start(a->opt, &a->region);
		return a->demo ? 1 : -1;
	}
	const char *path = a->opt->shm_file;
	int ret = kvmfr_region_open(path, &a->region);
	if (ret == 0)
		return 1;
	char why[900];
	kvmfr_region_explain(path, ret, why, sizeof(why));
	if (!lgv_shm_wait_can_mend(path, ret)) {
		g_printerr("lgview: %s\n", why);
		return -1;
	}
	char text[sizeof(a->wait_text)];
	g_snprintf(text, sizeof(text), "%s (lgview waits for it and goes on by itself)", why);
	if (strcmp(text, a->wait_text)) {
		g_strlcpy(a->wait_text, text, sizeof(a->wait_text));
		g_message("%s", text);
	}
	return 0;
}

static bool start_session(struct app *a)
{
	struct lgv_upload_env env = {.region = a->region, .wake = wake, .ctx = a,
				     .allow_dma = a->opt->allow_dma};
	a->pipe = lgv_pipe_create(a->opt->uploader, &env);
	struct lgv_session_config sc = {
		.region = a->region, .pipe = a->pipe, .frame_poll_us = a->opt->frame_poll_us,
		.cursor_poll_us = a->opt->cursor_poll_us, .wake = wake, .ctx = a,
	};
	a->session = lgv_session_start(&sc);
	if (a->session && a->frames_off)
		lgv_session_set_frames(a->session, false);
	return a->session != NULL;
}

/* Main loop, while there is no region yet: look again when it may have
 * changed. False when lgview must stop. */
static bool wait_for_region(struct app *a, uint64_t now)
{
	if (!lgv_shm_watch_changed(a->watch, now))
		return true;
	int ret = open_region(a);
	if (ret < 0) {
		a->exit_status = 1;
		return false;
	}
	if (ret == 0)
		return true;
	lgv_shm_watch_destroy(a->watch);
	a->watch = NULL;
	a->wait_text[0] = '\0';
	if (!start_session(a)) {
		a->exit_status = 1;
		return false;
	}
	return true;
}

/* Main thread: the guest's pointer under ours (the cursor thread sends it). */
static void align_guest_cursor(void *ctx, int x, int y)
{
	struct app *a = ctx;
	if (a->session)
		lgv_session_warp_guest_cursor(a->session, x, y);
}

/* Put the local pointer where the guest's is: over it (capture ended), or
 * just outside the window on the side it left (leaving), so that it goes
 * on from where the user saw the guest's (main thread). */
static void put_pointer(void *ctx, bool leaving)
{
	struct app *a = ctx;
	int dw, dh, ww, wh, x0, y0;
	double px, py;
	if (!a->have_frame || !a->pointer_known || !a->pointer_visible)
		return;
	lgv_window_size(&a->win, &dw, &dh);
	SDL_GetWindowSize(a->win.sdl, &ww, &wh);
	if (dw <= 0 || dh <= 0 || ww <= 0 || wh <= 0 ||
	    !lgv_renderer_guest_to_window(a->renderer, dw, dh, a->pointer_x, a->pointer_y, &px, &py))
		return;
	int x = CLAMP((int)(px * ww / dw + 0.5), 0, ww - 1);
	int y = CLAMP((int)(py * wh / dh + 0.5), 0, wh - 1);
	SDL_GetWindowPosition(a->win.sdl, &x0, &y0);
	if (leaving) {
		int mx, my;
		SDL_GetGlobalMouseState(&mx, &my);
		int lx = mx - x0, ly = my - y0;
		if (lx < 0)
			x = -1;
		else if (lx >= ww)
			x = ww;
		else if (ly < 0)
			y = -1;
		else if (ly >= wh)
			y = wh;
		else
			return; /* not out (a window on top): leave it be */
	}
	SDL_WarpMouseGlobal(x0 + x, y0 + y);
}

/* The escape key's chords for the window (main thread). */
static void handle_action(void *ctx, enum lgi_action act)
{
	struct app *a = ctx;
	switch (act) {
	case LGI_ACTION_QUIT:
		a->running = false;
		break;
	case LGI_ACTION_FULLSCREEN:
		lgv_window_set_fullscreen(&a->win, !a->win.fullscreen);
		break;
	case LGI_ACTION_OVERLAY:
		a->show_overlay = !a->show_overlay;
		break;
	case LGI_ACTION_ROTATE:
		a->rotation = (a->rotation + 1) & 3;
		lgv_renderer_set_rotation(a->renderer, a->rotation);
		break;
	case LGI_ACTION_FRAMES:
		a->frames_off = !a->frames_off;
		if (a->session)
			lgv_session_set_frames(a->session, !a->frames_off);
		g_message("frames %s", a->frames_off ? "off (escape key + V): the guest may stop "
						       "capturing" : "on");
		break;
	case LGI_ACTION_NIGHT:
		a->night = !a->night;
		lgv_renderer_set_gain(a->renderer, a->night ? NIGHT_GAIN : 1.0f);
		g_message("night %s", a->night ? "on: the picture dimmed" : "off");
		break;
	default:
		break; /* the sound's, taken by guest_input */
	}
	a->redraw_asked = true;
}

/* Returns true when the window must be redrawn. */
static bool handle_event(struct app *a, const SDL_Event *ev)
{
	if (ev->type == a->wake_event) {
		SDL_AtomicSet(&a->wake_pending, 0);
		return false;
	}
	/* Keys, the mouse, the wheel: the guest will answer, so poll fast. */
	if (a->session && ev->type >= SDL_KEYDOWN && ev->type <= SDL_MOUSEWHEEL)
		lgv_session_kick(a->session);
	switch (ev->type) {
	case SDL_QUIT:
		a->running = false;
		return false;
	case SDL_WINDOWEVENT:
		lgv_guest_input_event(a->input, ev, a->renderer);
		return ev->window.event == SDL_WINDOWEVENT_EXPOSED ||
		       ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED;
	default:
		return lgv_guest_input_event(a->input, ev, a->renderer);
	}
}

static bool update_cursor(struct app *a)
{
	if (!a->session)
		return false;
	struct lgp_cursor c;
	bool shape_changed;
	if (!lgv_session_cursor(a->session, &c, &a->shape, &shape_changed))
		return false;
	if (shape_changed) {
		lgv_renderer_set_cursor_shape(a->renderer, &c, a->shape);
		a->hot_x = c.hx;
		a->hot_y = c.hy;
	}
	lgv_renderer_set_cursor_pos(a->renderer, c.x, c.y, c.visible || a->opt->always_show_cursor);
	a->pointer_known = true;
	a->pointer_visible = c.visible;
	lgv_guest_input_guest_pointer(a->input, c.visible);
	a->pointer_x = c.x + a->hot_x;
	a->pointer_y = c.y + a->hot_y;
	return true;
}

static bool update_status(struct app *a)
{
	char text[sizeof(a->wait_text)];
	enum lgv_session_state st = LGV_STATE_WAITING;
	if (a->session)
		st = lgv_session_state(a->session, text, sizeof(text));
	else
		g_strlcpy(text, a->wait_text, sizeof(text));
	if (st == LGV_STATE_RUNNING && !a->have_frame && !text[0])
		g_strlcpy(text, "connected: waiting for the first frame", sizeof(text));
	lgv_window_inhibit(&a->win, lgv_screensaver_inhibited(a->opt, st == LGV_STATE_RUNNING,
							      a->session ? lgv_session_frame_flags(a->session)
									 : 0));
	if (st != LGV_STATE_RUNNING)
		a->have_frame = false;
	if (a->frames_off) {
		size_t n = strlen(text);
		g_snprintf(text + n, sizeof(text) - n, "%sframes off (escape key + V)",
			   n ? "\n" : "");
	}
	/* Input's line (SPICE, capture, the chords) under the session's. */
	const char *in = lgv_guest_input_text(a->input, a->have_frame);
	if (in[0]) {
		size_t n = strlen(text);
		g_snprintf(text + n, sizeof(text) - n, "%s%s", n ? "\n" : "", in);
	}
	if (!strcmp(text, a->status))
		return false;
	g_strlcpy(a->status, text, sizeof(a->status));
	return true;
}

static void present(struct app *a, const struct lgv_frame_times *t, bool new_frame)
{
	int w, h;
	lgv_window_size(&a->win, &w, &h);
	struct lgv_image img = {0};
	if (a->show_overlay) {
		char audio[128];
		lgv_guest_input_audio_stats(a->input, audio, sizeof(audio));
		lgv_hud_stats(&a->hud, &a->stats, a->pipe ? lgv_pipe_uploader_name(a->pipe) : "",
			      audio, &img);
	}
	/* Without a picture the status is the picture. */
	struct lgv_image status;
	lgv_hud_status(&a->hud, a->status, w, h, &status);
	if (a->have_frame) {
		lgv_renderer_draw(a->renderer, w, h, NULL);
	} else {
		glViewport(0, 0, w, h);
		glClearColor(0.05f, 0.05f, 0.07f, 1);
		glClear(GL_COLOR_BUFFER_BIT);
	}
	lgv_renderer_draw_image(a->renderer, w, h, &status);
	lgv_renderer_draw_image(a->renderer, w, h, &img);
	SDL_GL_SwapWindow(a->win.sdl);
	uint64_t now = lgp_monotonic_ns();
	a->last_present = now;
	lgv_stats_presented(&a->stats);
	if (new_frame) {
		struct lgv_frame_times done = *t;
		done.presented = now;
		lgv_stats_frame(&a->stats, &done);
	}
	if (a->pipe)
		lgv_pipe_presented(a->pipe);
}

static void loop(struct app *a)
{
	/* auto: no floor. Every change (a frame, the cursor, the status, the
	 * overlay's second, an expose) redraws by itself, and a still guest
	 * desktop then costs nothing: redrawing a 1080p picture 30 times a
	 * second took a fifth of a core on Mesa's software renderer. */
	int floor_fps = a->opt->fps_min < 0 ? 0 : a->opt->fps_min;
	a->running = true;
	bool redraw = true;
	while (a->running) {
		int timeout = 100;
		if (floor_fps > 0 && (a->show_overlay || a->have_frame))
			timeout = 1000 / floor_fps;
		SDL_Event ev;
		if (SDL_WaitEventTimeout(&ev, timeout)) {
			redraw |= handle_event(a, &ev);
			while (SDL_PollEvent(&ev))
				redraw |= handle_event(a, &ev);
		}
		/* Take no frame after quit: one taken here would never be
		 * presented, and its uploader would hold it from the guest. */
		if (!a->running)
			break;
		struct lgv_frame_times t = {0};
		if (!a->session && !wait_for_region(a, lgp_monotonic_ns()))
			break;
		bool new_frame = a->pipe && lgv_pipe_service(a->pipe, a->renderer, &t);
		if (new_frame)
			a->have_frame = true;
		redraw |= new_frame;
		redraw |= update_cursor(a);
		uint8_t uuid[16];
		bool has_uuid = a->session && lgv_session_guest_uuid(a->session, uuid);
		redraw |= lgv_guest_input_update(a->input, lgp_monotonic_ns(),
						 has_uuid ? uuid : NULL);
		redraw |= update_status(a) || a->redraw_asked;
		a->redraw_asked = false;
		uint64_t now = lgp_monotonic_ns();
		redraw |= lgv_stats_tick(&a->stats, now) && a->show_overlay;
		if (floor_fps > 0 && now - a->last_present > 1000000000u / (uint64_t)floor_fps)
			redraw = true;
		if (redraw)
			present(a, &t, new_frame);
		redraw = false;
	}
}

int lgv_app_run(const struct lgv_options *opt)
{
	struct app a = {.opt = opt, .show_overlay = opt->show_fps, .rotation = opt->rotate / 90};
	int status = 1;
	/* The shared memory first: a wrong path is the commonest mistake, and
	 * an error no waiting can mend ends lgview before any window. */
	int opened = open_region(&a);
	if (opened < 0)
		return 1;
	/* Not open yet (waiting for it): its name says whether it will be a
	 * kvmfr device. */
	lgv_window_hints(opt, a.region ? a.region->is_device
				       : !opt->demo && kvmfr_is_device_name(opt->shm_file));
	if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) < 0) {
		g_printerr("lgview: cannot start SDL video: %s\n", SDL_GetError());
		goto out_region;
	}
	a.wake_event = SDL_RegisterEvents(1);
	if (!lgv_window_create(&a.win, opt))
		goto out_window;
	a.renderer = lgv_renderer_create(opt);
	if (!a.renderer)
		goto out_window;
	static const struct lgv_guest_input_ops input_ops = {
		.action = handle_action, .wake = wake, .align = align_guest_cursor,
		.put_pointer = put_pointer};
	a.input = lgv_guest_input_create(opt, a.win.sdl, &input_ops, &a);
	lgv_hud_init(&a.hud);
	lgv_stats_init(&a.stats, opt->timestamps_file);
	a.shape = g_malloc(LGP_CURSOR_SHAPE_MAX);

	if (!opened) /* not there yet: wait for it in the window */
		a.watch = lgv_shm_watch_create(opt->shm_file);
	if (opened ? start_session(&a) : a.watch != NULL) {
		loop(&a);
		status = a.exit_status;
	}
	lgv_guest_input_destroy(a.input);
	lgv_shm_watch_destroy(a.watch);
	if (a.pipe)
		lgv_pipe_close(a.pipe);
	lgv_session_stop(a.session);
	lgv_pipe_destroy(a.pipe);
	g_free(a.shape);
	lgv_stats_finish(&a.stats);
	lgv_hud_finish(&a.hud);
	lgv_renderer_destroy(a.renderer);
out_window:
	lgv_window_destroy(&a.win);
	SDL_Quit();
out_region:
	if (a.demo)
		lgv_demo_stop(a.demo);
	else
		kvmfr_region_destroy(a.region);
	return status;
}
