// SPDX-License-Identifier: GPL-2.0-or-later
/* LGMP 6 host and client roles against each other in one process. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "guest-proto/error.h"
#include "guest-proto/lgmp_client.h"
#include "guest-proto/lgmp_host.h"
#include "guest-proto/wire_b7.h"
#include "testutil.h"

#define REGION (1u * MiB)

struct fixture {
	struct test_clock clock;
	uint8_t *mem;
	struct lgmp_host *host;
	struct lgmp_host_queue *q;
	struct lgmp_mem payload;
	struct lgmp_client *client;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	test_clock_init(&f->clock, 5000);
	f->mem = test_region_alloc(REGION);
	const char udata[] = "hello";
	assert_int_equal(lgmp_host_create(f->mem, REGION, udata, sizeof(udata), &f->clock.clock,
					  &f->host), 0);
	assert_int_equal(lgmp_host_queue_new(f->host, 7, 4, 1000, &f->q), 0);
	assert_int_equal(lgmp_host_mem_alloc(f->host, 256, 64, &f->payload), 0);
	assert_int_equal(lgmp_client_create(f->mem, REGION, &f->clock.clock, &f->client), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	lgmp_client_destroy(f->client);
	lgmp_host_destroy(f->host);
	test_region_free(f->mem, REGION);
	free(f);
	return 0;
}

static void beat(struct fixture *f, uint64_t ms)
{
	test_clock_advance(&f->clock, ms);
	assert_int_equal(lgmp_host_process(f->host), 0);
}

static void start_session(struct fixture *f)
{
	struct lgmp_session s;
	beat(f, 10);
	assert_int_equal(lgmp_client_session_init(f->client, &s), 0);
}

static void test_handshake(void **state)
{
	struct fixture *f = *state;
	struct lgmp_session s;
	/* Header present but the heartbeat has not moved: host not running. */
	assert_int_equal(lgmp_client_session_init(f->client, &s), LGP_ERR_AGAIN);
	beat(f, 10);
	assert_int_equal(lgmp_client_session_init(f->client, &s), 0);
	assert_int_equal(s.udata_size, 6);
	assert_string_equal((const char *)s.udata, "hello");
	assert_int_equal(s.session_id, lgmp_host_session_id(f->host));
	assert_int_equal(lgmp_client_session_check(f->client), 0);
}

static void test_no_host_and_version(void **state)
{
	struct fixture *f = *state;
	struct lgmp6_header *h = (struct lgmp6_header *)f->mem;
	struct lgmp_session s;
	h->magic = 0;
	assert_int_equal(lgmp_client_session_init(f->client, &s), LGP_ERR_NO_HOST);
	h->magic = LGMP6_MAGIC;
	h->version = 5;
	assert_int_equal(lgmp_client_session_init(f->client, &s), LGP_ERR_VERSION);
	assert_int_equal(s.lgmp_version, 5);
}

static void test_subscribe_unsubscribe(void **state)
{
	struct fixture *f = *state;
	struct lgmp_client_queue *cq;
	start_session(f);
	assert_false(lgmp_host_queue_has_subs(f->q));
	assert_int_equal(lgmp_client_subscribe(f->client, 99, &cq), LGP_ERR_NO_SUCH_QUEUE);
	assert_int_equal(lgmp_client_subscribe(f->client, 7, &cq), 0);
	assert_true(lgmp_host_queue_has_subs(f->q));
	assert_int_equal(lgmp_host_queue_new_subs(f->q), 1);
	assert_int_equal(lgmp_host_queue_new_subs(f->q), 0);

	/* Only messages posted after subscribing are seen. */
	struct lgmp_msg m;
	assert_int_equal(lgmp_client_process(cq, &m), LGP_ERR_QUEUE_EMPTY);
	assert_int_equal(lgmp_host_queue_post(f->q, 42, &f->payload), 0);
	assert_int_equal(lgmp_host_queue_pending(f->q), 1);
	assert_int_equal(lgmp_client_process(cq, &m), 0);
	assert_int_equal(m.udata, 42);
	assert_int_equal(m.offset, f->payload.offset);
	assert_ptr_equal(m.ptr, f->payload.ptr);
	assert_int_equal(lgmp_client_message_done(cq), 0);
	/* The client retires the head message itself. */
	assert_int_equal(lgmp_host_queue_pending(f->q), 0);

	assert_int_equal(lgmp_client_unsubscribe(cq), 0);
	assert_false(lgmp_host_queue_has_subs(f->q));
	/* Nobody subscribed: a post is dropped, not queued. */
	assert_int_equal(lgmp_host_queue_post(f->q, 1, &f->payload), 0);
	assert_int_equal(lgmp_host_queue_pending(f->q), 0);
}

