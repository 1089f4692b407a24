// SPDX-License-Identifier: GPL-2.0-or-later
#define G_LOG_DOMAIN "lgview-render"
#include <glib.h>
#include <math.h>
#include <string.h>

#include "render_cursor.h"
#include "render_priv.h"
#include "renderer.h"

static void put(uint8_t *p, uint8_t r, uint8_t g, uint8_t b, uint8_t a)
{
	p[0] = r;
	p[1] = g;
	p[2] = b;
	p[3] = a;
}

bool lgv_cursor_split(const struct lgp_cursor *c, const uint8_t *px, uint8_t *opaque,
		      uint8_t *xor_img)
{
	bool any_xor = false;
	for (uint32_t y = 0; y < c->height; ++y) {
		for (uint32_t x = 0; x < c->width; ++x) {
			uint8_t *o = opaque + ((size_t)y * c->width + x) * 4;
			uint8_t *e = xor_img + ((size_t)y * c->width + x) * 4;
			put(o, 0, 0, 0, 0);
			put(e, 0, 0, 0, 0);
			if (c->type == KVMFR20_CURSOR_MONOCHROME) {
				uint8_t mask = (uint8_t)(0x80u >> (x % 8));
				bool and_bit = px[(size_t)y * c->pitch + x / 8] & mask;
				bool xor_bit = px[(size_t)(y + c->height) * c->pitch + x / 8] & mask;
				if (!and_bit)
					put(o, 0, 0, 0, 255);
				if (xor_bit) {
					put(e, 255, 255, 255, 255);
					any_xor = true;
				}
				continue;
			}
			const uint8_t *s = px + (size_t)y * c->pitch + (size_t)x * 4; /* B,G,R,A */
			if (c->type == KVMFR20_CURSOR_COLOR) {
				put(o, s[2], s[1], s[0], s[3]);
			} else if (s[3] == 0) { /* masked colour: opaque pixel */
				put(o, s[2], s[1], s[0], 255);
			} else { /* masked colour: XOR with the screen */
				put(e, s[2], s[1], s[0], 255);
				any_xor = true;
			}
		}
	}
	return any_xor;
}

void lgv_render_cursor_init(struct lgv_render_cursor *c)
{
	memset(c, 0, sizeof(*c));
	c->tex_opaque = lgv_gl_texture();
	c->tex_xor = lgv_gl_texture();
}

void lgv_render_cursor_finish(struct lgv_render_cursor *c)
{
	glDeleteTextures(1, &c->tex_opaque);
	glDeleteTextures(1, &c->tex_xor);
}

void lgv_render_cursor_shape(struct lgv_render_cursor *c, const struct lgp_cursor *cur,
			     const uint8_t *pixels)
{
	size_t bytes = (size_t)cur->width * cur->height * 4;
	uint8_t *opaque = g_malloc(bytes), *xor_img = g_malloc(bytes);
	c->has_xor = lgv_cursor_split(cur, pixels, opaque, xor_img);
	glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
	glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
	glBindTexture(GL_TEXTURE_2D, c->tex_opaque);
	glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, (GLsizei)cur->width, (GLsizei)cur->height, 0,
		     GL_RGBA, GL_UNSIGNED_BYTE, opaque);
	glBindTexture(GL_TEXTURE_2D, c->tex_xor);
	glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, (GLsizei)cur->width, (GLsizei)cur->height, 0,
		     GL_RGBA, GL_UNSIGNED_BYTE, xor_img);
	g_free(opaque);
	g_free(xor_img);
	c->width = (int)cur->width;
	c->height = (int)cur->height;
	c->hx = cur->hx;
	c->hy = cur->hy;
	c->has_shape = true;
}

/* A point in a w x h image to the displayed (rotated) image. */
static void rotate_point(double x, double y, double w, double h, int rot, double *ox, double *oy)
{
	switch (rot & 3) {
	case 0: *ox = x; *oy = y; break;
	case 1: *ox = h - y; *oy = x; break;
	case 2: *ox = w - x; *oy = h - y; break;
	default: *ox = y; *oy = w - x; break;
	}
}

void lgv_render_cursor_draw(struct lgv_renderer *r, const struct lgv_render_cursor *c, int win_w,
			    int win_h, const struct lgv_fit *fit,
			    const struct lgv_frame_format *fmt, int rot)
{
	if (!c->has_shape || !c->visible || fit->dst.w <= 0)
		return;
	/* Guest desktop pixels to frame pixels (the host may downscale). */
	double kx = fmt->screen_width ? (double)fmt->frame_width / fmt->screen_width : 1.0;
	double ky = fmt->screen_height ? (double)fmt->frame_height / fmt->screen_height : 1.0;
	/* The hotspot, in window pixels. */
	double hx, hy;
	rotate_point((c->x + c->hx) * kx, (c->y + c->hy) * ky, fmt->frame_width, fmt->data_height,
		     rot, &hx, &hy);
	hx = fit->dst.x + hx * fit->scale_x;
	hy = fit->dst.y + hy * fit->scale_y;
	/* The image around it: scaled with the picture, or at 1:1. */
	bool scaled = lgv_renderer_scale_pointer(r);
	double sx = scaled ? ((rot & 1) ? ky : kx) * fit->scale_x : 1.0;
	double sy = scaled ? ((rot & 1) ? kx : ky) * fit->scale_y : 1.0;
	double ox, oy;
	rotate_point(c->hx, c->hy, c->width, c->height, rot, &ox, &oy);
	int dw = (rot & 1) ? c->height : c->width, dh = (rot & 1) ? c->width : c->height;
	struct lgv_rect dst = {
		(int)lround(hx - ox * sx), (int)lround(hy - oy * sy),
		(int)lround(dw * sx), (int)lround(dh * sy),
	};
	glEnable(GL_BLEND);
	glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
	lgv_render_image(r, win_w, win_h, c->tex_opaque, &dst, rot, 0);
	glDisable(GL_BLEND);
	if (c->has_xor) {
		glEnable(GL_COLOR_LOGIC_OP);
		glLogicOp(GL_XOR);
		lgv_render_image(r, win_w, win_h, c->tex_xor, &dst, rot, 2);
		glDisable(GL_COLOR_LOGIC_OP);
	}
}
