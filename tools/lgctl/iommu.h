/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IOMMU group checks: VFIO gives a guest a whole group, so every endpoint
 * in it must be bound to vfio-pci, have no driver, or be among the devices
 * being bound. Bridges (class 0x0604) stay with the host. Threads: none.
 */
#ifndef LGCTL_IOMMU_H
#define LGCTL_IOMMU_H

#include <glib.h>

#include "pci.h"

/* Whether ROOT/sys/kernel/iommu_groups holds at least one group. */
bool lgctl_iommu_enabled(const struct lgctl_ctx *ctx);

/* The addresses in group `group`, sorted (a GPtrArray of strings, free with g_ptr_array_unref). */
GPtrArray *lgctl_iommu_group_members(const struct lgctl_ctx *ctx, int group);

/*
 * Checks the groups of every device in `devs` (struct lgctl_pci). Prints each
 * problem with its fix; false when there is one.
 */
bool lgctl_iommu_check(const struct lgctl_ctx *ctx, GArray *devs);

#endif /* LGCTL_IOMMU_H */
