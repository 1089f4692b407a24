// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The SPICE thread: one SpiceSession at a time on GLib's default main
 * context, reconnected with backoff when the server goes away, and the
 * queue through which every other thread's events reach it.
 */
#define G_LOG_DOMAIN "lgview-spice"
#include <pthread.h>
#include <spice-client.h>
#include <string.h>

#include "input/clipboard.h"
#include "input/input.h"
#include "input/keymap.h"
#include "spice_priv.h"

#define QUEUE_MAX 4096
#define BACKOFF_FIRST_MS 250u
#define BACKOFF_MAX_MS 5000u
/* How many mouse mode changes reach the log. */
#define MODE_CHANGES_LOGGED 20u

static void session_open(struct lgi_input *in);

static void set_status(struct lgi_input *in, enum lgi_state st, const char *fmt, ...)
	G_GNUC_PRINTF(3, 4);

static void set_status(struct lgi_input *in, enum lgi_state st, const char *fmt, ...)
{
	va_list ap;
	pthread_mutex_lock(&in->lock);
	bool changed = in->status.state != st;
	in->status.state = st;
	va_start(ap, fmt);
	char text[sizeof(in->status.text)];
	g_vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	changed |= strcmp(text, in->status.text) != 0;
	memcpy(in->status.text, text, sizeof(text));
	pthread_mutex_unlock(&in->lock);
	if (changed) {
		g_message("%s", text);
		if (in->ops && in->ops->status_changed)
			in->ops->status_changed(in->ctx);
	}
}

static void set_flag(struct lgi_input *in, bool *flag, bool on)
{
	pthread_mutex_lock(&in->lock);
	bool changed = *flag != on;
	*flag = on;
	pthread_mutex_unlock(&in->lock);
	if (changed && in->ops && in->ops->status_changed)
		in->ops->status_changed(in->ctx);
}

/* ---- sending, on the SPICE thread ------------------------------------- */

static void send_key(struct lgi_input *in, uint32_t key, bool down)
{
	struct lgi_key_step steps[4];
	int n = lgi_keymap_sequence(key, down, steps);
	if (n == 0) {
		if (down)
			g_debug("key %u has no PC scancode: not sent", key);
		return;
	}
	if (key < HELD_KEYS)
		in->held[key] = down && lgi_keymap_xt(key) != LGI_XT_PAUSE;
	for (int i = 0; i < n; ++i) {
		if (steps[i].press)
			spice_inputs_channel_key_press(in->inputs, steps[i].code);
		else
			spice_inputs_channel_key_release(in->inputs, steps[i].code);
	}
}

static int button_mask(enum lgi_button b)
{
	static const int masks[] = {
		[LGI_BUTTON_LEFT] = SPICE_MOUSE_BUTTON_MASK_LEFT,
		[LGI_BUTTON_MIDDLE] = SPICE_MOUSE_BUTTON_MASK_MIDDLE,
		[LGI_BUTTON_RIGHT] = SPICE_MOUSE_BUTTON_MASK_RIGHT,
		[LGI_BUTTON_WHEEL_UP] = SPICE_MOUSE_BUTTON_MASK_UP,
		[LGI_BUTTON_WHEEL_DOWN] = SPICE_MOUSE_BUTTON_MASK_DOWN,
		[LGI_BUTTON_SIDE] = SPICE_MOUSE_BUTTON_MASK_SIDE,
		[LGI_BUTTON_EXTRA] = SPICE_MOUSE_BUTTON_MASK_EXTRA,
	};
	return (unsigned)b < G_N_ELEMENTS(masks) ? masks[b] : 0;
}

static void send_button(struct lgi_input *in, enum lgi_button b, bool down)
{
	int mask = button_mask(b);
	if (!mask || down == !!(in->buttons & mask))
		return;
	/* The enum's values are SPICE_MOUSE_BUTTON_*. */
	if (down) {
		spice_inputs_channel_button_press(in->inputs, (gint)b, in->buttons);
		in->buttons |= mask;
	} else {
		spice_inputs_channel_button_release(in->inputs, (gint)b, in->buttons);
		in->buttons &= ~mask;
	}
}

static void release_all(struct lgi_input *in)
{
	for (uint32_t k = 0; k < HELD_KEYS; ++k)
		if (in->held[k])
			send_key(in, k, false);
	for (int b = LGI_BUTTON_LEFT; b <= LGI_BUTTON_EXTRA; ++b)
		send_button(in, (enum lgi_button)b, false);
}

