// SPDX-License-Identifier: GPL-2.0-or-later
/* Frames end to end through the ring: every type, progressive reads that
 * trail the writer, damage-aware copies over many frames, truncation, the
 * write-pointer deadline, and every cursor type. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#include "guest-proto/consumer.h"
#include "guest-proto/error.h"
#include "guest-proto/producer.h"
#include "testutil.h"

#define REGION (32u * MiB)

struct fixture {
	uint8_t *mem;
	size_t size;
	struct lgp_producer *prod;
	struct lgp_consumer *cons;
};

static int setup_size(void **state, size_t size)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->size = size;
	f->mem = test_region_alloc(size);
	assert_int_equal(lgp_producer_create(f->mem, size, NULL, &f->prod), 0);
	assert_int_equal(lgp_consumer_create(f->mem, size, NULL, &f->cons), 0);
	lgp_sleep_us(1500);
	assert_int_equal(lgp_producer_process(f->prod), 0);
	assert_int_equal(lgp_consumer_connect(f->cons), 0);
	struct lgp_frame_view v;
	assert_int_equal(lgp_consumer_frame_next(f->cons, &v), LGP_ERR_QUEUE_EMPTY);
	*state = f;
	return 0;
}

static int setup(void **state)
{
	return setup_size(state, REGION);
}

static int setup_small(void **state)
{
	return setup_size(state, 6u * MiB);
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	lgp_consumer_destroy(f->cons);
	lgp_producer_destroy(f->prod);
	test_region_free(f->mem, f->size);
	free(f);
	return 0;
}

static uint64_t deadline_ms(uint64_t ms)
{
	return lgp_monotonic_ns() + ms * 1000000u;
}

static uint8_t *pattern(size_t bytes, uint32_t seed)
{
	uint8_t *p = malloc(bytes);
	uint32_t x = seed * 2654435761u + 1u;
	for (size_t i = 0; i < bytes; ++i) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = (uint8_t)x;
	}
	return p;
}

static void test_every_frame_type(void **state)
{
	struct fixture *f = *state;
	for (uint32_t type = KVMFR20_FRAME_BGRA; type < KVMFR20_FRAME_MAX; ++type) {
		struct lgp_frame_desc d = {.type = type, .frame_width = 333, .frame_height = 77,
					   .rotation = type % 4};
		assert_int_equal(lgp_frame_desc_complete(&d), 0);
		uint8_t *src = pattern((size_t)d.pitch * d.data_height, type);
		assert_int_equal(lgp_producer_frame_post(f->prod, &d, src, d.pitch, 1000), 0);

		struct lgp_frame_view v;
		assert_int_equal(lgp_consumer_frame_next(f->cons, &v), 0);
		const struct lgp_format_info *fi = lgp_format_info(type);
		assert_int_equal(v.hdr.type, type);
		assert_int_equal(v.hdr.frame_width, 333);
		assert_int_equal(v.hdr.rotation, type % 4);
		assert_int_equal(v.hdr.pitch, d.pitch);
		assert_int_equal(v.hdr.data_width,
				 fi->packed24 ? (333 * 3 + 3) / 4 : 333);
		assert_int_equal(v.row_bytes, v.hdr.data_width * fi->texel_bytes);
		assert_int_equal(!!(v.hdr.flags & KVMFR20_FRAME_FLAG_HDR), fi->hdr);
		assert_int_equal(v.data_offset % 4096, 0); /* dma-buf friendly */

		/* Copy into a buffer with a different pitch, too. */
		uint32_t dst_pitch = d.pitch + 64;
		uint8_t *dst = calloc(d.data_height, dst_pitch);
		assert_int_equal(lgp_frame_copy(&v, dst, dst_pitch, NULL, deadline_ms(1000)), 0);
		for (uint32_t y = 0; y < d.data_height; ++y)
			assert_memory_equal(dst + (size_t)y * dst_pitch, src + (size_t)y * d.pitch,
					    v.row_bytes);
		assert_int_equal(lgp_consumer_frame_done(f->cons), 0);
		free(dst);
		free(src);
	}
}

struct slow_writer {
	struct lgp_producer *prod;
	struct lgp_frame_desc d;
	const uint8_t *src;
	atomic_bool posted;
};

