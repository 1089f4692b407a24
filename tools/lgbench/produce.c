// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lgbench produce: a synthetic Looking Glass B7 guest. Frame serial N always
 * shows scene frame N-1 (every frame is rendered and posted, watched or
 * not), so a consumer can check every pixel it receives.
 */
#define G_LOG_DOMAIN "lgbench"
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "guest-proto/error.h"
#include "guest-proto/producer.h"
#include "kvmfr/region.h"
#include "lgbench.h"
#include "synth/scene.h"

struct produce {
	gchar *shm;
	gchar *size;
	gchar *format;
	gint fps;
	gint64 frames;
	gdouble duration;
	gint region_mib;
	gint rotation;
	gboolean quiet;
	gboolean hide_cursor;
	gboolean hold;
	gchar *uuid;

	uint32_t width, height, type;
	struct kvmfr_region *region;
	struct lgp_producer *prod;
	struct scene *scene;
	/* SETCURSORPOS from a viewer: park the cursor there for a while. */
	int32_t warp_x, warp_y;
	uint64_t warp_until;
};

static void on_set_cursor_pos(void *ctx, int32_t x, int32_t y)
{
	struct produce *p = ctx;
	p->warp_x = x;
	p->warp_y = y;
	p->warp_until = lgp_monotonic_ns() + 1000000000u;
	g_debug("viewer moved the guest cursor to %d,%d", x, y);
}

static bool parse(struct produce *p, int argc, char **argv)
{
	GOptionEntry entries[] = {
		{"shm", 'f', 0, G_OPTION_ARG_FILENAME, &p->shm,
		 "Region: a /dev/shm file (created if missing) or /dev/kvmfrN", "PATH"},
		{"size", 's', 0, G_OPTION_ARG_STRING, &p->size, "Frame size (default 1920x1080)", "WxH"},
		{"fps", 'r', 0, G_OPTION_ARG_INT, &p->fps, "Frames per second, 0 = as fast as possible "
		 "(default 60)", "N"},
		{"format", 't', 0, G_OPTION_ARG_STRING, &p->format,
		 "bgra, rgba, rgba10, rgba16f, bgr32 or rgb24 (default bgra)", "FMT"},
		{"frames", 'n', 0, G_OPTION_ARG_INT64, &p->frames, "Stop after N frames", "N"},
		{"duration", 'd', 0, G_OPTION_ARG_DOUBLE, &p->duration, "Stop after S seconds", "S"},
		{"region-size", 0, 0, G_OPTION_ARG_INT, &p->region_mib,
		 "Size of a region to create, in MiB (default: the B7 formula)", "MIB"},
		{"rotation", 0, 0, G_OPTION_ARG_INT, &p->rotation, "Frame rotation: 0, 90, 180, 270",
		 "DEG"},
		{"quiet", 'q', 0, G_OPTION_ARG_NONE, &p->quiet, "No statistics", NULL},
		{"hide-cursor", 0, 0, G_OPTION_ARG_NONE, &p->hide_cursor,
		 "Say the cursor is hidden, as a game does", NULL},
		{"hold", 0, 0, G_OPTION_ARG_NONE, &p->hold,
		 "After --frames, keep the session alive (heartbeat, re-posts) until stopped: a "
		 "still picture for tests", NULL},
		{"uuid", 0, 0, G_OPTION_ARG_STRING, &p->uuid,
		 "Announce this VM UUID (KVMFR VMINFO), as a real guest does", "UUID"},
		{NULL}};
	if (!lgbench_parse_options("produce", "- be a Looking Glass B7 guest",
				   "Writes an animated scene (moving block, frame counter, moving "
				   "cursor) into a shared-memory region,\nspeaking LGMP 6 + KVMFR 20 "
				   "like the Looking Glass B7 host application.",
				   entries, argc, argv))
		return false;
	if (!p->shm)
		p->shm = g_strdup(lgbench_default_shm());
	if (!lgbench_parse_size(p->size ? p->size : "1920x1080", &p->width, &p->height)) {
		fprintf(stderr, "lgbench produce: --size '%s' is not WxH with 1..16384 each\n",
			p->size);
		return false;
	}
	p->type = lgbench_parse_format(p->format ? p->format : "bgra");
	if (!p->type) {
		fprintf(stderr, "lgbench produce: --format '%s' is unknown; use one of: %s\n",
			p->format, lgbench_format_names());
		return false;
	}
	if (p->fps < 0 || p->fps > 10000 || p->frames < 0 || p->duration < 0 ||
	    p->region_mib < 0 || p->region_mib > 1024 * 1024) {
		fprintf(stderr, "lgbench produce: --fps (0..10000), --frames, --duration and "
			"--region-size must not be negative\n");
		return false;
	}
	if (p->rotation % 90 || p->rotation < 0 || p->rotation > 270) {
		fprintf(stderr, "lgbench produce: --rotation must be 0, 90, 180 or 270\n");
		return false;
	}
	return true;
}

