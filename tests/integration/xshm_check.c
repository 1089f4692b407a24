// SPDX-License-Identifier: GPL-2.0-or-later
/* xshm_check - lgbench-xshm against a real X server ($DISPLAY), with a picture that
 * x11/xputcode shows:
 *
 *   xshm_check ROOT_W ROOT_H SERIAL PX PY RRGGBB
 *
 * Grabs the whole root (through MIT-SHM, which must be used unless LGBENCH_NO_SHM is
 * set, and then must not be), finds and decodes the code (polling up to 5 s), checks
 * the pixel PX,PY is RRGGBB in the full grab and in a small grab around it, that a
 * rectangle outside the root and a display without a server are refused, and prints
 * the mean grab and decode times. Exit status 0 when everything holds, else 1. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vcode.h"
#include "xshm.h"

static int failures;

#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		if (cond) {                                                                        \
			printf("ok - ");                                                           \
		} else {                                                                           \
			printf("FAIL - ");                                                         \
			failures++;                                                                \
		}                                                                                  \
		printf(__VA_ARGS__);                                                               \
		printf("\n");                                                                      \
	} while (0)

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Grab and decode until the serial shows or 5 s passed. */
static bool wait_serial(struct lgb_xshm *x, struct lgb_vcode_reader *r, int w, int h, uint32_t want,
			uint32_t *got)
{
	const double deadline = now_ms() + 5000;
	const uint32_t *px;
	int stride;
	do {
		if (lgb_xshm_grab(x, &px, &stride) && lgb_vcode_read(r, px, w, h, stride, got) &&
		    *got == want)
			return true;
		struct timespec ts = {0, 20 * 1000 * 1000};
		nanosleep(&ts, NULL);
	} while (now_ms() < deadline);
	return false;
}

int main(int argc, char **argv)
{
	if (argc != 7) {
		fprintf(stderr, "usage: xshm_check ROOT_W ROOT_H SERIAL PX PY RRGGBB\n");
		return 2;
	}
	const int w = atoi(argv[1]), h = atoi(argv[2]), pxx = atoi(argv[4]), pxy = atoi(argv[5]);
	const uint32_t serial = (uint32_t)strtoul(argv[3], NULL, 0);
	const uint32_t rgb = (uint32_t)strtoul(argv[6], NULL, 16);
	const char *no_shm = getenv("LGBENCH_NO_SHM");
	const bool want_shm = !(no_shm && *no_shm && strcmp(no_shm, "0") != 0);
	char why[256] = "";

	struct lgb_xshm *x = lgb_xshm_open(NULL, 0, 0, w, h, why, sizeof(why));
	if (!x) {
		printf("FAIL - lgb_xshm_open: %s\n", why);
		return 1;
	}
	CHECK(lgb_xshm_is_shm(x) == want_shm, "lgb_xshm_is_shm() is %s",
	      lgb_xshm_is_shm(x) ? "true" : "false");

	struct lgb_vcode_reader *r = lgb_vcode_reader_new();
	uint32_t got = 0;
	CHECK(wait_serial(x, r, w, h, serial, &got), "decoded serial 0x%08x (want 0x%08x)", got,
	      serial);

	const uint32_t *px;
	int stride;
	CHECK(lgb_xshm_grab(x, &px, &stride) && stride >= w, "grab %dx%d, stride %d", w, h, stride);
	uint32_t v = px[(size_t)pxy * stride + pxx] & 0xffffff;
	CHECK(v == rgb, "pixel %d,%d of the root is %06x (want %06x)", pxx, pxy, v, rgb);

	/* A small rectangle around the pixel: the offset is honoured. */
	struct lgb_xshm *small = lgb_xshm_open("", pxx - 5, pxy - 7, 32, 24, why, sizeof(why));
	CHECK(small != NULL, "open 32x24 at %d,%d %s", pxx - 5, pxy - 7, small ? "" : why);
	if (small) {
		CHECK(lgb_xshm_grab(small, &px, &stride), "grab 32x24");
		v = px[(size_t)7 * stride + 5] & 0xffffff;
		CHECK(v == rgb, "pixel 5,7 of the small grab is %06x (want %06x)", v, rgb);
		lgb_xshm_close(small);
	}

	/* Refusals. */
	why[0] = 0;
	small = lgb_xshm_open(NULL, w - 10, 0, 20, 20, why, sizeof(why));
	CHECK(!small && why[0], "a rectangle leaving the root is refused: %s", why);
	lgb_xshm_close(small);
	why[0] = 0;
	small = lgb_xshm_open(":4999", 0, 0, 10, 10, why, sizeof(why));
	CHECK(!small && why[0], "a display without a server is refused: %s", why);
	lgb_xshm_close(small);

	/* Timing (printed, not asserted). */
	const int n = want_shm ? 200 : 10; /* XGetImage: tens of ms each */
	double grab = 0, decode = 0;
	for (int i = 0; i < n; i++) {
		double t0 = now_ms();
		bool ok = lgb_xshm_grab(x, &px, &stride);
		double t1 = now_ms();
		ok = ok && lgb_vcode_read(r, px, w, h, stride, &got) && got == serial;
		decode += now_ms() - t1;
		grab += t1 - t0;
		if (!ok) {
			CHECK(false, "grab %d of %d decoded", i, n);
			break;
		}
	}
	printf("# %s grab of %dx%d: %.3f ms mean; lgb_vcode_read (cached): %.3f ms mean\n",
	       lgb_xshm_is_shm(x) ? "MIT-SHM" : "XGetImage", w, h, grab / n, decode / n);

	lgb_vcode_reader_free(r);
	lgb_xshm_close(x);
	lgb_xshm_close(NULL);
	return failures ? 1 : 0;
}
