// SPDX-License-Identifier: GPL-2.0-or-later
/* GLSL sources of the renderer (GL 3.3 core). */
#include "render_priv.h"

/* A quad from gl_VertexID over the viewport. uv has v = 0 at the top row. */
const char *const lgv_vs_quad =
	"#version 330 core\n"
	"uniform vec4 rect;\n" /* x0, y0, x1, y1 in NDC */
	"uniform int rot;\n"
	"uniform vec2 scale;\n"
	"out vec2 uv;\n"
	"void main() {\n"
	"  vec2 c = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1));\n"
	"  gl_Position = vec4(mix(rect.x, rect.z, c.x), mix(rect.y, rect.w, c.y), 0.0, 1.0);\n"
	"  vec2 d = vec2(c.x, 1.0 - c.y);\n"
	"  if (rot == 1) uv = vec2(d.y, 1.0 - d.x);\n"
	"  else if (rot == 2) uv = vec2(1.0 - d.x, 1.0 - d.y);\n"
	"  else if (rot == 3) uv = vec2(1.0 - d.y, d.x);\n"
	"  else uv = d;\n"
	"  uv *= scale;\n"
	"}\n";

/* The picture: SDR passes through; scRGB (RGBA16F) and PQ (HDR10) are
 * linearised, tone mapped to SDR white unless mapping is off, encoded. */
const char *const lgv_fs_frame =
	"#version 330 core\n"
	"uniform sampler2D tex;\n"
	"uniform int mode;\n" /* 0 SDR, 1 scRGB linear, 2 PQ BT.2020 */
	"uniform bool tonemap;\n"
	"uniform float white;\n" /* the brightest value to keep, in SDR-white units */
	"uniform float gain;\n"  /* 1, or less at night (escape key + N) */
	"in vec2 uv;\n"
	"out vec4 color;\n"
	"vec3 pq_to_linear(vec3 e) {\n"
	"  const float m1 = 0.1593017578125, m2 = 78.84375;\n"
	"  const float c1 = 0.8359375, c2 = 18.8515625, c3 = 18.6875;\n"
	"  vec3 p = pow(max(e, 0.0), vec3(1.0 / m2));\n"
	"  vec3 nits = 10000.0 * pow(max(p - c1, 0.0) / (c2 - c3 * p), vec3(1.0 / m1));\n"
	"  const mat3 to709 = mat3(1.6605, -0.1246, -0.0182, -0.5876, 1.1329, -0.1006,\n"
	"                          -0.0728, -0.0083, 1.1187);\n"
	"  return to709 * (nits / 80.0);\n"
	"}\n"
	/* Below the knee untouched; above it the excess is compressed
	 * (extended Reinhard) so that `white` lands exactly on 1.0. */
	"float knee(float c) {\n"
	"  const float k = 0.75;\n"
	"  if (c <= k) return c;\n"
	"  float t = (c - k) / (1.0 - k);\n"
	"  float tw = max((white - k) / (1.0 - k), 1.0);\n"
	"  return k + (1.0 - k) * min(t * (1.0 + t / (tw * tw)) / (1.0 + t), 1.0);\n"
	"}\n"
	"vec3 encode_srgb(vec3 l) {\n"
	"  l = clamp(l, 0.0, 1.0);\n"
	"  return mix(l * 12.92, 1.055 * pow(l, vec3(1.0 / 2.4)) - 0.055, step(0.0031308, l));\n"
	"}\n"
	"void main() {\n"
	"  vec4 s = texture(tex, uv);\n"
	"  if (mode == 0) { color = vec4(s.rgb * gain, 1.0); return; }\n"
	"  vec3 l = mode == 1 ? s.rgb : pq_to_linear(s.rgb);\n"
	"  if (tonemap) l = vec3(knee(l.r), knee(l.g), knee(l.b));\n"
	"  color = vec4(encode_srgb(l) * gain, 1.0);\n"
	"}\n";

const char *const lgv_fs_frame_plain =
	"#version 330 core\n"
	"uniform sampler2D tex;\n"
	"in vec2 uv;\n"
	"out vec4 color;\n"
	"void main() {\n"
	"  color = vec4(texture(tex, uv).rgb, 1.0);\n"
	"}\n";

/* 24-bit frames: bytes packed into RGBA8 texels, unpacked to one pixel. */
const char *const lgv_fs_unpack24 =
	"#version 330 core\n"
	"uniform sampler2D src;\n"
	"uniform bool bgr;\n"
	"out vec4 color;\n"
	"float byte_at(int i, int y) {\n"
	"  vec4 t = texelFetch(src, ivec2(i >> 2, y), 0);\n"
	"  int k = i & 3;\n"
	"  return k == 0 ? t.r : k == 1 ? t.g : k == 2 ? t.b : t.a;\n"
	"}\n"
	"void main() {\n"
	"  ivec2 p = ivec2(gl_FragCoord.xy);\n"
	"  int i = p.x * 3;\n"
	"  vec3 c = vec3(byte_at(i, p.y), byte_at(i + 1, p.y), byte_at(i + 2, p.y));\n"
	"  color = vec4(bgr ? c.bgr : c, 1.0);\n"
	"}\n";

/* Cursor, overlay and status images. kind 0: straight alpha, 1: already
 * premultiplied, 2: the XOR pass (only marked pixels, drawn with a logic op). */
const char *const lgv_fs_image =
	"#version 330 core\n"
	"uniform sampler2D tex;\n"
	"uniform int kind;\n"
	"in vec2 uv;\n"
	"out vec4 color;\n"
	"void main() {\n"
	"  vec4 s = texture(tex, uv);\n"
	"  if (kind == 2) { if (s.a < 0.5) discard; color = vec4(s.rgb, 1.0); return; }\n"
	"  color = kind == 1 ? s : vec4(s.rgb * s.a, s.a);\n"
	"}\n";
