// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lgbench viewer: glass-to-glass latency of any Looking Glass B7-compatible
 * viewer. A producer thread posts frames whose serial is drawn into the
 * picture as a large visual code, and remembers when each was posted; the
 * viewer under test runs on an X display; lgbench reads the screen back
 * (MIT-SHM) as fast as it can and time-stamps when each serial first
 * becomes visible. With several viewers they run one after the other under
 * the same settings, alternating for several rounds, and the ratios are
 * printed. For lgview, its own stage times (app:timestamps) show where the
 * time went.
 *
 * The guest's side too: a viewer must never slow the guest down. The
 * producer notes how long each post took (waiting for a free frame buffer,
 * then writing the frame); lgbench measures that first with no viewer
 * attached ("guest alone") and then during each viewer's windows, and
 * reports the guest's posting rate and post times beside the latency.
 *
 * And idle: after each viewer's first window the guest stops posting (its
 * heartbeat goes on, as a still desktop's would) and lgbench measures the
 * viewer's CPU for --idle seconds.
 */
#define G_LOG_DOMAIN "lgbench"
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "floor.h"
#include "guest-proto/producer.h"
#include "kvmfr/region.h"
#include "lgbench.h"
#include "progress.h"
#include "report.h"
#include "synth/scene.h"
#include "vcode.h"
#include "viewer_bench.h"
#include "viewer_stages.h"
#include "xshm.h"

#define MAX_VIEWERS 8

struct vopts {
	gchar **viewers;
	gchar *size, *format, *shm, *csv, *json, *svg, *display, *grab;
	gint fps, rounds, grab_us;
	gdouble duration, warmup, idle;
	gboolean progress, no_floor;
	uint32_t width, height, type;
	int gx, gy, gw, gh;
};

/* ---- the producer thread ----------------------------------------------------- */

struct prod {
	struct kvmfr_region *region;
	struct vopts *o;
	uint64_t *posted; /* by serial, CLOCK_MONOTONIC ns; atomic */
	uint64_t *post_done; /* by serial: when its post returned, 0 on failure */
	size_t max_serial;
	gint stop;
	gint paused; /* a still guest: no frames, the heartbeat goes on */
	GThread *thread;
};

static void put_code(uint8_t *frame, uint32_t pitch, uint32_t type, uint32_t serial, uint32_t fw,
		     uint32_t fh, struct lgp_rect *rect)
{
	uint32_t x, y, w, h;
	lgb_vcode_rect(fw, fh, &x, &y, &w, &h);
	uint32_t *block = g_malloc((size_t)w * h * 4);
	lgb_vcode_render(serial, w, h, block);
	for (uint32_t j = 0; j < h; ++j) {
		uint8_t *row = frame + (size_t)(y + j) * pitch + (size_t)x * 4;
		for (uint32_t i = 0; i < w; ++i) {
			uint32_t c = block[(size_t)j * w + i];
			uint8_t r = (uint8_t)(c >> 16), g = (uint8_t)(c >> 8), b = (uint8_t)c;
			uint8_t *p = row + (size_t)i * 4;
			bool bgra = type == KVMFR20_FRAME_BGRA;
			p[0] = bgra ? b : r;
			p[1] = g;
			p[2] = bgra ? r : b;
			p[3] = 255;
		}
	}
	g_free(block);
	*rect = (struct lgp_rect){x, y, w, h};
}

