// SPDX-License-Identifier: GPL-2.0-or-later
#define G_LOG_DOMAIN "lgview-session"
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "guest-proto/clock.h"
#include "guest-proto/consumer.h"
#include "guest-proto/error.h"
#include "guest-proto/waiter.h"
#include "kvmfr/region.h"
#include "poll_pace.h"
#include "session.h"
#include "sync.h"

struct lgv_session {
	struct lgv_session_config cfg;
	struct lgp_consumer *cons;
	GThread *frame_thread, *cursor_thread;
	uint32_t warning_key; /* frame thread: what s->warning was made for */
	uint64_t warps_failed; /* cursor thread: SETCURSORPOS refusals, said once */
	gint stop; /* atomic; also the frame views' cancel flag */
	gint frames_off; /* atomic: escape key + V */
	struct lgv_poll_pace frame_pace, cursor_pace; /* a still guest polled slowly */

	pthread_mutex_t lock; /* guards everything below */
	enum lgv_session_state state;
	char text[1024];
	char warning[512];
	uint32_t frame_flags;
	bool has_uuid;
	uint8_t uuid[16];
	bool warp_pending; /* main thread asks, the cursor thread tells the guest */
	int32_t warp_x, warp_y;
	struct lgp_cursor cursor;
	/* The newest shape: the cursor thread swaps its filled buffer in, the
	 * main thread swaps its own buffer for it; no pixels are copied under
	 * the lock. */
	uint8_t *shape;
	bool cursor_changed, shape_changed;
	struct lgv_session_counters counters;
};

static void set_state(struct lgv_session *s, enum lgv_session_state st, const char *text)
{
	pthread_mutex_lock(&s->lock);
	bool changed = s->state != st || strcmp(s->text, text);
	s->state = st;
	g_strlcpy(s->text, text, sizeof(s->text));
	if (st != LGV_STATE_RUNNING)
		s->warning[0] = '\0';
	pthread_mutex_unlock(&s->lock);
	if (changed) {
		g_message("%s", text);
		s->cfg.wake(s->cfg.ctx);
	}
}

enum lgv_session_state lgv_session_state(struct lgv_session *s, char *text, size_t len)
{
	pthread_mutex_lock(&s->lock);
	enum lgv_session_state st = s->state;
	g_strlcpy(text, st == LGV_STATE_RUNNING ? s->warning : s->text, len);
	pthread_mutex_unlock(&s->lock);
	return st;
}

uint32_t lgv_session_frame_flags(struct lgv_session *s)
{
	pthread_mutex_lock(&s->lock);
	uint32_t f = s->frame_flags;
	pthread_mutex_unlock(&s->lock);
	return f;
}

void lgv_session_counters(struct lgv_session *s, struct lgv_session_counters *c)
{
	pthread_mutex_lock(&s->lock);
	*c = s->counters;
	pthread_mutex_unlock(&s->lock);
}

/* The cursor thread: runs for the whole session. The consumer keeps it out
 * of the way of connects and checks on the frame thread (consumer.h), so
 * it only polls: while disconnected the consumer says so and it waits. */
