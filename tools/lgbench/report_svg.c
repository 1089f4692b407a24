// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The SVG report: a latency histogram and a latency timeline, one colour per
 * run. Numbers are printed under the C locale (uselocale, this thread only),
 * so that a decimal comma never reaches the file.
 */
#include <glib.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "report.h"

#define WIDTH 900.0
#define LEFT 70.0
#define PLOT_W 800.0
#define PLOT_H 220.0
#define BINS 40

static const char *const colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e",
				      "#9467bd", "#8c564b", "#e377c2", "#17becf"};

static const char *colour(size_t i)
{
	return colours[i % G_N_ELEMENTS(colours)];
}

/* Text for XML: valid UTF-8, markup escaped, the control characters XML 1.0
 * forbids replaced by '?'. */
static void xml_text(GString *out, const char *s)
{
	gchar *valid = g_utf8_make_valid(s ? s : "", -1);
	for (const unsigned char *p = (const unsigned char *)valid; *p; ++p) {
		switch (*p) {
		case '<':
			g_string_append(out, "&lt;");
			break;
		case '>':
			g_string_append(out, "&gt;");
			break;
		case '&':
			g_string_append(out, "&amp;");
			break;
		case '"':
			g_string_append(out, "&quot;");
			break;
		case '\'':
			g_string_append(out, "&apos;");
			break;
		default:
			if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
				g_string_append_c(out, '?');
			else
				g_string_append_c(out, (char)*p);
		}
	}
	g_free(valid);
}

/* A plot area on the page and the data range it shows. */
struct plot {
	double top;
	double xmin, xmax, ymin, ymax;
};

static double px(const struct plot *p, double x)
{
	return LEFT + (x - p->xmin) / (p->xmax - p->xmin) * PLOT_W;
}

static double py(const struct plot *p, double y)
{
	return p->top + PLOT_H - (y - p->ymin) / (p->ymax - p->ymin) * PLOT_H;
}

/* A 1, 2 or 5 times 10^k step giving about five ticks over range. */
static double tick_step(double range)
{
	double raw = range / 5, mag = pow(10, floor(log10(raw))), f = raw / mag;
	return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
}

static void axis_ticks(GString *out, const struct plot *p, bool vertical)
{
	double lo = vertical ? p->ymin : p->xmin, hi = vertical ? p->ymax : p->xmax;
	double step = tick_step(hi - lo), first = ceil(lo / step - 1e-9);
	double bottom = p->top + PLOT_H;
	/* At most 20, even where rounding makes first + i == first + i + 1. */
	for (int i = 0; i < 20; ++i) {
		double v = (first + i) * step + 0.0; /* + 0.0: no "-0" label */
		if (v > hi + step * 1e-9)
			break;
		double x = vertical ? LEFT : px(p, v), y = vertical ? py(p, v) : bottom;
		g_string_append_printf(out,
				       "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
				       "stroke=\"#000\"/><text x=\"%.1f\" y=\"%.1f\" "
				       "text-anchor=\"%s\">%g</text>\n",
				       vertical ? x - 5 : x, y, x, vertical ? y : y + 5,
				       vertical ? x - 8 : x, vertical ? y + 4 : y + 18,
				       vertical ? "end" : "middle", v);
	}
}

static void axes(GString *out, const struct plot *p, const char *xlabel, const char *ylabel)
{
	g_string_append_printf(out,
			       "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
			       "fill=\"none\" stroke=\"#000\"/>\n",
			       LEFT, p->top, PLOT_W, PLOT_H);
	axis_ticks(out, p, false);
	axis_ticks(out, p, true);
	g_string_append_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
			       LEFT + PLOT_W / 2, p->top + PLOT_H + 36);
	xml_text(out, xlabel);
	g_string_append_printf(out,
			       "</text>\n<text transform=\"translate(18 %.1f) rotate(-90)\" "
			       "text-anchor=\"middle\">",
			       p->top + PLOT_H / 2);
	xml_text(out, ylabel);
	g_string_append(out, "</text>\n");
}

