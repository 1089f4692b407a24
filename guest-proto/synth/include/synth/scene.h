/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The synthetic scene `lgbench produce` writes into the frame ring: a static
 * background of diagonal gradient bands (every pixel depends on x and y), a
 * block that slides horizontally and bounces, and the frame number in large
 * digits in a fixed box at the top-left; plus cursor shapes and a cursor
 * path. Frame n is a pure function of (width, height, n): the rendered
 * buffer, scene_expected_rgb() and the damage rects all agree.
 *
 * Threads: no global state; a scene belongs to one thread at a time. The
 * const functions may run concurrently on one scene.
 */
#ifndef LGBENCH_SCENE_H
#define LGBENCH_SCENE_H

#include <stdint.h>

#include "guest-proto/producer.h"

/* Every SCENE_FULL_PERIOD-th frame (and frame 0) is a full repaint. */
#define SCENE_FULL_PERIOD 600u
#define SCENE_CURSOR_SIZE 32u

struct scene;

/*
 * type: enum kvmfr20_frame_type (BGRA..RGB_24). NULL on bad arguments (a
 * dimension 0 or > LGP_FRAME_MAX_DIM, a bad type) and when the pixel buffer
 * cannot be allocated (it can be GiBs; the small allocations abort).
 */
struct scene *scene_create(uint32_t width, uint32_t height, uint32_t type);
void scene_destroy(struct scene *s); /* NULL ok */

/* Descriptor for lgp_producer_frame_post(): type, frame and data size,
 * pitch, FRAME_FLAG_HDR for RGBA16F; damage left NULL. */
void scene_frame_desc(const struct scene *s, struct lgp_frame_desc *d);

/*
 * Render frame n into the scene's buffer and return it (*pitch: its row
 * pitch in bytes). damage (room for KVMFR20_MAX_DAMAGE_RECTS) and *count
 * receive what differs from frame n-1 in frame pixel coordinates (also for
 * BGR_32); count 0 means the whole frame. Frames are meant to come in order:
 * then only the damaged areas are redrawn. Frame 0, every 600th frame and
 * any n that does not follow the previous call (a jump, a repeat) are
 * rendered fully and reported with count 0. damage/count may be NULL.
 */
const uint8_t *scene_render(struct scene *s, uint64_t n, struct lgp_rect *damage,
			    uint32_t *count, uint32_t *pitch);

/* The canonical 0xRRGGBB of pixel (x, y) in frame n, without rendering
 * (O(1)); 0 outside the frame. */
uint32_t scene_expected_rgb(const struct scene *s, uint64_t n, uint32_t x, uint32_t y);

/* Pixel (x, y) of a buffer in the scene's format (pitch bytes per row) back
 * to 0xRRGGBB: exact for 8-bit formats, the top 8 bits for RGBA10, rounded
 * to 8 bits for RGBA16F. 0 outside the frame. */
uint32_t scene_decode_rgb(const struct scene *s, const uint8_t *buf, uint32_t pitch, uint32_t x,
			  uint32_t y);

/*
 * A 32x32 cursor of each type (enum kvmfr20_cursor_type; anything else gives
 * the COLOR one), hotspot (1, 1), pixels in static storage:
 * COLOR: BGRA, straight alpha, with a half-transparent patch;
 * MONOCHROME: 1 bpp MSB first, 32 AND-mask rows then 32 XOR-mask rows
 *   (height 32, pitch 4), with an inverting patch;
 * MASKED_COLOR: BGRA, alpha 0 = opaque pixel, 0xFF = XOR with the screen.
 */
void scene_cursor_shape(uint32_t type, struct lgp_cursor_shape *out);

/* The cursor's top-left for frame n: a bouncing path that keeps the whole
 * 32x32 image inside the frame (at 0 on an axis shorter than 32). */
void scene_cursor_pos(const struct scene *s, uint64_t n, int16_t *x, int16_t *y);

#endif
