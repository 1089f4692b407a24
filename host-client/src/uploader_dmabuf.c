// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dmabuf: zero copy with a kvmfr device. Each frame slot is exported once as
 * a dma-buf (cached), imported as an EGLImage and bound to a texture the
 * renderer draws from directly. The frame is held until the GPU has drawn
 * it. Needs /dev/kvmfrN and EGL_EXT_image_dma_buf_import.
 *
 * A frame it cannot import (its data not page-aligned, the slot's export or
 * the EGL import refused) makes it unusable for the session: it says why
 * once, and frame() answers LGP_ERR_NOT_SUPPORTED so that the pipe copies
 * instead, from that frame on (a frame the main thread could not import is
 * given back unread and copied too).
 */
#define G_LOG_DOMAIN "lgview-upload"
#include <epoxy/egl.h>
#include <glib.h>
#include <string.h>
#include <unistd.h>

#include "dmabuf_attrs.h"
#include "guest-proto/clock.h"
#include "guest-proto/error.h"
#include "handoff.h"
#include "kvmfr/region.h"
#include "uploader.h"

#define DMABUF_SLOTS 4

struct dma_slot {
	uint64_t offset, size;
	int fd;            /* frame thread creates, main thread uses */
	struct lgv_dmabuf_desc desc;
	EGLImage image;    /* main thread */
	GLuint tex;
};

struct dmabuf {
	struct lgv_uploader base;
	struct lgv_handoff handoff;
	struct dma_slot slot[DMABUF_SLOTS];
	GLuint current; /* texture of the frame on screen */
	bool holding;   /* the main thread holds a frame until it was drawn */
	bool modifiers;
	gint unusable;  /* atomic: set once, by either thread */
};

/* Either thread: the first reason wins and is the one told. */
static void give_up(struct dmabuf *d, const char *why)
{
	if (g_atomic_int_compare_and_exchange(&d->unusable, 0, 1))
		g_warning("dmabuf: %s; copying frames instead", why);
}

static bool dmabuf_probe(const struct lgv_upload_env *env, char *why, size_t len)
{
	if (!env->allow_dma) {
		g_strlcpy(why, "app:allowDMA is off", len);
		return false;
	}
	if (!env->region || !env->region->is_device) {
		g_strlcpy(why, "the shared memory is not a kvmfr device (/dev/kvmfrN)", len);
		return false;
	}
	EGLDisplay dpy = eglGetCurrentDisplay();
	if (dpy == EGL_NO_DISPLAY) {
		g_strlcpy(why, "the GL context is not an EGL context", len);
		return false;
	}
	if (!epoxy_has_egl_extension(dpy, "EGL_EXT_image_dma_buf_import")) {
		g_strlcpy(why, "EGL lacks EGL_EXT_image_dma_buf_import (no DRM render node?)", len);
		return false;
	}
	if (!epoxy_has_gl_extension("GL_OES_EGL_image")) {
		g_strlcpy(why, "GL lacks GL_OES_EGL_image", len);
		return false;
	}
	return true;
}

static struct lgv_uploader *dmabuf_create(const struct lgv_upload_env *env)
{
	struct dmabuf *d = g_new0(struct dmabuf, 1);
	d->base = (struct lgv_uploader){&lgv_uploader_dmabuf, *env};
	lgv_handoff_init(&d->handoff);
	for (int i = 0; i < DMABUF_SLOTS; ++i)
		d->slot[i].fd = -1;
	d->modifiers = epoxy_has_egl_extension(eglGetCurrentDisplay(),
					       "EGL_EXT_image_dma_buf_import_modifiers");
	return &d->base;
}

static void drop_slot(struct dma_slot *s)
{
	if (s->image)
		eglDestroyImage(eglGetCurrentDisplay(), s->image);
	if (s->tex)
		glDeleteTextures(1, &s->tex);
	if (s->fd >= 0)
		close(s->fd);
	*s = (struct dma_slot){.fd = -1};
}

static void dmabuf_destroy(struct lgv_uploader *u)
{
	struct dmabuf *d = (struct dmabuf *)u;
	for (int i = 0; i < DMABUF_SLOTS; ++i)
		drop_slot(&d->slot[i]);
	lgv_handoff_finish(&d->handoff);
	g_free(d);
}

static bool dmabuf_configure(struct lgv_uploader *u, struct lgv_renderer *r)
{
	(void)r;
	struct dmabuf *d = (struct dmabuf *)u;
	for (int i = 0; i < DMABUF_SLOTS; ++i)
		drop_slot(&d->slot[i]); /* images depend on the format */
	d->current = 0;
	return true;
}

/* Frame thread: make sure the slot's dma-buf exists (created once). */
static struct dma_slot *slot_for(struct dmabuf *d, const struct lgp_frame_view *v)
{
	uint64_t off, size;
	lgv_dmabuf_range(v, 4096, &off, &size);
	struct dma_slot *free_slot = NULL;
	for (int i = 0; i < DMABUF_SLOTS; ++i) {
		struct dma_slot *s = &d->slot[i];
		if (s->fd >= 0 && s->offset == off && s->size >= size)
			return s;
		if (s->fd < 0 && !free_slot)
			free_slot = s;
	}
	if (!free_slot) {
		give_up(d, "the guest uses more frame slots than dma-bufs are kept");
		return NULL;
	}
	int fd;
	int ret = kvmfr_region_dmabuf(d->base.env.region, off, size, &fd);
	if (ret < 0) {
		char why[160];
		g_snprintf(why, sizeof(why), "cannot export the frame slot at %#lx: %s",
			   (unsigned long)off, g_strerror(-ret));
		give_up(d, why);
		return NULL;
	}
	free_slot->fd = fd;
	free_slot->offset = off;
	free_slot->size = size;
	return free_slot;
}

