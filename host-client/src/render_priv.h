/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef LGVIEW_RENDER_PRIV_H
#define LGVIEW_RENDER_PRIV_H

#include <epoxy/gl.h>
#include <stdbool.h>

extern const char *const lgv_vs_quad;
extern const char *const lgv_fs_frame;
/* SDR at full brightness: a bare texture read, which software rasterisers
 * (llvmpipe's linear path) run several times faster than the general one. */
extern const char *const lgv_fs_frame_plain;
extern const char *const lgv_fs_unpack24;
extern const char *const lgv_fs_image;

/* A 2D texture with nearest filtering and clamped edges, bound. */
GLuint lgv_gl_texture(void);

/* Compile and link; 0 on failure (logged). Main thread. */
GLuint lgv_gl_program(const char *vs, const char *fs, const char *name);

#endif
