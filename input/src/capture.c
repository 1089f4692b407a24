// SPDX-License-Identifier: GPL-2.0-or-later
#define G_LOG_DOMAIN "lgview-input"
#include <glib.h>

#include "input/capture.h"

/* HID usages used here (SDL's scancodes have the same numbers). */
enum {
	U_D = 7, U_E = 8, U_F = 9, U_I = 12, U_M = 16, U_N = 17, U_Q = 20, U_R = 21, U_V = 25,
	U_F1 = 58, U_F12 = 69, U_INSERT = 73, U_DELETE = 76, U_DOWN = 81, U_UP = 82,
	U_LCTRL = 224, U_LALT = 226, U_LGUI = 227, U_RGUI = 231,
};

/* Keys that make sense as an escape key: Linux input-event-codes.h code,
 * HID usage. */
static const struct {
	int linux_code;
	uint32_t usage;
} escape_keys[] = {
	{1, 41},    {29, 224},  {42, 225},  {54, 229},  {56, 226},  {58, 57},
	{59, 58},   {60, 59},   {61, 60},   {62, 61},   {63, 62},   {64, 63},
	{65, 64},   {66, 65},   {67, 66},   {68, 67},   {69, 83},   {70, 71},
	{87, 68},   {88, 69},   {97, 228},  {99, 70},   {100, 230}, {102, 74},
	{104, 75},  {107, 77},  {109, 78},  {110, 73},  {111, 76},  {119, 72},
	{125, 227}, {126, 231}, {127, 101},
};

uint32_t lgi_linux_key_to_usage(int keycode)
{
	for (size_t i = 0; i < G_N_ELEMENTS(escape_keys); ++i)
		if (escape_keys[i].linux_code == keycode)
			return escape_keys[i].usage;
	return 0;
}

static void changed(struct lgi_capture *c)
{
	if (c->cfg.win && c->cfg.win->changed)
		c->cfg.win->changed(c->cfg.win_ctx);
}

void lgi_capture_init(struct lgi_capture *c, const struct lgi_capture_config *cfg)
{
	*c = (struct lgi_capture){.cfg = *cfg, .input_on = true, .server_mouse = true,
				  .sens = CLAMP(cfg->sens, -9, 9), .focused = true};
	c->escape = lgi_linux_key_to_usage(cfg->escape_linux_key);
	if (!c->escape) {
		g_warning("input:escapeKey %d is not a key lgview knows; using Scroll Lock (70)",
			  cfg->escape_linux_key);
		c->escape = 71;
	}
}

static void send_key(struct lgi_capture *c, uint32_t key, bool down)
{
	if (key < LGI_KEYS)
		c->sent[key] = down;
	c->cfg.sink->key(c->cfg.sink_ctx, key, down);
}

static void tap(struct lgi_capture *c, uint32_t key)
{
	send_key(c, key, true);
	send_key(c, key, false);
}

void lgi_capture_release_all(struct lgi_capture *c)
{
	for (uint32_t k = 0; k < LGI_KEYS; ++k)
		c->sent[k] = false;
	c->cfg.sink->release_all(c->cfg.sink_ctx);
}

void lgi_capture_set(struct lgi_capture *c, bool on)
{
	c->auto_captured = false; /* the caller says otherwise */
	if (on == c->captured)
		return;
	c->captured = on;
	c->have_last = false;
	c->rest_x = c->rest_y = 0;
	c->prev_x = c->prev_y = 0;
	c->cfg.win->set_capture(c->cfg.win_ctx, on, c->cfg.grab_keyboard);
	/* Capture feels like a local mouse only in server (relative) mode;
	 * outside it the absolute tablet, where the VM has one, needs no
	 * grab. */
	c->cfg.sink->mouse_mode(c->cfg.sink_ctx, on);
	g_message("capture %s", on ? "on (the escape key gives it back)" : "off");
	changed(c);
}

