/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The PipeWire side of lgview's audio: one thread loop and core, and the
 * two streams on it. What each stream should be (open or not, its format,
 * the volume) is kept under the loop lock, so the daemon going away and
 * coming back (pw_session.c) brings the streams back as they were.
 *
 * Locks and threads:
 *  - lga_pw_* calls: any thread but PipeWire's own; each takes the loop
 *    lock for as long as it takes to change a stream;
 *  - the *_apply functions: with the loop lock held (from those calls or
 *    from the loop thread on reconnect);
 *  - on_process (pw_playback.c, pw_capture.c): PipeWire's data thread,
 *    real-time: atomics and the rings only.
 */
#ifndef AUDIO_PW_PRIV_H
#define AUDIO_PW_PRIV_H

#include <pipewire/pipewire.h>
#include <spa/node/io.h>
#include <spa/param/props.h>
#include <spa/utils/result.h>
#include <stdatomic.h>

#include "audio/audio.h"
#include "audio/drift.h"
#include "audio/format.h"
#include "audio/ring.h"

struct lga_pw;

struct lga_play {
	struct lga_pw *pw;
	/* under the loop lock */
	bool want;	       /* a stream should be open */
	struct lga_format fmt; /* its format (the ring's frames) */
	float volume[LGA_CHANNELS_MAX];
	uint32_t nvolume;
	bool guest_mute, local_mute;
	float local_volume; /* 0..1 */
	struct pw_stream *stream;
	struct spa_hook listener;
	/* the SPICE thread writes, the data thread reads; its buffer is made
	 * anew only with no stream open */
	struct lga_ring ring;
	_Atomic bool active; /* between playback-start and playback-stop */
	_Atomic(struct spa_io_rate_match *) rate_match;
	/* the data thread's own */
	struct lga_drift drift;
	bool started;
	int64_t silence; /* frames of silence owed before the ring */
	uint64_t last_ns, last_cycle_ns;
	uint32_t period_max;
	double learnt_s; /* seconds the controller has run */
	/* what the status reports: the data thread stores, any thread loads */
	_Atomic uint64_t underruns, overruns, resyncs, drains, frames, late;
	_Atomic int64_t latency_us, buffered_us, mean_us, target_us, ratio_ppb;
};

struct lga_cap {
	struct lga_pw *pw;
	/* under the loop lock */
	bool want;
	struct lga_format fmt;
	float volume[LGA_CHANNELS_MAX];
	uint32_t nvolume;
	bool guest_mute;
	struct pw_stream *stream;
	struct spa_hook listener;
	/* the data thread writes, the SPICE thread reads */
	struct lga_ring ring;
	_Atomic uint64_t overruns;
};

struct lga_pw {
	struct lga_config cfg;
	struct pw_thread_loop *loop;
	struct pw_context *context;
	struct pw_core *core; /* NULL while disconnected */
	struct spa_hook core_listener;
	struct spa_source *retry, *stats;
	bool said_down;
	_Atomic bool connected;
	struct lga_play play;
	struct lga_cap cap;
};

/* pw_session.c */
struct lga_pw *lga_pw_create(const struct lga_config *cfg);
void lga_pw_destroy(struct lga_pw *pw);
void lga_pw_changed(struct lga_pw *pw);

/* pw_playback.c (lock held for the apply and finish) */
void lga_play_init(struct lga_play *p, struct lga_pw *pw);
void lga_play_apply(struct lga_play *p);
void lga_play_drop_stream(struct lga_play *p);
void lga_play_finish(struct lga_play *p);
/* Any thread: open the stream for fmt (a new format makes the ring anew,
 * the stream closed first), close it, the guest's volume, the local
 * mute/volume. */
bool lga_pw_play_open(struct lga_pw *pw, const struct lga_format *fmt);
void lga_pw_play_close(struct lga_pw *pw);
void lga_pw_play_volume(struct lga_pw *pw, const uint16_t *vol, unsigned n, bool mute);
void lga_pw_play_local(struct lga_pw *pw, bool mute, float volume);
/* The SPICE thread: playback-start / -stop, and a packet. */
void lga_pw_play_active(struct lga_pw *pw, bool on);
void lga_pw_play_write(struct lga_pw *pw, const void *data, size_t n);

/* pw_capture.c */
void lga_cap_init(struct lga_cap *c, struct lga_pw *pw);
void lga_cap_apply(struct lga_cap *c);
void lga_cap_drop_stream(struct lga_cap *c);
void lga_cap_finish(struct lga_cap *c);
bool lga_pw_cap_open(struct lga_pw *pw, const struct lga_format *fmt);
void lga_pw_cap_close(struct lga_pw *pw);
void lga_pw_cap_volume(struct lga_pw *pw, const uint16_t *vol, unsigned n, bool mute);
bool lga_pw_cap_open_now(struct lga_pw *pw);

/* pw_format.c: the EnumFormat pod for a SPICE format (S16, its channels
 * and rate, the usual positions), into buf. */
const struct spa_pod *lga_pw_format_pod(const struct lga_format *f, uint8_t *buf, size_t len);
/* A stream of format f made, listened to and connected (autoconnect,
 * mapped buffers, process on the data thread); NULL said in the log.
 * Takes props. Lock held. */
struct pw_stream *lga_pw_stream_open(struct lga_pw *pw, const char *name,
				     struct pw_properties *props, enum spa_direction dir,
				     const struct lga_format *f, const struct pw_stream_events *ev,
				     void *data, struct spa_hook *listener);
/* A SPICE volume (0..65535 per channel) as PipeWire's linear gain. */
float lga_pw_gain(uint16_t v);

#endif
