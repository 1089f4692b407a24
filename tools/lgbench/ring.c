// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lgbench ring: the frame ring alone, producer and consumer in two processes
 * over a /dev/shm file. The producer stamps each frame with the time it was
 * posted; the consumer (guest-proto, as lgview uses it, with the predictive
 * waiter) reports publish -> detect latency, frames per second, the
 * bandwidth of its copy path and its CPU time per frame.
 *
 * The copy is measured against a plain memcpy like for like: frames take
 * turns, one copied by lgview's path (lgp_frame_copy), the next by memcpy,
 * each from shared memory the producer has just written on another core,
 * into the same destination. A memcpy between two buffers hot in this
 * core's cache is given too, as this machine's ceiling, but no consumer
 * of another process's frames can reach it.
 */
#define G_LOG_DOMAIN "lgbench"
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest-proto/consumer.h"
#include "guest-proto/error.h"
#include "guest-proto/producer.h"
#include "guest-proto/waiter.h"
#include "kvmfr/region.h"
#include "lgbench.h"
#include "progress.h"
#include "report.h"

struct ring {
	gchar *shm, *size, *format, *csv, *json, *svg;
	gint fps;
	gdouble duration, warmup;
	gboolean progress;
	uint32_t width, height, type;
	bool own_shm;
};

/* ---- the producer process ------------------------------------------------- */

static int produce(struct ring *o, struct kvmfr_region *r)
{
	struct lgp_producer *p;
	if (lgp_producer_create(r->map, r->size, NULL, &p) < 0)
		return 1;
	struct lgp_frame_desc d = {.type = o->type, .frame_width = o->width,
				   .frame_height = o->height};
	lgp_frame_desc_complete(&d);
	size_t bytes = (size_t)d.pitch * d.data_height;
	uint8_t *src = g_malloc(bytes);
	for (size_t i = 0; i < bytes; ++i)
		src[i] = (uint8_t)(i * 7 + i / 4096);
	uint64_t period = o->fps ? 1000000000u / (uint64_t)o->fps : 0;
	uint64_t start = lgp_monotonic_ns();
	for (uint64_t n = 0; !lgbench_stopping(); ++n) {
		if (period) {
			uint64_t due = start + n * period;
			while (lgp_monotonic_ns() < due && !lgbench_stopping()) {
				lgp_producer_process(p);
				uint64_t left = due - lgp_monotonic_ns();
				lgp_sleep_us(left > 2000000u ? 2000u : left / 1000u);
			}
		} else {
			lgp_producer_process(p);
		}
		struct lgp_frame_writer w;
		/* The stamp: when the message went out. */
		uint64_t posted = lgp_monotonic_ns();
		if (lgp_producer_frame_begin(p, &d, 1000, &w) < 0)
			continue;
		memcpy(src, &posted, sizeof(posted));
		lgp_frame_writer_rows(&w, src, d.pitch, 0, w.rows);
		lgp_producer_frame_end(&w);
	}
	g_free(src);
	lgp_producer_destroy(p);
	return 0;
}

/* ---- the consumer (this process) ------------------------------------------ */

static double cpu_ms(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec * 1e3 + (double)ru.ru_utime.tv_usec / 1e3 +
	       (double)ru.ru_stime.tv_sec * 1e3 + (double)ru.ru_stime.tv_usec / 1e3;
}

/* The physical limit on this machine: memcpy between two warm buffers. */
static double memcpy_gbps(size_t bytes)
{
	uint8_t *a = g_malloc(bytes), *b = g_malloc(bytes);
	memset(a, 1, bytes);
	memset(b, 2, bytes);
	uint64_t best = UINT64_MAX;
	for (int i = 0; i < 20; ++i) {
		uint64_t t0 = lgp_monotonic_ns();
		memcpy(b, a, bytes);
		uint64_t dt = lgp_monotonic_ns() - t0;
		best = dt < best ? dt : best;
		a[i] = b[bytes - 1 - (size_t)i]; /* keep the copy observable */
	}
	g_free(a);
	g_free(b);
	return (double)bytes / (double)best;
}

