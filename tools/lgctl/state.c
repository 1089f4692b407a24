/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The original drivers of the devices lgctl took, in a GKeyFile. */
#define G_LOG_DOMAIN "lgctl"
#include "state.h"

#include <errno.h>

#include <glib.h>
#include <glib/gstdio.h>

#define GROUP "original-driver"

static char *state_path(const struct lgctl_ctx *ctx)
{
	return g_build_filename(ctx->state_dir, "vfio.ini", NULL);
}

char *lgctl_state_get(const struct lgctl_ctx *ctx, const char *addr)
{
	char *path = state_path(ctx);
	GKeyFile *kf = g_key_file_new();
	char *driver = NULL;
	if (g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, NULL))
		driver = g_key_file_get_string(kf, GROUP, addr, NULL);
	g_key_file_free(kf);
	g_free(path);
	return driver;
}

bool lgctl_state_set(const struct lgctl_ctx *ctx, const char *addr, const char *driver)
{
	if (ctx->dry_run)
		return true;
	char *path = state_path(ctx);
	GKeyFile *kf = g_key_file_new();
	GError *err = NULL;
	bool ok = false;
	g_key_file_load_from_file(kf, path, G_KEY_FILE_KEEP_COMMENTS, NULL);
	if (driver)
		g_key_file_set_string(kf, GROUP, addr, driver);
	else
		g_key_file_remove_key(kf, GROUP, addr, NULL);
	if (g_mkdir_with_parents(ctx->state_dir, 0755) < 0) {
		g_printerr("lgctl: cannot create the state directory %s: %s (run as root, or pick "
			   "another with --state-dir)\n", ctx->state_dir, g_strerror(errno));
		goto out;
	}
	if (!g_key_file_save_to_file(kf, path, &err)) {
		g_printerr("lgctl: cannot save %s: %s (run as root, or pick another directory with "
			   "--state-dir)\n", path, err->message);
		g_error_free(err);
		goto out;
	}
	ok = true;
out:
	g_key_file_free(kf);
	g_free(path);
	return ok;
}
