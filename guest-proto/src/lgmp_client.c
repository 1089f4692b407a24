// SPDX-License-Identifier: GPL-2.0-or-later
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "guest-proto/error.h"
#include "guest-proto/lgmp_client.h"
#include "guest-proto/wire_b7.h"
#include "shm_access.h"
#include "util.h"

/* Caps on what a guest may claim. Real KVMFR udata is a few hundred bytes
 * and the largest B7 ring has 21 slots. */
#define CLIENT_MAX_UDATA (64u * 1024u)
#define CLIENT_MAX_RING 4097u
#define CLIENT_LOCK_MAX_US 50000u

struct lgmp_client_queue {
	struct lgmp_client *client;
	struct lgmp6_queue *hq;
	struct lgmp6_message *msgs;
	uint32_t num_messages; /* validated copy, never re-read */
	uint32_t id;           /* our subscriber slot */
	uint32_t bit;
	uint32_t pos; /* our read index */
};

struct lgmp_client {
	uint8_t *mem;
	uint64_t size;
	struct lgmp6_header *hdr;
	struct lgp_clock clock;
	bool has_clock;
	uint32_t client_id;
	pthread_mutex_t beat_lock; /* guards the pair below: any thread checks */
	uint64_t seen_ts;          /* heartbeat value last seen */
	uint64_t seen_ts_local;    /* our clock when it last changed */
	uint32_t session_id;
	bool in_session;
	uint32_t header_end; /* nothing may point below this */
	uint8_t *udata;
};

static uint64_t client_now(const struct lgmp_client *c)
{
	return lgp_clock_ms(c->has_clock ? &c->clock : NULL);
}

int lgmp_client_create(void *mem, uint64_t size, const struct lgp_clock *clock,
		       struct lgmp_client **out)
{
	if (!mem || !out)
		return LGP_ERR_INVALID_ARGUMENT;
	if (size < LGMP6_HEADER_SIZE)
		return LGP_ERR_NO_SPACE;
	struct lgmp_client *c = lgp_xcalloc(1, sizeof(*c));
	c->mem = mem;
	c->size = size > UINT32_MAX ? UINT32_MAX : size;
	c->hdr = mem;
	if (clock) {
		c->clock = *clock;
		c->has_clock = true;
	}
	while (c->client_id == 0)
		if (getrandom(&c->client_id, sizeof(c->client_id), 0) != sizeof(c->client_id))
			c->client_id = (uint32_t)lgp_monotonic_ns() | 1u;
	pthread_mutex_init(&c->beat_lock, NULL);
	c->seen_ts = shm_ld64(&c->hdr->timestamp);
	c->seen_ts_local = client_now(c);
	*out = c;
	return 0;
}

void lgmp_client_destroy(struct lgmp_client *c)
{
	if (!c)
		return;
	free(c->udata);
	pthread_mutex_destroy(&c->beat_lock);
	free(c);
}

int lgmp_client_session_init(struct lgmp_client *c, struct lgmp_session *session)
{
	struct lgmp6_header *hdr = c->hdr;
	memset(session, 0, sizeof(*session));
	c->in_session = false;

	if (shm_ld32(&hdr->magic) != LGMP6_MAGIC)
		return LGP_ERR_NO_HOST;
	session->lgmp_version = shm_ld32(&hdr->version);
	if (session->lgmp_version != LGMP6_VERSION)
		return LGP_ERR_VERSION;

	uint64_t ts = shm_ld64(&hdr->timestamp);
	pthread_mutex_lock(&c->beat_lock);
	bool moved = ts != c->seen_ts;
	if (moved) {
		c->seen_ts = ts;
		c->seen_ts_local = client_now(c);
	}
	pthread_mutex_unlock(&c->beat_lock);
	if (!moved)
		return LGP_ERR_AGAIN;

	uint32_t session_id = shm_ld32(&hdr->session_id);
	uint32_t udata_size = shm_ld32(&hdr->udata_size);
	if (udata_size > CLIENT_MAX_UDATA || LGMP6_UDATA_OFFSET + (uint64_t)udata_size > c->size)
		return LGP_ERR_CORRUPTED;

	free(c->udata);
	c->udata = lgp_xcalloc(1, udata_size + 1u);
	memcpy(c->udata, c->mem + LGMP6_UDATA_OFFSET, udata_size);
	c->header_end = LGMP6_UDATA_OFFSET + udata_size;
	if (c->header_end < LGMP6_HEADER_SIZE)
		c->header_end = LGMP6_HEADER_SIZE;
	c->session_id = session_id;
	c->in_session = true;

	session->session_id = session_id;
	session->udata = c->udata;
	session->udata_size = udata_size;
	return 0;
}

