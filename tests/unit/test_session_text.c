// SPDX-License-Identifier: GPL-2.0-or-later
/* What lgview's session says while it waits: a region too small for any
 * guest gets the size advice at once, and a header whose heartbeat never
 * moves is described as what it is, not as a guest that ran and stopped. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib.h>
#include <string.h>

#include "guest-proto/clock.h"
#include "guest-proto/producer.h"
#include "kvmfr/region.h"
#include "pipe.h"
#include "session.h"

static void no_wake(void *ctx)
{
	(void)ctx;
}

struct running {
	struct kvmfr_region *region;
	struct lgv_pipe *pipe;
	struct lgv_session *session;
};

static void start(struct running *r, uint64_t size)
{
	assert_int_equal(kvmfr_region_create_memfd("lgview-test", size, &r->region), 0);
}

static void run(struct running *r)
{
	struct lgv_upload_env env = {.region = r->region, .wake = no_wake};
	r->pipe = lgv_pipe_create("copy", &env);
	struct lgv_session_config sc = {.region = r->region, .pipe = r->pipe, .wake = no_wake};
	r->session = lgv_session_start(&sc);
	assert_non_null(r->session);
}

static void stop(struct running *r)
{
	lgv_pipe_close(r->pipe);
	lgv_session_stop(r->session);
	lgv_pipe_destroy(r->pipe);
	kvmfr_region_destroy(r->region);
}

/* Wait (bounded) until the state text holds `needle`. */
static bool says(struct running *r, const char *needle, int timeout_ms, char *text, size_t len)
{
	uint64_t until = lgp_monotonic_ns() + (uint64_t)timeout_ms * 1000000u;
	do {
		lgv_session_state(r->session, text, len);
		if (strstr(text, needle))
			return true;
		lgp_sleep_us(20000);
	} while (lgp_monotonic_ns() < until);
	return false;
}

static void test_small_region_gets_size_advice(void **state)
{
	(void)state;
	struct running r = {0};
	start(&r, 1u << 20);
	run(&r);
	char text[1024];
	if (!says(&r, "too small", 5000, text, sizeof(text)))
		fail_msg("no size advice for a 1 MiB region: '%s'", text);
	assert_non_null(strstr(text, "waiting for the guest application"));
	assert_non_null(strstr(text, "32 MiB"));
	stop(&r);
}

static void test_big_region_gets_none(void **state)
{
	(void)state;
	struct running r = {0};
	start(&r, 32u << 20);
	run(&r);
	char text[1024];
	assert_true(says(&r, "waiting for the guest application", 5000, text, sizeof(text)));
	assert_null(strstr(text, "too small"));
	stop(&r);
}

static void test_still_heartbeat_said_as_it_is(void **state)
{
	(void)state;
	struct running r = {0};
	start(&r, 32u << 20);
	/* A producer that wrote its header and then never beat. */
	struct lgp_producer *p;
	assert_int_equal(lgp_producer_create(r.region->map, r.region->size, NULL, &p), 0);
	run(&r);
	char text[1024];
	if (!says(&r, "heartbeat does not move", 8000, text, sizeof(text)))
		fail_msg("the still heartbeat is not described: '%s'", text);
	assert_null(strstr(text, "stopped"));
	stop(&r);
	lgp_producer_destroy(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_region_gets_size_advice),
		cmocka_unit_test(test_big_region_gets_none),
		cmocka_unit_test(test_still_heartbeat_said_as_it_is),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
