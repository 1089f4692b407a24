// SPDX-License-Identifier: GPL-2.0-or-later
#define G_LOG_DOMAIN "lgview-frame"
#include <glib.h>
#include <string.h>

#include "guest-proto/clock.h"
#include "guest-proto/error.h"
#include "guest-proto/kvmfr.h"
#include "frame_stash.h"
#include "pipe.h"
#include "sync.h"
#include "uploader_trial.h"

/* How long the frame thread waits for the main thread to set a format up. */
#define FORMAT_WAIT_US (2 * G_USEC_PER_SEC)

struct lgv_pipe {
	struct lgv_upload_env env;
	char *wanted; /* "auto" or a name */

	pthread_mutex_t lock;
	pthread_cond_t cond;
	/* format requests, frame thread -> main thread */
	bool have_format; /* frame thread */
	uint32_t format_ver;
	struct lgv_frame_format fmt;
	uint64_t req_seq, done_seq;
	bool fmt_ok;

	struct lgv_uploader *up; /* replaced only while the frame thread waits */
	const struct lgv_uploader_impl *given; /* lgv_pipe_create_with */
	/* auto: the candidates' trials (main thread; its received counter is
	 * the frame thread's). A change of uploader is asked for by the main
	 * thread and made at the frame thread's next frame, as a format
	 * set-up is (under lock). */
	const struct lgv_uploader_impl *const *trial_cands; /* lgv_pipe_create_auto */
	int trial_n;
	struct lgv_trial trial;
	bool trialing;
	uint64_t shown_detected; /* main thread: the frame uploaded for the next present */
	/* Set under lock; the frame thread's per-frame look is an atomic read,
	 * so the frame path takes no lock for it. */
	const struct lgv_uploader_impl *switch_to;
	const struct lgv_uploader_impl *forced;    /* main thread: choose_uploader's pick */
	bool copy_only; /* the uploader refused a frame: copy from now on */
	bool closing;

	struct lgv_frame_stash stash; /* frames the main thread did not take */
};

struct lgv_pipe *lgv_pipe_create(const char *uploader, const struct lgv_upload_env *env)
{
	struct lgv_pipe *p = g_new0(struct lgv_pipe, 1);
	p->env = *env;
	p->wanted = g_strdup(uploader ? uploader : "auto");
	pthread_mutex_init(&p->lock, NULL);
	lgv_cond_init(&p->cond);
	lgv_frame_stash_init(&p->stash);
	return p;
}

struct lgv_pipe *lgv_pipe_create_with(const struct lgv_uploader_impl *impl,
				      const struct lgv_upload_env *env)
{
	struct lgv_pipe *p = lgv_pipe_create(impl->name, env);
	p->given = impl;
	return p;
}

struct lgv_pipe *lgv_pipe_create_auto(const struct lgv_uploader_impl *const *cands, int n,
				      const struct lgv_upload_env *env)
{
	struct lgv_pipe *p = lgv_pipe_create("auto", env);
	p->trial_cands = cands;
	p->trial_n = n;
	return p;
}

void lgv_pipe_destroy(struct lgv_pipe *p)
{
	if (!p)
		return;
	if (p->up)
		p->up->impl->destroy(p->up);
	lgv_frame_stash_finish(&p->stash);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->cond);
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
	pthread_mutex_lock(&p->lock);
	p->closing = true;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
	if (p->up && p->up->impl->close)
		p->up->impl->close(p->up);
}

void lgv_pipe_reset(struct lgv_pipe *p)
{
	p->have_format = false;
}

uint64_t lgv_pipe_frames_kept(struct lgv_pipe *p)
{
	return lgv_frame_stash_kept(&p->stash);
}

/* Frame thread: have the main thread set the format (and the uploader) up,
 * and wait for it, bounded. copy_only asks for the copy uploader. */
