// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lgbench watch: a viewer without a window. It connects to the region like
 * lgview does, copies every frame (damage-aware, two buffers, as an upload
 * path would) and prints what arrives each second.
 */
#define G_LOG_DOMAIN "lgbench"
#include <stdio.h>
#include <string.h>

#include "guest-proto/consumer.h"
#include "guest-proto/error.h"
#include "kvmfr/region.h"
#include "lgbench.h"

#define BUFFERS 2

struct watch {
	gchar *shm;
	gdouble duration;
	gboolean no_copy;
	gint poll_us;

	struct kvmfr_region *region;
	struct lgp_consumer *cons;
	uint8_t *buf[BUFFERS];
	size_t buf_size;
	struct lgp_damage damage[BUFFERS];
	unsigned next_buf;
	bool told_truncated;

	/* this interval */
	uint64_t frames, bytes, copy_ns, cursors;
	struct kvmfr20_frame last;
	/* whole run */
	uint64_t total_frames;
};

static bool parse(struct watch *w, int argc, char **argv)
{
	GOptionEntry entries[] = {
		{"shm", 'f', 0, G_OPTION_ARG_FILENAME, &w->shm, "Region: /dev/shm file or /dev/kvmfrN",
		 "PATH"},
		{"duration", 'd', 0, G_OPTION_ARG_DOUBLE, &w->duration, "Stop after S seconds", "S"},
		{"no-copy", 0, 0, G_OPTION_ARG_NONE, &w->no_copy, "Do not copy the pixels", NULL},
		{"poll", 0, 0, G_OPTION_ARG_INT, &w->poll_us, "Queue poll interval (default 1000)",
		 "US"},
		{NULL}};
	if (!lgbench_parse_options("watch", "- watch a Looking Glass region", NULL, entries, argc,
				   argv))
		return false;
	if (!w->shm)
		w->shm = g_strdup(lgbench_default_shm());
	if (w->duration < 0 || w->poll_us < 0 || w->poll_us > 1000000) {
		fprintf(stderr, "lgbench watch: --duration must be >= 0, --poll 0..1000000\n");
		return false;
	}
	return true;
}

static void print_guest(const struct lgp_guest_info *g)
{
	const char *rel = lgp_release_for_kvmfr(g->kvmfr_version);
	printf("guest: Looking Glass %s (KVMFR %u, build '%s')%s\n", rel ? rel : "?",
	       g->kvmfr_version, g->hostver,
	       g->features & KVMFR20_FEATURE_SETCURSORPOS ? ", can move its cursor" : "");
	if (g->has_osinfo)
		printf("guest: %s: %s\n", lgp_os_name(g->os), g->os_name);
	if (g->has_vminfo)
		printf("guest: %s, %u CPUs / %u cores / %u sockets, capture %s\n", g->model,
		       g->cpus, g->cores, g->sockets, g->capture);
}

/* One connection attempt, with the state said once per change. */
static void connect_once(struct watch *w, int *last_state)
{
	int ret = lgp_consumer_connect(w->cons);
	if (ret == 0) {
		printf("connected to %s\n", w->shm);
		print_guest(lgp_consumer_guest(w->cons));
		for (unsigned i = 0; i < BUFFERS; ++i)
			lgp_damage_set_full(&w->damage[i]);
	} else if (ret != *last_state) {
		char text[256];
		if (ret == LGP_ERR_VERSION)
			lgp_version_mismatch_text(lgp_consumer_guest(w->cons), text, sizeof(text));
		else if (ret == LGP_ERR_NO_HOST || ret == LGP_ERR_AGAIN)
			snprintf(text, sizeof(text), "waiting for the guest application on %s",
				 w->shm);
		else
			snprintf(text, sizeof(text), "%s: %s", w->shm, lgp_strerror(ret));
		printf("%s\n", text);
	}
	fflush(stdout);
	*last_state = ret;
}

