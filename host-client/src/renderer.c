// SPDX-License-Identifier: GPL-2.0-or-later
#define G_LOG_DOMAIN "lgview-render"
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "guest-proto/kvmfr.h"
#include "render_cursor.h"
#include "render_priv.h"
#include "renderer.h"

struct lgv_renderer {
	const struct lgv_options *opt;
	GLuint vao;
	GLuint prog_frame, prog_plain, prog_unpack, prog_image;
	GLint u_frame_rect, u_frame_scale, u_frame_rot, u_frame_mode, u_frame_tonemap, u_frame_white;
	GLint u_frame_gain;
	GLint u_plain_rect, u_plain_scale, u_plain_rot;
	float gain; /* the picture's brightness: 1, less at night */
	GLint u_unpack_rect, u_unpack_rot, u_unpack_bgr;
	GLint u_image_rect, u_image_rot, u_image_kind, u_image_scale, u_unpack_scale;

	bool has_format;
	struct lgv_frame_format fmt;
	struct lgv_tex_format tex_fmt;
	GLuint frame_tex;               /* what uploaders write */
	GLuint unpacked_tex, unpack_fbo; /* 24-bit formats only */
	bool needs_unpack;
	GLuint source_tex; /* an uploader's own texture (zero copy), or 0 */
	int extra_rotation;

	GLuint overlay_tex;
	uint32_t overlay_w, overlay_h;

	struct lgv_render_cursor cursor;
};

GLuint lgv_gl_program(const char *vs_src, const char *fs_src, const char *name)
{
	GLuint shaders[2] = {glCreateShader(GL_VERTEX_SHADER), glCreateShader(GL_FRAGMENT_SHADER)};
	const char *src[2] = {vs_src, fs_src};
	GLuint prog = glCreateProgram();
	char log[1024];
	for (int i = 0; i < 2; ++i) {
		GLint ok;
		glShaderSource(shaders[i], 1, &src[i], NULL);
		glCompileShader(shaders[i]);
		glGetShaderiv(shaders[i], GL_COMPILE_STATUS, &ok);
		if (!ok) {
			glGetShaderInfoLog(shaders[i], sizeof(log), NULL, log);
			g_warning("%s shader: %s", name, log);
			goto err;
		}
		glAttachShader(prog, shaders[i]);
	}
	glLinkProgram(prog);
	GLint linked;
	glGetProgramiv(prog, GL_LINK_STATUS, &linked);
	if (!linked) {
		glGetProgramInfoLog(prog, sizeof(log), NULL, log);
		g_warning("%s program: %s", name, log);
		goto err;
	}
	glDeleteShader(shaders[0]);
	glDeleteShader(shaders[1]);
	return prog;
err:
	glDeleteShader(shaders[0]);
	glDeleteShader(shaders[1]);
	glDeleteProgram(prog);
	return 0;
}

void lgv_tex_format_for(const struct lgv_frame_format *f, struct lgv_tex_format *t)
{
	memset(t, 0, sizeof(*t));
	t->type = f->type;
	t->height = f->data_height;
	t->row_bytes = f->row_bytes;
	switch (f->type) {
	case KVMFR20_FRAME_BGRA:
		/* Unsized GL_RGBA lets the driver keep BGRA: the upload is a copy. */
		*t = (struct lgv_tex_format){f->type, GL_RGBA, GL_BGRA, GL_UNSIGNED_BYTE,
					     f->data_width, f->data_height, 4, f->row_bytes};
		break;
	case KVMFR20_FRAME_RGBA:
		*t = (struct lgv_tex_format){f->type, GL_RGBA, GL_RGBA, GL_UNSIGNED_BYTE,
					     f->data_width, f->data_height, 4, f->row_bytes};
		break;
	case KVMFR20_FRAME_RGBA10:
		*t = (struct lgv_tex_format){f->type, GL_RGB10_A2, GL_RGBA,
					     GL_UNSIGNED_INT_2_10_10_10_REV, f->data_width,
					     f->data_height, 4, f->row_bytes};
		break;
	case KVMFR20_FRAME_RGBA16F:
		*t = (struct lgv_tex_format){f->type, GL_RGBA16F, GL_RGBA, GL_HALF_FLOAT,
					     f->data_width, f->data_height, 8, f->row_bytes};
		break;
	default: /* BGR_32, RGB_24: bytes in RGBA8 texels, unpacked by a shader */
		*t = (struct lgv_tex_format){f->type, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE,
					     (f->row_bytes + 3) / 4, f->data_height, 4,
					     f->row_bytes};
		break;
	}
}

