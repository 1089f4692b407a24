// SPDX-License-Identifier: GPL-2.0-or-later
/* The producer's pointer queue: position buffers round-robin, shape buffers
 * round-robin, and a full re-send for new subscribers. */
#include <string.h>

#include "guest-proto/cursor.h"
#include "guest-proto/error.h"
#include "producer_priv.h"

/* A cursor post waits this long for a slow consumer, then gives up (B7
 * retries forever, which stalls capture). */
#define CURSOR_POST_TIMEOUT_MS 100u

static void put_position(void *buf, int16_t x, int16_t y)
{
	struct kvmfr20_cursor *c = buf;
	memcpy(&c->x, &x, sizeof(x));
	memcpy(&c->y, &y, sizeof(y));
}

static uint32_t visible_flag(bool visible)
{
	return visible ? KVMFR20_CURSOR_FLAG_VISIBLE : 0;
}

int lgp_producer_cursor_move(struct lgp_producer *p, int16_t x, int16_t y, bool visible)
{
	int ret = producer_ready(p);
	if (ret < 0)
		return ret;
	p->cur_x = x;
	p->cur_y = y;
	p->cur_visible = visible;
	struct lgmp_mem *m = &p->pos_buf[p->next_pos];
	p->next_pos = (p->next_pos + 1) % PRODUCER_POS_BUFFERS;
	memset(m->ptr, 0, sizeof(struct kvmfr20_cursor));
	put_position(m->ptr, x, y);
	return producer_post_retry(p, &p->pointer_q,
				   KVMFR20_CURSOR_FLAG_POSITION | visible_flag(visible), m,
				   CURSOR_POST_TIMEOUT_MS);
}

int lgp_producer_cursor_shape(struct lgp_producer *p, const struct lgp_cursor_shape *s,
			      int16_t x, int16_t y, bool visible)
{
	if (!s || !s->pixels || s->type > KVMFR20_CURSOR_MASKED_COLOR || !s->width ||
	    !s->height || s->width > KVMFR20_MAX_POINTER_DIM ||
	    s->height > KVMFR20_MAX_POINTER_DIM ||
	    s->pitch < lgp_cursor_row_bytes(s->type, s->width))
		return LGP_ERR_INVALID_ARGUMENT;
	uint32_t rows = s->type == KVMFR20_CURSOR_MONOCHROME ? s->height * 2u : s->height;
	if ((uint64_t)s->pitch * rows > LGP_CURSOR_SHAPE_MAX)
		return LGP_ERR_INVALID_ARGUMENT;
	int ret = producer_ready(p);
	if (ret < 0)
		return ret;

	unsigned idx = p->next_shape;
	p->next_shape = (p->next_shape + 1) % KVMFR20_POINTER_SHAPE_BUFFERS;
	struct lgmp_mem *m = &p->shape_buf[idx];
	struct kvmfr20_cursor c = {
		.x = x, .y = y, .type = s->type, .hx = s->hx, .hy = s->hy,
		.width = s->width, .height = rows, .pitch = s->pitch,
	};
	memcpy(m->ptr, &c, sizeof(c));
	memcpy((uint8_t *)m->ptr + sizeof(c), s->pixels, (size_t)s->pitch * rows);
	p->last_shape = (int)idx;
	p->cur_x = x;
	p->cur_y = y;
	p->cur_visible = visible;
	return producer_post_retry(p, &p->pointer_q,
				   KVMFR20_CURSOR_FLAG_POSITION | KVMFR20_CURSOR_FLAG_SHAPE |
					   visible_flag(visible),
				   m, CURSOR_POST_TIMEOUT_MS);
}

int producer_cursor_repost(struct lgp_producer *p)
{
	uint32_t flags = KVMFR20_CURSOR_FLAG_POSITION | visible_flag(p->cur_visible);
	struct lgmp_mem *m;
	if (p->last_shape >= 0) {
		m = &p->shape_buf[p->last_shape];
		flags |= KVMFR20_CURSOR_FLAG_SHAPE;
	} else {
		m = &p->pos_buf[p->next_pos];
		p->next_pos = (p->next_pos + 1) % PRODUCER_POS_BUFFERS;
		memset(m->ptr, 0, sizeof(struct kvmfr20_cursor));
	}
	put_position(m->ptr, p->cur_x, p->cur_y);
	return lgmp_host_queue_post(p->pointer_q, flags, m);
}
