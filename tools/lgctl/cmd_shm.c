/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `lgctl shm prepare [--size auto|MiB] [--for WxH] [--hdr] [--path P] [--group G] [--mode M]` */
#define G_LOG_DOMAIN "lgctl"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "shm_prep.h"

/* Parses the values of --size, --for and --mode into o. Prints the error. */
static bool parse_values(const char *size, const char *res, const char *mode,
			 struct lgctl_shm_opts *o)
{
	char *end;
	int n = 0;
	if (size && strcmp(size, "auto")) {
		unsigned long long mib = strtoull(size, &end, 10);
		if (*end || !mib || mib > (1ull << 20)) {
			g_printerr("lgctl: --size '%s' is not 'auto' or a size in MiB (e.g. 64)\n", size);
			return false;
		}
		o->size = (uint64_t)mib << 20;
	}
	if (res && (sscanf(res, "%ux%u%n", &o->width, &o->height, &n) != 2 || res[n] ||
		    !o->width || !o->height)) {
		g_printerr("lgctl: --for '%s' is not a resolution like 2560x1440\n", res);
		return false;
	}
	if (mode) {
		unsigned long m = strtoul(mode, &end, 8);
		if (*end || !*mode || m > 07777) {
			g_printerr("lgctl: --mode '%s' is not an octal mode like 0660\n", mode);
			return false;
		}
		o->mode = (mode_t)m;
	}
	return true;
}

int lgctl_cmd_shm(int argc, char **argv)
{
	struct lgctl_ctx ctx;
	struct lgctl_shm_opts o;
	char *size = NULL, *res = NULL, *mode = NULL, *path = NULL, *group = NULL;
	gboolean hdr = FALSE;
	const GOptionEntry entries[] = {
		{"size", 0, 0, G_OPTION_ARG_STRING, &size, "auto (default) or MiB", "auto|MiB"},
		{"for", 0, 0, G_OPTION_ARG_STRING, &res, "Guest resolution (default 1920x1080)", "WxH"},
		{"hdr", 0, 0, G_OPTION_ARG_NONE, &hdr, "Size for HDR (8 bytes a pixel)", NULL},
		{"path", 0, 0, G_OPTION_ARG_FILENAME, &path,
		 "/dev/shm/looking-glass (default) or /dev/kvmfr0", "P"},
		{"group", 0, 0, G_OPTION_ARG_STRING, &group, "Group (default kvm)", "G"},
		{"mode", 0, 0, G_OPTION_ARG_STRING, &mode, "Mode (default 0660)", "M"},
		{NULL},
	};
	int rc = 2;
	if (!lgctl_parse(&argc, &argv, "prepare", "Creates or checks the shared memory.",
			 LGCTL_OPT_ROOT | LGCTL_OPT_DRY_RUN, entries, &ctx))
		goto out;
	lgctl_shm_opts_init(&o);
	o.hdr = hdr;
	if (path)
		o.path = path;
	if (group)
		o.group = group;
	if (argc != 2 || strcmp(argv[1], "prepare")) {
		g_printerr("lgctl: usage: lgctl shm prepare [--size auto|MiB] [--for WxH] [--hdr] "
			   "[--path P] [--group G] [--mode M]\n");
		goto out;
	}
	if (path && path[0] != '/') {
		g_printerr("lgctl: --path '%s' must be absolute (/dev/shm/NAME or /dev/kvmfrN)\n", path);
		goto out;
	}
	if (!parse_values(size, res, mode, &o))
		goto out;
	rc = lgctl_shm_prepare(&ctx, &o) ? 0 : 1;
out:
	g_free(size);
	g_free(res);
	g_free(mode);
	g_free(path);
	g_free(group);
	return rc;
}