static void take_frame(struct watch *w, struct lgp_frame_view *v)
{
	const struct kvmfr20_frame *h = &v->hdr;
	if ((h->flags & KVMFR20_FRAME_FLAG_TRUNCATED) && !w->told_truncated) {
		char why[512];
		kvmfr_region_explain_too_small(w->shm, w->region->size, h->frame_width,
					       h->frame_height,
					       (h->flags & KVMFR20_FRAME_FLAG_HDR) != 0, why,
					       sizeof(why));
		printf("%s\n", why);
		w->told_truncated = true;
	}
	if (!w->no_copy) {
		if (v->data_bytes > w->buf_size) {
			for (unsigned i = 0; i < BUFFERS; ++i) {
				g_free(w->buf[i]);
				w->buf[i] = g_malloc(v->data_bytes);
				lgp_damage_set_full(&w->damage[i]);
			}
			w->buf_size = v->data_bytes;
		}
		if (memcmp(&w->last, h, offsetof(struct kvmfr20_frame, frame_serial)) ||
		    w->last.pitch != h->pitch || w->last.data_height != h->data_height)
			for (unsigned i = 0; i < BUFFERS; ++i)
				lgp_damage_set_full(&w->damage[i]);
		struct lgp_rect r[KVMFR20_MAX_DAMAGE_RECTS];
		uint32_t n = lgp_frame_damage(v, r);
		for (unsigned i = 0; i < BUFFERS; ++i)
			lgp_damage_add(&w->damage[i], r, n);
		unsigned b = w->next_buf;
		w->next_buf = (b + 1) % BUFFERS;
		uint64_t t0 = lgp_monotonic_ns();
		int ret = lgp_frame_copy(v, w->buf[b], h->pitch, &w->damage[b], t0 + 100000000u);
		w->copy_ns += lgp_monotonic_ns() - t0;
		if (ret < 0)
			lgp_damage_set_full(&w->damage[b]);
		else
			lgp_damage_clear(&w->damage[b]);
		w->bytes += v->data_bytes;
	}
	w->last = *h;
	w->frames++;
	w->total_frames++;
}

static void report(struct watch *w, double secs)
{
	struct lgp_consumer_stats st;
	lgp_consumer_get_stats(w->cons, &st);
	const struct lgp_format_info *fi = lgp_format_info(w->last.type);
	printf("%6.1f fps  %7.1f MiB/s  copy %5.2f ms  %ux%u %s  cursor %4.0f/s  "
	       "malformed %lu  resubscribed %lu\n",
	       (double)w->frames / secs, (double)w->bytes / secs / (1 << 20),
	       w->frames ? (double)w->copy_ns / (double)w->frames / 1e6 : 0.0, w->last.frame_width,
	       w->last.frame_height, fi ? fi->name : "-", (double)w->cursors / secs,
	       (unsigned long)(st.frames_malformed + st.cursors_malformed),
	       (unsigned long)st.resubscribes);
	fflush(stdout);
	w->frames = w->bytes = w->copy_ns = w->cursors = 0;
}

static int run(struct watch *w)
{
	int ret = kvmfr_region_open(w->shm, &w->region);
	if (ret < 0) {
		char why[1024];
		kvmfr_region_explain(w->shm, ret, why, sizeof(why));
		fprintf(stderr, "lgbench watch: %s\n", why);
		return 1;
	}
	ret = lgp_consumer_create(w->region->map, w->region->size, NULL, &w->cons);
	if (ret < 0) {
		fprintf(stderr, "lgbench watch: %s: %s\n", w->shm, lgp_strerror(ret));
		return 1;
	}
	lgbench_catch_signals();
	uint64_t start = lgp_monotonic_ns(), last_check = start, last_report = start;
	uint64_t end = w->duration > 0 ? start + (uint64_t)(w->duration * 1e9) : UINT64_MAX;
	int state = 1;
	uint8_t *shape = g_malloc(LGP_CURSOR_SHAPE_MAX);
	while (!lgbench_stopping()) {
		uint64_t now = lgp_monotonic_ns();
		if (now >= end)
			break;
		if (!lgp_consumer_connected(w->cons)) {
			connect_once(w, &state);
			lgp_sleep_us(100000);
			continue;
		}
		if (now - last_check >= 100000000u) {
			last_check = now;
			ret = lgp_consumer_check(w->cons);
			if (ret < 0) {
				printf("%s\n", ret == LGP_ERR_SESSION_CHANGED
						       ? "the guest application restarted"
						       : "the guest application stopped");
				state = 1;
				continue;
			}
		}
		bool idle = true;
		struct lgp_frame_view v;
		if (lgp_consumer_frame_next(w->cons, &v) == 0) {
			take_frame(w, &v);
			lgp_consumer_frame_done(w->cons);
			idle = false;
		}
		struct lgp_cursor cur;
		if (lgp_consumer_cursor_next(w->cons, &cur, shape, LGP_CURSOR_SHAPE_MAX) == 0) {
			w->cursors++;
			idle = false;
		}
		if (now - last_report >= 1000000000u) {
			report(w, (double)(now - last_report) / 1e9);
			last_report = now;
		}
		if (idle)
			lgp_sleep_us(w->poll_us ? (uint64_t)w->poll_us : 1000u);
	}
	g_free(shape);
	printf("%lu frames in %.1f s\n", (unsigned long)w->total_frames,
	       (double)(lgp_monotonic_ns() - start) / 1e9);
	return w->total_frames > 0 ? 0 : 1;
}

int lgbench_watch(int argc, char **argv)
{
	struct watch w = {0};
	int status = parse(&w, argc, argv) ? run(&w) : 2;
	lgp_consumer_destroy(w.cons);
	kvmfr_region_destroy(w.region);
	for (unsigned i = 0; i < BUFFERS; ++i)
		g_free(w.buf[i]);
	g_free(w.shm);
	return status;
}
