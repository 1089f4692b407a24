/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How a frame slot is described to EGL for a zero-copy import: the DRM
 * fourcc of each frame type, the page-aligned range of the slot to export
 * as a dma-buf, and the EGL_EXT_image_dma_buf_import attribute list. Pure
 * functions, any thread (unit-tested without a GPU).
 */
#ifndef LGVIEW_DMABUF_ATTRS_H
#define LGVIEW_DMABUF_ATTRS_H

#include <epoxy/egl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guest-proto/frame.h"

struct lgv_dmabuf_desc {
	uint32_t fourcc;
	uint32_t width, height; /* texels of the imported image */
	uint32_t pitch;
	uint64_t modifier; /* always linear: the guest writes plain rows */
};

/* False when the frame cannot be imported as is (a row pitch that is not
 * whole texels). 24-bit formats import as 32-bit texels and are unpacked. */
bool lgv_dmabuf_desc_for(const struct lgp_frame_view *v, struct lgv_dmabuf_desc *d);

/* The region range to export: the pixel data, page aligned. */
void lgv_dmabuf_range(const struct lgp_frame_view *v, uint64_t page, uint64_t *offset,
		      uint64_t *size);

/* The attribute list for eglCreateImage(EGL_LINUX_DMA_BUF_EXT), ending in
 * EGL_NONE; returns the count written including EGL_NONE, 0 if cap is too
 * small. with_modifier adds the modifier (EGL_EXT_image_dma_buf_import_modifiers). */
size_t lgv_dmabuf_attribs(const struct lgv_dmabuf_desc *d, int fd, bool with_modifier,
			  EGLAttrib *out, size_t cap);

#endif
