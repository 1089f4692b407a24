// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "guest-proto/error.h"
#include "producer_priv.h"
#include "shm_access.h"
#include "util.h"

/* Lay the region out in the B7 order. Used at create and whenever the
 * header was wiped (the guest's memory is sometimes zeroed during boot). */
static int producer_setup(struct lgp_producer *p)
{
	lgmp_host_destroy(p->host);
	p->host = NULL;
	int ret = lgmp_host_create(p->mem, p->size, p->udata, (uint32_t)p->udata_size, &p->clock,
				   &p->host);
	if (ret < 0)
		return ret;
	ret = lgmp_host_queue_new(p->host, KVMFR20_QUEUE_FRAME, KVMFR20_QUEUE_FRAME_LEN,
				  KVMFR20_SUB_TIMEOUT_MS, &p->frame_q);
	if (ret < 0)
		goto err_host;
	ret = lgmp_host_queue_new(p->host, KVMFR20_QUEUE_POINTER, KVMFR20_QUEUE_POINTER_LEN,
				  KVMFR20_SUB_TIMEOUT_MS, &p->pointer_q);
	if (ret < 0)
		goto err_host;
	for (unsigned i = 0; i < PRODUCER_POS_BUFFERS; ++i) {
		ret = lgmp_host_mem_alloc(p->host, sizeof(struct kvmfr20_cursor), 4, &p->pos_buf[i]);
		if (ret < 0)
			goto err_host;
		memset(p->pos_buf[i].ptr, 0, p->pos_buf[i].size);
	}
	for (unsigned i = 0; i < KVMFR20_POINTER_SHAPE_BUFFERS; ++i) {
		ret = lgmp_host_mem_alloc(p->host, KVMFR20_MAX_POINTER_SIZE, 4, &p->shape_buf[i]);
		if (ret < 0)
			goto err_host;
		memset(p->shape_buf[i].ptr, 0, p->shape_buf[i].size);
	}

	/* Two page-aligned slots filling what is left, each a whole number of
	 * pages (B7: 32 MiB with 200 bytes of udata gives 15,200,256 each). */
	uint64_t first = lgp_align_up64(lgmp_host_mem_next(p->host), p->page);
	uint64_t pages = first < p->size ? (p->size - first) / p->page : 0;
	uint64_t slot_size = (pages / PRODUCER_FRAME_SLOTS) * p->page;
	if (slot_size <= p->page || slot_size > UINT32_MAX) {
		ret = LGP_ERR_NO_SPACE;
		goto err_host;
	}
	for (unsigned i = 0; i < PRODUCER_FRAME_SLOTS; ++i) {
		ret = lgmp_host_mem_alloc(p->host, (uint32_t)slot_size, (uint32_t)p->page, &p->slot[i]);
		if (ret < 0)
			goto err_host;
		struct kvmfr20_frame *f = p->slot[i].ptr;
		/* The framebuffer header ends exactly at the next page, so the
		 * pixels are page aligned and can be exported as a dma-buf. */
		shm_st32(&f->offset, p->page - sizeof(struct kvmfr20_framebuffer));
		lgp_damage_set_full(&p->slot_damage[i]);
	}
	p->next_slot = 0;
	p->last_slot = -1;
	p->last_shape = -1;
	p->repost_frame = p->repost_cursor = false;
	return 0;

err_host:
	lgmp_host_destroy(p->host);
	p->host = NULL;
	return ret;
}

int lgp_producer_create(void *mem, uint64_t size, const struct lgp_producer_config *cfg,
			struct lgp_producer **out)
{
	if (!mem || !out)
		return LGP_ERR_INVALID_ARGUMENT;
	struct lgp_producer *p = lgp_xcalloc(1, sizeof(*p));
	p->mem = mem;
	p->size = size > UINT32_MAX ? UINT32_MAX : size;
	if (cfg)
		p->cfg = *cfg;
	if (cfg && cfg->clock)
		p->clock = *cfg->clock;
	p->page = p->cfg.page_size ? p->cfg.page_size : 4096;

	struct lgp_guest_info info = {0};
	if (p->cfg.info)
		info = *p->cfg.info;
	if (!info.kvmfr_version)
		info.kvmfr_version = KVMFR20_VERSION;
	if (!info.hostver[0])
		strcpy(info.hostver, "lgview-producer");
	if (p->cfg.set_cursor_pos)
		info.features |= KVMFR20_FEATURE_SETCURSORPOS;
	p->udata_size = lgp_guest_info_build(&info, p->udata, sizeof(p->udata));
	int ret = p->udata_size ? producer_setup(p) : LGP_ERR_INVALID_ARGUMENT;
	if (ret < 0) {
		lgp_producer_destroy(p);
		return ret;
	}
	*out = p;
	return 0;
}