static gpointer cursor_main(gpointer data)
{
	struct lgv_session *s = data;
	uint8_t *shape = g_malloc(LGP_CURSOR_SHAPE_MAX);
	while (!g_atomic_int_get(&s->stop)) {
		pthread_mutex_lock(&s->lock);
		bool warp = s->warp_pending;
		int32_t wx = s->warp_x, wy = s->warp_y;
		s->warp_pending = false;
		pthread_mutex_unlock(&s->lock);
		if (warp) {
			/* Waits for the guest (bounded): here, never on the main
			 * thread. */
			int wret = lgp_consumer_set_cursor_pos(s->cons, wx, wy, 100);
			if (wret < 0 && s->warps_failed++ == 0)
				g_message("the guest did not move its pointer to lgview's (%s)",
					  lgp_strerror(wret));
		}
		struct lgp_cursor c;
		int ret = lgp_consumer_cursor_next(s->cons, &c, shape, LGP_CURSOR_SHAPE_MAX);
		if (ret < 0) {
			uint64_t us = (uint64_t)s->cfg.cursor_poll_us;
			if (ret == LGP_ERR_SESSION_CHANGED)
				us = MAX(us, 10000u);
			lgv_poll_pace_sleep(&s->cursor_pace, lgp_monotonic_ns(), us * 1000u);
			continue;
		}
		lgv_poll_pace_activity(&s->cursor_pace, lgp_monotonic_ns());
		pthread_mutex_lock(&s->lock);
		if (c.flags & KVMFR20_CURSOR_FLAG_SHAPE) {
			uint8_t *newest = shape;
			shape = s->shape;
			s->shape = newest;
			s->cursor = c;
			s->shape_changed = true;
		} else {
			s->cursor.x = c.x;
			s->cursor.y = c.y;
			s->cursor.visible = c.visible;
		}
		s->cursor_changed = true;
		pthread_mutex_unlock(&s->lock);
		s->cfg.wake(s->cfg.ctx);
	}
	g_free(shape);
	return NULL;
}

bool lgv_session_cursor(struct lgv_session *s, struct lgp_cursor *c, uint8_t **shape,
			bool *shape_changed)
{
	pthread_mutex_lock(&s->lock);
	bool changed = s->cursor_changed;
	*shape_changed = changed && s->shape_changed;
	if (changed) {
		*c = s->cursor;
		if (s->shape_changed) {
			uint8_t *newest = s->shape;
			s->shape = *shape;
			*shape = newest;
		}
	}
	s->cursor_changed = s->shape_changed = false;
	pthread_mutex_unlock(&s->lock);
	return changed;
}

/* While waiting: a region too small for even a 720p SDR guest would keep
 * the guest application from starting at all, so say so now (with the
 * size a 1080p guest needs). */
static void add_size_advice(struct lgv_session *s, char *text, size_t len)
{
	const struct kvmfr_region *r = s->cfg.region;
	if (r->size >= kvmfr_recommended_size(1280, 720, false))
		return;
	char advice[512];
	kvmfr_region_explain_too_small(r->path, r->size, 1920, 1080, false, advice,
				       sizeof(advice));
	size_t n = strlen(text);
	g_snprintf(text + n, len - n, ". %s", advice);
}

/* One connection attempt, with the state the user should see. */
static bool try_connect(struct lgv_session *s, int *waited)
{
	const char *path = s->cfg.region->path;
	char text[1024];
	int ret = lgp_consumer_connect(s->cons);
	if (ret == 0) {
		const struct lgp_guest_info *g = lgp_consumer_guest(s->cons);
		g_snprintf(text, sizeof(text), "connected to %s: Looking Glass %s (build '%s')%s%s",
			 path, lgp_release_for_kvmfr(g->kvmfr_version), g->hostver,
			 g->has_osinfo ? " on " : "", g->has_osinfo ? g->os_name : "");
		lgv_pipe_reset(s->cfg.pipe);
		pthread_mutex_lock(&s->lock);
		s->has_uuid = g->has_vminfo;
		memcpy(s->uuid, g->uuid, sizeof(s->uuid));
		pthread_mutex_unlock(&s->lock);
		s->warning_key = 0; /* the warning was cleared while not running */
		set_state(s, LGV_STATE_RUNNING, text);
		*waited = 0;
		return true;
	}
	enum lgv_session_state st = LGV_STATE_WAITING;
	if (ret == LGP_ERR_VERSION) {
		lgp_version_mismatch_text(lgp_consumer_guest(s->cons), text, sizeof(text));
		st = LGV_STATE_VERSION;
	} else if (ret == LGP_ERR_BAD_UDATA || ret == LGP_ERR_CORRUPTED) {
		g_snprintf(text, sizeof(text), "%s holds no valid Looking Glass session (%s): waiting",
			 path, lgp_strerror(ret));
		st = LGV_STATE_BAD_REGION;
	} else if (ret == LGP_ERR_AGAIN && ++*waited > 20) {
		/* A header whose heartbeat never moved while we watched: a guest
		 * application that stopped, or one that wrote it and then gave up
		 * (on a region too small, say). We cannot tell which. */
		g_snprintf(text, sizeof(text), "the guest application on %s is not running: "
			 "the shared memory holds a Looking Glass header whose heartbeat does not "
			 "move: waiting", path);
	} else {
		g_snprintf(text, sizeof(text), "waiting for the guest application on %s", path);
	}
	if (st == LGV_STATE_WAITING)
		add_size_advice(s, text, sizeof(text));
	if (s->state == LGV_STATE_RESTARTING && st == LGV_STATE_WAITING)
		st = LGV_STATE_RESTARTING;
	set_state(s, st, text);
	return false;
}

