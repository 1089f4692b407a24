// SPDX-License-Identifier: GPL-2.0-or-later
/* The playback stream: the guest's audio from the ring into PipeWire at
 * the buffered target, the drift between the guest's clock and the
 * device's taken out by PipeWire's resampler through SPA_IO_RateMatch. */
#define G_LOG_DOMAIN "lgview-audio"
#include <glib.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include "pw_priv.h"

/* The ring: half a second of the format, far more than the target. */
#define RING_S 0.5
/* The most the ratio may leave 1 (pitch shifts by as much). */
#define MAX_ADJUST 0.008
/* The loop's time constant: quick enough to settle in seconds, slow
 * enough that SPICE's 10 ms packets do not wobble the pitch. */
#define LOOP_S 10.0
/* After LEARN_S of playing at LOOP_S, the loop slows to SETTLED_S: the
 * clocks' difference is known and only jitter is left to ignore. */
#define LEARN_S 12.0
#define SETTLED_S 40.0
/* Further than this from the target, the controller drops or inserts
 * audio at once. */
#define RESYNC_S 0.1
/* A burst after a stall: the smoothed buffer this far above the target
 * (or the target itself, if longer) for DRAIN_HOLD_S is dropped. Clear of
 * what the clocks' drift leaves while the loop learns it (the test holds
 * the buffer within 15 ms of the target at +-0.3 %). */
#define DRAIN_S 0.030
#define DRAIN_HOLD_S 1.0

static uint64_t now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static double target_s(const struct lga_play *p)
{
	const struct lga_config *c = &p->pw->cfg;
	if (c->latency_ms)
		return c->latency_ms / 1000.0;
	/* One device period (what a cycle takes) plus the margin. */
	uint32_t period = p->period_max ? p->period_max : c->period_frames;
	return (double)period / p->fmt.rate + c->buffer_latency_ms / 1000.0;
}

/* A jump (a resync, an underrun): what the loop learnt around it is
 * suspect, so it learns quickly again. The data thread. */
static void relearn(struct lga_play *p)
{
	p->learnt_s = 0;
	if (p->drift.cfg.period_s != LOOP_S)
		lga_drift_set_period(&p->drift, LOOP_S);
}

static void reset_control(struct lga_play *p)
{
	struct lga_drift_config dc = {
		.rate = p->fmt.rate,
		.target_s = target_s(p),
		/* Only stale audio lies this far off (the ring filled while
		 * PipeWire was away); a stall's burst is drained smoothly. */
		.resync_s = RESYNC_S,
		.max_adjust = MAX_ADJUST,
		.period_s = LOOP_S,
		.drain_s = MAX(DRAIN_S, target_s(p)),
		.drain_hold_s = DRAIN_HOLD_S,
	};
	double learnt = p->drift.ki * p->drift.integral;
	lga_drift_init(&p->drift, &dc);
	/* The clocks' difference stays known. */
	p->drift.integral = p->drift.ki > 0 ? learnt / p->drift.ki : 0;
	p->learnt_s = 0;
}

