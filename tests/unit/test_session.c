// SPDX-License-Identifier: GPL-2.0-or-later
/* The KVMFR producer and consumer: handshake, guest info, version mismatch,
 * restarts, stalls, recovery from being too slow, SETCURSORPOS, and the B7
 * region layout. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>

#include "guest-proto/consumer.h"
#include "guest-proto/error.h"
#include "guest-proto/lgmp_host.h"
#include "guest-proto/producer.h"
#include "testutil.h"

#define REGION (32u * MiB)

struct fixture {
	struct test_clock clock;
	uint8_t *mem;
	struct lgp_producer *prod;
	struct lgp_consumer *cons;
	uint8_t pixels[64 * 64 * 4];
	_Atomic int32_t warp_x, warp_y;
	_Atomic int warps;
};

static void on_warp(void *ctx, int32_t x, int32_t y)
{
	struct fixture *f = ctx;
	atomic_store(&f->warp_x, x);
	atomic_store(&f->warp_y, y);
	atomic_fetch_add(&f->warps, 1);
}

static struct lgp_guest_info guest_info(void)
{
	struct lgp_guest_info info = {0};
	strcpy(info.hostver, "B7");
	info.has_vminfo = true;
	for (int i = 0; i < 16; ++i)
		info.uuid[i] = (uint8_t)(0xa0 + i);
	strcpy(info.capture, "D12");
	info.cpus = 12;
	info.cores = 6;
	info.sockets = 1;
	strcpy(info.model, "AMD Ryzen 9 7950X 16-Core Processor");
	info.has_osinfo = true;
	info.os = KVMFR20_OS_WINDOWS;
	strcpy(info.os_name, "Windows 11 Pro");
	return info;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	test_clock_init(&f->clock, 100000);
	f->mem = test_region_alloc(REGION);
	struct lgp_guest_info info = guest_info();
	struct lgp_producer_config cfg = {
		.info = &info, .clock = &f->clock.clock, .set_cursor_pos = on_warp, .ctx = f};
	assert_int_equal(lgp_producer_create(f->mem, REGION, &cfg, &f->prod), 0);
	assert_int_equal(lgp_consumer_create(f->mem, REGION, &f->clock.clock, &f->cons), 0);
	for (size_t i = 0; i < sizeof(f->pixels); ++i)
		f->pixels[i] = (uint8_t)(i * 7);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	lgp_consumer_destroy(f->cons);
	lgp_producer_destroy(f->prod);
	test_region_free(f->mem, REGION);
	free(f);
	return 0;
}

static void tick(struct fixture *f, uint64_t ms)
{
	test_clock_advance(&f->clock, ms);
	assert_int_equal(lgp_producer_process(f->prod), 0);
}

static void connect(struct fixture *f)
{
	tick(f, 10);
	assert_int_equal(lgp_consumer_connect(f->cons), 0);
}

static void post(struct fixture *f)
{
	struct lgp_frame_desc d = {.type = KVMFR20_FRAME_BGRA, .frame_width = 64, .frame_height = 64};
	assert_int_equal(lgp_producer_frame_post(f->prod, &d, f->pixels, 256, 1000), 0);
}

static uint32_t next_serial(struct fixture *f)
{
	struct lgp_frame_view v;
	assert_int_equal(lgp_consumer_frame_next(f->cons, &v), 0);
	uint32_t serial = v.hdr.frame_serial;
	assert_int_equal(lgp_consumer_frame_done(f->cons), 0);
	return serial;
}

static void test_handshake_and_guest_info(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(lgp_consumer_connect(f->cons), LGP_ERR_AGAIN);
	connect(f);
	const struct lgp_guest_info *g = lgp_consumer_guest(f->cons);
	assert_int_equal(g->kvmfr_version, 20);
	assert_string_equal(g->hostver, "B7");
	assert_true(g->features & KVMFR20_FEATURE_SETCURSORPOS);
	assert_true(g->has_vminfo);
	assert_int_equal(g->uuid[15], 0xaf);
	assert_string_equal(g->capture, "D12");
	assert_int_equal(g->cpus, 12);
	assert_int_equal(g->cores, 6);
	assert_string_equal(g->model, "AMD Ryzen 9 7950X 16-Core Processor");
	assert_true(g->has_osinfo);
	assert_int_equal(g->os, KVMFR20_OS_WINDOWS);
	assert_string_equal(g->os_name, "Windows 11 Pro");
}

static void test_no_host(void **state)
{
	struct fixture *f = *state;
	memset(f->mem, 0, LGMP6_HEADER_SIZE);
	assert_int_equal(lgp_consumer_connect(f->cons), LGP_ERR_NO_HOST);
}

static void test_frames_flow_and_repost(void **state)
{
	struct fixture *f = *state;
	struct lgp_frame_view v;
	connect(f);
	post(f); /* before anyone subscribed: not queued */
	assert_int_equal(lgp_consumer_frame_next(f->cons, &v), LGP_ERR_QUEUE_EMPTY);
	/* The new subscriber gets the last frame re-posted. */
	tick(f, 10);
	assert_int_equal(next_serial(f), 1);
	post(f);
	post(f);
	assert_int_equal(next_serial(f), 2);
	assert_int_equal(next_serial(f), 3);
	assert_int_equal(lgp_consumer_frame_next(f->cons, &v), LGP_ERR_QUEUE_EMPTY);
	struct lgp_consumer_stats st;
	lgp_consumer_get_stats(f->cons, &st);
	assert_int_equal(st.frames, 3);
	assert_int_equal(st.frames_malformed, 0);
}

