// SPDX-License-Identifier: GPL-2.0-or-later
/* lgbench-report: percentiles, frame counts, and the table/CSV/JSON/SVG/progress output. */
/* cmocka.h needs these first */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "progress.h"
#include "report.h"

/* ---- helpers ---- */

static void fill(struct lgb_samples *s, const double *v, size_t n)
{
	for (size_t i = 0; i < n; ++i)
		lgb_samples_add(s, v[i]);
}

static void add(struct lgb_run *r, uint32_t serial, double t, double lat, enum lgb_frame_status st)
{
	struct lgb_record rec = {.serial = serial, .t_ms = t, .latency_ms = lat, .status = st};
	lgb_run_add(r, &rec);
}

/* Two small runs; the second has a name that needs escaping everywhere. */
static void two_runs(struct lgb_run runs[2], const char *second)
{
	lgb_run_init(&runs[0], "ring");
	add(&runs[0], 1, 0, 1.0, LGB_SHOWN);
	add(&runs[0], 2, 16.7, 2.0, LGB_SHOWN);
	add(&runs[0], 3, 33.3, 3.0, LGB_SHOWN);
	runs[0].seconds = 0.05;
	runs[0].cpu_ms_per_frame = 0.5;
	lgb_run_init(&runs[1], second);
	add(&runs[1], 1, 0, 2.0, LGB_SHOWN);
	add(&runs[1], 2, 16.0, NAN, LGB_DROPPED);
	add(&runs[1], 3, 33.0, 4.0, LGB_SHOWN);
	add(&runs[1], 3, 40.0, 6.0, LGB_REPEATED);
	runs[1].seconds = 0.05;
	runs[1].cpu_ms_per_frame = 1.0;
	lgb_run_extra(&runs[1], "copy", 11.5, "GB/s");
}

static gchar *dir; /* for the files the test writes; removed at the end */

static gchar *tmp_path(const char *name)
{
	if (!dir) {
		dir = g_dir_make_tmp("lgb-report-XXXXXX", NULL);
		assert_non_null(dir);
	}
	return g_build_filename(dir, name, NULL);
}