/* The data thread. Real-time: no locks, no allocation, no logs. */
static void on_process(void *data)
{
	struct lga_play *p = data;
	struct pw_buffer *b = pw_stream_dequeue_buffer(p->stream);
	if (!b)
		return;
	struct spa_data *d = &b->buffer->datas[0];
	uint8_t *dst = d->data;
	uint32_t fb = p->fmt.frame_bytes;
	if (!dst || !fb) {
		pw_stream_queue_buffer(p->stream, b);
		return;
	}
	uint32_t max = d->maxsize / fb;
	uint32_t n = b->requested ? (uint32_t)SPA_MIN(b->requested, (uint64_t)max) : max;
	if (n > p->period_max) {
		p->period_max = n;
		p->drift.cfg.target_s = target_s(p);
		p->drift.cfg.drain_s = MAX(DRAIN_S, p->drift.cfg.target_s);
		atomic_store_explicit(&p->target_us, (int64_t)(p->drift.cfg.target_s * 1e6),
				      memory_order_relaxed);
	}
	size_t fill = lga_ring_fill(&p->ring) / fb;
	bool active = atomic_load_explicit(&p->active, memory_order_acquire);
	uint64_t now = now_ns();
	/* A cycle that came much later than the last one's length: the
	 * graph went on without this stream (the OS did not run its thread
	 * in time), and the device played silence for it. */
	if (p->last_cycle_ns && (double)(now - p->last_cycle_ns) > 1.9e9 * n / p->fmt.rate)
		atomic_fetch_add_explicit(&p->late, 1, memory_order_relaxed);
	p->last_cycle_ns = now;
	int64_t target = (int64_t)llround(p->drift.cfg.target_s * p->fmt.rate);

	if (!p->started && fill > 0) {
		/* The first packet: play it now, behind as much silence as
		 * puts it at the target, so nothing of it is lost and the
		 * first sound comes within this period plus the target.
		 * More than the target (a stream slow to start) is played
		 * too, and drained by the controller; far more (stale audio
		 * from before PipeWire came back) is its resync's. */
		p->started = true;
		p->silence = (int64_t)fill < target ? target - (int64_t)fill : 0;
		p->last_ns = 0;
	}
	uint32_t done = 0;
	if (p->started) {
		double buffered = (double)((int64_t)fill + p->silence) / p->fmt.rate;
		double dt = p->last_ns ? (double)(now - p->last_ns) / 1e9 : 0;
		p->last_ns = now;
		if (p->pw->cfg.correct_drift) {
			p->learnt_s += dt;
			if (p->learnt_s >= LEARN_S && p->drift.cfg.period_s < SETTLED_S)
				lga_drift_set_period(&p->drift, SETTLED_S);
			int64_t resync = 0;
			uint64_t drains = p->drift.drains;
			double ratio = lga_drift_update(&p->drift, buffered, dt, &resync);
			if (resync > 0 && p->drift.drains != drains) {
				/* A burst: the oldest audio goes, the clocks stay
				 * known (no relearning). Owed silence first. */
				int64_t from_silence = SPA_MIN(resync, p->silence);
				p->silence -= from_silence;
				lga_ring_skip(&p->ring, (size_t)(resync - from_silence) * fb);
				atomic_fetch_add_explicit(&p->drains, 1, memory_order_relaxed);
			} else if (resync > 0) {
				lga_ring_skip(&p->ring, (size_t)resync * fb);
				atomic_fetch_add_explicit(&p->resyncs, 1, memory_order_relaxed);
				relearn(p);
			} else if (resync < 0) {
				p->silence += -resync;
				atomic_fetch_add_explicit(&p->resyncs, 1, memory_order_relaxed);
				relearn(p);
			}
			struct spa_io_rate_match *rm =
				atomic_load_explicit(&p->rate_match, memory_order_acquire);
			if (rm) {
				/* The resampler's rate is output per input. */
				rm->rate = 1.0 / ratio;
				SPA_FLAG_SET(rm->flags, SPA_IO_RATE_MATCH_FLAG_ACTIVE);
			}
			atomic_store_explicit(&p->ratio_ppb, (int64_t)llround((ratio - 1.0) * 1e9),
					      memory_order_relaxed);
		}
		atomic_store_explicit(&p->buffered_us, (int64_t)(buffered * 1e6),
				      memory_order_relaxed);
		atomic_store_explicit(&p->mean_us,
				      (int64_t)((p->drift.primed ? p->drift.filtered : buffered) * 1e6),
				      memory_order_relaxed);
		struct pw_time t = {0};
		double dev = 0;
		if (pw_stream_get_time_n(p->stream, &t, sizeof(t)) == 0 && t.rate.denom)
			dev = (double)t.delay * t.rate.num / t.rate.denom;
		atomic_store_explicit(&p->latency_us, (int64_t)((buffered + dev) * 1e6),
				      memory_order_relaxed);
		/* Owed silence first, then the ring. */
		uint32_t s = (uint32_t)SPA_MIN((int64_t)n, p->silence);
		memset(dst, 0, (size_t)s * fb);
		p->silence -= s;
		done = s + (uint32_t)(lga_ring_read(&p->ring, dst + (size_t)s * fb,
						    (size_t)(n - s) * fb) /
				      fb);
		atomic_fetch_add_explicit(&p->frames, done - s, memory_order_relaxed);
		if (done < n) {
			/* Ran dry: counted while the guest plays; either way
			 * the next packet starts at the target again. */
			if (active) {
				atomic_fetch_add_explicit(&p->underruns, 1, memory_order_relaxed);
				relearn(p);
			}
			p->started = false;
		}
	}
	memset(dst + (size_t)done * fb, 0, (size_t)(n - done) * fb);
	d->chunk->offset = 0;
	d->chunk->stride = (int32_t)fb;
	d->chunk->size = n * fb;
	pw_stream_queue_buffer(p->stream, b);
}

