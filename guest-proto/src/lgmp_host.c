// SPDX-License-Identifier: GPL-2.0-or-later
#define G_LOG_DOMAIN "lgp-host"
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "guest-proto/error.h"
#include "guest-proto/lgmp_host.h"
#include "guest-proto/wire_b7.h"
#include "shm_access.h"
#include "util.h"

/* The host trusts its clients little: a client may die holding a lock. */
#define HOST_LOCK_MAX_US 100000u

struct lgmp_host_queue {
	struct lgmp_host *host;
	struct lgmp6_queue *hq;
	struct lgmp6_message *msgs;
	uint32_t num_messages;
	uint32_t max_time;
	uint32_t position; /* private copy of the write index */
	uint32_t cmsg_rpos;
};

struct lgmp_host {
	uint8_t *mem;
	uint32_t size;
	struct lgmp6_header *hdr;
	struct lgp_clock clock;
	bool has_clock;
	uint32_t session_id;
	uint32_t next_free;
	uint32_t num_queues;
	struct lgmp_host_queue queues[LGMP6_MAX_QUEUES];
};

static uint64_t host_now(const struct lgmp_host *host)
{
	return lgp_clock_ms(host->has_clock ? &host->clock : NULL);
}

/* A client that dies (or is killed) holding a queue lock must not stop the
 * guest forever: after HOST_LOCK_MAX_US the host takes the lock back. */
static bool host_lock(uint32_t *lock)
{
	if (shm_lock(lock, HOST_LOCK_MAX_US))
		return true;
	shm_unlock(lock);
	return shm_lock(lock, HOST_LOCK_MAX_US);
}

static uint32_t new_session_id(uint32_t old)
{
	uint32_t id = old;
	while (id == old || id == 0) {
		if (getrandom(&id, sizeof(id), 0) != sizeof(id))
			id = (uint32_t)lgp_monotonic_ns() ^ (uint32_t)rand();
	}
	return id;
}

int lgmp_host_create(void *mem, uint64_t size, const void *udata, uint32_t udata_size,
		     const struct lgp_clock *clock, struct lgmp_host **out)
{
	if (!mem || !out || (udata_size && !udata))
		return LGP_ERR_INVALID_ARGUMENT;
	if (size > UINT32_MAX)
		size = UINT32_MAX & ~(uint64_t)4095;
	if (size < (uint64_t)LGMP6_HEADER_SIZE + udata_size)
		return LGP_ERR_NO_SPACE;

	struct lgmp_host *host = lgp_xcalloc(1, sizeof(*host));
	host->mem = mem;
	host->size = (uint32_t)size;
	host->hdr = mem;
	if (clock) {
		host->clock = *clock;
		host->has_clock = true;
	}
	host->next_free = lgp_align_up32(LGMP6_HEADER_SIZE + udata_size, 4);

	struct lgmp6_header *hdr = host->hdr;
	host->session_id = new_session_id(shm_ld32(&hdr->session_id));
	/* Invalidate first so that a client never sees a half-written header
	 * with a valid magic. */
	shm_st32(&hdr->magic, 0);
	shm_st32(&hdr->num_queues, 0);
	shm_st32(&hdr->version, LGMP6_VERSION);
	shm_st32(&hdr->session_id, host->session_id);
	shm_st32(&hdr->udata_size, udata_size);
	if (udata_size)
		memcpy(host->mem + LGMP6_UDATA_OFFSET, udata, udata_size);
	shm_st64(&hdr->timestamp, host_now(host));
	shm_st32(&hdr->magic, LGMP6_MAGIC);

	*out = host;
	return 0;
}

void lgmp_host_destroy(struct lgmp_host *host)
{
	free(host);
}

uint32_t lgmp_host_session_id(const struct lgmp_host *host)
{
	return host->session_id;
}

uint32_t lgmp_host_mem_avail(const struct lgmp_host *host)
{
	return host->size - host->next_free;
}

uint32_t lgmp_host_mem_next(const struct lgmp_host *host)
{
	return host->next_free;
}