static gchar *slurp(const char *path)
{
	gchar *text = NULL;
	assert_true(g_file_get_contents(path, &text, NULL, NULL));
	return text;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* ---- a tiny JSON validator: true when all of s is one JSON value ---- */

static void ws(const char **p)
{
	while (**p == ' ' || **p == '\n' || **p == '\r' || **p == '\t')
		++*p;
}

static bool j_value(const char **p);

static bool j_string(const char **p)
{
	if (**p != '"')
		return false;
	for (++*p; **p != '"'; ++*p) {
		if ((unsigned char)**p < 0x20)
			return false;
		if (**p == '\\') {
			++*p;
			if (**p == 'u') {
				for (int i = 0; i < 4; ++i)
					if (!g_ascii_isxdigit(*++*p))
						return false;
			} else if (!strchr("\"\\/bfnrt", **p) || !**p) {
				return false;
			}
		}
	}
	++*p;
	return true;
}

static bool j_number(const char **p)
{
	const char *s = *p;
	if (**p == '-')
		++*p;
	if (**p == '0')
		++*p;
	else if (g_ascii_isdigit(**p))
		while (g_ascii_isdigit(**p))
			++*p;
	else
		return false;
	if (**p == '.') {
		if (!g_ascii_isdigit(*++*p))
			return false;
		while (g_ascii_isdigit(**p))
			++*p;
	}
	if (**p == 'e' || **p == 'E') {
		++*p;
		if (**p == '+' || **p == '-')
			++*p;
		if (!g_ascii_isdigit(**p))
			return false;
		while (g_ascii_isdigit(**p))
			++*p;
	}
	return *p > s;
}

static bool j_list(const char **p, char close, bool object)
{
	++*p;
	ws(p);
	if (**p == close) {
		++*p;
		return true;
	}
	for (;;) {
		ws(p);
		if (object) {
			if (!j_string(p))
				return false;
			ws(p);
			if (*(*p)++ != ':')
				return false;
			ws(p);
		}
		if (!j_value(p))
			return false;
		ws(p);
		if (**p == close) {
			++*p;
			return true;
		}
		if (*(*p)++ != ',')
			return false;
	}
}

static bool j_value(const char **p)
{
	static const char *const words[] = {"true", "false", "null"};
	ws(p);
	if (**p == '{')
		return j_list(p, '}', true);
	if (**p == '[')
		return j_list(p, ']', false);
	if (**p == '"')
		return j_string(p);
	for (size_t i = 0; i < G_N_ELEMENTS(words); ++i) {
		if (g_str_has_prefix(*p, words[i])) {
			*p += strlen(words[i]);
			return true;
		}
	}
	return j_number(p);
}

static bool json_valid(const char *s)
{
	if (!j_value(&s))
		return false;
	ws(&s);
	return *s == '\0';
}

/* ---- a tiny XML checker: balanced tags, one root, entities, no '<' in
 * attribute values ---- */

static bool xml_well_formed(const char *s, const char *root)
{
	GPtrArray *stack = g_ptr_array_new_with_free_func(g_free);
	size_t roots = 0;
	bool ok = true;
	while (ok && *s) {
		if (*s == '&') {
			static const char *const ents[] = {"&lt;", "&gt;", "&amp;", "&quot;",
							   "&apos;"};
			bool known = false;
			for (size_t i = 0; i < G_N_ELEMENTS(ents); ++i)
				known |= g_str_has_prefix(s, ents[i]);
			ok = known;
			s++;
		} else if (*s != '<') {
			ok = stack->len > 0 || g_ascii_isspace(*s);
			s++;
		} else if (g_str_has_prefix(s, "<!--") || g_str_has_prefix(s, "<?")) {
			const char *end = strstr(s, s[1] == '!' ? "-->" : "?>");
			ok = end != NULL;
			s = end ? end + 2 : s;
		} else {
			bool closing = s[1] == '/';
			s += closing ? 2 : 1;
			size_t len = strcspn(s, " \t\n/>");
			gchar *name = g_strndup(s, len);
			s += len;
			char quote = 0;
			for (; *s && (quote || *s != '>'); ++s) {
				if (quote && *s == '<')
					ok = false;
				if (*s == '"' || *s == '\'')
					quote = quote == *s ? 0 : quote ? quote : *s;
			}
			ok = ok && *s == '>' && len > 0;
			bool self = ok && s[-1] == '/';
			s += *s ? 1 : 0;
			if (closing) {
				ok = ok && stack->len &&
				     !strcmp(g_ptr_array_index(stack, stack->len - 1), name);
				if (ok)
					g_ptr_array_set_size(stack, stack->len - 1);
				g_free(name);
			} else {
				if (stack->len == 0) {
					roots++;
					ok = ok && !strcmp(name, root);
				}
				if (self)
					g_free(name);
				else
					g_ptr_array_add(stack, name);
			}
		}
	}
	ok = ok && stack->len == 0 && roots == 1;
	g_ptr_array_free(stack, TRUE);
	return ok;
}

/* ---- percentiles and summary ---- */

static void test_percentile_1_to_100(void **state)
{
	struct lgb_samples s = {0};
	for (int i = 0; i < 100; ++i)
		lgb_samples_add(&s, (double)((i * 37) % 100 + 1)); /* 1..100, shuffled */
	assert_int_equal(s.n, 100);
	assert_true(lgb_percentile(&s, 50) == 50);
	assert_true(lgb_percentile(&s, 90) == 90);
	assert_true(lgb_percentile(&s, 99) == 99);
	assert_true(lgb_percentile(&s, 99.9) == 100);
	assert_true(lgb_percentile(&s, 100) == 100);
	assert_true(lgb_percentile(&s, 0.5) == 1);
	assert_true(lgb_percentile(&s, 1) == 1);
	assert_true(lgb_percentile(&s, 1.01) == 2);
	assert_true(isnan(lgb_percentile(&s, 0)));
	assert_true(isnan(lgb_percentile(&s, 100.5)));
	assert_true(isnan(lgb_percentile(&s, NAN)));
	/* the input order is untouched */
	assert_true(s.v[0] == 1 && s.v[1] == 38);
	lgb_samples_free(&s);
	assert_null(s.v);
	assert_int_equal(s.n, 0);
}

static void test_percentile_duplicates(void **state)
{
	/* sorted: 1 2 3 3 3 5 7 7 9 10 */
	const double v[] = {5, 1, 3, 3, 3, 9, 7, 7, 2, 10};
	struct lgb_samples s = {0};
	fill(&s, v, G_N_ELEMENTS(v));
	const struct {
		double p, want;
	} cases[] = {{10, 1}, {20, 2}, {30, 3}, {50, 3},  {60, 5},
		     {61, 7}, {80, 7}, {90, 9}, {99, 10}, {99.9, 10}};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); ++i) {
		double got = lgb_percentile(&s, cases[i].p);
		if (got != cases[i].want)
			fail_msg("p%g: %g, want %g", cases[i].p, got, cases[i].want);
	}
	lgb_samples_free(&s);
}

