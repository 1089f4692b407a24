// SPDX-License-Identifier: GPL-2.0-or-later
/* The PipeWire connection: a thread loop and one core. When the daemon
 * goes away (restarted, or not started yet) the streams are dropped and a
 * timer tries again every RETRY_MS; once connected, each stream comes back
 * as its owner last asked. */
#define G_LOG_DOMAIN "lgview-audio"
#include <errno.h>
#include <glib.h>

#include "pw_priv.h"

#define RETRY_MS 500

void lga_pw_changed(struct lga_pw *pw)
{
	if (pw->cfg.ops && pw->cfg.ops->changed)
		pw->cfg.ops->changed(pw->cfg.ctx);
}

static void disconnect(struct lga_pw *pw)
{
	lga_play_drop_stream(&pw->play);
	lga_cap_drop_stream(&pw->cap);
	if (pw->core) {
		spa_hook_remove(&pw->core_listener);
		pw_core_disconnect(pw->core);
		pw->core = NULL;
	}
	atomic_store(&pw->connected, false);
}

static void arm_retry(struct lga_pw *pw)
{
	struct timespec t = {.tv_sec = 0, .tv_nsec = RETRY_MS * 1000000L};
	pw_loop_update_timer(pw_thread_loop_get_loop(pw->loop), pw->retry, &t, NULL, false);
}

static void on_core_error(void *data, uint32_t id, int seq, int res, const char *message)
{
	(void)seq;
	struct lga_pw *pw = data;
	if (id != PW_ID_CORE)
		return; /* a stream's own error comes through its state */
	g_warning("PipeWire: %s (%s); reconnecting", message ? message : "error",
		  spa_strerror(res));
	/* The loop thread, lock held. */
	disconnect(pw);
	pw->said_down = true;
	arm_retry(pw);
	lga_pw_changed(pw);
}

static const struct pw_core_events core_events = {
	PW_VERSION_CORE_EVENTS,
	.error = on_core_error,
};

/* Lock held. */
static bool try_connect(struct lga_pw *pw)
{
	pw->core = pw_context_connect(pw->context, NULL, 0);
	if (!pw->core) {
		if (!pw->said_down)
			g_warning("PipeWire: no daemon (%s); audio waits for one",
				  g_strerror(errno));
		pw->said_down = true;
		return false;
	}
	pw_core_add_listener(pw->core, &pw->core_listener, &core_events, pw);
	if (pw->said_down)
		g_message("PipeWire: connected");
	pw->said_down = false;
	atomic_store(&pw->connected, true);
	lga_play_apply(&pw->play);
	lga_cap_apply(&pw->cap);
	lga_pw_changed(pw);
	return true;
}

/* Once a second, for G_MESSAGES_DEBUG=lgview-audio (the audio tests
 * follow the latency with it). */
static void on_stats(void *data, uint64_t expirations)
{
	(void)expirations;
	struct lga_pw *pw = data;
	struct lga_play *p = &pw->play;
	if (!p->stream)
		return;
	g_debug("playback: latency %.2f ms buffered %.2f ms mean %.2f ms target %.2f ms ratio %.6f "
		"underruns %" G_GUINT64_FORMAT " overruns %" G_GUINT64_FORMAT
		" resyncs %" G_GUINT64_FORMAT " drains %" G_GUINT64_FORMAT " late %" G_GUINT64_FORMAT
		" rate-match %s",
		atomic_load(&p->latency_us) / 1000.0, atomic_load(&p->buffered_us) / 1000.0,
		atomic_load(&p->mean_us) / 1000.0,
		atomic_load(&p->target_us) / 1000.0, 1.0 + atomic_load(&p->ratio_ppb) / 1e9,
		(uint64_t)atomic_load(&p->underruns), (uint64_t)atomic_load(&p->overruns),
		(uint64_t)atomic_load(&p->resyncs), (uint64_t)atomic_load(&p->drains),
		(uint64_t)atomic_load(&p->late),
		atomic_load(&p->rate_match) ? "yes" : "no");
}

static void on_retry(void *data, uint64_t expirations)
{
	(void)expirations;
	struct lga_pw *pw = data;
	if (!pw->core && !try_connect(pw))
		arm_retry(pw);
}

struct lga_pw *lga_pw_create(const struct lga_config *cfg)
{
	pw_init(NULL, NULL);
	struct lga_pw *pw = g_new0(struct lga_pw, 1);
	pw->cfg = *cfg;
	lga_play_init(&pw->play, pw);
	lga_cap_init(&pw->cap, pw);
	pw->loop = pw_thread_loop_new("lgview-audio", NULL);
	if (!pw->loop) {
		g_warning("PipeWire: cannot make its loop");
		goto err_loop;
	}
	pw->context = pw_context_new(pw_thread_loop_get_loop(pw->loop),
				     /* client-rt.conf loads module-rt: the data
				      * thread runs real-time, as pw-cat's does
				      * (client.conf leaves it an ordinary one) */
				     pw_properties_new(PW_KEY_APP_NAME, "lgview", PW_KEY_CONFIG_NAME,
						       "client-rt.conf", NULL),
				     0);
	if (!pw->context) {
		g_warning("PipeWire: cannot make a context");
		goto err_context;
	}
	struct pw_loop *l = pw_thread_loop_get_loop(pw->loop);
	pw->retry = pw_loop_add_timer(l, on_retry, pw);
	pw->stats = pw_loop_add_timer(l, on_stats, pw);
	if (!pw->retry || !pw->stats || pw_thread_loop_start(pw->loop) < 0) {
		g_warning("PipeWire: cannot start its loop");
		goto err_start;
	}
	pw_thread_loop_lock(pw->loop);
	if (!try_connect(pw))
		arm_retry(pw);
	struct timespec second = {.tv_sec = 1};
	pw_loop_update_timer(l, pw->stats, &second, &second, false);
	pw_thread_loop_unlock(pw->loop);
	return pw;

err_start:
	if (pw->retry)
		pw_loop_destroy_source(l, pw->retry);
	if (pw->stats)
		pw_loop_destroy_source(l, pw->stats);
	pw_context_destroy(pw->context);
err_context:
	pw_thread_loop_destroy(pw->loop);
err_loop:
	lga_play_finish(&pw->play);
	lga_cap_finish(&pw->cap);
	g_free(pw);
	return NULL;
}

void lga_pw_destroy(struct lga_pw *pw)
{
	if (!pw)
		return;
	pw_thread_loop_lock(pw->loop);
	disconnect(pw);
	pw_thread_loop_unlock(pw->loop);
	pw_thread_loop_stop(pw->loop);
	pw_loop_destroy_source(pw_thread_loop_get_loop(pw->loop), pw->retry);
	pw_loop_destroy_source(pw_thread_loop_get_loop(pw->loop), pw->stats);
	pw_context_destroy(pw->context);
	pw_thread_loop_destroy(pw->loop);
	lga_play_finish(&pw->play);
	lga_cap_finish(&pw->cap);
	g_free(pw);
}
