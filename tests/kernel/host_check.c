// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The host side of the cross-VM relay test: opens QEMU's IVSHMEM backing
 * file with the project's region library, connects as a viewer with the
 * guest-proto consumer, and checks every pixel of every frame that
 * guest_producer writes inside the guest through /dev/kvmfr0.
 *
 *   host_check SHM_PATH MIN_FRAMES LAST_SERIAL TIMEOUT_S
 *
 * Started before the guest boots; waits for the file, the producer and its
 * frames. Stops when the frame with LAST_SERIAL arrived, when the guest's
 * heartbeat stops after frames were seen, or after TIMEOUT_S. Prints
 * "HOST_CHECK ..." lines; exit status 0 when at least MIN_FRAMES frames were
 * verified and none was wrong.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "guest-proto/consumer.h"
#include "guest-proto/error.h"
#include "kvmfr/region.h"

#include "ktest_pattern.h"

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 5) {
		fprintf(stderr, "usage: host_check SHM_PATH MIN_FRAMES LAST_SERIAL TIMEOUT_S\n");
		return 2;
	}
	const char *path = argv[1];
	uint64_t min_frames = strtoull(argv[2], NULL, 0), last = strtoull(argv[3], NULL, 0);
	uint64_t deadline = lgp_monotonic_ns() + strtoull(argv[4], NULL, 0) * 1000000000u;

	/* QEMU makes (or reuses) the file when it starts. */
	struct kvmfr_region *r = NULL;
	int ret = -ENOENT;
	while (lgp_monotonic_ns() < deadline) {
		struct stat st;
		if (stat(path, &st) == 0 && st.st_size > 0 && (ret = kvmfr_region_open(path, &r)) == 0)
			break;
		lgp_sleep_us(50000);
	}
	if (!r) {
		printf("HOST_CHECK FAIL cannot open %s: %s\n", path, lgp_strerror(ret));
		return 1;
	}
	struct lgp_consumer *c;
	if (lgp_consumer_create(r->map, r->size, NULL, &c) < 0) {
		printf("HOST_CHECK FAIL lgp_consumer_create\n");
		return 1;
	}

	uint64_t verified = 0, bad = 0, wrong_format = 0, out_of_order = 0, sessions = 0;
	uint64_t first = 0, prev = 0, last_check = 0;
	uint8_t *buf = malloc((size_t)W * H * 4u);
	struct lgp_damage full;
	lgp_damage_set_full(&full);
	const char *why_end = "timeout";
	while (lgp_monotonic_ns() < deadline) {
		if (!lgp_consumer_connected(c)) {
			if (verified) {
				why_end = "the guest stopped (heartbeat)";
				break;
			}
			ret = lgp_consumer_connect(c);
			if (ret < 0) {
				/* NO_HOST before the producer starts; AGAIN until
				 * its heartbeat moves; LGP_ERR_CORRUPTED while the
				 * guest's tests scribble in the region. */
				lgp_sleep_us(20000);
				continue;
			}
			sessions++;
			const struct lgp_guest_info *g = lgp_consumer_guest(c);
			printf("HOST_CHECK connected: hostver '%s', os '%s'\n", g->hostver,
			       g->os_name);
			last_check = lgp_monotonic_ns();
		}
		if (lgp_monotonic_ns() - last_check >= 100000000u) {
			last_check = lgp_monotonic_ns();
			ret = lgp_consumer_check(c);
			if (ret < 0) {
				printf("HOST_CHECK session ended: %s\n", lgp_strerror(ret));
				continue;
			}
		}
		struct lgp_frame_view v;
		ret = lgp_consumer_frame_next(c, &v);
		if (ret == LGP_ERR_QUEUE_EMPTY) {
			lgp_sleep_us(1000);
			continue;
		}
		if (ret < 0) {
			printf("HOST_CHECK frame_next: %s\n", lgp_strerror(ret));
			continue;
		}
		uint32_t serial = v.hdr.frame_serial;
		if (v.hdr.type != KVMFR20_FRAME_BGRA || v.hdr.frame_width != W ||
		    v.hdr.frame_height != H) {
			if (wrong_format++ < 5)
				printf("HOST_CHECK frame %u: type %u %ux%u, want BGRA %ux%u\n", serial,
				       v.hdr.type, v.hdr.frame_width, v.hdr.frame_height, W, H);
			lgp_consumer_frame_done(c);
			continue;
		}
		ret = lgp_frame_copy(&v, buf, W * 4u, &full, lgp_monotonic_ns() + 2000000000u);
		lgp_consumer_frame_done(c);
		if (ret < 0) {
			if (bad++ < 5)
				printf("HOST_CHECK frame %u: copy: %s\n", serial, lgp_strerror(ret));
			continue;
		}
		uint64_t wrong = 0, at = 0;
		for (uint32_t y = 0; y < H; ++y)
			for (uint32_t x = 0; x < W; ++x) {
				uint32_t px;
				memcpy(&px, buf + (size_t)y * W * 4u + (size_t)x * 4u, 4);
				if (px != ktest_pixel(serial, x, y) && wrong++ == 0)
					at = (uint64_t)y * W + x;
			}
		if (wrong) {
			if (bad++ < 5)
				printf("HOST_CHECK frame %u: %" PRIu64
				       " pixels wrong, first at (%u,%u)\n",
				       serial, wrong, (unsigned)(at % W), (unsigned)(at / W));
			continue;
		}
		if (!verified)
			first = serial;
		out_of_order += verified && serial <= prev;
		prev = serial;
		verified++;
		if (serial == last) {
			why_end = "last frame seen";
			break;
		}
	}
	struct lgp_consumer_stats st;
	lgp_consumer_get_stats(c, &st);
	bool ok = verified >= min_frames && !bad && !wrong_format && !out_of_order;
	printf("HOST_CHECK %s verified=%" PRIu64 " (serials %" PRIu64 "..%" PRIu64 ") bad=%" PRIu64
	       " wrong_format=%" PRIu64 " out_of_order=%" PRIu64 " malformed=%" PRIu64
	       " repeated=%" PRIu64 " resubscribes=%" PRIu64 " sessions=%" PRIu64
	       " min=%" PRIu64 "; ended: %s\n",
	       ok ? "PASS" : "FAIL", verified, first, prev, bad, wrong_format, out_of_order,
	       st.frames_malformed, st.frames_repeated, st.resubscribes, sessions, min_frames,
	       why_end);
	free(buf);
	lgp_consumer_destroy(c);
	kvmfr_region_destroy(r);
	return ok ? 0 : 1;
}
