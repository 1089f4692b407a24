// SPDX-License-Identifier: GPL-2.0-or-later
#define G_LOG_DOMAIN "lgview-audio"
#include <glib.h>
#include <string.h>

#include "audio/audio.h"
#include "guest_audio.h"

#define VOLUME_STEP 5

struct lgv_guest_audio {
	struct lga_audio *audio;
	bool indicator; /* audio:micShowIndicator */
	bool allowed;
	void (*wake)(void *ctx);
	void *ctx;
};

static void on_changed(void *ctx)
{
	struct lgv_guest_audio *ga = ctx;
	ga->wake(ga->ctx); /* another thread: only wake the main loop */
}

static const struct lga_host_ops audio_ops = {.changed = on_changed};

static enum lga_mic_policy policy_of(const char *s)
{
	return !strcmp(s, "allow")  ? LGA_MIC_ALLOW
	       : !strcmp(s, "deny") ? LGA_MIC_DENY
				    : LGA_MIC_PROMPT;
}

struct lgv_guest_audio *lgv_guest_audio_create(const struct lgv_options *opt,
					       void (*wake)(void *ctx), void *ctx)
{
	if (!opt->spice_audio) {
		g_message("audio: off (spice:audio)");
		return NULL;
	}
	/* spice-glib reads it as each playback and record channel is made:
	 * raw PCM both ways unless Opus is asked for (on one machine Opus
	 * only adds its decoding delay and CPU). */
	if (!opt->audio_opus && !g_getenv("SPICE_DISABLE_OPUS"))
		g_setenv("SPICE_DISABLE_OPUS", "1", TRUE);
	struct lgv_guest_audio *ga = g_new0(struct lgv_guest_audio, 1);
	ga->wake = wake;
	ga->ctx = ctx;
	ga->indicator = opt->audio_mic_indicator;
	ga->allowed = true;
	struct lga_config cfg = {
		.out_device = opt->pw_out_device,
		.rec_device = opt->pw_rec_device,
		.period_frames = (unsigned)opt->audio_period,
		.buffer_latency_ms = (unsigned)opt->audio_buffer_ms,
		.latency_ms = (unsigned)opt->audio_latency_ms,
		.keep_alive_ms = (unsigned)opt->audio_keep_alive_ms,
		.sync_volume = opt->audio_sync_volume,
		.correct_drift = opt->audio_drift,
		.mic = policy_of(opt->audio_mic),
		.ops = &audio_ops,
		.ctx = ga,
	};
	ga->audio = lga_audio_create(&cfg);
	if (!ga->audio) {
		g_free(ga);
		return NULL;
	}
	return ga;
}

static void hook_new(void *ctx, void *channel)
{
	struct lgv_guest_audio *ga = ctx;
	lga_audio_channel_new(ga->audio, channel);
}

static void hook_destroy(void *ctx, void *channel)
{
	struct lgv_guest_audio *ga = ctx;
	lga_audio_channel_destroy(ga->audio, channel);
}

static const struct lgi_channel_hook hook = {hook_new, hook_destroy};

void lgv_guest_audio_config(struct lgv_guest_audio *ga, struct lgi_config *sc)
{
	if (!ga)
		return;
	sc->hook = &hook;
	sc->hook_ctx = ga;
}

bool lgv_guest_audio_action(struct lgv_guest_audio *ga, enum lgi_action act)
{
	switch (act) {
	case LGI_ACTION_MIC:
		if (ga && ga->allowed)
			lga_audio_mic_toggle(ga->audio);
		return true;
	case LGI_ACTION_MUTE:
		if (ga)
			lga_audio_mute_toggle(ga->audio);
		return true;
	case LGI_ACTION_VOLUME_UP:
	case LGI_ACTION_VOLUME_DOWN:
		if (ga)
			lga_audio_volume_step(ga->audio, act == LGI_ACTION_VOLUME_UP
								 ? VOLUME_STEP
								 : -VOLUME_STEP);
		return true;
	default:
		return false;
	}
}

void lgv_guest_audio_allow(struct lgv_guest_audio *ga, bool allowed)
{
	if (!ga || ga->allowed == allowed)
		return;
	ga->allowed = allowed;
	lga_audio_block(ga->audio, !allowed);
}

void lgv_guest_audio_text(struct lgv_guest_audio *ga, char *buf, size_t len)
{
	buf[0] = '\0';
	if (!ga)
		return;
	struct lga_status s;
	lga_audio_status(ga->audio, &s);
	if (s.mic_asking || ga->indicator)
		lga_audio_describe(&s, buf, (unsigned)len);
}

void lgv_guest_audio_stats(struct lgv_guest_audio *ga, char *buf, size_t len)
{
	buf[0] = '\0';
	if (!ga)
		return;
	struct lga_status s;
	lga_audio_status(ga->audio, &s);
	if (!s.pipewire)
		g_snprintf(buf, len, "audio: no PipeWire");
	else if (!s.stream)
		g_snprintf(buf, len, "audio: idle");
	else
		/* 48 characters at most: the panel's width. */
		g_snprintf(buf, len,
			   "audio %5.1f ms (target %4.1f) %+5.0f ppm xrun %" G_GUINT64_FORMAT
			   "/%" G_GUINT64_FORMAT "%s",
			   s.latency_ms, s.target_ms, (s.ratio - 1.0) * 1e6, s.underruns,
			   s.overruns, s.muted ? " muted" : "");
}

void lgv_guest_audio_destroy(struct lgv_guest_audio *ga)
{
	if (!ga)
		return;
	lga_audio_destroy(ga->audio);
	g_free(ga);
}