static void note_frame(struct lgv_session *s, const struct lgp_frame_view *v, bool dropped)
{
	/* The advice only changes with the truncated frame's size: build it then,
	 * not for every frame. */
	bool truncated = v->hdr.flags & KVMFR20_FRAME_FLAG_TRUNCATED;
	uint32_t key = truncated ? (v->hdr.frame_width << 16 ^ v->hdr.frame_height) | 1u : 0;
	char warning[512] = "";
	bool tell = key != s->warning_key;
	if (tell && truncated)
		kvmfr_region_explain_too_small(s->cfg.region->path, s->cfg.region->size,
					       v->hdr.frame_width, v->hdr.frame_height,
					       (v->hdr.flags & KVMFR20_FRAME_FLAG_HDR) != 0, warning,
					       sizeof(warning));
	s->warning_key = key;
	pthread_mutex_lock(&s->lock);
	if (tell)
		g_strlcpy(s->warning, warning, sizeof(s->warning));
	s->frame_flags = v->hdr.flags;
	s->counters.frames++;
	s->counters.dropped += dropped;
	pthread_mutex_unlock(&s->lock);
	if (tell && warning[0])
		g_warning("%s", warning);
}

static gpointer frame_main(gpointer data)
{
	struct lgv_session *s = data;
	uint64_t last_check = 0;
	int waited = 0;
	struct lgp_waiter waiter;
	lgp_waiter_init(&waiter, (uint64_t)s->cfg.frame_poll_us);
	bool connected = false, paused = false;
	uint64_t empty_poll = 0; /* the last poll that found the queue empty */
	while (!g_atomic_int_get(&s->stop)) {
		uint64_t now = lgp_monotonic_ns();
		if (!connected) {
			connected = try_connect(s, &waited);
			empty_poll = 0;
			paused = false;
			if (!connected)
				lgp_sleep_us(100000);
			continue;
		}
		if (now - last_check >= 100000000u) {
			last_check = now;
			int ret = lgp_consumer_check(s->cons);
			if (ret < 0) {
				connected = false;
				set_state(s, LGV_STATE_RESTARTING,
					  ret == LGP_ERR_SESSION_CHANGED
						  ? "the guest application restarted: reconnecting"
						  : "the guest application stopped: waiting for it");
				continue;
			}
		}
		/* Frames off: out of the frame queue, so that the guest may stop
		 * capturing; the heartbeat check above goes on. */
		if (g_atomic_int_get(&s->frames_off)) {
			if (!paused)
				lgp_consumer_frames_pause(s->cons);
			paused = true;
			lgp_sleep_us(20000);
			continue;
		}
		paused = false;
		struct lgp_frame_view v;
		int ret = lgp_consumer_frame_next(s->cons, &v);
		if (ret == LGP_ERR_QUEUE_EMPTY) {
			empty_poll = now;
			lgv_poll_pace_sleep(&s->frame_pace, now, lgp_waiter_delay(&waiter, now));
			continue;
		}
		lgp_waiter_arrived(&waiter, now);
		lgv_poll_pace_activity(&s->frame_pace, now);
		if (ret < 0) {
			lgp_sleep_us(1000);
			continue;
		}
		struct lgv_frame_times t = {.serial = v.hdr.frame_serial, .detected = now,
					    .empty_poll = empty_poll};
		empty_poll = 0;
		/* Whole when found: no wait on the guest's write pointer. */
		uint32_t wp;
		if (lgp_frame_write_pointer(&v, &wp) == 0 && wp >= v.data_bytes)
			t.complete = now;
		/* A guest that stops writing costs at most this frame. */
		ret = lgv_pipe_frame(s->cfg.pipe, &v, &t, now + 250000000u);
		note_frame(s, &v, ret < 0);
		lgp_consumer_frame_done(s->cons);
	}
	return NULL;
}