/* PS/2 carries at most ±127 a packet: bigger moves go in steps. */
static void send_motion(struct lgi_input *in, int dx, int dy)
{
	while (dx || dy) {
		int sx = CLAMP(dx, -127, 127), sy = CLAMP(dy, -127, 127);
		spice_inputs_channel_motion(in->inputs, sx, sy, in->buttons);
		dx -= sx;
		dy -= sy;
	}
}

static void run_cmd(struct lgi_input *in, const struct cmd *c)
{
	if (c->type == CMD_QUIT) {
		in->quitting = true;
		g_main_loop_quit(in->loop);
		return;
	}
	if (c->type == CMD_CLIP_GRAB || c->type == CMD_CLIP_REQUEST || c->type == CMD_CLIP_DATA) {
		lgi_spice_clip_cmd(in, c);
		return;
	}
	if (c->type == CMD_MODE) {
		if (in->main)
			spice_main_channel_request_mouse_mode(
				in->main, c->down ? SPICE_MOUSE_MODE_SERVER : SPICE_MOUSE_MODE_CLIENT);
		return;
	}
	if (!in->inputs) /* not connected: the guest cannot take it */
		return;
	switch (c->type) {
	case CMD_KEY:
		send_key(in, c->key, c->down);
		break;
	case CMD_RELEASE_ALL:
		release_all(in);
		break;
	case CMD_MOTION:
		send_motion(in, c->x, c->y);
		break;
	case CMD_POSITION:
		spice_inputs_channel_position(in->inputs, c->x, c->y, 0, in->buttons);
		break;
	case CMD_BUTTON:
		send_button(in, (enum lgi_button)c->key, c->down);
		break;
	default:
		break;
	}
}

/* Frees a queue and the data its commands hold. */
static void free_cmds(GArray *cmds)
{
	for (guint i = 0; i < cmds->len; ++i)
		if (g_array_index(cmds, struct cmd, i).bytes)
			g_bytes_unref(g_array_index(cmds, struct cmd, i).bytes);
	g_array_free(cmds, TRUE);
}

static gboolean drain(gpointer data)
{
	struct lgi_input *in = data;
	pthread_mutex_lock(&in->lock);
	GArray *cmds = in->queue;
	in->queue = g_array_new(FALSE, FALSE, sizeof(struct cmd));
	in->drain_pending = false;
	pthread_mutex_unlock(&in->lock);
	for (guint i = 0; i < cmds->len && !in->quitting; ++i)
		run_cmd(in, &g_array_index(cmds, struct cmd, i));
	free_cmds(cmds);
	return G_SOURCE_REMOVE;
}

/* Any thread: queue a command and wake the SPICE thread with a source on
 * the default context (never g_main_context_invoke, which may run it right
 * here). */
static void post(struct lgi_input *in, const struct cmd *c)
{
	pthread_mutex_lock(&in->lock);
	if (in->queue->len >= QUEUE_MAX && c->type != CMD_QUIT) {
		if (in->dropped++ == 0)
			g_warning("the SPICE thread is not keeping up; input events are dropped");
		pthread_mutex_unlock(&in->lock);
		if (c->bytes)
			g_bytes_unref(c->bytes);
		return;
	}
	g_array_append_val(in->queue, *c);
	if (!in->drain_pending) {
		in->drain_pending = true;
		GSource *s = g_idle_source_new();
		g_source_set_priority(s, G_PRIORITY_HIGH);
		g_source_set_callback(s, drain, in, NULL);
		g_source_attach(s, NULL);
		g_source_unref(s);
	}
	pthread_mutex_unlock(&in->lock);
}

/* ---- the session, on the SPICE thread ---------------------------------- */

static void session_close(struct lgi_input *in)
{
	if (!in->session)
		return;
	if (in->main)
		g_signal_handlers_disconnect_by_data(in->main, in);
	if (in->clip)
		lgi_clipboard_agent_state(in->clip, false, false);
	if (in->inputs)
		g_signal_handlers_disconnect_by_data(in->inputs, in);
	g_signal_handlers_disconnect_by_data(in->session, in);
	spice_session_disconnect(in->session);
	g_object_unref(in->session);
	in->session = NULL;
	in->main = NULL;
	in->inputs = NULL;
	memset(in->held, 0, sizeof(in->held)); /* the server released them */
	in->buttons = 0;
	pthread_mutex_lock(&in->lock);
	in->status.has_uuid = false;
	pthread_mutex_unlock(&in->lock);
	set_flag(in, &in->status.agent, false);
}

