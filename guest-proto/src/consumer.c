// SPDX-License-Identifier: GPL-2.0-or-later
#include <pthread.h>
#include <string.h>

#include "guest-proto/consumer.h"
#include "guest-proto/error.h"
#include "guest-proto/lgmp_client.h"
#include "util.h"

/* The frame and cursor threads count into the same struct. */
_Static_assert(sizeof(struct lgp_consumer_stats) % sizeof(uint64_t) == 0, "stats are u64s");
#define STAT_INC(c, field) __atomic_fetch_add(&(c)->stats.field, 1, __ATOMIC_RELAXED)

struct lgp_consumer {
	uint8_t *mem;
	uint64_t size;
	struct lgp_clock clock;
	bool has_clock;
	struct lgmp_client *client;
	/* Written by the control thread under pointer_lock, read anywhere. */
	bool connected;
	struct lgp_guest_info guest; /* written only while disconnected */
	const int *cancel;

	/* control thread only */
	struct lgmp_client_queue *frame_q;
	bool have_serial;
	uint32_t last_serial;

	/* Guards pointer_q and every change of `connected`: a pointer call
	 * either runs wholly before a disconnect or sees it. */
	pthread_mutex_t pointer_lock;
	struct lgmp_client_queue *pointer_q;

	struct lgp_consumer_stats stats;
};

int lgp_consumer_create(void *mem, uint64_t size, const struct lgp_clock *clock,
			struct lgp_consumer **out)
{
	if (!mem || !out)
		return LGP_ERR_INVALID_ARGUMENT;
	struct lgp_consumer *c = lgp_xcalloc(1, sizeof(*c));
	c->mem = mem;
	c->size = size;
	if (clock) {
		c->clock = *clock;
		c->has_clock = true;
	}
	pthread_mutex_init(&c->pointer_lock, NULL);
	int ret = lgmp_client_create(mem, size, c->has_clock ? &c->clock : NULL, &c->client);
	if (ret < 0) {
		pthread_mutex_destroy(&c->pointer_lock);
		free(c);
		return ret;
	}
	*out = c;
	return 0;
}

/* With a live session we unsubscribe properly; after the host restarted,
 * the old queues are gone and we only forget them. */
static void release_queue(struct lgmp_client_queue **q, bool live)
{
	if (*q && live)
		lgmp_client_unsubscribe(*q);
	else if (*q)
		lgmp_client_queue_forget(*q);
	*q = NULL;
}

static bool is_connected(const struct lgp_consumer *c)
{
	return __atomic_load_n(&c->connected, __ATOMIC_ACQUIRE);
}

/* Control thread. Once this returns, no pointer call touches the session
 * until the next connect. */
static void disconnect(struct lgp_consumer *c, bool live)
{
	release_queue(&c->frame_q, live);
	pthread_mutex_lock(&c->pointer_lock);
	__atomic_store_n(&c->connected, false, __ATOMIC_RELEASE);
	release_queue(&c->pointer_q, live);
	pthread_mutex_unlock(&c->pointer_lock);
	c->have_serial = false;
}

void lgp_consumer_destroy(struct lgp_consumer *c)
{
	if (!c)
		return;
	disconnect(c, is_connected(c) && lgmp_client_session_check(c->client) == 0);
	lgmp_client_destroy(c->client);
	pthread_mutex_destroy(&c->pointer_lock);
	free(c);
}

void lgp_consumer_set_cancel(struct lgp_consumer *c, const int *flag)
{
	c->cancel = flag;
}

int lgp_consumer_connect(struct lgp_consumer *c)
{
	disconnect(c, false);

	struct lgmp_session s;
	int ret = lgmp_client_session_init(c->client, &s);
	memset(&c->guest, 0, sizeof(c->guest));
	c->guest.lgmp_version = s.lgmp_version;
	if (ret == LGP_ERR_VERSION) {
		lgp_guest_info_scan(c->mem, (size_t)LGP_MIN(c->size, 65536u), &c->guest);
		return ret;
	}
	if (ret < 0)
		return ret;
	ret = lgp_guest_info_parse(s.udata, s.udata_size, &c->guest);
	if (ret < 0)
		return ret;
	pthread_mutex_lock(&c->pointer_lock);
	__atomic_store_n(&c->connected, true, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&c->pointer_lock);
	STAT_INC(c, sessions);
	return 0;
}