/* Frames off (escape key + V): the consumer leaves the frame queue, the
 * guest sees no viewer of frames and queues none; back on, it re-posts its
 * last frame. */
static void test_frames_pause(void **state)
{
	struct fixture *f = *state;
	struct lgp_frame_view v;
	connect(f);
	post(f);
	assert_int_equal(lgp_consumer_frame_next(f->cons, &v), LGP_ERR_QUEUE_EMPTY); /* joins */
	tick(f, 10);
	assert_int_equal(next_serial(f), 1);
	lgp_consumer_frames_pause(f->cons);
	lgp_consumer_frames_pause(f->cons); /* twice is fine */
	tick(f, 10);
	assert_false(lgp_producer_has_subscribers(f->prod)); /* no cursor queue here */
	assert_false(lgp_producer_frames_watched(f->prod));
	post(f); /* nobody to queue it for */
	assert_int_equal(lgp_consumer_frame_next(f->cons, &v), LGP_ERR_QUEUE_EMPTY);
	tick(f, 10);
	assert_true(lgp_producer_frames_watched(f->prod));
	assert_int_equal(next_serial(f), 2);
	assert_int_equal(lgp_consumer_frame_next(f->cons, &v), LGP_ERR_QUEUE_EMPTY);
}

static void test_producer_restart(void **state)
{
	struct fixture *f = *state;
	struct lgp_frame_view v;
	connect(f);
	assert_int_equal(lgp_consumer_frame_next(f->cons, &v), LGP_ERR_QUEUE_EMPTY);
	post(f);
	assert_int_equal(next_serial(f), 1);
	uint32_t old = lgp_producer_session_id(f->prod);

	/* The guest application restarts. */
	lgp_producer_destroy(f->prod);
	struct lgp_guest_info info = guest_info();
	struct lgp_producer_config cfg = {.info = &info, .clock = &f->clock.clock};
	assert_int_equal(lgp_producer_create(f->mem, REGION, &cfg, &f->prod), 0);
	assert_int_not_equal(lgp_producer_session_id(f->prod), old);
	tick(f, 10);
	assert_int_equal(lgp_consumer_check(f->cons), LGP_ERR_SESSION_CHANGED);
	assert_false(lgp_consumer_connected(f->cons));
	assert_int_equal(lgp_consumer_connect(f->cons), 0);
	/* Its serials start again at 1: the consumer must not drop that. */
	assert_int_equal(lgp_consumer_frame_next(f->cons, &v), LGP_ERR_QUEUE_EMPTY);
	post(f);
	assert_int_equal(next_serial(f), 1);
	/* The restarted guest lacks SETCURSORPOS. */
	assert_int_equal(lgp_consumer_set_cursor_pos(f->cons, 1, 1, 10), LGP_ERR_NOT_SUPPORTED);
}

static void test_stalled_heartbeat(void **state)
{
	struct fixture *f = *state;
	connect(f);
	test_clock_advance(&f->clock, 900);
	assert_int_equal(lgp_consumer_check(f->cons), 0);
	test_clock_advance(&f->clock, 200);
	assert_int_equal(lgp_consumer_check(f->cons), LGP_ERR_HOST_STALLED);
	/* It beats again: reconnect works with the same session. */
	assert_int_equal(lgp_consumer_connect(f->cons), LGP_ERR_AGAIN);
	tick(f, 10);
	assert_int_equal(lgp_consumer_connect(f->cons), 0);
}

