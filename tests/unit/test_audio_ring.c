// SPDX-License-Identifier: GPL-2.0-or-later
/* The audio ring (audio/ring.c): sizes, wrap-around, full and empty, skip;
 * and a producer and a consumer thread passing a counting byte stream
 * through a small ring, every byte in order (TSan runs it too). */
/* clang-format off: cmocka needs these first, in this order */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */
#include <pthread.h>
#include <string.h>

#include "audio/ring.h"

static void test_basics(void **state)
{
	(void)state;
	struct lga_ring r;
	assert_false(lga_ring_init(&r, 0));
	assert_true(lga_ring_init(&r, 100));
	assert_int_equal(r.size, 128);
	uint8_t in[200], out[200];
	for (int i = 0; i < 200; ++i)
		in[i] = (uint8_t)i;
	assert_int_equal(lga_ring_write(&r, in, 200), 128); /* full: the rest is an overrun */
	assert_int_equal(lga_ring_free(&r), 0);
	assert_int_equal(lga_ring_write(&r, in, 1), 0);
	assert_int_equal(lga_ring_read(&r, out, 100), 100);
	assert_memory_equal(out, in, 100);
	/* Across the end. */
	assert_int_equal(lga_ring_write(&r, in + 128, 72), 72);
	assert_int_equal(lga_ring_fill(&r), 100);
	assert_int_equal(lga_ring_skip(&r, 28), 28);
	assert_int_equal(lga_ring_read(&r, out, 200), 72);
	assert_memory_equal(out, in + 128, 72);
	assert_int_equal(lga_ring_read(&r, out, 10), 0);
	assert_int_equal(lga_ring_skip(&r, 10), 0);
	lga_ring_finish(&r);
}

#define STREAM (4u << 20)

static void *producer(void *arg)
{
	struct lga_ring *r = arg;
	uint8_t chunk[97];
	size_t sent = 0;
	while (sent < STREAM) {
		size_t n = STREAM - sent < sizeof(chunk) ? STREAM - sent : sizeof(chunk);
		for (size_t i = 0; i < n; ++i)
			chunk[i] = (uint8_t)((sent + i) * 31u);
		size_t done = 0;
		while (done < n)
			done += lga_ring_write(r, chunk + done, n - done);
		sent += n;
	}
	return NULL;
}

static void test_threads(void **state)
{
	(void)state;
	struct lga_ring r;
	assert_true(lga_ring_init(&r, 1000));
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, producer, &r), 0);
	uint8_t buf[61];
	size_t got = 0;
	bool ok = true;
	while (got < STREAM) {
		size_t n = lga_ring_read(&r, buf, sizeof(buf));
		for (size_t i = 0; i < n; ++i)
			ok &= buf[i] == (uint8_t)((got + i) * 31u);
		got += n;
	}
	pthread_join(t, NULL);
	assert_true(ok);
	assert_int_equal(lga_ring_fill(&r), 0);
	lga_ring_finish(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basics),
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