static void test_percentile_single_and_empty(void **state)
{
	struct lgb_samples s = {0};
	assert_true(isnan(lgb_percentile(&s, 50)));
	struct lgb_summary sum;
	lgb_summarize(&s, &sum);
	assert_int_equal(sum.n, 0);
	assert_true(isnan(sum.min) && isnan(sum.mean) && isnan(sum.p50) && isnan(sum.p999) &&
		    isnan(sum.max));
	lgb_samples_add(&s, NAN); /* skipped */
	assert_int_equal(s.n, 0);
	lgb_samples_add(&s, 7.25);
	assert_true(lgb_percentile(&s, 0.1) == 7.25);
	assert_true(lgb_percentile(&s, 50) == 7.25);
	assert_true(lgb_percentile(&s, 100) == 7.25);
	lgb_summarize(&s, &sum);
	assert_true(sum.n == 1 && sum.min == 7.25 && sum.mean == 7.25 && sum.p999 == 7.25 &&
		    sum.max == 7.25);
	lgb_samples_free(&s);
	lgb_samples_free(&s);
}

static void test_summary(void **state)
{
	const double v[] = {9, 4, 2, 4, 5, 4, 7, 5};
	struct lgb_samples s = {0};
	fill(&s, v, G_N_ELEMENTS(v));
	struct lgb_summary sum;
	lgb_summarize(&s, &sum);
	assert_int_equal(sum.n, 8);
	assert_true(sum.min == 2 && sum.max == 9);
	assert_true(fabs(sum.mean - 5.0) < 1e-12);
	assert_true(sum.p50 == 4 && sum.p90 == 9 && sum.p99 == 9);
	lgb_samples_free(&s);

	/* 1..1000: p99.9 is the 999th, not the max (rounding must not push it up) */
	for (int i = 1000; i >= 1; --i)
		lgb_samples_add(&s, i);
	lgb_summarize(&s, &sum);
	assert_true(sum.p50 == 500 && sum.p90 == 900 && sum.p99 == 990 && sum.p999 == 999);
	assert_true(sum.max == 1000 && sum.min == 1 && fabs(sum.mean - 500.5) < 1e-9);
	/* 16.1 * 1000 / 100 is 161.00000000000003 in doubles: still rank 161 */
	assert_true(lgb_percentile(&s, 16.1) == 161);
	assert_true(lgb_percentile(&s, 16.11) == 162);
	lgb_samples_free(&s);
}