static bool request_setup(struct lgv_pipe *p, const struct lgv_frame_format *f, bool copy_only)
{
	pthread_mutex_lock(&p->lock);
	p->fmt = *f;
	p->copy_only |= copy_only;
	uint64_t seq = ++p->req_seq;
	pthread_mutex_unlock(&p->lock);
	p->env.wake(p->env.ctx);
	gint64 until = g_get_monotonic_time() + FORMAT_WAIT_US;
	pthread_mutex_lock(&p->lock);
	while (p->done_seq < seq && !p->closing)
		if (!lgv_cond_wait_until(&p->cond, &p->lock, until))
			break;
	bool ok = p->done_seq >= seq && p->fmt_ok && !p->closing;
	pthread_mutex_unlock(&p->lock);
	return ok;
}

int lgv_pipe_frame(struct lgv_pipe *p, const struct lgp_frame_view *v, struct lgv_frame_times *t,
		   uint64_t deadline_ns)
{
	struct lgv_frame_format f;
	format_of(v, &f);
	/* This frame is newer than a kept one, whatever becomes of it. */
	lgv_frame_stash_drop(&p->stash);
	lgv_trial_received(&p->trial);
	bool switching = __atomic_load_n(&p->switch_to, __ATOMIC_ACQUIRE) != NULL;
	/* A new format version, or anything the textures depend on, or another
	 * uploader (auto's trials): the main thread sets it up. */
	if (switching || !p->have_format || v->hdr.format_ver != p->format_ver ||
	    memcmp(&f, &p->fmt, offsetof(struct lgv_frame_format, flags)) ||
	    f.row_bytes != p->fmt.row_bytes ||
	    ((f.flags ^ p->fmt.flags) & KVMFR20_FRAME_FLAG_HDR_PQ)) {
		if (!request_setup(p, &f, false))
			return LGP_ERR_TIMEOUT;
		p->have_format = true;
		p->format_ver = v->hdr.format_ver;
	} else {
		p->fmt.flags = f.flags; /* screensaver, activation: not a format change */
	}
	int ret = p->up->impl->frame(p->up, v, t, deadline_ns);
	if (ret == LGP_ERR_NOT_SUPPORTED && p->up->impl != &lgv_uploader_copy) {
		/* The uploader said why (once); this frame and the rest are
		 * copied. */
		if (!request_setup(p, &f, true))
			return LGP_ERR_TIMEOUT;
		ret = p->up->impl->frame(p->up, v, t, deadline_ns);
	}
	if (ret == LGV_UPLOAD_NOT_TAKEN) {
		/* Released to the guest now; shown from our copy later. */
		ret = lgv_frame_stash_fill(&p->stash, v, &f, t, deadline_ns);
		if (ret == 0)
			p->env.wake(p->env.ctx);
	}
	return ret;
}

static const struct lgv_uploader_impl *start_trial(struct lgv_pipe *p,
						   const struct lgv_uploader_impl *const *cand, int n)
{
	lgv_trial_init(&p->trial, cand, n);
	p->trialing = !p->trial.done;
	GString *names = g_string_new(NULL);
	for (int i = 0; i < p->trial.n; ++i)
		g_string_append_printf(names, "%s%s", i ? ", then " : "", cand[i]->name);
	if (p->trialing)
		g_message("uploader auto: trying %s, %d frames each, in the real loop", names->str,
			  LGV_TRIAL_FRAMES);
	g_string_free(names, TRUE);
	return cand[0];
}

/* Main thread: auto's trial moves on when a window is over; a change of
 * uploader is made at the frame thread's next frame. */
static void trial_step(struct lgv_pipe *p)
{
	if (!p->trialing)
		return;
	const struct lgv_uploader_impl *next = lgv_trial_next(&p->trial, lgp_monotonic_ns());
	if (p->trial.done)
		p->trialing = false;
	if (!next)
		return;
	pthread_mutex_lock(&p->lock);
	__atomic_store_n(&p->switch_to, next, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&p->lock);
}

