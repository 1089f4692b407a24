// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Soak: a producer writes frames and cursors into a live region while a
 * hostile thread flips random bytes of it and the consumer keeps reading.
 * Nothing may crash, hang or trip a sanitizer; every consumer call must
 * return within a bounded time. LGVIEW_SOAK_SECONDS sets the duration
 * (CI runs it for 30 s under ASan+UBSan).
 */
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

#define REGION (8u * MiB)

struct soak {
	uint8_t *mem;
	atomic_bool stop;
	atomic_uint_fast64_t flips;
	atomic_uint_fast64_t produced;
};

static uint32_t xorshift(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void *producer_main(void *arg)
{
	struct soak *s = arg;
	static uint8_t px[256 * 128 * 8];
	struct lgp_producer *p = NULL;
	uint32_t seed = 12345;
	for (size_t i = 0; i < sizeof(px); ++i)
		px[i] = (uint8_t)xorshift(&seed);
	for (uint64_t n = 0; !atomic_load(&s->stop); ++n) {
		if (!p || n % 500 == 0) { /* the guest application restarts now and then */
			lgp_producer_destroy(p);
			p = NULL;
			if (lgp_producer_create(s->mem, REGION, NULL, &p) < 0) {
				lgp_sleep_us(1000);
				continue;
			}
		}
		lgp_producer_process(p);
		struct lgp_rect r = {(uint32_t)n % 200, 10, 40, 30};
		struct lgp_frame_desc d = {
			.type = 1 + (uint32_t)(n / 50) % 6, .frame_width = 256, .frame_height = 128,
			.rotation = (uint32_t)n % 4, .damage = n % 3 ? &r : NULL,
			.damage_count = n % 3 ? 1 : 0};
		lgp_frame_desc_complete(&d);
		if (lgp_producer_frame_post(p, &d, px, d.pitch, 20) == 0)
			atomic_fetch_add(&s->produced, 1);
		lgp_producer_cursor_move(p, (int16_t)(n % 300), 7, true);
		if (n % 20 == 0) {
			struct lgp_cursor_shape cs = {.type = (uint32_t)(n / 20) % 3, .width = 32,
						      .height = 32, .pitch = 128, .pixels = px};
			lgp_producer_cursor_shape(p, &cs, 1, 2, true);
		}
		lgp_sleep_us(300);
	}
	lgp_producer_destroy(p);
	return NULL;
}

/* Flip bytes: mostly in the header and rings, often in the frame slots. */
/* The hostile guest races the producer (the guest's own side) by design,
 * as a second VM would: ThreadSanitizer is told not to watch it. */
__attribute__((no_sanitize("thread")))
static void *flipper_main(void *arg)
{
	struct soak *s = arg;
	uint32_t seed = 0xC0FFEE;
	while (!atomic_load(&s->stop)) {
		uint32_t r = xorshift(&seed);
		size_t off;
		if (r % 4 == 0)
			off = xorshift(&seed) % REGION;
		else if (r % 4 == 1)
			off = 3u * MiB + xorshift(&seed) % (5u * MiB); /* frame slots */
		else
			off = xorshift(&seed) % 8192u; /* header, udata, rings */
		uint8_t *b = s->mem + off;
		__atomic_store_n(b, (uint8_t)(__atomic_load_n(b, __ATOMIC_RELAXED) ^
					      (1u << (xorshift(&seed) % 8))), __ATOMIC_RELAXED);
		atomic_fetch_add(&s->flips, 1);
		lgp_sleep_us(50 + xorshift(&seed) % 200);
	}
	return NULL;
}

static void test_soak(void **state)
{
	(void)state;
	const char *env = getenv("LGVIEW_SOAK_SECONDS");
	unsigned seconds = env ? (unsigned)strtoul(env, NULL, 10) : 10;
	struct soak s = {.mem = test_region_alloc(REGION)};
	assert_non_null(s.mem);
	uint8_t *dst = malloc(REGION);
	uint8_t *shape = malloc(LGP_CURSOR_SHAPE_MAX);

	pthread_t prod, flip;
	pthread_create(&prod, NULL, producer_main, &s);
	pthread_create(&flip, NULL, flipper_main, &s);

	struct lgp_consumer *c;
	assert_int_equal(lgp_consumer_create(s.mem, REGION, NULL, &c), 0);
	uint64_t end = lgp_monotonic_ns() + (uint64_t)seconds * 1000000000u;
	uint64_t worst = 0, iterations = 0, copied = 0, connects = 0, errors = 0;
	while (lgp_monotonic_ns() < end) {
		uint64_t t0 = lgp_monotonic_ns();
		if (!lgp_consumer_connected(c)) {
			if (lgp_consumer_connect(c) == 0)
				connects++;
			else
				lgp_sleep_us(500);
		} else if (iterations % 16 == 0 && lgp_consumer_check(c) < 0) {
			errors++;
		} else {
			struct lgp_frame_view v;
			int ret = lgp_consumer_frame_next(c, &v);
			if (ret == 0) {
				if (lgp_frame_copy(&v, dst, v.hdr.pitch, NULL, t0 + 20000000u) == 0)
					copied++;
				lgp_consumer_frame_done(c);
			} else if (ret != LGP_ERR_QUEUE_EMPTY) {
				errors++;
			}
			struct lgp_cursor cur;
			lgp_consumer_cursor_next(c, &cur, shape, LGP_CURSOR_SHAPE_MAX);
			if (iterations % 97 == 0)
				lgp_consumer_set_cursor_pos(c, 10, 10, 2);
			lgp_sleep_us(200);
		}
		uint64_t dt = lgp_monotonic_ns() - t0;
		worst = dt > worst ? dt : worst;
		iterations++;
	}
	atomic_store(&s.stop, true);
	pthread_join(prod, NULL);
	pthread_join(flip, NULL);

	struct lgp_consumer_stats st;
	lgp_consumer_get_stats(c, &st);
	printf("soak %us: %lu bytes flipped, %lu frames produced, %lu valid frames, "
	       "%lu copied, %lu malformed, %lu repeated, %lu cursors (%lu malformed), "
	       "%lu resubscribes, %lu connects, %lu session errors, worst call %.1f ms\n",
	       seconds, (unsigned long)s.flips, (unsigned long)s.produced,
	       (unsigned long)st.frames, (unsigned long)copied,
	       (unsigned long)st.frames_malformed, (unsigned long)st.frames_repeated,
	       (unsigned long)st.cursors, (unsigned long)st.cursors_malformed,
	       (unsigned long)st.resubscribes, (unsigned long)connects, (unsigned long)errors,
	       (double)worst / 1e6);
	/* It must keep working between flips, not just survive. */
	assert_true(st.frames > 0);
	assert_true(connects > 0);
	/* Every wait on the guest is bounded (generous: shared CI machines). */
	assert_true(worst < 5000000000u);
	lgp_consumer_destroy(c);
	free(shape);
	free(dst);
	test_region_free(s.mem, REGION);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_soak)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
