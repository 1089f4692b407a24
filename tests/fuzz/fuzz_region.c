// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: arbitrary bytes become the shared-memory region, and the
 * consumer does everything a viewer does with it: handshake, KVMFR header,
 * subscribe, frames (validate, progressive copy), cursors, SETCURSORPOS.
 * The harness plays the host only where the bytes cannot: it moves the
 * heartbeat and publishes one message per queue after we subscribed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_region.h"
#include "guest-proto/consumer.h"
#include "guest-proto/cursor.h"
#include "guest-proto/wire_b7.h"

struct fuzz_region_stats fuzz_region_stats;
static uint64_t fake_now;

static uint64_t fake_clock(void *ctx)
{
	(void)ctx;
	return fake_now;
}

/* Publish the message at the current position, as a host would by posting. */
static void host_publishes(uint8_t *mem, size_t size)
{
	struct lgmp6_header *h = (struct lgmp6_header *)mem;
	for (uint32_t i = 0; i < LGMP6_MAX_QUEUES; ++i) {
		struct lgmp6_queue *q = &h->queues[i];
		uint32_t n = q->num_messages;
		if (n)
			q->position = (q->position + 1) % n;
	}
	(void)size;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t rsize = size < LGMP6_HEADER_SIZE ? LGMP6_HEADER_SIZE : size;
	rsize = (rsize + 4095) & ~(size_t)4095;
	uint8_t *mem = aligned_alloc(4096, rsize);
	if (!mem)
		return 0;
	memset(mem, 0, rsize);
	memcpy(mem, data, size);
	/* Held locks only cost time (unit tests cover them); keep runs fast. */
	struct lgmp6_header *h = (struct lgmp6_header *)mem;
	for (uint32_t i = 0; i < LGMP6_MAX_QUEUES; ++i)
		h->queues[i].lock = h->queues[i].cmsg_lock = 0;

	fake_now = 1000;
	struct lgp_clock clock = {.now_ms = fake_clock};
	struct lgp_consumer *c;
	if (lgp_consumer_create(mem, rsize, &clock, &c) < 0)
		goto out_free;
	h->timestamp++; /* the heartbeat */
	fuzz_region_stats.runs++;
	if (lgp_consumer_connect(c) == 0) {
		fuzz_region_stats.connected++;
		static uint8_t dst[4u << 20];
		static uint8_t shape[LGP_CURSOR_SHAPE_MAX];
		struct lgp_frame_view v;
		struct lgp_cursor cur;
		lgp_consumer_frame_next(c, &v); /* subscribes */
		lgp_consumer_cursor_next(c, &cur, shape, sizeof(shape));
		for (int round = 0; round < 3; ++round) {
			host_publishes(mem, rsize);
			if (lgp_consumer_frame_next(c, &v) == 0) {
				fuzz_region_stats.frames++;
				struct lgp_damage d;
				lgp_damage_clear(&d);
				struct lgp_rect r[KVMFR20_MAX_DAMAGE_RECTS];
				lgp_damage_add(&d, r, lgp_frame_damage(&v, r));
				uint32_t pitch = v.hdr.pitch;
				if ((uint64_t)pitch * v.hdr.data_height <= sizeof(dst)) {
					lgp_frame_copy(&v, dst, pitch, &d, 0);
					lgp_frame_copy(&v, dst, pitch, NULL, 0);
				}
				lgp_consumer_frame_done(c);
			}
			if (lgp_consumer_cursor_next(c, &cur, shape, sizeof(shape)) == 0)
				fuzz_region_stats.cursors++;
			lgp_consumer_set_cursor_pos(c, 1, 2, 0);
			lgp_consumer_check(c);
		}
	}
	lgp_consumer_destroy(c);
out_free:
	free(mem);
	return 0;
}
