/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The renderer: the frame texture(s) for the current format, the unpack pass
 * for 24-bit formats, the picture (rotation, scaling, filter, HDR to SDR),
 * the guest cursor, the overlay and status text.
 *
 * Threads: everything here runs on the main thread with the GL context
 * current.
 */
#ifndef LGVIEW_RENDERER_H
#define LGVIEW_RENDERER_H

#include <epoxy/gl.h>
#include <stdbool.h>
#include <stdint.h>

#include "geometry.h"
#include "guest-proto/cursor.h"
#include "guest-proto/wire_b7.h"
#include "options.h"

struct lgv_renderer;

/* What the frame texture must look like for a format, and how to upload. */
struct lgv_tex_format {
	uint32_t type;          /* enum kvmfr20_frame_type */
	GLenum internal, format, gltype;
	uint32_t width, height; /* texels */
	uint32_t texel_bytes;
	uint32_t row_bytes;     /* bytes of one row of data */
};

/* The format of the frames, from a validated frame header. */
struct lgv_frame_format {
	uint32_t type;
	uint32_t frame_width, frame_height;
	uint32_t data_width, data_height;
	uint32_t screen_width, screen_height;
	uint32_t rotation;
	uint32_t flags;
	uint32_t row_bytes;
};

void lgv_tex_format_for(const struct lgv_frame_format *f, struct lgv_tex_format *t);

struct lgv_renderer *lgv_renderer_create(const struct lgv_options *opt);
void lgv_renderer_destroy(struct lgv_renderer *r);

/* (Re)create the frame texture for a new format. */
bool lgv_renderer_set_format(struct lgv_renderer *r, const struct lgv_frame_format *f);
bool lgv_renderer_has_format(const struct lgv_renderer *r);
GLuint lgv_renderer_frame_texture(const struct lgv_renderer *r);
const struct lgv_tex_format *lgv_renderer_tex_format(const struct lgv_renderer *r);
/* Draw from an uploader's own texture (zero-copy import) instead; 0 = the
 * renderer's frame texture. */
void lgv_renderer_set_source(struct lgv_renderer *r, GLuint tex);
/* The frame texture holds new data (24-bit formats are unpacked at draw). */
void lgv_renderer_frame_updated(struct lgv_renderer *r);

void lgv_renderer_set_cursor_shape(struct lgv_renderer *r, const struct lgp_cursor *c,
				   const uint8_t *pixels);
/* x, y: the cursor image's top-left in guest desktop pixels. */
void lgv_renderer_set_cursor_pos(struct lgv_renderer *r, int x, int y, bool visible);

bool lgv_renderer_scale_pointer(const struct lgv_renderer *r);

/* The picture's brightness, 0..1 (1: as the guest sent it; less: night,
 * escape key + N). The cursor and the overlay stay as they are. */
void lgv_renderer_set_gain(struct lgv_renderer *r, float gain);

/* Extra rotation on top of the frame's own (win:rotate, ScrLk+R). */
void lgv_renderer_set_rotation(struct lgv_renderer *r, int quarter_turns);

/* An RGBA image (premultiplied, 0xAABBGGRR) drawn 1:1 at x,y on top. */
struct lgv_image {
	const uint32_t *px;
	uint32_t width, height, stride;
	int x, y;
};

/* Draw an image (overlay, status) on top; NULL or no pixels: nothing. */
void lgv_renderer_draw_image(struct lgv_renderer *r, int win_w, int win_h,
			     const struct lgv_image *img);

/* The guest desktop pixel under window point (wx, wy) in a win_w x win_h
 * drawable, as the picture is drawn now (in the guest's screen pixels when
 * it scales its frames); false outside the picture or before the first
 * format. */
bool lgv_renderer_window_to_guest(const struct lgv_renderer *r, int win_w, int win_h, double wx,
				  double wy, int *gx, int *gy);
/* Where guest desktop pixel (gx, gy) is drawn in the drawable; false
 * before the first format. */
bool lgv_renderer_guest_to_window(const struct lgv_renderer *r, int win_w, int win_h, int gx,
				  int gy, double *wx, double *wy);
/* Draw a frame into a win_w x win_h drawable; overlay may be NULL. Returns
 * the fit used for the picture (zero dst when no frame yet). */
struct lgv_fit lgv_renderer_draw(struct lgv_renderer *r, int win_w, int win_h,
				 const struct lgv_image *overlay);

#endif
