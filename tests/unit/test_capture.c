// SPDX-License-Identifier: GPL-2.0-or-later
/* The window's keyboard and mouse for the guest (input/capture.c): the
 * escape key never reaches the guest and a tap toggles capture; chords act
 * and are not sent; a key down before a chord still comes up; focus loss
 * releases everything and ends capture; mouse sensitivity with its
 * remainder carried; absolute positions in client mouse mode and crossed
 * guest pixels in server mode; buttons and the wheel only over the
 * picture unless captured. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib.h>
#include <SDL.h>
#include <string.h>

#include "input/capture.h"

static GString *log_;

static void s_key(void *ctx, uint32_t key, bool down)
{
	(void)ctx;
	g_string_append_printf(log_, "key %u %s;", key, down ? "down" : "up");
}
static void s_release_all(void *ctx)
{
	(void)ctx;
	g_string_append(log_, "release_all;");
}
static void s_motion(void *ctx, int dx, int dy)
{
	(void)ctx;
	g_string_append_printf(log_, "motion %d %d;", dx, dy);
}
static void s_position(void *ctx, int x, int y)
{
	(void)ctx;
	g_string_append_printf(log_, "pos %d %d;", x, y);
}
static void s_button(void *ctx, enum lgi_button b, bool down)
{
	(void)ctx;
	g_string_append_printf(log_, "button %d %s;", b, down ? "down" : "up");
}
static void s_mode(void *ctx, bool server)
{
	(void)ctx;
	g_string_append_printf(log_, "mode %s;", server ? "server" : "client");
}
static void w_capture(void *ctx, bool on, bool grab)
{
	(void)ctx;
	g_string_append_printf(log_, "capture %s%s;", on ? "on" : "off", on && grab ? " grab" : "");
}
static void w_action(void *ctx, enum lgi_action a)
{
	(void)ctx;
	g_string_append_printf(log_, "action %d;", a);
}
static void w_changed(void *ctx)
{
	(void)ctx;
}
static void w_align(void *ctx, int x, int y)
{
	(void)ctx;
	g_string_append_printf(log_, "align %d %d;", x, y);
}

static const struct lgi_sink sink = {s_key, s_release_all, s_motion, s_position, s_button,
				     s_mode};
static const struct lgi_window_ops win = {w_capture, w_action, w_align, w_changed};

static void init(struct lgi_capture *c, int sens)
{
	struct lgi_capture_config cfg = {.escape_linux_key = 70, .grab_keyboard = true,
					 .release_on_focus_loss = true, .sens = sens,
					 .sink = &sink, .win = &win};
	lgi_capture_init(c, &cfg);
	g_string_truncate(log_, 0);
}

static void press(struct lgi_capture *c, uint32_t k)
{
	lgi_capture_key(c, k, true, false);
	lgi_capture_key(c, k, false, false);
}

#define EXPECT(want)                                                                     \
	do {                                                                             \
		assert_string_equal(log_->str, want);                                    \
		g_string_truncate(log_, 0);                                              \
	} while (0)

static void test_keys_and_escape(void **state)
{
	(void)state;
	struct lgi_capture c;
	init(&c, 0);
	press(&c, SDL_SCANCODE_A);
	lgi_capture_key(&c, SDL_SCANCODE_A, true, true); /* autorepeat goes on */
	EXPECT("key 4 down;key 4 up;key 4 down;");
	press(&c, SDL_SCANCODE_SCROLLLOCK); /* the escape key: a tap captures */
	EXPECT("capture on grab;mode server;");
	assert_true(c.captured);
	press(&c, SDL_SCANCODE_SCROLLLOCK);
	EXPECT("capture off;mode client;");
	/* A different escape key by its Linux code (97: right Ctrl). */
	struct lgi_capture_config cfg = c.cfg;
	cfg.escape_linux_key = 97;
	lgi_capture_init(&c, &cfg);
	press(&c, SDL_SCANCODE_SCROLLLOCK);
	EXPECT("key 71 down;key 71 up;");
	assert_int_equal(lgi_linux_key_to_usage(97), SDL_SCANCODE_RCTRL);
	assert_int_equal(lgi_linux_key_to_usage(12345), 0);
}

