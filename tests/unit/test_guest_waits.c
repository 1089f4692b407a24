// SPDX-License-Identifier: GPL-2.0-or-later
/* Waits on a hostile guest always end, and bad messages are read once:
 * a write pointer that creeps forward cannot stretch a frame's deadline,
 * the consumer's stop flag ends a copy, a corrupted queue count does not
 * make the same message come back, a ring of more than 32 bad cursors
 * never yields a "cursor", concurrent heartbeat checks never see a false
 * stall, and the pointer thread runs safely beside checks and reconnects. */
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
#include "guest-proto/lgmp_client.h"
#include "guest-proto/producer.h"
#include "testutil.h"

#define REGION (32u * MiB)

static uint64_t deadline_ms(uint64_t ms)
{
	return lgp_monotonic_ns() + ms * 1000000u;
}

/* ---- the write pointer --------------------------------------------------- */

/* A guest that writes a byte at a time from a spinning thread: fast enough
 * that every burst of polls sees progress, slow enough that the whole
 * 64 MiB frame takes a good part of a second or more. */
struct creeper {
	_Atomic uint32_t wp;
	uint32_t total;
	atomic_bool stop;
};

static void *creep(void *arg)
{
	struct creeper *c = arg;
	while (!atomic_load(&c->stop) && atomic_load(&c->wp) < c->total) {
		atomic_fetch_add(&c->wp, 1);
		uint64_t until = lgp_monotonic_ns() + 50;
		while (lgp_monotonic_ns() < until)
			;
	}
	return NULL;
}

/* A 4096x4096 BGRA view whose write pointer the creeper owns. */
#define CREEP_DIM 4096u
#define CREEP_BYTES (CREEP_DIM * CREEP_DIM * 4u)
static void creeping_view(struct lgp_frame_view *v, struct creeper *c, const uint8_t *data)
{
	memset(v, 0, sizeof(*v));
	v->hdr.type = KVMFR20_FRAME_BGRA;
	v->hdr.frame_width = v->hdr.data_width = CREEP_DIM;
	v->hdr.frame_height = v->hdr.data_height = CREEP_DIM;
	v->hdr.pitch = CREEP_DIM * 4;
	v->row_bytes = v->hdr.pitch;
	v->data_bytes = v->capacity = CREEP_BYTES;
	v->wp = (const uint32_t *)&c->wp;
	v->data = data;
	c->total = v->data_bytes;
}

/* A creeping guest running, with a view of its frame and a place to copy
 * it to. */
struct creep_run {
	struct creeper c;
	struct lgp_frame_view v;
	uint8_t *data, *dst;
	pthread_t thread;
};

static void creep_start(struct creep_run *r)
{
	memset(r, 0, sizeof(*r));
	r->data = calloc(1, CREEP_BYTES);
	r->dst = malloc(CREEP_BYTES);
	assert_non_null(r->data);
	assert_non_null(r->dst);
	creeping_view(&r->v, &r->c, r->data);
	assert_int_equal(pthread_create(&r->thread, NULL, creep, &r->c), 0);
}

static void creep_stop(struct creep_run *r)
{
	atomic_store(&r->c.stop, true);
	pthread_join(r->thread, NULL);
	free(r->dst);
	free(r->data);
}

static void test_creeping_write_pointer_meets_deadline(void **state)
{
	(void)state;
	static struct creep_run run;
	creep_start(&run);
	/* The same pitch (one linear copy following the pointer) and another
	 * pitch (row by row): both end at the one deadline (30 ms; a second
	 * allows for any load on the machine). */
	uint64_t t0 = lgp_monotonic_ns();
	assert_int_equal(lgp_frame_copy(&run.v, run.dst, run.v.hdr.pitch, NULL, deadline_ms(30)),
			 LGP_ERR_TIMEOUT);
	assert_true(lgp_monotonic_ns() - t0 < 1000000000u);
	assert_true(atomic_load(&run.c.wp) < run.c.total);
	t0 = lgp_monotonic_ns();
	assert_int_equal(lgp_frame_copy(&run.v, run.dst, run.v.hdr.pitch / 2, NULL,
					deadline_ms(30)),
			 LGP_ERR_TIMEOUT);
	assert_true(lgp_monotonic_ns() - t0 < 1000000000u);
	assert_true(atomic_load(&run.c.wp) < run.c.total);
	creep_stop(&run);
}

struct raiser {
	int *flag;
	uint64_t after_us;
};

static void *raise_later(void *arg)
{
	struct raiser *r = arg;
	lgp_sleep_us(r->after_us);
	__atomic_store_n(r->flag, 1, __ATOMIC_RELAXED);
	return NULL;
}

