// SPDX-License-Identifier: GPL-2.0-or-later
/* lga_audio: the SPICE playback and record channels, on the SPICE thread,
 * joined to the PipeWire streams (pw_*.c): the guest's start, data and
 * stop; its volume; the stream kept open a while after playback stops;
 * the microphone's policy and the record channel's data. */
#define G_LOG_DOMAIN "lgview-audio"
#include <spice-client.h>
#include <string.h>

#include "pw_priv.h"

/* The record channel is fed this often from the capture ring. */
#define RECORD_TICK_MS 10
/* The SPICE format a server plays unless it says otherwise (spice-server's
 * only one): the stream opens with it as soon as the channel is there. */
#define DEFAULT_RATE 48000
#define DEFAULT_CHANNELS 2
/* Refusals logged per stream; the rest only counted. */
#define REFUSALS_LOGGED 5

struct lga_audio {
	struct lga_pw *pw;
	struct lga_config cfg;

	/* the SPICE thread's */
	SpicePlaybackChannel *playback;
	SpiceRecordChannel *record;
	bool play_ok; /* the current playback format is usable */
	struct lga_format play_fmt;
	guint keep_alive_id;
	guint record_tick_id;
	struct lga_format rec_fmt;
	bool rec_ok;
	uint8_t *rec_buf;
	size_t rec_buf_len;

	/* any thread */
	_Atomic bool playing, mic_wanted, mic_decided, mic_allowed, local_mute, blocked;
	_Atomic int volume_pct;
	_Atomic uint64_t refused, mic_frames;
};

static void changed(struct lga_audio *a)
{
	if (a->cfg.ops && a->cfg.ops->changed)
		a->cfg.ops->changed(a->cfg.ctx);
}

static void refuse(struct lga_audio *a, const char *what, const char *why)
{
	uint64_t n = atomic_fetch_add(&a->refused, 1) + 1;
	if (n <= REFUSALS_LOGGED)
		g_warning("SPICE audio: %s refused: %s%s", what, why,
			  n == REFUSALS_LOGGED ? " (further refusals only counted)" : "");
}

/* ---- playback (the SPICE thread) ---- */

static void cancel_keep_alive(struct lga_audio *a)
{
	if (a->keep_alive_id)
		g_source_remove(a->keep_alive_id);
	a->keep_alive_id = 0;
}

static gboolean keep_alive_over(gpointer data)
{
	struct lga_audio *a = data;
	a->keep_alive_id = 0;
	lga_pw_play_close(a->pw);
	return G_SOURCE_REMOVE;
}

static void arm_keep_alive(struct lga_audio *a)
{
	cancel_keep_alive(a);
	a->keep_alive_id = g_timeout_add(a->cfg.keep_alive_ms, keep_alive_over, a);
}

static void on_playback_start(SpicePlaybackChannel *ch, gint format, gint channels, gint rate,
			      gpointer data)
{
	(void)ch;
	struct lga_audio *a = data;
	const char *why = NULL;
	struct lga_format f;
	cancel_keep_alive(a);
	a->play_ok = lga_format_from_spice(format, channels, rate, &f, &why);
	if (!a->play_ok) {
		char what[96];
		g_snprintf(what, sizeof(what), "playback of format %d, %d channels, %d Hz", format,
			   channels, rate);
		refuse(a, what, why);
		lga_pw_play_active(a->pw, false);
		lga_pw_play_close(a->pw);
		return;
	}
	a->play_fmt = f;
	a->play_ok = lga_pw_play_open(a->pw, &f);
	lga_pw_play_active(a->pw, true);
	atomic_store(&a->playing, true);
	changed(a);
}

static void on_playback_data(SpicePlaybackChannel *ch, gpointer pcm, gint size, gpointer data)
{
	(void)ch;
	struct lga_audio *a = data;
	if (!a->play_ok)
		return; /* silence for a format we could not play */
	const char *why = NULL;
	if (size < 0 || lga_packet_frames(&a->play_fmt, (size_t)size, &why) < 0) {
		refuse(a, "a playback packet", why ? why : "a negative size");
		return;
	}
	lga_pw_play_write(a->pw, pcm, (size_t)size);
}

static void on_playback_stop(SpicePlaybackChannel *ch, gpointer data)
{
	(void)ch;
	struct lga_audio *a = data;
	lga_pw_play_active(a->pw, false);
	atomic_store(&a->playing, false);
	arm_keep_alive(a);
	changed(a);
}