static void test_chords(void **state)
{
	(void)state;
	struct lgi_capture c;
	init(&c, 0);
	lgi_capture_key(&c, SDL_SCANCODE_LSHIFT, true, false); /* down before the chord */
	lgi_capture_key(&c, SDL_SCANCODE_SCROLLLOCK, true, false);
	assert_true(lgi_capture_escape_held(&c));
	press(&c, SDL_SCANCODE_Q);
	press(&c, SDL_SCANCODE_F);
	press(&c, SDL_SCANCODE_D);
	press(&c, SDL_SCANCODE_R);
	press(&c, SDL_SCANCODE_V);
	press(&c, SDL_SCANCODE_N);
	press(&c, SDL_SCANCODE_E);
	press(&c, SDL_SCANCODE_M);
	press(&c, SDL_SCANCODE_UP);
	press(&c, SDL_SCANCODE_DOWN);
	assert_false(lgi_capture_escape_held(&c));
	lgi_capture_key(&c, SDL_SCANCODE_LSHIFT, false, false); /* still comes up */
	press(&c, SDL_SCANCODE_F2);
	press(&c, SDL_SCANCODE_LGUI);
	press(&c, SDL_SCANCODE_INSERT);
	press(&c, SDL_SCANCODE_INSERT);
	lgi_capture_key(&c, SDL_SCANCODE_SCROLLLOCK, false, false); /* chorded: no toggle */
	EXPECT("key 225 down;action 0;action 1;action 2;action 3;action 4;action 5;action 6;"
	       "action 7;action 8;action 9;key 225 up;"
	       "key 224 down;key 226 down;key 59 down;key 59 up;key 226 up;key 224 up;"
	       "key 227 down;key 227 up;");
	assert_false(c.captured);
	assert_int_equal(c.sens, 2);
	/* Esc+I: guest input off (all released), then keys go nowhere. */
	lgi_capture_key(&c, SDL_SCANCODE_SCROLLLOCK, true, false);
	press(&c, SDL_SCANCODE_I);
	lgi_capture_key(&c, SDL_SCANCODE_SCROLLLOCK, false, false);
	press(&c, SDL_SCANCODE_A);
	lgi_capture_motion(&c, 5, 5, true, 10, 10);
	lgi_capture_button(&c, LGI_BUTTON_LEFT, true, true);
	EXPECT("release_all;");
	char text[128];
	lgi_capture_describe(&c, text, sizeof(text));
	assert_non_null(strstr(text, "input off"));
	lgi_capture_key(&c, SDL_SCANCODE_SCROLLLOCK, true, false);
	press(&c, SDL_SCANCODE_I);
	lgi_capture_key(&c, SDL_SCANCODE_SCROLLLOCK, false, false);
	press(&c, SDL_SCANCODE_A);
	EXPECT("key 4 down;key 4 up;");
	assert_non_null(strstr(lgi_capture_chords(), "Ctrl+Alt+Fn"));
}

static void test_focus_loss(void **state)
{
	(void)state;
	struct lgi_capture c;
	init(&c, 0);
	lgi_capture_set(&c, true);
	lgi_capture_key(&c, SDL_SCANCODE_W, true, false);
	lgi_capture_focus(&c, false);
	lgi_capture_key(&c, SDL_SCANCODE_W, false, false); /* released already */
	EXPECT("capture on grab;mode server;key 26 down;release_all;capture off;mode client;");
	assert_false(c.captured);
}

