/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PCI devices as sysfs shows them (ROOT/sys/bus/pci/devices/ADDR): found by
 * address ("0000:01:00.0" or "01:00.0") or by vendor:device id ("10de:1b80",
 * every match). Threads: none.
 */
#ifndef LGCTL_PCI_H
#define LGCTL_PCI_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include "root.h"

#define LGCTL_PCI_CLASS_BRIDGE 0x0604u /* PCI-to-PCI bridge: fine in any IOMMU group */

struct lgctl_pci {
	char addr[16];      /* "0000:01:00.0" */
	uint16_t vendor, device;
	uint32_t class;     /* 24 bits: class, subclass, prog-if */
	char driver[64];    /* "" when no driver is bound */
	int iommu_group;    /* -1 when the device has none (IOMMU off) */
	bool boot_vga;      /* drives the firmware console / active display */
};

/* The first line of the device's sysfs attribute `attr` ("reset_method"); NULL if
 * there is none. g_free it. */
char *lgctl_pci_attr(const struct lgctl_ctx *ctx, const char *addr, const char *attr);

/* Reads one device by its full address. false (no message) when it does not exist. */
bool lgctl_pci_read(const struct lgctl_ctx *ctx, const char *addr, struct lgctl_pci *out);

/* Re-reads only the bound driver into dev->driver. */
void lgctl_pci_read_driver(const struct lgctl_ctx *ctx, struct lgctl_pci *dev);

/* Whether dev is a PCI-to-PCI bridge (class 0x0604xx). */
bool lgctl_pci_is_bridge(const struct lgctl_pci *dev);

/* Every device (a GArray of struct lgctl_pci), sorted by address. */
GArray *lgctl_pci_all(const struct lgctl_ctx *ctx);

/* A short name for the classes worth passing through: GPUs (0x03xxxx), HD
 * audio (0x0403xx) and USB controllers (0x0c03xx); NULL for the others. */
const char *lgctl_pci_class_name(uint32_t class);

/*
 * Appends to `out` (a GArray of struct lgctl_pci) every device `spec` names,
 * skipping ones already in it. Prints why and returns false when spec is
 * malformed or names nothing.
 */
bool lgctl_pci_find(const struct lgctl_ctx *ctx, const char *spec, GArray *out);

#endif /* LGCTL_PCI_H */