/* ---- frame counts ---- */

static void test_count_frames(void **state)
{
	const struct {
		const char *what;
		uint64_t published;
		uint32_t obs[8];
		size_t n;
		struct lgb_counts want;
	} cases[] = {
		{"all shown", 3, {1, 2, 3}, 3, {3, 3, 0, 0}},
		{"gaps", 10, {1, 2, 4, 7, 10}, 5, {10, 5, 5, 0}},
		{"tail dropped", 6, {1, 2}, 2, {6, 2, 4, 0}},
		{"shown twice", 5, {1, 2, 3, 2, 4, 5}, 6, {5, 5, 0, 1}},
		{"back and forth", 2, {1, 2, 1, 2}, 4, {2, 2, 0, 2}},
		{"same appearance", 2, {1, 1, 2, 2}, 4, {2, 2, 0, 0}},
		{"out of order", 4, {1, 3, 2, 4}, 4, {4, 4, 0, 0}},
		{"late then again", 4, {1, 3, 2, 3}, 4, {4, 3, 1, 1}},
		{"unknown serials", 3, {0, 1, 9, 3}, 4, {3, 2, 1, 0}},
		{"nothing seen", 3, {0}, 0, {3, 0, 3, 0}},
		{"nothing published", 0, {1, 2}, 2, {0, 0, 0, 0}},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); ++i) {
		struct lgb_counts c;
		lgb_count_frames(cases[i].published, cases[i].obs, cases[i].n, &c);
		const struct lgb_counts *w = &cases[i].want;
		if (c.published != w->published || c.shown != w->shown || c.dropped != w->dropped ||
		    c.repeated != w->repeated)
			fail_msg("%s: %" PRIu64 "/%" PRIu64 "/%" PRIu64 "/%" PRIu64, cases[i].what,
				 c.published, c.shown, c.dropped, c.repeated);
	}
}

static void test_run(void **state)
{
	struct lgb_run runs[2];
	two_runs(runs, "viewer");
	assert_string_equal(runs[0].name, "ring");
	const struct lgb_run *r = &runs[1];
	assert_int_equal(r->n, 4);
	assert_int_equal(r->latency.n, 2); /* shown only */
	assert_true(r->latency.v[0] == 2.0 && r->latency.v[1] == 4.0);
	assert_true(r->counts.published == 3 && r->counts.shown == 2 && r->counts.dropped == 1 &&
		    r->counts.repeated == 1);
	for (int i = 1; i < LGB_RUN_MAX_EXTRA; ++i)
		assert_int_equal(lgb_run_extra(&runs[1], "k", i, "u"), 0);
	assert_int_equal(lgb_run_extra(&runs[1], "one too many", 1, "u"), -ENOSPC);
	assert_int_equal(runs[1].nextra, LGB_RUN_MAX_EXTRA);

	struct lgb_run fresh;
	char long_name[100];
	memset(long_name, 'n', sizeof(long_name) - 1);
	long_name[99] = '\0';
	lgb_run_init(&fresh, long_name);
	assert_int_equal(strlen(fresh.name), sizeof(fresh.name) - 1);
	assert_true(isnan(fresh.cpu_ms_per_frame));
	lgb_run_free(&fresh);
	for (int i = 0; i < 2; ++i) {
		lgb_run_free(&runs[i]);
		assert_null(runs[i].rec);
		lgb_run_free(&runs[i]);
	}
}

/* ---- output ---- */

