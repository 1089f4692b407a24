// SPDX-License-Identifier: GPL-2.0-or-later
/* The GL renderer of this machine, for the report: a surfaceless EGL
 * context (Mesa), so no window or display is needed.
 *
 * The probe runs in a short-lived child (lgbench itself, re-executed with a
 * hidden command). Mesa's driver, once loaded, keeps allocations until it is
 * dlclosed at eglTerminate, and some of them stay behind in a module that is
 * gone by exit, where no leak checker can name (or suppress) them. Keeping
 * the driver out of the measuring process also keeps its threads and
 * memory out of the figures. A driver that hangs costs at most the
 * deadline. */
#define G_LOG_DOMAIN "lgbench"
#include <epoxy/egl.h>
#include <epoxy/gl.h>
#include <errno.h>
#include <glib.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest-proto/clock.h"
#include "lgbench.h"

/* Mesa's software driver under ASan takes a second or two to start. */
#define PROBE_DEADLINE_MS 10000

static void probe_here(char *out, size_t len)
{
	g_strlcpy(out, "-", len);
	if (!epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_MESA_platform_surfaceless"))
		return;
	EGLDisplay dpy = eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY,
						  NULL);
	if (dpy == EGL_NO_DISPLAY || !eglInitialize(dpy, NULL, NULL))
		return;
	eglBindAPI(EGL_OPENGL_API);
	EGLContext ctx = eglCreateContext(dpy, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, NULL);
	if (ctx != EGL_NO_CONTEXT && eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx)) {
		const char *r = (const char *)glGetString(GL_RENDERER);
		if (r)
			g_strlcpy(out, r, len);
		eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
	}
	if (ctx != EGL_NO_CONTEXT)
		eglDestroyContext(dpy, ctx);
	eglTerminate(dpy);
}

_Noreturn int lgbench_gl_probe_child(void)
{
	char r[256];
	probe_here(r, sizeof(r));
	printf("%s\n", r);
	fflush(stdout);
	/* No exit handlers: the driver's leftovers die with the process. */
	_exit(0);
}

/* Read the child's line until EOF or the deadline. */
static size_t read_line(int fd, char *buf, size_t cap, uint64_t deadline_ns)
{
	size_t n = 0;
	while (n + 1 < cap) {
		uint64_t now = lgp_monotonic_ns();
		if (now >= deadline_ns)
			break;
		struct pollfd p = {.fd = fd, .events = POLLIN};
		int ms = (int)((deadline_ns - now) / 1000000u) + 1;
		int ret = poll(&p, 1, ms);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret <= 0)
			break;
		ssize_t got = read(fd, buf + n, cap - 1 - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	buf[n] = '\0';
	return n;
}

bool lgbench_run_child(const char *what, char **argv, char *out, size_t len, int deadline_ms)
{
	out[0] = '\0';
	GPid pid;
	int fd = -1;
	GError *err = NULL;
	if (!g_spawn_async_with_pipes(NULL, argv, NULL,
				      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
				      NULL, &pid, NULL, &fd, NULL, &err)) {
		g_debug("%s: %s", what, err->message);
		g_error_free(err);
		return false;
	}
	uint64_t deadline = lgp_monotonic_ns() + (uint64_t)deadline_ms * 1000000ull;
	read_line(fd, out, len, deadline);
	close(fd);
	int status = 0;
	pid_t done;
	/* Its output is complete at EOF; its exit follows at once. */
	while ((done = waitpid(pid, &status, WNOHANG)) == 0 && lgp_monotonic_ns() < deadline)
		lgp_sleep_us(1000);
	if (done == 0) {
		g_warning("%s did not finish in %d s", what, deadline_ms / 1000);
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		out[0] = '\0';
		return false;
	}
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 && out[0];
}

void lgbench_gl_renderer(char *out, size_t len)
{
	g_strlcpy(out, "-", len);
	char *argv[] = {(char *)"/proc/self/exe", (char *)LGBENCH_GL_PROBE_COMMAND, NULL};
	char line[256];
	if (!lgbench_run_child("the GL renderer probe", argv, line, sizeof(line),
			       PROBE_DEADLINE_MS))
		return;
	line[strcspn(line, "\n")] = '\0';
	if (line[0])
		g_strlcpy(out, line, len);
}
