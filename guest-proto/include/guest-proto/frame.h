/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Frames: validated views of a KVMFR frame message, the progressive read that
 * follows the guest's write pointer, damage accumulation and damage-aware
 * copies. Threads: a view belongs to the thread that made it.
 */
#ifndef GUEST_PROTO_FRAME_H
#define GUEST_PROTO_FRAME_H

#include <stdbool.h>
#include <stdint.h>

#include "guest-proto/lgmp_client.h"
#include "guest-proto/wire_b7.h"

/* Upper bounds on any frame dimension and pitch we accept (16K, 8 bytes a
 * texel). Their product bounds every data offset: see frame_read.c. */
#define LGP_FRAME_MAX_DIM 16384u
#define LGP_FRAME_MAX_PITCH (LGP_FRAME_MAX_DIM * 8u)

struct lgp_rect {
	uint32_t x, y, w, h;
};

/*
 * A frame whose header has been copied out of shared memory once and fully
 * validated. data/wp still point into shared memory: the pixels are read
 * progressively while the guest writes them.
 */
struct lgp_frame_view {
	struct kvmfr20_frame hdr; /* the validated copy */
	uint32_t row_bytes;       /* bytes of real data per row (<= pitch) */
	uint32_t data_bytes;      /* pitch * data_height */
	uint32_t capacity;        /* bytes from data to the end of the slot */
	uint32_t slot_offset;     /* region offset of the message allocation */
	uint32_t data_offset;     /* region offset of the pixel data */
	const uint32_t *wp;       /* in shared memory */
	const uint8_t *data;      /* in shared memory */
	/* When set and non-zero (read atomically, from any thread), every wait
	 * on the write pointer ends with LGP_ERR_CANCELLED. */
	const int *cancel;
};

/*
 * Validate a frame message and fill a view. LGP_ERR_BAD_MESSAGE for every
 * malformed case (unknown type, zero or huge sizes, pitch too small,
 * pitch*height overflow or beyond the slot, more than 64 damage rects, rects
 * outside the frame, bad rotation, offset outside the message).
 */
int lgp_frame_view_init(struct lgp_frame_view *view, const struct lgmp_msg *msg);

/* The guest's write pointer now; LGP_ERR_BAD_MESSAGE when it points past the
 * slot. */
int lgp_frame_write_pointer(const struct lgp_frame_view *view, uint32_t *wp);

/* Wait until `bytes` of data are valid or deadline_ns (CLOCK_MONOTONIC) has
 * passed (LGP_ERR_TIMEOUT), or the view's cancel flag is raised
 * (LGP_ERR_CANCELLED). The deadline is looked at on every pass, so a guest
 * that keeps the write pointer creeping forward cannot stretch it. */
int lgp_frame_wait(const struct lgp_frame_view *view, uint32_t bytes, uint64_t deadline_ns);

/* Damage accumulated for one destination buffer: count < 0 means "all". */
struct lgp_damage {
	int32_t count;
	struct lgp_rect rects[KVMFR20_MAX_DAMAGE_RECTS];
};

void lgp_damage_set_full(struct lgp_damage *d);
void lgp_damage_clear(struct lgp_damage *d);
bool lgp_damage_is_full(const struct lgp_damage *d);
/* Add a frame's damage; n == 0 (whole frame) or overflow makes it full. */
void lgp_damage_add(struct lgp_damage *d, const struct lgp_rect *rects, uint32_t n);
/* The frame's own damage rects as lgp_rects; returns the count (0 = full). */
uint32_t lgp_frame_damage(const struct lgp_frame_view *view, struct lgp_rect *out);

/*
 * Copy the frame into dst (dst_pitch bytes per row, data_height rows of
 * row_bytes), following the write pointer: rows are copied as soon as the
 * guest has written them. With damage (not full), only the damaged spans
 * are copied, band by band. LGP_ERR_TIMEOUT when the guest has not written
 * the whole frame by deadline_ns (however slowly it goes on writing),
 * LGP_ERR_CANCELLED on the view's cancel flag; dst then holds a partial
 * frame.
 */
int lgp_frame_copy(const struct lgp_frame_view *view, uint8_t *dst, uint32_t dst_pitch,
		   const struct lgp_damage *damage, uint64_t deadline_ns);

/* The byte span of a damage rect's row in the data, for the view's format
 * (BGR_32 rects are in pixels and are widened to whole texels). */
void lgp_frame_rect_span(const struct lgp_frame_view *view, const struct lgp_rect *r,
			 uint32_t *x_byte, uint32_t *len);

#endif