static void test_csv(void **state)
{
	struct lgb_run runs[2];
	two_runs(runs, "viewer, \"gl\"");
	gchar *path = tmp_path("out.csv");
	assert_int_equal(lgb_write_csv(path, runs, 2), 0);
	gchar *text = slurp(path);
	gchar **lines = g_strsplit(text, "\r\n", -1);
	assert_int_equal(g_strv_length(lines), 1 + 3 + 4 + 1); /* header, rows, "" */
	assert_string_equal(lines[0], "run,serial,t_ms,latency_ms,status");
	assert_string_equal(lines[1], "ring,1,0.0000,1.0000,shown");
	assert_string_equal(lines[5], "\"viewer, \"\"gl\"\"\",2,16.0000,,dropped");
	assert_string_equal(lines[7], "\"viewer, \"\"gl\"\"\",3,40.0000,6.0000,repeated");
	assert_string_equal(lines[8], "");
	g_strfreev(lines);
	g_free(text);
	lgb_run_free(&runs[0]);
	assert_int_equal(lgb_write_csv("/nonexistent-dir/x.csv", runs, 2), -ENOENT);
	/* a comma alone is enough to quote */
	lgb_run_init(&runs[0], "a,b");
	add(&runs[0], 1, 0, 1.0, LGB_SHOWN);
	assert_int_equal(lgb_write_csv(path, runs, 1), 0);
	text = slurp(path);
	assert_string_equal(text, "run,serial,t_ms,latency_ms,status\r\n"
				  "\"a,b\",1,0.0000,1.0000,shown\r\n");
	g_free(text);
	g_free(path);
	lgb_run_free(&runs[0]);
	lgb_run_free(&runs[1]);
}

static void test_json(void **state)
{
	assert_true(json_valid("{\"a\":[1,-2.5e3,null,true,\"x\\n\"]}"));
	assert_false(json_valid("{\"a\":nan}"));
	assert_false(json_valid("{\"a\":[1,2}"));
	assert_false(json_valid("\"a\nb\""));

	struct lgb_run runs[2];
	two_runs(runs, "say \"hi\"\nbye\x01\\");
	runs[0].cpu_ms_per_frame = NAN;
	runs[0].seconds = INFINITY;
	struct lgb_machine m = {.cpu = "Test CPU", .cores = 4, .kernel = "Linux 6.1 x86_64"};
	const char *const settings[] = {"size", "1920x1080", "fps", "60", NULL};
	gchar *path = tmp_path("out.json");
	assert_int_equal(lgb_write_json(path, &m, settings, runs, 2), 0);
	gchar *text = slurp(path);
	if (!json_valid(text))
		fail_msg("invalid JSON:\n%s", text);
	assert_non_null(strstr(text, "\"name\":\"say \\\"hi\\\"\\nbye\\u0001\\\\\""));
	assert_non_null(strstr(text, "\"serial\":2,\"t_ms\":16,\"latency_ms\":null,"
				     "\"status\":\"dropped\""));
	assert_non_null(strstr(text, "\"cpu_ms_per_frame\":null"));
	assert_non_null(strstr(text, "\"seconds\":null"));
	assert_non_null(strstr(text, "\"cores\":4"));
	assert_non_null(strstr(text, "\"gl_renderer\":null"));
	assert_non_null(strstr(text, "\"settings\":{\"size\":\"1920x1080\",\"fps\":\"60\"}"));
	assert_non_null(strstr(text, "\"counts\":{\"published\":3,\"shown\":2,\"dropped\":1,"
				     "\"repeated\":1}"));
	assert_non_null(strstr(text, "\"p50\":2,"));
	assert_non_null(strstr(text, "{\"key\":\"copy\",\"value\":11.5,\"unit\":\"GB/s\"}"));
	gchar *lower = g_ascii_strdown(text, -1);
	assert_null(strstr(lower, "nan"));
	assert_null(strstr(lower, "inf"));
	g_free(lower);
	g_free(text);

	/* no machine, no settings, no runs: still JSON */
	assert_int_equal(lgb_write_json(path, NULL, NULL, NULL, 0), 0);
	text = slurp(path);
	assert_true(json_valid(text));
	g_free(text);
	g_free(path);
	lgb_run_free(&runs[0]);
	lgb_run_free(&runs[1]);
}

