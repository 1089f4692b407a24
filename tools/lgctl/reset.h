/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `lgctl reset DEV`: get a GPU back into a state a VM can start with. When
 * the kernel has a reset method for the device (its `reset` file), that is
 * used. For GPUs without one (the AMD reset bug), the recovery users found in
 * the field is offered, opt-in only: remove the device's functions, suspend
 * the host to RAM with an RTC wake-up, and rescan the bus.
 */
#ifndef LGCTL_RESET_H
#define LGCTL_RESET_H

#include <stdbool.h>

#include "pci.h"
#include "root.h"

/* suspend_cycle: allow the remove/suspend/rescan recovery; wake_s: seconds
 * until the RTC wakes the host. */
bool lgctl_reset(struct lgctl_ctx *ctx, const struct lgctl_pci *dev, bool suspend_cycle,
		 int wake_s);

#endif