static void test_queue_full(void **state)
{
	struct fixture *f = *state;
	struct lgmp_client_queue *cq;
	start_session(f);
	assert_int_equal(lgmp_client_subscribe(f->client, 7, &cq), 0);
	for (int i = 0; i < 4; ++i)
		assert_int_equal(lgmp_host_queue_post(f->q, (uint32_t)i, &f->payload), 0);
	assert_int_equal(lgmp_host_queue_post(f->q, 9, &f->payload), LGP_ERR_QUEUE_FULL);
	for (uint32_t i = 0; i < 4; ++i) {
		struct lgmp_msg m;
		assert_int_equal(lgmp_client_process(cq, &m), 0);
		assert_int_equal(m.udata, i);
		assert_int_equal(lgmp_client_message_done(cq), 0);
	}
	assert_int_equal(lgmp_host_queue_pending(f->q), 0);
	lgmp_client_unsubscribe(cq);
}

static void test_32_subscribers(void **state)
{
	struct fixture *f = *state;
	struct lgmp_client_queue *cq[LGMP6_MAX_SUBS + 1];
	start_session(f);
	for (unsigned i = 0; i < LGMP6_MAX_SUBS; ++i) {
		assert_int_equal(lgmp_client_subscribe(f->client, 7, &cq[i]), 0);
		assert_int_equal(lgmp_client_queue_slot(cq[i]), i);
	}
	assert_int_equal(lgmp_client_subscribe(f->client, 7, &cq[32]), LGP_ERR_QUEUE_FULL);
	assert_int_equal(lgmp_client_unsubscribe(cq[5]), 0);
	assert_int_equal(lgmp_client_subscribe(f->client, 7, &cq[5]), 0);
	assert_int_equal(lgmp_client_queue_slot(cq[5]), 5);
	for (unsigned i = 0; i < LGMP6_MAX_SUBS; ++i)
		assert_int_equal(lgmp_client_unsubscribe(cq[i]), 0);
}

static void test_slow_subscriber_marked_bad(void **state)
{
	struct fixture *f = *state;
	struct lgmp_client_queue *fast, *slow;
	struct lgmp_msg m;
	start_session(f);
	assert_int_equal(lgmp_client_subscribe(f->client, 7, &fast), 0);
	assert_int_equal(lgmp_client_subscribe(f->client, 7, &slow), 0);
	assert_int_equal(lgmp_host_queue_post(f->q, 1, &f->payload), 0);
	assert_int_equal(lgmp_client_process(fast, &m), 0);
	assert_int_equal(lgmp_client_message_done(fast), 0);
	assert_int_equal(lgmp_client_process(slow, &m), 0);

	/* Within max_time nothing happens. */
	beat(f, 900);
	assert_int_equal(lgmp_host_queue_pending(f->q), 1);
	assert_int_equal(lgmp_client_process(slow, &m), 0);
	/* Past it, the slow one is BAD and the message is force-retired. */
	beat(f, 200);
	assert_int_equal(lgmp_host_queue_pending(f->q), 0);
	assert_int_equal(lgmp_client_process(slow, &m), LGP_ERR_QUEUE_TIMEOUT);
	assert_int_equal(lgmp_client_message_done(slow), LGP_ERR_QUEUE_TIMEOUT);
	assert_int_equal(lgmp_client_process(fast, &m), LGP_ERR_QUEUE_EMPTY);
	uint32_t bad_slot = lgmp_client_queue_slot(slow);
	assert_int_equal(lgmp_client_unsubscribe(slow), LGP_ERR_QUEUE_TIMEOUT);

	/* The BAD slot is not reused during its grace period... */
	struct lgmp_client_queue *again;
	assert_int_equal(lgmp_client_subscribe(f->client, 7, &again), 0);
	assert_int_not_equal(lgmp_client_queue_slot(again), bad_slot);
	assert_int_equal(lgmp_client_unsubscribe(again), 0);
	/* ...and is reaped after it. */
	beat(f, 1100);
	assert_int_equal(lgmp_client_subscribe(f->client, 7, &again), 0);
	assert_int_equal(lgmp_client_queue_slot(again), bad_slot);
	lgmp_client_unsubscribe(again);
	lgmp_client_unsubscribe(fast);
}

