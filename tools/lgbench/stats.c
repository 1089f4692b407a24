// SPDX-License-Identifier: GPL-2.0-or-later
/* Latency samples, nearest-rank percentiles, frame counts and runs. */
#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

void lgb_samples_add(struct lgb_samples *s, double ms)
{
	if (isnan(ms))
		return;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->v = g_renew(double, s->v, s->cap);
	}
	s->v[s->n++] = ms;
}

void lgb_samples_free(struct lgb_samples *s)
{
	g_free(s->v);
	*s = (struct lgb_samples){0};
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* sorted[ceil(p/100 * n) - 1]. In doubles p * n / 100 can land just above a
 * whole rank (16.1 * 1000 / 100 = 161.00000000000003); the relative tolerance
 * takes it back, and is far below the step between two true ranks. */
static double rank_of(const double *sorted, size_t n, double p)
{
	if (n == 0 || !(p > 0 && p <= 100))
		return NAN;
	double x = p * (double)n / 100.0;
	double rank = ceil(x - x * 1e-12);
	if (rank < 1)
		rank = 1;
	if (rank > (double)n)
		rank = (double)n;
	return sorted[(size_t)rank - 1];
}

static double *sorted_copy(const struct lgb_samples *s)
{
	double *v = g_memdup2(s->v, s->n * sizeof(*v));
	qsort(v, s->n, sizeof(*v), cmp_double);
	return v;
}

double lgb_percentile(const struct lgb_samples *s, double p)
{
	if (s->n == 0 || !(p > 0 && p <= 100))
		return NAN;
	double *v = sorted_copy(s);
	double r = rank_of(v, s->n, p);
	g_free(v);
	return r;
}

void lgb_summarize(const struct lgb_samples *s, struct lgb_summary *out)
{
	*out = (struct lgb_summary){.n = s->n};
	if (s->n == 0) {
		out->min = out->mean = out->p50 = out->p90 = NAN;
		out->p99 = out->p999 = out->max = NAN;
		return;
	}
	double *v = sorted_copy(s);
	double sum = 0;
	for (size_t i = 0; i < s->n; ++i)
		sum += v[i];
	out->min = v[0];
	out->max = v[s->n - 1];
	out->mean = sum / (double)s->n;
	out->p50 = rank_of(v, s->n, 50);
	out->p90 = rank_of(v, s->n, 90);
	out->p99 = rank_of(v, s->n, 99);
	out->p999 = rank_of(v, s->n, 99.9);
	g_free(v);
}

const char *lgb_status_name(enum lgb_frame_status status)
{
	switch (status) {
	case LGB_SHOWN:
		return "shown";
	case LGB_DROPPED:
		return "dropped";
	case LGB_REPEATED:
		return "repeated";
	}
	return "?";
}

void lgb_count_frames(uint64_t published, const uint32_t *observed, size_t n,
		      struct lgb_counts *out)
{
	*out = (struct lgb_counts){.published = published};
	uint32_t top = 0; /* the largest serial worth a bit */
	for (size_t i = 0; i < n; ++i)
		if (observed[i] <= published && observed[i] > top)
			top = observed[i];
	uint8_t *seen = g_malloc0(top / 8 + 1);
	uint32_t prev = 0;
	for (size_t i = 0; i < n; ++i) {
		uint32_t s = observed[i];
		if (s == 0 || s > published)
			continue;
		if (s == prev)
			continue; /* still the same appearance */
		prev = s;
		uint8_t bit = (uint8_t)(1u << (s % 8));
		if (seen[s / 8] & bit) {
			out->repeated++;
		} else {
			seen[s / 8] |= bit;
			out->shown++;
		}
	}
	g_free(seen);
	out->dropped = published - out->shown;
}

void lgb_run_init(struct lgb_run *r, const char *name)
{
	*r = (struct lgb_run){.cpu_ms_per_frame = NAN};
	g_strlcpy(r->name, name ? name : "", sizeof(r->name));
}

void lgb_run_add(struct lgb_run *r, const struct lgb_record *rec)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 256;
		r->rec = g_renew(struct lgb_record, r->rec, r->cap);
	}
	r->rec[r->n++] = *rec;
	switch (rec->status) {
	case LGB_SHOWN:
		r->counts.published++;
		r->counts.shown++;
		lgb_samples_add(&r->latency, rec->latency_ms);
		break;
	case LGB_DROPPED:
		r->counts.published++;
		r->counts.dropped++;
		break;
	case LGB_REPEATED:
		r->counts.repeated++;
		break;
	}
}

int lgb_run_extra(struct lgb_run *r, const char *key, double value, const char *unit)
{
	if (r->nextra >= LGB_RUN_MAX_EXTRA)
		return -ENOSPC;
	struct lgb_extra *e = &r->extra[r->nextra++];
	g_strlcpy(e->key, key ? key : "", sizeof(e->key));
	g_strlcpy(e->unit, unit ? unit : "", sizeof(e->unit));
	e->value = value;
	return 0;
}

void lgb_run_free(struct lgb_run *r)
{
	g_free(r->rec);
	r->rec = NULL;
	r->n = r->cap = 0;
	lgb_samples_free(&r->latency);
}