static gboolean retry_now(gpointer data)
{
	struct lgi_input *in = data;
	in->retry_id = 0;
	session_open(in);
	return G_SOURCE_REMOVE;
}

static gboolean close_for_good(gpointer data)
{
	session_close(data);
	return G_SOURCE_REMOVE;
}

static gboolean close_and_retry(gpointer data)
{
	struct lgi_input *in = data;
	session_close(in);
	if (!in->quitting && !in->retry_id)
		in->retry_id = g_timeout_add(in->backoff_ms, retry_now, in);
	in->backoff_ms = MIN(in->backoff_ms * 2, BACKOFF_MAX_MS);
	return G_SOURCE_REMOVE;
}

static void main_event(SpiceChannel *ch, SpiceChannelEvent ev, gpointer data)
{
	(void)ch;
	struct lgi_input *in = data;
	if (ev == SPICE_CHANNEL_OPENED || ev == SPICE_CHANNEL_SWITCHING || in->close_pending)
		return;
	/* Not closed in this handler: the session is still emitting. */
	in->close_pending = true;
	switch (ev) {
	case SPICE_CHANNEL_ERROR_AUTH:
		set_status(in, LGI_STATE_FAILED,
			   "SPICE: %s refused the password (spice:password / its file); not retrying",
			   in->host);
		g_idle_add(close_for_good, in);
		return;
	case SPICE_CHANNEL_ERROR_TLS:
		set_status(in, LGI_STATE_RETRYING,
			   "SPICE: TLS with %s failed (spice:caFile?); retrying in %.1f s", in->host,
			   in->backoff_ms / 1000.0);
		break;
	default:
		set_status(in, LGI_STATE_RETRYING,
			   "SPICE: no connection to %s (is the VM running?); retrying in %.1f s",
			   in->host, in->backoff_ms / 1000.0);
		break;
	}
	g_idle_add(close_and_retry, in);
}

static void inputs_event(SpiceChannel *ch, SpiceChannelEvent ev, gpointer data)
{
	(void)ch;
	struct lgi_input *in = data;
	if (ev == SPICE_CHANNEL_OPENED) {
		in->backoff_ms = BACKOFF_FIRST_MS;
		set_status(in, LGI_STATE_CONNECTED, "SPICE: connected to %s", in->host);
	} else {
		main_event(ch, ev, data);
	}
}

static void mouse_update(SpiceMainChannel *ch, gpointer data)
{
	struct lgi_input *in = data;
	int mode = 0;
	g_object_get(ch, "mouse-mode", &mode, NULL);
	bool server = mode != SPICE_MOUSE_MODE_CLIENT;
	pthread_mutex_lock(&in->lock);
	bool changed = in->status.server_mouse != server;
	pthread_mutex_unlock(&in->lock);
	/* The server decides (a display and a tablet, or the agent, allow
	 * client mode); a server that flips it often is logged, no more. */
	if (changed && ++in->mode_changes <= MODE_CHANGES_LOGGED)
		g_message("SPICE: mouse mode %s%s",
			  server ? "server (relative: PS/2 mouse)" : "client (absolute: tablet)",
			  in->mode_changes == MODE_CHANGES_LOGGED ? " (further changes not logged)"
								   : "");
	set_flag(in, &in->status.server_mouse, server);
}

static void agent_update(GObject *ch, GParamSpec *ps, gpointer data)
{
	(void)ps;
	struct lgi_input *in = data;
	gboolean on = FALSE;
	g_object_get(ch, "agent-connected", &on, NULL);
	set_flag(in, &in->status.agent, on);
}

