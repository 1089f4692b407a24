// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The SPICE session's clipboard: spice-glib's main-channel clipboard calls
 * and signals joined to lgi_clipboard (clipboard.c), and the local side's
 * queued commands run. All on the SPICE thread.
 */
#define G_LOG_DOMAIN "lgview-spice"
#include <spice/vd_agent.h>

#include "spice_priv.h"

/* The agent came, went or told its capabilities (main-agent-update). */
static void agent_caps(SpiceMainChannel *ch, gpointer data)
{
	struct lgi_input *in = data;
	gboolean on = FALSE;
	g_object_get(ch, "agent-connected", &on, NULL);
	bool by_demand = on && spice_main_channel_agent_test_capability(
				       ch, VD_AGENT_CAP_CLIPBOARD_BY_DEMAND);
	bool crlf =
		on && spice_main_channel_agent_test_capability(ch, VD_AGENT_CAP_GUEST_LINEEND_CRLF);
	if (in->clip)
		lgi_clipboard_agent_state(in->clip, by_demand, crlf);
}

/* ---- the clipboard's agent side: spice-glib's calls and signals ---- */

static void a_grab(void *ctx, const uint32_t *types, unsigned n)
{
	struct lgi_input *in = ctx;
	if (in->main)
		spice_main_channel_clipboard_selection_grab(
			in->main, VD_AGENT_CLIPBOARD_SELECTION_CLIPBOARD, (guint32 *)types, (int)n);
}

static void a_release(void *ctx)
{
	struct lgi_input *in = ctx;
	if (in->main)
		spice_main_channel_clipboard_selection_release(
			in->main, VD_AGENT_CLIPBOARD_SELECTION_CLIPBOARD);
}

static void a_notify(void *ctx, uint32_t type, const uint8_t *d, size_t len)
{
	struct lgi_input *in = ctx;
	if (in->main)
		spice_main_channel_clipboard_selection_notify(
			in->main, VD_AGENT_CLIPBOARD_SELECTION_CLIPBOARD, type, d, len);
}

static void a_request(void *ctx, uint32_t type)
{
	struct lgi_input *in = ctx;
	if (in->main)
		spice_main_channel_clipboard_selection_request(
			in->main, VD_AGENT_CLIPBOARD_SELECTION_CLIPBOARD, type);
}

static const struct lgi_clip_agent_ops agent_ops = {a_grab, a_release, a_notify, a_request};

static gboolean clip_grab(SpiceMainChannel *ch, guint sel, gpointer types, guint n, gpointer data)
{
	(void)ch;
	struct lgi_input *in = data;
	return lgi_clipboard_agent_grab(in->clip, sel, types, n);
}

static gboolean clip_request(SpiceMainChannel *ch, guint sel, guint type, gpointer data)
{
	(void)ch;
	struct lgi_input *in = data;
	return lgi_clipboard_agent_request(in->clip, sel, type);
}

static void clip_data(SpiceMainChannel *ch, guint sel, guint type, gpointer d, guint size,
		      gpointer data)
{
	(void)ch;
	struct lgi_input *in = data;
	lgi_clipboard_agent_data(in->clip, sel, type, d, size);
}

static void clip_release(SpiceMainChannel *ch, guint sel, gpointer data)
{
	(void)ch;
	struct lgi_input *in = data;
	lgi_clipboard_agent_release(in->clip, sel);
}

void lgi_spice_clip_connect(struct lgi_input *in, SpiceChannel *ch)
{
	/* spice-glib refuses bigger data itself and tells an agent that asks. */
	if (g_object_class_find_property(G_OBJECT_GET_CLASS(ch), "max-clipboard"))
		g_object_set(ch, "max-clipboard", (gint)MIN(in->clip_policy.max_bytes, G_MAXINT),
			     NULL);
	g_signal_connect(ch, "main-agent-update", G_CALLBACK(agent_caps), in);
	g_signal_connect(ch, "main-clipboard-selection-grab", G_CALLBACK(clip_grab), in);
	g_signal_connect(ch, "main-clipboard-selection-request", G_CALLBACK(clip_request), in);
	g_signal_connect(ch, "main-clipboard-selection", G_CALLBACK(clip_data), in);
	g_signal_connect(ch, "main-clipboard-selection-release", G_CALLBACK(clip_release), in);
}

struct lgi_clipboard *lgi_spice_clip_create(struct lgi_input *in)
{
	return lgi_clipboard_create(&in->clip_policy, &agent_ops, in, in->clip_ops, in->clip_ctx);
}

void lgi_spice_clip_cmd(struct lgi_input *in, const struct cmd *c)
{
	if (!in->clip)
		return;
	if (c->type == CMD_CLIP_GRAB) {
		lgi_clipboard_local_grab(in->clip, c->key);
	} else if (c->type == CMD_CLIP_REQUEST) {
		lgi_clipboard_local_request(in->clip, (enum lgi_clip_type)c->key);
	} else {
		gsize n = 0;
		const uint8_t *d = c->bytes ? g_bytes_get_data(c->bytes, &n) : NULL;
		lgi_clipboard_local_data(in->clip, (enum lgi_clip_type)c->key, d, n);
	}
}