/* A key pressed while the escape key is held. */
static void chord(struct lgi_capture *c, uint32_t key)
{
	c->chorded = true;
	switch (key) {
	case U_Q:
		c->cfg.win->action(c->cfg.win_ctx, LGI_ACTION_QUIT);
		break;
	case U_F:
		c->cfg.win->action(c->cfg.win_ctx, LGI_ACTION_FULLSCREEN);
		break;
	case U_D:
		c->cfg.win->action(c->cfg.win_ctx, LGI_ACTION_OVERLAY);
		break;
	case U_R:
		c->cfg.win->action(c->cfg.win_ctx, LGI_ACTION_ROTATE);
		break;
	case U_V:
		c->cfg.win->action(c->cfg.win_ctx, LGI_ACTION_FRAMES);
		break;
	case U_N:
		c->cfg.win->action(c->cfg.win_ctx, LGI_ACTION_NIGHT);
		break;
	case U_E:
		c->cfg.win->action(c->cfg.win_ctx, LGI_ACTION_MIC);
		break;
	case U_M:
		c->cfg.win->action(c->cfg.win_ctx, LGI_ACTION_MUTE);
		break;
	case U_UP:
	case U_DOWN:
		c->cfg.win->action(c->cfg.win_ctx,
				   key == U_UP ? LGI_ACTION_VOLUME_UP : LGI_ACTION_VOLUME_DOWN);
		break;
	case U_I:
		c->input_on = !c->input_on;
		if (!c->input_on) {
			lgi_capture_release_all(c);
			lgi_capture_set(c, false);
		}
		g_message("guest input %s", c->input_on ? "on" : "off");
		changed(c);
		break;
	case U_INSERT:
	case U_DELETE:
		c->sens = CLAMP(c->sens + (key == U_INSERT ? 1 : -1), -9, 9);
		g_message("mouse sensitivity %d", c->sens);
		changed(c);
		break;
	case U_LGUI:
	case U_RGUI:
		if (c->input_on)
			tap(c, key);
		break;
	default:
		if (key >= U_F1 && key <= U_F12 && c->input_on) {
			/* Ctrl+Alt+Fn: the guest's console switch. */
			send_key(c, U_LCTRL, true);
			send_key(c, U_LALT, true);
			tap(c, key);
			send_key(c, U_LALT, false);
			send_key(c, U_LCTRL, false);
		}
		break;
	}
}

void lgi_capture_key(struct lgi_capture *c, uint32_t key, bool down, bool repeat)
{
	if (key == c->escape) {
		/* Never the guest's. A tap toggles capture. */
		if (down && !repeat) {
			c->escape_down = true;
			c->chorded = false;
		} else if (!down && c->escape_down) {
			c->escape_down = false;
			if (!c->chorded && c->input_on)
				lgi_capture_set(c, !c->captured);
			changed(c);
		}
		return;
	}
	if (!down) {
		/* A key the guest has down always comes up, chord or not. */
		if (key < LGI_KEYS && c->sent[key])
			send_key(c, key, false);
		return;
	}
	if (c->escape_down) {
		if (!repeat)
			chord(c, key);
		return;
	}
	if (!c->input_on || (c->cfg.capture_only && !c->captured))
		return;
	if (c->cfg.ignore_windows_keys && (key == U_LGUI || key == U_RGUI))
		return; /* the chord sends them */
	send_key(c, key, true);
}

/* Whether the pointer's events go to the guest now. */
static bool mouse_on(const struct lgi_capture *c)
{
	return c->input_on && (c->captured || !c->cfg.capture_only);
}

/* input:autoCapture: capture while the focused window shows a guest that
 * hides its pointer. */
static void auto_capture(struct lgi_capture *c)
{
	if (!c->cfg.auto_capture || !c->input_on)
		return;
	if (c->guest_pointer_hidden && c->focused && !c->captured) {
		lgi_capture_set(c, true);
		c->auto_captured = true;
	} else if (!c->guest_pointer_hidden && c->captured && c->auto_captured) {
		lgi_capture_set(c, false);
	}
}

void lgi_capture_guest_pointer(struct lgi_capture *c, bool visible)
{
	if (c->guest_pointer_hidden == !visible)
		return;
	c->guest_pointer_hidden = !visible;
	auto_capture(c);
}

void lgi_capture_focus(struct lgi_capture *c, bool focused)
{
	c->focused = focused;
	if (focused) {
		auto_capture(c);
		return;
	}
	c->escape_down = false;
	c->have_last = false;
	if (c->cfg.release_on_focus_loss)
		lgi_capture_release_all(c);
	lgi_capture_set(c, false);
}

