/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PCI discovery through sysfs, and names for the classes a VM is given. */
#define G_LOG_DOMAIN "lgctl"
#include "pci.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

char *lgctl_pci_attr(const struct lgctl_ctx *ctx, const char *addr, const char *attr)
{
	char *path = lgctl_path(ctx, "/sys/bus/pci/devices/%s/%s", addr, attr);
	char *line = lgctl_read_line(path);
	g_free(path);
	return line;
}

static unsigned long read_hex(const struct lgctl_ctx *ctx, const char *addr, const char *attr)
{
	char *line = lgctl_pci_attr(ctx, addr, attr);
	unsigned long v = line ? strtoul(line, NULL, 16) : 0;
	g_free(line);
	return v;
}

void lgctl_pci_read_driver(const struct lgctl_ctx *ctx, struct lgctl_pci *dev)
{
	char *path = lgctl_path(ctx, "/sys/bus/pci/devices/%s/driver", dev->addr);
	char *name = lgctl_link_name(path);
	g_strlcpy(dev->driver, name ? name : "", sizeof(dev->driver));
	g_free(name);
	g_free(path);
}

bool lgctl_pci_read(const struct lgctl_ctx *ctx, const char *addr, struct lgctl_pci *out)
{
	char *dir = lgctl_path(ctx, "/sys/bus/pci/devices/%s", addr);
	bool found = g_file_test(dir, G_FILE_TEST_IS_DIR);
	g_free(dir);
	if (!found)
		return false;
	memset(out, 0, sizeof(*out));
	g_strlcpy(out->addr, addr, sizeof(out->addr));
	out->vendor = (uint16_t)read_hex(ctx, addr, "vendor");
	out->device = (uint16_t)read_hex(ctx, addr, "device");
	out->class = (uint32_t)read_hex(ctx, addr, "class");
	out->boot_vga = read_hex(ctx, addr, "boot_vga") == 1;
	lgctl_pci_read_driver(ctx, out);
	char *path = lgctl_path(ctx, "/sys/bus/pci/devices/%s/iommu_group", addr);
	char *group = lgctl_link_name(path);
	out->iommu_group = group ? atoi(group) : -1;
	g_free(group);
	g_free(path);
	return true;
}

bool lgctl_pci_is_bridge(const struct lgctl_pci *dev)
{
	return (dev->class >> 8) == LGCTL_PCI_CLASS_BRIDGE;
}

static const char *usb_name(uint8_t prog_if)
{
	switch (prog_if) {
	case 0x00:
		return "USB 1 controller (UHCI)";
	case 0x10:
		return "USB 1 controller (OHCI)";
	case 0x20:
		return "USB 2 controller (EHCI)";
	case 0x30:
		return "USB 3 controller (xHCI)";
	case 0x40:
		return "USB4 controller";
	default:
		return "USB controller";
	}
}

const char *lgctl_pci_class_name(uint32_t class)
{
	switch (class >> 8) {
	case 0x0300:
		return "GPU (VGA)";
	case 0x0302:
		return "GPU (3D only)";
	case 0x0403:
		return "HD audio";
	case 0x0c03:
		return usb_name((uint8_t)class);
	}
	return (class >> 16) == 0x03 ? "GPU (other display)" : NULL;
}

static bool contains(GArray *list, const char *addr)
{
	for (guint i = 0; i < list->len; i++)
		if (!strcmp(g_array_index(list, struct lgctl_pci, i).addr, addr))
			return true;
	return false;
}

static void add(GArray *out, const struct lgctl_pci *dev)
{
	if (!contains(out, dev->addr))
		g_array_append_val(out, *dev);
}

GArray *lgctl_pci_all(const struct lgctl_ctx *ctx)
{
	GArray *out = g_array_new(FALSE, TRUE, sizeof(struct lgctl_pci));
	char *path = lgctl_path(ctx, "/sys/bus/pci/devices");
	/* Sorted, so that a group is bound, and a list printed, in a stable order. */
	GPtrArray *names = lgctl_dir_names(path);
	g_free(path);
	for (guint i = 0; i < names->len; i++) {
		struct lgctl_pci dev;
		if (lgctl_pci_read(ctx, names->pdata[i], &dev))
			g_array_append_val(out, dev);
	}
	g_ptr_array_unref(names);
	return out;
}

static bool find_by_id(const struct lgctl_ctx *ctx, const char *spec, unsigned vendor,
		       unsigned device, GArray *out)
{
	GArray *all = lgctl_pci_all(ctx);
	bool found = false;
	for (guint i = 0; i < all->len; i++) {
		const struct lgctl_pci *dev = &g_array_index(all, struct lgctl_pci, i);
		if (dev->vendor == vendor && dev->device == device) {
			add(out, dev);
			found = true;
		}
	}
	g_array_free(all, TRUE);
	if (!found)
		g_printerr("lgctl: no PCI device has the id %s: list them with `lspci -nn` "
			   "(the ids are the [vendor:device] at the end of each line)\n", spec);
	return found;
}

bool lgctl_pci_find(const struct lgctl_ctx *ctx, const char *spec, GArray *out)
{
	unsigned dom = 0, bus, slot, fn, vendor, device;
	int n = 0;
	char addr[32];

	if (sscanf(spec, "%4x:%2x:%2x.%1x%n", &dom, &bus, &slot, &fn, &n) == 4 && !spec[n]) {
	} else if (n = 0, sscanf(spec, "%2x:%2x.%1x%n", &bus, &slot, &fn, &n) == 3 && !spec[n]) {
		dom = 0;
	} else if (n = 0, sscanf(spec, "%4x:%4x%n", &vendor, &device, &n) == 2 && !spec[n]) {
		return find_by_id(ctx, spec, vendor, device, out);
	} else {
		g_printerr("lgctl: '%s' is neither a PCI address (0000:01:00.0 or 01:00.0) nor a "
			   "vendor:device id (10de:1b80)\n", spec);
		return false;
	}
	g_snprintf(addr, sizeof(addr), "%04x:%02x:%02x.%x", dom, bus, slot, fn);
	struct lgctl_pci dev;
	if (!lgctl_pci_read(ctx, addr, &dev)) {
		g_printerr("lgctl: there is no PCI device %s: check the address with `lspci -D`\n",
			   addr);
		return false;
	}
	add(out, &dev);
	return true;
}
