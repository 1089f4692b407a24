// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Two processes over a /dev/shm file: the real `lgbench produce` writes the
 * scene in every format, this process consumes it like a viewer (two
 * buffers, damage-aware copies) and checks every pixel of every frame it
 * copied against the scene. Also the tool's answers to a too-small region
 * and a bad option.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest-proto/consumer.h"
#include "guest-proto/error.h"
#include "kvmfr/region.h"
#include "synth/scene.h"
#include "testutil.h"

static const char *const formats[] = {"bgra", "rgba", "rgba10", "rgba16f", "bgr32", "rgb24"};

static pid_t spawn(char *const argv[])
{
	pid_t pid = fork();
	if (pid == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

static uint64_t verify(const struct scene *s, const struct lgp_frame_view *v, const uint8_t *buf)
{
	uint64_t n = v->hdr.frame_serial - 1, bad = 0;
	for (uint32_t y = 0; y < v->hdr.frame_height; ++y)
		for (uint32_t x = 0; x < v->hdr.frame_width; ++x)
			bad += scene_decode_rgb(s, buf, v->hdr.pitch, x, y) !=
			       scene_expected_rgb(s, n, x, y);
	return bad;
}

static void consume_format(uint32_t fmt_index)
{
	char path[128], fmt[16];
	snprintf(path, sizeof(path), "/dev/shm/lgview-xproc-%d-%u", (int)getpid(), fmt_index);
	snprintf(fmt, sizeof(fmt), "%s", formats[fmt_index]);
	unlink(path);
	char *argv[] = {LGBENCH_PATH, "produce", "--shm", path, "--size", "320x200", "--fps",
			"240", "--format", fmt, "--quiet", NULL};
	pid_t child = spawn(argv);

	struct kvmfr_region *r = NULL;
	for (int i = 0; i < 500 && kvmfr_region_open(path, &r) < 0; ++i)
		lgp_sleep_us(10000);
	assert_non_null(r);
	struct lgp_consumer *c;
	assert_int_equal(lgp_consumer_create(r->map, r->size, NULL, &c), 0);
	int ret;
	for (int i = 0; i < 500 && (ret = lgp_consumer_connect(c)) < 0; ++i)
		lgp_sleep_us(10000);
	assert_int_equal(ret, 0);
	assert_true(strncmp(lgp_consumer_guest(c)->hostver, "lgbench", 7) == 0);

	struct scene *s = NULL;
	uint8_t *buf[2] = {NULL, NULL};
	struct lgp_damage dmg[2];
	lgp_damage_set_full(&dmg[0]);
	lgp_damage_set_full(&dmg[1]);
	uint8_t *shape = malloc(LGP_CURSOR_SHAPE_MAX);
	unsigned frames = 0, damaged = 0, shapes = 0, moves = 0;
	uint64_t deadline = lgp_monotonic_ns() + 20000000000u;
	while (frames < 60 && lgp_monotonic_ns() < deadline) {
		struct lgp_frame_view v;
		struct lgp_cursor cur;
		if (lgp_consumer_cursor_next(c, &cur, shape, LGP_CURSOR_SHAPE_MAX) == 0) {
			shapes += !!(cur.flags & KVMFR20_CURSOR_FLAG_SHAPE);
			moves++;
		}
		ret = lgp_consumer_frame_next(c, &v);
		if (ret == LGP_ERR_QUEUE_EMPTY) {
			lgp_sleep_us(500);
			continue;
		}
		assert_int_equal(ret, 0);
		if (!s) {
			s = scene_create(v.hdr.frame_width, v.hdr.frame_height, v.hdr.type);
			buf[0] = calloc(1, v.data_bytes);
			buf[1] = calloc(1, v.data_bytes);
		}
		struct lgp_rect rects[KVMFR20_MAX_DAMAGE_RECTS];
		uint32_t n = lgp_frame_damage(&v, rects);
		lgp_damage_add(&dmg[0], rects, n);
		lgp_damage_add(&dmg[1], rects, n);
		unsigned b = frames % 2;
		damaged += !lgp_damage_is_full(&dmg[b]);
		assert_int_equal(lgp_frame_copy(&v, buf[b], v.hdr.pitch, &dmg[b],
						lgp_monotonic_ns() + 1000000000u), 0);
		lgp_damage_clear(&dmg[b]);
		assert_int_equal(lgp_consumer_frame_done(c), 0);
		uint64_t bad = verify(s, &v, buf[b]);
		if (bad)
			fail_msg("%s: frame %u (serial %u): %lu pixels differ", fmt, frames,
				 v.hdr.frame_serial, (unsigned long)bad);
		frames++;
	}
	printf("%s: %u frames verified (%u by damage), %u cursor updates, %u shapes\n", fmt,
	       frames, damaged, moves, shapes);
	assert_int_equal(frames, 60);
	assert_true(damaged > 30);
	assert_true(shapes >= 1);

	kill(child, SIGTERM);
	int status;
	waitpid(child, &status, 0);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	free(shape);
	free(buf[0]);
	free(buf[1]);
	scene_destroy(s);
	lgp_consumer_destroy(c);
	kvmfr_region_destroy(r);
	unlink(path);
}

static void test_every_format_across_processes(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < sizeof(formats) / sizeof(formats[0]); ++i)
		consume_format(i);
}

/* Run lgbench and return its exit status and stderr. */
static int run_lgbench(char *const argv[], char *err, size_t len)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[1], 2);
		close(fds[0]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	size_t got = 0;
	ssize_t n;
	while (got + 1 < len && (n = read(fds[0], err + got, len - 1 - got)) > 0)
		got += (size_t)n;
	err[got] = '\0';
	close(fds[0]);
	int status;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_tool_errors(void **state)
{
	(void)state;
	char path[128], err[4096];
	snprintf(path, sizeof(path), "/dev/shm/lgview-xproc-small-%d", (int)getpid());
	struct kvmfr_region *r;
	assert_int_equal(kvmfr_region_create_shm(path, 8u * MiB, 0600, &r), 0);
	kvmfr_region_destroy(r);
	char *small[] = {LGBENCH_PATH, "produce", "--shm", path, "--size", "1920x1080",
			 "--frames", "1", NULL};
	assert_int_equal(run_lgbench(small, err, sizeof(err)), 1);
	if (!strstr(err, "32 MiB"))
		fail_msg("no size advice in: %s", err);
	unlink(path);

	char *bad_format[] = {LGBENCH_PATH, "produce", "--format", "yuv", NULL};
	assert_int_equal(run_lgbench(bad_format, err, sizeof(err)), 2);
	assert_non_null(strstr(err, "bgra, rgba, rgba10, rgba16f, bgr32, rgb24"));
	char *bad_size[] = {LGBENCH_PATH, "produce", "--size", "0x10", NULL};
	assert_int_equal(run_lgbench(bad_size, err, sizeof(err)), 2);
	assert_non_null(strstr(err, "--size"));
	char *missing[] = {LGBENCH_PATH, "watch", "--shm", "/dev/shm/lgview-none-such",
			   "--duration", "1", NULL};
	assert_int_equal(run_lgbench(missing, err, sizeof(err)), 1);
	assert_non_null(strstr(err, "QEMU"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_format_across_processes),
		cmocka_unit_test(test_tool_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
