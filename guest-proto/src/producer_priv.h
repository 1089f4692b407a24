/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef GUEST_PROTO_PRODUCER_PRIV_H
#define GUEST_PROTO_PRODUCER_PRIV_H

#include "guest-proto/lgmp_host.h"
#include "guest-proto/producer.h"

#define PRODUCER_FRAME_SLOTS 2u
#define PRODUCER_POS_BUFFERS 20u

struct lgp_producer {
	uint8_t *mem;
	uint64_t size;
	struct lgp_producer_config cfg;
	struct lgp_clock clock;
	uint8_t udata[1024];
	size_t udata_size;
	size_t page;

	struct lgmp_host *host;
	struct lgmp_host_queue *frame_q;
	struct lgmp_host_queue *pointer_q;
	struct lgmp_mem pos_buf[PRODUCER_POS_BUFFERS];
	struct lgmp_mem shape_buf[KVMFR20_POINTER_SHAPE_BUFFERS];
	struct lgmp_mem slot[PRODUCER_FRAME_SLOTS];

	/* frames */
	unsigned next_slot;
	int last_slot; /* -1 until a frame was completed */
	bool writing;
	bool repost_frame;
	uint32_t serial;
	uint32_t format_ver;
	struct kvmfr20_frame last_format;
	struct lgp_damage slot_damage[PRODUCER_FRAME_SLOTS];

	/* cursor */
	unsigned next_pos;
	unsigned next_shape;
	int last_shape; /* -1 until a shape was sent */
	int16_t cur_x, cur_y;
	bool cur_visible;
	bool repost_cursor;
};

/* Post on a queue, retrying while it is full and running process, until
 * timeout_ms has passed. q and mem point into the producer: process may lay
 * the region out again (after the guest's memory was wiped), and each retry
 * must use the new queue. */
int producer_post_retry(struct lgp_producer *p, struct lgmp_host_queue *const *q, uint32_t udata,
			const struct lgmp_mem *mem, uint32_t timeout_ms);

/* 0 when the region is laid out; lays it out again if a previous attempt
 * failed. Every entry point that touches the queues calls it first. */
int producer_ready(struct lgp_producer *p);

/* Re-send the cursor to a new pointer subscriber. */
int producer_cursor_repost(struct lgp_producer *p);

#endif