/* The finite range of every shown latency, and where the histogram stops:
 * the largest p99.9, so that a few outliers do not squeeze it. */
static bool latency_range(const struct lgb_run *runs, size_t n, double *lo, double *hi, double *cut)
{
	*lo = INFINITY, *hi = -INFINITY, *cut = -INFINITY;
	for (size_t i = 0; i < n; ++i) {
		const struct lgb_samples *s = &runs[i].latency;
		for (size_t j = 0; j < s->n; ++j) {
			if (isfinite(s->v[j])) {
				*lo = MIN(*lo, s->v[j]);
				*hi = MAX(*hi, s->v[j]);
			}
		}
		double p = lgb_percentile(s, 99.9);
		if (isfinite(p))
			*cut = MAX(*cut, p);
	}
	if (*lo > *hi)
		return false;
	*cut = CLAMP(*cut, *lo, *hi);
	if (*cut <= *lo)
		*cut = *hi > *lo ? *hi : *lo + 1;
	return true;
}

/* Per run, the % of its shown frames in each bin; false for a run without any. */
static bool bin_run(const struct lgb_samples *s, double lo, double bw, double pct[BINS])
{
	size_t count[BINS] = {0}, total = 0;
	for (size_t j = 0; j < s->n; ++j) {
		if (!isfinite(s->v[j]))
			continue;
		double b = floor((s->v[j] - lo) / bw);
		count[(size_t)CLAMP(b, 0, BINS - 1)]++;
		total++;
	}
	for (size_t b = 0; b < BINS; ++b)
		pct[b] = total ? 100.0 * (double)count[b] / (double)total : 0;
	return total > 0;
}

static void histogram(GString *out, double top, const struct lgb_run *runs, size_t n)
{
	double lo, hi, cut;
	if (!latency_range(runs, n, &lo, &hi, &cut))
		lo = 0, hi = cut = 1;
	double bw = (cut - lo) / BINS;
	double(*pct)[BINS] = g_malloc_n(MAX(n, 1), sizeof(*pct));
	bool *has = g_new0(bool, MAX(n, 1));
	struct plot p = {.top = top, .xmin = lo, .xmax = cut, .ymin = 0, .ymax = 1};
	for (size_t i = 0; i < n; ++i) {
		has[i] = bin_run(&runs[i].latency, lo, bw, pct[i]);
		for (size_t b = 0; has[i] && b < BINS; ++b)
			p.ymax = MAX(p.ymax, pct[i][b] * 1.05);
	}
	for (size_t i = 0; i < n; ++i) {
		if (!has[i])
			continue;
		g_string_append_printf(out,
				       "<path fill=\"%s\" fill-opacity=\"0.25\" stroke=\"%s\" "
				       "d=\"M%.1f %.1f",
				       colour(i), colour(i), px(&p, lo), py(&p, 0));
		for (size_t b = 0; b < BINS; ++b)
			g_string_append_printf(out, " V%.1f H%.1f", py(&p, pct[i][b]),
					       px(&p, lo + (double)(b + 1) * bw));
		g_string_append_printf(out, " V%.1f Z\"/>\n", py(&p, 0));
	}
	g_free(pct);
	g_free(has);
	axes(out, &p, hi > cut ? "latency (ms); the last bin holds all above" : "latency (ms)",
	     "% of frames");
}

static bool plotted(const struct lgb_record *r)
{
	return r->status == LGB_SHOWN && isfinite(r->t_ms) && isfinite(r->latency_ms);
}

/* One polyline per run with shown frames. Each pixel column keeps its
 * lowest and highest point, in time order, so spikes survive. */
