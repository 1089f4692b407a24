/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Moving PCI devices between their host drivers and vfio-pci, all or nothing.
 *
 * Binding one device: driver_override = vfio-pci → unbind from its driver →
 * drivers_probe; giving it back: driver_override cleared → unbind from
 * vfio-pci → bind to the remembered driver (or drivers_probe when none is
 * remembered). Every step's effect is checked by re-reading the driver link
 * (except in dry-run). When a device fails, every device already moved, and
 * the failing one, are moved back, newest first.
 *
 * Threads: none. Blocking: sysfs writes can take seconds (a GPU driver's
 * unbind).
 */
#ifndef LGCTL_VFIO_H
#define LGCTL_VFIO_H

#include <glib.h>

#include "pci.h"

#define LGCTL_VFIO_DRIVER "vfio-pci"

/* Binds every device of devs (struct lgctl_pci) to vfio-pci after checking the
 * groups and the console rule; remembers the original drivers. */
bool lgctl_vfio_bind(struct lgctl_ctx *ctx, GArray *devs);

/* Gives every device of devs back to its remembered driver. */
bool lgctl_vfio_unbind(struct lgctl_ctx *ctx, GArray *devs);

/* Prints one line per device: address, ids, driver, group, remembered driver. */
void lgctl_vfio_status(const struct lgctl_ctx *ctx, GArray *devs);

/*
 * Prints a table of the host's GPUs, HD audio and USB controllers (the
 * classes lgctl_pci_class_name() names): address, vendor:device, class,
 * IOMMU group, driver and the kernel's reset methods. false, after saying
 * so, when there is none.
 */
bool lgctl_vfio_list(const struct lgctl_ctx *ctx);

#endif /* LGCTL_VFIO_H */
