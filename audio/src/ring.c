// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "audio/ring.h"

bool lga_ring_init(struct lga_ring *r, size_t min_bytes)
{
	memset(r, 0, sizeof(*r));
	if (min_bytes == 0 || min_bytes > ((size_t)1 << 30))
		return false;
	size_t size = 1;
	while (size < min_bytes)
		size <<= 1;
	r->buf = calloc(1, size);
	if (!r->buf)
		return false;
	r->size = size;
	r->mask = size - 1;
	atomic_init(&r->head, 0);
	atomic_init(&r->tail, 0);
	return true;
}

void lga_ring_finish(struct lga_ring *r)
{
	free(r->buf);
	memset(r, 0, sizeof(*r));
}

size_t lga_ring_fill(const struct lga_ring *r)
{
	size_t head = atomic_load_explicit(&r->head, memory_order_acquire);
	size_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
	return head - tail;
}

size_t lga_ring_free(const struct lga_ring *r)
{
	return r->size - lga_ring_fill(r);
}

size_t lga_ring_write(struct lga_ring *r, const void *data, size_t n)
{
	size_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
	size_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
	size_t room = r->size - (head - tail);
	if (n > room)
		n = room;
	if (n == 0)
		return 0;
	size_t at = head & r->mask, first = r->size - at < n ? r->size - at : n;
	memcpy(r->buf + at, data, first);
	memcpy(r->buf, (const uint8_t *)data + first, n - first);
	/* The bytes before the index that publishes them. */
	atomic_store_explicit(&r->head, head + n, memory_order_release);
	return n;
}

/* Copies (out non-NULL) or drops up to n bytes. */
static size_t take(struct lga_ring *r, void *out, size_t n)
{
	size_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
	size_t head = atomic_load_explicit(&r->head, memory_order_acquire);
	if (n > head - tail)
		n = head - tail;
	if (n == 0)
		return 0;
	if (out) {
		size_t at = tail & r->mask, first = r->size - at < n ? r->size - at : n;
		memcpy(out, r->buf + at, first);
		memcpy((uint8_t *)out + first, r->buf, n - first);
	}
	/* Read before the producer may write there again. */
	atomic_store_explicit(&r->tail, tail + n, memory_order_release);
	return n;
}

size_t lga_ring_read(struct lga_ring *r, void *out, size_t n)
{
	return take(r, out, n);
}

size_t lga_ring_skip(struct lga_ring *r, size_t n)
{
	return take(r, NULL, n);
}