/* Create the uploader on the first format: the named one, or auto. */
static bool choose_uploader(struct lgv_pipe *p)
{
	if (p->up)
		return true;
	char why[256] = "";
	const struct lgv_uploader_impl *pick = NULL;
	if (p->forced && !p->copy_only) {
		pick = p->forced; /* auto's next trial, or its winner */
	} else if (p->given && !p->copy_only) {
		pick = p->given;
	} else if (p->trial_cands && !p->copy_only) {
		pick = start_trial(p, p->trial_cands, p->trial_n);
	} else if (strcmp(p->wanted, "auto")) {
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
		/* Zero copy wins outright; copying paths are tried in the loop. */
		if (n >= 2 && strcmp(ok[0]->name, "dmabuf"))
			pick = start_trial(p, ok, n);
	}
	p->up = pick->create(&p->env);
	g_message("uploader: %s", pick->name);
	return p->up != NULL;
}

bool lgv_pipe_service(struct lgv_pipe *p, struct lgv_renderer *r, struct lgv_frame_times *t)
{
	pthread_mutex_lock(&p->lock);
	if (p->closing) {
		pthread_mutex_unlock(&p->lock);
		return false;
	}
	if (p->done_seq < p->req_seq) {
		struct lgv_frame_format f = p->fmt;
		uint64_t seq = p->req_seq;
		bool copy_only = p->copy_only;
		const struct lgv_uploader_impl *switch_to =
			__atomic_load_n(&p->switch_to, __ATOMIC_ACQUIRE);
		__atomic_store_n(&p->switch_to, NULL, __ATOMIC_RELEASE);
		pthread_mutex_unlock(&p->lock);
		if (copy_only)
			p->trialing = false; /* a refusal ends the trials: copy it is */
		if (switch_to && !copy_only && p->up && p->up->impl != switch_to) {
			g_message("uploader: %s, then %s", p->up->impl->name, switch_to->name);
			p->up->impl->destroy(p->up);
			p->up = NULL;
			p->forced = switch_to;
		}
		if (copy_only && p->up && p->up->impl != &lgv_uploader_copy) {
			g_message("uploader %s: replaced by copy", p->up->impl->name);
			p->up->impl->destroy(p->up);
			p->up = NULL;
			g_free(p->wanted);
			p->wanted = g_strdup("copy");
		}
		bool ok = lgv_renderer_set_format(r, &f) && choose_uploader(p) &&
			  p->up->impl->configure(p->up, r);
		if (!ok && p->up && strcmp(p->up->impl->name, "copy") && lgv_renderer_has_format(r)) {
			/* e.g. a failed zero-copy setup: fall back to copying */
			g_warning("uploader %s failed for this format; falling back to copy",
				  p->up->impl->name);
			p->up->impl->destroy(p->up);
			p->up = lgv_uploader_copy.create(&p->env);
			ok = p->up->impl->configure(p->up, r);
		}
		pthread_mutex_lock(&p->lock);
		p->fmt_ok = ok;
		p->done_seq = seq;
		pthread_cond_broadcast(&p->cond);
	}
	pthread_mutex_unlock(&p->lock);
	if (!p->up || !lgv_renderer_has_format(r))
		return false;
	uint64_t taken = lgp_monotonic_ns();
	bool updated = p->up->impl->upload(p->up, r, t);
	if (updated) {
		t->taken = taken;
		lgv_renderer_set_source(r, p->up->impl->texture ? p->up->impl->texture(p->up) : 0);
	}
	/* A kept frame is newer than any the uploader had: the frame thread
	 * drops it before it offers the next. */
	taken = lgp_monotonic_ns();
	if (lgv_frame_stash_upload(&p->stash, r, t)) {
		t->taken = taken;
		updated = true;
	}
	if (updated)
		p->shown_detected = t->detected;
	trial_step(p);
	return updated;
}

void lgv_pipe_presented(struct lgv_pipe *p)
{
	if (p->shown_detected && p->trialing)
		lgv_trial_shown(&p->trial, p->shown_detected, lgp_monotonic_ns());
	p->shown_detected = 0;
	if (p->up && p->up->impl->presented)
		p->up->impl->presented(p->up);
}
