// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * direct: glTexSubImage2D straight from the mapped region. The frame thread
 * waits until the guest has written the whole frame and offers the view to
 * the main thread; taken within LGV_OFFER_NS, the frame is held until the
 * upload has read it, else it is copied and released (the guest never
 * waits for a busy main thread). On llvmpipe
 * this is the fastest path (no intermediate copy) when the texture format
 * needs no swizzle; only damaged rectangles are uploaded when the texture
 * holds the previous frame.
 */
#define G_LOG_DOMAIN "lgview-upload"
#include <glib.h>

#include "guest-proto/clock.h"
#include "guest-proto/error.h"
#include "handoff.h"
#include "uploader.h"


struct direct {
	struct lgv_uploader base;
	struct lgv_handoff handoff;
	/* main thread only */
	bool tex_current;
	uint32_t tex_serial;
};

static bool direct_probe(const struct lgv_upload_env *env, char *why, size_t len)
{
	(void)env;
	(void)why;
	(void)len;
	return true;
}

static struct lgv_uploader *direct_create(const struct lgv_upload_env *env)
{
	struct direct *d = g_new0(struct direct, 1);
	d->base = (struct lgv_uploader){&lgv_uploader_direct, *env};
	lgv_handoff_init(&d->handoff);
	return &d->base;
}

static void direct_destroy(struct lgv_uploader *u)
{
	struct direct *d = (struct direct *)u;
	lgv_handoff_finish(&d->handoff);
	g_free(d);
}

static bool direct_configure(struct lgv_uploader *u, struct lgv_renderer *r)
{
	(void)r;
	((struct direct *)u)->tex_current = false;
	return true;
}

static int direct_frame(struct lgv_uploader *u, const struct lgp_frame_view *v,
			struct lgv_frame_times *t, uint64_t deadline_ns)
{
	struct direct *d = (struct direct *)u;
	int ret = lgp_frame_wait(v, v->data_bytes, deadline_ns);
	if (ret < 0)
		return ret;
	t->copied = lgp_monotonic_ns();
	if (!t->complete) /* the wait above ended with the whole frame */
		t->complete = t->copied;
	return lgv_handoff_frame_result(lgv_handoff_offer(&d->handoff, v, t, &u->env,
							   lgv_upload_offer_ns(&u->env)));
}

static void upload_damage(const struct lgv_tex_format *tf, const struct lgp_frame_view *v)
{
	struct lgp_rect rects[KVMFR20_MAX_DAMAGE_RECTS];
	uint32_t n = lgp_frame_damage(v, rects);
	uint32_t pitch = v->hdr.pitch;
	glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
	glPixelStorei(GL_UNPACK_ROW_LENGTH, (GLint)(pitch / tf->texel_bytes));
	for (uint32_t i = 0; i < n; ++i) {
		uint32_t xb, len;
		lgp_frame_rect_span(v, &rects[i], &xb, &len);
		uint32_t tx0 = xb / tf->texel_bytes;
		uint32_t tx1 = (xb + len + tf->texel_bytes - 1) / tf->texel_bytes;
		if (tx1 > tf->width)
			tx1 = tf->width;
		uint32_t y1 = rects[i].y + rects[i].h;
		if (y1 > v->hdr.data_height)
			y1 = v->hdr.data_height;
		if (tx1 <= tx0 || y1 <= rects[i].y)
			continue;
		glTexSubImage2D(GL_TEXTURE_2D, 0, (GLint)tx0, (GLint)rects[i].y,
				(GLsizei)(tx1 - tx0), (GLsizei)(y1 - rects[i].y), tf->format,
				tf->gltype,
				v->data + (size_t)rects[i].y * pitch + (size_t)tx0 * tf->texel_bytes);
	}
	glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
	glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
}

static bool direct_upload(struct lgv_uploader *u, struct lgv_renderer *r,
			  struct lgv_frame_times *t)
{
	struct direct *d = (struct direct *)u;
	const struct lgp_frame_view *v = lgv_handoff_take(&d->handoff, t);
	if (!v)
		return false;
	const struct lgv_tex_format *tf = lgv_renderer_tex_format(r);
	glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
	glBindTexture(GL_TEXTURE_2D, lgv_renderer_frame_texture(r));
	/* The texture holds the previous frame: its damage is enough. */
	if (d->tex_current && v->hdr.frame_serial == d->tex_serial + 1 &&
	    v->hdr.damage_rects_count > 0 && v->hdr.pitch % tf->texel_bytes == 0)
		upload_damage(tf, v);
	else
		lgv_upload_rows(tf, v->data, v->hdr.pitch, 0, v->hdr.data_height);
	d->tex_current = true;
	d->tex_serial = v->hdr.frame_serial;
	t->uploaded = lgp_monotonic_ns();
	lgv_handoff_done(&d->handoff);
	lgv_renderer_frame_updated(r);
	return true;
}

static void direct_close(struct lgv_uploader *u)
{
	lgv_handoff_close(&((struct direct *)u)->handoff);
}

const struct lgv_uploader_impl lgv_uploader_direct = {
	.name = "direct",
	.description = "glTexSubImage2D straight from shared memory (no CPU copy; the frame "
		       "is held until the upload read it)",
	.probe = direct_probe,
	.create = direct_create,
	.destroy = direct_destroy,
	.configure = direct_configure,
	.frame = direct_frame,
	.upload = direct_upload,
	.close = direct_close,
};
