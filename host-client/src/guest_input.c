// SPDX-License-Identifier: GPL-2.0-or-later
#define G_LOG_DOMAIN "lgview-input"
#include <glib.h>
#include <string.h>

#include "guest-proto/clock.h"
#include "guest-proto/kvmfr.h"
#include "guest_audio.h"
#include "guest_clipboard.h"
#include "guest_input.h"
#include "input/input.h"

/* How long a change of capture or input shows over the picture. */
#define NOTICE_NS 1500000000u

struct lgv_guest_input {
	SDL_Window *win;
	struct lgv_guest_input_ops ops;
	void *ctx;
	struct lgi_input *spice; /* NULL: no session */
	struct lgv_guest_clipboard *clip; /* NULL: no clipboard */
	struct lgv_guest_audio *audio; /* NULL: no sound */
	bool send_input;         /* spice:input */
	struct lgi_capture cap;
	uint64_t escape_since;
	uint64_t changed_at; /* capture or input on/off changed */
	bool wrong_vm;       /* the SPICE server is another VM's: nothing is sent */
	bool grab_on_focus;  /* input:grabKeyboardOnFocus */
	bool focused;
	uint64_t help_delay_ns; /* input:helpMenuDelay */
	bool hide_cursor;        /* input:hideCursor */
	SDL_Cursor *dot;         /* spice:showCursorDot: without the focus; NULL: none */
	char text[640];  /* without a picture: everything */
	char brief[640]; /* over the picture: chords and recent changes */
};

/* ---- the sink: the SPICE session, or nothing -------------------------- */

/* Where guest input goes: nowhere without a session or to another VM. */
static struct lgi_input *target(const struct lgv_guest_input *g)
{
	return g->wrong_vm || !g->send_input ? NULL : g->spice;
}

static void s_key(void *ctx, uint32_t key, bool down)
{
	struct lgv_guest_input *g = ctx;
	if (target(g))
		lgi_input_key(target(g), key, down);
}

static void s_release_all(void *ctx)
{
	struct lgv_guest_input *g = ctx;
	if (target(g))
		lgi_input_release_all(target(g));
}

static void s_motion(void *ctx, int dx, int dy)
{
	struct lgv_guest_input *g = ctx;
	if (target(g))
		lgi_input_motion(target(g), dx, dy);
}

static void s_position(void *ctx, int x, int y)
{
	struct lgv_guest_input *g = ctx;
	if (target(g))
		lgi_input_position(target(g), x, y);
}

static void s_button(void *ctx, enum lgi_button b, bool down)
{
	struct lgv_guest_input *g = ctx;
	if (target(g))
		lgi_input_button(target(g), b, down);
}

static void s_mode(void *ctx, bool server)
{
	struct lgv_guest_input *g = ctx;
	if (target(g))
		lgi_input_request_mouse_mode(target(g), server);
}

static const struct lgi_sink sink = {s_key, s_release_all, s_motion, s_position, s_button,
				     s_mode};

/* ---- the window's side ------------------------------------------------- */

/* The keyboard grab: in capture when grab_keyboard, or while focused with
 * input:grabKeyboardOnFocus. */
static void grab_keyboard(struct lgv_guest_input *g, bool captured, bool in_capture)
{
	bool grab = (captured && in_capture) || (g->grab_on_focus && g->focused);
	SDL_SetWindowKeyboardGrab(g->win, grab ? SDL_TRUE : SDL_FALSE);
}

static void w_capture(void *ctx, bool on, bool grab)
{
	struct lgv_guest_input *g = ctx;
	/* Relative mode grabs and hides the pointer and gives raw deltas. */
	if (SDL_SetRelativeMouseMode(on ? SDL_TRUE : SDL_FALSE) < 0)
		g_warning("no relative mouse mode here: %s", SDL_GetError());
	grab_keyboard(g, on, grab);
	/* Released in server mode: the guest's pointer moved with ours, so
	 * ours comes back where the guest's is, not where it was. */
	if (!on && g->cap.server_mouse && target(g) && g->ops.put_pointer)
		g->ops.put_pointer(g->ctx, false);
}

static void w_action(void *ctx, enum lgi_action a)
{
	struct lgv_guest_input *g = ctx;
	if (!lgv_guest_audio_action(g->audio, a))
		g->ops.action(g->ctx, a);
}

static void w_changed(void *ctx)
{
	struct lgv_guest_input *g = ctx;
	g->changed_at = lgp_monotonic_ns();
}

