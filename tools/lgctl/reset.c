// SPDX-License-Identifier: GPL-2.0-or-later
#define G_LOG_DOMAIN "lgctl"
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "reset.h"

/* Every function of the device's slot (0000:01:00.0 -> 0000:01:00.*). */
static GPtrArray *slot_functions(const struct lgctl_ctx *ctx, const char *addr)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	char *dir = lgctl_path(ctx, "/sys/bus/pci/devices");
	GDir *d = g_dir_open(dir, 0, NULL);
	size_t slot = strlen(addr) - 1; /* up to and including the '.' */
	for (const char *e; d && (e = g_dir_read_name(d));)
		if (strlen(e) == strlen(addr) && !strncmp(e, addr, slot))
			g_ptr_array_add(out, g_strdup(e));
	if (d)
		g_dir_close(d);
	g_free(dir);
	return out;
}

static bool suspend_recovery(struct lgctl_ctx *ctx, const struct lgctl_pci *dev, int wake_s)
{
	g_printerr("lgctl: WARNING: %s has no reset method. Recovering it by removing its "
		   "functions, suspending this host to RAM for %d s and rescanning the bus. Save "
		   "your work: a host that does not resume cleanly needs a reboot.\n",
		   dev->addr, wake_s);
	GPtrArray *fns = slot_functions(ctx, dev->addr);
	bool ok = true;
	for (guint i = 0; ok && i < fns->len; ++i) {
		char *p = lgctl_path(ctx, "/sys/bus/pci/devices/%s/remove",
				     (const char *)fns->pdata[i]);
		ok = lgctl_write(ctx, p, "1");
		g_free(p);
	}
	g_ptr_array_free(fns, TRUE);
	if (ok) {
		char *alarm = lgctl_path(ctx, "/sys/class/rtc/rtc0/wakealarm");
		char when[32];
		g_snprintf(when, sizeof(when), "+%d", wake_s);
		lgctl_write(ctx, alarm, "0"); /* clear a pending alarm first */
		ok = lgctl_write(ctx, alarm, when);
		g_free(alarm);
	}
	if (ok) {
		char *state = lgctl_path(ctx, "/sys/power/state");
		ok = lgctl_write(ctx, state, "mem");
		g_free(state);
	}
	/* Rescan even after a failure above: never leave the device removed. */
	char *rescan = lgctl_path(ctx, "/sys/bus/pci/rescan");
	bool rescanned = lgctl_write(ctx, rescan, "1");
	g_free(rescan);
	return ok && rescanned;
}

bool lgctl_reset(struct lgctl_ctx *ctx, const struct lgctl_pci *dev, bool suspend_cycle,
		 int wake_s)
{
	char *reset = lgctl_path(ctx, "/sys/bus/pci/devices/%s/reset", dev->addr);
	bool has_reset = lgctl_exists(reset);
	bool ok;
	if (has_reset) {
		char *methods = lgctl_pci_attr(ctx, dev->addr, "reset_method");
		g_print("resetting %s with the kernel's method (%s)\n", dev->addr,
			methods && *methods ? methods : "default");
		g_free(methods);
		ok = lgctl_write(ctx, reset, "1");
	} else if (suspend_cycle) {
		ok = suspend_recovery(ctx, dev, wake_s);
	} else {
		g_printerr("lgctl: %s has no reset method the kernel knows (no FLR: the AMD reset "
			   "bug). `lgctl reset --suspend-cycle %s` recovers it by suspending the host "
			   "to RAM for a few seconds; or install the vendor-reset module.\n",
			   dev->addr, dev->addr);
		ok = false;
	}
	g_free(reset);
	return ok;
}
