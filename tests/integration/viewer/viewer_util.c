// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "viewer_util.h"
#include "xgrab.h"

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};
	nanosleep(&ts, NULL);
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

pid_t vc_spawn(const struct vc_env *e, const char *name, char *const argv[])
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s.log", e->logdir, name);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		execv(argv[0], argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

bool vc_alive(pid_t pid)
{
	int status;
	return waitpid(pid, &status, WNOHANG) == 0;
}

int vc_stop(pid_t pid)
{
	int status;
	if (pid <= 0)
		return -1;
	kill(pid, SIGTERM);
	for (int i = 0; i < 100; ++i) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		sleep_ms(50);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return -1;
}

bool vc_log_has(const struct vc_env *e, const char *name, const char *text, int timeout_ms)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s.log", e->logdir, name);
	long end = now_ms() + timeout_ms;
	do {
		FILE *fp = fopen(path, "r");
		if (fp) {
			static char buf[1 << 20];
			size_t n = fread(buf, 1, sizeof(buf) - 1, fp);
			fclose(fp);
			buf[n] = '\0';
			if (strstr(buf, text))
				return true;
		}
		sleep_ms(50);
	} while (now_ms() < end);
	return false;
}

bool vc_find_lgview(const struct vc_env *e, const char *wm_class, struct vc_win *w)
{
	return xgrab_find_window(e->display, wm_class, 15000, &w->xid, &w->x, &w->y, &w->w,
				 &w->h) == 0;
}

uint32_t *vc_grab(const struct vc_env *e, const struct vc_win *w)
{
	uint32_t *px = calloc((size_t)w->w * w->h, 4);
	if (px && xgrab_root(e->display, w->x, w->y, w->w, w->h, px) < 0) {
		free(px);
		return NULL;
	}
	return px;
}

static int diff(uint32_t a, uint32_t b)
{
	int m = 0;
	for (int s = 0; s < 24; s += 8) {
		int d = abs((int)((a >> s) & 255) - (int)((b >> s) & 255));
		m = d > m ? d : m;
	}
	return m;
}

bool vc_wait_match(const struct vc_env *e, const struct vc_win *w, vc_expect_fn fn, void *ctx,
		   int tolerance, int timeout_ms, const char *tag)
{
	size_t n = (size_t)w->w * w->h;
	uint32_t *want = malloc(n * 4);
	for (int y = 0; y < w->h; ++y)
		for (int x = 0; x < w->w; ++x)
			want[(size_t)y * w->w + x] = fn(ctx, x, y);
	long end = now_ms() + timeout_ms;
	uint32_t *got = NULL;
	uint64_t bad = 0;
	int fx = 0, fy = 0;
	do {
		free(got);
		got = vc_grab(e, w);
		bad = 0;
		for (size_t i = 0; got && i < n; ++i) {
			if (want[i] & 0x80000000u || diff(got[i], want[i]) <= tolerance)
				continue;
			if (!bad++) {
				fx = (int)(i % (size_t)w->w);
				fy = (int)(i / (size_t)w->w);
			}
		}
		if (got && !bad)
			break;
		sleep_ms(100);
	} while (now_ms() < end);
	if (bad && got) {
		char path[4096];
		printf("%s: %lu of %zu pixels differ; first at %d,%d: got %06x want %06x\n", tag,
		       (unsigned long)bad, n, fx, fy, got[(size_t)fy * w->w + fx] & 0xffffff,
		       want[(size_t)fy * w->w + fx] & 0xffffff);
		snprintf(path, sizeof(path), "%s/%s-got.ppm", e->logdir, tag);
		xgrab_write_ppm(path, got, w->w, w->h);
		for (size_t i = 0; i < n; ++i)
			want[i] &= 0xffffff;
		snprintf(path, sizeof(path), "%s/%s-want.ppm", e->logdir, tag);
		xgrab_write_ppm(path, want, w->w, w->h);
	}
	bool ok = got != NULL && bad == 0;
	free(got);
	free(want);
	return ok;
}
