/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The kvmfr module as the shared memory needs it: loaded, with a size for the device. */
#define G_LOG_DOMAIN "lgctl"
#include "shm_check.h"

#include <stdlib.h>
#include <string.h>

#include "kvmfr/region.h"

#define MIB (UINT64_C(1) << 20)

char *lgctl_kvmfr_udev_fix(const struct lgctl_shm_opts *o)
{
	return g_strdup_printf("put `SUBSYSTEM==\"kvmfr\", OWNER=\"root\", GROUP=\"%s\", "
			       "MODE=\"%04o\"` in /etc/udev/rules.d/99-kvmfr.rules, then `udevadm "
			       "control --reload && udevadm trigger`", o->group, (unsigned)o->mode);
}

/* The n sizes of static_size_mb, then `mib` for each device up to number nr. */
static char *sizes_through(char **sizes, guint n, unsigned nr, uint64_t mib)
{
	GString *s = g_string_new(NULL);
	for (guint i = 0; i <= nr; i++) {
		if (i)
			g_string_append_c(s, ',');
		if (i < n)
			g_string_append(s, sizes[i]);
		else
			g_string_append_printf(s, "%" G_GUINT64_FORMAT, mib);
	}
	return g_string_free(s, FALSE);
}

/* The size static_size_mb gives the device o->path, 0 (with a problem) if none. */
static uint64_t device_size(const struct lgctl_ctx *ctx, const struct lgctl_shm_opts *o,
			    GPtrArray *findings)
{
	char *path = lgctl_path(ctx, "/sys/module/kvmfr/parameters/static_size_mb");
	char *param = lgctl_read_line(path);
	const char *name = strrchr(o->path, '/') ? strrchr(o->path, '/') + 1 : o->path;
	unsigned nr = (unsigned)strtoul(name + strlen("kvmfr"), NULL, 10);
	char **sizes = g_strsplit(param ? param : "", ",", -1);
	guint n = param && *param ? g_strv_length(sizes) : 0;
	uint64_t size = 0;
	if (nr < n) {
		size = g_ascii_strtoull(sizes[nr], NULL, 10) * MIB;
		lgctl_finding_ok(findings, "kvmfr-size", "kvmfr static_size_mb=%s: %s gets %s MiB",
				 param, name, sizes[nr]);
	} else {
		char *want = sizes_through(sizes, n, nr, lgctl_shm_size(o) / MIB);
		char *what = n ? g_strdup_printf("kvmfr static_size_mb=%s makes %u device%s: there "
						 "is no %s", param, n, n == 1 ? "" : "s", name)
			       : g_strdup_printf("the kvmfr module was loaded without "
						 "static_size_mb, so there is no %s", name);
		lgctl_finding_add(findings, "kvmfr-size", what, "`modprobe -r kvmfr && modprobe "
				  "kvmfr static_size_mb=%s`, and the same options line in "
				  "/etc/modprobe.d/kvmfr.conf", want);
		g_free(what);
		g_free(want);
	}
	g_strfreev(sizes);
	g_free(param);
	g_free(path);
	return size;
}

uint64_t lgctl_kvmfr_inspect(const struct lgctl_ctx *ctx, const struct lgctl_shm_opts *o,
			     GPtrArray *findings)
{
	bool loaded = lgctl_module_loaded(ctx, "kvmfr");
	uint64_t mib = lgctl_shm_size(o) / MIB;
	if (!kvmfr_is_device_name(o->path)) {
		const char *why = loaded ? "module loaded but not used" :
					   "not in use (module not loaded)";
		lgctl_finding_ok(findings, "kvmfr", "kvmfr %s: the shared memory is %s", why,
				 o->path);
		return 0;
	}
	if (!loaded) {
		lgctl_finding_add(findings, "kvmfr-module", "the kvmfr module is not loaded",
				  "`modprobe kvmfr static_size_mb=%" G_GUINT64_FORMAT "` (and "
				  "`options kvmfr static_size_mb=%" G_GUINT64_FORMAT "` in "
				  "/etc/modprobe.d/kvmfr.conf)", mib, mib);
		return 0;
	}
	lgctl_finding_ok(findings, "kvmfr-module", "kvmfr module loaded");
	return device_size(ctx, o, findings);
}
