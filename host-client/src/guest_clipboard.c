// SPDX-License-Identifier: GPL-2.0-or-later
#define G_LOG_DOMAIN "lgview-clipboard"
#include <SDL_syswm.h>
#include <glib.h>
#include <pthread.h>
#include <stdatomic.h>

#include "guest_clipboard.h"
#include "input/clipboard_local.h"

struct lgv_guest_clipboard {
	const struct lgi_clipboard_backend_ops *be;
	void *b;
	atomic_bool allowed;
	pthread_mutex_t lock; /* in: the backend's thread uses it, attach changes it */
	struct lgi_input *in;
};

/* ---- the SPICE thread: the guest's side into the backend ---- */

static void on_guest_grab(void *ctx, unsigned types)
{
	struct lgv_guest_clipboard *gc = ctx;
	gc->be->claim(gc->b, atomic_load(&gc->allowed) ? types : 0);
}

static void on_guest_data(void *ctx, enum lgi_clip_type t, const uint8_t *data, size_t len)
{
	struct lgv_guest_clipboard *gc = ctx;
	bool ok = atomic_load(&gc->allowed);
	gc->be->supply(gc->b, t, ok ? data : NULL, ok ? len : 0);
}

static void on_guest_request(void *ctx, enum lgi_clip_type t)
{
	struct lgv_guest_clipboard *gc = ctx;
	if (atomic_load(&gc->allowed)) {
		gc->be->fetch(gc->b, t);
		return;
	}
	pthread_mutex_lock(&gc->lock);
	if (gc->in)
		lgi_input_clipboard_data(gc->in, t, NULL, 0);
	pthread_mutex_unlock(&gc->lock);
}

static const struct lgi_clip_local_ops local_ops = {on_guest_grab, on_guest_data, on_guest_request};

/* ---- the backend's thread: the desktop's side into the session ---- */

static void on_local_grab(void *ctx, unsigned types)
{
	struct lgv_guest_clipboard *gc = ctx;
	pthread_mutex_lock(&gc->lock);
	if (gc->in && atomic_load(&gc->allowed))
		lgi_input_clipboard_grab(gc->in, types);
	pthread_mutex_unlock(&gc->lock);
}

static void on_need_data(void *ctx, enum lgi_clip_type t)
{
	struct lgv_guest_clipboard *gc = ctx;
	bool ok = atomic_load(&gc->allowed); /* read once: one answer either way */
	pthread_mutex_lock(&gc->lock);
	struct lgi_input *in = gc->in;
	if (in && ok)
		lgi_input_clipboard_request(in, t);
	pthread_mutex_unlock(&gc->lock);
	if (!in || !ok)
		gc->be->supply(gc->b, t, NULL, 0);
}

static void on_local_data(void *ctx, enum lgi_clip_type t, const uint8_t *data, size_t len)
{
	struct lgv_guest_clipboard *gc = ctx;
	pthread_mutex_lock(&gc->lock);
	if (gc->in)
		lgi_input_clipboard_data(gc->in, t, atomic_load(&gc->allowed) ? data : NULL, len);
	pthread_mutex_unlock(&gc->lock);
}

static const struct lgi_clipboard_events events = {on_local_grab, on_need_data, on_local_data};

struct lgv_guest_clipboard *lgv_guest_clipboard_create(const struct lgv_options *opt,
						       SDL_Window *win)
{
	if (!opt->clipboard || (!opt->clipboard_to_vm && !opt->clipboard_to_local)) {
		g_message("clipboard: off (spice:clipboard, clipboardToVM, clipboardToLocal)");
		return NULL;
	}
#ifdef LGI_HAVE_X11_CLIPBOARD
	/* X11, or XWayland (SDL's default on a Wayland desktop). */
	SDL_SysWMinfo info;
	SDL_VERSION(&info.version);
	if (!SDL_GetWindowWMInfo(win, &info) || info.subsystem != SDL_SYSWM_X11) {
		g_message("clipboard: it needs X11 (or XWayland) and SDL's video driver is '%s': "
			  "no clipboard",
			  SDL_GetCurrentVideoDriver());
		return NULL;
	}
	struct lgv_guest_clipboard *gc = g_new0(struct lgv_guest_clipboard, 1);
	gc->be = &lgi_clipboard_x11;
	atomic_init(&gc->allowed, true);
	pthread_mutex_init(&gc->lock, NULL);
	gc->b = gc->be->create(XDisplayString(info.info.x11.display),
			       (size_t)opt->clipboard_max_mib << 20, &events, gc);
	if (!gc->b) {
		pthread_mutex_destroy(&gc->lock);
		g_free(gc);
		return NULL;
	}
	g_message("clipboard: %s%s%s, up to %d MiB", gc->be->name,
		  opt->clipboard_to_vm ? ", to the guest" : "",
		  opt->clipboard_to_local ? ", from the guest" : "", opt->clipboard_max_mib);
	return gc;
#else
	(void)win;
	g_message("clipboard: this lgview was built without X11 and XFIXES: no clipboard");
	return NULL;
#endif
}

void lgv_guest_clipboard_config(struct lgv_guest_clipboard *gc, const struct lgv_options *opt,
				struct lgi_config *sc)
{
	if (!gc)
		return;
	sc->clip_policy = (struct lgi_clip_policy){
		.to_guest = opt->clipboard_to_vm,
		.to_local = opt->clipboard_to_local,
		.max_bytes = (size_t)opt->clipboard_max_mib << 20,
	};
	sc->clip_ops = &local_ops;
	sc->clip_ctx = gc;
}

void lgv_guest_clipboard_attach(struct lgv_guest_clipboard *gc, struct lgi_input *in)
{
	if (!gc)
		return;
	pthread_mutex_lock(&gc->lock);
	gc->in = in;
	pthread_mutex_unlock(&gc->lock);
}

void lgv_guest_clipboard_allow(struct lgv_guest_clipboard *gc, bool allowed)
{
	if (!gc || atomic_exchange(&gc->allowed, allowed) == allowed)
		return;
	if (!allowed)
		gc->be->claim(gc->b, 0); /* the other VM's data leaves the desktop */
}

void lgv_guest_clipboard_destroy(struct lgv_guest_clipboard *gc)
{
	if (!gc)
		return;
	gc->be->destroy(gc->b);
	pthread_mutex_destroy(&gc->lock);
	g_free(gc);
}