static void *slow_write(void *arg)
{
	struct slow_writer *w = arg;
	struct lgp_frame_writer fw;
	assert_int_equal(lgp_producer_frame_begin(w->prod, &w->d, 1000, &fw), 0);
	atomic_store(&w->posted, true);
	for (uint32_t y = 0; y < w->d.frame_height; y += 32) {
		lgp_sleep_us(3000);
		lgp_frame_writer_rows(&fw, w->src + (size_t)y * w->d.pitch, w->d.pitch, y, 32);
	}
	lgp_producer_frame_end(&fw);
	return NULL;
}

static void test_progressive_copy(void **state)
{
	struct fixture *f = *state;
	struct slow_writer w = {.prod = f->prod,
				.d = {.type = KVMFR20_FRAME_BGRA, .frame_width = 1024,
				      .frame_height = 512}};
	assert_int_equal(lgp_frame_desc_complete(&w.d), 0);
	size_t bytes = (size_t)w.d.pitch * w.d.frame_height;
	uint8_t *src = pattern(bytes, 9);
	w.src = src;
	pthread_t t;
	pthread_create(&t, NULL, slow_write, &w);

	struct lgp_frame_view v;
	int ret;
	while ((ret = lgp_consumer_frame_next(f->cons, &v)) == LGP_ERR_QUEUE_EMPTY)
		lgp_sleep_us(100);
	assert_int_equal(ret, 0);
	/* The message is out before the pixels: we start while it writes. */
	uint32_t wp;
	assert_int_equal(lgp_frame_write_pointer(&v, &wp), 0);
	assert_true(wp < v.data_bytes);
	uint8_t *dst = malloc(bytes);
	assert_int_equal(lgp_frame_copy(&v, dst, w.d.pitch, NULL, deadline_ms(5000)), 0);
	assert_memory_equal(dst, src, bytes);
	assert_int_equal(lgp_consumer_frame_done(f->cons), 0);
	pthread_join(t, NULL);
	free(dst);
	free(src);
}

static void test_write_pointer_deadline(void **state)
{
	struct fixture *f = *state;
	struct lgp_frame_desc d = {.type = KVMFR20_FRAME_RGBA, .frame_width = 64, .frame_height = 64};
	struct lgp_frame_writer fw;
	assert_int_equal(lgp_producer_frame_begin(f->prod, &d, 1000, &fw), 0);
	uint8_t row[256] = {0};
	lgp_frame_writer_rows(&fw, row, sizeof(row), 0, 1); /* then the guest hangs */

	struct lgp_frame_view v;
	assert_int_equal(lgp_consumer_frame_next(f->cons, &v), 0);
	uint8_t dst[64 * 256];
	uint64_t t0 = lgp_monotonic_ns();
	assert_int_equal(lgp_frame_copy(&v, dst, 256, NULL, deadline_ms(20)), LGP_ERR_TIMEOUT);
	assert_true(lgp_monotonic_ns() - t0 >= 20000000u);
	assert_int_equal(lgp_frame_wait(&v, 256, deadline_ms(0)), 0);
	assert_int_equal(lgp_frame_wait(&v, 257, deadline_ms(0)), LGP_ERR_TIMEOUT);
	assert_int_equal(lgp_consumer_frame_done(f->cons), 0);
	lgp_producer_frame_end(&fw);
}

/* Damage over many frames: the consumer keeps three buffers (as a viewer
 * keeps upload buffers), each with its own accumulated damage, copies only
 * that, and each buffer must equal the source after its copy. */
