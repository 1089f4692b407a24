// SPDX-License-Identifier: GPL-2.0-or-later
/* The JSON report: machine, settings, and per run its figures and records. */
#include <glib.h>
#include <inttypes.h>
#include <math.h>

#include "report.h"

/* A JSON string: valid UTF-8, quotes, backslashes and control characters
 * escaped. NULL is null. */
static void json_string(GString *out, const char *s)
{
	if (!s) {
		g_string_append(out, "null");
		return;
	}
	gchar *valid = g_utf8_make_valid(s, -1);
	g_string_append_c(out, '"');
	for (const unsigned char *p = (const unsigned char *)valid; *p; ++p) {
		switch (*p) {
		case '"':
			g_string_append(out, "\\\"");
			break;
		case '\\':
			g_string_append(out, "\\\\");
			break;
		case '\n':
			g_string_append(out, "\\n");
			break;
		case '\r':
			g_string_append(out, "\\r");
			break;
		case '\t':
			g_string_append(out, "\\t");
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				g_string_append_printf(out, "\\u%04x", *p);
			else
				g_string_append_c(out, (char)*p);
		}
	}
	g_string_append_c(out, '"');
	g_free(valid);
}

/* An empty string is unknown: null. */
static void json_known(GString *out, const char *s)
{
	json_string(out, s && *s ? s : NULL);
}

static void json_number(GString *out, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	if (isfinite(v))
		g_string_append(out, g_ascii_formatd(buf, sizeof(buf), "%.9g", v));
	else
		g_string_append(out, "null");
}

/* "key": */
static void json_key(GString *out, const char *key)
{
	json_string(out, key);
	g_string_append_c(out, ':');
}

static void json_machine(GString *out, const struct lgb_machine *m)
{
	if (!m) {
		g_string_append(out, "null");
		return;
	}
	g_string_append(out, "{\"cpu\":");
	json_known(out, m->cpu);
	g_string_append_printf(out, ",\"cores\":%d,\"kernel\":", m->cores);
	json_known(out, m->kernel);
	g_string_append(out, ",\"gl_renderer\":");
	json_known(out, m->gl_renderer);
	g_string_append(out, ",\"display\":");
	json_known(out, m->display);
	g_string_append_c(out, '}');
}

static void json_settings(GString *out, const char *const *settings)
{
	g_string_append_c(out, '{');
	for (size_t i = 0; settings && settings[i] && settings[i + 1]; i += 2) {
		if (i)
			g_string_append_c(out, ',');
		json_key(out, settings[i]);
		json_string(out, settings[i + 1]);
	}
	g_string_append_c(out, '}');
}

static void json_summary(GString *out, const struct lgb_samples *latency)
{
	struct lgb_summary s;
	lgb_summarize(latency, &s);
	const struct {
		const char *key;
		double v;
	} f[] = {{"min", s.min}, {"mean", s.mean},  {"p50", s.p50}, {"p90", s.p90},
		 {"p99", s.p99}, {"p99_9", s.p999}, {"max", s.max}};
	g_string_append_printf(out, "{\"n\":%zu", s.n);
	for (size_t i = 0; i < G_N_ELEMENTS(f); ++i) {
		g_string_append_c(out, ',');
		json_key(out, f[i].key);
		json_number(out, f[i].v);
	}
	g_string_append_c(out, '}');
}

static void json_run(GString *out, const struct lgb_run *r)
{
	g_string_append(out, "{\"name\":");
	json_string(out, r->name);
	g_string_append(out, ",\"seconds\":");
	json_number(out, r->seconds);
	g_string_append(out, ",\"cpu_ms_per_frame\":");
	json_number(out, r->cpu_ms_per_frame);
	g_string_append(out, ",\n   \"summary\":");
	json_summary(out, &r->latency);
	g_string_append_printf(out,
			       ",\n   \"counts\":{\"published\":%" PRIu64 ",\"shown\":%" PRIu64
			       ",\"dropped\":%" PRIu64 ",\"repeated\":%" PRIu64 "}",
			       r->counts.published, r->counts.shown, r->counts.dropped,
			       r->counts.repeated);
	g_string_append(out, ",\n   \"extras\":[");
	for (size_t i = 0; i < r->nextra; ++i) {
		g_string_append(out, i ? ",{\"key\":" : "{\"key\":");
		json_string(out, r->extra[i].key);
		g_string_append(out, ",\"value\":");
		json_number(out, r->extra[i].value);
		g_string_append(out, ",\"unit\":");
		json_string(out, r->extra[i].unit);
		g_string_append_c(out, '}');
	}
	g_string_append(out, "],\n   \"samples\":[");
	for (size_t i = 0; i < r->n; ++i) {
		const struct lgb_record *rec = &r->rec[i];
		g_string_append_printf(out,
				       "%s\n    {\"serial\":%" PRIu32 ",\"t_ms\":", i ? "," : "",
				       rec->serial);
		json_number(out, rec->t_ms);
		g_string_append(out, ",\"latency_ms\":");
		json_number(out, rec->status == LGB_DROPPED ? NAN : rec->latency_ms);
		g_string_append(out, ",\"status\":");
		json_string(out, lgb_status_name(rec->status));
		g_string_append_c(out, '}');
	}
	g_string_append(out, "]}");
}

int lgb_write_json(const char *path, const struct lgb_machine *m, const char *const *settings,
		   const struct lgb_run *runs, size_t n)
{
	GString *out = g_string_new("{\"machine\":");
	json_machine(out, m);
	g_string_append(out, ",\n \"settings\":");
	json_settings(out, settings);
	g_string_append(out, ",\n \"runs\":[");
	for (size_t i = 0; i < n; ++i) {
		g_string_append(out, i ? ",\n  " : "\n  ");
		json_run(out, &runs[i]);
	}
	g_string_append(out, "]}\n");
	int ret = lgb_save(path, out->str, out->len);
	g_string_free(out, TRUE);
	return ret;
}