static void on_playback_get_delay(SpicePlaybackChannel *ch, gpointer data)
{
	struct lga_audio *a = data;
	struct lga_status s;
	lga_audio_status(a, &s);
	spice_playback_channel_set_delay(ch, (guint32)(s.latency_ms + 0.5));
}

/* The channel's volume and mute (playback or record). */
static void read_volume(GObject *ch, uint16_t *vol, unsigned *n, bool *mute)
{
	guint16 *v = NULL;
	guint nch = 0;
	gboolean m = FALSE;
	g_object_get(ch, "volume", &v, "nchannels", &nch, "mute", &m, NULL);
	*n = v ? (nch < LGA_CHANNELS_MAX ? nch : LGA_CHANNELS_MAX) : 0;
	for (unsigned i = 0; i < *n; i++)
		vol[i] = v[i];
	*mute = m;
}

static void on_playback_volume(GObject *ch, GParamSpec *ps, gpointer data)
{
	(void)ps;
	struct lga_audio *a = data;
	uint16_t vol[LGA_CHANNELS_MAX];
	unsigned n;
	bool mute;
	read_volume(ch, vol, &n, &mute);
	lga_pw_play_volume(a->pw, vol, n, mute);
}

/* ---- the microphone (the SPICE thread) ---- */

static bool mic_may(struct lga_audio *a)
{
	if (atomic_load(&a->blocked))
		return false;
	switch (a->cfg.mic) {
	case LGA_MIC_ALLOW:
		return !atomic_load(&a->mic_decided) || atomic_load(&a->mic_allowed);
	default:
		return atomic_load(&a->mic_decided) && atomic_load(&a->mic_allowed);
	}
}

static gboolean record_tick(gpointer data)
{
	struct lga_audio *a = data;
	struct lga_ring *r = &a->pw->cap.ring;
	if (!a->record || !r->buf)
		return G_SOURCE_CONTINUE;
	size_t fb = a->rec_fmt.frame_bytes;
	size_t n = lga_ring_fill(r);
	n -= n % fb;
	if (n > a->rec_buf_len)
		n = a->rec_buf_len - a->rec_buf_len % fb;
	if (!n)
		return G_SOURCE_CONTINUE;
	lga_ring_read(r, a->rec_buf, n);
	spice_record_channel_send_data(a->record, a->rec_buf, (gsize)n, 0);
	atomic_fetch_add(&a->mic_frames, n / fb);
	return G_SOURCE_CONTINUE;
}

/* Open or close the capture stream as the guest and the policy say. */
static void mic_update(struct lga_audio *a)
{
	bool on = a->rec_ok && atomic_load(&a->mic_wanted) && mic_may(a);
	bool open = a->record_tick_id != 0;
	if (on && !open) {
		if (!lga_pw_cap_open(a->pw, &a->rec_fmt))
			return;
		a->record_tick_id = g_timeout_add(RECORD_TICK_MS, record_tick, a);
		g_message("SPICE audio: the microphone goes to the guest");
	} else if (!on && open) {
		g_source_remove(a->record_tick_id);
		a->record_tick_id = 0;
		lga_pw_cap_close(a->pw);
		g_message("SPICE audio: the microphone is off");
	}
	changed(a);
}

static gboolean mic_update_idle(gpointer data)
{
	struct lga_audio *a = data;
	mic_update(a);
	return G_SOURCE_REMOVE;
}

static void on_record_start(SpiceRecordChannel *ch, gint format, gint channels, gint rate,
			    gpointer data)
{
	(void)ch;
	struct lga_audio *a = data;
	const char *why = NULL;
	a->rec_ok = lga_format_from_spice(format, channels, rate, &a->rec_fmt, &why);
	if (!a->rec_ok) {
		char what[96];
		g_snprintf(what, sizeof(what), "recording as format %d, %d channels, %d Hz", format,
			   channels, rate);
		refuse(a, what, why);
	} else {
		g_free(a->rec_buf);
		/* A tick's worth and more: 50 ms. */
		a->rec_buf_len = (size_t)a->rec_fmt.rate / 20u * a->rec_fmt.frame_bytes;
		a->rec_buf = g_malloc(a->rec_buf_len);
	}
	atomic_store(&a->mic_wanted, true);
	if (a->cfg.mic == LGA_MIC_DENY && !atomic_load(&a->mic_decided))
		g_message("SPICE audio: the guest records; the microphone is denied "
			  "(audio:micDefault=deny; the escape key + E allows it)");
	else if (a->cfg.mic == LGA_MIC_PROMPT && !atomic_load(&a->mic_decided))
		g_message("SPICE audio: the guest records; the escape key + E allows the "
			  "microphone");
	mic_update(a);
}

