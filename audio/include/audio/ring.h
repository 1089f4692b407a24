/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The audio ring between the SPICE thread (the one producer) and the
 * PipeWire real-time callback (the one consumer). Bytes, a power-of-two
 * capacity, two free-running indices with acquire/release ordering: no
 * locks, and nothing here allocates after init.
 *
 * Threads: init/finish by the owner with neither side running; write from
 * the producer only; read and skip from the consumer only; fill and free
 * from either (a snapshot).
 */
#ifndef AUDIO_RING_H
#define AUDIO_RING_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct lga_ring {
	uint8_t *buf;
	size_t size, mask;   /* size: a power of two */
	_Atomic size_t head; /* bytes ever written (producer) */
	_Atomic size_t tail; /* bytes ever read (consumer) */
};

/* At least min_bytes of room (rounded up to a power of two). False when
 * min_bytes is 0 or too big, or out of memory. */
bool lga_ring_init(struct lga_ring *r, size_t min_bytes);
void lga_ring_finish(struct lga_ring *r);

/* Producer: copies what fits of n bytes; returns how many (the rest is
 * the caller's to count as an overrun). */
size_t lga_ring_write(struct lga_ring *r, const void *data, size_t n);
/* Consumer: copies up to n bytes out; returns how many. */
size_t lga_ring_read(struct lga_ring *r, void *out, size_t n);
/* Consumer: drops up to n bytes unread; returns how many. */
size_t lga_ring_skip(struct lga_ring *r, size_t n);

size_t lga_ring_fill(const struct lga_ring *r);
size_t lga_ring_free(const struct lga_ring *r);

#endif