static void test_damage_copy_over_frames(void **state)
{
	struct fixture *f = *state;
	for (uint32_t type = KVMFR20_FRAME_BGRA; type < KVMFR20_FRAME_MAX; ++type) {
		const uint32_t W = 200, H = 120;
		struct lgp_frame_desc d = {.type = type, .frame_width = W, .frame_height = H};
		assert_int_equal(lgp_frame_desc_complete(&d), 0);
		size_t bytes = (size_t)d.pitch * H;
		uint8_t *src = pattern(bytes, 1);
		enum { NBUF = 3 };
		uint8_t *buf[NBUF];
		struct lgp_damage acc[NBUF];
		for (int i = 0; i < NBUF; ++i) {
			buf[i] = calloc(1, bytes);
			lgp_damage_set_full(&acc[i]);
		}
		uint32_t seed = 77;
		uint64_t copied = 0;
		for (int frame = 0; frame < 60; ++frame) {
			struct lgp_rect rects[8];
			uint32_t n = frame % 10 == 0 ? 0 : 1 + (uint32_t)frame % 8;
			for (uint32_t i = 0; i < n; ++i) {
				seed = seed * 1103515245u + 12345u;
				uint32_t x = (seed >> 8) % (W - 1), y = (seed >> 16) % (H - 1);
				rects[i] = (struct lgp_rect){x, y, 1 + (seed % (W - x)),
							     1 + ((seed >> 4) % (H - y))};
				/* Change exactly the damaged pixels (whole bytes of them). */
				struct lgp_frame_view fmt = {.hdr = {.type = type}, .row_bytes = d.pitch};
				uint32_t xb, len;
				lgp_frame_rect_span(&fmt, &rects[i], &xb, &len);
				if (lgp_format_info(type)->packed24) {
					/* only bytes of the rect's own pixels may change */
					xb = rects[i].x * 3;
					len = rects[i].w * 3;
				}
				for (uint32_t yy = rects[i].y; yy < rects[i].y + rects[i].h; ++yy)
					for (uint32_t b = 0; b < len; ++b)
						src[(size_t)yy * d.pitch + xb + b] += (uint8_t)(frame + 1);
			}
			if (n == 0)
				for (size_t i = 0; i < bytes; ++i)
					src[i] ^= (uint8_t)(frame * 31 + 1);
			d.damage = n ? rects : NULL;
			d.damage_count = n;
			assert_int_equal(lgp_producer_frame_post(f->prod, &d, src, d.pitch, 1000), 0);

			struct lgp_frame_view v;
			assert_int_equal(lgp_consumer_frame_next(f->cons, &v), 0);
			struct lgp_rect fr[KVMFR20_MAX_DAMAGE_RECTS];
			uint32_t fn = lgp_frame_damage(&v, fr);
			assert_int_equal(fn, n);
			int b = frame % NBUF;
			for (int i = 0; i < NBUF; ++i)
				lgp_damage_add(&acc[i], fr, fn);
			if (!lgp_damage_is_full(&acc[b]))
				copied++;
			assert_int_equal(lgp_frame_copy(&v, buf[b], d.pitch, &acc[b],
							deadline_ms(1000)), 0);
			lgp_damage_clear(&acc[b]);
			assert_int_equal(lgp_consumer_frame_done(f->cons), 0);
			for (uint32_t y = 0; y < H; ++y)
				assert_memory_equal(buf[b] + (size_t)y * d.pitch,
						    src + (size_t)y * d.pitch, v.row_bytes);
		}
		assert_true(copied > 30); /* most frames took the damage path */
		for (int i = 0; i < NBUF; ++i)
			free(buf[i]);
		free(src);
	}
}

static void test_truncated_to_slot(void **state)
{
	struct fixture *f = *state;
	/* 6 MiB region: slots of ~1.4 MiB, far too small for 1920x1080. */
	uint32_t cap = lgp_producer_frame_capacity(f->prod);
	struct lgp_frame_desc d = {.type = KVMFR20_FRAME_BGRA, .frame_width = 1920,
				   .frame_height = 1080};
	assert_int_equal(lgp_frame_desc_complete(&d), 0);
	assert_true((size_t)d.pitch * 1080 > cap);
	uint8_t *src = pattern((size_t)d.pitch * 1080, 3);
	/* A canary right after the first slot's capacity. */
	uint8_t *slot0 = f->mem + lgp_producer_slot_offset(f->prod, 0);
	uint8_t *after = slot0 + 4096 + cap;
	memset(after, 0xA5, 64);
	assert_int_equal(lgp_producer_frame_post(f->prod, &d, src, d.pitch, 1000), 0);
	for (int i = 0; i < 64; ++i)
		assert_int_equal(after[i], 0xA5);

	struct lgp_frame_view v;
	assert_int_equal(lgp_consumer_frame_next(f->cons, &v), 0);
	assert_true(v.hdr.flags & KVMFR20_FRAME_FLAG_TRUNCATED);
	assert_int_equal(v.hdr.data_height, cap / d.pitch);
	assert_int_equal(v.hdr.frame_height, 1080);
	uint8_t *dst = malloc(v.data_bytes);
	assert_int_equal(lgp_frame_copy(&v, dst, d.pitch, NULL, deadline_ms(1000)), 0);
	assert_memory_equal(dst, src, v.data_bytes);
	assert_int_equal(lgp_consumer_frame_done(f->cons), 0);
	free(dst);
	free(src);
}

