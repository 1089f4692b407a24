// SPDX-License-Identifier: GPL-2.0-or-later
/* app:uploader=auto: when two copying uploaders work, time a few uploads of
 * a frame of the real size through each path and keep the faster. */
#define G_LOG_DOMAIN "lgview-upload"
#include <glib.h>
#include <string.h>

#include "guest-proto/clock.h"
#include "uploader.h"

#define ROUNDS 4

/* Through client memory (what direct does). */
static uint64_t time_direct(const struct lgv_tex_format *tf, const uint8_t *src, uint32_t pitch)
{
	uint64_t t0 = lgp_monotonic_ns();
	for (int i = 0; i < ROUNDS; ++i)
		lgv_upload_rows(tf, src, pitch, 0, tf->height);
	glFinish();
	return lgp_monotonic_ns() - t0;
}

/* Through a persistently mapped buffer (what copy does, CPU copy included). */
static uint64_t time_copy(const struct lgv_tex_format *tf, const uint8_t *src, uint32_t pitch)
{
	size_t size = (size_t)pitch * tf->height;
	const GLbitfield flags = GL_MAP_WRITE_BIT | GL_MAP_PERSISTENT_BIT | GL_MAP_COHERENT_BIT;
	GLuint pbo;
	glGenBuffers(1, &pbo);
	glBindBuffer(GL_PIXEL_UNPACK_BUFFER, pbo);
	glBufferStorage(GL_PIXEL_UNPACK_BUFFER, (GLsizeiptr)size, NULL, flags);
	uint8_t *map = glMapBufferRange(GL_PIXEL_UNPACK_BUFFER, 0, (GLsizeiptr)size, flags);
	uint64_t t0 = lgp_monotonic_ns();
	for (int i = 0; map && i < ROUNDS; ++i) {
		memcpy(map, src, size);
		lgv_upload_rows(tf, NULL, pitch, 0, tf->height);
	}
	glFinish();
	uint64_t dt = map ? lgp_monotonic_ns() - t0 : UINT64_MAX;
	if (map)
		glUnmapBuffer(GL_PIXEL_UNPACK_BUFFER);
	glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
	glDeleteBuffers(1, &pbo);
	return dt;
}

static uint64_t time_path(const struct lgv_uploader_impl *impl, const struct lgv_tex_format *tf,
			  const uint8_t *src, uint32_t pitch)
{
	if (!strcmp(impl->name, "direct"))
		return time_direct(tf, src, pitch);
	if (!strcmp(impl->name, "copy"))
		return time_copy(tf, src, pitch);
	return UINT64_MAX;
}

const struct lgv_uploader_impl *lgv_uploader_measure(const struct lgv_uploader_impl *a,
						     const struct lgv_uploader_impl *b,
						     const struct lgv_tex_format *tf)
{
	uint32_t pitch = tf->width * tf->texel_bytes;
	uint8_t *src = g_malloc0((size_t)pitch * tf->height);
	GLuint tex;
	glGenTextures(1, &tex);
	glBindTexture(GL_TEXTURE_2D, tex);
	glTexImage2D(GL_TEXTURE_2D, 0, (GLint)tf->internal, (GLsizei)tf->width,
		     (GLsizei)tf->height, 0, tf->format, tf->gltype, NULL);
	/* Warm up both, then measure. */
	time_path(a, tf, src, pitch);
	time_path(b, tf, src, pitch);
	uint64_t ta = time_path(a, tf, src, pitch), tb = time_path(b, tf, src, pitch);
	glDeleteTextures(1, &tex);
	g_free(src);
	const struct lgv_uploader_impl *pick = ta <= tb ? a : b;
	g_message("uploader auto: %s %.2f ms vs %s %.2f ms per %ux%u frame: %s", a->name,
		  (double)ta / ROUNDS / 1e6, b->name, (double)tb / ROUNDS / 1e6, tf->width,
		  tf->height, pick->name);
	return pick;
}
