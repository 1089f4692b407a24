/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `lgctl shm prepare`: the shared memory QEMU's ivshmem device and lgview
 * meet in. A /dev/shm file is created or grown to the B7 size with its
 * owner, group and mode; a kvmfr device node is checked (shm_check.h:
 * module loaded with a size for it, character device, group and mode,
 * access, size) and the udev rule printed. Either way
 * the AppArmor and cgroup_device_acl entries QEMU needs are printed when the
 * files under ROOT/etc lack them. Threads: none.
 */
#ifndef LGCTL_SHM_PREP_H
#define LGCTL_SHM_PREP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "root.h"

#define LGCTL_SHM_DEFAULT_PATH "/dev/shm/looking-glass"

struct lgctl_shm_opts {
	const char *path;   /* absolute, without ROOT; default LGCTL_SHM_DEFAULT_PATH */
	uint64_t size;      /* bytes; 0 = the B7 size for width x height */
	uint32_t width, height;
	bool hdr;
	const char *group;  /* default "kvm" */
	mode_t mode;        /* default 0660 */
};

/* Fills the defaults: /dev/shm/looking-glass, 1920x1080 SDR, auto size, kvm, 0660. */
void lgctl_shm_opts_init(struct lgctl_shm_opts *o);

/* The size the region gets: o->size, or the B7 size for its resolution. */
uint64_t lgctl_shm_size(const struct lgctl_shm_opts *o);

/* Prepares (file) or checks (kvmfr device) the region; prints each problem with its fix. */
bool lgctl_shm_prepare(struct lgctl_ctx *ctx, const struct lgctl_shm_opts *o);

/*
 * Checks without changing anything (lgctl_shm_inspect(): for kvmfr the
 * module and its size, then exists, group and mode, access, big enough).
 * Prints each problem with its fix; false if any.
 */
bool lgctl_shm_check(const struct lgctl_ctx *ctx, const struct lgctl_shm_opts *o);

/* The region when none is named (absolute, without ROOT): /dev/kvmfr0 when
 * the kvmfr module is loaded or the node exists under ctx's root, else
 * LGCTL_SHM_DEFAULT_PATH. */
const char *lgctl_default_shm(const struct lgctl_ctx *ctx);

/* Prints the AppArmor and cgroup_device_acl lines QEMU needs for `path` when
 * ROOT/etc lacks them. false when one is missing. */
bool lgctl_shm_check_confinement(const struct lgctl_ctx *ctx, const char *path);

#endif /* LGCTL_SHM_PREP_H */
