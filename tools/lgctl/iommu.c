/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IOMMU group viability. */
#define G_LOG_DOMAIN "lgctl"
#include "iommu.h"

#include <string.h>

bool lgctl_iommu_enabled(const struct lgctl_ctx *ctx)
{
	char *path = lgctl_path(ctx, "/sys/kernel/iommu_groups");
	GDir *dir = g_dir_open(path, 0, NULL);
	bool any = dir && g_dir_read_name(dir);
	if (dir)
		g_dir_close(dir);
	g_free(path);
	return any;
}

GPtrArray *lgctl_iommu_group_members(const struct lgctl_ctx *ctx, int group)
{
	char *path = lgctl_path(ctx, "/sys/kernel/iommu_groups/%d/devices", group);
	GPtrArray *out = lgctl_dir_names(path);
	g_free(path);
	return out;
}

static bool named(GArray *devs, const char *addr)
{
	for (guint i = 0; i < devs->len; i++)
		if (!strcmp(g_array_index(devs, struct lgctl_pci, i).addr, addr))
			return true;
	return false;
}

static const char *iommu_fix =
	"enable the IOMMU in the firmware (VT-d / AMD-Vi) and add intel_iommu=on iommu=pt "
	"(Intel) or amd_iommu=on iommu=pt (AMD) to the kernel command line, then reboot";

bool lgctl_iommu_check(const struct lgctl_ctx *ctx, GArray *devs)
{
	bool ok = true;
	for (guint i = 0; i < devs->len; i++) {
		const struct lgctl_pci *dev = &g_array_index(devs, struct lgctl_pci, i);
		if (dev->iommu_group < 0) {
			g_printerr("lgctl: %s has no IOMMU group: %s\n", dev->addr, iommu_fix);
			ok = false;
			continue;
		}
		bool seen = false; /* one report per group */
		for (guint j = 0; j < i; j++)
			seen |= g_array_index(devs, struct lgctl_pci, j).iommu_group == dev->iommu_group;
		if (seen)
			continue;
		GPtrArray *members = lgctl_iommu_group_members(ctx, dev->iommu_group);
		for (guint m = 0; m < members->len; m++) {
			const char *addr = members->pdata[m];
			struct lgctl_pci other;
			if (named(devs, addr) || !lgctl_pci_read(ctx, addr, &other))
				continue;
			if (lgctl_pci_is_bridge(&other) || !other.driver[0] ||
			    !strcmp(other.driver, "vfio-pci"))
				continue;
			g_printerr("lgctl: IOMMU group %d of %s also holds %s (driver %s), which the "
				   "guest would get too: name it as well (lgctl vfio bind %s %s), or move "
				   "the card to a slot with its own group\n",
				   dev->iommu_group, dev->addr, addr, other.driver, dev->addr, addr);
			ok = false;
		}
		g_ptr_array_unref(members);
	}
	return ok;
}