static int consume(struct ring *o, struct kvmfr_region *r, struct lgb_run *run)
{
	struct lgp_consumer *c;
	if (lgp_consumer_create(r->map, r->size, NULL, &c) < 0)
		return -1;
	int ret;
	uint64_t give_up = lgp_monotonic_ns() + 5000000000u;
	while ((ret = lgp_consumer_connect(c)) < 0 && lgp_monotonic_ns() < give_up)
		lgp_sleep_us(10000);
	if (ret < 0) {
		fprintf(stderr, "lgbench ring: the producer did not start: %s\n", lgp_strerror(ret));
		lgp_consumer_destroy(c);
		return -1;
	}
	struct lgp_waiter waiter;
	lgp_waiter_init(&waiter, 1000);
	uint8_t *dst = NULL;
	size_t dst_size = 0;
	struct lgb_progress prog;
	uint64_t t0 = lgp_monotonic_ns();
	uint64_t measure_from = t0 + (uint64_t)(o->warmup * 1e9);
	uint64_t end = measure_from + (uint64_t)(o->duration * 1e9);
	lgb_progress_start(&prog, o->warmup + o->duration, 0, o->progress);
	double cpu0 = 0, copy_s = 0, copied = 0, ref_s = 0, ref_copied = 0;
	bool measuring = false;
	uint64_t frames = 0, last_serial = 0;
	bool started = false;
	while (!lgbench_stopping()) {
		uint64_t now = lgp_monotonic_ns();
		if (now >= end)
			break;
		if (!measuring && now >= measure_from) {
			measuring = true;
			cpu0 = cpu_ms();
		}
		lgb_progress_update(&prog, (double)(now - t0) / 1e9, measuring ? "ring" : "warm-up");
		struct lgp_frame_view v;
		ret = lgp_consumer_frame_next(c, &v);
		if (ret == LGP_ERR_QUEUE_EMPTY) {
			lgp_sleep_us(lgp_waiter_delay(&waiter, now) / 1000u);
			continue;
		}
		if (ret < 0)
			break;
		lgp_waiter_arrived(&waiter, now);
		if (v.data_bytes > dst_size) {
			g_free(dst);
			dst = g_malloc(v.data_bytes);
			dst_size = v.data_bytes;
		}
		uint64_t posted = 0;
		if (lgp_frame_wait(&v, sizeof(posted), now + 1000000000u) == 0)
			memcpy(&posted, v.data, sizeof(posted));
		/* Copy bandwidth of the consumer's path on a complete frame, and
		 * of memcpy on the next: the same source, just written. */
		bool complete = lgp_frame_wait(&v, v.data_bytes, now + 1000000000u) == 0;
		uint64_t c0 = lgp_monotonic_ns();
		if (complete && (v.hdr.frame_serial & 1)) {
			memcpy(dst, v.data, v.data_bytes);
			if (measuring) {
				ref_s += (double)(lgp_monotonic_ns() - c0) / 1e9;
				ref_copied += v.data_bytes;
			}
		} else if (complete &&
			   lgp_frame_copy(&v, dst, v.hdr.pitch, NULL, c0 + 1000000000u) == 0 &&
			   measuring) {
			copy_s += (double)(lgp_monotonic_ns() - c0) / 1e9;
			copied += v.data_bytes;
		}
		lgp_consumer_frame_done(c);
		if (!measuring || !posted || posted > now)
			continue;
		if (!started) {
			started = true;
			last_serial = v.hdr.frame_serial - 1;
		}
		/* Frames the producer posted that the consumer never saw. */
		for (uint64_t d = last_serial + 1; d < v.hdr.frame_serial; ++d) {
			struct lgb_record gone = {.serial = (uint32_t)d, .latency_ms = NAN,
						  .t_ms = (double)(now - measure_from) / 1e6,
						  .status = LGB_DROPPED};
			lgb_run_add(run, &gone);
		}
		last_serial = v.hdr.frame_serial;
		struct lgb_record rec = {.serial = v.hdr.frame_serial,
					 .t_ms = (double)(now - measure_from) / 1e6,
					 .latency_ms = (double)(now - posted) / 1e6,
					 .status = LGB_SHOWN};
		lgb_run_add(run, &rec);
		frames++;
	}
	lgb_progress_finish(&prog);
	run->seconds = (double)(lgp_monotonic_ns() - measure_from) / 1e9;
	run->cpu_ms_per_frame = frames ? (cpu_ms() - cpu0) / (double)frames : NAN;
	double copy = copied / copy_s / 1e9, ref = ref_copied / ref_s / 1e9;
	double warm = memcpy_gbps(dst_size ? dst_size : 1u << 20);
	lgb_run_extra(run, "consumer copy", copy, "GB/s");
	lgb_run_extra(run, "memcpy, same source", ref, "GB/s");
	lgb_run_extra(run, "copy vs memcpy", copy / ref, "x");
	lgb_run_extra(run, "memcpy, warm buffers", warm, "GB/s");
	lgb_run_extra(run, "copy vs warm", copy / warm, "x");
	lgb_run_extra(run, "frames/s", (double)frames / run->seconds, "");
	g_free(dst);
	lgp_consumer_destroy(c);
	return 0;
}

