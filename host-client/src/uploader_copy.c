// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * copy: persistently mapped pixel buffers (GL_ARB_buffer_storage). The frame
 * thread copies into a free buffer while the guest is still writing,
 * following its write pointer and copying only what changed since that
 * buffer was last filled; the main thread updates the texture from the
 * newest full buffer and fences it. The frame is released to the guest as
 * soon as the copy is done.
 */
#define G_LOG_DOMAIN "lgview-upload"
#include <glib.h>
#include <string.h>

#include "guest-proto/clock.h"
#include "guest-proto/error.h"
#include "uploader.h"

#define COPY_BUFFERS 3

enum buf_state { BUF_FREE, BUF_FILLING, BUF_READY, BUF_UPLOADING };

struct copy_buf {
	GLuint pbo;
	uint8_t *map;
	GLsync fence; /* main thread */
	int state;    /* atomic enum buf_state */
	struct lgp_damage damage; /* frame thread */
	struct lgv_frame_times times;
	uint64_t seq;
};

struct copy {
	struct lgv_uploader base;
	struct copy_buf buf[COPY_BUFFERS];
	uint32_t pitch;  /* of the buffers: whole texels */
	size_t size;
	uint64_t seq;    /* frame thread */
	bool reset_damage;
};

static int buf_state(struct copy_buf *b)
{
	return __atomic_load_n(&b->state, __ATOMIC_ACQUIRE);
}

static void set_state(struct copy_buf *b, int s)
{
	__atomic_store_n(&b->state, s, __ATOMIC_RELEASE);
}

static bool copy_probe(const struct lgv_upload_env *env, char *why, size_t len)
{
	(void)env;
	if (epoxy_gl_version() >= 44 || epoxy_has_gl_extension("GL_ARB_buffer_storage") ||
	    epoxy_has_gl_extension("GL_EXT_buffer_storage"))
		return true;
	g_strlcpy(why, "no GL_ARB_buffer_storage / GL_EXT_buffer_storage", len);
	return false;
}

static void release_buffers(struct copy *c)
{
	for (int i = 0; i < COPY_BUFFERS; ++i) {
		struct copy_buf *b = &c->buf[i];
		if (b->fence)
			glDeleteSync(b->fence);
		if (b->pbo) {
			glBindBuffer(GL_PIXEL_UNPACK_BUFFER, b->pbo);
			glUnmapBuffer(GL_PIXEL_UNPACK_BUFFER);
			glDeleteBuffers(1, &b->pbo);
		}
		memset(b, 0, sizeof(*b));
	}
	glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
	c->size = 0;
}

static struct lgv_uploader *copy_create(const struct lgv_upload_env *env)
{
	struct copy *c = g_new0(struct copy, 1);
	c->base = (struct lgv_uploader){&lgv_uploader_copy, *env};
	return &c->base;
}

static void copy_destroy(struct lgv_uploader *u)
{
	struct copy *c = (struct copy *)u;
	release_buffers(c);
	g_free(c);
}

static bool copy_configure(struct lgv_uploader *u, struct lgv_renderer *r)
{
	struct copy *c = (struct copy *)u;
	const struct lgv_tex_format *tf = lgv_renderer_tex_format(r);
	release_buffers(c);
	c->pitch = tf->width * tf->texel_bytes;
	c->size = (size_t)c->pitch * tf->height;
	const GLbitfield flags = GL_MAP_WRITE_BIT | GL_MAP_PERSISTENT_BIT | GL_MAP_COHERENT_BIT;
	for (int i = 0; i < COPY_BUFFERS; ++i) {
		struct copy_buf *b = &c->buf[i];
		glGenBuffers(1, &b->pbo);
		glBindBuffer(GL_PIXEL_UNPACK_BUFFER, b->pbo);
		glBufferStorage(GL_PIXEL_UNPACK_BUFFER, (GLsizeiptr)c->size, NULL, flags);
		b->map = glMapBufferRange(GL_PIXEL_UNPACK_BUFFER, 0, (GLsizeiptr)c->size, flags);
		if (!b->map) {
			g_warning("cannot map a %zu byte pixel buffer (GL error 0x%x)", c->size,
				  glGetError());
			release_buffers(c);
			return false;
		}
		lgp_damage_set_full(&b->damage);
		set_state(b, BUF_FREE);
	}
	glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
	return true;
}