void lgp_producer_destroy(struct lgp_producer *p)
{
	if (!p)
		return;
	lgmp_host_destroy(p->host);
	free(p);
}

uint32_t lgp_producer_session_id(const struct lgp_producer *p)
{
	return p->host ? lgmp_host_session_id(p->host) : 0;
}

uint32_t lgp_producer_frame_capacity(const struct lgp_producer *p)
{
	return p->slot[0].size - (uint32_t)p->page;
}

uint32_t lgp_producer_slot_offset(const struct lgp_producer *p, unsigned slot)
{
	return slot < PRODUCER_FRAME_SLOTS ? p->slot[slot].offset : 0;
}

bool lgp_producer_has_subscribers(struct lgp_producer *p)
{
	if (producer_ready(p) < 0)
		return false;
	return lgmp_host_queue_has_subs(p->frame_q) || lgmp_host_queue_has_subs(p->pointer_q);
}

bool lgp_producer_frames_watched(struct lgp_producer *p)
{
	return producer_ready(p) >= 0 && lgmp_host_queue_has_subs(p->frame_q);
}

static void handle_client_messages(struct lgp_producer *p)
{
	uint8_t buf[LGMP6_MSGS_SIZE];
	uint32_t size;
	while (lgmp_host_read_data(p->pointer_q, buf, &size) == 0) {
		struct kvmfr20_set_cursor_pos msg;
		if (size >= sizeof(msg)) {
			memcpy(&msg, buf, sizeof(msg));
			if (msg.type == KVMFR20_MESSAGE_SETCURSORPOS && p->cfg.set_cursor_pos)
				p->cfg.set_cursor_pos(p->cfg.ctx, msg.x, msg.y);
		}
		lgmp_host_ack_data(p->pointer_q);
	}
}

int producer_ready(struct lgp_producer *p)
{
	return p->host ? 0 : producer_setup(p);
}

int lgp_producer_process(struct lgp_producer *p)
{
	int ret = producer_ready(p);
	if (ret < 0)
		return ret;
	ret = lgmp_host_process(p->host);
	if (ret == LGP_ERR_CORRUPTED) {
		ret = producer_setup(p);
		if (ret < 0)
			return ret;
		ret = lgmp_host_process(p->host);
	}
	if (ret < 0)
		return ret;

	if (lgmp_host_queue_new_subs(p->frame_q) > 0)
		p->repost_frame = true;
	if (lgmp_host_queue_new_subs(p->pointer_q) > 0)
		p->repost_cursor = true;

	if (p->repost_frame && !p->writing) {
		if (p->last_slot < 0) {
			p->repost_frame = false;
		} else if (lgmp_host_queue_pending(p->frame_q) < KVMFR20_QUEUE_FRAME_LEN) {
			ret = lgmp_host_queue_post(p->frame_q, 0, &p->slot[p->last_slot]);
			if (ret == 0)
				p->repost_frame = false;
		}
	}
	if (p->repost_cursor && producer_cursor_repost(p) == 0)
		p->repost_cursor = false;

	handle_client_messages(p);
	return 0;
}

int producer_post_retry(struct lgp_producer *p, struct lgmp_host_queue *const *q, uint32_t udata,
			const struct lgmp_mem *mem, uint32_t timeout_ms)
{
	uint64_t deadline = lgp_monotonic_ns() + (uint64_t)timeout_ms * 1000000u;
	for (;;) {
		int ret = lgmp_host_queue_post(*q, udata, mem);
		if (ret != LGP_ERR_QUEUE_FULL)
			return ret;
		if (lgp_monotonic_ns() >= deadline)
			return ret;
		lgp_sleep_us(50);
		ret = lgp_producer_process(p);
		if (ret < 0)
			return ret;
	}
}

/* Wait until the next slot is not referenced by a pending message. */
static int wait_free_slot(struct lgp_producer *p, uint32_t timeout_ms)
{
	uint64_t deadline = lgp_monotonic_ns() + (uint64_t)timeout_ms * 1000000u;
	for (;;) {
		if (lgmp_host_queue_pending(p->frame_q) < KVMFR20_QUEUE_FRAME_LEN)
			return 0;
		if (lgp_monotonic_ns() >= deadline)
			return LGP_ERR_TIMEOUT;
		lgp_sleep_us(100);
		int ret = lgp_producer_process(p);
		if (ret < 0)
			return ret;
	}
}