static void test_svg(void **state)
{
	assert_true(xml_well_formed("<svg a=\"1\"><g><x/></g>t &amp;</svg>", "svg"));
	assert_false(xml_well_formed("<svg><g></svg></g>", "svg"));
	assert_false(xml_well_formed("<svg>a < b</svg>", "svg"));
	assert_false(xml_well_formed("<svg>a & b</svg>", "svg"));

	struct lgb_run runs[3];
	two_runs(runs, "viewer <gl> & 'co'");
	lgb_run_init(&runs[2], "long");
	for (int i = 0; i < 5000; ++i) /* many points, one outlier */
		add(&runs[2], (uint32_t)i + 1, i * 16.7, i == 2500 ? 100.0 : 1.5 + (i % 7) * 0.1,
		    LGB_SHOWN);
	gchar *path = tmp_path("out.svg");
	assert_int_equal(lgb_write_svg(path, "a < b & \"c\"", runs, 3), 0);
	gchar *text = slurp(path);
	assert_true(g_str_has_prefix(text, "<svg"));
	if (!xml_well_formed(text, "svg"))
		fail_msg("not well-formed:\n%s", text);
	assert_non_null(strstr(text, "xmlns=\"http://www.w3.org/2000/svg\""));
	assert_int_equal(count(text, "<polyline"), 3);
	assert_non_null(strstr(text, ">a &lt; b &amp; &quot;c&quot;</text>"));
	assert_non_null(strstr(text, ">ring ("));
	assert_non_null(strstr(text, ">viewer &lt;gl&gt; &amp; &apos;co&apos; ("));
	assert_non_null(strstr(text, ">long ("));
	assert_int_equal(count(text, "<path"), 3);	     /* a histogram per run */
	assert_non_null(strstr(text, "the last bin holds")); /* the outlier */
	assert_true(count(text, "<text") > 10);		     /* tick labels */
	assert_non_null(strstr(text, ">100</text>")); /* the timeline's range has the outlier */
	gchar *lower = g_ascii_strdown(text, -1);
	assert_null(strstr(lower, "nan"));
	assert_null(strstr(lower, "inf"));
	g_free(lower);
	/* the long run (the third polyline) is thinned to at most two points a
	 * pixel column, and its spike survived */
	const char *pl = text;
	for (int i = 0; i < 3; ++i)
		pl = strstr(pl, "<polyline") + 1;
	pl = strstr(pl, "points=\"") + 8;
	gchar *points = g_strndup(pl, strcspn(pl, "\""));
	gchar **pts = g_strsplit(points, " ", -1);
	double ymin = INFINITY, ymax = -INFINITY;
	for (gchar **q = pts; *q; ++q) {
		const char *comma = strchr(*q, ',');
		assert_non_null(comma);
		double y = g_ascii_strtod(comma + 1, NULL);
		ymin = MIN(ymin, y);
		ymax = MAX(ymax, y);
	}
	assert_true(g_strv_length(pts) >= 100 && g_strv_length(pts) <= 1700);
	assert_true(ymax - ymin > 150); /* 100 ms against ~2 ms on a 220 px plot */
	g_strfreev(pts);
	g_free(points);
	g_free(text);

	/* no runs: still a picture */
	assert_int_equal(lgb_write_svg(path, NULL, NULL, 0), 0);
	text = slurp(path);
	assert_true(xml_well_formed(text, "svg"));
	g_free(text);
	g_free(path);
	for (int i = 0; i < 3; ++i)
		lgb_run_free(&runs[i]);
}

static gchar *table(const struct lgb_run *runs, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	struct lgb_machine m = {.cpu = "Test CPU", .cores = 8};
	const char *const settings[] = {"size", "640x480", NULL};
	lgb_print_table(f, &m, settings, runs, n);
	fclose(f);
	gchar *text = g_strdup(buf);
	free(buf);
	return text;
}

