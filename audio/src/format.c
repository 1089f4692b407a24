// SPDX-License-Identifier: GPL-2.0-or-later
#include <spice/enums.h>

#include "audio/format.h"

bool lga_format_from_spice(int fmt, int channels, int rate, struct lga_format *out,
			   const char **why)
{
	if (fmt != SPICE_AUDIO_FMT_S16) {
		*why = "not signed 16-bit samples, the only format SPICE defines";
		return false;
	}
	if (channels < 1 || (unsigned)channels > LGA_CHANNELS_MAX) {
		*why = "a channel count outside 1 to 8";
		return false;
	}
	if (rate < (int)LGA_RATE_MIN || (unsigned)rate > LGA_RATE_MAX) {
		*why = "a rate outside 8000 to 192000 Hz";
		return false;
	}
	out->rate = (uint32_t)rate;
	out->channels = (uint32_t)channels;
	out->frame_bytes = (uint32_t)channels * 2u;
	*why = NULL;
	return true;
}

long lga_packet_frames(const struct lga_format *f, size_t n, const char **why)
{
	if (n == 0) {
		*why = "an empty packet";
		return -1;
	}
	if (n > LGA_PACKET_MAX) {
		*why = "a packet of more than a second of audio";
		return -1;
	}
	if (f->frame_bytes == 0 || n % f->frame_bytes) {
		*why = "a packet of part of a frame";
		return -1;
	}
	*why = NULL;
	return (long)(n / f->frame_bytes);
}

uint32_t lga_delay_ms(const struct lga_format *f, size_t ring_bytes, uint64_t device_frames)
{
	if (f->frame_bytes == 0 || f->rate == 0)
		return 0;
	uint64_t frames = ring_bytes / f->frame_bytes;
	if (device_frames > UINT64_MAX / 1000u - frames)
		return UINT32_MAX;
	frames += device_frames;
	uint64_t ms = (frames * 1000u + f->rate / 2u) / f->rate;
	return ms > UINT32_MAX ? UINT32_MAX : (uint32_t)ms;
}
