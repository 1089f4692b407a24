/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Whether the user who runs lgctl can read and write a file: the viewer
 * opens the shared memory as that user. Under sudo that is the user who ran
 * sudo (SUDO_UID), judged from the owner, group and mode bits and the groups
 * the user database gives them; otherwise this process, asked of the kernel
 * (so groups added since the last login do not count yet). Threads: none.
 */
#ifndef LGCTL_USER_ACCESS_H
#define LGCTL_USER_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

/* Whether that user may read and write `path` (whose stat is `st`). Writes
 * "user NAME (uid N)" into who (with ", who ran sudo" after N under sudo). */
bool lgctl_user_can_rw(const char *path, const struct stat *st, char *who, size_t len);

#endif /* LGCTL_USER_ACCESS_H */
