// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "guest-proto/error.h"
#include "guest-proto/frame.h"
#include "guest-proto/kvmfr.h"


static bool dims_ok(uint32_t w, uint32_t h)
{
	return w > 0 && h > 0 && w <= LGP_FRAME_MAX_DIM && h <= LGP_FRAME_MAX_DIM;
}

/* Bytes of real data in a row, or 0 when data_width cannot hold frame_width. */
static uint32_t row_bytes_for(const struct kvmfr20_frame *f, const struct lgp_format_info *fi)
{
	uint64_t bytes = (uint64_t)f->data_width * fi->texel_bytes;
	uint64_t needed = fi->packed24 ? (uint64_t)f->frame_width * 3u
				       : (uint64_t)f->frame_width * fi->texel_bytes;
	return bytes >= needed ? (uint32_t)bytes : 0;
}

static bool rects_ok(const struct kvmfr20_frame *f)
{
	if (f->damage_rects_count > KVMFR20_MAX_DAMAGE_RECTS)
		return false;
	for (uint32_t i = 0; i < f->damage_rects_count; ++i) {
		const struct kvmfr20_damage_rect *r = &f->damage_rects[i];
		if ((uint64_t)r->x + r->width > f->frame_width ||
		    (uint64_t)r->y + r->height > f->frame_height)
			return false;
	}
	return true;
}

int lgp_frame_view_init(struct lgp_frame_view *v, const struct lgmp_msg *msg)
{
	memset(v, 0, sizeof(*v));
	if (!msg->ptr || msg->size < sizeof(struct kvmfr20_frame))
		return LGP_ERR_BAD_MESSAGE;
	/* The one read of the header: everything below works on the copy. */
	memcpy(&v->hdr, msg->ptr, sizeof(v->hdr));
	struct kvmfr20_frame *f = &v->hdr;

	const struct lgp_format_info *fi = lgp_format_info(f->type);
	if (!fi)
		return LGP_ERR_BAD_MESSAGE;
	if (!dims_ok(f->frame_width, f->frame_height) || !dims_ok(f->data_width, f->data_height) ||
	    f->screen_width > LGP_FRAME_MAX_DIM || f->screen_height > LGP_FRAME_MAX_DIM ||
	    f->data_height > f->frame_height || f->rotation > 3)
		return LGP_ERR_BAD_MESSAGE;

	uint32_t row_bytes = row_bytes_for(f, fi);
	if (!row_bytes || f->pitch < row_bytes || f->pitch > LGP_FRAME_MAX_PITCH)
		return LGP_ERR_BAD_MESSAGE;
	uint64_t data_bytes = (uint64_t)f->pitch * f->data_height;

	/* The framebuffer header must sit after the frame header, be aligned
	 * for its atomic write pointer, and the data must fit the slot. */
	uint64_t fb = f->offset;
	if (fb < sizeof(struct kvmfr20_frame) || ((msg->offset + fb) & 3u) ||
	    fb + sizeof(struct kvmfr20_framebuffer) + data_bytes > msg->size)
		return LGP_ERR_BAD_MESSAGE;
	if (!rects_ok(f))
		return LGP_ERR_BAD_MESSAGE;

	const uint8_t *slot = msg->ptr;
	v->row_bytes = row_bytes;
	v->data_bytes = (uint32_t)data_bytes;
	v->capacity = (uint32_t)(msg->size - fb - sizeof(struct kvmfr20_framebuffer));
	v->slot_offset = msg->offset;
	v->data_offset = (uint32_t)(msg->offset + fb + sizeof(struct kvmfr20_framebuffer));
	v->wp = (const uint32_t *)(slot + fb);
	v->data = slot + fb + sizeof(struct kvmfr20_framebuffer);
	return 0;
}

uint32_t lgp_frame_damage(const struct lgp_frame_view *v, struct lgp_rect *out)
{
	uint32_t n = v->hdr.damage_rects_count;
	for (uint32_t i = 0; i < n; ++i) {
		const struct kvmfr20_damage_rect *r = &v->hdr.damage_rects[i];
		out[i] = (struct lgp_rect){r->x, r->y, r->width, r->height};
	}
	return n;
}

void lgp_frame_rect_span(const struct lgp_frame_view *v, const struct lgp_rect *r,
			 uint32_t *x_byte, uint32_t *len)
{
	const struct lgp_format_info *fi = lgp_format_info(v->hdr.type);
	uint64_t x0, x1;
	if (fi->packed24) {
		x0 = (uint64_t)r->x * 3u / 4u;
		x1 = (((uint64_t)r->x + r->w) * 3u + 3u) / 4u;
		x0 *= 4u;
		x1 *= 4u;
	} else {
		x0 = (uint64_t)r->x * fi->texel_bytes;
		x1 = ((uint64_t)r->x + r->w) * fi->texel_bytes;
	}
	if (x1 > v->row_bytes)
		x1 = v->row_bytes;
	if (x0 > x1)
		x0 = x1;
	*x_byte = (uint32_t)x0;
	*len = (uint32_t)(x1 - x0);
}