static gpointer produce_main(gpointer data)
{
	struct prod *p = data;
	struct vopts *o = p->o;
	struct lgp_producer *lp;
	if (lgp_producer_create(p->region->map, p->region->size, NULL, &lp) < 0)
		return NULL;
	struct scene *s = scene_create(o->width, o->height, o->type);
	struct lgp_frame_desc d;
	scene_frame_desc(s, &d);
	size_t bytes = (size_t)d.pitch * d.data_height;
	uint8_t *frame = g_malloc(bytes);
	uint64_t period = 1000000000u / (uint64_t)o->fps, start = lgp_monotonic_ns();
	for (uint64_t n = 0; !g_atomic_int_get(&p->stop) && n + 1 < p->max_serial; ++n) {
		if (g_atomic_int_get(&p->paused)) {
			while (g_atomic_int_get(&p->paused) && !g_atomic_int_get(&p->stop)) {
				lgp_producer_process(lp);
				lgp_sleep_us(5000);
			}
			/* Go on from now, without a burst to catch up. */
			start = lgp_monotonic_ns() - n * period;
		}
		uint64_t due = start + n * period;
		while (lgp_monotonic_ns() < due && !g_atomic_int_get(&p->stop)) {
			lgp_producer_process(lp);
			uint64_t left = due - lgp_monotonic_ns();
			lgp_sleep_us(left > 2000000u ? 2000u : left / 1000u);
		}
		struct lgp_rect dmg[KVMFR20_MAX_DAMAGE_RECTS];
		uint32_t count, pitch;
		const uint8_t *px = scene_render(s, n, dmg, &count, &pitch);
		memcpy(frame, px, bytes);
		struct lgp_rect code;
		uint32_t serial = (uint32_t)n + 1; /* the producer's frame serial */
		put_code(frame, d.pitch, o->type, serial, o->width, o->height, &code);
		if (count && count < KVMFR20_MAX_DAMAGE_RECTS)
			dmg[count++] = code;
		else
			count = 0;
		d.damage = count ? dmg : NULL;
		d.damage_count = count;
		__atomic_store_n(&p->posted[serial], lgp_monotonic_ns(), __ATOMIC_RELEASE);
		if (lgp_producer_frame_post(lp, &d, frame, d.pitch, 500) < 0)
			__atomic_store_n(&p->posted[serial], 0, __ATOMIC_RELEASE);
		else
			__atomic_store_n(&p->post_done[serial], lgp_monotonic_ns(),
					 __ATOMIC_RELEASE);
	}
	g_free(frame);
	scene_destroy(s);
	lgp_producer_destroy(lp);
	return NULL;
}

/* ---- one viewer for one round ---------------------------------------------------- */

/* The guest's posts while something was measured: each viewer's
 * observation windows, or the guest alone. */
#define MAX_WINDOWS 64
struct guest_side {
	uint64_t from[MAX_WINDOWS], to[MAX_WINDOWS];
	int n;
};

static void guest_window(struct guest_side *g, uint64_t from, uint64_t to)
{
	if (g->n < MAX_WINDOWS) {
		g->from[g->n] = from;
		g->to[g->n++] = to;
	}
}

/* Posts begun inside the windows: their rate, and how long each took. */
static double guest_rate(const struct prod *p, const struct guest_side *g,
			 struct lgb_samples *post_ms)
{
	double secs = 0;
	uint64_t count = 0;
	for (int w = 0; w < g->n; ++w) {
		secs += (double)(g->to[w] - g->from[w]) / 1e9;
		for (size_t s = 1; s < p->max_serial; ++s) {
			uint64_t t0 = __atomic_load_n(&p->posted[s], __ATOMIC_ACQUIRE);
			uint64_t t1 = __atomic_load_n(&p->post_done[s], __ATOMIC_ACQUIRE);
			if (!t0 || !t1 || t0 < g->from[w] || t0 >= g->to[w])
				continue;
			count++;
			lgb_samples_add(post_ms, (double)(t1 - t0) / 1e6);
		}
	}
	return secs > 0 ? (double)count / secs : NAN;
}

static pid_t start_viewer(char **argv, const char *display)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		g_setenv("DISPLAY", display, TRUE);
		g_setenv("SDL_VIDEODRIVER", "x11", TRUE);
		execvp(argv[0], argv);
		fprintf(stderr, "lgbench viewer: cannot run %s: %s\n", argv[0], g_strerror(errno));
		_exit(127);
	}
	return pid;
}