static void test_slow_consumer_recovers(void **state)
{
	struct fixture *f = *state;
	struct lgp_frame_view v;
	connect(f);
	assert_int_equal(lgp_consumer_frame_next(f->cons, &v), LGP_ERR_QUEUE_EMPTY);
	post(f);
	assert_int_equal(lgp_consumer_frame_next(f->cons, &v), 0);
	assert_int_equal(v.hdr.frame_serial, 1);
	/* We sit on the frame for longer than maxTime: marked BAD. */
	tick(f, 600);
	tick(f, 600);
	/* B7's viewer exits here; we take a new subscriber slot instead. */
	assert_int_equal(lgp_consumer_frame_done(f->cons), 0);
	tick(f, 10);
	post(f);
	assert_int_equal(next_serial(f), 2);
	struct lgp_consumer_stats st;
	lgp_consumer_get_stats(f->cons, &st);
	assert_int_equal(st.resubscribes, 1);
	assert_int_equal(st.frames_repeated, 1); /* the re-post of frame 1 */
}

static void *producer_thread(void *arg)
{
	struct fixture *f = arg;
	for (int i = 0; i < 2000 && atomic_load(&f->warps) == 0; ++i) {
		lgp_producer_process(f->prod);
		lgp_sleep_us(500);
	}
	return NULL;
}

static void test_set_cursor_pos_round_trip(void **state)
{
	struct fixture *f = *state;
	connect(f);
	pthread_t t;
	pthread_create(&t, NULL, producer_thread, f);
	assert_int_equal(lgp_consumer_set_cursor_pos(f->cons, 1234, -56, 5000), 0);
	/* Acked means applied: the callback has already run. */
	assert_int_equal(atomic_load(&f->warps), 1);
	assert_int_equal(atomic_load(&f->warp_x), 1234);
	assert_int_equal(atomic_load(&f->warp_y), -56);
	pthread_join(t, NULL);
	/* Nobody acks now: bounded wait. */
	assert_int_equal(lgp_consumer_set_cursor_pos(f->cons, 1, 2, 30), LGP_ERR_TIMEOUT);
}

static void test_version_mismatch_b6(void **state)
{
	struct fixture *f = *state;
	/* A B6 guest: LGMP 5, KVMFR 19 with its build string. */
	struct lgp_guest_info b6 = {.kvmfr_version = 19};
	strcpy(b6.hostver, "B6");
	uint8_t udata[256];
	size_t n = lgp_guest_info_build(&b6, udata, sizeof(udata));
	assert_true(n > 0);
	struct lgmp6_header *h = (struct lgmp6_header *)f->mem;
	h->version = 5;
	memcpy(f->mem + 5700, udata, n); /* somewhere in B6's header area */
	tick(f, 10);
	assert_int_equal(lgp_consumer_connect(f->cons), LGP_ERR_VERSION);
	char text[256];
	lgp_version_mismatch_text(lgp_consumer_guest(f->cons), text, sizeof(text));
	assert_string_equal(text, "guest runs Looking Glass B6 (KVMFR 19, build B6); "
				  "lgview speaks B7 (KVMFR 20, LGMP 6)");
}

static void test_version_mismatch_kvmfr(void **state)
{
	struct fixture *f = *state;
	/* Same LGMP, other KVMFR (an unreleased master build). */
	struct lgp_guest_info info = {.kvmfr_version = 34};
	strcpy(info.hostver, "B7-412-g8cb6a687");
	uint8_t udata[256];
	size_t n = lgp_guest_info_build(&info, udata, sizeof(udata));
	struct lgmp_host *host;
	assert_int_equal(lgmp_host_create(f->mem, REGION, udata, (uint32_t)n, &f->clock.clock, &host), 0);
	test_clock_advance(&f->clock, 10);
	assert_int_equal(lgmp_host_process(host), 0);
	assert_int_equal(lgp_consumer_connect(f->cons), LGP_ERR_VERSION);
	char text[256];
	lgp_version_mismatch_text(lgp_consumer_guest(f->cons), text, sizeof(text));
	assert_string_equal(text, "guest runs Looking Glass of an unknown release (KVMFR 34, build "
				  "B7-412-g8cb6a687); lgview speaks B7 (KVMFR 20, LGMP 6)");
	lgmp_host_destroy(host);
}

/* PROTOCOL-FACTS 3.3: with 200 bytes of udata the B7 host puts the frame
 * slots of a 32 MiB region at 3153920 and 18354176, 15,200,256 bytes each. */
