// SPDX-License-Identifier: GPL-2.0-or-later
#include <drm_fourcc.h>

#include "dmabuf_attrs.h"
#include "guest-proto/kvmfr.h"

bool lgv_dmabuf_desc_for(const struct lgp_frame_view *v, struct lgv_dmabuf_desc *d)
{
	const struct kvmfr20_frame *h = &v->hdr;
	uint32_t fourcc, texel = 4;
	switch (h->type) {
	case KVMFR20_FRAME_BGRA: fourcc = DRM_FORMAT_ARGB8888; break;
	case KVMFR20_FRAME_RGBA: fourcc = DRM_FORMAT_ABGR8888; break;
	case KVMFR20_FRAME_RGBA10: fourcc = DRM_FORMAT_ABGR2101010; break;
	case KVMFR20_FRAME_RGBA16F: fourcc = DRM_FORMAT_ABGR16161616F; texel = 8; break;
	case KVMFR20_FRAME_BGR_32:
	case KVMFR20_FRAME_RGB_24:
		/* Bytes in 32-bit texels, in memory order R,G,B,A = byte 0..3. */
		fourcc = DRM_FORMAT_ABGR8888;
		break;
	default:
		return false;
	}
	if (h->pitch % texel)
		return false;
	*d = (struct lgv_dmabuf_desc){
		.fourcc = fourcc,
		.width = (v->row_bytes + texel - 1) / texel,
		.height = h->data_height,
		.pitch = h->pitch,
		.modifier = DRM_FORMAT_MOD_LINEAR,
	};
	return d->width * texel <= h->pitch;
}

void lgv_dmabuf_range(const struct lgp_frame_view *v, uint64_t page, uint64_t *offset,
		      uint64_t *size)
{
	*offset = v->data_offset; /* page aligned by the B7 layout (checked by the caller) */
	*size = ((uint64_t)v->data_bytes + page - 1) / page * page;
}

size_t lgv_dmabuf_attribs(const struct lgv_dmabuf_desc *d, int fd, bool with_modifier,
			  EGLAttrib *out, size_t cap)
{
	const EGLAttrib base[] = {
		EGL_WIDTH, d->width,
		EGL_HEIGHT, d->height,
		EGL_LINUX_DRM_FOURCC_EXT, d->fourcc,
		EGL_DMA_BUF_PLANE0_FD_EXT, fd,
		EGL_DMA_BUF_PLANE0_OFFSET_EXT, 0,
		EGL_DMA_BUF_PLANE0_PITCH_EXT, d->pitch,
	};
	size_t n = sizeof(base) / sizeof(base[0]);
	size_t need = n + (with_modifier ? 4 : 0) + 1;
	if (cap < need)
		return 0;
	for (size_t i = 0; i < n; ++i)
		out[i] = base[i];
	if (with_modifier) {
		out[n++] = EGL_DMA_BUF_PLANE0_MODIFIER_LO_EXT;
		out[n++] = (EGLAttrib)(d->modifier & 0xffffffffu);
		out[n++] = EGL_DMA_BUF_PLANE0_MODIFIER_HI_EXT;
		out[n++] = (EGLAttrib)(d->modifier >> 32);
	}
	out[n++] = EGL_NONE;
	return n;
}