static void w_align(void *ctx, int x, int y)
{
	struct lgv_guest_input *g = ctx;
	if (g->ops.align)
		g->ops.align(g->ctx, x, y);
}

static const struct lgi_window_ops window_ops = {w_capture, w_action, w_align, w_changed};

static void on_status(void *ctx)
{
	struct lgv_guest_input *g = ctx;
	g->ops.wake(g->ctx); /* the SPICE thread: only wake the main loop */
}

static const struct lgi_host_ops spice_ops = {.status_changed = on_status};

/* A 7x7 white dot ringed in black, the local pointer over an unfocused
 * window (spice:showCursorDot). */
static SDL_Cursor *make_dot(void)
{
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 7, 7, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!s)
		return NULL;
	for (int y = 0; y < 7; ++y) {
		uint32_t *row = (uint32_t *)((uint8_t *)s->pixels + y * s->pitch);
		for (int x = 0; x < 7; ++x) {
			int d = (x - 3) * (x - 3) + (y - 3) * (y - 3);
			row[x] = d <= 2 ? 0xffffffffu : d <= 9 ? 0xff000000u : 0;
		}
	}
	SDL_Cursor *c = SDL_CreateColorCursor(s, 3, 3);
	SDL_FreeSurface(s);
	return c;
}

/* input:hideCursor: the local pointer is hidden over the window (the
 * guest's is drawn), or a dot without the focus; otherwise the system's. */
static void show_local_pointer(struct lgv_guest_input *g, bool focused)
{
	if (!g->hide_cursor) {
		SDL_ShowCursor(SDL_ENABLE);
		return;
	}
	if (!focused && g->dot) {
		SDL_SetCursor(g->dot);
		SDL_ShowCursor(SDL_ENABLE);
	} else {
		SDL_ShowCursor(SDL_DISABLE);
	}
}

/* The password from spice:password, or the first line of spice:passwordFile. */
static char *password_of(const struct lgv_options *opt)
{
	if (!opt->spice_password_file || !opt->spice_password_file[0])
		return g_strdup(opt->spice_password);
	char *text = NULL;
	GError *err = NULL;
	if (!g_file_get_contents(opt->spice_password_file, &text, NULL, &err)) {
		g_warning("spice:passwordFile: %s; connecting without a password", err->message);
		g_error_free(err);
		return NULL;
	}
	text[strcspn(text, "\r\n")] = '\0';
	return text;
}

struct lgv_guest_input *lgv_guest_input_create(const struct lgv_options *opt, SDL_Window *win,
					       const struct lgv_guest_input_ops *ops, void *ctx)
{
	struct lgv_guest_input *g = g_new0(struct lgv_guest_input, 1);
	g->win = win;
	g->ops = *ops;
	g->ctx = ctx;
	g->grab_on_focus = opt->grab_keyboard_on_focus;
	g->hide_cursor = opt->hide_cursor;
	if (opt->hide_cursor && opt->show_cursor_dot)
		g->dot = make_dot();
	show_local_pointer(g, false);
	g->help_delay_ns = (uint64_t)opt->help_menu_delay_ms * 1000000u;
	/* Relative mode reads XInput2's raw motion unless it warps, when it
	 * gets the host's accelerated pointer (SDL reads this as it enters
	 * relative mode). */
	SDL_SetHint(SDL_HINT_MOUSE_RELATIVE_MODE_WARP, opt->raw_mouse ? "0" : "1");
	struct lgi_capture_config cc = {
		.escape_linux_key = opt->escape_key, .grab_keyboard = opt->grab_keyboard,
		.release_on_focus_loss = opt->release_keys_on_focus_loss, .sens = opt->mouse_sens,
		.ignore_windows_keys = opt->ignore_windows_keys, .capture_only = opt->capture_only,
		.auto_capture = opt->auto_capture,
		.smoothing = opt->mouse_smoothing && !opt->raw_mouse,
		.sink = &sink, .sink_ctx = g, .win = &window_ops, .win_ctx = g,
	};
	lgi_capture_init(&g->cap, &cc);
	if (opt->demo)
		g_message("SPICE: not used by the demo");
	else if (!opt->spice_enable)
		g_message("SPICE: off (spice:enable)");
	else {
		g->send_input = opt->spice_input;
		if (!opt->spice_input)
			g_message("SPICE input: off (spice:input)");
		g->clip = lgv_guest_clipboard_create(opt, win);
		g->audio = lgv_guest_audio_create(opt, g->ops.wake, g->ctx);
		char *password = password_of(opt);
		struct lgi_config sc = {
			.host = opt->spice_host, .port = opt->spice_port,
			.tls_port = opt->spice_tls_port, .password = password,
			.ca_file = opt->spice_ca_file, .ops = &spice_ops, .ctx = g,
		};
		lgv_guest_clipboard_config(g->clip, opt, &sc);
		lgv_guest_audio_config(g->audio, &sc);
		g->spice = lgi_input_start(&sc);
		lgv_guest_clipboard_attach(g->clip, g->spice);
		if (password)
			memset(password, 0, strlen(password));
		g_free(password);
	}
	if (opt->capture_on_start)
		lgi_capture_set(&g->cap, true);
	return g;
}

