/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cursor messages of the pointer queue: a validated copy of position,
 * visibility and (when sent) the shape. Pure functions, any thread.
 */
#ifndef GUEST_PROTO_CURSOR_H
#define GUEST_PROTO_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guest-proto/lgmp_client.h"
#include "guest-proto/wire_b7.h"

/* Largest shape in bytes a guest may send (512x512 at 32 bpp). */
#define LGP_CURSOR_SHAPE_MAX (KVMFR20_MAX_POINTER_DIM * KVMFR20_MAX_POINTER_DIM * 4u)

struct lgp_cursor {
	uint32_t flags; /* KVMFR20_CURSOR_FLAG_* */
	int16_t x, y;   /* top-left of the image in guest desktop pixels */
	bool visible;
	/* Valid when flags has SHAPE: */
	uint32_t type; /* enum kvmfr20_cursor_type */
	int8_t hx, hy; /* hotspot */
	uint32_t width;
	uint32_t height; /* of the image (monochrome: half the mask rows) */
	uint32_t pitch;
	uint32_t shape_bytes; /* bytes copied into the caller's buffer */
};

/*
 * Copy a cursor message out of shared memory and validate it. For shape
 * messages the pixels are copied into shape (cap bytes; LGP_CURSOR_SHAPE_MAX
 * is always enough). LGP_ERR_BAD_MESSAGE when malformed: unknown type,
 * over 512x512, pitch too small for the width, odd monochrome height, or
 * pixels running past the message.
 */
int lgp_cursor_read(const struct lgmp_msg *msg, struct lgp_cursor *out, void *shape, size_t cap);

/* Bytes needed per row of a shape of this type and width. */
uint32_t lgp_cursor_row_bytes(uint32_t type, uint32_t width);

#endif