static int dmabuf_frame(struct lgv_uploader *u, const struct lgp_frame_view *v,
			struct lgv_frame_times *t, uint64_t deadline_ns)
{
	struct dmabuf *d = (struct dmabuf *)u;
	if (g_atomic_int_get(&d->unusable))
		return LGP_ERR_NOT_SUPPORTED;
	if (v->data_offset % 4096) {
		give_up(d, "the guest's frame data is not page-aligned in its slot");
		return LGP_ERR_NOT_SUPPORTED;
	}
	int ret = lgp_frame_wait(v, v->data_bytes, deadline_ns);
	if (ret < 0)
		return ret;
	if (!slot_for(d, v))
		return LGP_ERR_NOT_SUPPORTED;
	t->copied = lgp_monotonic_ns(); /* nothing copied: zero copy */
	/* Refused: the import failed on the main thread; the pipe copies it. */
	return lgv_handoff_frame_result(lgv_handoff_offer(&d->handoff, v, t, &u->env,
							   lgv_upload_offer_ns(&u->env)));
}

static bool import_slot(struct dmabuf *d, struct dma_slot *s, const struct lgp_frame_view *v)
{
	struct lgv_dmabuf_desc desc;
	if (!lgv_dmabuf_desc_for(v, &desc))
		return false;
	if (s->image && !memcmp(&desc, &s->desc, sizeof(desc)))
		return true;
	if (s->image)
		eglDestroyImage(eglGetCurrentDisplay(), s->image);
	EGLAttrib attrs[32];
	lgv_dmabuf_attribs(&desc, s->fd, d->modifiers, attrs, G_N_ELEMENTS(attrs));
	s->image = eglCreateImage(eglGetCurrentDisplay(), EGL_NO_CONTEXT, EGL_LINUX_DMA_BUF_EXT,
				  NULL, attrs);
	if (s->image == EGL_NO_IMAGE) {
		char why[96];
		g_snprintf(why, sizeof(why), "EGL refused to import a frame (error 0x%x)",
			   eglGetError());
		give_up(d, why);
		return false;
	}
	if (!s->tex)
		glGenTextures(1, &s->tex);
	glBindTexture(GL_TEXTURE_2D, s->tex);
	glEGLImageTargetTexture2DOES(GL_TEXTURE_2D, s->image);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
	s->desc = desc;
	return true;
}

static bool dmabuf_upload(struct lgv_uploader *u, struct lgv_renderer *r,
			  struct lgv_frame_times *t)
{
	struct dmabuf *d = (struct dmabuf *)u;
	const struct lgp_frame_view *v = lgv_handoff_take(&d->handoff, t);
	if (!v)
		return false;
	uint64_t off, size;
	lgv_dmabuf_range(v, 4096, &off, &size);
	struct dma_slot *s = NULL;
	for (int i = 0; i < DMABUF_SLOTS && !s; ++i)
		if (d->slot[i].fd >= 0 && d->slot[i].offset == off)
			s = &d->slot[i];
	if (!s || !import_slot(d, s, v)) {
		/* import_slot says why when EGL refused; the first reason wins */
		give_up(d, s ? "this frame's format has no dma-buf import"
			     : "the frame's slot was not exported");
		lgv_handoff_refuse(&d->handoff);
		return false;
	}
	d->current = s->tex;
	d->holding = true; /* released once drawn: dmabuf_presented */
	t->uploaded = lgp_monotonic_ns();
	lgv_renderer_frame_updated(r);
	return true;
}

/* The GPU has been told to draw from the slot: wait for it (bounded), then
 * give the frame back to the guest. */
static void dmabuf_presented(struct lgv_uploader *u)
{
	struct dmabuf *d = (struct dmabuf *)u;
	if (!d->holding)
		return;
	GLsync fence = glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
	glClientWaitSync(fence, GL_SYNC_FLUSH_COMMANDS_BIT, 50000000u);
	glDeleteSync(fence);
	lgv_handoff_done(&d->handoff);
	d->holding = false;
}

static unsigned dmabuf_texture(struct lgv_uploader *u)
{
	return ((struct dmabuf *)u)->current;
}

static void dmabuf_close(struct lgv_uploader *u)
{
	lgv_handoff_close(&((struct dmabuf *)u)->handoff);
}

const struct lgv_uploader_impl lgv_uploader_dmabuf = {
	.name = "dmabuf",
	.description = "zero copy: import each frame slot of a kvmfr device as an EGLImage "
		       "(needs /dev/kvmfrN and EGL_EXT_image_dma_buf_import)",
	.probe = dmabuf_probe,
	.create = dmabuf_create,
	.destroy = dmabuf_destroy,
	.configure = dmabuf_configure,
	.frame = dmabuf_frame,
	.upload = dmabuf_upload,
	.close = dmabuf_close,
	.presented = dmabuf_presented,
	.texture = dmabuf_texture,
};