/* The loop thread (or under the lock). */
static void on_io_changed(void *data, uint32_t id, void *area, uint32_t size)
{
	struct lga_play *p = data;
	if (id == SPA_IO_RateMatch)
		atomic_store_explicit(&p->rate_match,
				      size >= sizeof(struct spa_io_rate_match) ? area : NULL,
				      memory_order_release);
}

static void on_state_changed(void *data, enum pw_stream_state old, enum pw_stream_state state,
			     const char *error)
{
	(void)old;
	struct lga_play *p = data;
	if (state == PW_STREAM_STATE_ERROR)
		g_warning("PipeWire: the playback stream failed: %s", error ? error : "?");
	else if (state == PW_STREAM_STATE_STREAMING)
		g_message("PipeWire: playing %u Hz, %u channels (period %u frames, target %.1f ms)",
			  p->fmt.rate, p->fmt.channels, p->pw->cfg.period_frames,
			  target_s(p) * 1000.0);
	lga_pw_changed(p->pw);
}

static const struct pw_stream_events stream_events = {
	PW_VERSION_STREAM_EVENTS,
	.state_changed = on_state_changed,
	.io_changed = on_io_changed,
	.process = on_process,
};

/* Lock held. */
static void set_controls(struct lga_play *p)
{
	if (!p->stream)
		return;
	float vol[LGA_CHANNELS_MAX];
	bool sync = p->pw->cfg.sync_volume && p->nvolume;
	for (uint32_t i = 0; i < p->fmt.channels; i++)
		vol[i] = (sync ? p->volume[SPA_MIN(i, p->nvolume - 1)] : 1.0f) * p->local_volume;
	float mute = (p->local_mute || (p->pw->cfg.sync_volume && p->guest_mute)) ? 1.0f : 0.0f;
	pw_stream_set_control(p->stream, SPA_PROP_channelVolumes, p->fmt.channels, vol,
			      SPA_PROP_mute, 1, &mute, 0);
}

void lga_play_drop_stream(struct lga_play *p)
{
	if (!p->stream)
		return;
	spa_hook_remove(&p->listener);
	pw_stream_destroy(p->stream); /* the data thread is done with it */
	p->stream = NULL;
	atomic_store(&p->rate_match, NULL);
}

