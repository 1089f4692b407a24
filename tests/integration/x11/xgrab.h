/* SPDX-License-Identifier: GPL-2.0-or-later */
/* xgrab - read pixels and windows back from an X server, for integration tests.
 *
 * Every call opens its own connection to DISPLAY (NULL or "" means $DISPLAY) and
 * closes it again, so it can be used next to the program under test without sharing
 * its Xlib state. While a call runs, a non-fatal Xlib error handler is installed (and
 * the previous one restored afterwards): not thread-safe. Errors are reported as
 * "xgrab: ..." on stderr. */
#ifndef LGVIEW_XGRAB_H
#define LGVIEW_XGRAB_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Grab a rectangle of the root window of DISPLAY (XGetImage, ZPixmap) into out[w*h]
 * as 0x00RRGGBB (row-major, top row first), honouring the visual's masks (depth
 * 24/32, and any other TrueColor/DirectColor depth). The rectangle must lie inside
 * the root window. Returns 0, or -1 with a message on stderr. */
int xgrab_root(const char *display, int x, int y, int w, int h, uint32_t *out);

/* Compare two images with a per-channel tolerance (a pixel differs when |R|, |G| or
 * |B| differs by more than tolerance; bits 24-31 are ignored); returns the count of
 * differing pixels and the first one's coordinates in row-major order (-1,-1 when
 * none). fx and fy may be NULL. */
uint64_t xgrab_compare(const uint32_t *a, const uint32_t *b, int w, int h, int tolerance,
                       int *fx, int *fy);

/* Write a binary PPM (P6, maxval 255) for debugging failures. 0 or -1. */
int xgrab_write_ppm(const char *path, const uint32_t *px, int w, int h);

/* Write the same picture as a PNG (8-bit RGB, no alpha): the bytes of every
 * row are the PPM's, losslessly compressed. 0 or -1; -1 always when built
 * without libpng (XGRAB_HAVE_PNG undefined). */
int xgrab_write_png(const char *path, const uint32_t *px, int w, int h);

/* Find a top-level window by WM_CLASS (exact match of res_class or res_name; client
 * windows inside a window manager's frames are found too) and return its geometry
 * on the root (x,y of the client area's top-left corner, w,h its size) and XID;
 * 0 or -1. Waits up to timeout_ms for it to be mapped (viewable), polling every
 * 20 ms. When several match, the topmost in stacking order wins. Any output pointer
 * may be NULL. */
int xgrab_find_window(const char *display, const char *wm_class, int timeout_ms,
                      unsigned long *xid, int *x, int *y, int *w, int *h);

#ifdef __cplusplus
}
#endif

#endif
