/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Waiting for the guest application: its frame heartbeat moving in the
 * shared memory (guest-proto's handshake). */
#ifndef LGCTL_HEARTBEAT_H
#define LGCTL_HEARTBEAT_H

#include <stdbool.h>

/* True once a Looking Glass B7 host application is alive in the region at
 * path (a /dev/shm file or /dev/kvmfrN), false after `seconds`. */
bool lgctl_wait_guest(const char *path, int seconds);

#endif
