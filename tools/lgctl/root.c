/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lgctl's roots and its one path for sysfs writes. */
#define G_LOG_DOMAIN "lgctl"
#include "root.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

static int write_dry(struct lgctl_ctx *ctx, const char *path, const char *value)
{
	/* Shown as the shell command that does the same. */
	g_print("echo '%s' > %s\n", value, path);
	return 0;
}

void lgctl_ctx_init(struct lgctl_ctx *ctx, const char *root, const char *state_dir, bool dry_run)
{
	memset(ctx, 0, sizeof(*ctx));
	g_strlcpy(ctx->root, root ? root : "", sizeof(ctx->root));
	/* A trailing slash would double the one every absolute path starts with. */
	size_t n = strlen(ctx->root);
	while (n > 0 && ctx->root[n - 1] == '/')
		ctx->root[--n] = '\0';
	if (state_dir)
		g_strlcpy(ctx->state_dir, state_dir, sizeof(ctx->state_dir));
	else
		g_snprintf(ctx->state_dir, sizeof(ctx->state_dir), "%s/run/lgctl", ctx->root);
	ctx->dry_run = dry_run;
	ctx->write = dry_run ? write_dry : lgctl_write_file;
}

char *lgctl_path(const struct lgctl_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *rel = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	char *full = g_strconcat(ctx->root, rel, NULL);
	g_free(rel);
	return full;
}

int lgctl_write_file(struct lgctl_ctx *ctx, const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	size_t len = strlen(value);
	ssize_t w = write(fd, value, len);
	int err = w < 0 ? -errno : (size_t)w != len ? -EIO : 0;
	if (close(fd) < 0 && !err)
		err = -errno;
	return err;
}

bool lgctl_write(struct lgctl_ctx *ctx, const char *path, const char *value)
{
	int err = ctx->write(ctx, path, value);
	if (err) {
		g_printerr("lgctl: writing '%s' to %s failed: %s%s\n", value, path, g_strerror(-err),
			   err == -EACCES || err == -EPERM ? " (run lgctl as root)" : "");
		return false;
	}
	return true;
}

char *lgctl_read_line(const char *path)
{
	char *text = NULL;
	if (!g_file_get_contents(path, &text, NULL, NULL))
		return NULL;
	text[strcspn(text, "\n")] = '\0';
	return text;
}

char *lgctl_link_name(const char *path)
{
	char *target = g_file_read_link(path, NULL);
	if (!target)
		return NULL;
	char *name = g_path_get_basename(target);
	g_free(target);
	return name;
}

bool lgctl_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

bool lgctl_module_loaded(const struct lgctl_ctx *ctx, const char *name)
{
	char *path = lgctl_path(ctx, "/sys/module/%s", name);
	bool loaded = lgctl_exists(path);
	g_free(path);
	return loaded;
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

GPtrArray *lgctl_dir_names(const char *path)
{
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	GDir *dir = g_dir_open(path, 0, NULL);
	if (!dir)
		return names;
	for (const char *name; (name = g_dir_read_name(dir));)
		g_ptr_array_add(names, g_strdup(name));
	g_dir_close(dir);
	g_ptr_array_sort(names, compare_names);
	return names;
}
