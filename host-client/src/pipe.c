// SPDX-License-Identifier: GPL-2.0-or-later
#define G_LOG_DOMAIN "lgview-frame"
#include <glib.h>
#include <string.h>

#include "guest-proto/clock.h"
#include "guest-proto/error.h"
#include "guest-proto/kvmfr.h"
#include "pipe.h"

/* How long the frame thread waits for the main thread to set a format up. */
#define FORMAT_WAIT_US (2 * G_USEC_PER_SEC)

struct lgv_pipe {
	struct lgv_upload_env env;
	char *wanted; /* "auto" or a name */

	GMutex lock;
	GCond cond;
	/* format requests, frame thread -> main thread */
	bool have_format; /* frame thread */
	uint32_t format_ver;
	struct lgv_frame_format fmt;
	uint64_t req_seq, done_seq;
	bool fmt_ok;

	struct lgv_uploader *up; /* replaced only while the frame thread waits */
	bool closing;
};

struct lgv_pipe *lgv_pipe_create(const char *uploader, const struct lgv_upload_env *env)
{
	struct lgv_pipe *p = g_new0(struct lgv_pipe, 1);
	p->env = *env;
	p->wanted = g_strdup(uploader ? uploader : "auto");
	g_mutex_init(&p->lock);
	g_cond_init(&p->cond);
	return p;
}

void lgv_pipe_destroy(struct lgv_pipe *p)
{
	if (!p)
		return;
	if (p->up)
		p->up->impl->destroy(p->up);
	g_mutex_clear(&p->lock);
	g_cond_clear(&p->cond);
	g_free(p->wanted);
	g_free(p);
}

const char *lgv_pipe_uploader_name(struct lgv_pipe *p)
{
	return p->up ? p->up->impl->name : "";
}

static void format_of(const struct lgp_frame_view *v, struct lgv_frame_format *f)
{
	const struct kvmfr20_frame *h = &v->hdr;
	*f = (struct lgv_frame_format){
		.type = h->type, .frame_width = h->frame_width, .frame_height = h->frame_height,
		.data_width = h->data_width, .data_height = h->data_height,
		.screen_width = h->screen_width, .screen_height = h->screen_height,
		.rotation = h->rotation, .flags = h->flags, .row_bytes = v->row_bytes,
	};
}

void lgv_pipe_close(struct lgv_pipe *p)
{
	g_mutex_lock(&p->lock);
	p->closing = true;
	g_cond_broadcast(&p->cond);
	g_mutex_unlock(&p->lock);
}

void lgv_pipe_reset(struct lgv_pipe *p)
{
	p->have_format = false;
}

int lgv_pipe_frame(struct lgv_pipe *p, const struct lgp_frame_view *v, struct lgv_frame_times *t,
		   uint64_t deadline_ns)
{
	struct lgv_frame_format f;
	format_of(v, &f);
	/* A new format version, or anything the textures depend on. */
	if (!p->have_format || v->hdr.format_ver != p->format_ver ||
	    memcmp(&f, &p->fmt, offsetof(struct lgv_frame_format, flags)) ||
	    f.row_bytes != p->fmt.row_bytes ||
	    ((f.flags ^ p->fmt.flags) & KVMFR20_FRAME_FLAG_HDR_PQ)) {
		g_mutex_lock(&p->lock);
		p->fmt = f;
		uint64_t seq = ++p->req_seq;
		g_mutex_unlock(&p->lock);
		p->env.wake(p->env.ctx);
		gint64 until = g_get_monotonic_time() + FORMAT_WAIT_US;
		g_mutex_lock(&p->lock);
		while (p->done_seq < seq && !p->closing)
			if (!g_cond_wait_until(&p->cond, &p->lock, until))
				break;
		bool ok = p->done_seq >= seq && p->fmt_ok;
		g_mutex_unlock(&p->lock);
		if (!ok)
			return LGP_ERR_TIMEOUT;
		p->have_format = true;
		p->format_ver = v->hdr.format_ver;
	} else {
		p->fmt.flags = f.flags; /* screensaver, activation: not a format change */
	}
	return p->up->impl->frame(p->up, v, t, deadline_ns);
}

/* Create the uploader on the first format: the named one, or auto. */
static bool choose_uploader(struct lgv_pipe *p, struct lgv_renderer *r)
{
	if (p->up)
		return true;
	char why[256] = "";
	const struct lgv_uploader_impl *pick = NULL;
	if (strcmp(p->wanted, "auto")) {
		pick = lgv_uploader_find(p->wanted);
		if (pick && !pick->probe(&p->env, why, sizeof(why))) {
			g_warning("uploader %s cannot work here: %s; using copy", pick->name, why);
			pick = &lgv_uploader_copy;
		}
	} else {
		const struct lgv_uploader_impl *ok[4];
		int n = 0;
		for (size_t i = 0; lgv_uploaders[i]; ++i) {
			why[0] = '\0';
			if (lgv_uploaders[i]->probe(&p->env, why, sizeof(why)))
				ok[n++] = lgv_uploaders[i];
			else
				g_message("uploader %s: not available: %s", lgv_uploaders[i]->name,
					  why);
		}
		if (n == 0)
			return false;
		pick = ok[0];
		/* Zero copy wins outright; between two copying paths, measure. */
		if (n >= 2 && strcmp(ok[0]->name, "dmabuf"))
			pick = lgv_uploader_measure(ok[0], ok[1], lgv_renderer_tex_format(r));
	}
	p->up = pick->create(&p->env);
	g_message("uploader: %s", pick->name);
	return p->up != NULL;
}

bool lgv_pipe_service(struct lgv_pipe *p, struct lgv_renderer *r, struct lgv_frame_times *t)
{
	g_mutex_lock(&p->lock);
	if (p->done_seq < p->req_seq) {
		struct lgv_frame_format f = p->fmt;
		uint64_t seq = p->req_seq;
		g_mutex_unlock(&p->lock);
		bool ok = lgv_renderer_set_format(r, &f) && choose_uploader(p, r) &&
			  p->up->impl->configure(p->up, r);
		if (!ok && p->up && strcmp(p->up->impl->name, "copy") && lgv_renderer_has_format(r)) {
			/* e.g. a failed zero-copy setup: fall back to copying */
			g_warning("uploader %s failed for this format; falling back to copy",
				  p->up->impl->name);
			p->up->impl->destroy(p->up);
			p->up = lgv_uploader_copy.create(&p->env);
			ok = p->up->impl->configure(p->up, r);
		}
		g_mutex_lock(&p->lock);
		p->fmt_ok = ok;
		p->done_seq = seq;
		g_cond_broadcast(&p->cond);
	}
	g_mutex_unlock(&p->lock);
	if (!p->up || !lgv_renderer_has_format(r))
		return false;
	bool updated = p->up->impl->upload(p->up, r, t);
	if (updated)
		lgv_renderer_set_source(r, p->up->impl->texture ? p->up->impl->texture(p->up) : 0);
	return updated;
}

void lgv_pipe_presented(struct lgv_pipe *p)
{
	if (p->up && p->up->impl->presented)
		p->up->impl->presented(p->up);
}
