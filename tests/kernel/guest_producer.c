// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The guest side of the cross-VM relay test: the project's own KVMFR
 * producer (guest-proto) writing frames through a kvmfr device node
 * (/dev/kvmfrN, opened with the kvmfr region library), inside a QEMU guest
 * whose IVSHMEM BAR the module exposes. host_check reads them on the host
 * from QEMU's /dev/shm backing file.
 *
 *   guest_producer DEV FRAMES FPS WAIT_S HOLD_S
 *
 * Waits up to WAIT_S seconds for a subscriber (host_check), then posts
 * FRAMES frames of 320x200 BGRA at FPS, frame n (serial n+1) filled with
 * ktest_pixel(serial, x, y), keeps the heartbeat for HOLD_S seconds and
 * exits. Prints "PRODUCER ..." lines; exit status 0 when every frame was
 * posted to a subscribed host.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest-proto/error.h"
#include "guest-proto/producer.h"
#include "kvmfr/region.h"

#include "ktest_pattern.h"

static void keep_alive(struct lgp_producer *p, uint64_t until_ns)
{
	for (;;) {
		lgp_producer_process(p);
		uint64_t now = lgp_monotonic_ns();
		if (now >= until_ns)
			return;
		uint64_t left_us = (until_ns - now) / 1000u;
		lgp_sleep_us(left_us > 5000u ? 5000u : left_us);
	}
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 6) {
		fprintf(stderr, "usage: guest_producer DEV FRAMES FPS WAIT_S HOLD_S\n");
		return 2;
	}
	const char *dev = argv[1];
	uint32_t frames = (uint32_t)strtoul(argv[2], NULL, 0);
	uint32_t fps = (uint32_t)strtoul(argv[3], NULL, 0);
	uint64_t wait_s = strtoull(argv[4], NULL, 0), hold_s = strtoull(argv[5], NULL, 0);
	if (!frames || !fps) {
		fprintf(stderr, "guest_producer: FRAMES and FPS must be positive\n");
		return 2;
	}

	struct kvmfr_region *r;
	int ret = kvmfr_region_open(dev, &r);
	if (ret < 0) {
		char why[1024];
		kvmfr_region_explain(dev, ret, why, sizeof(why));
		printf("PRODUCER open failed: %s\n", why);
		return 1;
	}
	printf("PRODUCER opened %s: %" PRIu64 " bytes, %s\n", dev, r->size,
	       r->is_device ? "kvmfr device" : "not a kvmfr device");
	if (kvmfr_is_device_name(dev) && !r->is_device) {
		printf("PRODUCER %s is named like a kvmfr device but is not one\n", dev);
		kvmfr_region_destroy(r);
		return 1;
	}

	struct lgp_guest_info info = {.has_osinfo = true, .os = KVMFR20_OS_LINUX};
	snprintf(info.hostver, sizeof(info.hostver), "lgview-ktest");
	snprintf(info.os_name, sizeof(info.os_name), "kvmfr module test guest");
	struct lgp_producer_config cfg = {.info = &info};
	struct lgp_producer *p;
	ret = lgp_producer_create(r->map, r->size, &cfg, &p);
	if (ret < 0) {
		printf("PRODUCER lgp_producer_create: %s\n", lgp_strerror(ret));
		kvmfr_region_destroy(r);
		return 1;
	}
	printf("PRODUCER session %08x, slots at 0x%x and 0x%x\n", lgp_producer_session_id(p),
	       lgp_producer_slot_offset(p, 0), lgp_producer_slot_offset(p, 1));

	uint64_t t0 = lgp_monotonic_ns(), deadline = t0 + wait_s * 1000000000u;
	while (!lgp_producer_has_subscribers(p) && lgp_monotonic_ns() < deadline)
		keep_alive(p, lgp_monotonic_ns() + 20000000u);
	bool subscribed = lgp_producer_has_subscribers(p);
	printf("PRODUCER %s after %.1f s\n", subscribed ? "host subscribed" : "NO subscriber",
	       (double)(lgp_monotonic_ns() - t0) / 1e9);

	struct lgp_frame_desc desc = {
		.type = KVMFR20_FRAME_BGRA,
		.screen_width = W,
		.screen_height = H,
		.frame_width = W,
		.frame_height = H,
	};
	lgp_frame_desc_complete(&desc);
	uint32_t *px = malloc((size_t)W * H * 4u);
	uint64_t start = lgp_monotonic_ns(), period = 1000000000u / fps;
	uint32_t posted = 0, timeouts = 0;
	for (uint32_t n = 0; n < frames && timeouts < 10; ++n) {
		keep_alive(p, start + n * period);
		for (uint32_t y = 0; y < H; ++y)
			for (uint32_t x = 0; x < W; ++x)
				px[y * W + x] = ktest_pixel(n + 1u, x, y);
		ret = lgp_producer_frame_post(p, &desc, (const uint8_t *)px, W * 4u, 1000);
		if (ret == LGP_ERR_TIMEOUT) {
			/* Both slots held by a viewer: its frame_done is late. */
			timeouts++;
			--n;
			continue;
		}
		if (ret < 0) {
			printf("PRODUCER frame %u: %s\n", n, lgp_strerror(ret));
			break;
		}
		posted++;
	}
	double secs = (double)(lgp_monotonic_ns() - start) / 1e9;
	keep_alive(p, lgp_monotonic_ns() + hold_s * 1000000000u);
	bool still = lgp_producer_has_subscribers(p);
	printf("PRODUCER posted=%u of %u in %.2f s (%.1f fps), slot timeouts %u, subscriber %s\n",
	       posted, frames, secs, secs > 0 ? posted / secs : 0.0, timeouts,
	       still ? "still there" : "gone");
	free(px);
	lgp_producer_destroy(p);
	kvmfr_region_destroy(r);
	return posted == frames && subscribed ? 0 : 1;
}