/* The server's VM UUID (SPICE_MSG_MAIN_UUID), to tell a wrong VM. */
static void uuid_update(GObject *session, GParamSpec *ps, gpointer data)
{
	(void)ps;
	struct lgi_input *in = data;
	guint8 *uuid = NULL;
	g_object_get(session, "uuid", &uuid, NULL);
	/* spice-glib hands out its own 16 bytes, zero until the server sent
	 * them. */
	static const guint8 zero[16];
	pthread_mutex_lock(&in->lock);
	in->status.has_uuid = uuid && memcmp(uuid, zero, sizeof(zero));
	if (in->status.has_uuid)
		memcpy(in->status.uuid, uuid, sizeof(in->status.uuid));
	pthread_mutex_unlock(&in->lock);
	if (in->ops && in->ops->status_changed)
		in->ops->status_changed(in->ctx);
}

static void channel_new(SpiceSession *s, SpiceChannel *ch, gpointer data)
{
	(void)s;
	struct lgi_input *in = data;
	if (SPICE_IS_MAIN_CHANNEL(ch)) {
		in->main = SPICE_MAIN_CHANNEL(ch);
		g_signal_connect(ch, "channel-event", G_CALLBACK(main_event), in);
		g_signal_connect(ch, "main-mouse-update", G_CALLBACK(mouse_update), in);
		g_signal_connect(ch, "notify::agent-connected", G_CALLBACK(agent_update), in);
		if (in->clip)
			lgi_spice_clip_connect(in, ch);
	} else if (SPICE_IS_INPUTS_CHANNEL(ch)) {
		/* Nothing connects it without spice-gtk's widget. */
		in->inputs = SPICE_INPUTS_CHANNEL(ch);
		g_signal_connect(ch, "channel-event", G_CALLBACK(inputs_event), in);
		spice_channel_connect(ch);
	} else if (in->hook && in->hook->channel_new) {
		in->hook->channel_new(in->hook_ctx, ch);
	}
}

static void channel_destroy(SpiceSession *s, SpiceChannel *ch, gpointer data)
{
	(void)s;
	struct lgi_input *in = data;
	if ((gpointer)ch == (gpointer)in->main)
		in->main = NULL;
	else if ((gpointer)ch == (gpointer)in->inputs)
		in->inputs = NULL;
	else if (in->hook && in->hook->channel_destroy)
		in->hook->channel_destroy(in->hook_ctx, ch);
}

static void session_open(struct lgi_input *in)
{
	in->close_pending = false;
	in->session = spice_session_new();
	if (in->host[0] == '/') {
		g_object_set(in->session, "unix-path", in->host, NULL);
	} else {
		char port[16], tls[16];
		g_snprintf(port, sizeof(port), "%d", in->port);
		g_snprintf(tls, sizeof(tls), "%d", in->tls_port);
		g_object_set(in->session, "host", in->host, NULL);
		if (in->port > 0)
			g_object_set(in->session, "port", port, NULL);
		if (in->tls_port > 0)
			g_object_set(in->session, "tls-port", tls, NULL);
	}
	if (in->password)
		g_object_set(in->session, "password", in->password, NULL);
	if (in->ca_file)
		g_object_set(in->session, "ca-file", in->ca_file, NULL);
	g_signal_connect(in->session, "channel-new", G_CALLBACK(channel_new), in);
	g_signal_connect(in->session, "channel-destroy", G_CALLBACK(channel_destroy), in);
	g_signal_connect(in->session, "notify::uuid", G_CALLBACK(uuid_update), in);
	pthread_mutex_lock(&in->lock);
	in->status.attempts++;
	pthread_mutex_unlock(&in->lock);
	if (in->status.state != LGI_STATE_RETRYING)
		set_status(in, LGI_STATE_CONNECTING, "SPICE: connecting to %s", in->host);
	if (!spice_session_connect(in->session)) {
		set_status(in, LGI_STATE_RETRYING, "SPICE: cannot connect to %s; retrying",
			   in->host);
		g_idle_add(close_and_retry, in);
	}
}

static void *spice_main(void *arg)
{
	struct lgi_input *in = arg;
	in->loop = g_main_loop_new(NULL, FALSE);
	if (in->clip_ops)
		in->clip = lgi_spice_clip_create(in);
	session_open(in);
	g_main_loop_run(in->loop);
	if (in->retry_id)
		g_source_remove(in->retry_id);
	session_close(in);
	/* Let spice-glib finish its coroutines and idles, bounded. */
	gint64 until = g_get_monotonic_time() + 500000;
	while (g_main_context_pending(NULL) && g_get_monotonic_time() < until)
		g_main_context_iteration(NULL, FALSE);
	g_main_loop_unref(in->loop);
	if (in->clip)
		lgi_clipboard_destroy(in->clip);
	return NULL;
}

