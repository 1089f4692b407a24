/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The LGMP 6 host (producer) role: owns the region's header, its queues and
 * a permanent bump allocator, exactly as the Looking Glass B7 guest
 * application lays them out.
 *
 * Threads: a host and its queues are used from one thread at a time (the
 * producer's). The shared memory itself is concurrently touched by clients
 * in other processes; that is what the locks in the header are for.
 */
#ifndef GUEST_PROTO_LGMP_HOST_H
#define GUEST_PROTO_LGMP_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include "guest-proto/clock.h"

struct lgmp_host;
struct lgmp_host_queue;

/* An allocation in the region: offset from the base, size, and pointer. */
struct lgmp_mem {
	uint32_t offset;
	uint32_t size;
	void *ptr;
};

/*
 * Initialise a region: write magic, version, a new session id (different
 * from the one already there), the heartbeat and the udata block. clock may
 * be NULL (CLOCK_MONOTONIC). Regions over 4 GiB use only their first 4 GiB:
 * LGMP offsets are 32-bit.
 */
int lgmp_host_create(void *mem, uint64_t size, const void *udata, uint32_t udata_size,
		     const struct lgp_clock *clock, struct lgmp_host **out);
void lgmp_host_destroy(struct lgmp_host *host);

uint32_t lgmp_host_session_id(const struct lgmp_host *host);

/* Create a queue (before any post; at most LGMP6_MAX_QUEUES). */
int lgmp_host_queue_new(struct lgmp_host *host, uint32_t queue_id, uint32_t num_messages,
			uint32_t max_time_ms, struct lgmp_host_queue **out);

/* Permanent allocation; align is a power of two >= 4 and rounds both the
 * start and the size up. */
int lgmp_host_mem_alloc(struct lgmp_host *host, uint32_t size, uint32_t align,
			struct lgmp_mem *out);
uint32_t lgmp_host_mem_avail(const struct lgmp_host *host);
uint32_t lgmp_host_mem_next(const struct lgmp_host *host);

/*
 * The periodic tick (every 10 ms in the B7 host): heartbeat, retire messages
 * every subscriber has finished, mark subscribers that held a message longer
 * than max_time BAD. Returns LGP_ERR_CORRUPTED when the magic was wiped; the
 * caller then re-creates the host.
 */
int lgmp_host_process(struct lgmp_host *host);

/* Post a message to every good subscriber. With no subscriber nothing is
 * posted and 0 is returned; LGP_ERR_QUEUE_FULL when the ring is full. */
int lgmp_host_queue_post(struct lgmp_host_queue *q, uint32_t udata, const struct lgmp_mem *mem);

bool lgmp_host_queue_has_subs(struct lgmp_host_queue *q);
/* Subscribes since the last call (reads and zeroes the counter). */
uint32_t lgmp_host_queue_new_subs(struct lgmp_host_queue *q);
/* Messages not yet retired. */
uint32_t lgmp_host_queue_pending(struct lgmp_host_queue *q);

/* Read one client->host message (LGP_ERR_QUEUE_EMPTY when none). buf holds
 * LGMP6_MSGS_SIZE bytes. Acknowledge it with lgmp_host_ack_data() once acted
 * upon. */
int lgmp_host_read_data(struct lgmp_host_queue *q, void *buf, uint32_t *size);
void lgmp_host_ack_data(struct lgmp_host_queue *q);

#endif