bool lgp_consumer_connected(const struct lgp_consumer *c)
{
	return is_connected(c);
}

const struct lgp_guest_info *lgp_consumer_guest(const struct lgp_consumer *c)
{
	return &c->guest;
}

int lgp_consumer_check(struct lgp_consumer *c)
{
	if (!is_connected(c))
		return LGP_ERR_SESSION_CHANGED;
	int ret = lgmp_client_session_check(c->client);
	if (ret < 0)
		disconnect(c, false);
	return ret;
}

/* Make sure *q is subscribed; LGP_ERR_QUEUE_EMPTY while the host has not
 * created the queue yet. The pointer queue: with pointer_lock held. */
static int ensure_queue(struct lgp_consumer *c, uint32_t id, struct lgmp_client_queue **q)
{
	if (!is_connected(c))
		return LGP_ERR_SESSION_CHANGED;
	if (*q)
		return 0;
	int ret = lgmp_client_subscribe(c->client, id, q);
	if (ret == LGP_ERR_NO_SUCH_QUEUE || ret == LGP_ERR_LOCK_TIMEOUT)
		return LGP_ERR_QUEUE_EMPTY;
	return ret;
}

/* Being marked BAD, or found unsubscribed (the host reaped or reset our
 * slot), is not fatal: forget the slot and take a fresh one. The host then
 * re-posts its last frame or cursor. */
static bool lost_slot(int ret)
{
	return ret == LGP_ERR_QUEUE_TIMEOUT || ret == LGP_ERR_UNSUBSCRIBED;
}

static int resubscribe(struct lgp_consumer *c, uint32_t id, struct lgmp_client_queue **q)
{
	lgmp_client_queue_forget(*q);
	*q = NULL;
	STAT_INC(c, resubscribes);
	int ret = ensure_queue(c, id, q);
	return ret < 0 ? ret : LGP_ERR_QUEUE_EMPTY;
}

int lgp_consumer_frame_next(struct lgp_consumer *c, struct lgp_frame_view *view)
{
	int ret = ensure_queue(c, KVMFR20_QUEUE_FRAME, &c->frame_q);
	if (ret < 0)
		return ret;
	/* Skip at most a ring's worth of bad or repeated messages per call. */
	const uint32_t ring = lgmp_client_queue_size(c->frame_q);
	for (uint32_t tries = 0; tries < ring; ++tries) {
		struct lgmp_msg msg;
		ret = lgmp_client_process(c->frame_q, &msg);
		if (lost_slot(ret))
			return resubscribe(c, KVMFR20_QUEUE_FRAME, &c->frame_q);
		if (ret == LGP_ERR_BAD_MESSAGE) {
			STAT_INC(c, frames_malformed);
			lgmp_client_message_done(c->frame_q);
			continue;
		}
		if (ret < 0)
			return ret;

		ret = lgp_frame_view_init(view, &msg);
		if (ret < 0) {
			STAT_INC(c, frames_malformed);
			lgmp_client_message_done(c->frame_q);
			continue;
		}
		if (c->have_serial && view->hdr.frame_serial == c->last_serial) {
			STAT_INC(c, frames_repeated);
			lgmp_client_message_done(c->frame_q);
			continue;
		}
		c->have_serial = true;
		c->last_serial = view->hdr.frame_serial;
		view->cancel = c->cancel;
		STAT_INC(c, frames);
		return 0;
	}
	return LGP_ERR_QUEUE_EMPTY;
}

int lgp_consumer_frame_done(struct lgp_consumer *c)
{
	if (!c->frame_q)
		return LGP_ERR_UNSUBSCRIBED;
	int ret = lgmp_client_message_done(c->frame_q);
	if (lost_slot(ret))
		return resubscribe(c, KVMFR20_QUEUE_FRAME, &c->frame_q) == LGP_ERR_QUEUE_EMPTY
			       ? 0 : ret;
	if (ret == LGP_ERR_CORRUPTED)
		STAT_INC(c, frames_malformed);
	return ret;
}

