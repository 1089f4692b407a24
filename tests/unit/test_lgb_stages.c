// SPDX-License-Identifier: GPL-2.0-or-later
/* lgbench viewer's breakdown of lgview's time (viewer_stages.c), from a
 * stage-times file of known frames: each stage's median, the wait for the
 * main thread and the upload apart (taken_ns), lgview's own overhead, and
 * copied->presented as a ratio of the floor. An old file without taken_ns
 * still gives the five stages. */
/* clang-format off */
/* cmocka needs these first, in this order */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "viewer_bench.h"
#include "viewer_stages.h"

#define MS 1000000ull
#define FRAMES 9

static double extra(const struct lgb_run *r, const char *key)
{
	for (size_t i = 0; i < r->nextra; ++i)
		if (!strcmp(r->extra[i].key, key))
			return r->extra[i].value;
	return NAN;
}

/* Frame s posted at s * 100 ms; detect +1, copied +3, taken +4, uploaded
 * +6, presented +11 ms; visible 12 ms after posting. */
static char *write_times(bool with_taken, uint64_t *posted, struct lgb_run *run)
{
	char *path = g_strdup("/tmp/test_lgb_stages.XXXXXX");
	int fd = g_mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fprintf(f, "serial,detected_ns,copied_ns,uploaded_ns,presented_ns%s\n",
		with_taken ? ",taken_ns" : "");
	for (uint32_t s = 1; s <= FRAMES; ++s) {
		uint64_t p = s * 100 * MS;
		posted[s] = p;
		fprintf(f, "%u,%llu,%llu,%llu,%llu", s, (unsigned long long)(p + 1 * MS),
			(unsigned long long)(p + 3 * MS), (unsigned long long)(p + 6 * MS),
			(unsigned long long)(p + 11 * MS));
		if (with_taken)
			fprintf(f, ",%llu", (unsigned long long)(p + 4 * MS));
		fprintf(f, "\n");
		struct lgb_record rec = {s, (double)s, 12.0, LGB_SHOWN};
		lgb_run_add(run, &rec);
	}
	fclose(f);
	return path;
}

static void test_breakdown(void **state)
{
	(void)state;
	uint64_t posted[FRAMES + 1] = {0};
	struct lgb_run run;
	lgb_run_init(&run, "1:lgview");
	char *path = write_times(true, posted, &run);
	struct lgb_stages acc = {0};
	lgb_stages_add(&acc, &run, path, posted, FRAMES + 1);
	lgb_stages_report(&acc, &run, 5.0);
	assert_float_equal(extra(&run, "publish->detect"), 1.0, 1e-6);
	assert_float_equal(extra(&run, "detect->copied"), 2.0, 1e-6);
	assert_float_equal(extra(&run, "copied->uploaded"), 3.0, 1e-6);
	assert_float_equal(extra(&run, "uploaded->presented"), 5.0, 1e-6);
	assert_float_equal(extra(&run, "presented->visible"), 1.0, 1e-6);
	assert_float_equal(extra(&run, "main-thread wait"), 1.0, 1e-6);
	assert_float_equal(extra(&run, "upload"), 2.0, 1e-6);
	/* detect 1 + copy 2 + wait 1 */
	assert_float_equal(extra(&run, "own overhead"), 4.0, 1e-6);
	assert_float_equal(extra(&run, "copied->presented"), 8.0, 1e-6);
	assert_float_equal(extra(&run, "floor"), 8.0 / 5.0, 1e-6);
	unlink(path);
	g_free(path);
	lgb_run_free(&run);

	/* No taken_ns (an older lgview), no floor: the five stages only. */
	lgb_run_init(&run, "1:lgview");
	path = write_times(false, posted, &run);
	acc = (struct lgb_stages){0};
	lgb_stages_add(&acc, &run, path, posted, FRAMES + 1);
	lgb_stages_report(&acc, &run, NAN);
	assert_float_equal(extra(&run, "uploaded->presented"), 5.0, 1e-6);
	assert_true(isnan(extra(&run, "main-thread wait")));
	assert_true(isnan(extra(&run, "own overhead")));
	assert_true(isnan(extra(&run, "floor")));
	assert_float_equal(extra(&run, "copied->presented"), 8.0, 1e-6);
	unlink(path);
	g_free(path);
	lgb_run_free(&run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_breakdown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
