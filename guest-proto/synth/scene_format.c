// SPDX-License-Identifier: GPL-2.0-or-later
#include "synth/scene_format.h"

#include <math.h>
#include <string.h>

#include "guest-proto/wire_b7.h"

#define R8(c) (((c) >> 16) & 0xFFu)
#define G8(c) (((c) >> 8) & 0xFFu)
#define B8(c) ((c) & 0xFFu)
#define RGB(r, g, b) (((uint32_t)(r) << 16) | ((uint32_t)(g) << 8) | (uint32_t)(b))

uint16_t scene_half_from_float(float v)
{
	uint32_t x;
	memcpy(&x, &v, sizeof(x));
	uint32_t sign = (x >> 16) & 0x8000u;
	uint32_t exp = (x >> 23) & 0xFFu;
	uint32_t man = x & 0x7FFFFFu;

	if (exp == 0xFFu) /* keep NaN a (quiet) NaN */
		return (uint16_t)(sign | 0x7C00u | (man ? 0x200u : 0));
	int32_t e = (int32_t)exp - 127 + 15;
	if (e >= 31)
		return (uint16_t)(sign | 0x7C00u);
	if (e <= 0) {
		/* Subnormal half: mantissa = value * 2^24. */
		if (e < -10)
			return (uint16_t)sign;
		uint32_t full = man | 0x800000u;
		uint32_t shift = (uint32_t)(14 - e);
		uint32_t h = full >> shift;
		uint32_t rem = full & ((1u << shift) - 1u);
		uint32_t tie = 1u << (shift - 1u);
		if (rem > tie || (rem == tie && (h & 1u)))
			++h; /* may carry into the smallest normal: correct */
		return (uint16_t)(sign | h);
	}
	uint32_t h = ((uint32_t)e << 10) | (man >> 13);
	uint32_t rem = man & 0x1FFFu;
	if (rem > 0x1000u || (rem == 0x1000u && (h & 1u)))
		++h; /* a carry into the exponent rounds up to infinity: correct */
	return (uint16_t)(sign | h);
}

float scene_half_to_float(uint16_t h)
{
	uint32_t e = (h >> 10) & 0x1Fu, m = h & 0x3FFu;
	float v;
	if (e == 0)
		v = ldexpf((float)m, -24);
	else if (e == 31)
		v = m ? NAN : INFINITY;
	else
		v = ldexpf((float)(m | 0x400u), (int)e - 25);
	return (h & 0x8000u) ? -v : v;
}

void scene_format_init(struct scene_format *f, uint32_t type)
{
	memset(f, 0, sizeof(*f));
	f->type = type;
	switch (type) {
	case KVMFR20_FRAME_RGBA16F:
		f->pixel_bytes = 8;
		break;
	case KVMFR20_FRAME_BGR_32:
	case KVMFR20_FRAME_RGB_24:
		f->pixel_bytes = 3;
		break;
	default:
		f->pixel_bytes = 4;
		break;
	}
	/* RGBA16F frames are scRGB: linear light, 1.0 = SDR white. */
	for (unsigned v = 0; v < 256; ++v)
		f->half[v] = scene_half_from_float((float)scene_srgb_to_linear(v / 255.0));
}

static uint32_t to10(uint32_t v)
{
	return (v << 2) | (v >> 6);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* One loop per format: the switch stays out of the per-pixel path. */
#define EACH_PIXEL(step, body) \
	for (uint32_t i = 0; i < n; ++i, p += (step)) { \
		uint32_t c = rgb[i]; \
		body; \
	}

void scene_format_encode(const struct scene_format *f, uint8_t *row, uint32_t x,
			 const uint32_t *rgb, uint32_t n)
{
	uint8_t *p = row + (size_t)x * f->pixel_bytes;
	switch (f->type) {
	case KVMFR20_FRAME_BGRA:
		EACH_PIXEL(4, put32(p, c | 0xFF000000u))
		break;
	case KVMFR20_FRAME_RGBA:
		EACH_PIXEL(4, put32(p, R8(c) | G8(c) << 8 | B8(c) << 16 | 0xFF000000u))
		break;
	case KVMFR20_FRAME_RGBA10:
		EACH_PIXEL(4, put32(p, to10(R8(c)) | to10(G8(c)) << 10 | to10(B8(c)) << 20 | 3u << 30))
		break;
	case KVMFR20_FRAME_RGBA16F:
		EACH_PIXEL(8, put16(p, f->half[R8(c)]); put16(p + 2, f->half[G8(c)]);
			   put16(p + 4, f->half[B8(c)]); put16(p + 6, f->half[255]))
		break;
	case KVMFR20_FRAME_BGR_32:
		EACH_PIXEL(3, p[0] = (uint8_t)B8(c); p[1] = (uint8_t)G8(c); p[2] = (uint8_t)R8(c))
		break;
	case KVMFR20_FRAME_RGB_24:
		EACH_PIXEL(3, p[0] = (uint8_t)R8(c); p[1] = (uint8_t)G8(c); p[2] = (uint8_t)B8(c))
		break;
	default:
		break;
	}
}

static uint32_t from_half(const uint8_t *p)
{
	float v = scene_half_to_float((uint16_t)(p[0] | p[1] << 8));
	if (!(v > 0.0f)) /* negative, zero and NaN */
		return 0;
	return v >= 1.0f ? 255u : (uint32_t)lrint(scene_linear_to_srgb(v) * 255.0);
}

double scene_srgb_to_linear(double e)
{
	return e <= 0.04045 ? e / 12.92 : pow((e + 0.055) / 1.055, 2.4);
}

double scene_linear_to_srgb(double l)
{
	return l <= 0.0031308 ? l * 12.92 : 1.055 * pow(l, 1.0 / 2.4) - 0.055;
}

uint32_t scene_format_decode(const struct scene_format *f, const uint8_t *row, uint32_t x)
{
	const uint8_t *p = row + (size_t)x * f->pixel_bytes;
	switch (f->type) {
	case KVMFR20_FRAME_BGRA:
	case KVMFR20_FRAME_BGR_32:
		return RGB(p[2], p[1], p[0]);
	case KVMFR20_FRAME_RGBA:
	case KVMFR20_FRAME_RGB_24:
		return RGB(p[0], p[1], p[2]);
	case KVMFR20_FRAME_RGBA10: {
		uint32_t w = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
			     (uint32_t)p[3] << 24;
		return RGB((w >> 2) & 0xFFu, (w >> 12) & 0xFFu, (w >> 22) & 0xFFu);
	}
	case KVMFR20_FRAME_RGBA16F:
		return RGB(from_half(p), from_half(p + 2), from_half(p + 4));
	default:
		return 0;
	}
}