/* A buffer to fill: a free one, else the oldest finished one that the main
 * thread has not taken yet (a newer frame replaces it). */
static struct copy_buf *take_buffer(struct copy *c, uint64_t deadline_ns)
{
	for (;;) {
		struct copy_buf *ready = NULL;
		for (int i = 0; i < COPY_BUFFERS; ++i) {
			struct copy_buf *b = &c->buf[i];
			int expect = BUF_FREE;
			if (__atomic_compare_exchange_n(&b->state, &expect, BUF_FILLING, false,
							__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
				return b;
			if (expect == BUF_READY && (!ready || b->seq < ready->seq))
				ready = b;
		}
		if (ready) {
			int expect = BUF_READY;
			if (__atomic_compare_exchange_n(&ready->state, &expect, BUF_FILLING, false,
							__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
				return ready;
			continue;
		}
		/* All being uploaded: let the main thread retire its fences. */
		c->base.env.wake(c->base.env.ctx);
		if (lgp_monotonic_ns() >= deadline_ns)
			return NULL;
		lgp_sleep_us(200);
	}
}

static int copy_frame(struct lgv_uploader *u, const struct lgp_frame_view *v,
		      struct lgv_frame_times *t, uint64_t deadline_ns)
{
	struct copy *c = (struct copy *)u;
	if (!c->size || (uint64_t)c->pitch * v->hdr.data_height > c->size)
		return LGP_ERR_INVALID_ARGUMENT;
	struct lgp_rect rects[KVMFR20_MAX_DAMAGE_RECTS];
	uint32_t n = lgp_frame_damage(v, rects);
	for (int i = 0; i < COPY_BUFFERS; ++i)
		lgp_damage_add(&c->buf[i].damage, rects, n);

	struct copy_buf *b = take_buffer(c, deadline_ns);
	if (!b)
		return LGP_ERR_TIMEOUT;
	int ret = lgp_frame_copy(v, b->map, c->pitch, &b->damage, deadline_ns);
	if (ret < 0) {
		lgp_damage_set_full(&b->damage); /* partly written */
		set_state(b, BUF_FREE);
		return ret;
	}
	lgp_damage_clear(&b->damage);
	t->copied = lgp_monotonic_ns();
	b->times = *t;
	b->seq = ++c->seq;
	set_state(b, BUF_READY);
	u->env.wake(u->env.ctx);
	return 0;
}

static bool copy_upload(struct lgv_uploader *u, struct lgv_renderer *r,
			struct lgv_frame_times *t)
{
	struct copy *c = (struct copy *)u;
	struct copy_buf *newest = NULL;
	for (int i = 0; i < COPY_BUFFERS; ++i) {
		struct copy_buf *b = &c->buf[i];
		if (buf_state(b) == BUF_UPLOADING &&
		    glClientWaitSync(b->fence, 0, 0) != GL_TIMEOUT_EXPIRED) {
			glDeleteSync(b->fence);
			b->fence = NULL;
			set_state(b, BUF_FREE);
		}
		if (buf_state(b) == BUF_READY && (!newest || b->seq > newest->seq))
			newest = b;
	}
	/* Claim it: the frame thread may be taking the same buffer back. */
	int expect = BUF_READY;
	if (!newest || !__atomic_compare_exchange_n(&newest->state, &expect, BUF_UPLOADING, false,
						    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return false;
	const struct lgv_tex_format *tf = lgv_renderer_tex_format(r);
	glBindTexture(GL_TEXTURE_2D, lgv_renderer_frame_texture(r));
	glBindBuffer(GL_PIXEL_UNPACK_BUFFER, newest->pbo);
	lgv_upload_rows(tf, NULL, c->pitch, 0, tf->height);
	glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
	newest->fence = glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
	newest->times.uploaded = lgp_monotonic_ns();
	*t = newest->times;
	lgv_renderer_frame_updated(r);
	return true;
}

const struct lgv_uploader_impl lgv_uploader_copy = {
	.name = "copy",
	.description = "copy the changed rows into persistently mapped buffers while the guest "
		       "writes, then update the texture from them",
	.probe = copy_probe,
	.create = copy_create,
	.destroy = copy_destroy,
	.configure = copy_configure,
	.frame = copy_frame,
	.upload = copy_upload,
};