void lga_play_apply(struct lga_play *p)
{
	if (!p->want) {
		lga_play_drop_stream(p);
		return;
	}
	if (p->stream || !p->pw->core)
		return;
	const struct lga_config *c = &p->pw->cfg;
	struct pw_properties *props = pw_properties_new(
		PW_KEY_MEDIA_TYPE, "Audio", PW_KEY_MEDIA_CATEGORY, "Playback", PW_KEY_MEDIA_ROLE,
		"Game", PW_KEY_NODE_NAME, "lgview", PW_KEY_APP_NAME, "lgview",
		PW_KEY_NODE_DESCRIPTION, "lgview (the VM's sound)", NULL);
	pw_properties_setf(props, PW_KEY_NODE_LATENCY, "%u/%u", c->period_frames, p->fmt.rate);
	if (c->out_device && c->out_device[0])
		pw_properties_set(props, PW_KEY_TARGET_OBJECT, c->out_device);
	/* The data thread starts afresh; the ring is the SPICE thread's to
	 * fill. */
	p->started = false;
	p->silence = 0;
	p->period_max = 0;
	p->last_cycle_ns = 0;
	reset_control(p);
	atomic_store(&p->target_us, (int64_t)(target_s(p) * 1e6));
	p->stream = lga_pw_stream_open(p->pw, "lgview playback", props, PW_DIRECTION_OUTPUT,
				       &p->fmt, &stream_events, p, &p->listener);
	if (!p->stream)
		return;
	set_controls(p);
}

void lga_play_init(struct lga_play *p, struct lga_pw *pw)
{
	memset(p, 0, sizeof(*p));
	p->pw = pw;
	p->local_volume = 1.0f;
}

void lga_play_finish(struct lga_play *p)
{
	lga_ring_finish(&p->ring);
}

static bool same_format(const struct lga_format *a, const struct lga_format *b)
{
	return a->rate == b->rate && a->channels == b->channels && a->frame_bytes == b->frame_bytes;
}

bool lga_pw_play_open(struct lga_pw *pw, const struct lga_format *fmt)
{
	struct lga_play *p = &pw->play;
	bool ok = true;
	pw_thread_loop_lock(pw->loop);
	if (!p->ring.buf || !same_format(&p->fmt, fmt)) {
		/* No consumer may run while the ring is made anew. */
		p->want = false;
		lga_play_drop_stream(p);
		lga_ring_finish(&p->ring);
		p->fmt = *fmt;
		ok = lga_ring_init(&p->ring, (size_t)(fmt->rate * RING_S) * fmt->frame_bytes);
		if (!ok)
			g_warning("audio: no memory for the playback ring");
	}
	p->want = ok;
	lga_play_apply(p);
	pw_thread_loop_unlock(pw->loop);
	lga_pw_changed(pw);
	return ok;
}

void lga_pw_play_close(struct lga_pw *pw)
{
	pw_thread_loop_lock(pw->loop);
	pw->play.want = false;
	lga_play_apply(&pw->play);
	pw_thread_loop_unlock(pw->loop);
	lga_pw_changed(pw);
}

void lga_pw_play_volume(struct lga_pw *pw, const uint16_t *vol, unsigned n, bool mute)
{
	struct lga_play *p = &pw->play;
	pw_thread_loop_lock(pw->loop);
	p->nvolume = SPA_MIN(n, LGA_CHANNELS_MAX);
	for (unsigned i = 0; i < p->nvolume; i++)
		p->volume[i] = lga_pw_gain(vol[i]);
	p->guest_mute = mute;
	set_controls(p);
	pw_thread_loop_unlock(pw->loop);
}

void lga_pw_play_local(struct lga_pw *pw, bool mute, float volume)
{
	struct lga_play *p = &pw->play;
	pw_thread_loop_lock(pw->loop);
	p->local_mute = mute;
	p->local_volume = volume;
	set_controls(p);
	pw_thread_loop_unlock(pw->loop);
	lga_pw_changed(pw);
}

void lga_pw_play_active(struct lga_pw *pw, bool on)
{
	atomic_store_explicit(&pw->play.active, on, memory_order_release);
}

void lga_pw_play_write(struct lga_pw *pw, const void *data, size_t n)
{
	struct lga_play *p = &pw->play;
	if (!p->ring.buf)
		return;
	size_t put = lga_ring_write(&p->ring, data, n);
	if (put < n)
		atomic_fetch_add_explicit(&p->overruns, 1, memory_order_relaxed);
}
