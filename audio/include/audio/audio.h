/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lgview's VM audio: the SPICE playback channel into a PipeWire playback
 * stream, with the clock drift between the guest's sound card and the
 * host's corrected by PipeWire's own resampler (SPA_IO_RateMatch), and a
 * PipeWire capture stream into the SPICE record channel (the microphone),
 * under a policy (allow, deny, or ask in the window).
 *
 * The SPICE session itself is input/'s; it hands this module its playback
 * and record channels as they appear (lga_audio_channel_new).
 *
 * Threads:
 *  - create/destroy: the owner (lgview's main thread), destroy after the
 *    SPICE thread is gone;
 *  - lga_audio_channel_new/destroy: the SPICE thread (GLib's default
 *    context), where every SPICE signal of these channels then runs; the
 *    SPICE thread never blocks on PipeWire's real-time side (the data
 *    goes through a lock-free ring; opening and closing a stream takes
 *    PipeWire's loop lock briefly);
 *  - the rest: any thread;
 *  - ops->changed: the SPICE thread or PipeWire's loop thread; it must not
 *    block (wake the main loop, no more).
 * PipeWire's real-time callbacks never lock, allocate or log.
 */
#ifndef AUDIO_AUDIO_H
#define AUDIO_AUDIO_H

#include <stdbool.h>
#include <stdint.h>

enum lga_mic_policy {
	LGA_MIC_PROMPT, /* ask in the window: the escape key + E allows */
	LGA_MIC_ALLOW,
	LGA_MIC_DENY,
};

struct lga_host_ops {
	/* Something lga_audio_status reports changed. */
	void (*changed)(void *ctx);
};

struct lga_config {
	const char *out_device;	    /* pipewire:outDevice; NULL or "": the default */
	const char *rec_device;	    /* pipewire:recDevice */
	unsigned period_frames;	    /* audio:periodSize: the quantum asked of PipeWire */
	unsigned buffer_latency_ms; /* audio:bufferLatency: held above one period */
	unsigned latency_ms;	/* audio:latency: the buffered target; 0: period + bufferLatency */
	unsigned keep_alive_ms; /* the stream stays open this long after playback stops */
	bool sync_volume;	/* audio:syncVolume: the guest's volume and mute apply */
	bool correct_drift;	/* off only to show what correction does (tests) */
	enum lga_mic_policy mic;
	const struct lga_host_ops *ops;
	void *ctx;
};

struct lga_status {
	bool pipewire; /* connected to the PipeWire daemon */
	bool playing;  /* the guest plays (between start and stop) */
	bool stream;   /* a playback stream is open */
	uint32_t rate, channels;
	double latency_ms;  /* buffered here and in the device, now */
	double target_ms;   /* what the controller holds buffered here */
	double buffered_ms; /* buffered here (the ring), at the last cycle */
	double ratio;	    /* the resampler's input/output ratio */
	bool rate_match;    /* PipeWire gave the stream a rate-match area */
	uint64_t underruns, overruns, resyncs, refused;
	uint64_t drains;      /* bursts after a stall dropped at once (drift.h) */
	uint64_t late;	      /* cycles the graph ran without us (our thread late) */
	uint64_t frames_played;
	bool mic_wanted;     /* the guest records */
	bool mic_allowed;    /* by the policy or the user, and not blocked */
	bool blocked;	     /* lga_audio_block: another VM's server */
	bool mic_recording;  /* a capture stream sends to the guest */
	bool mic_asking;     /* prompt: the guest wants it and nobody said yet */
	uint64_t mic_frames; /* sent to the guest */
	bool muted;	     /* the local mute (escape key + M) */
	int volume_pct;	     /* the local volume, 0..100 */
};

struct lga_audio;

/* NULL only when PipeWire cannot be used at all (said in the log); a
 * daemon that is not running yet is waited for. */
struct lga_audio *lga_audio_create(const struct lga_config *cfg);
void lga_audio_destroy(struct lga_audio *a);

/* A new channel of the SPICE session (a SpiceChannel *): the playback and
 * record channels are taken and connected, others left alone. */
void lga_audio_channel_new(struct lga_audio *a, void *spice_channel);
void lga_audio_channel_destroy(struct lga_audio *a, void *spice_channel);

void lga_audio_status(struct lga_audio *a, struct lga_status *out);
/* The escape key's chords: E allows or stops the microphone; M mutes;
 * up and down step the local volume. */
void lga_audio_mic_toggle(struct lga_audio *a);
void lga_audio_mute_toggle(struct lga_audio *a);
void lga_audio_volume_step(struct lga_audio *a, int pct);
/* While blocked (the SPICE server is another VM's) nothing is recorded
 * for it and its sound is muted. */
void lga_audio_block(struct lga_audio *a, bool blocked);
/* One line for the window about the microphone ("" when nothing to say). */
void lga_audio_describe(const struct lga_status *s, char *buf, unsigned len);

#endif