static bool parse(struct ring *o, int argc, char **argv)
{
	GOptionEntry entries[] = {
		{"shm", 'f', 0, G_OPTION_ARG_FILENAME, &o->shm,
		 "Region file (default: a private /dev/shm file)", "PATH"},
		{"size", 's', 0, G_OPTION_ARG_STRING, &o->size, "Frame size (default 1920x1080)",
		 "WxH"},
		{"format", 't', 0, G_OPTION_ARG_STRING, &o->format, "Frame format (default bgra)",
		 "FMT"},
		{"fps", 'r', 0, G_OPTION_ARG_INT, &o->fps, "Frames per second, 0 = as fast as "
		 "possible (default 60)", "N"},
		{"duration", 'd', 0, G_OPTION_ARG_DOUBLE, &o->duration, "Seconds measured "
		 "(default 10)", "S"},
		{"warmup", 0, 0, G_OPTION_ARG_DOUBLE, &o->warmup, "Seconds before measuring "
		 "(default 1)", "S"},
		{"csv", 0, 0, G_OPTION_ARG_FILENAME, &o->csv, "Write every sample as CSV", "FILE"},
		{"json", 0, 0, G_OPTION_ARG_FILENAME, &o->json, "Write everything as JSON", "FILE"},
		{"svg", 0, 0, G_OPTION_ARG_FILENAME, &o->svg, "Write a histogram and timeline",
		 "FILE"},
		{"progress", 0, 0, G_OPTION_ARG_NONE, &o->progress, "Show progress even when not "
		 "on a terminal", NULL},
		{NULL}};
	if (!lgbench_parse_options("ring", "- measure the frame ring", NULL, entries, argc, argv))
		return false;
	if (!lgbench_parse_size(o->size ? o->size : "1920x1080", &o->width, &o->height)) {
		fprintf(stderr, "lgbench ring: --size '%s' is not WxH\n", o->size);
		return false;
	}
	o->type = lgbench_parse_format(o->format ? o->format : "bgra");
	if (!o->type || o->fps < 0 || o->duration <= 0 || o->warmup < 0) {
		fprintf(stderr, "lgbench ring: bad --format (%s), --fps, --duration or --warmup\n",
			lgbench_format_names());
		return false;
	}
	if (!o->shm) {
		o->shm = g_strdup_printf("/dev/shm/lgbench-ring-%d", (int)getpid());
		o->own_shm = true;
	}
	return true;
}

int lgbench_ring(int argc, char **argv)
{
	struct ring o = {.fps = 60, .duration = 10, .warmup = 1};
	if (!parse(&o, argc, argv))
		return 2;
	int status = 1;
	struct kvmfr_region *r = NULL;
	uint64_t size = kvmfr_recommended_size(o.width, o.height, lgp_format_info(o.type)->hdr);
	int ret = kvmfr_region_open(o.shm, &r);
	if (ret == -ENOENT)
		ret = kvmfr_region_create_shm(o.shm, size, 0600, &r);
	if (ret < 0) {
		char why[1024];
		kvmfr_region_explain(o.shm, ret, why, sizeof(why));
		fprintf(stderr, "lgbench ring: %s\n", why);
		goto out;
	}
	lgbench_catch_signals();
	fflush(NULL);
	pid_t child = fork();
	if (child == 0)
		_exit(produce(&o, r));

	struct lgb_run run;
	lgb_run_init(&run, "ring");
	ret = consume(&o, r, &run);
	kill(child, SIGTERM);
	waitpid(child, NULL, 0);
	if (ret == 0) {
		struct lgb_machine m;
		lgb_machine_probe(&m);
		lgbench_gl_renderer(m.gl_renderer, sizeof(m.gl_renderer));
		char fps[16], dur[16];
		snprintf(fps, sizeof(fps), "%d", o.fps);
		snprintf(dur, sizeof(dur), "%.1f s", o.duration);
		char wh[32];
		snprintf(wh, sizeof(wh), "%ux%u", o.width, o.height);
		const char *settings[] = {"mode", "ring (two processes, /dev/shm)", "size", wh,
					  "format", lgp_format_info(o.type)->name, "fps", fps,
					  "duration", dur, NULL};
		lgb_print_table(stdout, &m, settings, &run, 1);
		status = 0;
		if (o.csv && lgb_write_csv(o.csv, &run, 1) < 0)
			status = 1;
		if (o.json && lgb_write_json(o.json, &m, settings, &run, 1) < 0)
			status = 1;
		if (o.svg && lgb_write_svg(o.svg, "lgbench ring: publish to detect", &run, 1) < 0)
			status = 1;
	}
	lgb_run_free(&run);
out:
	kvmfr_region_destroy(r);
	if (o.own_shm)
		unlink(o.shm);
	g_free(o.shm);
	g_free(o.size);
	g_free(o.format);
	g_free(o.csv);
	g_free(o.json);
	g_free(o.svg);
	return status;
}
