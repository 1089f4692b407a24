/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The KVMFR 20 producer: what the Looking Glass host application does inside
 * the guest, for our tools, tests and guest agents. It lays the region out
 * exactly as B7 does (frame queue, pointer queue, 20 cursor position
 * buffers, 3 shape buffers, 2 page-aligned frame slots), keeps the
 * heartbeat, re-posts the last frame and cursor to new subscribers, answers
 * SETCURSORPOS, and writes frames progressively.
 *
 * Threads: one producer is driven by one thread. lgp_producer_process() must
 * run at least every 10-100 ms (the frame and cursor calls run it while they
 * wait); the set_cursor_pos callback is called from it.
 */
#ifndef GUEST_PROTO_PRODUCER_H
#define GUEST_PROTO_PRODUCER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guest-proto/clock.h"
#include "guest-proto/frame.h"
#include "guest-proto/kvmfr.h"

struct lgp_producer;

struct lgp_producer_config {
	/* hostver, VMINFO/OSINFO; kvmfr_version 0 means 20. NULL: defaults. */
	const struct lgp_guest_info *info;
	const struct lgp_clock *clock; /* NULL: CLOCK_MONOTONIC */
	size_t page_size;              /* 0: 4096 */
	/* Optional; when set, the SETCURSORPOS feature is advertised. */
	void (*set_cursor_pos)(void *ctx, int32_t x, int32_t y);
	void *ctx;
};

int lgp_producer_create(void *mem, uint64_t size, const struct lgp_producer_config *cfg,
			struct lgp_producer **out);
void lgp_producer_destroy(struct lgp_producer *p);

uint32_t lgp_producer_session_id(const struct lgp_producer *p);
/* Pixel bytes one frame slot holds (slot size minus the page of headers). */
uint32_t lgp_producer_frame_capacity(const struct lgp_producer *p);
/* Region offsets of the two frame slots, for tests and tools. */
uint32_t lgp_producer_slot_offset(const struct lgp_producer *p, unsigned slot);
bool lgp_producer_has_subscribers(struct lgp_producer *p);
/* Whether a viewer takes frames (the frame queue has a subscriber). */
bool lgp_producer_frames_watched(struct lgp_producer *p);

/* Heartbeat, retirement, new-subscriber re-posts, client messages. */
int lgp_producer_process(struct lgp_producer *p);

struct lgp_frame_desc {
	uint32_t type; /* enum kvmfr20_frame_type */
	uint32_t screen_width, screen_height;
	uint32_t frame_width, frame_height;
	uint32_t data_width, data_height; /* 0: derived from the frame size */
	uint32_t pitch;                   /* 0: tight rows */
	uint32_t rotation;
	uint32_t flags;
	const struct lgp_rect *damage; /* NULL/0: the whole frame changed */
	uint32_t damage_count;
};

/* Fill in data size, pitch and stride from the type and frame size. */
int lgp_frame_desc_complete(struct lgp_frame_desc *d);

/* A frame being written; see lgp_producer_frame_begin(). */
struct lgp_frame_writer {
	struct lgp_producer *producer;
	unsigned slot;
	uint8_t *data;
	uint32_t *wp;
	uint32_t pitch;
	uint32_t rows;
	uint32_t written; /* bytes published so far */
	/* What must be written for the slot to equal the new frame: this
	 * frame's damage plus all damage since the slot was last written. */
	struct lgp_damage damage;
};

/*
 * Take a free slot (waiting up to timeout_ms, running process meanwhile),
 * write the frame header, post it, and return a writer with wp = 0. Frames
 * larger than a slot are cut to the rows that fit and flagged TRUNCATED.
 */
int lgp_producer_frame_begin(struct lgp_producer *p, const struct lgp_frame_desc *d,
			     uint32_t timeout_ms, struct lgp_frame_writer *w);
/* Write rows [y, y+rows) from src and publish the write pointer (at every
 * 1 MiB). Rows must be written in order. */
void lgp_frame_writer_rows(struct lgp_frame_writer *w, const uint8_t *src, uint32_t src_pitch,
			   uint32_t y, uint32_t rows);
/* Publish the whole frame as written. */
void lgp_producer_frame_end(struct lgp_frame_writer *w);

/*
 * The whole path: begin, copy the damaged rows of src (accumulated per slot,
 * so the slot ends up identical to src) band by band publishing the write
 * pointer, end. src holds the full frame in the descriptor's format.
 */
int lgp_producer_frame_post(struct lgp_producer *p, const struct lgp_frame_desc *d,
			    const uint8_t *src, uint32_t src_pitch, uint32_t timeout_ms);

struct lgp_cursor_shape {
	uint32_t type; /* enum kvmfr20_cursor_type */
	uint32_t width, height; /* image size; monochrome masks have 2*height rows */
	uint32_t pitch;
	int8_t hx, hy;
	const void *pixels;
};

int lgp_producer_cursor_move(struct lgp_producer *p, int16_t x, int16_t y, bool visible);
int lgp_producer_cursor_shape(struct lgp_producer *p, const struct lgp_cursor_shape *shape,
			      int16_t x, int16_t y, bool visible);

#endif
