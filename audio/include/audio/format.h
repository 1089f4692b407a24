/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a SPICE server says about its audio, checked before any of it is
 * used: the format of playback-start / record-start (signed 16-bit is all
 * SPICE has; channels and rate in sane bounds) and the size of each
 * playback-data packet (whole frames, bounded). The server is hostile
 * input: a refusal comes with the reason for the log, and the stream stays
 * silent rather than wrong. Pure; any thread.
 */
#ifndef AUDIO_FORMAT_H
#define AUDIO_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LGA_RATE_MIN 8000u
#define LGA_RATE_MAX 192000u
#define LGA_CHANNELS_MAX 8u
/* One packet at most: a second of the largest format. */
#define LGA_PACKET_MAX ((size_t)LGA_RATE_MAX * LGA_CHANNELS_MAX * 2u)

struct lga_format {
	uint32_t rate; /* frames per second */
	uint32_t channels;
	uint32_t frame_bytes;
};

/* A format as spice-glib's playback-start gives it (SPICE_AUDIO_FMT_*,
 * channels, rate). False with *why set when it cannot be played. */
bool lga_format_from_spice(int fmt, int channels, int rate, struct lga_format *out,
			   const char **why);
/* The frames in a packet of n bytes, or -1 with *why (empty, not whole
 * frames, or too big). */
long lga_packet_frames(const struct lga_format *f, size_t n, const char **why);
/* The delay to report for playback-get-delay, in milliseconds: what is
 * buffered (bytes in the ring) plus the device's own delay (frames). */
uint32_t lga_delay_ms(const struct lga_format *f, size_t ring_bytes, uint64_t device_frames);

#endif
