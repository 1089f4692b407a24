/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The shared memory as it is now, as passes and problems (findings.h): for
 * a kvmfr device the module and its static_size_mb, then the region itself:
 * it exists and is the right kind, has the group and mode asked for, the
 * user can read and write it, and it is big enough. Changes nothing. The
 * doctor prints all of it; `lgctl shm prepare` only the problems.
 * Threads: none.
 */
#ifndef LGCTL_SHM_CHECK_H
#define LGCTL_SHM_CHECK_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <glib.h>

#include "findings.h"
#include "shm_prep.h"

/* Checks o->path (without ROOT) under ctx's root against o. */
void lgctl_shm_inspect(const struct lgctl_ctx *ctx, const struct lgctl_shm_opts *o,
		       GPtrArray *findings);

/*
 * The kvmfr part of lgctl_shm_inspect(): when o->path is a kvmfr device, the
 * module is loaded and static_size_mb makes that device; otherwise a note
 * that kvmfr is not in use. The device's size in bytes, 0 when unknown.
 */
uint64_t lgctl_kvmfr_inspect(const struct lgctl_ctx *ctx, const struct lgctl_shm_opts *o,
			     GPtrArray *findings);

/* How to install the udev rule that gives kvmfr devices o's group and mode. g_free it. */
char *lgctl_kvmfr_udev_fix(const struct lgctl_shm_opts *o);

/* The id of group `name`; false, with the problem "shm-group", when there is none. */
bool lgctl_shm_gid(const char *name, gid_t *gid, GPtrArray *findings);

#endif /* LGCTL_SHM_CHECK_H */
