/* SPDX-License-Identifier: GPL-2.0-or-later */
/* EWMH workspace placement (X11 only; a no-op elsewhere). Main thread. */
#ifndef LGVIEW_X11_WORKSPACE_H
#define LGVIEW_X11_WORKSPACE_H

#include <SDL.h>
#include <stdbool.h>

/* Ask the window manager to put the (already mapped) window on desktop n:
 * a _NET_WM_DESKTOP client message to the root window. Setting the property
 * before mapping makes some WMs never map the window. */
bool lgv_x11_set_workspace(SDL_Window *win, int desktop);

#endif
