// SPDX-License-Identifier: GPL-2.0-or-later
/* The microphone: a PipeWire capture stream into a ring the SPICE thread
 * drains to the record channel. Only the record channel's own volume and
 * mute apply here, never the playback's. */
#define G_LOG_DOMAIN "lgview-audio"
#include <glib.h>
#include <string.h>

#include "pw_priv.h"

/* A quarter of a second: the SPICE thread drains it every 10 ms. */
#define RING_S 0.25

/* The data thread. Real-time: no locks, no allocation, no logs. */
static void on_process(void *data)
{
	struct lga_cap *c = data;
	struct pw_buffer *b = pw_stream_dequeue_buffer(c->stream);
	if (!b)
		return;
	struct spa_data *d = &b->buffer->datas[0];
	if (d->data && d->chunk) {
		uint32_t off = SPA_MIN(d->chunk->offset, d->maxsize);
		uint32_t n = SPA_MIN(d->chunk->size, d->maxsize - off);
		n -= n % c->fmt.frame_bytes;
		if (lga_ring_write(&c->ring, (const uint8_t *)d->data + off, n) < n)
			atomic_fetch_add_explicit(&c->overruns, 1, memory_order_relaxed);
	}
	pw_stream_queue_buffer(c->stream, b);
}

static void on_state_changed(void *data, enum pw_stream_state old, enum pw_stream_state state,
			     const char *error)
{
	(void)old;
	struct lga_cap *c = data;
	if (state == PW_STREAM_STATE_ERROR)
		g_warning("PipeWire: the microphone stream failed: %s", error ? error : "?");
	else if (state == PW_STREAM_STATE_STREAMING)
		g_message("PipeWire: the microphone records for the guest (%u Hz, %u channels)",
			  c->fmt.rate, c->fmt.channels);
	lga_pw_changed(c->pw);
}

static const struct pw_stream_events stream_events = {
	PW_VERSION_STREAM_EVENTS,
	.state_changed = on_state_changed,
	.process = on_process,
};

/* Lock held. */
static void set_controls(struct lga_cap *c)
{
	if (!c->stream)
		return;
	float vol[LGA_CHANNELS_MAX];
	bool sync = c->pw->cfg.sync_volume && c->nvolume;
	for (uint32_t i = 0; i < c->fmt.channels; i++)
		vol[i] = sync ? c->volume[SPA_MIN(i, c->nvolume - 1)] : 1.0f;
	float mute = c->pw->cfg.sync_volume && c->guest_mute ? 1.0f : 0.0f;
	pw_stream_set_control(c->stream, SPA_PROP_channelVolumes, c->fmt.channels, vol,
			      SPA_PROP_mute, 1, &mute, 0);
}

void lga_cap_drop_stream(struct lga_cap *c)
{
	if (!c->stream)
		return;
	spa_hook_remove(&c->listener);
	pw_stream_destroy(c->stream);
	c->stream = NULL;
}

void lga_cap_apply(struct lga_cap *c)
{
	if (!c->want) {
		lga_cap_drop_stream(c);
		return;
	}
	if (c->stream || !c->pw->core)
		return;
	const struct lga_config *cfg = &c->pw->cfg;
	struct pw_properties *props = pw_properties_new(
		PW_KEY_MEDIA_TYPE, "Audio", PW_KEY_MEDIA_CATEGORY, "Capture", PW_KEY_MEDIA_ROLE,
		"Communication", PW_KEY_NODE_NAME, "lgview-mic", PW_KEY_APP_NAME, "lgview",
		PW_KEY_NODE_DESCRIPTION, "lgview (the VM's microphone)", NULL);
	pw_properties_setf(props, PW_KEY_NODE_LATENCY, "%u/%u", cfg->period_frames, c->fmt.rate);
	if (cfg->rec_device && cfg->rec_device[0])
		pw_properties_set(props, PW_KEY_TARGET_OBJECT, cfg->rec_device);
	c->stream = lga_pw_stream_open(c->pw, "lgview microphone", props, PW_DIRECTION_INPUT,
				       &c->fmt, &stream_events, c, &c->listener);
	set_controls(c);
}

void lga_cap_init(struct lga_cap *c, struct lga_pw *pw)
{
	memset(c, 0, sizeof(*c));
	c->pw = pw;
}

void lga_cap_finish(struct lga_cap *c)
{
	lga_ring_finish(&c->ring);
}

bool lga_pw_cap_open(struct lga_pw *pw, const struct lga_format *fmt)
{
	struct lga_cap *c = &pw->cap;
	bool ok = true;
	pw_thread_loop_lock(pw->loop);
	/* A fresh ring each time: the consumer (the SPICE thread, the
	 * caller's) starts clean and no producer runs until apply. */
	c->want = false;
	lga_cap_drop_stream(c);
	lga_ring_finish(&c->ring);
	c->fmt = *fmt;
	ok = lga_ring_init(&c->ring, (size_t)(fmt->rate * RING_S) * fmt->frame_bytes);
	c->want = ok;
	lga_cap_apply(c);
	pw_thread_loop_unlock(pw->loop);
	lga_pw_changed(pw);
	return ok;
}

void lga_pw_cap_close(struct lga_pw *pw)
{
	pw_thread_loop_lock(pw->loop);
	pw->cap.want = false;
	lga_cap_apply(&pw->cap);
	pw_thread_loop_unlock(pw->loop);
	lga_pw_changed(pw);
}

bool lga_pw_cap_open_now(struct lga_pw *pw)
{
	pw_thread_loop_lock(pw->loop);
	bool on = pw->cap.stream != NULL;
	pw_thread_loop_unlock(pw->loop);
	return on;
}

void lga_pw_cap_volume(struct lga_pw *pw, const uint16_t *vol, unsigned n, bool mute)
{
	struct lga_cap *c = &pw->cap;
	pw_thread_loop_lock(pw->loop);
	c->nvolume = SPA_MIN(n, LGA_CHANNELS_MAX);
	for (unsigned i = 0; i < c->nvolume; i++)
		c->volume[i] = lga_pw_gain(vol[i]);
	c->guest_mute = mute;
	set_controls(c);
	pw_thread_loop_unlock(pw->loop);
}