static void test_every_cursor_type(void **state)
{
	struct fixture *f = *state;
	uint8_t *shape = malloc(LGP_CURSOR_SHAPE_MAX);
	struct lgp_cursor c;
	assert_int_equal(lgp_consumer_cursor_next(f->cons, &c, shape, LGP_CURSOR_SHAPE_MAX),
			 LGP_ERR_QUEUE_EMPTY);
	assert_int_equal(lgp_producer_process(f->prod), 0);
	/* The re-send for the new subscriber: position only, no shape yet. */
	assert_int_equal(lgp_consumer_cursor_next(f->cons, &c, shape, LGP_CURSOR_SHAPE_MAX), 0);
	assert_int_equal(c.flags & KVMFR20_CURSOR_FLAG_SHAPE, 0);

	const struct {
		uint32_t type, w, h, pitch, rows;
	} cases[] = {
		{KVMFR20_CURSOR_COLOR, 32, 32, 128, 32},
		{KVMFR20_CURSOR_MONOCHROME, 32, 32, 4, 64},
		{KVMFR20_CURSOR_MASKED_COLOR, 48, 20, 200, 20},
		{KVMFR20_CURSOR_COLOR, 512, 512, 2048, 512},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
		uint8_t *pix = pattern((size_t)cases[i].pitch * cases[i].rows, (uint32_t)i);
		struct lgp_cursor_shape s = {.type = cases[i].type, .width = cases[i].w,
					     .height = cases[i].h, .pitch = cases[i].pitch,
					     .hx = 3, .hy = -2, .pixels = pix};
		assert_int_equal(lgp_producer_cursor_shape(f->prod, &s, 100, -5, i % 2 == 0), 0);
		assert_int_equal(lgp_consumer_cursor_next(f->cons, &c, shape, LGP_CURSOR_SHAPE_MAX), 0);
		assert_true(c.flags & KVMFR20_CURSOR_FLAG_SHAPE);
		assert_int_equal(c.type, cases[i].type);
		assert_int_equal(c.width, cases[i].w);
		assert_int_equal(c.height, cases[i].h);
		assert_int_equal(c.pitch, cases[i].pitch);
		assert_int_equal(c.hx, 3);
		assert_int_equal(c.hy, -2);
		assert_int_equal(c.x, 100);
		assert_int_equal(c.y, -5);
		assert_int_equal(c.visible, i % 2 == 0);
		assert_int_equal(c.shape_bytes, cases[i].pitch * cases[i].rows);
		assert_memory_equal(shape, pix, c.shape_bytes);
		free(pix);
	}
	assert_int_equal(lgp_producer_cursor_move(f->prod, -7, 9, true), 0);
	assert_int_equal(lgp_consumer_cursor_next(f->cons, &c, shape, LGP_CURSOR_SHAPE_MAX), 0);
	assert_int_equal(c.flags, KVMFR20_CURSOR_FLAG_POSITION | KVMFR20_CURSOR_FLAG_VISIBLE);
	assert_int_equal(c.x, -7);
	assert_int_equal(c.y, 9);
	/* A too-small destination is refused, not overrun. */
	struct lgp_cursor_shape s = {.type = KVMFR20_CURSOR_COLOR, .width = 8, .height = 8,
				     .pitch = 32, .pixels = shape};
	assert_int_equal(lgp_producer_cursor_shape(f->prod, &s, 0, 0, true), 0);
	uint8_t tiny[16];
	assert_int_equal(lgp_consumer_cursor_next(f->cons, &c, tiny, sizeof(tiny)),
			 LGP_ERR_QUEUE_EMPTY);
	struct lgp_consumer_stats st;
	lgp_consumer_get_stats(f->cons, &st);
	assert_int_equal(st.cursors_malformed, 1);
	free(shape);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_frame_type, setup, teardown),
		cmocka_unit_test_setup_teardown(test_progressive_copy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_pointer_deadline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damage_copy_over_frames, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated_to_slot, setup_small, teardown),
		cmocka_unit_test_setup_teardown(test_every_cursor_type, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