static void test_session_check(void **state)
{
	struct fixture *f = *state;
	start_session(f);
	beat(f, 500);
	assert_int_equal(lgmp_client_session_check(f->client), 0);
	/* The host stops beating. */
	test_clock_advance(&f->clock, 600);
	assert_int_equal(lgmp_client_session_check(f->client), 0);
	test_clock_advance(&f->clock, 600);
	assert_int_equal(lgmp_client_session_check(f->client), LGP_ERR_HOST_STALLED);

	/* A new host on the same memory has a new session id. */
	uint32_t old = lgmp_host_session_id(f->host);
	lgmp_host_destroy(f->host);
	assert_int_equal(lgmp_host_create(f->mem, REGION, NULL, 0, &f->clock.clock, &f->host), 0);
	assert_int_not_equal(lgmp_host_session_id(f->host), old);
	assert_int_equal(lgmp_client_session_check(f->client), LGP_ERR_SESSION_CHANGED);
}

static void test_client_messages(void **state)
{
	struct fixture *f = *state;
	struct lgmp_client_queue *cq;
	start_session(f);
	assert_int_equal(lgmp_client_subscribe(f->client, 7, &cq), 0);
	uint8_t buf[LGMP6_MSGS_SIZE];
	uint32_t size, serial = 0;
	assert_int_equal(lgmp_host_read_data(f->q, buf, &size), LGP_ERR_QUEUE_EMPTY);
	assert_int_equal(lgmp_client_send_data(cq, buf, LGMP6_MSGS_SIZE + 1, &serial),
			 LGP_ERR_INVALID_ARGUMENT);
	for (uint32_t i = 0; i < LGMP6_MSGS_MAX; ++i)
		assert_int_equal(lgmp_client_send_data(cq, &i, sizeof(i), &serial), 0);
	assert_int_equal(serial, LGMP6_MSGS_MAX);
	assert_int_equal(lgmp_client_send_data(cq, "x", 1, NULL), LGP_ERR_QUEUE_FULL);
	for (uint32_t i = 0; i < LGMP6_MSGS_MAX; ++i) {
		assert_int_equal(lgmp_host_read_data(f->q, buf, &size), 0);
		assert_int_equal(size, sizeof(uint32_t));
		uint32_t v;
		memcpy(&v, buf, sizeof(v));
		assert_int_equal(v, i);
		assert_int_equal(lgmp_client_get_serial(cq), i);
		lgmp_host_ack_data(f->q);
	}
	assert_int_equal(lgmp_client_get_serial(cq), serial);
	lgmp_client_unsubscribe(cq);
}

static void test_corrupted_magic_reported(void **state)
{
	struct fixture *f = *state;
	((struct lgmp6_header *)f->mem)->magic = 0;
	assert_int_equal(lgmp_host_process(f->host), LGP_ERR_CORRUPTED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_handshake, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_host_and_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_subscribe_unsubscribe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_queue_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_32_subscribers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slow_subscriber_marked_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_check, setup, teardown),
		cmocka_unit_test_setup_teardown(test_client_messages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupted_magic_reported, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