static bool open_region(struct produce *p, uint64_t frame_bytes)
{
	bool hdr = lgp_format_info(p->type)->hdr;
	char why[1024];
	int ret = kvmfr_region_open(p->shm, &p->region);
	if (ret == -ENOENT && !kvmfr_is_device_name(p->shm)) {
		uint64_t size = p->region_mib ? (uint64_t)p->region_mib << 20
					      : kvmfr_recommended_size(p->width, p->height, hdr);
		ret = kvmfr_region_create_shm(p->shm, size, 0660, &p->region);
		if (ret == 0)
			g_message("created %s (%lu MiB)", p->shm, (unsigned long)(size >> 20));
	}
	if (ret < 0) {
		kvmfr_region_explain(p->shm, ret, why, sizeof(why));
		fprintf(stderr, "lgbench produce: %s\n", why);
		return false;
	}
	struct lgp_producer_config cfg = {.set_cursor_pos = on_set_cursor_pos, .ctx = p};
	struct lgp_guest_info info = {.has_osinfo = true, .os = KVMFR20_OS_LINUX};
	if (p->uuid) {
		if (!lgp_uuid_parse(p->uuid, info.uuid)) {
			fprintf(stderr, "lgbench produce: --uuid %s is not a UUID "
					"(like 01234567-89ab-cdef-0123-456789abcdef)\n", p->uuid);
			return false;
		}
		info.has_vminfo = true;
		g_strlcpy(info.capture, "lgbench", sizeof(info.capture));
	}
	g_strlcpy(info.hostver, "lgbench-" G_STRINGIFY(LGVIEW_VERSION), sizeof(info.hostver));
	g_strlcpy(info.os_name, "lgbench synthetic guest", sizeof(info.os_name));
	cfg.info = &info;
	ret = lgp_producer_create(p->region->map, p->region->size, &cfg, &p->prod);
	if (ret == 0 && lgp_producer_frame_capacity(p->prod) < frame_bytes)
		ret = LGP_ERR_NO_SPACE;
	if (ret == LGP_ERR_NO_SPACE) {
		kvmfr_region_explain_too_small(p->shm, p->region->size, p->width, p->height, hdr,
					       why, sizeof(why));
		fprintf(stderr, "lgbench produce: %s\n", why);
		return false;
	}
	if (ret < 0) {
		fprintf(stderr, "lgbench produce: %s: %s\n", p->shm, lgp_strerror(ret));
		return false;
	}
	return true;
}

/* Keep the heartbeat going while waiting for the next frame's time. */
static void wait_until(struct produce *p, uint64_t t)
{
	for (;;) {
		lgp_producer_process(p->prod);
		uint64_t now = lgp_monotonic_ns();
		if (now >= t || lgbench_stopping())
			return;
		uint64_t left = t - now;
		lgp_sleep_us((left > 10000000u ? 10000000u : left) / 1000u);
	}
}

static void send_cursor(struct produce *p, uint64_t n, uint32_t *shape_type)
{
	int16_t x, y;
	scene_cursor_pos(p->scene, n, &x, &y);
	if (lgp_monotonic_ns() < p->warp_until) {
		x = (int16_t)CLAMP(p->warp_x - 1, INT16_MIN, INT16_MAX);
		y = (int16_t)CLAMP(p->warp_y - 1, INT16_MIN, INT16_MAX);
	}
	/* A new shape every 5 seconds or so, cycling through all three types. */
	uint32_t want = (uint32_t)(n / 300u) % 3u;
	if (n == 0 || want != *shape_type) {
		struct lgp_cursor_shape s;
		scene_cursor_shape(want, &s);
		lgp_producer_cursor_shape(p->prod, &s, x, y, !p->hide_cursor);
		*shape_type = want;
	} else {
		lgp_producer_cursor_move(p->prod, x, y, !p->hide_cursor);
	}
}

