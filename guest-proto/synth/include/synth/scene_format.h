/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private to lgbench-scene (and its tests): the scene's canonical 0xRRGGBB
 * colours converted to and from the KVMFR frame formats, one row span at a
 * time. Pure, any thread.
 */
#ifndef LGBENCH_SCENE_FORMAT_H
#define LGBENCH_SCENE_FORMAT_H

#include <stdint.h>

struct scene_format {
	uint32_t type;        /* enum kvmfr20_frame_type */
	uint32_t pixel_bytes; /* bytes one pixel occupies in a row (3 for BGR_32) */
	uint16_t half[256];   /* RGBA16F: v/255 as an IEEE half */
};

/* type must be a valid frame type (lgp_format_info() != NULL). */
void scene_format_init(struct scene_format *f, uint32_t type);

/* Write n pixels of rgb (0xRRGGBB) into row, starting at pixel x. */
void scene_format_encode(const struct scene_format *f, uint8_t *row, uint32_t x,
			 const uint32_t *rgb, uint32_t n);

/* Pixel x of row back to 0xRRGGBB: exact for the 8-bit formats, the top 8
 * bits for RGBA10, rounded to 8 bits for RGBA16F. */
uint32_t scene_format_decode(const struct scene_format *f, const uint8_t *row, uint32_t x);

/* IEEE 754 binary16, round to nearest even; NaN, infinities and subnormals
 * included. */
uint16_t scene_half_from_float(float v);
float scene_half_to_float(uint16_t h);

/* The sRGB transfer function and its inverse (RGBA16F is linear scRGB). */
double scene_srgb_to_linear(double e);
double scene_linear_to_srgb(double l);

#endif
