/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the keyboard and mouse of lgview's window do: the escape key (Scroll
 * Lock by default) and its chords, capture mode, which keys and mouse
 * events go to the guest and how. SDL-independent: keys are USB HID usages
 * (which are SDL's scancode numbers), the window's events arrive already
 * mapped (window deltas, the guest pixel under the pointer). The guest's
 * side is a sink (lgview's SPICE session; a recorder in tests), the
 * window's side a small ops table that host-client implements (grab,
 * relative mode, pointer visibility, the window's own actions).
 *
 * Threads: everything here, the sink's and the window ops' calls included,
 * runs on the main thread.
 */
#ifndef INPUT_CAPTURE_H
#define INPUT_CAPTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "input/input.h"

/* The window's own actions, from the escape key's chords. */
enum lgi_action {
	LGI_ACTION_QUIT,       /* Q */
	LGI_ACTION_FULLSCREEN, /* F */
	LGI_ACTION_OVERLAY,    /* D */
	LGI_ACTION_ROTATE,     /* R */
	LGI_ACTION_FRAMES,     /* V: frames on/off */
	LGI_ACTION_NIGHT,      /* N: the picture dimmed or not */
	LGI_ACTION_MIC,        /* E: the microphone allowed or not */
	LGI_ACTION_MUTE,       /* M: the VM's sound muted or not */
	LGI_ACTION_VOLUME_UP,  /* Up */
	LGI_ACTION_VOLUME_DOWN, /* Down */
};

/* Where guest input goes. */
struct lgi_sink {
	void (*key)(void *ctx, uint32_t key, bool down);
	void (*release_all)(void *ctx);
	void (*motion)(void *ctx, int dx, int dy);
	void (*position)(void *ctx, int x, int y);
	void (*button)(void *ctx, enum lgi_button b, bool down);
	void (*mouse_mode)(void *ctx, bool server);
};

struct lgi_window_ops {
	/* Capture on: grab the pointer (relative mode, hidden) and, when
	 * grab_keyboard, the keyboard; off: give both back. */
	void (*set_capture)(void *ctx, bool on, bool grab_keyboard);
	void (*action)(void *ctx, enum lgi_action a);
	/* Server mouse mode, the pointer entering the picture outside
	 * capture: put the guest's pointer at guest pixel (x, y), under ours,
	 * before relative moves follow. Optional. */
	void (*align)(void *ctx, int x, int y);
	/* Something to show in the window changed (capture, input on/off,
	 * sensitivity): see lgi_capture_describe. */
	void (*changed)(void *ctx);
};

struct lgi_capture_config {
	int escape_linux_key; /* input:escapeKey, a Linux input keycode */
	bool grab_keyboard;   /* input:grabKeyboard */
	bool release_on_focus_loss; /* input:releaseKeysOnFocusLoss */
	int sens;             /* input:mouseSens, -9..9 */
	bool ignore_windows_keys; /* input:ignoreWindowsKeys: LWin/RWin only by chord */
	bool capture_only;    /* input:captureOnly: nothing reaches the guest outside capture */
	bool auto_capture;    /* input:autoCapture: capture while the guest hides its pointer */
	bool smoothing;       /* input:mouseSmoothing: average captured moves in pairs */
	const struct lgi_sink *sink;
	void *sink_ctx;
	const struct lgi_window_ops *win;
	void *win_ctx;
};

#define LGI_KEYS 512u

struct lgi_capture {
	struct lgi_capture_config cfg;
	uint32_t escape;  /* HID usage */
	bool escape_down, chorded;
	bool captured;
	bool input_on;    /* Esc+I turns guest input off and on */
	bool server_mouse;
	bool have_last;   /* last guest position, for relative moves outside capture */
	int last_x, last_y;
	int rest_x, rest_y; /* what sensitivity scaling left over, in tenths */
	int sens;
	bool focused;
	bool guest_pointer_hidden; /* the guest hides its pointer (a game) */
	bool auto_captured;   /* capture came from input:autoCapture */
	int prev_x, prev_y;   /* mouseSmoothing: the last move, in tenths */
	bool sent[LGI_KEYS]; /* keys the guest has down, from us */
};

/* The HID usage of a Linux input keycode (input:escapeKey), 0 if unknown. */
uint32_t lgi_linux_key_to_usage(int keycode);

void lgi_capture_init(struct lgi_capture *c, const struct lgi_capture_config *cfg);

/* A key of the window; repeat: the host's autorepeat (sent on: the guest
 * may have no autorepeat of its own). */
void lgi_capture_key(struct lgi_capture *c, uint32_t key, bool down, bool repeat);
/* The window gained or lost the keyboard focus. */
void lgi_capture_focus(struct lgi_capture *c, bool focused);
/* The pointer moved by (dx, dy) window pixels (relative mode: raw deltas);
 * inside: it is over the picture, at guest pixel (gx, gy). */
void lgi_capture_motion(struct lgi_capture *c, int dx, int dy, bool inside, int gx, int gy);
void lgi_capture_button(struct lgi_capture *c, enum lgi_button b, bool down, bool inside);
/* Wheel clicks: > 0 away from the user (up), < 0 towards. */
void lgi_capture_wheel(struct lgi_capture *c, int clicks, bool inside);
/* The guest shows or hides its pointer (input:autoCapture follows it: a
 * game that hides it is captured while the window has the focus, and let
 * go when it shows it again, unless the user took capture himself). */
void lgi_capture_guest_pointer(struct lgi_capture *c, bool visible);
/* The SPICE server's mouse mode (server: relative). */
void lgi_capture_set_server_mouse(struct lgi_capture *c, bool server);
void lgi_capture_set(struct lgi_capture *c, bool on);
/* Tell the guest to let go of every key and button (and forget them). */
void lgi_capture_release_all(struct lgi_capture *c);

/* The pointer left the window: entering again lines the guest's up anew. */
void lgi_capture_pointer_left(struct lgi_capture *c);
/* Outside capture in server mouse mode, the guest's pointer follows ours:
 * it was lined up under it and has not left the picture since. */
bool lgi_capture_following(const struct lgi_capture *c);

/* Held longer than the help delay: what the host shows (the chord list). */
bool lgi_capture_escape_held(const struct lgi_capture *c);
const char *lgi_capture_chords(void);
/* One line for the window: "capture" or not, input off, sensitivity. */
void lgi_capture_describe(const struct lgi_capture *c, char *buf, unsigned len);

#endif
