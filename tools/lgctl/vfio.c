/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vfio-pci binding with verification and rollback; the status of devices. */
#define G_LOG_DOMAIN "lgctl"
#include "vfio.h"

#include <stdio.h>
#include <string.h>

#include "iommu.h"
#include "state.h"

/* Re-reads the driver link and compares it with `want` ("" = no driver). */
static bool verify(struct lgctl_ctx *ctx, struct lgctl_pci *dev, const char *want,
		   const char *step)
{
	if (ctx->dry_run) {
		g_strlcpy(dev->driver, want, sizeof(dev->driver));
		return true;
	}
	lgctl_pci_read_driver(ctx, dev);
	if (!strcmp(dev->driver, want))
		return true;
	g_printerr("lgctl: after %s, %s is bound to %s instead of %s: see `dmesg | tail` for the "
		   "kernel's reason\n", step, dev->addr, dev->driver[0] ? dev->driver : "no driver",
		   want[0] ? want : "no driver");
	return false;
}

static bool write_attr(struct lgctl_ctx *ctx, const char *rel, const char *value)
{
	char *path = lgctl_path(ctx, "%s", rel);
	bool ok = lgctl_write(ctx, path, value);
	g_free(path);
	return ok;
}

/* Moves dev to `target`: vfio-pci, another driver, or "" (whatever the kernel picks). */
static bool move_to(struct lgctl_ctx *ctx, struct lgctl_pci *dev, const char *target)
{
	bool to_vfio = !strcmp(target, LGCTL_VFIO_DRIVER);
	char rel[256];

	if (!ctx->dry_run)
		lgctl_pci_read_driver(ctx, dev);
	if (target[0] && !strcmp(dev->driver, target))
		return true;
	g_snprintf(rel, sizeof(rel), "/sys/bus/pci/devices/%s/driver_override", dev->addr);
	if (!write_attr(ctx, rel, to_vfio ? LGCTL_VFIO_DRIVER : "\n"))
		return false;
	if (dev->driver[0]) {
		g_snprintf(rel, sizeof(rel), "/sys/bus/pci/drivers/%s/unbind", dev->driver);
		if (!write_attr(ctx, rel, dev->addr) || !verify(ctx, dev, "", "unbind"))
			return false;
	}
	if (to_vfio || !target[0])
		g_snprintf(rel, sizeof(rel), "/sys/bus/pci/drivers_probe");
	else
		g_snprintf(rel, sizeof(rel), "/sys/bus/pci/drivers/%s/bind", target);
	if (!write_attr(ctx, rel, dev->addr))
		return false;
	if (!target[0]) {
		if (!ctx->dry_run)
			lgctl_pci_read_driver(ctx, dev);
		return true;
	}
	return verify(ctx, dev, target, to_vfio ? "drivers_probe" : "bind");
}

/* Moves devs[0..last] back to their drivers in `orig`, newest first. */
static void roll_back(struct lgctl_ctx *ctx, GArray *devs, gint last, char **orig)
{
	for (gint i = last; i >= 0; i--) {
		struct lgctl_pci *dev = &g_array_index(devs, struct lgctl_pci, i);
		g_printerr("lgctl: rolling back %s to %s\n", dev->addr,
			   orig[i][0] ? orig[i] : "no driver");
		if (!move_to(ctx, dev, orig[i]))
			g_printerr("lgctl: could not roll %s back: give it back by hand with `lgctl "
				   "vfio unbind %s`, or reboot\n", dev->addr, dev->addr);
	}
}

static bool vfio_driver_present(struct lgctl_ctx *ctx)
{
	char *path = lgctl_path(ctx, "/sys/bus/pci/drivers/" LGCTL_VFIO_DRIVER);
	bool ok = lgctl_exists(path);
	g_free(path);
	if (!ok)
		g_printerr("lgctl: the vfio-pci driver is not loaded: run `modprobe vfio-pci` (and "
			   "add vfio-pci to /etc/modules-load.d/vfio.conf to load it at boot)\n");
	return ok || ctx->dry_run;
}

static bool console_rule(struct lgctl_ctx *ctx, GArray *devs)
{
	bool ok = true;
	for (guint i = 0; i < devs->len; i++) {
		const struct lgctl_pci *dev = &g_array_index(devs, struct lgctl_pci, i);
		if (!dev->boot_vga || !strcmp(dev->driver, LGCTL_VFIO_DRIVER))
			continue;
		if (ctx->force) {
			g_printerr("lgctl: warning: taking %s, which drives the console (boot_vga=1); "
				   "the host display on it will go dark\n", dev->addr);
			continue;
		}
		g_printerr("lgctl: %s drives the active console (boot_vga=1): taking it would leave "
			   "the host without a display. Use another GPU for the host, or add --force\n",
			   dev->addr);
		ok = false;
	}
	return ok;
}

