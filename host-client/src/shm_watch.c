// SPDX-License-Identifier: GPL-2.0-or-later
#define G_LOG_DOMAIN "lgview"
#include <errno.h>
#include <glib.h>
#include <limits.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shm_watch.h"

/* Also without any event: a file that grows in place (ftruncate by QEMU)
 * sends IN_MODIFY on most file systems, but not on every one. */
#define RETRY_NS 1000000000ull

struct lgv_shm_watch {
	int fd; /* inotify, or -1: time alone decides */
	int wd;
	char *name;
	uint64_t last_ns;
};

bool lgv_shm_wait_can_mend(const char *path, int err)
{
	if (err == -ENOENT || err == -EACCES || err == -EPERM)
		return true;
	struct stat st;
	/* An empty file: QEMU sizes it when the VM starts. */
	return err == -EINVAL && stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0;
}

struct lgv_shm_watch *lgv_shm_watch_create(const char *path)
{
	struct lgv_shm_watch *w = g_new0(struct lgv_shm_watch, 1);
	w->name = g_path_get_basename(path);
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd < 0) {
		g_message("cannot watch for %s (inotify: %s): looking again every second", path,
			  g_strerror(errno));
		return w;
	}
	char *dir = g_path_get_dirname(path);
	w->wd = inotify_add_watch(w->fd, dir,
				  IN_CREATE | IN_MOVED_TO | IN_MODIFY | IN_CLOSE_WRITE | IN_ATTRIB);
	if (w->wd < 0) {
		g_message("cannot watch %s (%s): looking again every second", dir,
			  g_strerror(errno));
		close(w->fd);
		w->fd = -1;
	}
	g_free(dir);
	return w;
}

void lgv_shm_watch_destroy(struct lgv_shm_watch *w)
{
	if (!w)
		return;
	if (w->fd >= 0)
		close(w->fd);
	g_free(w->name);
	g_free(w);
}

/* Drain the queue; true when an event names our file. */
static bool drain(struct lgv_shm_watch *w)
{
	_Alignas(struct inotify_event) char buf[4096];
	bool ours = false;
	for (;;) {
		ssize_t n = read(w->fd, buf, sizeof(buf));
		if (n <= 0)
			return ours || (n < 0 && errno != EAGAIN && errno != EINTR);
		for (ssize_t off = 0; off + (ssize_t)sizeof(struct inotify_event) <= n;) {
			const struct inotify_event *ev = (const void *)(buf + off);
			if (ev->len && !strcmp(ev->name, w->name))
				ours = true;
			off += (ssize_t)sizeof(*ev) + ev->len;
		}
	}
}

bool lgv_shm_watch_changed(struct lgv_shm_watch *w, uint64_t now_ns)
{
	bool changed = w->fd >= 0 && drain(w);
	if (!changed && now_ns - w->last_ns < RETRY_NS)
		return false;
	w->last_ns = now_ns;
	return true;
}
