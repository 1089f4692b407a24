// SPDX-License-Identifier: GPL-2.0-or-later
#define G_LOG_DOMAIN "lgview-audio"
#include <glib.h>
#include <math.h>
#include <spa/param/audio/format-utils.h>
#include <spa/pod/builder.h>

#include "pw_priv.h"

/* Where each channel goes: SPICE says only how many there are; these are
 * the usual layouts of that many (what a Windows guest's card plays). */
static void positions(uint32_t n, uint32_t *pos)
{
	static const uint32_t layouts[LGA_CHANNELS_MAX][LGA_CHANNELS_MAX] = {
		{SPA_AUDIO_CHANNEL_MONO},
		{SPA_AUDIO_CHANNEL_FL, SPA_AUDIO_CHANNEL_FR},
		{SPA_AUDIO_CHANNEL_FL, SPA_AUDIO_CHANNEL_FR, SPA_AUDIO_CHANNEL_LFE},
		{SPA_AUDIO_CHANNEL_FL, SPA_AUDIO_CHANNEL_FR, SPA_AUDIO_CHANNEL_RL,
		 SPA_AUDIO_CHANNEL_RR},
		{SPA_AUDIO_CHANNEL_FL, SPA_AUDIO_CHANNEL_FR, SPA_AUDIO_CHANNEL_FC,
		 SPA_AUDIO_CHANNEL_RL, SPA_AUDIO_CHANNEL_RR},
		{SPA_AUDIO_CHANNEL_FL, SPA_AUDIO_CHANNEL_FR, SPA_AUDIO_CHANNEL_FC,
		 SPA_AUDIO_CHANNEL_LFE, SPA_AUDIO_CHANNEL_RL, SPA_AUDIO_CHANNEL_RR},
		{SPA_AUDIO_CHANNEL_FL, SPA_AUDIO_CHANNEL_FR, SPA_AUDIO_CHANNEL_FC,
		 SPA_AUDIO_CHANNEL_LFE, SPA_AUDIO_CHANNEL_RC, SPA_AUDIO_CHANNEL_SL,
		 SPA_AUDIO_CHANNEL_SR},
		{SPA_AUDIO_CHANNEL_FL, SPA_AUDIO_CHANNEL_FR, SPA_AUDIO_CHANNEL_FC,
		 SPA_AUDIO_CHANNEL_LFE, SPA_AUDIO_CHANNEL_RL, SPA_AUDIO_CHANNEL_RR,
		 SPA_AUDIO_CHANNEL_SL, SPA_AUDIO_CHANNEL_SR},
	};
	for (uint32_t i = 0; i < n; i++)
		pos[i] = layouts[n - 1][i];
}

const struct spa_pod *lga_pw_format_pod(const struct lga_format *f, uint8_t *buf, size_t len)
{
	struct spa_pod_builder b = SPA_POD_BUILDER_INIT(buf, (uint32_t)len);
	struct spa_audio_info_raw info = {
		.format = SPA_AUDIO_FORMAT_S16,
		.rate = f->rate,
		.channels = f->channels,
	};
	positions(f->channels, info.position);
	return spa_format_audio_raw_build(&b, SPA_PARAM_EnumFormat, &info);
}

/* QEMU forwards the guest mixer's setting, 0..65535, unapplied. Read it
 * as a fader in decibels: the top is 0 dB, each 1/65535 of the range
 * 60/65535 dB less, and 0 silence. */
#define RANGE_DB 60.0

float lga_pw_gain(uint16_t v)
{
	if (v == 0)
		return 0.0f;
	double db = ((double)v / 65535.0 - 1.0) * RANGE_DB;
	return (float)pow(10.0, db / 20.0);
}

struct pw_stream *lga_pw_stream_open(struct lga_pw *pw, const char *name,
				     struct pw_properties *props, enum spa_direction dir,
				     const struct lga_format *f, const struct pw_stream_events *ev,
				     void *data, struct spa_hook *listener)
{
	struct pw_stream *s = pw_stream_new(pw->core, name, props);
	if (!s) {
		g_warning("PipeWire: cannot make the stream %s", name);
		return NULL;
	}
	pw_stream_add_listener(s, listener, ev, data);
	uint8_t buf[1024];
	const struct spa_pod *params[1] = {lga_pw_format_pod(f, buf, sizeof(buf))};
	int r = pw_stream_connect(s, dir, PW_ID_ANY,
				  PW_STREAM_FLAG_AUTOCONNECT | PW_STREAM_FLAG_MAP_BUFFERS |
					  PW_STREAM_FLAG_RT_PROCESS,
				  params, 1);
	if (r < 0) {
		g_warning("PipeWire: cannot connect the stream %s: %s", name, spa_strerror(r));
		spa_hook_remove(listener);
		pw_stream_destroy(s);
		return NULL;
	}
	return s;
}
