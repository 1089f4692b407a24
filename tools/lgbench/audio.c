// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lgbench audio: end-to-end audio latency of SPICE clients. A SPICE server
 * (lgview's test server, on libspice-server) plays a click train and says
 * when it hands each click to the client; the client under test plays into
 * PipeWire; lgbench records the sink's monitor (audio_rec.c) and times each
 * click's onset. Per viewer, in the same run: the latency's percentiles,
 * its drift over the run (a least-squares slope), clicks lost, and the time
 * to first sound (the first click handed off to its onset, and whether it
 * was lost).
 */
#define G_LOG_DOMAIN "lgbench"
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "audio_rec.h"
#include "lgbench.h"
#include "report.h"

#define MAX_VIEWERS 4
#define MAX_CLICKS 100000

struct aopts {
	char **viewers;
	char *server, *sink, *csv;
	double duration, interval, skew, threshold;
};

/* ---- the server and its CLICK lines ---- */

struct server {
	GPid pid;
	GThread *reader;
	GMutex lock;
	int64_t clicks[MAX_CLICKS];
	size_t n;
	bool ready;
	FILE *out;
};

static gpointer read_server(gpointer data)
{
	struct server *s = data;
	char line[256];
	while (fgets(line, sizeof(line), s->out)) {
		long long ns;
		g_mutex_lock(&s->lock);
		if (sscanf(line, "CLICK %lld", &ns) == 1 && s->n < MAX_CLICKS)
			s->clicks[s->n++] = ns;
		else if (!strncmp(line, "READY", 5))
			s->ready = true;
		g_mutex_unlock(&s->lock);
	}
	return NULL;
}

static bool server_start(struct server *s, const struct aopts *o, const char *sock)
{
	char interval[32], skew[32];
	g_ascii_dtostr(interval, sizeof(interval), o->interval);
	g_ascii_dtostr(skew, sizeof(skew), o->skew);
	char *argv[] = {o->server, "--unix", (char *)sock, "--clicks", interval, "--skew", skew,
			"--amplitude", "0.5", NULL};
	int out = -1;
	GError *err = NULL;
	unlink(sock);
	if (!g_spawn_async_with_pipes(NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
				      &s->pid, NULL, &out, NULL, &err)) {
		fprintf(stderr, "lgbench audio: cannot run %s: %s\n", o->server, err->message);
		g_error_free(err);
		return false;
	}
	s->out = fdopen(out, "r");
	g_mutex_init(&s->lock);
	s->reader = g_thread_new("lgbench-server", read_server, s);
	for (int i = 0; i < 200; i++) {
		g_mutex_lock(&s->lock);
		bool ready = s->ready;
		g_mutex_unlock(&s->lock);
		if (ready)
			return true;
		g_usleep(50000);
	}
	fprintf(stderr, "lgbench audio: %s did not start\n", o->server);
	return false;
}

static void stop_child(GPid pid)
{
	kill(pid, SIGTERM);
	for (int i = 0; i < 50; i++) {
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return;
		g_usleep(100000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static void server_stop(struct server *s)
{
	if (s->pid > 0)
		stop_child(s->pid);
	if (s->reader)
		g_thread_join(s->reader);
	if (s->out)
		fclose(s->out);
	g_mutex_clear(&s->lock);
}

/* ---- one viewer ---- */

struct result {
	struct lgb_samples lat;
	size_t clicks, lost, extra;
	double first_ms; /* the first click handed off to its onset; NaN: lost */
	bool first_lost;
	double drift_ms_per_min;
	double wander_ms; /* half the range of the windows' medians */
	double steal_pct; /* CPU time the hypervisor took meanwhile */
	double window_s;
	double *t_s; /* per matched click: its hand-off, s since the first */
};

/* How flat the latency stays: the run cut into windows (a minute each in
 * runs of 3 minutes or more, else a third of the run), each window's
 * median latency, and half the range of those medians (the ± of "flat
 * within ± X ms"). The per-click spread inside a window (the graph's
 * quantum, the server's 10 ms packets) does not count; a drifting or
 * stepping buffer does. */
static void wander(struct result *r, double duration)
{
	r->window_s = duration >= 180 ? 60 : duration / 3;
	r->wander_ms = NAN;
	double lo = INFINITY, hi = -INFINITY;
	size_t k = 0;
	double span = r->lat.n ? r->t_s[r->lat.n - 1] : 0;
	for (double w0 = 0; w0 <= span; w0 += r->window_s) {
		struct lgb_samples win = {0};
		for (; k < r->lat.n && r->t_s[k] < w0 + r->window_s; k++)
			lgb_samples_add(&win, r->lat.v[k]);
		if (win.n >= 5) {
			double med = lgb_percentile(&win, 50);
			lo = med < lo ? med : lo;
			hi = med > hi ? med : hi;
		}
		lgb_samples_free(&win);
	}
	if (hi >= lo)
		r->wander_ms = (hi - lo) / 2;
}

/* Each onset goes to the latest click handed off before it; a click with
 * no onset before the next one (or interval after it) is lost. */
static void match(const int64_t *clicks, size_t nc, const int64_t *onsets, size_t no,
		  double interval, struct result *r)
{
	r->t_s = g_new0(double, nc ? nc : 1);
	r->first_ms = NAN;
	size_t j = 0, m = 0;
	double sx = 0, sy = 0, sxx = 0, sxy = 0;
	for (size_t k = 0; k < nc; k++) {
		int64_t end = k + 1 < nc ? clicks[k + 1] : clicks[k] + (int64_t)(interval * 1e9);
		while (j < no && onsets[j] < clicks[k])
			j++;
		if (j < no && onsets[j] < end) {
			double ms = (double)(onsets[j] - clicks[k]) / 1e6;
			lgb_samples_add(&r->lat, ms);
			double t = (double)(clicks[k] - clicks[0]) / 1e9;
			r->t_s[m++] = t;
			sx += t, sy += ms, sxx += t * t, sxy += t * ms;
			if (k == 0)
				r->first_ms = ms;
			j++;
			while (j < no && onsets[j] < end) {
				r->extra++;
				j++;
			}
		} else {
			r->lost++;
			if (k == 0)
				r->first_lost = true;
		}
	}
	r->clicks = nc;
	if (r->first_lost) {
		/* Time to first sound all the same: the first onset heard. */
		for (size_t i = 0; i < no; i++)
			if (onsets[i] >= clicks[0]) {
				r->first_ms = (double)(onsets[i] - clicks[0]) / 1e6;
				break;
			}
	}
	double den = m * sxx - sx * sx;
	r->drift_ms_per_min = m > 2 && den > 0 ? (m * sxy - sx * sy) / den * 60.0 : NAN;
}

static char **viewer_argv(const char *cmd, const char *sock, const char *shm)
{
	GString *s = g_string_new(cmd);
	g_string_replace(s, "{sock}", sock, 0);
	g_string_replace(s, "{shm}", shm, 0);
	char **argv = NULL;
	GError *err = NULL;
	if (!g_shell_parse_argv(s->str, NULL, &argv, &err)) {
		fprintf(stderr, "lgbench audio: --viewer '%s': %s\n", cmd, err->message);
		g_error_free(err);
	}
	g_string_free(s, TRUE);
	return argv;
}

static bool measure(const struct aopts *o, const char *cmd, const char *dir, struct result *r)
{
	char *sock = g_build_filename(dir, "spice.sock", NULL);
	char *shm = g_build_filename(dir, "shm", NULL);
	struct server *srv = g_new0(struct server, 1);
	bool ok = false;
	char **argv = viewer_argv(cmd, sock, shm);
	if (!argv)
		goto out;
	struct lgb_audio_rec *rec = lgb_audio_rec_start(o->sink, o->threshold, MAX_CLICKS);
	if (!rec)
		goto out;
	if (!server_start(srv, o, sock))
		goto out_rec;
	GError *err = NULL;
	GPid vpid;
	if (!g_spawn_async(NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, NULL,
			   NULL, &vpid, &err)) {
		fprintf(stderr, "lgbench audio: cannot run %s: %s\n", argv[0], err->message);
		g_error_free(err);
		goto out_server;
	}
	struct lgb_cpu_times t0, t1;
	bool have_times = lgb_cpu_times_read(&t0);
	for (double t = 0; t < o->duration && !lgbench_stopping(); t += 0.1)
		g_usleep(100000);
	r->steal_pct = have_times && lgb_cpu_times_read(&t1) ? lgb_cpu_steal_percent(&t0, &t1) : NAN;
	stop_child(vpid);
	ok = true;
out_server:
	server_stop(srv);
out_rec:;
	const int64_t *onsets;
	size_t no = lgb_audio_rec_onsets(rec, &onsets);
	/* Clicks handed off in the last interval may not have played yet. */
	size_t nc = srv->n;
	while (nc && srv->clicks[nc - 1] > srv->clicks[srv->n - 1] - (int64_t)(o->interval * 1e9))
		nc--;
	if (ok) {
		match(srv->clicks, nc, onsets, no, o->interval, r);
		wander(r, o->duration);
	}
	if (ok && !nc) {
		fprintf(stderr, "lgbench audio: %s: no click reached the viewer (is it connected?)\n",
			argv[0]);
		ok = false;
	}
	lgb_audio_rec_stop(rec);
out:
	g_strfreev(argv);
	g_free(srv);
	g_free(sock);
	g_free(shm);
	return ok;
}

/* ---- the command ---- */

static char *default_server(void)
{
	char *exe = g_file_read_link("/proc/self/exe", NULL);
	char *dir = exe ? g_path_get_dirname(exe) : NULL;
	char *path = dir ? g_build_filename(dir, "../../tests/integration/spice_test_server", NULL)
			 : NULL;
	char *real = path ? realpath(path, NULL) : NULL, *found = NULL;
	if (real && g_file_test(real, G_FILE_TEST_IS_EXECUTABLE))
		found = g_strdup(real);
	free(real);
	g_free(path);
	g_free(dir);
	g_free(exe);
	return found;
}

static char *default_viewer(void)
{
	char *exe = g_file_read_link("/proc/self/exe", NULL);
	const char *where;
	char *lgview = lgbench_find_lgview(exe, &where);
	g_free(exe);
	if (!lgview)
		return NULL;
	char *cmd = g_strdup_printf("'%s' app:shmFile={shm} spice:host={sock} win:size=320x200 "
				    "win:appId=lgbench-audio",
				    lgview);
	fprintf(stderr, "lgbench audio: measuring %s (%s)\n", lgview, where);
	g_free(lgview);
	return cmd;
}

static void print_row(const char *name, const struct result *r)
{
	struct lgb_summary s;
	lgb_summarize(&r->lat, &s);
	printf("%-28.28s %6zu %5zu %8.1f %8.1f %8.1f %8.1f %9.1f%s %+8.2f %7.1f %6.1f\n", name,
	       r->clicks, r->lost, s.p50, s.p90, s.p99, s.max, r->first_ms,
	       r->first_lost ? "*" : " ", r->drift_ms_per_min, r->wander_ms, r->steal_pct);
}

int lgbench_audio(int argc, char **argv)
{
	struct aopts o = {.duration = 20, .interval = 0.5, .threshold = 0.1};
	GOptionEntry entries[] = {
		{"viewer", 'v', 0, G_OPTION_ARG_STRING_ARRAY, &o.viewers,
		 "A SPICE client command; {sock} (the server's UNIX socket) and {shm} are replaced "
		 "(repeat to compare; default: lgview)",
		 "CMD"},
		{"server", 0, 0, G_OPTION_ARG_FILENAME, &o.server,
		 "The test SPICE server (default: the build tree's spice_test_server)", "PATH"},
		{"duration", 'd', 0, G_OPTION_ARG_DOUBLE, &o.duration,
		 "Seconds per viewer (default 20)", "S"},
		{"interval", 0, 0, G_OPTION_ARG_DOUBLE, &o.interval,
		 "Seconds between clicks, more than the worst latency (default 0.5)", "S"},
		{"skew", 0, 0, G_OPTION_ARG_DOUBLE, &o.skew,
		 "The server's sound clock off by this (0.003: 0.3 % fast)", "X"},
		{"sink", 0, 0, G_OPTION_ARG_STRING, &o.sink,
		 "The PipeWire sink the viewers play to (default: the default sink)", "NODE"},
		{"csv", 0, 0, G_OPTION_ARG_FILENAME, &o.csv,
		 "Every click's latency: viewer,t_s,latency_ms", "FILE"},
		{NULL},
	};
	if (!lgbench_parse_options("audio", "- end-to-end audio latency of SPICE clients", NULL,
				   entries, argc, argv))
		return 2;
	if (o.duration <= 1 || o.interval < 0.05 || o.skew <= -0.1 || o.skew >= 0.1) {
		fprintf(stderr, "lgbench audio: --duration > 1, --interval >= 0.05, |--skew| < 0.1\n");
		return 2;
	}
	if (!o.server && !(o.server = default_server())) {
		fprintf(stderr, "lgbench audio: no test SPICE server in the build tree; name one with "
				"--server\n");
		return 2;
	}
	if (!o.viewers || !o.viewers[0]) {
		g_strfreev(o.viewers);
		o.viewers = g_new0(char *, 2);
		if (!(o.viewers[0] = default_viewer())) {
			fprintf(stderr, "lgbench audio: no lgview found; name a viewer with --viewer\n");
			return 2;
		}
	}
	if (g_strv_length(o.viewers) > MAX_VIEWERS) {
		fprintf(stderr, "lgbench audio: at most %d viewers\n", MAX_VIEWERS);
		return 2;
	}
	lgbench_catch_signals();
	char *dir = g_dir_make_tmp("lgbench-audio.XXXXXX", NULL);
	FILE *csv = o.csv ? fopen(o.csv, "w") : NULL;
	if (o.csv && !csv) {
		fprintf(stderr, "lgbench audio: cannot write %s: %s\n", o.csv, g_strerror(errno));
		return 1;
	}
	if (csv)
		fprintf(csv, "viewer,t_s,latency_ms\n");
	printf("clicks every %.2f s, %.0f s per viewer, server clock %+.2f %%; "
	       "latency: hand-off to the server's client -> onset at the sink\n",
	       o.interval, o.duration, o.skew * 100);
	printf("%-28s %6s %5s %8s %8s %8s %8s %10s %8s %7s %6s\n", "viewer", "clicks", "lost",
	       "p50 ms", "p90 ms", "p99 ms", "max ms", "first ms", "ms/min", "flat ±", "steal%");
	int status = 0;
	for (size_t i = 0; o.viewers[i] && !lgbench_stopping(); i++) {
		struct result r = {0};
		if (!measure(&o, o.viewers[i], dir, &r)) {
			status = 1;
			continue;
		}
		char **words = viewer_argv(o.viewers[i], "", "");
		char *name = g_path_get_basename(words && words[0] ? words[0] : o.viewers[i]);
		print_row(name, &r);
		for (size_t k = 0; csv && k < r.lat.n; k++)
			fprintf(csv, "%s,%.3f,%.3f\n", name, r.t_s[k], r.lat.v[k]);
		g_free(name);
		g_strfreev(words);
		lgb_samples_free(&r.lat);
		g_free(r.t_s);
	}
	printf("first: the first click handed off to its onset (* lost: the first onset heard "
	       "instead); ms/min: the latency's drift; flat ±: half the range of the medians of "
	       "%.0f s windows; steal%%: CPU time the hypervisor took from this machine\n",
	       o.duration >= 180 ? 60 : o.duration / 3);
	if (csv)
		fclose(csv);
	char *sock = g_build_filename(dir, "spice.sock", NULL);
	unlink(sock);
	g_free(sock);
	rmdir(dir);
	g_free(dir);
	g_strfreev(o.viewers);
	g_free(o.server);
	g_free(o.sink);
	g_free(o.csv);
	return status;
}