int lgmp_host_mem_alloc(struct lgmp_host *host, uint32_t size, uint32_t align,
			struct lgmp_mem *out)
{
	if (align < 4 || (align & (align - 1)) || size == 0)
		return LGP_ERR_INVALID_ARGUMENT;
	uint64_t start = lgp_align_up64(host->next_free, align);
	uint64_t len = lgp_align_up64(size, align);
	if (start + len > host->size)
		return LGP_ERR_NO_SPACE;
	out->offset = (uint32_t)start;
	out->size = (uint32_t)len;
	out->ptr = host->mem + start;
	host->next_free = (uint32_t)(start + len);
	return 0;
}

int lgmp_host_queue_new(struct lgmp_host *host, uint32_t queue_id, uint32_t num_messages,
			uint32_t max_time_ms, struct lgmp_host_queue **out)
{
	if (host->num_queues >= LGMP6_MAX_QUEUES)
		return LGP_ERR_NO_SPACE;
	if (num_messages == 0 || num_messages > 4096)
		return LGP_ERR_INVALID_ARGUMENT;

	uint32_t n = num_messages + 1;
	struct lgmp_mem ring;
	int ret = lgmp_host_mem_alloc(host, n * (uint32_t)sizeof(struct lgmp6_message), 4, &ring);
	if (ret < 0)
		return ret;

	struct lgmp6_queue *hq = &host->hdr->queues[host->num_queues];
	struct lgmp_host_queue *q = &host->queues[host->num_queues];
	*q = (struct lgmp_host_queue){
		.host = host, .hq = hq, .msgs = ring.ptr,
		.num_messages = n, .max_time = max_time_ms,
	};
	memset(ring.ptr, 0, ring.size);
	shm_st32(&hq->queue_id, queue_id);
	shm_st32(&hq->num_messages, n);
	shm_st32(&hq->new_sub_count, 0);
	shm_st32(&hq->lock, 0);
	shm_st64(&hq->subs, 0);
	shm_st32(&hq->position, 0);
	shm_st32(&hq->start, 0);
	shm_st64(&hq->msg_timeout, 0);
	shm_st32(&hq->max_time, max_time_ms);
	shm_st32(&hq->count, 0);
	shm_st32(&hq->cmsg_lock, 0);
	shm_st32(&hq->cmsg_avail, LGMP6_MSGS_MAX);
	shm_st32(&hq->cmsg_wpos, 0);
	shm_st32(&hq->cmsg_wserial, 0);
	shm_st32(&hq->cmsg_rserial, 0);
	shm_st32(&hq->messages_offset, ring.offset);
	host->num_queues++;
	shm_st32(&host->hdr->num_queues, host->num_queues);
	*out = q;
	return 0;
}

/* Retire finished head messages and mark subscribers that sat on the head
 * message longer than max_time BAD. Called with the queue lock held. */
static void queue_retire(struct lgmp_host_queue *q, uint64_t now)
{
	struct lgmp6_queue *hq = q->hq;
	uint64_t subs = shm_ld64(&hq->subs);
	uint32_t on = (uint32_t)(subs >> 32);
	uint32_t bad = (uint32_t)subs;
	uint32_t newly_bad = 0;
	uint32_t start = shm_ld32(&hq->start) % q->num_messages;
	uint32_t count = shm_ld32(&hq->count);

	while (count > 0) {
		struct lgmp6_message *msg = &q->msgs[start];
		uint32_t pend = shm_ld32(&msg->pending_subs) & on;
		uint32_t fresh_bad = pend & ~bad;
		if (fresh_bad && now > shm_ld64(&hq->msg_timeout)) {
			bad |= fresh_bad;
			newly_bad |= fresh_bad;
			for (uint32_t id = 0; id < LGMP6_MAX_SUBS; ++id)
				if (fresh_bad & (1u << id))
					shm_st64(&hq->timeout[id], now + q->max_time);
			shm_st32(&msg->pending_subs, 0);
			pend = 0;
		}
		if (pend & ~bad)
			break;
		start = (start + 1) % q->num_messages;
		count = shm_sub32(&hq->count, 1);
		shm_st32(&hq->start, start);
		if (count == 0 || count > q->num_messages)
			break;
		shm_st64(&hq->msg_timeout, now + q->max_time);
	}
	if (newly_bad)
		shm_or64(&hq->subs, newly_bad);
}

