/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Looking Glass B7 shared-memory size rule. */
#include "kvmfr/region.h"

#define MIB (UINT64_C(1) << 20)

uint64_t kvmfr_recommended_size(uint32_t width, uint32_t height, bool hdr)
{
	/* Two frame buffers of W*H*BPP bytes (BPP 4, or 8 for HDR). */
	const uint64_t per_pixel = hdr ? 16 : 8;
	const uint64_t headroom = 10 * MIB;

	if (!width || !height)
		return 0;
	uint64_t pixels = (uint64_t)width * height; /* < 2^64 */
	if (pixels > (UINT64_MAX - headroom) / per_pixel)
		return 0;
	/* Exact bytes, not whole MiB, so the result always holds the frames. */
	uint64_t need = pixels * per_pixel + headroom;
	if (need > UINT64_C(1) << 63)
		return 0;
	uint64_t size = MIB;
	while (size < need)
		size <<= 1;
	return size;
}
