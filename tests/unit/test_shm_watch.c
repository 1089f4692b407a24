// SPDX-License-Identifier: GPL-2.0-or-later
/* lgview started before the VM: which open errors waiting can mend, and the
 * watcher that notices the file appear and grow. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kvmfr/region.h"
#include "shm_watch.h"

static void test_what_waiting_mends(void **state)
{
	(void)state;
	char *dir = g_dir_make_tmp("lgview-watch-XXXXXX", NULL);
	char *missing = g_build_filename(dir, "looking-glass", NULL);
	char *empty = g_build_filename(dir, "empty", NULL);
	char *sized = g_build_filename(dir, "sized", NULL);
	char *kvmfr = g_build_filename(dir, "kvmfr0", NULL);
	struct kvmfr_region *r = NULL;
	g_file_set_contents(empty, "", 0, NULL);
	g_file_set_contents(sized, "12345678", 8, NULL);
	g_file_set_contents(kvmfr, "x", 1, NULL);

	static const struct {
		const char *what;
		int expect;
	} rows[] = {{"missing", 1}, {"empty", 1}, {"folder", 0}, {"kvmfr plain file", 0}};
	const char *paths[] = {missing, empty, dir, kvmfr};
	for (size_t i = 0; i < G_N_ELEMENTS(rows); ++i) {
		int err = kvmfr_region_open(paths[i], &r);
		assert_true(err < 0);
		if (lgv_shm_wait_can_mend(paths[i], err) != rows[i].expect)
			fail_msg("%s (%s): can_mend should be %d", rows[i].what, paths[i],
				 rows[i].expect);
	}
	/* Not allowed yet (libvirt sets the owner when the VM starts). */
	assert_true(lgv_shm_wait_can_mend(sized, -EACCES));
	/* A size that is not zero but still cannot be mapped: not waiting. */
	assert_false(lgv_shm_wait_can_mend(sized, -EINVAL));
	unlink(empty);
	unlink(sized);
	unlink(kvmfr);
	rmdir(dir);
	g_free(missing);
	g_free(empty);
	g_free(sized);
	g_free(kvmfr);
	g_free(dir);
}

static uint64_t now_ns(void)
{
	return (uint64_t)g_get_monotonic_time() * 1000u;
}

static void test_watch_sees_the_file_come(void **state)
{
	(void)state;
	char *dir = g_dir_make_tmp("lgview-watch-XXXXXX", NULL);
	char *path = g_build_filename(dir, "looking-glass", NULL);
	char *other = g_build_filename(dir, "other", NULL);
	struct lgv_shm_watch *w = lgv_shm_watch_create(path);
	assert_non_null(w);
	uint64_t t = now_ns();
	assert_true(lgv_shm_watch_changed(w, t)); /* the first look */
	assert_false(lgv_shm_watch_changed(w, t + 1000));
	/* Another file in the folder is no news. */
	g_file_set_contents(other, "x", 1, NULL);
	assert_false(lgv_shm_watch_changed(w, t + 2000));
	/* Ours appears (empty, as QEMU creates it), then grows. */
	int fd = open(path, O_CREAT | O_RDWR, 0600);
	assert_true(fd >= 0);
	assert_true(lgv_shm_watch_changed(w, t + 3000));
	assert_false(lgv_shm_watch_changed(w, t + 4000));
	assert_int_equal(ftruncate(fd, 1 << 20), 0);
	assert_true(lgv_shm_watch_changed(w, t + 5000));
	close(fd);
	/* Without any event, a second later all the same. */
	lgv_shm_watch_changed(w, t + 6000);
	assert_false(lgv_shm_watch_changed(w, t + 7000));
	assert_true(lgv_shm_watch_changed(w, t + 7000 + 1000000000ull));
	lgv_shm_watch_destroy(w);
	unlink(path);
	unlink(other);
	rmdir(dir);
	g_free(path);
	g_free(other);
	g_free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_what_waiting_mends),
		cmocka_unit_test(test_watch_sees_the_file_come),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
