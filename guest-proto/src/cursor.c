// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "guest-proto/cursor.h"
#include "guest-proto/error.h"
#include "shm_access.h"

uint32_t lgp_cursor_row_bytes(uint32_t type, uint32_t width)
{
	return type == KVMFR20_CURSOR_MONOCHROME ? (width + 7u) / 8u : width * 4u;
}

int lgp_cursor_read(const struct lgmp_msg *msg, struct lgp_cursor *out, void *shape, size_t cap)
{
	memset(out, 0, sizeof(*out));
	struct kvmfr20_cursor c;
	if (!msg->ptr || msg->size < sizeof(c))
		return LGP_ERR_BAD_MESSAGE;
	/* The cursor thread reads while the frame thread writes its queue's
	 * client fields in the same region, where a hostile guest may point
	 * a message. */
	shm_copy_out(&c, msg->ptr, sizeof(c));

	out->flags = msg->udata & (KVMFR20_CURSOR_FLAG_POSITION | KVMFR20_CURSOR_FLAG_VISIBLE |
				   KVMFR20_CURSOR_FLAG_SHAPE);
	out->x = c.x;
	out->y = c.y;
	out->visible = (msg->udata & KVMFR20_CURSOR_FLAG_VISIBLE) != 0;
	if (!(msg->udata & KVMFR20_CURSOR_FLAG_SHAPE))
		return 0;

	if (c.type > KVMFR20_CURSOR_MASKED_COLOR || c.width == 0 || c.height == 0 ||
	    c.width > KVMFR20_MAX_POINTER_DIM)
		return LGP_ERR_BAD_MESSAGE;
	uint32_t rows = c.height;
	uint32_t height = c.height;
	if (c.type == KVMFR20_CURSOR_MONOCHROME) {
		if (rows & 1u)
			return LGP_ERR_BAD_MESSAGE;
		height = rows / 2u;
	}
	if (height > KVMFR20_MAX_POINTER_DIM)
		return LGP_ERR_BAD_MESSAGE;
	if (c.pitch < lgp_cursor_row_bytes(c.type, c.width) ||
	    c.pitch > KVMFR20_MAX_POINTER_DIM * 4u)
		return LGP_ERR_BAD_MESSAGE;
	uint64_t bytes = (uint64_t)c.pitch * rows;
	if (bytes > msg->size - sizeof(c) || bytes > LGP_CURSOR_SHAPE_MAX || bytes > cap || !shape)
		return LGP_ERR_BAD_MESSAGE;

	shm_copy_out(shape, (const uint8_t *)msg->ptr + sizeof(c), (size_t)bytes);
	out->type = c.type;
	out->hx = c.hx;
	out->hy = c.hy;
	out->width = c.width;
	out->height = height;
	out->pitch = c.pitch;
	out->shape_bytes = (uint32_t)bytes;
	return 0;
}
