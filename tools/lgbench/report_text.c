// SPDX-License-Identifier: GPL-2.0-or-later
/* The readable table, the CSV of every record, and the writers' file helper. */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "report.h"

int lgb_save(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	while (len > 0) {
		ssize_t w = write(fd, data, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			int err = -errno;
			close(fd);
			return err;
		}
		data += w;
		len -= (size_t)w;
	}
	if (close(fd) < 0 && errno != EINTR)
		return -errno;
	return 0;
}

/* ---- CSV ---- */

static void csv_field(GString *out, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		g_string_append(out, s);
		return;
	}
	g_string_append_c(out, '"');
	for (; *s; ++s) {
		if (*s == '"')
			g_string_append_c(out, '"');
		g_string_append_c(out, *s);
	}
	g_string_append_c(out, '"');
}

/* A number with '.' whatever the locale; empty for NaN. */
static void csv_number(GString *out, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	if (!isnan(v))
		g_string_append(out, g_ascii_formatd(buf, sizeof(buf), "%.4f", v));
}

int lgb_write_csv(const char *path, const struct lgb_run *runs, size_t n)
{
	GString *out = g_string_new("run,serial,t_ms,latency_ms,status\r\n");
	for (size_t i = 0; i < n; ++i) {
		for (size_t j = 0; j < runs[i].n; ++j) {
			const struct lgb_record *r = &runs[i].rec[j];
			csv_field(out, runs[i].name);
			g_string_append_printf(out, ",%" PRIu32 ",", r->serial);
			csv_number(out, r->t_ms);
			g_string_append_c(out, ',');
			csv_number(out, r->status == LGB_DROPPED ? NAN : r->latency_ms);
			g_string_append_printf(out, ",%s\r\n", lgb_status_name(r->status));
		}
	}
	int ret = lgb_save(path, out->str, out->len);
	g_string_free(out, TRUE);
	return ret;
}

/* ---- the table ---- */

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* A figure in a column of width w, "-" when unknown. */
static void cell(FILE *out, int w, int prec, double v)
{
	if (isfinite(v))
		fprintf(out, " %*.*f", w, prec, v);
	else
		fprintf(out, " %*s", w, "-");
}

static void print_head(FILE *out, const struct lgb_machine *m, const char *const *settings)
{
	if (m) {
		fprintf(out, "machine:  %s", or_dash(m->cpu));
		if (m->cores > 0)
			fprintf(out, " (%d cores)", m->cores);
		fprintf(out, ", %s\n", or_dash(m->kernel));
		fprintf(out, "GL:       %s\ndisplay:  %s\n", or_dash(m->gl_renderer),
			or_dash(m->display));
	}
	if (settings && settings[0] && settings[1]) {
		fprintf(out, "settings:");
		for (size_t i = 0; settings[i] && settings[i + 1]; i += 2)
			fprintf(out, " %s=%s", settings[i], settings[i + 1]);
		fprintf(out, "\n");
	}
}

static double ratio(double a, double b)
{
	return isfinite(a) && isfinite(b) && b > 0 ? a / b : NAN;
}

static void print_ratio(FILE *out, const char *what, double r)
{
	if (isfinite(r))
		fprintf(out, "  %s x%.2f", what, r);
	else
		fprintf(out, "  %s -", what);
}

void lgb_print_table(FILE *out, const struct lgb_machine *m, const char *const *settings,
		     const struct lgb_run *runs, size_t n)
{
	print_head(out, m, settings);
	int w = 4;
	for (size_t i = 0; i < n; ++i)
		w = MAX(w, (int)strlen(runs[i].name));
	fprintf(out, "\n%-*s %8s %7s %8s %8s %8s %8s %8s %8s %8s %8s %9s\n", w, "run", "frames",
		"fps", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "shown", "dropped",
		"repeated", "CPU ms/f");
	struct lgb_summary *sum = g_new(struct lgb_summary, MAX(n, 1));
	for (size_t i = 0; i < n; ++i) {
		const struct lgb_run *r = &runs[i];
		lgb_summarize(&r->latency, &sum[i]);
		const struct lgb_summary s = sum[i];
		fprintf(out, "%-*s %8zu", w, r->name, r->n);
		cell(out, 7, 1, r->seconds > 0 ? (double)r->counts.shown / r->seconds : NAN);
		cell(out, 8, 3, s.p50);
		cell(out, 8, 3, s.p90);
		cell(out, 8, 3, s.p99);
		cell(out, 8, 3, s.p999);
		cell(out, 8, 3, s.max);
		fprintf(out, " %8" PRIu64 " %8" PRIu64 " %8" PRIu64, r->counts.shown,
			r->counts.dropped, r->counts.repeated);
		cell(out, 9, 3, r->cpu_ms_per_frame);
		fprintf(out, "\n");
	}
	for (size_t i = 0; i < n; ++i) {
		if (runs[i].nextra == 0)
			continue;
		fprintf(out, "\n%s:", runs[i].name);
		for (size_t j = 0; j < runs[i].nextra; ++j) {
			const struct lgb_extra *e = &runs[i].extra[j];
			fprintf(out, "%s %s %.3g %s", j ? "," : "", e->key, e->value, e->unit);
		}
		fprintf(out, "\n");
	}
	if (n >= 2)
		fprintf(out, "\nratio to %s:\n", runs[0].name);
	for (size_t i = 1; i < n; ++i) {
		fprintf(out, "%-*s", w, runs[i].name);
		print_ratio(out, "p50", ratio(sum[i].p50, sum[0].p50));
		print_ratio(out, "p99", ratio(sum[i].p99, sum[0].p99));
		print_ratio(out, "CPU", ratio(runs[i].cpu_ms_per_frame, runs[0].cpu_ms_per_frame));
		fprintf(out, "\n");
	}
	g_free(sum);
}
