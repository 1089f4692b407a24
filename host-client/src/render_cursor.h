/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest's cursor, drawn by lgview at its hotspot. Every shape type
 * becomes two textures: an "opaque" one blended normally (colour cursors,
 * the AND mask's black, masked-colour opaque pixels) and an "xor" one drawn
 * with a logic op (the XOR mask, masked-colour XOR pixels). Main thread.
 */
#ifndef LGVIEW_RENDER_CURSOR_H
#define LGVIEW_RENDER_CURSOR_H

#include <epoxy/gl.h>
#include <stdbool.h>
#include <stdint.h>

#include "geometry.h"
#include "guest-proto/cursor.h"

struct lgv_renderer;
struct lgv_frame_format;

struct lgv_render_cursor {
	GLuint tex_opaque, tex_xor;
	bool has_shape, has_xor;
	int width, height, hx, hy;
	int x, y; /* image top-left, guest desktop pixels */
	bool visible;
};

/* Split a shape into the two RGBA8 images (width*height*4 bytes each);
 * returns whether the xor image has any pixel. Pure, for tests too. */
bool lgv_cursor_split(const struct lgp_cursor *c, const uint8_t *pixels, uint8_t *opaque,
		      uint8_t *xor_img);

void lgv_render_cursor_init(struct lgv_render_cursor *c);
void lgv_render_cursor_finish(struct lgv_render_cursor *c);
void lgv_render_cursor_shape(struct lgv_render_cursor *c, const struct lgp_cursor *cur,
			     const uint8_t *pixels);
void lgv_render_cursor_draw(struct lgv_renderer *r, const struct lgv_render_cursor *c, int win_w,
			    int win_h, const struct lgv_fit *fit,
			    const struct lgv_frame_format *fmt, int rot);

/* Draw a texture into a window rect (top-left origin); kind as in the image
 * shader. Main thread. */
void lgv_render_image(struct lgv_renderer *r, int win_w, int win_h, GLuint tex,
		      const struct lgv_rect *dst, int rot, int kind);

#endif