static void test_captured_motion(void **state)
{
	(void)state;
	struct lgi_capture c;
	init(&c, 0);
	lgi_capture_set(&c, true);
	g_string_truncate(log_, 0);
	lgi_capture_motion(&c, 3, -4, false, 0, 0); /* outside the picture too */
	EXPECT("motion 3 -4;");
	/* Sensitivity 5: 1.5 times, the rest carried to the next move. */
	init(&c, 5);
	lgi_capture_set(&c, true);
	g_string_truncate(log_, 0);
	lgi_capture_motion(&c, 1, 0, true, 0, 0);
	lgi_capture_motion(&c, 1, 0, true, 0, 0);
	lgi_capture_motion(&c, -3, 0, true, 0, 0);
	EXPECT("motion 1 0;motion 2 0;motion -4 0;");
	/* -9: a tenth; nothing until whole pixels add up. */
	init(&c, -9);
	lgi_capture_set(&c, true);
	g_string_truncate(log_, 0);
	for (int i = 0; i < 10; ++i)
		lgi_capture_motion(&c, 1, 0, true, 0, 0);
	EXPECT("motion 1 0;");
}

static void test_uncaptured_motion(void **state)
{
	(void)state;
	struct lgi_capture c;
	init(&c, 0);
	/* Client (absolute) mode: positions, only over the picture. */
	lgi_capture_set_server_mouse(&c, false);
	lgi_capture_motion(&c, 1, 1, true, 100, 200);
	lgi_capture_motion(&c, 1, 1, false, 0, 0);
	EXPECT("pos 100 200;");
	/* Server mode: entering lines the guest's pointer up under ours, then
	 * the guest pixels crossed follow; leaving the picture starts over. */
	lgi_capture_set_server_mouse(&c, true);
	lgi_capture_motion(&c, 1, 1, true, 100, 200);
	lgi_capture_motion(&c, 1, 1, true, 104, 197);
	lgi_capture_motion(&c, 1, 1, true, 104, 197);
	lgi_capture_motion(&c, 1, 1, false, 0, 0);
	lgi_capture_motion(&c, 1, 1, true, 10, 10);
	lgi_capture_motion(&c, 1, 1, true, 11, 10);
	EXPECT("align 100 200;motion 4 -3;align 10 10;motion 1 0;");
}

/* input:ignoreWindowsKeys: the Windows keys reach the guest only by chord. */
static void test_ignore_windows_keys(void **state)
{
	(void)state;
	struct lgi_capture c;
	init(&c, 0);
	struct lgi_capture_config cfg = c.cfg;
	cfg.ignore_windows_keys = true;
	lgi_capture_init(&c, &cfg);
	press(&c, SDL_SCANCODE_LGUI);
	press(&c, SDL_SCANCODE_RGUI);
	press(&c, SDL_SCANCODE_A);
	EXPECT("key 4 down;key 4 up;");
	lgi_capture_key(&c, SDL_SCANCODE_SCROLLLOCK, true, false);
	press(&c, SDL_SCANCODE_LGUI);
	lgi_capture_key(&c, SDL_SCANCODE_SCROLLLOCK, false, false);
	EXPECT("key 227 down;key 227 up;");
}

/* input:captureOnly: outside capture nothing reaches the guest, the escape
 * key's chords still work; a key held across release still comes up. */
static void test_capture_only(void **state)
{
	(void)state;
	struct lgi_capture c;
	init(&c, 0);
	struct lgi_capture_config cfg = c.cfg;
	cfg.capture_only = true;
	lgi_capture_init(&c, &cfg);
	press(&c, SDL_SCANCODE_A);
	lgi_capture_motion(&c, 3, 3, true, 10, 10);
	lgi_capture_button(&c, LGI_BUTTON_LEFT, true, true);
	lgi_capture_wheel(&c, 1, true);
	EXPECT("");
	lgi_capture_button(&c, LGI_BUTTON_LEFT, false, true);
	EXPECT("button 1 up;"); /* releases always pass */
	press(&c, SDL_SCANCODE_SCROLLLOCK);
	EXPECT("capture on grab;mode server;");
	lgi_capture_key(&c, SDL_SCANCODE_A, true, false);
	lgi_capture_motion(&c, 3, 3, true, 10, 10);
	press(&c, SDL_SCANCODE_SCROLLLOCK);
	lgi_capture_key(&c, SDL_SCANCODE_A, false, false);
	lgi_capture_motion(&c, 3, 3, true, 10, 10);
	EXPECT("key 4 down;motion 3 3;capture off;mode client;key 4 up;");
}

