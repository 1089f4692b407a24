// SPDX-License-Identifier: GPL-2.0-or-later
#define G_LOG_DOMAIN "lgview-demo"
#include <glib.h>

#include "config.h"
#include "demo.h"
#include "guest-proto/error.h"
#include "guest-proto/producer.h"
#include "kvmfr/region.h"
#include "synth/scene.h"

struct lgv_demo {
	struct kvmfr_region *region;
	struct lgp_producer *prod;
	struct scene *scene;
	struct lgp_frame_desc desc;
	int fps;
	GThread *thread;
	gint stop;
};

static gpointer demo_main(gpointer data)
{
	struct lgv_demo *d = data;
	uint64_t period = 1000000000u / (uint64_t)d->fps, start = lgp_monotonic_ns();
	struct lgp_cursor_shape shape;
	for (uint64_t n = 0; !g_atomic_int_get(&d->stop); ++n) {
		uint64_t due = start + n * period;
		while (lgp_monotonic_ns() < due && !g_atomic_int_get(&d->stop)) {
			lgp_producer_process(d->prod);
			uint64_t left = due - lgp_monotonic_ns();
			lgp_sleep_us(left > 5000000u ? 5000u : left / 1000u + 1);
		}
		struct lgp_rect damage[KVMFR20_MAX_DAMAGE_RECTS];
		uint32_t count, pitch;
		const uint8_t *px = scene_render(d->scene, n, damage, &count, &pitch);
		d->desc.damage = count ? damage : NULL;
		d->desc.damage_count = count;
		if (lgp_producer_frame_post(d->prod, &d->desc, px, pitch, 500) < 0)
			continue;
		int16_t x, y;
		scene_cursor_pos(d->scene, n, &x, &y);
		if (n % 300 == 0) {
			scene_cursor_shape((uint32_t)(n / 300) % 3, &shape);
			lgp_producer_cursor_shape(d->prod, &shape, x, y, true);
		} else {
			lgp_producer_cursor_move(d->prod, x, y, true);
		}
	}
	return NULL;
}

struct lgv_demo *lgv_demo_start(const struct lgv_options *opt, struct kvmfr_region **region)
{
	int w, h;
	uint32_t type = lgp_format_by_option(opt->demo_format);
	if (!lgv_config_parse_size(opt->demo_size, &w, &h) || !type)
		return NULL;
	struct lgv_demo *d = g_new0(struct lgv_demo, 1);
	d->fps = opt->demo_fps > 0 ? opt->demo_fps : 60;
	d->scene = scene_create((uint32_t)w, (uint32_t)h, type);
	if (!d->scene)
		goto err;
	scene_frame_desc(d->scene, &d->desc);
	uint64_t size = kvmfr_recommended_size((uint32_t)w, (uint32_t)h,
					       lgp_format_info(type)->hdr);
	int ret = kvmfr_region_create_memfd("lgview-demo", size, &d->region);
	if (ret < 0) {
		g_warning("demo: cannot create %lu MiB of shared memory: %s",
			  (unsigned long)(size >> 20), g_strerror(-ret));
		goto err;
	}
	struct lgp_guest_info info = {.has_osinfo = true, .os = KVMFR20_OS_LINUX};
	g_strlcpy(info.hostver, "lgview-demo", sizeof(info.hostver));
	g_strlcpy(info.os_name, "built-in synthetic guest", sizeof(info.os_name));
	struct lgp_producer_config cfg = {.info = &info};
	ret = lgp_producer_create(d->region->map, d->region->size, &cfg, &d->prod);
	if (ret < 0) {
		g_warning("demo: %s", lgp_strerror(ret));
		goto err;
	}
	g_message("demo: a synthetic guest writes %dx%d %s at %d fps", w, h,
		  lgp_format_info(type)->name, d->fps);
	d->thread = g_thread_new("lgview-demo", demo_main, d);
	*region = d->region;
	return d;
err:
	lgv_demo_stop(d);
	return NULL;
}

void lgv_demo_stop(struct lgv_demo *d)
{
	if (!d)
		return;
	if (d->thread) {
		g_atomic_int_set(&d->stop, 1);
		g_thread_join(d->thread);
	}
	lgp_producer_destroy(d->prod);
	scene_destroy(d->scene);
	kvmfr_region_destroy(d->region);
	g_free(d);
}