static void fill_header(struct lgp_producer *p, const struct lgp_frame_desc *d,
			struct kvmfr20_frame *h, uint32_t rows)
{
	const struct lgp_format_info *fi = lgp_format_info(d->type);
	memset(h, 0, sizeof(*h));
	h->type = d->type;
	h->screen_width = d->screen_width ? d->screen_width : d->frame_width;
	h->screen_height = d->screen_height ? d->screen_height : d->frame_height;
	h->data_width = d->data_width;
	h->data_height = rows;
	h->frame_width = d->frame_width;
	h->frame_height = d->frame_height;
	h->rotation = d->rotation;
	h->pitch = d->pitch;
	h->stride = d->pitch / fi->texel_bytes;
	h->flags = d->flags;
	if (fi->hdr)
		h->flags |= KVMFR20_FRAME_FLAG_HDR;
	if (rows < d->data_height)
		h->flags |= KVMFR20_FRAME_FLAG_TRUNCATED;
	if (d->damage && d->damage_count && d->damage_count <= KVMFR20_MAX_DAMAGE_RECTS) {
		h->damage_rects_count = d->damage_count;
		for (uint32_t i = 0; i < d->damage_count; ++i)
			h->damage_rects[i] = (struct kvmfr20_damage_rect){
				d->damage[i].x, d->damage[i].y, d->damage[i].w, d->damage[i].h};
	}

	/* formatVer changes whenever anything the renderer depends on does. */
	struct kvmfr20_frame *last = &p->last_format;
	if (p->serial == 0 || last->type != h->type || last->frame_width != h->frame_width ||
	    last->frame_height != h->frame_height || last->data_width != h->data_width ||
	    last->data_height != h->data_height || last->pitch != h->pitch ||
	    last->rotation != h->rotation || last->screen_width != h->screen_width ||
	    last->screen_height != h->screen_height ||
	    ((last->flags ^ h->flags) & KVMFR20_FRAME_FLAG_HDR_PQ))
		p->format_ver++;
	*last = *h;
	h->format_ver = p->format_ver;
	h->frame_serial = ++p->serial;
}

int lgp_frame_desc_complete(struct lgp_frame_desc *d)
{
	const struct lgp_format_info *fi = lgp_format_info(d->type);
	if (!fi || !d->frame_width || !d->frame_height || d->frame_width > LGP_FRAME_MAX_DIM ||
	    d->frame_height > LGP_FRAME_MAX_DIM || d->rotation > 3)
		return LGP_ERR_INVALID_ARGUMENT;
	if (!d->data_width)
		d->data_width = fi->packed24 ? (d->frame_width * 3u + 3u) / 4u : d->frame_width;
	if (!d->data_height)
		d->data_height = d->frame_height;
	uint32_t row = d->data_width * fi->texel_bytes;
	if (!d->pitch)
		d->pitch = row;
	if (d->pitch < row || d->data_height > d->frame_height)
		return LGP_ERR_INVALID_ARGUMENT;
	return 0;
}

int lgp_producer_frame_begin(struct lgp_producer *p, const struct lgp_frame_desc *desc,
			     uint32_t timeout_ms, struct lgp_frame_writer *w)
{
	struct lgp_frame_desc d = *desc;
	int ret = lgp_frame_desc_complete(&d);
	if (ret == 0)
		ret = producer_ready(p);
	if (ret < 0)
		return ret;
	ret = wait_free_slot(p, timeout_ms);
	if (ret < 0)
		return ret;

	unsigned slot = p->next_slot;
	uint8_t *base = p->slot[slot].ptr;
	uint32_t fb_off = (uint32_t)p->page - sizeof(struct kvmfr20_framebuffer);
	/* Never write past the slot: B7's host does, we cut and flag. */
	uint32_t rows = LGP_MIN(d.data_height, lgp_producer_frame_capacity(p) / d.pitch);
	if (rows == 0)
		return LGP_ERR_NO_SPACE;

	struct kvmfr20_frame h;
	fill_header(p, &d, &h, rows);
	h.offset = fb_off;
	uint32_t *wp = (uint32_t *)(base + fb_off);
	shm_rel32(wp, 0);
	memcpy(base, &h, sizeof(h));
	p->writing = true;

	/* Post first, then write: the consumer follows the write pointer. */
	ret = producer_post_retry(p, &p->frame_q, 0, &p->slot[slot], timeout_ms);
	if (ret < 0) {
		p->writing = false;
		return ret;
	}
	*w = (struct lgp_frame_writer){
		.producer = p, .slot = slot, .data = base + p->page, .wp = wp,
		.pitch = d.pitch, .rows = rows,
	};

	struct lgp_rect rects[KVMFR20_MAX_DAMAGE_RECTS];
	uint32_t n = 0;
	if (d.damage && d.damage_count <= KVMFR20_MAX_DAMAGE_RECTS) {
		n = d.damage_count;
		memcpy(rects, d.damage, n * sizeof(rects[0]));
	}
	for (unsigned i = 0; i < PRODUCER_FRAME_SLOTS; ++i)
		lgp_damage_add(&p->slot_damage[i], rects, n);
	w->damage = p->slot_damage[slot];
	lgp_damage_clear(&p->slot_damage[slot]);
	return 0;
}