void lgv_guest_input_destroy(struct lgv_guest_input *g)
{
	if (!g)
		return;
	if (g->dot)
		SDL_FreeCursor(g->dot);
	lgi_capture_set(&g->cap, false);
	lgv_guest_clipboard_attach(g->clip, NULL);
	lgi_input_stop(g->spice);
	lgv_guest_clipboard_destroy(g->clip);
	lgv_guest_audio_destroy(g->audio);
	g_free(g);
}

static enum lgi_button button_of(Uint8 b)
{
	switch (b) {
	case SDL_BUTTON_LEFT: return LGI_BUTTON_LEFT;
	case SDL_BUTTON_MIDDLE: return LGI_BUTTON_MIDDLE;
	case SDL_BUTTON_RIGHT: return LGI_BUTTON_RIGHT;
	case SDL_BUTTON_X1: return LGI_BUTTON_SIDE;
	case SDL_BUTTON_X2: return LGI_BUTTON_EXTRA;
	default: return 0;
	}
}

/* The guest pixel under a window point (SDL's points to drawable pixels). */
static bool guest_point(struct lgv_guest_input *g, const struct lgv_renderer *r, int x, int y,
			int *gx, int *gy)
{
	int ww, wh, dw, dh;
	SDL_GetWindowSize(g->win, &ww, &wh);
	SDL_GL_GetDrawableSize(g->win, &dw, &dh);
	if (ww <= 0 || wh <= 0)
		return false;
	double px = (double)x * dw / ww, py = (double)y * dh / wh;
	return lgv_renderer_window_to_guest(r, dw, dh, px, py, gx, gy);
}

bool lgv_guest_input_event(struct lgv_guest_input *g, const SDL_Event *ev,
			   const struct lgv_renderer *r)
{
	bool was_captured = g->cap.captured, was_on = g->cap.input_on;
	int gx = 0, gy = 0;
	switch (ev->type) {
	case SDL_KEYDOWN:
	case SDL_KEYUP:
		lgi_capture_key(&g->cap, (uint32_t)ev->key.keysym.scancode,
				ev->type == SDL_KEYDOWN, ev->key.repeat != 0);
		break;
	case SDL_MOUSEMOTION: {
		bool inside = guest_point(g, r, ev->motion.x, ev->motion.y, &gx, &gy);
		lgi_capture_motion(&g->cap, ev->motion.xrel, ev->motion.yrel, inside, gx, gy);
		break;
	}
	case SDL_MOUSEBUTTONDOWN:
	case SDL_MOUSEBUTTONUP: {
		enum lgi_button b = button_of(ev->button.button);
		bool inside = guest_point(g, r, ev->button.x, ev->button.y, &gx, &gy);
		if (b)
			lgi_capture_button(&g->cap, b, ev->type == SDL_MOUSEBUTTONDOWN, inside);
		break;
	}
	case SDL_MOUSEWHEEL: {
		int y = ev->wheel.direction == SDL_MOUSEWHEEL_FLIPPED ? -ev->wheel.y : ev->wheel.y;
		int mx, my;
		SDL_GetMouseState(&mx, &my);
		lgi_capture_wheel(&g->cap, y, guest_point(g, r, mx, my, &gx, &gy));
		break;
	}
	case SDL_WINDOWEVENT:
		if (ev->window.event == SDL_WINDOWEVENT_FOCUS_LOST) {
			g->focused = false;
			show_local_pointer(g, false);
			lgi_capture_focus(&g->cap, false);
			grab_keyboard(g, g->cap.captured, false); /* the focus grab ends */
		} else if (ev->window.event == SDL_WINDOWEVENT_FOCUS_GAINED) {
			g->focused = true;
			show_local_pointer(g, true);
			lgi_capture_focus(&g->cap, true);
			grab_keyboard(g, g->cap.captured, g->cap.cfg.grab_keyboard);
		} else if (ev->window.event == SDL_WINDOWEVENT_LEAVE) {
			/* The guest's pointer followed ours to the edge: ours
			 * leaves from where the guest's is. */
			if (lgi_capture_following(&g->cap) && target(g) && g->ops.put_pointer)
				g->ops.put_pointer(g->ctx, true);
			lgi_capture_pointer_left(&g->cap);
		}
		break;
	default:
		break;
	}
	return was_captured != g->cap.captured || was_on != g->cap.input_on;
}