void lgp_consumer_frames_pause(struct lgp_consumer *c)
{
	release_queue(&c->frame_q, is_connected(c));
}

int lgp_consumer_cursor_next(struct lgp_consumer *c, struct lgp_cursor *cursor, void *shape,
			     size_t cap)
{
	pthread_mutex_lock(&c->pointer_lock);
	int ret = ensure_queue(c, KVMFR20_QUEUE_POINTER, &c->pointer_q);
	const uint32_t ring = ret == 0 ? lgmp_client_queue_size(c->pointer_q) : 0;
	/* Success only for a cursor that was read whole and valid; bad
	 * messages are dropped and counted, at most a ring's worth a call. */
	int result = ret < 0 ? ret : LGP_ERR_QUEUE_EMPTY;
	for (uint32_t tries = 0; tries < ring; ++tries) {
		struct lgmp_msg msg;
		ret = lgmp_client_process(c->pointer_q, &msg);
		if (lost_slot(ret)) {
			result = resubscribe(c, KVMFR20_QUEUE_POINTER, &c->pointer_q);
			break;
		}
		if (ret == LGP_ERR_BAD_MESSAGE) {
			STAT_INC(c, cursors_malformed);
			lgmp_client_message_done(c->pointer_q);
			continue;
		}
		if (ret < 0) {
			result = ret;
			break;
		}
		/* Copy first, then acknowledge: the host reuses the buffer. */
		int valid = lgp_cursor_read(&msg, cursor, shape, cap);
		int done = lgmp_client_message_done(c->pointer_q);
		if (valid < 0 || done == LGP_ERR_CORRUPTED) {
			STAT_INC(c, cursors_malformed);
			continue;
		}
		STAT_INC(c, cursors);
		result = 0;
		break;
	}
	pthread_mutex_unlock(&c->pointer_lock);
	return result;
}

int lgp_consumer_set_cursor_pos(struct lgp_consumer *c, int32_t x, int32_t y,
				uint32_t timeout_ms)
{
	pthread_mutex_lock(&c->pointer_lock);
	int ret = is_connected(c) ? 0 : LGP_ERR_SESSION_CHANGED;
	if (ret == 0 && !(c->guest.features & KVMFR20_FEATURE_SETCURSORPOS))
		ret = LGP_ERR_NOT_SUPPORTED;
	pthread_mutex_unlock(&c->pointer_lock);
	if (ret < 0)
		return ret;
	const struct kvmfr20_set_cursor_pos msg = {
		.type = KVMFR20_MESSAGE_SETCURSORPOS, .x = x, .y = y};
	uint64_t deadline = lgp_monotonic_ns() + (uint64_t)timeout_ms * 1000000u;
	uint32_t serial = 0;
	bool sent = false;

	for (;;) {
		pthread_mutex_lock(&c->pointer_lock);
		ret = ensure_queue(c, KVMFR20_QUEUE_POINTER, &c->pointer_q);
		if (ret == 0 && !sent) {
			ret = lgmp_client_send_data(c->pointer_q, &msg, sizeof(msg), &serial);
			sent = ret == 0;
		}
		if (ret == 0 && (int32_t)(lgmp_client_get_serial(c->pointer_q) - serial) >= 0) {
			pthread_mutex_unlock(&c->pointer_lock);
			return 0;
		}
		pthread_mutex_unlock(&c->pointer_lock);
		if (ret < 0 && ret != LGP_ERR_QUEUE_FULL && ret != LGP_ERR_QUEUE_EMPTY)
			return ret;
		if (lgp_monotonic_ns() >= deadline)
			return LGP_ERR_TIMEOUT;
		lgp_sleep_us(200);
	}
}

void lgp_consumer_get_stats(struct lgp_consumer *c, struct lgp_consumer_stats *stats)
{
	const uint64_t *src = (const uint64_t *)&c->stats;
	uint64_t *dst = (uint64_t *)stats;
	for (size_t i = 0; i < sizeof(*stats) / sizeof(uint64_t); ++i)
		dst[i] = __atomic_load_n(&src[i], __ATOMIC_RELAXED);
}