int lgmp_host_process(struct lgmp_host *host)
{
	if (shm_ld32(&host->hdr->magic) != LGMP6_MAGIC)
		return LGP_ERR_CORRUPTED;
	uint64_t now = host_now(host);
	shm_st64(&host->hdr->timestamp, now);

	for (uint32_t i = 0; i < host->num_queues; ++i) {
		struct lgmp_host_queue *q = &host->queues[i];
		if (shm_ld32(&q->hq->count) == 0)
			continue;
		if (!host_lock(&q->hq->lock))
			continue;
		queue_retire(q, now);
		shm_unlock(&q->hq->lock);
	}
	return 0;
}

int lgmp_host_queue_post(struct lgmp_host_queue *q, uint32_t udata, const struct lgmp_mem *mem)
{
	struct lgmp6_queue *hq = q->hq;
	if (!host_lock(&hq->lock))
		return LGP_ERR_LOCK_TIMEOUT;

	uint64_t subs = shm_ld64(&hq->subs);
	uint32_t pend = (uint32_t)(subs >> 32) & ~(uint32_t)subs;
	if (pend == 0) {
		shm_unlock(&hq->lock);
		return 0;
	}
	if (shm_ld32(&hq->count) >= q->num_messages - 1) {
		shm_unlock(&hq->lock);
		return LGP_ERR_QUEUE_FULL;
	}

	struct lgmp6_message *msg = &q->msgs[q->position];
	shm_st32(&msg->udata, udata);
	shm_st32(&msg->size, mem->size);
	shm_st32(&msg->offset, mem->offset);
	shm_st32(&msg->pending_subs, pend);
	if (shm_add32(&hq->count, 1) == 1)
		shm_st64(&hq->msg_timeout, host_now(q->host) + q->max_time);
	q->position = (q->position + 1) % q->num_messages;
	shm_st32(&hq->position, q->position);
	shm_unlock(&hq->lock);
	return 0;
}

bool lgmp_host_queue_has_subs(struct lgmp_host_queue *q)
{
	return (shm_ld64(&q->hq->subs) >> 32) != 0;
}

uint32_t lgmp_host_queue_new_subs(struct lgmp_host_queue *q)
{
	return shm_xchg32(&q->hq->new_sub_count, 0);
}

uint32_t lgmp_host_queue_pending(struct lgmp_host_queue *q)
{
	return shm_ld32(&q->hq->count);
}

int lgmp_host_read_data(struct lgmp_host_queue *q, void *buf, uint32_t *size)
{
	struct lgmp6_queue *hq = q->hq;
	if (shm_ld32(&hq->cmsg_avail) >= LGMP6_MSGS_MAX)
		return LGP_ERR_QUEUE_EMPTY;
	if (!host_lock(&hq->cmsg_lock))
		return LGP_ERR_LOCK_TIMEOUT;
	struct lgmp6_client_msg *cm = &hq->cmsgs[q->cmsg_rpos];
	uint32_t len = shm_ld32(&cm->size);
	if (len > LGMP6_MSGS_SIZE)
		len = LGMP6_MSGS_SIZE;
	memcpy(buf, cm->data, len);
	*size = len;
	q->cmsg_rpos = (q->cmsg_rpos + 1) % LGMP6_MSGS_MAX;
	shm_add32(&hq->cmsg_avail, 1);
	shm_unlock(&hq->cmsg_lock);
	return 0;
}

void lgmp_host_ack_data(struct lgmp_host_queue *q)
{
	shm_add32(&q->hq->cmsg_rserial, 1);
}