static void on_record_stop(SpiceRecordChannel *ch, gpointer data)
{
	(void)ch;
	struct lga_audio *a = data;
	atomic_store(&a->mic_wanted, false);
	mic_update(a);
}

static void on_record_volume(GObject *ch, GParamSpec *ps, gpointer data)
{
	(void)ps;
	struct lga_audio *a = data;
	uint16_t vol[LGA_CHANNELS_MAX];
	unsigned n;
	bool mute;
	read_volume(ch, vol, &n, &mute);
	lga_pw_cap_volume(a->pw, vol, n, mute);
}

/* ---- the channels ---- */

static void playback_event(SpiceChannel *ch, SpiceChannelEvent ev, gpointer data)
{
	(void)ch;
	struct lga_audio *a = data;
	if (ev == SPICE_CHANNEL_OPENED) {
		/* Open the stream now in the format every server plays, so
		 * that the first sound does not wait for PipeWire; closed
		 * again after the keep-alive if nothing plays. */
		struct lga_format f;
		const char *why;
		if (lga_format_from_spice(SPICE_AUDIO_FMT_S16, DEFAULT_CHANNELS, DEFAULT_RATE, &f,
					  &why) &&
		    lga_pw_play_open(a->pw, &f))
			arm_keep_alive(a);
	} else if (ev != SPICE_CHANNEL_NONE) {
		/* Closed or lost: what it played stops with it. */
		on_playback_stop(SPICE_PLAYBACK_CHANNEL(ch), a);
	}
}

void lga_audio_channel_new(struct lga_audio *a, void *spice_channel)
{
	SpiceChannel *ch = spice_channel;
	if (!a)
		return;
	if (SPICE_IS_PLAYBACK_CHANNEL(ch)) {
		a->playback = SPICE_PLAYBACK_CHANNEL(ch);
		g_signal_connect(ch, "playback-start", G_CALLBACK(on_playback_start), a);
		g_signal_connect(ch, "playback-data", G_CALLBACK(on_playback_data), a);
		g_signal_connect(ch, "playback-stop", G_CALLBACK(on_playback_stop), a);
		g_signal_connect(ch, "playback-get-delay", G_CALLBACK(on_playback_get_delay), a);
		g_signal_connect(ch, "notify::volume", G_CALLBACK(on_playback_volume), a);
		g_signal_connect(ch, "notify::mute", G_CALLBACK(on_playback_volume), a);
		g_signal_connect(ch, "channel-event", G_CALLBACK(playback_event), a);
		spice_channel_connect(ch);
	} else if (SPICE_IS_RECORD_CHANNEL(ch)) {
		a->record = SPICE_RECORD_CHANNEL(ch);
		g_signal_connect(ch, "record-start", G_CALLBACK(on_record_start), a);
		g_signal_connect(ch, "record-stop", G_CALLBACK(on_record_stop), a);
		g_signal_connect(ch, "notify::volume", G_CALLBACK(on_record_volume), a);
		g_signal_connect(ch, "notify::mute", G_CALLBACK(on_record_volume), a);
		spice_channel_connect(ch);
	}
}

void lga_audio_channel_destroy(struct lga_audio *a, void *spice_channel)
{
	if (!a)
		return;
	if (spice_channel == (void *)a->playback) {
		g_signal_handlers_disconnect_by_data(spice_channel, a);
		a->playback = NULL;
		lga_pw_play_active(a->pw, false);
		atomic_store(&a->playing, false);
		arm_keep_alive(a);
	} else if (spice_channel == (void *)a->record) {
		g_signal_handlers_disconnect_by_data(spice_channel, a);
		a->record = NULL;
		atomic_store(&a->mic_wanted, false);
		mic_update(a);
	}
	changed(a);
}

/* ---- the public calls ---- */

struct lga_audio *lga_audio_create(const struct lga_config *cfg)
{
	struct lga_audio *a = g_new0(struct lga_audio, 1);
	a->cfg = *cfg;
	atomic_init(&a->volume_pct, 100);
	a->pw = lga_pw_create(cfg);
	if (!a->pw) {
		g_free(a);
		return NULL;
	}
	/* Open the stream now, in the format every server plays: WirePlumber
	 * takes about 100 ms to link a new one, which the first sound must
	 * not wait for. The keep-alive closes it if nothing plays. */
	struct lga_format f;
	const char *why;
	if (lga_format_from_spice(SPICE_AUDIO_FMT_S16, DEFAULT_CHANNELS, DEFAULT_RATE, &f, &why) &&
	    lga_pw_play_open(a->pw, &f))
		arm_keep_alive(a); /* on the default context: the SPICE thread runs it */
	return a;
}