/* ---- the public calls -------------------------------------------------- */

struct lgi_input *lgi_input_start(const struct lgi_config *cfg)
{
	if (!cfg->host || !cfg->host[0]) {
		g_warning("SPICE: no host (spice:host)");
		return NULL;
	}
	if (cfg->host[0] != '/' && cfg->port <= 0 && cfg->tls_port <= 0) {
		g_warning("SPICE: %s needs a port (spice:port) or a UNIX socket path", cfg->host);
		return NULL;
	}
	struct lgi_input *in = g_new0(struct lgi_input, 1);
	in->host = g_strdup(cfg->host);
	in->password = g_strdup(cfg->password);
	in->ca_file = g_strdup(cfg->ca_file);
	in->port = cfg->port;
	in->tls_port = cfg->tls_port;
	in->ops = cfg->ops;
	in->ctx = cfg->ctx;
	in->clip_policy = cfg->clip_policy;
	in->clip_ops = cfg->clip_ops;
	in->clip_ctx = cfg->clip_ctx;
	in->hook = cfg->hook;
	in->hook_ctx = cfg->hook_ctx;
	in->backoff_ms = BACKOFF_FIRST_MS;
	in->status.server_mouse = true;
	pthread_mutex_init(&in->lock, NULL);
	in->queue = g_array_new(FALSE, FALSE, sizeof(struct cmd));
	if (pthread_create(&in->thread, NULL, spice_main, in)) {
		g_warning("SPICE: cannot start its thread");
		goto err_thread;
	}
	return in;

err_thread:
	free_cmds(in->queue);
	pthread_mutex_destroy(&in->lock);
	g_free(in->host);
	g_free(in->password);
	g_free(in->ca_file);
	g_free(in);
	return NULL;
}

void lgi_input_stop(struct lgi_input *in)
{
	if (!in)
		return;
	post(in, &(struct cmd){.type = CMD_QUIT});
	pthread_join(in->thread, NULL);
	free_cmds(in->queue);
	pthread_mutex_destroy(&in->lock);
	if (in->password)
		memset(in->password, 0, strlen(in->password));
	g_free(in->host);
	g_free(in->password);
	g_free(in->ca_file);
	g_free(in);
}

void lgi_input_status(struct lgi_input *in, struct lgi_status *out)
{
	pthread_mutex_lock(&in->lock);
	*out = in->status;
	pthread_mutex_unlock(&in->lock);
}

void lgi_input_key(struct lgi_input *in, uint32_t key, bool down)
{
	post(in, &(struct cmd){.type = CMD_KEY, .key = key, .down = down});
}

void lgi_input_release_all(struct lgi_input *in)
{
	post(in, &(struct cmd){.type = CMD_RELEASE_ALL});
}

void lgi_input_motion(struct lgi_input *in, int dx, int dy)
{
	if (dx || dy)
		post(in, &(struct cmd){.type = CMD_MOTION, .x = dx, .y = dy});
}

void lgi_input_position(struct lgi_input *in, int x, int y)
{
	post(in, &(struct cmd){.type = CMD_POSITION, .x = x, .y = y});
}

void lgi_input_button(struct lgi_input *in, enum lgi_button b, bool down)
{
	post(in, &(struct cmd){.type = CMD_BUTTON, .key = (uint32_t)b, .down = down});
}

void lgi_input_request_mouse_mode(struct lgi_input *in, bool server)
{
	post(in, &(struct cmd){.type = CMD_MODE, .down = server});
}

void lgi_input_clipboard_grab(struct lgi_input *in, unsigned types)
{
	post(in, &(struct cmd){.type = CMD_CLIP_GRAB, .key = types});
}

void lgi_input_clipboard_request(struct lgi_input *in, enum lgi_clip_type t)
{
	post(in, &(struct cmd){.type = CMD_CLIP_REQUEST, .key = t});
}

void lgi_input_clipboard_data(struct lgi_input *in, enum lgi_clip_type t, const void *data,
			      size_t len)
{
	post(in, &(struct cmd){.type = CMD_CLIP_DATA,
			       .key = t,
			       .bytes = data ? g_bytes_new(data, len) : NULL});
}
