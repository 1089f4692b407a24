// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Cursor shapes as constant data: a 32x32 arrow (tip at the hotspot (1,1))
 * and a patch below it that exercises each type's special case (straight
 * alpha, inversion, XOR). Each shape is one set of row bit masks expanded
 * by macros, so the pixels need no initialisation and no shared state.
 */
#include "synth/scene.h"

#include "guest-proto/wire_b7.h"

/* Row masks, bit 31 = column 0: O = black outline, F = coloured fill,
 * X = the patch. */
#define SHAPE_ROWS(R) \
	R(0x00000000u, 0x00000000u, 0x00000000u) \
	R(0x40000000u, 0x00000000u, 0x00000000u) \
	R(0x60000000u, 0x00000000u, 0x00000000u) \
	R(0x50000000u, 0x20000000u, 0x00000000u) \
	R(0x48000000u, 0x30000000u, 0x00000000u) \
	R(0x44000000u, 0x38000000u, 0x00000000u) \
	R(0x42000000u, 0x3C000000u, 0x00000000u) \
	R(0x41000000u, 0x3E000000u, 0x00000000u) \
	R(0x40800000u, 0x3F000000u, 0x00000000u) \
	R(0x40400000u, 0x3F800000u, 0x00000000u) \
	R(0x40200000u, 0x3FC00000u, 0x00000000u) \
	R(0x40100000u, 0x3FE00000u, 0x00000000u) \
	R(0x40080000u, 0x3FF00000u, 0x00000000u) \
	R(0x40FC0000u, 0x3F000000u, 0x00000000u) \
	R(0x44800000u, 0x3B000000u, 0x00000000u) \
	R(0x4C800000u, 0x33000000u, 0x00000000u) \
	R(0x52400000u, 0x21800000u, 0x00000000u) \
	R(0x62400000u, 0x01800000u, 0x00000000u) \
	R(0x41200000u, 0x00C00000u, 0x00000000u) \
	R(0x01200000u, 0x00C00000u, 0x00000000u) \
	R(0x00C00000u, 0x00000000u, 0x00000000u) \
	R(0x00000000u, 0x00000000u, 0x00000000u) \
	R(0x00000000u, 0x00000000u, 0x0003FC00u) \
	R(0x00000000u, 0x00000000u, 0x0003FC00u) \
	R(0x00000000u, 0x00000000u, 0x0003FC00u) \
	R(0x00000000u, 0x00000000u, 0x0003FC00u) \
	R(0x00000000u, 0x00000000u, 0x0003FC00u) \
	R(0x00000000u, 0x00000000u, 0x0003FC00u) \
	R(0x00000000u, 0x00000000u, 0x00000000u) \
	R(0x00000000u, 0x00000000u, 0x00000000u) \
	R(0x00000000u, 0x00000000u, 0x00000000u) \
	R(0x00000000u, 0x00000000u, 0x00000000u)

#define BIT(v, i) (((v) >> (31 - (i))) & 1u)
#define PICK(o, f, x, i, vo, vf, vx, ve) \
	(BIT(o, i) ? (vo) : BIT(f, i) ? (vf) : BIT(x, i) ? (vx) : (ve))
#define EACH32(M, o, f, x) \
	M(o, f, x, 0) M(o, f, x, 1) M(o, f, x, 2) M(o, f, x, 3) M(o, f, x, 4) M(o, f, x, 5) \
	M(o, f, x, 6) M(o, f, x, 7) M(o, f, x, 8) M(o, f, x, 9) M(o, f, x, 10) M(o, f, x, 11) \
	M(o, f, x, 12) M(o, f, x, 13) M(o, f, x, 14) M(o, f, x, 15) M(o, f, x, 16) \
	M(o, f, x, 17) M(o, f, x, 18) M(o, f, x, 19) M(o, f, x, 20) M(o, f, x, 21) \
	M(o, f, x, 22) M(o, f, x, 23) M(o, f, x, 24) M(o, f, x, 25) M(o, f, x, 26) \
	M(o, f, x, 27) M(o, f, x, 28) M(o, f, x, 29) M(o, f, x, 30) M(o, f, x, 31)

/* COLOR, BGRA straight alpha: black outline, orange fill, a half-transparent
 * blue patch (R and B differ, so a swapped order shows). */
#define COLOR_PX(o, f, x, i) \
	PICK(o, f, x, i, 0x00, 0x30, 0xFF, 0), PICK(o, f, x, i, 0x00, 0xA0, 0x60, 0), \
	PICK(o, f, x, i, 0x00, 0xFF, 0x20, 0), PICK(o, f, x, i, 0xFF, 0xFF, 0x80, 0),
#define COLOR_ROW(o, f, x) EACH32(COLOR_PX, o, f, x)

/* MASKED_COLOR: alpha 0 = opaque (outline, fill), 0xFF = XOR: white over the
 * patch (inverts), black elsewhere (transparent). */
#define MASKED_PX(o, f, x, i) \
	PICK(o, f, x, i, 0x00, 0x30, 0xFF, 0), PICK(o, f, x, i, 0x00, 0xA0, 0xFF, 0), \
	PICK(o, f, x, i, 0x00, 0xFF, 0xFF, 0), PICK(o, f, x, i, 0x00, 0x00, 0xFF, 0xFF),
#define MASKED_ROW(o, f, x) EACH32(MASKED_PX, o, f, x)

/* MONOCHROME, MSB first: AND 0 XOR 0 black (outline), AND 0 XOR 1 white
 * (fill), AND 1 XOR 1 inverted (patch), AND 1 XOR 0 transparent. */
#define BYTES4(v) \
	((v) >> 24) & 0xFFu, ((v) >> 16) & 0xFFu, ((v) >> 8) & 0xFFu, (v) & 0xFFu,
#define AND_ROW(o, f, x) BYTES4(~((o) | (f)))
#define XOR_ROW(o, f, x) BYTES4((f) | (x))

#define SIZE SCENE_CURSOR_SIZE

static const uint8_t color_px[SIZE * SIZE * 4] = {SHAPE_ROWS(COLOR_ROW)};
static const uint8_t masked_px[SIZE * SIZE * 4] = {SHAPE_ROWS(MASKED_ROW)};
static const uint8_t mono_px[2 * SIZE * SIZE / 8] = {SHAPE_ROWS(AND_ROW) SHAPE_ROWS(XOR_ROW)};

void scene_cursor_shape(uint32_t type, struct lgp_cursor_shape *out)
{
	*out = (struct lgp_cursor_shape){
		.type = KVMFR20_CURSOR_COLOR,
		.width = SIZE, .height = SIZE, .pitch = SIZE * 4,
		.hx = 1, .hy = 1,
		.pixels = color_px,
	};
	if (type == KVMFR20_CURSOR_MASKED_COLOR) {
		out->type = KVMFR20_CURSOR_MASKED_COLOR;
		out->pixels = masked_px;
	} else if (type == KVMFR20_CURSOR_MONOCHROME) {
		out->type = KVMFR20_CURSOR_MONOCHROME;
		out->pitch = SIZE / 8;
		out->pixels = mono_px;
	}
}