void lga_audio_destroy(struct lga_audio *a)
{
	if (!a)
		return;
	/* The SPICE thread is gone: its sources go unrun. */
	while (g_source_remove_by_user_data(a))
		;
	lga_pw_destroy(a->pw);
	g_free(a->rec_buf);
	g_free(a);
}

void lga_audio_status(struct lga_audio *a, struct lga_status *s)
{
	memset(s, 0, sizeof(*s));
	struct lga_play *p = &a->pw->play;
	s->pipewire = atomic_load(&a->pw->connected);
	s->playing = atomic_load(&a->playing);
	pw_thread_loop_lock(a->pw->loop);
	s->stream = p->stream != NULL;
	s->rate = p->fmt.rate;
	s->channels = p->fmt.channels;
	bool cap = a->pw->cap.stream != NULL;
	pw_thread_loop_unlock(a->pw->loop);
	s->latency_ms = atomic_load(&p->latency_us) / 1000.0;
	s->buffered_ms = atomic_load(&p->buffered_us) / 1000.0;
	s->target_ms = atomic_load(&p->target_us) / 1000.0;
	s->ratio = 1.0 + atomic_load(&p->ratio_ppb) / 1e9;
	s->rate_match = atomic_load(&p->rate_match) != NULL;
	s->underruns = atomic_load(&p->underruns);
	s->overruns = atomic_load(&p->overruns) + atomic_load(&a->pw->cap.overruns);
	s->resyncs = atomic_load(&p->resyncs);
	s->drains = atomic_load(&p->drains);
	s->late = atomic_load(&p->late);
	s->frames_played = atomic_load(&p->frames);
	s->refused = atomic_load(&a->refused);
	s->mic_wanted = atomic_load(&a->mic_wanted);
	s->mic_allowed = mic_may(a);
	s->blocked = atomic_load(&a->blocked);
	s->mic_recording = cap;
	s->mic_asking =
		s->mic_wanted && a->cfg.mic == LGA_MIC_PROMPT && !atomic_load(&a->mic_decided);
	s->mic_frames = atomic_load(&a->mic_frames);
	s->muted = atomic_load(&a->local_mute);
	s->volume_pct = atomic_load(&a->volume_pct);
}

void lga_audio_mic_toggle(struct lga_audio *a)
{
	if (!a)
		return;
	/* The user's own choice, whatever blocks it for now. */
	bool was = atomic_load(&a->mic_decided) ? atomic_load(&a->mic_allowed)
						: a->cfg.mic == LGA_MIC_ALLOW;
	atomic_store(&a->mic_allowed, !was);
	atomic_store(&a->mic_decided, true);
	g_message("SPICE audio: the microphone is %s (escape key + E)", was ? "denied" : "allowed");
	/* The record channel and the capture ring are the SPICE thread's. */
	g_idle_add(mic_update_idle, a);
	changed(a);
}

static void set_local(struct lga_audio *a)
{
	lga_pw_play_local(a->pw, atomic_load(&a->local_mute) || atomic_load(&a->blocked),
			  (float)atomic_load(&a->volume_pct) / 100.0f);
	changed(a);
}

void lga_audio_block(struct lga_audio *a, bool blocked)
{
	if (!a)
		return;
	atomic_store(&a->blocked, blocked);
	set_local(a);
	g_idle_add(mic_update_idle, a); /* the SPICE thread's */
}

void lga_audio_mute_toggle(struct lga_audio *a)
{
	if (!a)
		return;
	atomic_store(&a->local_mute, !atomic_load(&a->local_mute));
	set_local(a);
}

void lga_audio_volume_step(struct lga_audio *a, int pct)
{
	if (!a)
		return;
	int v = atomic_load(&a->volume_pct) + pct;
	atomic_store(&a->volume_pct, v < 0 ? 0 : v > 100 ? 100 : v);
	set_local(a);
}

void lga_audio_describe(const struct lga_status *s, char *buf, unsigned len)
{
	buf[0] = '\0';
	if (s->mic_asking)
		g_snprintf(buf, len, "the VM asks for the microphone: escape key + E allows it");
	else if (s->mic_recording)
		g_snprintf(buf, len, "microphone on (escape key + E stops it)");
}
