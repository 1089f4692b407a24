// SPDX-License-Identifier: GPL-2.0-or-later
#define G_LOG_DOMAIN "lgview-frame"
#include <glib.h>
#include <errno.h>
#include <string.h>

#include "frame_stash.h"
#include "guest-proto/clock.h"
#include "guest-proto/error.h"

void lgv_frame_stash_init(struct lgv_frame_stash *s)
{
	*s = (struct lgv_frame_stash){0};
	pthread_mutex_init(&s->lock, NULL);
}

void lgv_frame_stash_finish(struct lgv_frame_stash *s)
{
	pthread_mutex_destroy(&s->lock);
	g_free(s->data);
	s->data = NULL;
}

void lgv_frame_stash_drop(struct lgv_frame_stash *s)
{
	pthread_mutex_lock(&s->lock);
	s->pending = false;
	pthread_mutex_unlock(&s->lock);
}

uint64_t lgv_frame_stash_kept(struct lgv_frame_stash *s)
{
	pthread_mutex_lock(&s->lock);
	uint64_t n = s->kept;
	pthread_mutex_unlock(&s->lock);
	return n;
}

static bool same_texture(const struct lgv_tex_format *a, const struct lgv_tex_format *b)
{
	return a->type == b->type && a->internal == b->internal && a->format == b->format &&
	       a->gltype == b->gltype && a->width == b->width && a->height == b->height &&
	       a->texel_bytes == b->texel_bytes;
}

int lgv_frame_stash_fill(struct lgv_frame_stash *s, const struct lgp_frame_view *v,
			 const struct lgv_frame_format *f, const struct lgv_frame_times *t,
			 uint64_t deadline_ns)
{
	struct lgv_tex_format tf;
	lgv_tex_format_for(f, &tf);
	/* The view was validated: width * texel_bytes covers row_bytes, and
	 * the product is bounded by LGP_FRAME_MAX_PITCH * LGP_FRAME_MAX_DIM. */
	uint32_t pitch = tf.width * tf.texel_bytes;
	size_t size = (size_t)pitch * tf.height;
	if (pitch < v->row_bytes || tf.height < v->hdr.data_height)
		return LGP_ERR_INVALID_ARGUMENT;
	pthread_mutex_lock(&s->lock);
	s->pending = false;
	if (s->size != size) {
		g_free(s->data);
		s->data = g_try_malloc0(size);
		s->size = s->data ? size : 0;
	}
	int ret = s->data ? 0 : -ENOMEM;
	if (ret == 0) {
		struct lgp_damage all;
		lgp_damage_set_full(&all);
		ret = lgp_frame_copy(v, s->data, pitch, &all, deadline_ns);
	}
	if (ret == 0) {
		s->tf = tf;
		s->times = *t;
		s->times.copied = lgp_monotonic_ns();
		s->pending = true;
		if (s->kept++ == 0)
			g_message("the main thread did not take a frame within its bound; frames "
				  "like it are copied and shown late rather than lost");
	}
	pthread_mutex_unlock(&s->lock);
	return ret;
}

bool lgv_frame_stash_upload(struct lgv_frame_stash *s, struct lgv_renderer *r,
			    struct lgv_frame_times *t)
{
	bool done = false;
	pthread_mutex_lock(&s->lock);
	if (s->pending) {
		s->pending = false;
		const struct lgv_tex_format *tf = lgv_renderer_tex_format(r);
		if (lgv_renderer_has_format(r) && same_texture(tf, &s->tf)) {
			glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
			glBindTexture(GL_TEXTURE_2D, lgv_renderer_frame_texture(r));
			lgv_upload_rows(tf, s->data, tf->width * tf->texel_bytes, 0, tf->height);
			s->times.uploaded = lgp_monotonic_ns();
			*t = s->times;
			lgv_renderer_set_source(r, 0);
			lgv_renderer_frame_updated(r);
			done = true;
		}
	}
	pthread_mutex_unlock(&s->lock);
	return done;
}
