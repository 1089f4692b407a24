// SPDX-License-Identifier: GPL-2.0-or-later
#define G_LOG_DOMAIN "lgview-window"
#include <SDL_syswm.h>
#include <epoxy/egl.h>
#include <epoxy/gl.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "guest-proto/wire_b7.h"
#include "window.h"
#include "x11_workspace.h"

bool lgv_window_wants_egl(const struct lgv_options *opt, bool region_is_device)
{
	const char *api = opt->gl_interface ? opt->gl_interface : "auto";
	if (strcmp(api, "auto"))
		return !strcmp(api, "egl");
	const char *up = opt->uploader ? opt->uploader : "auto";
	return opt->allow_dma && region_is_device && (!strcmp(up, "auto") || !strcmp(up, "dmabuf"));
}

void lgv_window_hints(const struct lgv_options *opt, bool region_is_device)
{
	/* SDL 2.26 reads the class/app id from these at window creation. */
	g_setenv("SDL_VIDEO_X11_WMCLASS", opt->app_id, TRUE);
	g_setenv("SDL_VIDEO_WAYLAND_WMCLASS", opt->app_id, TRUE);
	SDL_SetHint(SDL_HINT_APP_NAME, opt->app_id);
	/* On X11, GLX unless EGL is asked for or the dma-buf import may need
	 * it: Mesa presents through GLX faster (1.2 against 3-8 ms a 1080p
	 * frame on llvmpipe). The environment's SDL_VIDEO_X11_FORCE_EGL wins. */
	SDL_SetHint(SDL_HINT_VIDEO_X11_FORCE_EGL,
		    lgv_window_wants_egl(opt, region_is_device) ? "1" : "0");
	SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
	/* We decide about the screensaver ourselves. */
	SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "1");
}

int lgv_display_pick(const char *spec, const char *const *names, int n)
{
	char *end;
	long idx;

	if (!spec || !*spec)
		return -1;
	idx = strtol(spec, &end, 10);
	if (*end == '\0')
		return idx >= 0 && idx < n ? (int)idx : -1;
	for (int i = 0; i < n; ++i)
		if (names[i] && !g_ascii_strcasecmp(names[i], spec))
			return i;
	return -1;
}

char *lgv_display_miss_text(const char *spec, const char *const *names, int n)
{
	GString *s = g_string_new(NULL);

	g_string_printf(s, "win:display '%s' matches no display", spec);
	if (n <= 0) {
		g_string_append(s, ", and SDL reports none; using the default");
		return g_string_free(s, FALSE);
	}
	g_string_append_printf(s, "; there %s %d (give an index or a name):", n == 1 ? "is" : "are",
			       n);
	for (int i = 0; i < n; ++i) {
		g_string_append_printf(s, "%s %d", i ? "," : "", i);
		if (names[i])
			g_string_append_printf(s, " '%s'", names[i]);
		else
			g_string_append(s, " (no name)");
	}
	g_string_append(s, "; using display 0");
	return g_string_free(s, FALSE);
}

/* SDL's display names, which stay valid while its video subsystem is up. */
static const char **display_names(int *n)
{
	const char **names;

	*n = SDL_GetNumVideoDisplays();
	if (*n < 0)
		*n = 0;
	names = g_new0(const char *, *n + 1);
	for (int i = 0; i < *n; ++i)
		names[i] = SDL_GetDisplayName(i);
	return names;
}

int lgv_window_find_display(const char *spec)
{
	int n, idx;
	const char **names = display_names(&n);

	idx = lgv_display_pick(spec, names, n);
	if (idx < 0 && spec && *spec) {
		char *why = lgv_display_miss_text(spec, names, n);
		g_warning("%s", why);
		g_free(why);
	}
	g_free(names);
	return idx;
}

static SDL_GLContext make_context(SDL_Window *win)
{
	SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
	SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
	SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
	SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
	SDL_GL_SetAttribute(SDL_GL_ALPHA_SIZE, 0);
	return SDL_GL_CreateContext(win);
}

bool lgv_window_create(struct lgv_window *w, const struct lgv_options *opt)
{
	memset(w, 0, sizeof(*w));
	int display = lgv_window_find_display(opt->display);
	int x = SDL_WINDOWPOS_CENTERED_DISPLAY(display < 0 ? 0 : display);
	int y = x;
	if (!opt->position_center) {
		SDL_Rect b;
		x = opt->pos_x;
		y = opt->pos_y;
		if (display >= 0 && SDL_GetDisplayBounds(display, &b) == 0) {
			x += b.x;
			y += b.y;
		}
	}
	Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_HIDDEN;
	if (opt->allow_resize)
		flags |= SDL_WINDOW_RESIZABLE;
	if (opt->borderless)
		flags |= SDL_WINDOW_BORDERLESS;
	if (opt->maximize)
		flags |= SDL_WINDOW_MAXIMIZED;
	w->sdl = SDL_CreateWindow(opt->title, x, y, opt->width, opt->height, flags);
	if (!w->sdl) {
		g_warning("cannot create the window: %s", SDL_GetError());
		return false;
	}
	w->gl = make_context(w->sdl);
	if (!w->gl) {
		g_warning("no OpenGL 3.3 core context: %s", SDL_GetError());
		lgv_window_destroy(w);
		return false;
	}
	w->egl = eglGetCurrentContext() != EGL_NO_CONTEXT;
	SDL_GL_SetSwapInterval(opt->vsync ? 1 : 0);
	g_message("OpenGL: %s, %s, via %s", (const char *)glGetString(GL_RENDERER),
		  (const char *)glGetString(GL_VERSION), w->egl ? "EGL" : "GLX");

	SDL_ShowWindow(w->sdl);
	if (opt->fullscreen)
		lgv_window_set_fullscreen(w, true);
	/* EWMH: ask the WM to move the mapped window to a workspace. */
	if (opt->workspace >= 0)
		lgv_x11_set_workspace(w->sdl, opt->workspace);
	return true;
}

void lgv_window_destroy(struct lgv_window *w)
{
	if (w->inhibiting)
		SDL_EnableScreenSaver();
	if (w->gl)
		SDL_GL_DeleteContext(w->gl);
	if (w->sdl)
		SDL_DestroyWindow(w->sdl);
	memset(w, 0, sizeof(*w));
}

void lgv_window_set_fullscreen(struct lgv_window *w, bool on)
{
	if (SDL_SetWindowFullscreen(w->sdl, on ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0) < 0)
		g_warning("fullscreen: %s", SDL_GetError());
	else
		w->fullscreen = on;
}

void lgv_window_size(struct lgv_window *w, int *width, int *height)
{
	SDL_GL_GetDrawableSize(w->sdl, width, height);
}

bool lgv_screensaver_inhibited(const struct lgv_options *opt, bool running, uint32_t frame_flags)
{
	return opt->no_screensaver ||
	       (opt->auto_screensaver && running &&
		(frame_flags & KVMFR20_FRAME_FLAG_BLOCK_SCREENSAVER));
}

void lgv_window_inhibit(struct lgv_window *w, bool on)
{
	if (on == w->inhibiting)
		return;
	if (on)
		SDL_DisableScreenSaver();
	else
		SDL_EnableScreenSaver();
	w->inhibiting = on;
	g_debug("screensaver %s", on ? "inhibited" : "allowed");
}
