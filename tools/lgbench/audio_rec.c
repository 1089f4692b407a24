// SPDX-License-Identifier: GPL-2.0-or-later
/* lgbench audio's recorder: a PipeWire capture stream on a sink's monitor
 * that finds the onset of every click and stamps it with the graph's own
 * cycle time (each buffer is stamped; no start offset is assumed). It
 * asks for PipeWire's default quantum, no smaller: the graph runs at the
 * smallest request, so the viewer under test keeps its own. */
#define G_LOG_DOMAIN "lgbench"
#include <pipewire/pipewire.h>
#include <spa/param/audio/format-utils.h>
#include <stdatomic.h>
#include <string.h>

#include "audio_rec.h"

#define RATE 48000
#define QUIET_FRAMES (RATE / 20) /* 50 ms below the threshold before an onset */

struct lgb_audio_rec {
	struct pw_thread_loop *loop;
	struct pw_context *context;
	struct pw_core *core;
	struct pw_stream *stream;
	struct spa_hook listener;
	int16_t level;
	/* the data thread's */
	uint64_t quiet;
	/* the data thread appends, anyone reads up to count */
	int64_t *onsets;
	size_t cap;
	_Atomic size_t count;
	_Atomic uint64_t buffers, frames;
};

/* The data thread: no locks, no allocation. */
static void on_process(void *data)
{
	struct lgb_audio_rec *r = data;
	struct pw_buffer *b = pw_stream_dequeue_buffer(r->stream);
	if (!b)
		return;
	struct pw_time t;
	bool timed = pw_stream_get_time_n(r->stream, &t, sizeof(t)) == 0;
	struct spa_data *d = &b->buffer->datas[0];
	if (d->data && d->chunk && timed) {
		uint32_t off = SPA_MIN(d->chunk->offset, d->maxsize);
		uint32_t n = SPA_MIN(d->chunk->size, d->maxsize - off) / 4;
		const int16_t *s = (const int16_t *)((const uint8_t *)d->data + off);
		for (uint32_t i = 0; i < n; i++) {
			int v = s[2 * i] < 0 ? -s[2 * i] : s[2 * i];
			if (v < r->level) {
				r->quiet++;
				continue;
			}
			if (r->quiet >= QUIET_FRAMES) {
				size_t k = atomic_load_explicit(&r->count, memory_order_relaxed);
				if (k < r->cap) {
					/* The cycle's start plus the sample's place in it. */
					r->onsets[k] = t.now + (int64_t)i * 1000000000 / RATE;
					atomic_store_explicit(&r->count, k + 1, memory_order_release);
				}
			}
			r->quiet = 0;
		}
		atomic_fetch_add_explicit(&r->frames, n, memory_order_relaxed);
	}
	atomic_fetch_add_explicit(&r->buffers, 1, memory_order_relaxed);
	pw_stream_queue_buffer(r->stream, b);
}

static const struct pw_stream_events events = {
	PW_VERSION_STREAM_EVENTS,
	.process = on_process,
};

struct lgb_audio_rec *lgb_audio_rec_start(const char *sink, double threshold, size_t max_onsets)
{
	pw_init(NULL, NULL);
	struct lgb_audio_rec *r = g_new0(struct lgb_audio_rec, 1);
	r->level = (int16_t)(threshold * 32767);
	r->cap = max_onsets;
	r->onsets = g_new0(int64_t, max_onsets);
	r->quiet = QUIET_FRAMES;
	r->loop = pw_thread_loop_new("lgbench-rec", NULL);
	r->context = pw_context_new(pw_thread_loop_get_loop(r->loop),
				    pw_properties_new(PW_KEY_CONFIG_NAME, "client-rt.conf", NULL), 0);
	if (!r->context || pw_thread_loop_start(r->loop) < 0)
		goto err;
	pw_thread_loop_lock(r->loop);
	r->core = pw_context_connect(r->context, NULL, 0);
	if (!r->core) {
		pw_thread_loop_unlock(r->loop);
		fprintf(stderr, "lgbench audio: no PipeWire daemon\n");
		goto err;
	}
	struct pw_properties *props =
		pw_properties_new(PW_KEY_MEDIA_TYPE, "Audio", PW_KEY_MEDIA_CATEGORY, "Capture",
				  PW_KEY_NODE_NAME, "lgbench-recorder", PW_KEY_STREAM_CAPTURE_SINK,
				  "true", PW_KEY_NODE_LATENCY, "1024/48000", NULL);
	if (sink && sink[0])
		pw_properties_set(props, PW_KEY_TARGET_OBJECT, sink);
	r->stream = pw_stream_new(r->core, "lgbench recorder", props);
	uint8_t buf[512];
	struct spa_pod_builder pb = SPA_POD_BUILDER_INIT(buf, sizeof(buf));
	struct spa_audio_info_raw info = {.format = SPA_AUDIO_FORMAT_S16, .rate = RATE,
					  .channels = 2,
					  .position = {SPA_AUDIO_CHANNEL_FL, SPA_AUDIO_CHANNEL_FR}};
	const struct spa_pod *params[1] = {
		spa_format_audio_raw_build(&pb, SPA_PARAM_EnumFormat, &info)};
	pw_stream_add_listener(r->stream, &r->listener, &events, r);
	int res = pw_stream_connect(r->stream, PW_DIRECTION_INPUT, PW_ID_ANY,
				    PW_STREAM_FLAG_AUTOCONNECT | PW_STREAM_FLAG_MAP_BUFFERS |
					    PW_STREAM_FLAG_RT_PROCESS,
				    params, 1);
	pw_thread_loop_unlock(r->loop);
	if (res < 0) {
		fprintf(stderr, "lgbench audio: cannot record %s\n", sink ? sink : "the default sink");
		goto err;
	}
	return r;
err:
	lgb_audio_rec_stop(r);
	return NULL;
}

size_t lgb_audio_rec_onsets(struct lgb_audio_rec *r, const int64_t **onsets)
{
	*onsets = r->onsets;
	return atomic_load_explicit(&r->count, memory_order_acquire);
}

uint64_t lgb_audio_rec_frames(struct lgb_audio_rec *r)
{
	return atomic_load(&r->frames);
}

void lgb_audio_rec_stop(struct lgb_audio_rec *r)
{
	if (!r)
		return;
	if (r->loop)
		pw_thread_loop_stop(r->loop);
	if (r->stream)
		pw_stream_destroy(r->stream);
	if (r->core)
		pw_core_disconnect(r->core);
	if (r->context)
		pw_context_destroy(r->context);
	if (r->loop)
		pw_thread_loop_destroy(r->loop);
	g_free(r->onsets);
	g_free(r);
}
