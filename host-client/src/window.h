/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The window: SDL2 with an OpenGL 3.3 core context (EGL preferred, so that
 * dma-buf import works; GLX otherwise). Windowed, borderless or desktop
 * fullscreen on a chosen display; placed on an EWMH workspace on X11;
 * WM_CLASS / Wayland app id from win:appId; screensaver inhibition.
 * Main thread only.
 */
#ifndef LGVIEW_WINDOW_H
#define LGVIEW_WINDOW_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "options.h"

struct lgv_window {
	SDL_Window *sdl;
	SDL_GLContext gl;
	bool egl;
	bool fullscreen;
	bool inhibiting;
};

/* Whether to make the GL context through EGL on X11 (win:glInterface).
 * auto: GLX, unless the dma-buf uploader may be used (allowed, wanted by
 * app:uploader, and the shared memory a kvmfr device), which needs EGL. */
bool lgv_window_wants_egl(const struct lgv_options *opt, bool region_is_device);
/* Call before SDL_Init: app id and GL hints. */
void lgv_window_hints(const struct lgv_options *opt, bool region_is_device);
bool lgv_window_create(struct lgv_window *w, const struct lgv_options *opt);
void lgv_window_destroy(struct lgv_window *w);

void lgv_window_set_fullscreen(struct lgv_window *w, bool on);
void lgv_window_size(struct lgv_window *w, int *width, int *height); /* drawable pixels */
/* win:noScreensaver always; win:autoScreensaver while the running guest's
 * frames ask for it (BLOCK_SCREENSAVER). Pure. */
bool lgv_screensaver_inhibited(const struct lgv_options *opt, bool running, uint32_t frame_flags);
/* Inhibit the screensaver or let it run. */
void lgv_window_inhibit(struct lgv_window *w, bool on);

/* The display index for win:display (a number or a name), -1 if none; a
 * spec that matches nothing is warned about, with the displays there are. */
int lgv_window_find_display(const char *spec);
/* The index among names[0..n) (entries may be NULL) that spec picks: an
 * index, or a name without regard to case; -1 if none. Pure. */
int lgv_display_pick(const char *spec, const char *const *names, int n);
/* The warning for a spec that picks none of them: it lists each display's
 * index and name. Pure; g_free() the text. */
char *lgv_display_miss_text(const char *spec, const char *const *names, int n);

#endif