GLuint lgv_gl_texture(void)
{
	GLuint tex;
	glGenTextures(1, &tex);
	glBindTexture(GL_TEXTURE_2D, tex);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
	return tex;
}

struct lgv_renderer *lgv_renderer_create(const struct lgv_options *opt)
{
	struct lgv_renderer *r = g_new0(struct lgv_renderer, 1);
	r->gain = 1.0f;
	r->opt = opt;
	r->extra_rotation = opt->rotate / 90;
	r->prog_frame = lgv_gl_program(lgv_vs_quad, lgv_fs_frame, "frame");
	r->prog_plain = lgv_gl_program(lgv_vs_quad, lgv_fs_frame_plain, "frame (plain)");
	r->prog_unpack = lgv_gl_program(lgv_vs_quad, lgv_fs_unpack24, "unpack24");
	r->prog_image = lgv_gl_program(lgv_vs_quad, lgv_fs_image, "image");
	if (!r->prog_frame || !r->prog_plain || !r->prog_unpack || !r->prog_image) {
		lgv_renderer_destroy(r);
		return NULL;
	}
	r->u_frame_rect = glGetUniformLocation(r->prog_frame, "rect");
	r->u_frame_rot = glGetUniformLocation(r->prog_frame, "rot");
	r->u_frame_scale = glGetUniformLocation(r->prog_frame, "scale");
	r->u_frame_mode = glGetUniformLocation(r->prog_frame, "mode");
	r->u_frame_tonemap = glGetUniformLocation(r->prog_frame, "tonemap");
	r->u_frame_white = glGetUniformLocation(r->prog_frame, "white");
	r->u_frame_gain = glGetUniformLocation(r->prog_frame, "gain");
	r->u_plain_rect = glGetUniformLocation(r->prog_plain, "rect");
	r->u_plain_rot = glGetUniformLocation(r->prog_plain, "rot");
	r->u_plain_scale = glGetUniformLocation(r->prog_plain, "scale");
	r->u_unpack_rect = glGetUniformLocation(r->prog_unpack, "rect");
	r->u_unpack_rot = glGetUniformLocation(r->prog_unpack, "rot");
	r->u_unpack_bgr = glGetUniformLocation(r->prog_unpack, "bgr");
	r->u_image_rect = glGetUniformLocation(r->prog_image, "rect");
	r->u_image_rot = glGetUniformLocation(r->prog_image, "rot");
	r->u_image_kind = glGetUniformLocation(r->prog_image, "kind");
	r->u_image_scale = glGetUniformLocation(r->prog_image, "scale");
	r->u_unpack_scale = glGetUniformLocation(r->prog_unpack, "scale");
	glGenVertexArrays(1, &r->vao);
	r->overlay_tex = lgv_gl_texture();
	lgv_render_cursor_init(&r->cursor);
	return r;
}

static void drop_frame_textures(struct lgv_renderer *r)
{
	if (r->frame_tex)
		glDeleteTextures(1, &r->frame_tex);
	if (r->unpacked_tex)
		glDeleteTextures(1, &r->unpacked_tex);
	if (r->unpack_fbo)
		glDeleteFramebuffers(1, &r->unpack_fbo);
	r->frame_tex = r->unpacked_tex = r->unpack_fbo = 0;
	r->has_format = false;
}

void lgv_renderer_destroy(struct lgv_renderer *r)
{
	if (!r)
		return;
	drop_frame_textures(r);
	lgv_render_cursor_finish(&r->cursor);
	if (r->overlay_tex)
		glDeleteTextures(1, &r->overlay_tex);
	if (r->vao)
		glDeleteVertexArrays(1, &r->vao);
	glDeleteProgram(r->prog_frame);
	glDeleteProgram(r->prog_plain);
	glDeleteProgram(r->prog_unpack);
	glDeleteProgram(r->prog_image);
	g_free(r);
}