static void test_b7_layout(void **state)
{
	(void)state;
	for (int mib = 32; mib <= 64; mib *= 2) {
		size_t size = (size_t)mib * MiB;
		uint8_t *mem = test_region_alloc(size);
		struct lgp_guest_info info = {0};
		strcpy(info.hostver, "B7");
		info.has_vminfo = true;
		memset(info.model, 'x', 60); /* 48 + (8+51+61) + (8+1+23) = 200 */
		info.has_osinfo = true;
		memset(info.os_name, 'y', 22);
		uint8_t udata[512];
		assert_int_equal(lgp_guest_info_build(&info, udata, sizeof(udata)), 200);
		struct lgp_producer_config cfg = {.info = &info};
		struct lgp_producer *p;
		assert_int_equal(lgp_producer_create(mem, size, &cfg, &p), 0);
		const struct lgmp6_header *h = (const struct lgmp6_header *)mem;
		assert_int_equal(h->udata_size, 200);
		assert_int_equal(h->queues[0].queue_id, KVMFR20_QUEUE_FRAME);
		assert_int_equal(h->queues[0].num_messages, 3);
		assert_int_equal(h->queues[0].messages_offset, 5960);
		assert_int_equal(h->queues[1].queue_id, KVMFR20_QUEUE_POINTER);
		assert_int_equal(h->queues[1].num_messages, 21);
		assert_int_equal(h->queues[1].messages_offset, 6008);
		assert_int_equal(lgp_producer_slot_offset(p, 0), 3153920);
		if (mib == 32) {
			assert_int_equal(lgp_producer_slot_offset(p, 1), 18354176);
			assert_int_equal(lgp_producer_frame_capacity(p), 15200256 - 4096);
		} else {
			assert_int_equal(lgp_producer_slot_offset(p, 1), 35131392);
			assert_int_equal(lgp_producer_frame_capacity(p), 31977472 - 4096);
		}
		/* Pixel data is page aligned: slot + 4092 header + 4 wp. */
		const struct kvmfr20_frame *fr = (const void *)(mem + lgp_producer_slot_offset(p, 0));
		assert_int_equal(fr->offset, 4092);

		/* The first cursor position buffer sits at 6344, the shapes at 6824. */
		struct lgp_consumer *c;
		assert_int_equal(lgp_consumer_create(mem, size, NULL, &c), 0);
		lgp_sleep_us(2000);
		assert_int_equal(lgp_producer_process(p), 0);
		assert_int_equal(lgp_consumer_connect(c), 0);
		uint8_t *shape = malloc(LGP_CURSOR_SHAPE_MAX);
		struct lgp_cursor cur;
		assert_int_equal(lgp_consumer_cursor_next(c, &cur, shape, LGP_CURSOR_SHAPE_MAX),
				 LGP_ERR_QUEUE_EMPTY);
		assert_int_equal(lgp_producer_process(p), 0); /* re-sends the cursor */
		const struct lgmp6_message *ring = (const void *)(mem + 6008);
		assert_int_equal(lgp_consumer_cursor_next(c, &cur, shape, LGP_CURSOR_SHAPE_MAX), 0);
		assert_int_equal(ring[0].offset, 6344);
		uint32_t pix[4] = {0xffffffff, 0xff000000, 0xff000000, 0xffffffff};
		struct lgp_cursor_shape s = {.type = KVMFR20_CURSOR_COLOR, .width = 2, .height = 2,
					     .pitch = 8, .pixels = pix};
		assert_int_equal(lgp_producer_cursor_shape(p, &s, 5, 5, true), 0);
		assert_int_equal(lgp_consumer_cursor_next(c, &cur, shape, LGP_CURSOR_SHAPE_MAX), 0);
		assert_int_equal(ring[1].offset, 6824);
		free(shape);
		lgp_consumer_destroy(c);
		lgp_producer_destroy(p);
		test_region_free(mem, size);
	}
}

static void test_region_too_small(void **state)
{
	(void)state;
	size_t size = 3 * MiB; /* the cursor buffers alone take 3 MiB */
	uint8_t *mem = test_region_alloc(size);
	struct lgp_producer *p;
	assert_int_equal(lgp_producer_create(mem, size, NULL, &p), LGP_ERR_NO_SPACE);
	assert_int_equal(lgp_producer_create(mem, 100, NULL, &p), LGP_ERR_NO_SPACE);
	test_region_free(mem, size);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_handshake_and_guest_info, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_host, setup, teardown),
		cmocka_unit_test_setup_teardown(test_frames_flow_and_repost, setup, teardown),
		cmocka_unit_test_setup_teardown(test_frames_pause, setup, teardown),
		cmocka_unit_test_setup_teardown(test_producer_restart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stalled_heartbeat, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slow_consumer_recovers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_cursor_pos_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_version_mismatch_b6, setup, teardown),
		cmocka_unit_test_setup_teardown(test_version_mismatch_kvmfr, setup, teardown),
		cmocka_unit_test(test_b7_layout),
		cmocka_unit_test(test_region_too_small),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