void lgi_capture_motion(struct lgi_capture *c, int dx, int dy, bool inside, int gx, int gy)
{
	if (!mouse_on(c)) {
		c->have_last = false;
		return;
	}
	if (c->captured) {
		/* (sens + 10) / 10 of the move, in whole tenths so that no
		 * rounding drifts; the rest carries to the next move. */
		int x = dx * (c->sens + 10), y = dy * (c->sens + 10);
		if (c->cfg.smoothing) {
			/* Each move is the mean of it and the one before. */
			int sx = (x + c->prev_x) / 2, sy = (y + c->prev_y) / 2;
			c->prev_x = x;
			c->prev_y = y;
			x = sx;
			y = sy;
		}
		x += c->rest_x;
		y += c->rest_y;
		int ix = x / 10, iy = y / 10;
		c->rest_x = x - ix * 10;
		c->rest_y = y - iy * 10;
		if (ix || iy)
			c->cfg.sink->motion(c->cfg.sink_ctx, ix, iy);
		return;
	}
	if (!inside) {
		c->have_last = false;
		return;
	}
	if (!c->server_mouse) {
		c->cfg.sink->position(c->cfg.sink_ctx, gx, gy);
	} else if (!c->have_last) {
		/* Entering: the guest's pointer jumps under ours first. */
		if (c->cfg.win->align)
			c->cfg.win->align(c->cfg.win_ctx, gx, gy);
	} else if (gx != c->last_x || gy != c->last_y) {
		/* Server mode outside capture: the guest pixels the pointer
		 * crossed. */
		c->cfg.sink->motion(c->cfg.sink_ctx, gx - c->last_x, gy - c->last_y);
	}
	c->have_last = true;
	c->last_x = gx;
	c->last_y = gy;
}

void lgi_capture_button(struct lgi_capture *c, enum lgi_button b, bool down, bool inside)
{
	/* Releases always pass: the session ignores a button it never sent. */
	if (down && (!mouse_on(c) || !(c->captured || inside)))
		return;
	c->cfg.sink->button(c->cfg.sink_ctx, b, down);
}

void lgi_capture_wheel(struct lgi_capture *c, int clicks, bool inside)
{
	if (!mouse_on(c) || !(c->captured || inside))
		return;
	enum lgi_button b = clicks > 0 ? LGI_BUTTON_WHEEL_UP : LGI_BUTTON_WHEEL_DOWN;
	for (int n = ABS(CLAMP(clicks, -32, 32)); n > 0; --n) {
		c->cfg.sink->button(c->cfg.sink_ctx, b, true);
		c->cfg.sink->button(c->cfg.sink_ctx, b, false);
	}
}

void lgi_capture_set_server_mouse(struct lgi_capture *c, bool server)
{
	if (c->server_mouse != server)
		c->have_last = false;
	c->server_mouse = server;
}

void lgi_capture_pointer_left(struct lgi_capture *c)
{
	c->have_last = false;
}

bool lgi_capture_following(const struct lgi_capture *c)
{
	return !c->captured && c->server_mouse && c->have_last && mouse_on(c);
}

bool lgi_capture_escape_held(const struct lgi_capture *c)
{
	return c->escape_down && !c->chorded;
}

const char *lgi_capture_chords(void)
{
	return "escape key: tap to capture or release the mouse and keyboard; hold it with\n"
	       "Q quit, F fullscreen, D overlay, R rotate, I guest input on/off,\n"
	       "V frames on/off, N night (dim), E microphone on/off, M mute, Up/Down volume,\n"
	       "F1-F12 Ctrl+Alt+Fn, LWin/RWin the Windows key, Insert/Delete mouse speed";
}

void lgi_capture_describe(const struct lgi_capture *c, char *buf, unsigned len)
{
	if (!c->input_on)
		g_snprintf(buf, len, "guest input off (escape key + I)");
	else if (c->captured)
		g_snprintf(buf, len, "captured (escape key releases), mouse speed %d", c->sens);
	else
		buf[0] = '\0';
}