static void test_stop_flag_ends_the_copy(void **state)
{
	(void)state;
	static struct creep_run run;
	creep_start(&run);
	int stop = 0;
	run.v.cancel = &stop;
	pthread_t r;
	struct raiser ra = {&stop, 20000};
	pthread_create(&r, NULL, raise_later, &ra);
	/* A deadline far away: only the flag can end it early. */
	assert_int_equal(lgp_frame_copy(&run.v, run.dst, run.v.hdr.pitch, NULL,
					deadline_ms(60000)),
			 LGP_ERR_CANCELLED);
	assert_true(atomic_load(&run.c.wp) < run.c.total);
	pthread_join(r, NULL);
	/* Raised before the wait: it ends at once, even with no deadline. */
	assert_int_equal(lgp_frame_wait(&run.v, run.v.data_bytes, UINT64_MAX),
			 LGP_ERR_CANCELLED);
	creep_stop(&run);
}

/* ---- the consumer over a live producer ----------------------------------- */

struct fixture {
	uint8_t *mem;
	struct lgp_producer *prod;
	struct lgp_consumer *cons;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->mem = test_region_alloc(REGION);
	assert_int_equal(lgp_producer_create(f->mem, REGION, NULL, &f->prod), 0);
	assert_int_equal(lgp_consumer_create(f->mem, REGION, NULL, &f->cons), 0);
	lgp_sleep_us(1500);
	assert_int_equal(lgp_producer_process(f->prod), 0);
	assert_int_equal(lgp_consumer_connect(f->cons), 0);
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

static struct lgmp6_queue *queue_of(uint8_t *mem, uint32_t id)
{
	struct lgmp6_header *h = (struct lgmp6_header *)mem;
	for (uint32_t i = 0; i < h->num_queues; ++i)
		if (h->queues[i].queue_id == id)
			return &h->queues[i];
	fail_msg("no queue %u", id);
	return NULL;
}

static void post_frame(struct fixture *f, uint8_t *pixels)
{
	struct lgp_frame_desc d = {.type = KVMFR20_FRAME_BGRA, .frame_width = 64,
				   .frame_height = 32};
	assert_int_equal(lgp_frame_desc_complete(&d), 0);
	assert_int_equal(lgp_producer_frame_post(f->prod, &d, pixels, d.pitch, 1000), 0);
}

/* The host's count is nonsense when we finish a frame: the frame is still
 * done, and the next call gives the next frame, not the same one again. */
static void test_bad_count_moves_on(void **state)
{
	struct fixture *f = *state;
	uint8_t pixels[64 * 32 * 4] = {1};
	struct lgp_frame_view v;
	assert_int_equal(lgp_consumer_frame_next(f->cons, &v), LGP_ERR_QUEUE_EMPTY);
	post_frame(f, pixels);
	assert_int_equal(lgp_consumer_frame_next(f->cons, &v), 0);
	uint32_t first = v.hdr.frame_serial;
	post_frame(f, pixels);
	queue_of(f->mem, KVMFR20_QUEUE_FRAME)->count = 0;
	assert_int_equal(lgp_consumer_frame_done(f->cons), LGP_ERR_CORRUPTED);
	assert_int_equal(lgp_consumer_frame_next(f->cons, &v), 0);
	assert_int_not_equal(v.hdr.frame_serial, first);
	struct lgp_consumer_stats st;
	lgp_consumer_get_stats(f->cons, &st);
	assert_int_equal(st.frames, 2);
	assert_int_equal(st.frames_repeated, 0);
	assert_int_equal(st.frames_malformed, 1);
}

/* A guest that declares a 100-slot pointer ring and fills 40 slots with
 * messages too small to be cursors: one call drops and counts all 40 and
 * reports nothing to use. */
static void test_long_ring_of_bad_cursors(void **state)
{
	struct fixture *f = *state;
	struct lgmp6_queue *q = queue_of(f->mem, KVMFR20_QUEUE_POINTER);
	const uint32_t ring = 100, bad = 40;
	const uint32_t msgs_off = REGION - 64u * 1024u;
	struct lgmp6_message *m = (struct lgmp6_message *)(f->mem + msgs_off);
	q->num_messages = ring;
	q->messages_offset = msgs_off;
	q->position = 0;
	q->start = 0;
	q->count = 0;
	struct lgp_cursor c;
	uint8_t *shape = malloc(LGP_CURSOR_SHAPE_MAX);
	assert_int_equal(lgp_consumer_cursor_next(f->cons, &c, shape, LGP_CURSOR_SHAPE_MAX),
			 LGP_ERR_QUEUE_EMPTY); /* subscribes at position 0 */
	for (uint32_t i = 0; i < bad; ++i)
		m[i] = (struct lgmp6_message){.udata = 0, .size = 4,
					      .offset = msgs_off + 32u * 1024u,
					      .pending_subs = ~0u};
	q->count = bad;
	q->position = bad;
	assert_int_equal(lgp_consumer_cursor_next(f->cons, &c, shape, LGP_CURSOR_SHAPE_MAX),
			 LGP_ERR_QUEUE_EMPTY);
	struct lgp_consumer_stats st;
	lgp_consumer_get_stats(f->cons, &st);
	assert_int_equal(st.cursors_malformed, bad);
	assert_int_equal(st.cursors, 0);
	free(shape);
}

/* ---- threads ------------------------------------------------------------- */

struct beat {
	struct lgmp_client *client;
	struct lgmp6_header *hdr;
	atomic_bool stop;
	atomic_int stalls;
};

static void *beat_host(void *arg)
{
	struct beat *b = arg;
	while (!atomic_load(&b->stop)) {
		__atomic_add_fetch(&b->hdr->timestamp, 1, __ATOMIC_RELAXED);
		lgp_sleep_us(50);
	}
	return NULL;
}

static void *beat_check(void *arg)
{
	struct beat *b = arg;
	while (!atomic_load(&b->stop))
		if (lgmp_client_session_check(b->client) == LGP_ERR_HOST_STALLED)
			atomic_fetch_add(&b->stalls, 1);
	return NULL;
}

/* Two threads check a heartbeat that keeps moving: never a stall. */
static void test_concurrent_checks_see_no_false_stall(void **state)
{
	struct fixture *f = *state;
	/* We are the host's heartbeat now: the producer is never processed. */
	struct beat b = {.hdr = (struct lgmp6_header *)f->mem};
	assert_int_equal(lgmp_client_create(f->mem, REGION, NULL, &b.client), 0);
	lgp_sleep_us(1000);
	__atomic_add_fetch(&b.hdr->timestamp, 1, __ATOMIC_RELAXED);
	struct lgmp_session s;
	assert_int_equal(lgmp_client_session_init(b.client, &s), 0);
	pthread_t host, c1, c2;
	pthread_create(&host, NULL, beat_host, &b);
	pthread_create(&c1, NULL, beat_check, &b);
	pthread_create(&c2, NULL, beat_check, &b);
	lgp_sleep_us(300000);
	atomic_store(&b.stop, true);
	pthread_join(c1, NULL);
	pthread_join(c2, NULL);
	pthread_join(host, NULL);
	assert_int_equal(atomic_load(&b.stalls), 0);
	lgmp_client_destroy(b.client);
}

struct pointer_side {
	struct lgp_consumer *cons;
	atomic_bool stop;
	atomic_int got;
};

static void *pointer_thread(void *arg)
{
	struct pointer_side *p = arg;
	uint8_t *shape = malloc(LGP_CURSOR_SHAPE_MAX);
	while (!atomic_load(&p->stop)) {
		struct lgp_cursor c;
		if (lgp_consumer_cursor_next(p->cons, &c, shape, LGP_CURSOR_SHAPE_MAX) == 0)
			atomic_fetch_add(&p->got, 1);
		lgp_consumer_set_cursor_pos(p->cons, 1, 2, 0);
	}
	free(shape);
	return NULL;
}

/* The contract of consumer.h: the pointer thread runs all the time while
 * the control thread checks, loses the host, and connects again to a new
 * session. Cursors keep coming after each restart (ThreadSanitizer runs
 * this in CI). */
static void test_pointer_thread_beside_reconnects(void **state)
{
	struct fixture *f = *state;
	struct pointer_side p = {.cons = f->cons};
	pthread_t t;
	pthread_create(&t, NULL, pointer_thread, &p);
	for (int round = 0; round < 4; ++round) {
		int before = atomic_load(&p.got);
		uint64_t until = lgp_monotonic_ns() + 2000000000u;
		while (atomic_load(&p.got) <= before + 3 && lgp_monotonic_ns() < until) {
			assert_int_equal(lgp_producer_cursor_move(f->prod, round, 1, true), 0);
			lgp_producer_process(f->prod);
			assert_int_equal(lgp_consumer_check(f->cons), 0);
			lgp_sleep_us(500);
		}
		assert_true(atomic_load(&p.got) > before + 3);
		/* The guest application restarts: a new session. */
		lgp_producer_destroy(f->prod);
		assert_int_equal(lgp_producer_create(f->mem, REGION, NULL, &f->prod), 0);
		assert_int_not_equal(lgp_consumer_check(f->cons), 0);
		lgp_sleep_us(1500);
		assert_int_equal(lgp_producer_process(f->prod), 0);
		int ret;
		until = lgp_monotonic_ns() + 2000000000u;
		while ((ret = lgp_consumer_connect(f->cons)) == LGP_ERR_AGAIN &&
		       lgp_monotonic_ns() < until) {
			lgp_sleep_us(1000);
			lgp_producer_process(f->prod);
		}
		assert_int_equal(ret, 0);
	}
	atomic_store(&p.stop, true);
	pthread_join(t, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_creeping_write_pointer_meets_deadline),
		cmocka_unit_test(test_stop_flag_ends_the_copy),
		cmocka_unit_test_setup_teardown(test_bad_count_moves_on, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_ring_of_bad_cursors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_checks_see_no_false_stall, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_pointer_thread_beside_reconnects, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