int lgmp_client_session_check(struct lgmp_client *c)
{
	struct lgmp6_header *hdr = c->hdr;
	if (shm_ld32(&hdr->magic) != LGMP6_MAGIC)
		return LGP_ERR_NO_HOST;
	if (!c->in_session || shm_ld32(&hdr->session_id) != c->session_id)
		return LGP_ERR_SESSION_CHANGED;
	/* Any thread may check (queue_state does, from the queue's thread):
	 * the pair is read and updated under one lock, and the clock is read
	 * inside it, so no check sees a time older than the one stored. */
	uint64_t ts = shm_ld64(&hdr->timestamp);
	pthread_mutex_lock(&c->beat_lock);
	uint64_t now = client_now(c);
	bool stalled = false;
	if (ts != c->seen_ts) {
		c->seen_ts = ts;
		c->seen_ts_local = now;
	} else {
		stalled = now > c->seen_ts_local &&
			  now - c->seen_ts_local > LGMP6_HEARTBEAT_TIMEOUT_MS;
	}
	pthread_mutex_unlock(&c->beat_lock);
	return stalled ? LGP_ERR_HOST_STALLED : 0;
}

/* Find and validate the queue with this id. */
static int find_queue(struct lgmp_client *c, uint32_t queue_id, struct lgmp_client_queue *q)
{
	uint32_t num_queues = shm_ld32(&c->hdr->num_queues);
	if (num_queues > LGMP6_MAX_QUEUES)
		return LGP_ERR_CORRUPTED;
	for (uint32_t i = 0; i < num_queues; ++i) {
		struct lgmp6_queue *hq = &c->hdr->queues[i];
		if (shm_ld32(&hq->queue_id) != queue_id)
			continue;
		uint32_t n = shm_ld32(&hq->num_messages);
		uint32_t off = shm_ld32(&hq->messages_offset);
		if (n < 2 || n > CLIENT_MAX_RING || off < c->header_end || (off & 3u) ||
		    off + (uint64_t)n * sizeof(struct lgmp6_message) > c->size)
			return LGP_ERR_CORRUPTED;
		q->hq = hq;
		q->msgs = (struct lgmp6_message *)(c->mem + off);
		q->num_messages = n;
		return 0;
	}
	return LGP_ERR_NO_SUCH_QUEUE;
}

int lgmp_client_subscribe(struct lgmp_client *c, uint32_t queue_id,
			  struct lgmp_client_queue **out)
{
	if (!c->in_session)
		return LGP_ERR_SESSION_CHANGED;
	struct lgmp_client_queue tmp = {.client = c};
	int ret = find_queue(c, queue_id, &tmp);
	if (ret < 0)
		return ret;
	struct lgmp6_queue *hq = tmp.hq;

	if (!shm_lock(&hq->lock, CLIENT_LOCK_MAX_US))
		return LGP_ERR_LOCK_TIMEOUT;
	uint64_t subs = shm_ld64(&hq->subs);
	uint32_t on = (uint32_t)(subs >> 32);
	uint32_t bad = (uint32_t)subs;
	uint64_t host_ts = shm_ld64(&c->hdr->timestamp);

	/* Reap BAD slots whose grace period is over. */
	for (uint32_t id = 0; id < LGMP6_MAX_SUBS; ++id) {
		uint32_t bit = 1u << id;
		if ((bad & bit) && shm_ld64(&hq->timeout[id]) < host_ts) {
			on &= ~bit;
			bad &= ~bit;
			shm_st64(&hq->timeout[id], 0);
			shm_st32(&hq->client_id[id], 0);
		}
	}
	uint32_t used = on | bad;
	if (used == UINT32_MAX) {
		shm_st64(&hq->subs, ((uint64_t)on << 32) | bad);
		shm_unlock(&hq->lock);
		return LGP_ERR_QUEUE_FULL;
	}
	uint32_t id = (uint32_t)__builtin_ctz(~used);
	uint32_t pos = shm_ld32(&hq->position);
	if (pos >= tmp.num_messages) {
		shm_unlock(&hq->lock);
		return LGP_ERR_CORRUPTED;
	}
	shm_st64(&hq->timeout[id], 0);
	shm_st32(&hq->client_id[id], c->client_id);
	on |= 1u << id;
	shm_st64(&hq->subs, ((uint64_t)on << 32) | bad);
	shm_add32(&hq->new_sub_count, 1);
	shm_unlock(&hq->lock);

	struct lgmp_client_queue *q = lgp_xcalloc(1, sizeof(*q));
	*q = tmp;
	q->id = id;
	q->bit = 1u << id;
	q->pos = pos;
	*out = q;
	return 0;
}

void lgmp_client_queue_forget(struct lgmp_client_queue *q)
{
	free(q);
}

uint32_t lgmp_client_queue_slot(const struct lgmp_client_queue *q)
{
	return q->id;
}

uint32_t lgmp_client_queue_size(const struct lgmp_client_queue *q)
{
	return q->num_messages;
}

int lgmp_client_unsubscribe(struct lgmp_client_queue *q)
{
	if (!q)
		return 0;
	struct lgmp6_queue *hq = q->hq;
	int ret = 0;
	if ((uint32_t)shm_ld64(&hq->subs) & q->bit) {
		ret = LGP_ERR_QUEUE_TIMEOUT; /* BAD: left for the host to reap */
	} else if (shm_lock(&hq->lock, CLIENT_LOCK_MAX_US)) {
		uint64_t subs = shm_ld64(&hq->subs);
		subs &= ~(((uint64_t)q->bit << 32) | q->bit);
		shm_st64(&hq->subs, subs);
		shm_st64(&hq->timeout[q->id], 0);
		shm_st32(&hq->client_id[q->id], 0);
		shm_unlock(&hq->lock);
	} else {
		ret = LGP_ERR_LOCK_TIMEOUT;
	}
	free(q);
	return ret;
}