/* input:autoCapture: a guest hiding its pointer is captured while focused,
 * let go when it shows it again; the user's own capture stays his. */
static void test_auto_capture(void **state)
{
	(void)state;
	struct lgi_capture c;
	init(&c, 0);
	struct lgi_capture_config cfg = c.cfg;
	cfg.auto_capture = true;
	lgi_capture_init(&c, &cfg);
	lgi_capture_guest_pointer(&c, false);
	assert_true(c.captured);
	lgi_capture_guest_pointer(&c, true);
	assert_false(c.captured);
	/* Not focused: nothing, until the focus comes back. */
	lgi_capture_focus(&c, false);
	lgi_capture_guest_pointer(&c, false);
	assert_false(c.captured);
	lgi_capture_focus(&c, true);
	assert_true(c.captured);
	/* A tap of the escape key gives it back, and it stays given back. */
	press(&c, SDL_SCANCODE_SCROLLLOCK);
	assert_false(c.captured);
	lgi_capture_guest_pointer(&c, false);
	assert_false(c.captured);
	/* Captured by the user: the guest showing its pointer keeps it. */
	lgi_capture_guest_pointer(&c, true);
	press(&c, SDL_SCANCODE_SCROLLLOCK);
	assert_true(c.captured);
	lgi_capture_guest_pointer(&c, false);
	lgi_capture_guest_pointer(&c, true);
	assert_true(c.captured);
	/* Off by default. */
	init(&c, 0);
	lgi_capture_guest_pointer(&c, false);
	assert_false(c.captured);
}

/* input:mouseSmoothing: each captured move the mean of it and the one
 * before. */
static void test_mouse_smoothing(void **state)
{
	(void)state;
	struct lgi_capture c;
	init(&c, 0);
	struct lgi_capture_config cfg = c.cfg;
	cfg.smoothing = true;
	lgi_capture_init(&c, &cfg);
	lgi_capture_set(&c, true);
	g_string_truncate(log_, 0);
	lgi_capture_motion(&c, 10, 0, true, 0, 0);
	lgi_capture_motion(&c, 10, 0, true, 0, 0);
	lgi_capture_motion(&c, 0, 4, true, 0, 0);
	EXPECT("motion 5 0;motion 10 0;motion 5 2;");
}

static void test_buttons_and_wheel(void **state)
{
	(void)state;
	struct lgi_capture c;
	init(&c, 0);
	lgi_capture_button(&c, LGI_BUTTON_LEFT, true, false); /* on a letterbox bar */
	lgi_capture_button(&c, LGI_BUTTON_RIGHT, true, true);
	lgi_capture_button(&c, LGI_BUTTON_RIGHT, false, false); /* released outside */
	lgi_capture_wheel(&c, 2, true);
	lgi_capture_wheel(&c, -1, false);
	EXPECT("button 3 down;button 3 up;button 4 down;button 4 up;button 4 down;"
	       "button 4 up;");
	lgi_capture_set(&c, true);
	g_string_truncate(log_, 0);
	lgi_capture_wheel(&c, -1, false); /* captured: anywhere */
	lgi_capture_button(&c, LGI_BUTTON_SIDE, true, false);
	EXPECT("button 5 down;button 5 up;button 6 down;");
}

int main(void)
{
	log_ = g_string_new(NULL);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_and_escape),  cmocka_unit_test(test_chords),
		cmocka_unit_test(test_focus_loss),       cmocka_unit_test(test_captured_motion),
		cmocka_unit_test(test_uncaptured_motion), cmocka_unit_test(test_buttons_and_wheel),
		cmocka_unit_test(test_ignore_windows_keys), cmocka_unit_test(test_capture_only),
		cmocka_unit_test(test_auto_capture), cmocka_unit_test(test_mouse_smoothing),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	g_string_free(log_, TRUE);
	return r;
}