struct lgv_session *lgv_session_start(const struct lgv_session_config *cfg)
{
	struct lgv_session *s = g_new0(struct lgv_session, 1);
	s->cfg = *cfg;
	if (s->cfg.frame_poll_us <= 0)
		s->cfg.frame_poll_us = 1000;
	if (s->cfg.cursor_poll_us <= 0)
		s->cfg.cursor_poll_us = 1000;
	pthread_mutex_init(&s->lock, NULL);
	lgv_poll_pace_init(&s->frame_pace, 0, 0);
	lgv_poll_pace_init(&s->cursor_pace, 0, 0);
	s->shape = g_malloc0(LGP_CURSOR_SHAPE_MAX);
	int ret = lgp_consumer_create(cfg->region->map, cfg->region->size, NULL, &s->cons);
	if (ret < 0) {
		g_warning("%s: %s", cfg->region->path, lgp_strerror(ret));
		g_free(s->shape);
		lgv_poll_pace_finish(&s->frame_pace);
		lgv_poll_pace_finish(&s->cursor_pace);
		pthread_mutex_destroy(&s->lock);
		g_free(s);
		return NULL;
	}
	g_snprintf(s->text, sizeof(s->text), "waiting for the guest application on %s",
		 cfg->region->path);
	g_message("%s", s->text);
	lgp_consumer_set_cancel(s->cons, &s->stop);
	s->frame_thread = g_thread_new("lgview-frame", frame_main, s);
	s->cursor_thread = g_thread_new("lgview-cursor", cursor_main, s);
	return s;
}

void lgv_session_stop(struct lgv_session *s)
{
	if (!s)
		return;
	g_atomic_int_set(&s->stop, 1);
	lgv_session_kick(s); /* out of an idle sleep now */
	g_thread_join(s->cursor_thread);
	g_thread_join(s->frame_thread);
	lgp_consumer_destroy(s->cons);
	g_free(s->shape);
	lgv_poll_pace_finish(&s->frame_pace);
	lgv_poll_pace_finish(&s->cursor_pace);
	pthread_mutex_destroy(&s->lock);
	g_free(s);
}

void lgv_session_kick(struct lgv_session *s)
{
	lgv_poll_pace_kick(&s->frame_pace);
	lgv_poll_pace_kick(&s->cursor_pace);
}

bool lgv_session_guest_uuid(struct lgv_session *s, uint8_t uuid[16])
{
	pthread_mutex_lock(&s->lock);
	bool has = s->has_uuid && s->state == LGV_STATE_RUNNING;
	if (has)
		memcpy(uuid, s->uuid, 16);
	pthread_mutex_unlock(&s->lock);
	return has;
}

void lgv_session_set_frames(struct lgv_session *s, bool on)
{
	g_atomic_int_set(&s->frames_off, !on);
}

void lgv_session_warp_guest_cursor(struct lgv_session *s, int32_t x, int32_t y)
{
	pthread_mutex_lock(&s->lock);
	s->warp_pending = true; /* the newest request wins */
	s->warp_x = x;
	s->warp_y = y;
	pthread_mutex_unlock(&s->lock);
	lgv_poll_pace_kick(&s->cursor_pace); /* the cursor thread sends it */
}
