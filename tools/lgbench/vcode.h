/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vcode - a frame's serial number as a visual code that survives any viewer.
 *
 * `lgbench produce` stamps each frame with its serial; `lgbench viewer` reads the
 * screen back and time-stamps when each serial first becomes visible. A viewer may
 * show the frame scaled (0.25x..4x, nearest or linear filtering), letterboxed, at
 * any position, so the code is large, black and white, and found by its finder.
 *
 * Layout: 16 x 14 square modules, module size u (frame pixels):
 *
 *     module column  0   1   2   3 .. 12  13  14  15
 *     row 0          W   W   W   W .. W   W   W   W    ring 0: white quiet zone
 *     row 1          W   B   B   B .. B   B   B   W    ring 1: black frame (finder)
 *     row 2          W   B   W   W .. W   W   B   W    ring 2: white
 *     rows 3..6      W   B   W   data     W   B   W    4 rows x 10 columns: 40 bits
 *     rows 7..10     W   B   W   ~data    W   B   W    rows 3..6 rotated 180, inverted
 *     row 11         W   B   W   W .. W   W   B   W
 *     row 12         W   B   B   B .. B   B   B   W
 *     row 13         W   W   W   W .. W   W   W   W
 *
 * The 40-bit word is the serial (bits 0..31) and CRC-8 (poly 0x2F, init 0xFF, over
 * the serial's 4 bytes, little-endian first; bits 32..39). Bit k sits in data row
 * k % 4, column k / 4 of the 10 x 8 data grid (so every row carries low serial bits
 * and CRC bits); a set bit is a black cell. The complement of cell (c, r) is at
 * (9 - c, 7 - r): the lower half is the upper half rotated by 180 degrees, inverted.
 *
 * Why: a reader compares each cell with its complement (a differential read: a grey,
 * half-blended cell is rejected), and a frame torn once anywhere, horizontally (top
 * rows new, bottom rows old: tearing, or a copy in progress) or vertically, passes
 * only when the two frames agree on every bit whose pair was split, so it decodes to
 * the old or the new serial, never to a third one. The CRC guards against other
 * partial updates (a mix of rectangles) with a residual chance of 1 in 256.
 *
 * Supported on screen: modules of at least 3 pixels (a 1920-wide frame has u = 30,
 * i.e. 7.5 pixels at 0.25x), uniform or non-uniform scale (aspect 0.6..1.6), no
 * rotation, the whole code visible. */
#ifndef LGBENCH_VCODE_H
#define LGBENCH_VCODE_H

#include <stdbool.h>
#include <stdint.h>

#define LGB_VCODE_MODULES_X 16
#define LGB_VCODE_MODULES_Y 14

/* The code's rectangle in frame pixels for a frame of frame_w x frame_h: one module
 * in from the top-left corner, u = ceil(frame_w / 64) clamped so that the code and
 * that margin fit (w = 16u, h = 14u). All zero when the frame is too small (u < 1). */
void lgb_vcode_rect(uint32_t frame_w, uint32_t frame_h, uint32_t *x, uint32_t *y, uint32_t *w,
		    uint32_t *h);

/* Render the code for serial into out[rect_w * rect_h] (row-major, 0x00RRGGBB, black
 * 0x000000 and white 0xffffff); module boundaries fall at i * rect_w / 16 and
 * j * rect_h / 14. Pure and thread-safe. */
void lgb_vcode_render(uint32_t serial, uint32_t rect_w, uint32_t rect_h, uint32_t *out);

/* A reader remembers where it last found a code. Not thread-safe: one per thread. */
struct lgb_vcode_reader;

/* NULL only when out of memory. free accepts NULL. */
struct lgb_vcode_reader *lgb_vcode_reader_new(void);
void lgb_vcode_reader_free(struct lgb_vcode_reader *r);

/* Find and decode a code anywhere in img (w x h pixels, 0x..RRGGBB: bits 24-31 are
 * ignored; stride in pixels). True and *serial when a complete code with a valid
 * finder, clear cell pairs and a matching CRC is found.
 *
 * Cost: the cached location is re-measured (four edge searches) and checked first,
 * a few microseconds; only when no finder is there any more does it fall back to a
 * full search of the image (about a millisecond at 1920x1080). A finder that is
 * still there with an undecodable payload (a frame half updated) returns false
 * without a search. */
bool lgb_vcode_read(struct lgb_vcode_reader *r, const uint32_t *img, int w, int h, int stride,
		    uint32_t *serial);

/* The cached location: the outer edges of the black frame (ring 1), in image pixels
 * (left, top inclusive; right, bottom exclusive). False when nothing is cached. For
 * diagnostics and tests. */
bool lgb_vcode_reader_where(const struct lgb_vcode_reader *r, double *x0, double *y0, double *x1,
			    double *y1);

#endif