static void timeline_run(GString *out, const struct plot *p, const struct lgb_run *r,
			 const char *col)
{
	const struct lgb_record *lo = NULL, *hi = NULL;
	long column = LONG_MIN;
	bool any = false;
	for (size_t j = 0; j <= r->n; ++j) {
		const struct lgb_record *rec = j < r->n ? &r->rec[j] : NULL;
		if (rec && !plotted(rec))
			continue;
		long c = rec ? lround(px(p, rec->t_ms / 1000)) : LONG_MAX;
		if (c != column && lo) {
			if (!any)
				g_string_append_printf(out,
						       "<polyline fill=\"none\" stroke=\"%s\" "
						       "stroke-width=\"1\" points=\"",
						       col);
			const struct lgb_record *a = lo < hi ? lo : hi, *b = lo < hi ? hi : lo;
			g_string_append_printf(out, "%s%.1f,%.1f", any ? " " : "",
					       px(p, a->t_ms / 1000), py(p, a->latency_ms));
			if (b != a)
				g_string_append_printf(out, " %.1f,%.1f", px(p, b->t_ms / 1000),
						       py(p, b->latency_ms));
			any = true;
			lo = hi = NULL;
		}
		if (!rec)
			break;
		column = c;
		if (!lo || rec->latency_ms < lo->latency_ms)
			lo = rec;
		if (!hi || rec->latency_ms > hi->latency_ms)
			hi = rec;
	}
	if (any)
		g_string_append(out, "\"/>\n");
}

static void timeline(GString *out, double top, const struct lgb_run *runs, size_t n)
{
	struct plot p = {.top = top, .xmin = 0, .xmax = 0, .ymin = 0, .ymax = 0};
	for (size_t i = 0; i < n; ++i) {
		for (size_t j = 0; j < runs[i].n; ++j) {
			const struct lgb_record *r = &runs[i].rec[j];
			if (plotted(r)) {
				p.xmax = MAX(p.xmax, r->t_ms / 1000);
				p.ymax = MAX(p.ymax, r->latency_ms * 1.05);
			}
		}
	}
	if (p.xmax <= 0)
		p.xmax = 1;
	if (p.ymax <= 0)
		p.ymax = 1;
	for (size_t i = 0; i < n; ++i)
		timeline_run(out, &p, &runs[i], colour(i));
	axes(out, &p, "time (s)", "latency (ms)");
}

/* Four entries a row, each a swatch, the name and its p50 / p99. */
static double legend(GString *out, double top, const struct lgb_run *runs, size_t n)
{
	for (size_t i = 0; i < n; ++i) {
		double x = LEFT + (double)(i % 4) * 200, y = top + (double)(i / 4) * 18;
		struct lgb_summary s;
		lgb_summarize(&runs[i].latency, &s);
		g_string_append_printf(out,
				       "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" "
				       "fill=\"%s\"/><text x=\"%.1f\" y=\"%.1f\">",
				       x, y, colour(i), x + 16, y + 10);
		xml_text(out, runs[i].name);
		if (s.n)
			g_string_append_printf(out, " (p50 %.3g, p99 %.3g ms)", s.p50, s.p99);
		g_string_append(out, "</text>\n");
	}
	return (double)((n + 3) / 4) * 18;
}

int lgb_write_svg(const char *path, const char *title, const struct lgb_run *runs, size_t n)
{
	locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	locale_t old = c ? uselocale(c) : (locale_t)0;
	GString *body = g_string_new(NULL);
	g_string_append(body, "<text x=\"450\" y=\"26\" text-anchor=\"middle\" "
			      "font-size=\"16\">");
	xml_text(body, title);
	g_string_append(body, "</text>\n");
	double top = 44 + legend(body, 44, runs, n) + 16;
	histogram(body, top, runs, n);
	top += PLOT_H + 70;
	timeline(body, top, runs, n);
	double height = top + PLOT_H + 50;

	GString *out = g_string_new(NULL);
	g_string_append_printf(out,
			       "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
			       "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">\n"
			       "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n"
			       "<g font-family=\"sans-serif\" font-size=\"12\">\n%s</g>\n</svg>\n",
			       WIDTH, height, WIDTH, height, body->str);
	g_string_free(body, TRUE);
	if (c) {
		uselocale(old);
		freelocale(c);
	}
	int ret = lgb_save(path, out->str, out->len);
	g_string_free(out, TRUE);
	return ret;
}
