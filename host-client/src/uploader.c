// SPDX-License-Identifier: GPL-2.0-or-later
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "uploader.h"

const struct lgv_uploader_impl *const lgv_uploaders[] = {
	&lgv_uploader_dmabuf,
	&lgv_uploader_direct,
	&lgv_uploader_copy,
	NULL,
};

const struct lgv_uploader_impl *lgv_uploader_find(const char *name)
{
	for (size_t i = 0; lgv_uploaders[i]; ++i)
		if (!strcmp(lgv_uploaders[i]->name, name))
			return lgv_uploaders[i];
	return NULL;
}

void lgv_uploader_print_help(void)
{
	printf("Uploaders (app:uploader), in the order auto tries them:\n");
	for (size_t i = 0; lgv_uploaders[i]; ++i)
		printf("  %-8s %s\n", lgv_uploaders[i]->name, lgv_uploaders[i]->description);
	printf("  %-8s pick by capability; where two copying ones work, try each in the real\n"
	       "  %-8s loop and keep the one that shows the most frames, fastest\n", "auto", "");
}

void lgv_upload_rows(const struct lgv_tex_format *t, const void *src, uint32_t src_pitch,
		     uint32_t y, uint32_t rows)
{
	const uint8_t *p = src;
	glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
	if (src_pitch % t->texel_bytes == 0) {
		glPixelStorei(GL_UNPACK_ROW_LENGTH, (GLint)(src_pitch / t->texel_bytes));
		glTexSubImage2D(GL_TEXTURE_2D, 0, 0, (GLint)y, (GLsizei)t->width, (GLsizei)rows,
				t->format, t->gltype, p);
	} else {
		/* GL counts rows in whole texels: repack (24-bit rows whose pitch
		 * is not a multiple of 4). Client pointers only. */
		size_t tight = (size_t)t->width * t->texel_bytes;
		uint8_t *tmp = g_malloc0(tight * rows);
		for (uint32_t i = 0; i < rows; ++i)
			memcpy(tmp + i * tight, p + (size_t)i * src_pitch,
			       t->row_bytes < tight ? t->row_bytes : tight);
		glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
		glTexSubImage2D(GL_TEXTURE_2D, 0, 0, (GLint)y, (GLsizei)t->width, (GLsizei)rows,
				t->format, t->gltype, tmp);
		g_free(tmp);
	}
	glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
	glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
}