bool lgv_renderer_set_format(struct lgv_renderer *r, const struct lgv_frame_format *f)
{
	drop_frame_textures(r);
	r->fmt = *f;
	lgv_tex_format_for(f, &r->tex_fmt);
	GLint max;
	glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max);
	if (r->tex_fmt.width > (GLuint)max || r->tex_fmt.height > (GLuint)max ||
	    f->frame_width > (GLuint)max) {
		g_warning("frame %ux%u is larger than this GPU's textures (%d)", f->frame_width,
			  f->frame_height, max);
		return false;
	}
	r->frame_tex = lgv_gl_texture();
	glTexImage2D(GL_TEXTURE_2D, 0, (GLint)r->tex_fmt.internal, (GLsizei)r->tex_fmt.width,
		     (GLsizei)r->tex_fmt.height, 0, r->tex_fmt.format, r->tex_fmt.gltype, NULL);
	if (lgp_format_info(f->type)->texel_bytes == 3 || lgp_format_info(f->type)->packed24) {
		r->unpacked_tex = lgv_gl_texture();
		glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, (GLsizei)f->frame_width,
			     (GLsizei)f->data_height, 0, GL_RGBA, GL_UNSIGNED_BYTE, NULL);
		glGenFramebuffers(1, &r->unpack_fbo);
		glBindFramebuffer(GL_FRAMEBUFFER, r->unpack_fbo);
		glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D,
				       r->unpacked_tex, 0);
		GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
		glBindFramebuffer(GL_FRAMEBUFFER, 0);
		if (status != GL_FRAMEBUFFER_COMPLETE) {
			g_warning("unpack framebuffer incomplete (0x%x)", status);
			drop_frame_textures(r);
			return false;
		}
	}
	r->has_format = true;
	r->needs_unpack = false;
	g_debug("format %s %ux%u (data %ux%u, %u bytes/row), rotation %u",
		lgp_format_info(f->type)->name, f->frame_width, f->frame_height, f->data_width,
		f->data_height, f->row_bytes, f->rotation * 90);
	return true;
}

bool lgv_renderer_has_format(const struct lgv_renderer *r)
{
	return r->has_format;
}

GLuint lgv_renderer_frame_texture(const struct lgv_renderer *r)
{
	return r->frame_tex;
}

const struct lgv_tex_format *lgv_renderer_tex_format(const struct lgv_renderer *r)
{
	return &r->tex_fmt;
}

void lgv_renderer_set_source(struct lgv_renderer *r, GLuint tex)
{
	r->source_tex = tex;
}

void lgv_renderer_frame_updated(struct lgv_renderer *r)
{
	r->needs_unpack = r->unpack_fbo != 0;
}

bool lgv_renderer_scale_pointer(const struct lgv_renderer *r)
{
	return r->opt->scale_pointer;
}

void lgv_renderer_set_rotation(struct lgv_renderer *r, int quarter_turns)
{
	r->extra_rotation = quarter_turns & 3;
}

void lgv_renderer_set_cursor_shape(struct lgv_renderer *r, const struct lgp_cursor *c,
				   const uint8_t *pixels)
{
	lgv_render_cursor_shape(&r->cursor, c, pixels);
}

void lgv_renderer_set_cursor_pos(struct lgv_renderer *r, int x, int y, bool visible)
{
	r->cursor.x = x;
	r->cursor.y = y;
	r->cursor.visible = visible;
}

static void unpack(struct lgv_renderer *r)
{
	glBindFramebuffer(GL_FRAMEBUFFER, r->unpack_fbo);
	glViewport(0, 0, (GLsizei)r->fmt.frame_width, (GLsizei)r->fmt.data_height);
	glDisable(GL_BLEND);
	glUseProgram(r->prog_unpack);
	glUniform4f(r->u_unpack_rect, -1, -1, 1, 1);
	glUniform1i(r->u_unpack_rot, 0);
	glUniform2f(r->u_unpack_scale, 1.0f, 1.0f);
	glUniform1i(r->u_unpack_bgr, r->fmt.type == KVMFR20_FRAME_BGR_32);
	glBindTexture(GL_TEXTURE_2D, r->source_tex ? r->source_tex : r->frame_tex);
	glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
	glBindFramebuffer(GL_FRAMEBUFFER, 0);
	r->needs_unpack = false;
}

