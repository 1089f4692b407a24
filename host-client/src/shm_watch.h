/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Waiting for the shared memory: lgview started before the VM (the file is
 * missing, empty, or not yet readable) opens its window, says why, and
 * watches the file's folder with inotify; each change that may concern the
 * file (or, without inotify, each second) is a reason to try again. Main
 * thread.
 */
#ifndef LGVIEW_SHM_WATCH_H
#define LGVIEW_SHM_WATCH_H

#include <stdbool.h>
#include <stdint.h>

struct lgv_shm_watch;

/* Whether waiting can mend kvmfr_region_open()'s error err for path: a
 * missing file, an empty one, or one we may not open yet (QEMU creates it
 * and libvirt sets its owner when the VM starts). A folder, a kvmfr path
 * that is a plain file and the like need the user: false. */
bool lgv_shm_wait_can_mend(const char *path, int err);

struct lgv_shm_watch *lgv_shm_watch_create(const char *path);
void lgv_shm_watch_destroy(struct lgv_shm_watch *w);

/* Never blocks. True when the file may have changed since the last true:
 * an inotify event for its name, or a second gone by. */
bool lgv_shm_watch_changed(struct lgv_shm_watch *w, uint64_t now_ns);

#endif
