/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The escape key (Scroll Lock by default, as in Looking Glass) and its
 * chords: Esc+Q quit, Esc+F fullscreen, Esc+D overlay, Esc+R rotate.
 * Main thread.
 */
#ifndef LGVIEW_KEYS_H
#define LGVIEW_KEYS_H

#include <SDL.h>
#include <stdbool.h>

enum lgv_action {
	LGV_ACTION_NONE,
	LGV_ACTION_QUIT,
	LGV_ACTION_FULLSCREEN,
	LGV_ACTION_OVERLAY,
	LGV_ACTION_ROTATE,
	LGV_ACTION_ESCAPE_TAP, /* the escape key alone: capture toggle (input) */
};

struct lgv_keys {
	SDL_Scancode escape;
	bool down;
	bool chorded;
};

/* A Linux input keycode (input:escapeKey) to an SDL scancode; UNKNOWN when
 * the key is not in our table. */
SDL_Scancode lgv_linux_key_to_sdl(int keycode);

void lgv_keys_init(struct lgv_keys *k, int linux_keycode);
/* Feed a key event; returns what the user asked for, if anything. The
 * escape key and chord keys are not meant for the guest when *consumed. */
enum lgv_action lgv_keys_event(struct lgv_keys *k, const SDL_KeyboardEvent *e, bool *consumed);

#endif