static void publish(struct lgp_frame_writer *w, uint32_t bytes)
{
	if (bytes > w->written) {
		w->written = bytes;
		shm_rel32(w->wp, bytes);
	}
}

void lgp_frame_writer_rows(struct lgp_frame_writer *w, const uint8_t *src, uint32_t src_pitch,
			   uint32_t y, uint32_t rows)
{
	if (y >= w->rows)
		return;
	rows = LGP_MIN(rows, w->rows - y);
	uint32_t len = LGP_MIN(src_pitch, w->pitch);
	uint32_t since = 0;
	for (uint32_t i = 0; i < rows; ++i) {
		memcpy(w->data + (size_t)(y + i) * w->pitch, src + (size_t)i * src_pitch, len);
		since += w->pitch;
		if (since >= KVMFR20_FB_CHUNK_SIZE) {
			publish(w, (y + i + 1) * w->pitch);
			since = 0;
		}
	}
	publish(w, (y + rows) * w->pitch);
}

void lgp_producer_frame_end(struct lgp_frame_writer *w)
{
	struct lgp_producer *p = w->producer;
	publish(w, w->rows * w->pitch);
	p->last_slot = (int)w->slot;
	p->next_slot = (w->slot + 1) % PRODUCER_FRAME_SLOTS;
	p->writing = false;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* Copy the damaged area band by band: the write pointer can only advance
 * past a row once every rect touching it has been copied. */
static void write_damage(struct lgp_frame_writer *w, const struct lgp_damage *dmg,
			 const uint8_t *src, uint32_t src_pitch, const struct lgp_frame_view *fmt)
{
	uint32_t edges[2 * KVMFR20_MAX_DAMAGE_RECTS];
	uint32_t n = 0;
	for (int32_t i = 0; i < dmg->count; ++i) {
		edges[n++] = LGP_MIN(dmg->rects[i].y, w->rows);
		edges[n++] = LGP_MIN(dmg->rects[i].y + dmg->rects[i].h, w->rows);
	}
	qsort(edges, n, sizeof(edges[0]), cmp_u32);
	for (uint32_t e = 0; e + 1 < n; ++e) {
		uint32_t y0 = edges[e], y1 = edges[e + 1];
		if (y0 == y1)
			continue;
		for (int32_t i = 0; i < dmg->count; ++i) {
			const struct lgp_rect *r = &dmg->rects[i];
			if (r->y > y0 || r->y + r->h < y1)
				continue;
			uint32_t xb, len;
			lgp_frame_rect_span(fmt, r, &xb, &len);
			for (uint32_t y = y0; y < y1; ++y)
				memcpy(w->data + (size_t)y * w->pitch + xb,
				       src + (size_t)y * src_pitch + xb, len);
		}
		publish(w, y1 * w->pitch);
	}
}

int lgp_producer_frame_post(struct lgp_producer *p, const struct lgp_frame_desc *desc,
			    const uint8_t *src, uint32_t src_pitch, uint32_t timeout_ms)
{
	struct lgp_frame_writer w;
	int ret = lgp_producer_frame_begin(p, desc, timeout_ms, &w);
	if (ret < 0)
		return ret;
	if (lgp_damage_is_full(&w.damage) || src_pitch < w.pitch) {
		lgp_frame_writer_rows(&w, src, src_pitch, 0, w.rows);
	} else {
		struct lgp_frame_view fmt = {.hdr = *(struct kvmfr20_frame *)p->slot[w.slot].ptr};
		fmt.row_bytes = w.pitch;
		write_damage(&w, &w.damage, src, src_pitch, &fmt);
	}
	lgp_producer_frame_end(&w);
	return 0;
}