bool lgctl_vfio_bind(struct lgctl_ctx *ctx, GArray *devs)
{
	if (!vfio_driver_present(ctx) || !console_rule(ctx, devs) || !lgctl_iommu_check(ctx, devs))
		return false;
	char **orig = g_new0(char *, devs->len + 1);
	bool ok = true;
	for (guint i = 0; i < devs->len; i++)
		orig[i] = g_strdup(g_array_index(devs, struct lgctl_pci, i).driver);
	for (guint i = 0; i < devs->len && ok; i++) {
		struct lgctl_pci *dev = &g_array_index(devs, struct lgctl_pci, i);
		if (!move_to(ctx, dev, LGCTL_VFIO_DRIVER)) {
			roll_back(ctx, devs, (gint)i, orig);
			ok = false;
		}
	}
	/* Remembered only once all are bound; a driver already vfio-pci keeps an older entry. */
	for (guint i = 0; i < devs->len && ok; i++) {
		const char *addr = g_array_index(devs, struct lgctl_pci, i).addr;
		if (strcmp(orig[i], LGCTL_VFIO_DRIVER))
			lgctl_state_set(ctx, addr, orig[i]);
		g_print("%s: bound to vfio-pci\n", addr);
	}
	g_strfreev(orig);
	return ok;
}

bool lgctl_vfio_unbind(struct lgctl_ctx *ctx, GArray *devs)
{
	char **orig = g_new0(char *, devs->len + 1);
	bool ok = true;
	for (guint i = 0; i < devs->len; i++)
		orig[i] = g_strdup(g_array_index(devs, struct lgctl_pci, i).driver);
	for (guint i = 0; i < devs->len && ok; i++) {
		struct lgctl_pci *dev = &g_array_index(devs, struct lgctl_pci, i);
		char *back = lgctl_state_get(ctx, dev->addr);
		if (!back)
			g_printerr("lgctl: no driver remembered for %s: letting the kernel pick one\n",
				   dev->addr);
		if (!move_to(ctx, dev, back ? back : "")) {
			roll_back(ctx, devs, (gint)i, orig);
			ok = false;
		}
		g_free(back);
	}
	for (guint i = 0; i < devs->len && ok; i++) {
		const struct lgctl_pci *dev = &g_array_index(devs, struct lgctl_pci, i);
		lgctl_state_set(ctx, dev->addr, NULL);
		g_print("%s: bound to %s\n", dev->addr, dev->driver[0] ? dev->driver : "no driver");
	}
	g_strfreev(orig);
	return ok;
}

void lgctl_vfio_status(const struct lgctl_ctx *ctx, GArray *devs)
{
	for (guint i = 0; i < devs->len; i++) {
		const struct lgctl_pci *dev = &g_array_index(devs, struct lgctl_pci, i);
		char *orig = lgctl_state_get(ctx, dev->addr);
		g_print("%s [%04x:%04x] class %06x driver %s iommu_group %d%s%s%s\n", dev->addr,
			dev->vendor, dev->device, dev->class, dev->driver[0] ? dev->driver : "-",
			dev->iommu_group, dev->boot_vga ? " boot_vga" : "", orig ? " was " : "",
			orig ? (orig[0] ? orig : "unbound") : "");
		g_free(orig);
	}
}

/* `status` without devices: what this host could give a VM. */
#define ROW "%-13s %-10s %-24s %-16s %-14s %s\n"

static void print_dev(const struct lgctl_ctx *ctx, const struct lgctl_pci *dev, bool iommu_on)
{
	char id[16], group[32];
	char *reset = lgctl_pci_attr(ctx, dev->addr, "reset_method");
	g_snprintf(id, sizeof(id), "%04x:%04x", dev->vendor, dev->device);
	if (dev->iommu_group >= 0)
		g_snprintf(group, sizeof(group), "%d", dev->iommu_group);
	else
		g_strlcpy(group, iommu_on ? "none" : "none: IOMMU off", sizeof(group));
	g_print(ROW, dev->addr, id, lgctl_pci_class_name(dev->class), group,
		dev->driver[0] ? dev->driver : "none", reset && *reset ? reset : "unknown");
	g_free(reset);
}

bool lgctl_vfio_list(const struct lgctl_ctx *ctx)
{
	GArray *all = lgctl_pci_all(ctx);
	bool iommu_on = lgctl_iommu_enabled(ctx);
	guint shown = 0;
	for (guint i = 0; i < all->len; i++) {
		const struct lgctl_pci *dev = &g_array_index(all, struct lgctl_pci, i);
		if (!lgctl_pci_class_name(dev->class))
			continue;
		if (!shown++)
			g_print(ROW, "ADDRESS", "ID", "CLASS", "IOMMU GROUP", "DRIVER", "RESET");
		print_dev(ctx, dev, iommu_on);
	}
	g_array_free(all, TRUE);
	if (!shown) {
		char *dir = lgctl_path(ctx, "/sys/bus/pci/devices");
		g_printerr("lgctl: no GPU, HD audio or USB controller in %s: is sysfs mounted "
			   "there (or --root right)?\n", dir);
		g_free(dir);
	}
	return shown > 0;
}