static int run(struct produce *p)
{
	p->scene = scene_create(p->width, p->height, p->type);
	if (!p->scene) {
		fprintf(stderr, "lgbench produce: cannot allocate a %ux%u scene\n", p->width,
			p->height);
		return 1;
	}
	struct lgp_frame_desc desc;
	scene_frame_desc(p->scene, &desc);
	desc.rotation = (uint32_t)p->rotation / 90u;
	if (!open_region(p, (uint64_t)desc.pitch * desc.data_height))
		return 1;
	char rate[16] = "max";
	if (p->fps)
		snprintf(rate, sizeof(rate), "%d", p->fps);
	g_message("producing %ux%u %s at %s fps into %s (%lu MiB, session %08x)", p->width,
		  p->height, lgp_format_info(p->type)->name, rate, p->shm,
		  (unsigned long)(p->region->size >> 20), lgp_producer_session_id(p->prod));

	lgbench_catch_signals();
	uint64_t start = lgp_monotonic_ns(), last_report = start, reported = 0;
	uint64_t end = p->duration > 0 ? start + (uint64_t)(p->duration * 1e9) : UINT64_MAX;
	uint64_t period = p->fps ? 1000000000u / (uint64_t)p->fps : 0;
	uint32_t shape_type = 0;
	bool frames_watched = false;
	uint64_t n = 0, stalls = 0;
	for (; !lgbench_stopping() && (!p->frames || n < (uint64_t)p->frames); ++n) {
		if (period)
			wait_until(p, start + n * period);
		if (lgp_monotonic_ns() >= end)
			break;
		struct lgp_rect damage[KVMFR20_MAX_DAMAGE_RECTS];
		uint32_t count, pitch;
		const uint8_t *px = scene_render(p->scene, n, damage, &count, &pitch);
		desc.damage = count ? damage : NULL;
		desc.damage_count = count;
		int ret = lgp_producer_frame_post(p->prod, &desc, px, pitch, 1000);
		if (ret == LGP_ERR_TIMEOUT) {
			/* A viewer holds both slots: it is stuck or too slow. It
			 * will be marked BAD and the host moves on. */
			if (stalls++ == 0)
				g_message("no free frame slot for 1 s: a viewer is not keeping up");
			--n;
			continue;
		} else if (ret < 0) {
			fprintf(stderr, "lgbench produce: %s\n", lgp_strerror(ret));
			return 1;
		}
		send_cursor(p, n, &shape_type);
		bool watched = lgp_producer_frames_watched(p->prod);
		if (watched != frames_watched)
			g_debug("%s", watched ? "a viewer takes frames" : "no viewer takes frames");
		frames_watched = watched;
		uint64_t now = lgp_monotonic_ns();
		if (!p->quiet && now - last_report >= 1000000000u) {
			printf("frame %lu  %.1f fps  %s\n", (unsigned long)n + 1,
			       (double)(n + 1 - reported) * 1e9 / (double)(now - last_report),
			       lgp_producer_has_subscribers(p->prod) ? "watched" : "unwatched");
			fflush(stdout);
			last_report = now;
			reported = n + 1;
		}
	}
	double secs = (double)(lgp_monotonic_ns() - start) / 1e9;
	while (p->hold && !lgbench_stopping() && lgp_monotonic_ns() < end)
		wait_until(p, lgp_monotonic_ns() + 10000000u);
	g_message("produced %lu frames in %.1f s (%.1f fps)", (unsigned long)n, secs,
		  secs > 0 ? (double)n / secs : 0.0);
	return 0;
}

int lgbench_produce(int argc, char **argv)
{
	struct produce p = {.fps = 60};
	int status = parse(&p, argc, argv) ? run(&p) : 2;
	scene_destroy(p.scene);
	lgp_producer_destroy(p.prod);
	kvmfr_region_destroy(p.region);
	g_free(p.shm);
	g_free(p.size);
	g_free(p.format);
	g_free(p.uuid);
	return status;
}
