/* SPDX-License-Identifier: GPL-2.0-or-later */
/* xshm - read a rectangle of an X server's root window back, fast.
 *
 * With MIT-SHM (XShmGetImage into a System V segment that is marked IPC_RMID right
 * after the server attached it, so it cannot leak) a 1920x1080 grab from Xvfb takes
 * about 1.3 ms; a server without MIT-SHM (remote, or another IPC namespace) falls back
 * to XGetSubImage into a reused image (about 40 ms). LGBENCH_NO_SHM=1 in the
 * environment forces the fallback (for tests).
 *
 * Pixels come back as 0x..RRGGBB: when the visual is 32 bits per pixel with the masks
 * 0xff0000/0xff00/0xff in the host's byte order (every common depth-24 server), the
 * image itself is returned with its stride (zero copy; bits 24-31 undefined);
 * otherwise they are converted into a buffer of the handle (bits 24-31 zero; depth 16
 * through a table, about 1.5 ms more at 1920x1080).
 *
 * Threads: a handle owns its Display connection; use it from one thread. While a call
 * runs a non-fatal Xlib error handler is installed (the previous one is restored
 * afterwards), which is process-wide: do not make Xlib calls in other threads then. */
#ifndef LGBENCH_XSHM_H
#define LGBENCH_XSHM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct lgb_xshm;

/* Connect to display (NULL or "" for $DISPLAY) to grab the rectangle x, y, w x h of
 * its default screen's root window, which must lie inside it. NULL on failure, with
 * the reason in why[len] (why may be NULL). */
struct lgb_xshm *lgb_xshm_open(const char *display, int x, int y, int w, int h, char *why,
			       size_t len);

/* Grab the rectangle now. *px points to its top-left pixel, *stride is in pixels; both
 * stay valid until the next grab or close. False when the server refused (the
 * rectangle left the root window, the connection broke). */
bool lgb_xshm_grab(struct lgb_xshm *s, const uint32_t **px, int *stride);

/* Accepts NULL. */
void lgb_xshm_close(struct lgb_xshm *s);

/* True when grabs go through MIT-SHM. */
bool lgb_xshm_is_shm(const struct lgb_xshm *s);

#endif