/* The viewport for a rect given with a top-left origin. */
static void viewport_for(int win_h, const struct lgv_rect *d)
{
	glViewport(d->x, win_h - d->y - d->h, d->w, d->h);
}

static void draw_picture(struct lgv_renderer *r, int win_h, const struct lgv_fit *fit, int rot)
{
	GLuint tex = r->unpacked_tex ? r->unpacked_tex
				     : r->source_tex ? r->source_tex : r->frame_tex;
	glBindTexture(GL_TEXTURE_2D, tex);
	GLint filter = fit->nearest ? GL_NEAREST : GL_LINEAR;
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);

	int mode = 0;
	if (r->fmt.type == KVMFR20_FRAME_RGBA16F)
		mode = 1;
	else if (r->fmt.flags & KVMFR20_FRAME_FLAG_HDR_PQ)
		mode = 2;
	viewport_for(win_h, &fit->dst);
	/* Texture rows may be padded beyond the image. */
	float su = r->unpacked_tex ? 1.0f : (float)r->fmt.frame_width / (float)r->tex_fmt.width;
	if (mode == 0 && r->gain >= 1.0f) {
		glUseProgram(r->prog_plain);
		glUniform4f(r->u_plain_rect, -1, -1, 1, 1);
		glUniform2f(r->u_plain_scale, su, 1.0f);
		glUniform1i(r->u_plain_rot, rot);
		glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
		return;
	}
	glUseProgram(r->prog_frame);
	glUniform4f(r->u_frame_rect, -1, -1, 1, 1);
	glUniform2f(r->u_frame_scale, su, 1.0f);
	glUniform1i(r->u_frame_rot, rot);
	glUniform1i(r->u_frame_mode, mode);
	glUniform1i(r->u_frame_tonemap, r->opt->map_hdr_to_sdr);
	float white = (float)r->opt->max_cll / 80.0f;
	glUniform1f(r->u_frame_white, white < 1.0f ? 1.0f : white);
	glUniform1f(r->u_frame_gain, r->gain);
	glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
}

void lgv_render_image(struct lgv_renderer *r, int win_w, int win_h, GLuint tex,
		      const struct lgv_rect *dst, int rot, int kind)
{
	glViewport(0, 0, win_w, win_h);
	glUseProgram(r->prog_image);
	float x0 = 2.0f * (float)dst->x / (float)win_w - 1.0f;
	float x1 = 2.0f * (float)(dst->x + dst->w) / (float)win_w - 1.0f;
	float y1 = 1.0f - 2.0f * (float)dst->y / (float)win_h;
	float y0 = 1.0f - 2.0f * (float)(dst->y + dst->h) / (float)win_h;
	glUniform4f(r->u_image_rect, x0, y0, x1, y1);
	glUniform1i(r->u_image_rot, rot);
	glUniform2f(r->u_image_scale, 1.0f, 1.0f);
	glUniform1i(r->u_image_kind, kind);
	glBindTexture(GL_TEXTURE_2D, tex);
	glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
}

void lgv_renderer_draw_image(struct lgv_renderer *r, int win_w, int win_h,
			     const struct lgv_image *img)
{
	if (!img || !img->px)
		return;
	glBindVertexArray(r->vao);
	glActiveTexture(GL_TEXTURE0);
	glBindTexture(GL_TEXTURE_2D, r->overlay_tex);
	glPixelStorei(GL_UNPACK_ROW_LENGTH, (GLint)img->stride);
	glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
	if (img->width != r->overlay_w || img->height != r->overlay_h) {
		glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, (GLsizei)img->width,
			     (GLsizei)img->height, 0, GL_RGBA, GL_UNSIGNED_BYTE, img->px);
		r->overlay_w = img->width;
		r->overlay_h = img->height;
	} else {
		glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, (GLsizei)img->width, (GLsizei)img->height,
				GL_RGBA, GL_UNSIGNED_BYTE, img->px);
	}
	glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
	glEnable(GL_BLEND);
	glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
	struct lgv_rect dst = {img->x, img->y, (int)img->width, (int)img->height};
	lgv_render_image(r, win_w, win_h, r->overlay_tex, &dst, 0, 1);
	glDisable(GL_BLEND);
}