static void stop_viewer(pid_t pid)
{
	kill(pid, SIGTERM);
	for (int i = 0; i < 50; ++i) {
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return;
		lgp_sleep_us(100000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

#define IDLE_SETTLE_NS 2000000000u

/* A still guest for o->idle seconds (after IDLE_SETTLE_NS): the viewer's
 * CPU meanwhile, as a percentage of one core. */
static void measure_idle(struct vopts *o, struct prod *prod, pid_t pid, struct lgb_run *run)
{
	g_atomic_int_set(&prod->paused, 1);
	/* The last frame shown, and a viewer that idles after a still while
	 * settled (lgview's pollers slow down after 1 s): a still desktop
	 * lasts minutes, and its steady cost is what is asked. */
	uint64_t settle = lgp_monotonic_ns() + IDLE_SETTLE_NS;
	while (lgp_monotonic_ns() < settle && !lgbench_stopping())
		lgp_sleep_us(10000);
	double cpu0 = lgb_process_cpu_ms(pid);
	uint64_t t0 = lgp_monotonic_ns(), end = t0 + (uint64_t)(o->idle * 1e9);
	while (lgp_monotonic_ns() < end && !lgbench_stopping())
		lgp_sleep_us(10000);
	double cpu = lgb_process_cpu_ms(pid) - cpu0;
	double ms = (double)(lgp_monotonic_ns() - t0) / 1e6;
	g_atomic_int_set(&prod->paused, 0);
	if (!isnan(cpu) && ms > 0)
		lgb_run_extra(run, "idle CPU", 100.0 * cpu / ms, "% of a core");
}

/* Observe the screen for `seconds` after the viewer shows frames. */
static bool observe(struct vopts *o, struct prod *prod, struct lgb_xshm *x, pid_t pid,
		    struct lgb_run *run, double seconds, struct lgb_progress *prog,
		    double *progress_base, struct guest_side *guest)
{
	struct lgb_vcode_reader *reader = lgb_vcode_reader_new();
	uint64_t t0 = lgp_monotonic_ns(), give_up = t0 + 20000000000u;
	uint32_t serial = 0;
	/* Wait for the first frame on screen, then warm up. */
	bool up = false;
	while (lgp_monotonic_ns() < give_up && waitpid(pid, NULL, WNOHANG) == 0) {
		const uint32_t *px;
		int stride;
		if (lgb_xshm_grab(x, &px, &stride) &&
		    lgb_vcode_read(reader, px, o->gw, o->gh, stride, &serial)) {
			up = true;
			break;
		}
		lgp_sleep_us(5000);
	}
	if (!up) {
		fprintf(stderr, "lgbench viewer: %s showed no frame within 20 s\n", run->name);
		lgb_vcode_reader_free(reader);
		return false;
	}
	uint64_t warm_end = lgp_monotonic_ns() + (uint64_t)(o->warmup * 1e9);
	while (lgp_monotonic_ns() < warm_end)
		lgp_sleep_us(10000);
	double cpu0 = lgb_process_cpu_ms(pid);
	uint64_t start = lgp_monotonic_ns(), end = start + (uint64_t)(seconds * 1e9);
	uint32_t first = 0, max_seen = 0, prev = 0;
	struct lgb_record rec;
	(void)first;
	uint64_t shown = 0;
	while (lgp_monotonic_ns() < end && !lgbench_stopping()) {
		const uint32_t *px;
		int stride;
		uint64_t g0 = lgp_monotonic_ns();
		bool ok = lgb_xshm_grab(x, &px, &stride);
		uint64_t g1 = lgp_monotonic_ns();
		lgb_progress_update(prog, *progress_base + (double)(g1 - start) / 1e9, run->name);
		/* Leave the CPU to the viewer between reads. */
		if (o->grab_us)
			lgp_sleep_us((uint64_t)o->grab_us);
		if (!ok || !lgb_vcode_read(reader, px, o->gw, o->gh, stride, &serial) ||
		    serial >= prod->max_serial)
			continue;
		if (!first) {
			first = prev = serial;
			max_seen = serial;
			continue; /* it was already up before the window started */
		}
		/* Only changes on screen count; a frame stays up for many reads. */
		if (serial == prev)
			continue;
		prev = serial;
		if (serial == max_seen)
			continue;
		uint64_t posted = __atomic_load_n(&prod->posted[serial], __ATOMIC_ACQUIRE);
		/* The moment it became visible: between the two grabs' midpoints. */
		uint64_t visible = g0 + (g1 - g0) / 2;
		double t_ms = (double)(visible - start) / 1e6;
		if (serial < max_seen) {
			rec = (struct lgb_record){serial, t_ms, NAN, LGB_REPEATED};
		} else {
			/* Serials skipped over never reached the screen. */
			for (uint32_t d = max_seen + 1; d < serial; ++d) {
				rec = (struct lgb_record){d, t_ms, NAN, LGB_DROPPED};
				lgb_run_add(run, &rec);
			}
			double lat = posted && visible > posted ? (double)(visible - posted) / 1e6 : NAN;
			rec = (struct lgb_record){serial, t_ms, lat, LGB_SHOWN};
			shown++;
			max_seen = serial;
		}
		lgb_run_add(run, &rec);
	}
	*progress_base += seconds;
	guest_window(guest, start, lgp_monotonic_ns());
	run->seconds += (double)(lgp_monotonic_ns() - start) / 1e9;
	double cpu = lgb_process_cpu_ms(pid) - cpu0;
	if (shown && !isnan(cpu)) {
		double before = isnan(run->cpu_ms_per_frame) ? 0 : run->cpu_ms_per_frame;
		double prev_shown = (double)(run->counts.shown - shown);
		run->cpu_ms_per_frame = (before * prev_shown + cpu) / (double)run->counts.shown;
	}
	lgb_vcode_reader_free(reader);
	return true;
}

/* ---- options and the whole run --------------------------------------------------- */

/* The lgview command measured when none is given: the lgview built or
 * installed with this lgbench, else the one on PATH; says which. */
static char *default_viewer(void)
{
	char *exe = g_file_read_link("/proc/self/exe", NULL);
	const char *where;
	char *path = lgbench_find_lgview(exe, &where);
	g_free(exe);
	if (!path) {
		fprintf(stderr, "lgbench viewer: no lgview beside lgbench, in its build tree or on "
			"PATH; name a viewer with --viewer\n");
		return NULL;
	}
	fprintf(stderr, "lgbench viewer: measuring %s (%s)\n", path, where);
	char *quoted = g_shell_quote(path);
	char *cmd = g_strdup_printf("%s -f {shm} -d win:position=0x0 win:size={w}x{h} "
				    "app:timestamps={timestamps}", quoted);
	g_free(quoted);
	g_free(path);
	return cmd;
}

static bool parse(struct vopts *o, int argc, char **argv)
{
	GOptionEntry entries[] = {
		{"viewer", 'v', 0, G_OPTION_ARG_STRING_ARRAY, &o->viewers,
		 "A viewer command; {shm}, {w}, {h}, {timestamps} are replaced (repeat to compare; "
		 "default: the lgview beside lgbench or in its build tree, else on PATH)",
		 "'CMD ...'"},
		{"size", 's', 0, G_OPTION_ARG_STRING, &o->size, "Frame size (default 1280x720)",
		 "WxH"},
		{"format", 't', 0, G_OPTION_ARG_STRING, &o->format, "bgra or rgba (default bgra)",
		 "FMT"},
		{"fps", 'r', 0, G_OPTION_ARG_INT, &o->fps, "Frames per second (default 60)", "N"},
		{"duration", 'd', 0, G_OPTION_ARG_DOUBLE, &o->duration,
		 "Seconds measured per viewer, over all rounds (default 10)", "S"},
		{"rounds", 0, 0, G_OPTION_ARG_INT, &o->rounds, "Alternate the viewers this many "
		 "times (default 2)", "N"},
		{"warmup", 0, 0, G_OPTION_ARG_DOUBLE, &o->warmup, "Seconds after a viewer shows its "
		 "first frame before measuring (default 1)", "S"},
		{"display", 0, 0, G_OPTION_ARG_STRING, &o->display, "X display (default $DISPLAY)",
		 "DPY"},
		{"idle", 0, 0, G_OPTION_ARG_DOUBLE, &o->idle, "Seconds of a still guest (no new "
		 "frames) after each viewer's first window, to measure its idle CPU, from 2 s "
		 "after the last frame; 0: none (default 3)", "S"},
		{"grab", 0, 0, G_OPTION_ARG_STRING, &o->grab, "Screen area to read, WxH+X+Y "
		 "(default: the frame size at 0,0)", "GEOM"},
		{"grab-interval", 0, 0, G_OPTION_ARG_INT, &o->grab_us, "Pause between screen "
		 "reads in microseconds; the resolution of the measurement (default 1000)", "US"},
		{"shm", 'f', 0, G_OPTION_ARG_FILENAME, &o->shm, "Region file (default: private)",
		 "PATH"},
		{"csv", 0, 0, G_OPTION_ARG_FILENAME, &o->csv, "Every sample as CSV", "FILE"},
		{"json", 0, 0, G_OPTION_ARG_FILENAME, &o->json, "Everything as JSON", "FILE"},
		{"svg", 0, 0, G_OPTION_ARG_FILENAME, &o->svg, "Histogram and timeline", "FILE"},
		{"progress", 0, 0, G_OPTION_ARG_NONE, &o->progress, "Progress even without a "
		 "terminal", NULL},
		{"no-floor", 0, 0, G_OPTION_ARG_NONE, &o->no_floor, "Skip the floor: a minimal "
		 "viewer timed on the same display first (lgbench floor), against which "
		 "lgview's copied->presented is given as a ratio", NULL},
		{NULL}};
	if (!lgbench_parse_options("viewer", "- glass-to-glass latency of viewers", NULL,
				   entries, argc, argv))
		return false;
	if (!lgbench_parse_size(o->size ? o->size : "1280x720", &o->width, &o->height)) {
		fprintf(stderr, "lgbench viewer: --size '%s' is not WxH\n", o->size);
		return false;
	}
	o->type = lgbench_parse_format(o->format ? o->format : "bgra");
	if (o->type != KVMFR20_FRAME_BGRA && o->type != KVMFR20_FRAME_RGBA) {
		fprintf(stderr, "lgbench viewer: --format must be bgra or rgba\n");
		return false;
	}
	if (o->fps < 1 || o->fps > 1000 || o->rounds < 1 || o->duration <= 0 || o->warmup < 0 ||
	    o->idle < 0 || o->idle > 600 ||
	    o->grab_us < 0 || o->grab_us > 100000) {
		fprintf(stderr, "lgbench viewer: --fps 1..1000, --rounds >= 1, --duration > 0, "
			"--idle 0..600\n");
		return false;
	}
	if (!o->display && !(o->display = g_strdup(g_getenv("DISPLAY")))) {
		fprintf(stderr, "lgbench viewer: no X display (set DISPLAY or --display)\n");
		return false;
	}
	o->gw = (int)o->width;
	o->gh = (int)o->height;
	if (o->grab && sscanf(o->grab, "%dx%d+%d+%d", &o->gw, &o->gh, &o->gx, &o->gy) != 4) {
		fprintf(stderr, "lgbench viewer: --grab '%s' is not WxH+X+Y\n", o->grab);
		return false;
	}
	if (!o->viewers || !o->viewers[0]) {
		g_strfreev(o->viewers);
		o->viewers = g_new0(gchar *, 2);
		if (!(o->viewers[0] = default_viewer()))
			return false;
	}
	if (g_strv_length(o->viewers) > MAX_VIEWERS) {
		fprintf(stderr, "lgbench viewer: at most %d viewers\n", MAX_VIEWERS);
		return false;
	}
	return true;
}

/* "N:program", the program's file name without its directory. */
static void run_name(const char *cmd, int i, char *out, size_t len)
{
	char **argv = NULL;
	char *base = g_shell_parse_argv(cmd, NULL, &argv, NULL) ? g_path_get_basename(argv[0])
								: g_strdup(cmd);
	snprintf(out, len, "%d:%s", i + 1, base);
	g_free(base);
	g_strfreev(argv);
}

/* The guest alone: no viewer attached, for this long first. */
#define ALONE_S 2.0

/* Each viewer's guest figures, and its rate as a ratio of the guest's
 * alone. */
static void guest_report(struct prod *prod, struct guest_side *alone, struct guest_side *g,
			 struct lgb_run *runs, size_t nv, char *alone_text, size_t len)
{
	struct lgb_samples s = {0};
	double base = guest_rate(prod, alone, &s);
	snprintf(alone_text, len, "%.1f fps, post p50 %.2f ms, p99 %.2f ms", base,
		 s.n ? lgb_percentile(&s, 50) : NAN, s.n ? lgb_percentile(&s, 99) : NAN);
	lgb_samples_free(&s);
	for (size_t v = 0; v < nv; ++v) {
		double fps = guest_rate(prod, &g[v], &s);
		lgb_run_extra(&runs[v], "guest", fps, "fps");
		lgb_run_extra(&runs[v], "guest rate", fps / base, "x alone");
		if (s.n) {
			lgb_run_extra(&runs[v], "guest post", lgb_percentile(&s, 99), "ms p99");
			lgb_run_extra(&runs[v], "guest post max", lgb_percentile(&s, 100), "ms");
		}
		lgb_samples_free(&s);
	}
}

/* The floor under the same load as the viewers: lgbench reading the screen
 * back as it does while it observes. */
struct floor_load {
	struct lgb_xshm *x;
	int grab_us;
	gint stop;
};

static gpointer floor_load_main(gpointer data)
{
	struct floor_load *l = data;
	while (!g_atomic_int_get(&l->stop)) {
		const uint32_t *px;
		int stride;
		lgb_xshm_grab(l->x, &px, &stride);
		lgp_sleep_us((uint64_t)l->grab_us);
	}
	return NULL;
}

static void floor_measure(struct vopts *o, struct lgb_xshm *x, struct lgb_floor *floor)
{
	struct floor_load load = {.x = x, .grab_us = o->grab_us};
	GThread *t = g_thread_new("lgbench-readback", floor_load_main, &load);
	lgb_floor_measure(o->width, o->height, o->fps, o->display, floor);
	g_atomic_int_set(&load.stop, 1);
	g_thread_join(t);
}

static int measure(struct vopts *o, struct prod *prod, struct lgb_xshm *x, struct lgb_run *runs,
		   size_t nv, const struct lgb_floor *floor, char *alone_text, size_t alone_len)
{
	struct lgb_progress prog;
	struct lgb_stages stages[MAX_VIEWERS] = {0};
	struct guest_side guest[MAX_VIEWERS] = {0}, alone = {0};
	uint64_t a0 = lgp_monotonic_ns();
	while (lgp_monotonic_ns() < a0 + (uint64_t)(ALONE_S * 1e9) && !lgbench_stopping())
		lgp_sleep_us(10000);
	guest_window(&alone, a0, lgp_monotonic_ns());
	double base = 0, per_round = o->duration / o->rounds;
	lgb_progress_start(&prog, o->duration * (double)nv, 0, o->progress);
	int status = 0;
	for (int round = 0; round < o->rounds && !status && !lgbench_stopping(); ++round) {
		for (size_t v = 0; v < nv && !status; ++v) {
			char ts[4200];
			g_snprintf(ts, sizeof(ts), "%s.%zu.%d.times", prod->region->path, v, round);
			char **argv = lgb_viewer_argv(o->viewers[v], prod->region->path, o->width,
						      o->height, ts);
			if (!argv) {
				fprintf(stderr, "lgbench viewer: cannot parse '%s'\n", o->viewers[v]);
				status = 2;
				break;
			}
			pid_t pid = start_viewer(argv, o->display);
			if (!observe(o, prod, x, pid, &runs[v], per_round, &prog, &base,
				     &guest[v]))
				status = 1;
			else if (round == 0 && o->idle > 0)
				measure_idle(o, prod, pid, &runs[v]);
			stop_viewer(pid);
			if (!status && strstr(o->viewers[v], "{timestamps}"))
				lgb_stages_add(&stages[v], &runs[v], ts, prod->posted, prod->max_serial);
			unlink(ts);
			g_strfreev(argv);
		}
	}
	lgb_progress_finish(&prog);
	for (size_t v = 0; v < nv; ++v)
		lgb_stages_report(&stages[v], &runs[v], floor ? floor->total_ms : NAN);
	guest_report(prod, &alone, guest, runs, nv, alone_text, alone_len);
	return status;
}

static void free_options(struct vopts *o)
{
	g_strfreev(o->viewers);
	g_free(o->size);
	g_free(o->format);
	g_free(o->shm);
	g_free(o->csv);
	g_free(o->json);
	g_free(o->svg);
	g_free(o->display);
	g_free(o->grab);
}

int lgbench_viewer(int argc, char **argv)
{
	struct vopts o = {.fps = 60, .rounds = 2, .duration = 10, .warmup = 1, .idle = 3,
			  .grab_us = 1000};
	if (!parse(&o, argc, argv)) {
		free_options(&o);
		return 2;
	}
	int status = 1;
	size_t nv = g_strv_length(o.viewers);
	struct lgb_run runs[MAX_VIEWERS];
	for (size_t i = 0; i < nv; ++i) {
		char name[64];
		run_name(o.viewers[i], (int)i, name, sizeof(name));
		lgb_run_init(&runs[i], name);
	}
	struct prod prod = {.o = &o};
	bool own = !o.shm;
	if (own)
		o.shm = g_strdup_printf("/dev/shm/lgbench-viewer-%d", (int)getpid());
	uint64_t size = kvmfr_recommended_size(o.width, o.height, false);
	int ret = kvmfr_region_open(o.shm, &prod.region);
	if (ret == -ENOENT)
		ret = kvmfr_region_create_shm(o.shm, size, 0600, &prod.region);
	if (ret < 0) {
		char why[1024];
		kvmfr_region_explain(o.shm, ret, why, sizeof(why));
		fprintf(stderr, "lgbench viewer: %s\n", why);
		goto out;
	}
	/* Enough serials for every round, warm-ups and start-ups included. */
	prod.max_serial = (size_t)((o.duration * (double)nv +
				    (o.warmup + 25.0) * (double)(o.rounds * (int)nv)) *
				   o.fps) + 16;
	prod.max_serial += (size_t)(ALONE_S * o.fps);
	prod.posted = g_new0(uint64_t, prod.max_serial);
	prod.post_done = g_new0(uint64_t, prod.max_serial);
	lgbench_catch_signals();
	char alone[128] = "-", floor_text[256] = "-", why[256] = "";
	struct lgb_xshm *x = lgb_xshm_open(o.display, o.gx, o.gy, o.gw, o.gh, why, sizeof(why));
	if (!x) {
		fprintf(stderr, "lgbench viewer: cannot read the screen: %s\n", why);
		status = 1;
		g_free(prod.posted);
		g_free(prod.post_done);
		goto out;
	}
	struct lgb_floor floor[LGB_FLOOR_APIS];
	const struct lgb_floor *best = NULL;
	if (!o.no_floor) {
		/* Before the guest starts, with the screen read back as below. */
		floor_measure(&o, x, floor);
		lgb_floor_text(floor, floor_text, sizeof(floor_text));
		best = lgb_floor_best_gl(floor);
	}
	prod.thread = g_thread_new("lgbench-producer", produce_main, &prod);
	status = measure(&o, &prod, x, runs, nv, best, alone, sizeof(alone));
	lgb_xshm_close(x);
	g_atomic_int_set(&prod.stop, 1);
	g_thread_join(prod.thread);
	if (status == 0) {
		struct lgb_machine m;
		lgb_machine_probe(&m);
		lgbench_gl_renderer(m.gl_renderer, sizeof(m.gl_renderer));
		g_strlcpy(m.display, o.display, sizeof(m.display));
		char wh[32], fps[16], dur[32], rounds[16];
		snprintf(wh, sizeof(wh), "%ux%u", o.width, o.height);
		snprintf(fps, sizeof(fps), "%d", o.fps);
		snprintf(dur, sizeof(dur), "%.1f s per viewer", o.duration);
		snprintf(rounds, sizeof(rounds), "%d", o.rounds);
		const char *settings[] = {"mode", "viewer (glass to glass, X readback)", "size", wh,
					  "format", lgp_format_info(o.type)->name, "fps", fps,
					  "duration", dur, "rounds", rounds, "guest alone", alone,
					  "floor", floor_text, NULL};
		for (size_t i = 0; i < nv; ++i)
			printf("%s = %s\n", runs[i].name, o.viewers[i]);
		lgb_print_table(stdout, &m, settings, runs, nv);
		if (o.csv && lgb_write_csv(o.csv, runs, nv) < 0)
			status = 1;
		if (o.json && lgb_write_json(o.json, &m, settings, runs, nv) < 0)
			status = 1;
		if (o.svg && lgb_write_svg(o.svg, "lgbench viewer: publish to visible", runs, nv) < 0)
			status = 1;
	}
	g_free(prod.posted);
	g_free(prod.post_done);
out:
	for (size_t i = 0; i < nv; ++i)
		lgb_run_free(&runs[i]);
	kvmfr_region_destroy(prod.region);
	if (own && o.shm)
		unlink(o.shm);
	free_options(&o);
	return status;
}
