/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The state file (STATE_DIR/vfio.ini): for each device lgctl moved to
 * vfio-pci, the driver it had before, so that `unbind` gives it back even
 * from another process (a libvirt hook). Threads: none.
 */
#ifndef LGCTL_STATE_H
#define LGCTL_STATE_H

#include <stdbool.h>

#include "root.h"

/* The remembered driver of addr ("" when it had none); NULL when not remembered. g_free it. */
char *lgctl_state_get(const struct lgctl_ctx *ctx, const char *addr);

/* Remembers (driver non-NULL) or forgets (NULL) addr. Prints why on failure. */
bool lgctl_state_set(const struct lgctl_ctx *ctx, const char *addr, const char *driver);

#endif /* LGCTL_STATE_H */
