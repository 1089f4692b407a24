/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lgbench-report: what lgbench measures (latency samples, per-frame records,
 * frame counts) and how it reports it (a table, CSV, JSON, SVG, a progress
 * bar, the machine it ran on).
 *
 * Threads: nothing here locks. An object is used by one thread at a time;
 * the writers only read their arguments. None of it is real-time safe
 * (lgb_samples_add and lgb_run_add may allocate).
 * Errors: the writers return 0 or -errno and print nothing; the caller
 * reports. Small allocations abort on out-of-memory (GLib's g_malloc).
 * Numbers in CSV, JSON and SVG are written with '.' whatever the locale.
 */
#ifndef LGBENCH_REPORT_H
#define LGBENCH_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- samples and statistics (stats.c) ---- */

/* Latency samples in milliseconds, in the order they were added. A zeroed
 * struct is an empty set. */
struct lgb_samples {
	double *v;
	size_t n, cap;
};

/* Append one sample. NaN is not a latency: it is skipped, so that every
 * statistic stays defined. */
void lgb_samples_add(struct lgb_samples *s, double ms);
/* Free the storage and leave an empty set (safe to call twice). */
void lgb_samples_free(struct lgb_samples *s);

/*
 * Nearest-rank percentile: the smallest sample x such that at least p% of
 * the samples are <= x, i.e. sorted[ceil(p/100 * n) - 1]. It is always one of
 * the samples (no interpolation). p is in (0, 100]; p = 100 is the maximum.
 * NaN when the set is empty or p is outside (0, 100]. Sorts a copy: O(n log n)
 * per call; lgb_summarize() sorts once for all of its figures.
 */
double lgb_percentile(const struct lgb_samples *s, double p);

/* The figures of a sample set; all NaN (and n = 0) when it is empty. */
struct lgb_summary {
	size_t n;
	double min, mean, p50, p90, p99, p999, max; /* p999: the 99.9th percentile */
};

/* Fill *out from s (percentiles as lgb_percentile()). */
void lgb_summarize(const struct lgb_samples *s, struct lgb_summary *out);

/* ---- frames and runs (stats.c) ---- */

/* What became of one published frame. */
enum lgb_frame_status {
	LGB_SHOWN = 0,	  /* reached the screen */
	LGB_DROPPED = 1,  /* never reached the screen */
	LGB_REPEATED = 2, /* reached the screen again after another frame was shown */
};

/* One frame of one run. */
struct lgb_record {
	uint32_t serial;
	double t_ms;	   /* since the run started */
	double latency_ms; /* published -> on screen; NaN if dropped */
	enum lgb_frame_status status;
};

/* The name of a status: "shown", "dropped", "repeated" ("?" if unknown). */
const char *lgb_status_name(enum lgb_frame_status status);

struct lgb_counts {
	uint64_t published; /* frames the producer published */
	uint64_t shown;	    /* distinct published frames seen on screen */
	uint64_t dropped;   /* published - shown */
	uint64_t repeated;  /* appearances of a frame that had already been seen */
};

/*
 * Count what became of the frames from observations alone (pure).
 * published: the producer published serials 1..published.
 * observed[0..n): the serials seen on screen, one entry each time the screen
 * changed to another frame, in order. Gaps are drops; a serial that was seen
 * before and appears again after another one was visible counts as one
 * repeat per re-appearance (1,2,1,2: two repeats); an entry equal to the one
 * before it is the same appearance. A serial seen late (1,3,2) is shown, not
 * repeated. Serials 0 and above `published` are ignored.
 */
void lgb_count_frames(uint64_t published, const uint32_t *observed, size_t n,
		      struct lgb_counts *out);

/* A figure printed after the table, e.g. {"copy", 11.2, "GB/s"}. */
struct lgb_extra {
	char key[48];
	double value;
	char unit[16];
};

#define LGB_RUN_MAX_EXTRA 16

/* One measured configuration (one viewer, or the ring alone). */
struct lgb_run {
	char name[64];
	struct lgb_record *rec;
	size_t n, cap;
	struct lgb_samples latency; /* of the shown frames */
	struct lgb_counts counts;
	double seconds;		 /* wall time of the run; 0 when unknown */
	double cpu_ms_per_frame; /* NaN when unknown */
	struct lgb_extra extra[LGB_RUN_MAX_EXTRA];
	size_t nextra;
};

/* An empty run called name (truncated to 63 bytes); seconds 0, CPU NaN. */
void lgb_run_init(struct lgb_run *r, const char *name);
/*
 * Append a copy of *rec. The counts follow the status (SHOWN: published and
 * shown; DROPPED: published and dropped; REPEATED: repeated) and a shown
 * frame's latency joins r->latency. A caller that counts from observations
 * with lgb_count_frames() may overwrite r->counts afterwards.
 */
void lgb_run_add(struct lgb_run *r, const struct lgb_record *rec);
/* Add an extra figure (key and unit truncated to fit); -ENOSPC when the run
 * already has LGB_RUN_MAX_EXTRA of them, else 0. */
int lgb_run_extra(struct lgb_run *r, const char *key, double value, const char *unit);
/* Free the records and samples; the run is left empty (safe to call twice). */
void lgb_run_free(struct lgb_run *r);

/* ---- the machine (machine.c) ---- */

/* Empty strings mean "unknown" and are printed as "-" (JSON: null). */
struct lgb_machine {
	char cpu[128];
	int cores; /* online; 0 when unknown */
	char kernel[128];
	char gl_renderer[128]; /* filled by the caller */
	char display[128];     /* filled by the caller */
};

/* Zero *m, then fill the CPU model (/proc/cpuinfo), the online cores and the
 * kernel (uname: system, release, architecture). Never fails: what cannot be
 * found stays empty. */
void lgb_machine_probe(struct lgb_machine *m);

/* The machine's CPU time (/proc/stat, all CPUs, in ticks), and the part of
 * it the hypervisor took for others (steal): on a shared VM a benchmark's
 * stalls are explained by it. */
struct lgb_cpu_times {
	unsigned long long total, steal;
};
bool lgb_cpu_times_read(struct lgb_cpu_times *t);
/* Steal between a and b in percent of all CPU time; NaN when unknown. */
double lgb_cpu_steal_percent(const struct lgb_cpu_times *a, const struct lgb_cpu_times *b);

/* ---- output ---- */

/*
 * settings (all writers): NULL-terminated key, value pairs of strings, e.g.
 * {"size", "1920x1080", "fps", "60", NULL}; NULL is no settings.
 */

/*
 * A table for people (report_text.c): the machine and settings, then per run
 * the records ("frames"), shown fps, p50/p90/p99/p99.9/max latency, shown/dropped/
 * repeated, CPU ms/frame; then the extras; with two or more runs, the ratio
 * of each run's p50, p99 and CPU to the first run's. Unknown figures are "-".
 */
void lgb_print_table(FILE *out, const struct lgb_machine *m, const char *const *settings,
		     const struct lgb_run *runs, size_t n);

/* Every record as CSV (report_text.c): a header "run,serial,t_ms,latency_ms,
 * status", then one row per record; a dropped frame's latency is empty; run
 * names are quoted as RFC 4180 says when they need it. 0 or -errno. */
int lgb_write_csv(const char *path, const struct lgb_run *runs, size_t n);

/*
 * JSON (report_json.c): {"machine", "settings", "runs": [{"name", "seconds",
 * "cpu_ms_per_frame", "summary", "counts", "extras": [{"key", "value",
 * "unit"}], "samples": [{"serial", "t_ms", "latency_ms", "status"}]}]}.
 * NaN and infinities are written as null; strings are escaped (control
 * characters as \uXXXX) and invalid UTF-8 is replaced by U+FFFD. 0 or -errno.
 */
int lgb_write_json(const char *path, const struct lgb_machine *m, const char *const *settings,
		   const struct lgb_run *runs, size_t n);

/*
 * A standalone SVG 1.1 picture (report_svg.c): a histogram of the latency of
 * the shown frames (shared bins, one colour per run, as % of the run's
 * frames; the range ends at the largest p99.9 and the last bin holds what is
 * above it) and a timeline (latency against time, one polyline per run), with
 * axes, tick labels and a legend. 0 or -errno.
 */
int lgb_write_svg(const char *path, const char *title, const struct lgb_run *runs, size_t n);

/* Write len bytes to path (created or truncated, mode 0644): 0 or -errno.
 * The writers' common last step. */
int lgb_save(const char *path, const char *data, size_t len);

#endif