static int queue_state(struct lgmp_client_queue *q)
{
	uint64_t subs = shm_ld64(&q->hq->subs);
	if ((uint32_t)subs & q->bit)
		return LGP_ERR_QUEUE_TIMEOUT;
	if (!((uint32_t)(subs >> 32) & q->bit)) {
		int ret = lgmp_client_session_check(q->client);
		return ret < 0 ? ret : LGP_ERR_UNSUBSCRIBED;
	}
	return 0;
}

int lgmp_client_process(struct lgmp_client_queue *q, struct lgmp_msg *msg)
{
	int ret = queue_state(q);
	if (ret < 0)
		return ret;
	uint32_t pos = shm_ld32(&q->hq->position);
	if (pos >= q->num_messages)
		return LGP_ERR_CORRUPTED;
	if (pos == q->pos)
		return LGP_ERR_QUEUE_EMPTY;

	struct lgmp6_message *m = &q->msgs[q->pos];
	uint32_t udata = shm_ld32(&m->udata);
	uint32_t size = shm_ld32(&m->size);
	uint32_t offset = shm_ld32(&m->offset);
	struct lgmp_client *c = q->client;
	if (offset < c->header_end || size == 0 || offset + (uint64_t)size > c->size)
		return LGP_ERR_BAD_MESSAGE;
	msg->udata = udata;
	msg->size = size;
	msg->offset = offset;
	msg->ptr = c->mem + offset;
	return 0;
}

int lgmp_client_message_done(struct lgmp_client_queue *q)
{
	int ret = queue_state(q);
	if (ret < 0)
		return ret;
	struct lgmp6_queue *hq = q->hq;
	uint32_t pos = shm_ld32(&hq->position);
	if (pos >= q->num_messages)
		return LGP_ERR_CORRUPTED;
	if (pos == q->pos)
		return LGP_ERR_QUEUE_EMPTY;

	struct lgmp6_message *m = &q->msgs[q->pos];
	uint32_t left = shm_and32(&m->pending_subs, ~q->bit) & ~q->bit;
	ret = 0;
	if (left == 0 && shm_trylock(&hq->lock)) {
		if (shm_ld32(&hq->start) == q->pos) {
			uint32_t count = shm_ld32(&hq->count);
			if (count == 0 || count > q->num_messages) {
				/* The host's count is nonsense: leave its
				 * books alone, but our message is done. */
				ret = LGP_ERR_CORRUPTED;
			} else {
				shm_st32(&hq->start, (q->pos + 1) % q->num_messages);
				shm_sub32(&hq->count, 1);
				uint32_t max_time = shm_ld32(&hq->max_time);
				shm_st64(&hq->msg_timeout,
					 shm_ld64(&q->client->hdr->timestamp) + max_time);
			}
		}
		shm_unlock(&hq->lock);
	}
	/* Always move on: a message that cannot be retired must not be read
	 * again. */
	q->pos = (q->pos + 1) % q->num_messages;
	return ret;
}

int lgmp_client_send_data(struct lgmp_client_queue *q, const void *data, uint32_t size,
			  uint32_t *serial)
{
	if (size > LGMP6_MSGS_SIZE || (size && !data))
		return LGP_ERR_INVALID_ARGUMENT;
	struct lgmp6_queue *hq = q->hq;
	if ((uint32_t)shm_ld64(&hq->subs) & q->bit)
		return LGP_ERR_QUEUE_TIMEOUT;
	if (!shm_lock(&hq->cmsg_lock, CLIENT_LOCK_MAX_US))
		return LGP_ERR_LOCK_TIMEOUT;
	uint32_t avail = shm_ld32(&hq->cmsg_avail);
	if (avail == 0 || avail > LGMP6_MSGS_MAX) {
		shm_unlock(&hq->cmsg_lock);
		return avail == 0 ? LGP_ERR_QUEUE_FULL : LGP_ERR_CORRUPTED;
	}
	uint32_t wpos = shm_ld32(&hq->cmsg_wpos);
	if (wpos >= LGMP6_MSGS_MAX) {
		shm_unlock(&hq->cmsg_lock);
		return LGP_ERR_CORRUPTED;
	}
	struct lgmp6_client_msg *cm = &hq->cmsgs[wpos];
	shm_st32(&cm->size, size);
	if (size)
		memcpy(cm->data, data, size);
	shm_st32(&hq->cmsg_wpos, (wpos + 1) % LGMP6_MSGS_MAX);
	shm_sub32(&hq->cmsg_avail, 1);
	uint32_t s = shm_add32(&hq->cmsg_wserial, 1);
	shm_unlock(&hq->cmsg_lock);
	if (serial)
		*serial = s;
	return 0;
}

uint32_t lgmp_client_get_serial(struct lgmp_client_queue *q)
{
	return shm_ld32(&q->hq->cmsg_rserial);
}