static void test_table(void **state)
{
	struct lgb_run runs[2];
	two_runs(runs, "viewer");
	gchar *text = table(runs, 2);
	assert_non_null(strstr(text, "Test CPU (8 cores), -"));
	assert_non_null(strstr(text, "settings: size=640x480"));
	assert_non_null(strstr(text, "p99.9 ms"));
	/* ring p50 2, p99 3; viewer p50 2, p99 4; CPU 0.5 vs 1.0 */
	assert_non_null(strstr(text, "ratio to ring:"));
	assert_non_null(strstr(text, "viewer  p50 x1.00  p99 x1.33  CPU x2.00"));
	assert_non_null(strstr(text, "viewer: copy 11.5 GB/s"));
	assert_non_null(strstr(text, "    60.0")); /* fps: 3 shown in 0.05 s */
	g_free(text);

	text = table(runs, 1);
	assert_null(strstr(text, "ratio"));
	g_free(text);
	lgb_run_free(&runs[0]);
	lgb_run_free(&runs[1]);
}

/* ---- progress ---- */

/* Run fn with stderr going to a file; returns what it wrote. */
static gchar *capture_stderr(void (*fn)(bool force), bool force)
{
	gchar *path = tmp_path("stderr.txt");
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	fflush(stderr);
	int saved = dup(STDERR_FILENO);
	dup2(fd, STDERR_FILENO);
	fn(force);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	close(fd);
	gchar *text = slurp(path);
	g_free(path);
	return text;
}

static void progress_run(bool force)
{
	struct lgb_progress p;
	lgb_progress_start(&p, 10, 100.0, force);
	assert_true(p.enabled == force); /* stderr is a file here */
	lgb_progress_update(&p, 100.0, "first");
	lgb_progress_update(&p, 100.05, "skipped"); /* within 0.1 s */
	lgb_progress_update(&p, 105.0, "half");
	lgb_progress_finish(&p);
	lgb_progress_update(&p, 106.0, "after");
}

static void test_progress(void **state)
{
	gchar *text = capture_stderr(progress_run, false);
	assert_string_equal(text, "");
	g_free(text);

	text = capture_stderr(progress_run, true);
	assert_non_null(strstr(text, "first"));
	assert_null(strstr(text, "skipped"));
	assert_null(strstr(text, "after"));
	assert_non_null(strstr(text, "]  50%  half  ETA 0:05"));
	assert_non_null(strstr(text, "[###############...............]"));
	assert_true(g_str_has_suffix(text, "\r"));
	g_free(text);
}

static void test_machine(void **state)
{
	struct lgb_machine m;
	memset(&m, 0x55, sizeof(m));
	lgb_machine_probe(&m);
	assert_true(m.cores >= 1);
	assert_true(g_str_has_prefix(m.kernel, "Linux "));
	assert_string_equal(m.gl_renderer, "");
	assert_string_equal(m.display, "");
	assert_true(strlen(m.cpu) < sizeof(m.cpu));
	if (g_file_test("/proc/cpuinfo", G_FILE_TEST_EXISTS))
		assert_true(m.cpu[0] != '\0');
}

static int remove_dir(void **state)
{
	GDir *d = dir ? g_dir_open(dir, 0, NULL) : NULL;
	for (const char *name; d && (name = g_dir_read_name(d));) {
		gchar *path = g_build_filename(dir, name, NULL);
		unlink(path);
		g_free(path);
	}
	if (d)
		g_dir_close(d);
	if (dir)
		rmdir(dir);
	g_clear_pointer(&dir, g_free);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_percentile_1_to_100),
		cmocka_unit_test(test_percentile_duplicates),
		cmocka_unit_test(test_percentile_single_and_empty),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_count_frames),
		cmocka_unit_test(test_run),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_svg),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_progress),
		cmocka_unit_test(test_machine),
	};
	return cmocka_run_group_tests(tests, NULL, remove_dir);
}