/* Append a line to buf (n: its length so far). */
static size_t add_line(char *buf, size_t len, size_t n, const char *line)
{
	if (!line[0] || n >= len)
		return n;
	return n + (size_t)g_snprintf(buf + n, len - n, "%s%s", n ? "\n" : "", line);
}

/* Both sides told their VM's UUID: input only when they agree. */
static void check_vm(struct lgv_guest_input *g, const struct lgi_status *st,
		     const uint8_t *guest_uuid, char *why, size_t len)
{
	bool wrong = st->has_uuid && guest_uuid && memcmp(st->uuid, guest_uuid, 16);
	why[0] = '\0';
	if (wrong) {
		char a[LGP_UUID_TEXT_LEN], b[LGP_UUID_TEXT_LEN];
		lgp_uuid_format(st->uuid, a);
		lgp_uuid_format(guest_uuid, b);
		g_snprintf(why, len,
			   "SPICE: the server's VM (%s) is not the guest lgview shows (%s): "
			   "input is off (spice:host / spice:port?)",
			   a, b);
	}
	if (wrong == g->wrong_vm)
		return;
	if (wrong) {
		g_warning("%s", why);
		lgi_capture_release_all(&g->cap); /* before input stops going out */
		lgi_capture_set(&g->cap, false);
	} else {
		g_message("SPICE: input is on again (no VM mismatch now)");
	}
	g->wrong_vm = wrong;
	lgv_guest_clipboard_allow(g->clip, !wrong);
	lgv_guest_audio_allow(g->audio, !wrong);
}

bool lgv_guest_input_update(struct lgv_guest_input *g, uint64_t now_ns,
			    const uint8_t *guest_uuid)
{
	char text[sizeof(g->text)] = "", brief[sizeof(g->brief)] = "";
	size_t n = 0, nb = 0;
	if (g->spice) {
		struct lgi_status st;
		lgi_input_status(g->spice, &st);
		lgi_capture_set_server_mouse(&g->cap, st.server_mouse);
		if (st.state != LGI_STATE_CONNECTED)
			n = add_line(text, sizeof(text), n, st.text);
		char why[256];
		check_vm(g, &st, guest_uuid, why, sizeof(why));
		n = add_line(text, sizeof(text), n, why);
		nb = add_line(brief, sizeof(brief), nb, why);
	}
	char cap[160], mic[160];
	lgi_capture_describe(&g->cap, cap, sizeof(cap));
	n = add_line(text, sizeof(text), n, cap);
	/* The microphone's prompt and indicator show over the picture too. */
	lgv_guest_audio_text(g->audio, mic, sizeof(mic));
	n = add_line(text, sizeof(text), n, mic);
	nb = add_line(brief, sizeof(brief), nb, mic);
	if (g->changed_at && now_ns - g->changed_at < NOTICE_NS)
		nb = add_line(brief, sizeof(brief), nb,
			      cap[0] ? cap : g->cap.input_on ? "released" : "guest input off");
	if (lgi_capture_escape_held(&g->cap)) {
		if (!g->escape_since)
			g->escape_since = now_ns;
		if (now_ns - g->escape_since >= g->help_delay_ns) {
			n = add_line(text, sizeof(text), n, lgi_capture_chords());
			nb = add_line(brief, sizeof(brief), nb, lgi_capture_chords());
		}
	} else {
		g->escape_since = 0;
	}
	bool changed = strcmp(text, g->text) || strcmp(brief, g->brief);
	memcpy(g->text, text, sizeof(text));
	memcpy(g->brief, brief, sizeof(brief));
	return changed;
}

bool lgv_guest_input_guest_pointer(struct lgv_guest_input *g, bool visible)
{
	bool was = g->cap.captured;
	lgi_capture_guest_pointer(&g->cap, visible);
	return was != g->cap.captured;
}

void lgv_guest_input_audio_stats(struct lgv_guest_input *g, char *buf, size_t len)
{
	lgv_guest_audio_stats(g->audio, buf, len);
}

const char *lgv_guest_input_text(const struct lgv_guest_input *g, bool have_frame)
{
	return have_frame ? g->brief : g->text;
}