/* The picture's rotation, displayed size and fit in a win_w x win_h drawable. */
static int picture_fit(const struct lgv_renderer *r, int win_w, int win_h, struct lgv_fit *fit)
{
	int rot = (int)(r->fmt.rotation + (uint32_t)r->extra_rotation) & 3;
	int dw, dh;
	/* A truncated frame shows the rows that arrived. */
	lgv_rotated_size((int)r->fmt.frame_width, (int)r->fmt.data_height, rot, &dw, &dh);
	*fit = lgv_geometry_fit(win_w, win_h, dw, dh, r->opt);
	return rot;
}

bool lgv_renderer_window_to_guest(const struct lgv_renderer *r, int win_w, int win_h, double wx,
				  double wy, int *gx, int *gy)
{
	if (!r->has_format)
		return false;
	struct lgv_fit fit;
	int rot = picture_fit(r, win_w, win_h, &fit);
	bool inside = lgv_window_to_guest(&fit, (int)r->fmt.frame_width, (int)r->fmt.data_height,
					  rot, wx, wy, gx, gy);
	/* A guest that scales its desktop down for the frame: its own pixels. */
	if (r->fmt.screen_width && r->fmt.screen_width != r->fmt.frame_width)
		*gx = (int)((int64_t)*gx * r->fmt.screen_width / r->fmt.frame_width);
	if (r->fmt.screen_height && r->fmt.screen_height != r->fmt.frame_height)
		*gy = (int)((int64_t)*gy * r->fmt.screen_height / r->fmt.frame_height);
	return inside;
}

void lgv_renderer_set_gain(struct lgv_renderer *r, float gain)
{
	r->gain = gain < 0.0f ? 0.0f : gain > 1.0f ? 1.0f : gain;
}

bool lgv_renderer_guest_to_window(const struct lgv_renderer *r, int win_w, int win_h, int gx,
				  int gy, double *wx, double *wy)
{
	if (!r->has_format)
		return false;
	struct lgv_fit fit;
	int rot = picture_fit(r, win_w, win_h, &fit);
	if (r->fmt.screen_width && r->fmt.screen_width != r->fmt.frame_width)
		gx = (int)((int64_t)gx * r->fmt.frame_width / r->fmt.screen_width);
	if (r->fmt.screen_height && r->fmt.screen_height != r->fmt.frame_height)
		gy = (int)((int64_t)gy * r->fmt.frame_height / r->fmt.screen_height);
	return lgv_guest_to_window(&fit, (int)r->fmt.frame_width, (int)r->fmt.data_height, rot, gx,
				   gy, wx, wy);
}

static bool covers(const struct lgv_rect *d, int win_w, int win_h)
{
	return d->x <= 0 && d->y <= 0 && d->x + d->w >= win_w && d->y + d->h >= win_h;
}

struct lgv_fit lgv_renderer_draw(struct lgv_renderer *r, int win_w, int win_h,
				 const struct lgv_image *overlay)
{
	struct lgv_fit fit = {0};
	glBindVertexArray(r->vao);
	glDisable(GL_BLEND);
	glDisable(GL_DEPTH_TEST);
	glActiveTexture(GL_TEXTURE0);
	int rot = r->has_format ? picture_fit(r, win_w, win_h, &fit) : 0;
	/* Clear only what the picture leaves uncovered: a software
	 * rasteriser pays for every pixel it touches. */
	if (!r->has_format || !covers(&fit.dst, win_w, win_h)) {
		glViewport(0, 0, win_w, win_h);
		glClearColor(0, 0, 0, 1);
		glClear(GL_COLOR_BUFFER_BIT);
	}

	if (r->has_format) {
		if (r->needs_unpack)
			unpack(r);
		draw_picture(r, win_h, &fit, rot);
		lgv_render_cursor_draw(r, &r->cursor, win_w, win_h, &fit, &r->fmt, rot);
	}
	lgv_renderer_draw_image(r, win_w, win_h, overlay);
	return fit;
}
