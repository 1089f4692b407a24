// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The SPICE side of the clipboard: what the guest's agent holds and asks
 * for, checked against the policy, and the text conversions.
 */
#define G_LOG_DOMAIN "lgview-clipboard"
#include <glib.h>
#include <spice/vd_agent.h>
#include <string.h>

#include "input/clipboard.h"

/* How many complaints about the guest's clipboard messages reach the log. */
#define COMPLAINTS_MAX 8
/* What the guest may take of one local clipboard, in limits' worth: an
 * agent that asks again and again (and need not read the answers, which
 * spice-glib then queues) gets none beyond it. */
#define BUDGET_LIMITS 4
/* A request to the guest unanswered this long is asked again. */
#define GUEST_ANSWER_US (5 * G_USEC_PER_SEC)

struct lgi_clipboard {
	struct lgi_clip_policy policy;
	const struct lgi_clip_agent_ops *agent;
	void *agent_ctx;
	const struct lgi_clip_local_ops *local;
	void *local_ctx;

	bool ready, crlf;
	unsigned guest_types;	  /* what the guest's clipboard offers (mask) */
	unsigned local_types;	  /* what lgview announced to the guest (mask) */
	unsigned local_offer;	  /* what the local clipboard holds, announced or not */
	unsigned asked_guest;	  /* requests to the guest not yet answered */
	unsigned asked_local;	  /* the guest's requests not yet answered */
	gint64 asked_guest_at[3]; /* when each request to the guest went */
	uint64_t sent;		  /* bytes the guest got of this local clipboard */
	unsigned complaints;
};

static void complain(struct lgi_clipboard *c, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void complain(struct lgi_clipboard *c, const char *fmt, ...)
{
	if (c->complaints >= COMPLAINTS_MAX)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *s = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_warning("the guest's clipboard: %s%s", s,
		  ++c->complaints == COMPLAINTS_MAX ? " (no more of these are logged)" : "");
	g_free(s);
}

static int type_of_agent(uint32_t t)
{
	switch (t) {
	case VD_AGENT_CLIPBOARD_UTF8_TEXT:
		return LGI_CLIP_TEXT;
	case VD_AGENT_CLIPBOARD_IMAGE_PNG:
		return LGI_CLIP_PNG;
	default:
		return 0;
	}
}

static uint32_t agent_type(enum lgi_clip_type t)
{
	return t == LGI_CLIP_TEXT ? VD_AGENT_CLIPBOARD_UTF8_TEXT : VD_AGENT_CLIPBOARD_IMAGE_PNG;
}

static bool valid_type(enum lgi_clip_type t)
{
	return t == LGI_CLIP_TEXT || t == LGI_CLIP_PNG;
}

struct lgi_clipboard *lgi_clipboard_create(const struct lgi_clip_policy *policy,
					   const struct lgi_clip_agent_ops *agent, void *agent_ctx,
					   const struct lgi_clip_local_ops *local, void *local_ctx)
{
	struct lgi_clipboard *c = g_new0(struct lgi_clipboard, 1);
	c->policy = *policy;
	c->agent = agent;
	c->agent_ctx = agent_ctx;
	c->local = local;
	c->local_ctx = local_ctx;
	return c;
}

void lgi_clipboard_destroy(struct lgi_clipboard *c)
{
	g_free(c);
}

/* Answer every request the guest left open with none. */
static void fail_guest_requests(struct lgi_clipboard *c)
{
	unsigned asked = c->asked_guest;
	c->asked_guest = 0;
	for (int t = LGI_CLIP_TEXT; t <= LGI_CLIP_PNG; ++t)
		if (asked & LGI_CLIP_BIT(t))
			c->local->guest_data(c->local_ctx, (enum lgi_clip_type)t, NULL, 0);
}

void lgi_clipboard_agent_state(struct lgi_clipboard *c, bool ready, bool crlf)
{
	bool was = c->ready;
	c->ready = ready;
	c->crlf = crlf;
	if (was == ready)
		return;
	c->asked_local = 0;
	c->local_types = 0;
	if (ready) {
		if (c->local_offer)
			lgi_clipboard_local_grab(c, c->local_offer);
	} else {
		fail_guest_requests(c);
		if (c->guest_types) {
			c->guest_types = 0;
			c->local->guest_grab(c->local_ctx, 0);
		}
	}
}

bool lgi_clipboard_agent_grab(struct lgi_clipboard *c, unsigned selection, const uint32_t *types,
			      size_t n)
{
	if (selection != VD_AGENT_CLIPBOARD_SELECTION_CLIPBOARD)
		return false;
	if (n > LGI_CLIP_GRAB_TYPES_MAX) {
		/* spice-glib takes the count from the message's size, less the
		 * selection header, unchecked: a message shorter than that header
		 * gives about 2^30 "types" past its end. None is read. */
		complain(c, "a grab of %zu types is malformed; ignored", n);
		return false;
	}
	unsigned mask = 0;
	for (size_t i = 0; types && i < n; ++i) {
		int t = type_of_agent(types[i]);
		if (t)
			mask |= LGI_CLIP_BIT(t);
	}
	/* The guest's clipboard is new: what we announced is no longer its. */
	c->local_types = 0;
	c->local_offer = 0;
	c->asked_local = 0;
	fail_guest_requests(c);
	if (!c->policy.to_local)
		return true;
	c->guest_types = mask;
	g_debug("the guest's clipboard offers%s%s",
		mask & LGI_CLIP_BIT(LGI_CLIP_TEXT) ? " text" : "",
		mask & LGI_CLIP_BIT(LGI_CLIP_PNG) ? " PNG"
		: mask				  ? ""
						  : " nothing lgview carries");
	c->local->guest_grab(c->local_ctx, mask);
	return true;
}

bool lgi_clipboard_agent_request(struct lgi_clipboard *c, unsigned selection, uint32_t type)
{
	if (selection != VD_AGENT_CLIPBOARD_SELECTION_CLIPBOARD)
		return false;
	int t = type_of_agent(type);
	if (!c->policy.to_guest || !t || !(c->local_types & LGI_CLIP_BIT(t))) {
		if (c->policy.to_guest)
			complain(c, "it asked for type %u, which lgview did not offer", type);
		return false;
	}
	if (c->asked_local & LGI_CLIP_BIT(t))
		return true; /* one fetch at a time; its answer serves both */
	c->asked_local |= LGI_CLIP_BIT(t);
	c->local->guest_request(c->local_ctx, (enum lgi_clip_type)t);
	return true;
}

void lgi_clipboard_agent_data(struct lgi_clipboard *c, unsigned selection, uint32_t type,
			      const uint8_t *data, size_t len)
{
	if (selection != VD_AGENT_CLIPBOARD_SELECTION_CLIPBOARD)
		return;
	int t = type_of_agent(type);
	if (!t || !(c->asked_guest & LGI_CLIP_BIT(t))) {
		complain(c, "data of type %u (%zu bytes) that lgview did not ask for; dropped",
			 type, len);
		return;
	}
	c->asked_guest &= ~LGI_CLIP_BIT(t);
	if (len > c->policy.max_bytes) {
		complain(c, "%zu bytes, over the limit of %zu (spice:clipboardMaxSize); dropped",
			 len, c->policy.max_bytes);
		c->local->guest_data(c->local_ctx, (enum lgi_clip_type)t, NULL, 0);
		return;
	}
	if (!data || !len) {
		c->local->guest_data(c->local_ctx, (enum lgi_clip_type)t, NULL, 0);
		return;
	}
	if (t == LGI_CLIP_TEXT) {
		/* Each invalid byte becomes U+FFFD's three: refuse what could
		 * grow past three limits before it is made. */
		const uint8_t *nul = memchr(data, 0, len);
		size_t text_len = nul ? (size_t)(nul - data) : len;
		if (text_len > c->policy.max_bytes / 3 &&
		    !g_utf8_validate((const char *)data, (gssize)text_len, NULL)) {
			complain(c, "%zu bytes of text that is not UTF-8; dropped", text_len);
			c->local->guest_data(c->local_ctx, LGI_CLIP_TEXT, NULL, 0);
			return;
		}
		size_t n;
		char *s = lgi_clip_text_from_guest(data, len, &n);
		/* Each invalid byte became U+FFFD's three: it may have grown. */
		if (n > c->policy.max_bytes) {
			complain(c,
				 "text over the limit once its invalid UTF-8 is replaced; dropped");
			c->local->guest_data(c->local_ctx, LGI_CLIP_TEXT, NULL, 0);
		} else {
			c->local->guest_data(c->local_ctx, LGI_CLIP_TEXT, (const uint8_t *)s, n);
		}
		g_free(s);
	} else {
		c->local->guest_data(c->local_ctx, (enum lgi_clip_type)t, data, len);
	}
}

void lgi_clipboard_agent_release(struct lgi_clipboard *c, unsigned selection)
{
	if (selection != VD_AGENT_CLIPBOARD_SELECTION_CLIPBOARD)
		return;
	fail_guest_requests(c);
	if (c->guest_types) {
		c->guest_types = 0;
		c->local->guest_grab(c->local_ctx, 0);
	}
}

void lgi_clipboard_local_grab(struct lgi_clipboard *c, unsigned types)
{
	types &= LGI_CLIP_ALL;
	c->local_offer = types; /* announced when the agent is there */
	if (!c->policy.to_guest || !c->ready)
		return;
	/* The local clipboard is new: the guest's is no longer what it holds. */
	c->guest_types = 0;
	c->asked_local = 0;
	fail_guest_requests(c);
	if (!types) {
		if (c->local_types)
			c->agent->release(c->agent_ctx);
		c->local_types = 0;
		return;
	}
	c->sent = 0;
	uint32_t list[2];
	unsigned n = 0;
	for (int t = LGI_CLIP_TEXT; t <= LGI_CLIP_PNG; ++t)
		if (types & LGI_CLIP_BIT(t))
			list[n++] = agent_type((enum lgi_clip_type)t);
	c->local_types = types;
	c->agent->grab(c->agent_ctx, list, n);
}

void lgi_clipboard_local_request(struct lgi_clipboard *c, enum lgi_clip_type t)
{
	if (!valid_type(t) || !c->policy.to_local || !c->ready ||
	    !(c->guest_types & LGI_CLIP_BIT(t))) {
		c->local->guest_data(c->local_ctx, t, NULL, 0);
		return;
	}
	gint64 now = g_get_monotonic_time();
	if ((c->asked_guest & LGI_CLIP_BIT(t)) && now - c->asked_guest_at[t] < GUEST_ANSWER_US)
		return; /* one request at a time; its answer serves both */
	c->asked_guest |= LGI_CLIP_BIT(t);
	c->asked_guest_at[t] = now;
	c->agent->request(c->agent_ctx, agent_type(t));
}

void lgi_clipboard_local_data(struct lgi_clipboard *c, enum lgi_clip_type t, const uint8_t *data,
			      size_t len)
{
	if (!valid_type(t) || !(c->asked_local & LGI_CLIP_BIT(t)))
		return; /* the guest's clipboard changed since it asked */
	c->asked_local &= ~LGI_CLIP_BIT(t);
	if (data && len > c->policy.max_bytes) {
		g_warning("the local clipboard's %zu bytes are over the limit of %zu "
			  "(spice:clipboardMaxSize); the guest gets none",
			  len, c->policy.max_bytes);
		data = NULL;
	}
	if (data && c->sent + len > (uint64_t)BUDGET_LIMITS * c->policy.max_bytes) {
		complain(c,
			 "it asked for the same clipboard again and again (%llu bytes so far); "
			 "it gets no more of it",
			 (unsigned long long)c->sent);
		data = NULL;
	}
	if (!data || !len) {
		c->agent->notify(c->agent_ctx, agent_type(t), NULL, 0);
		return;
	}
	c->sent += len;
	if (t != LGI_CLIP_TEXT) {
		c->agent->notify(c->agent_ctx, agent_type(t), data, len);
		return;
	}
	size_t n;
	char *s = lgi_clip_text_to_guest(data, len, c->crlf, &n);
	if (n > c->policy.max_bytes) {
		g_warning("the local text is over the clipboard limit once its line ends are "
			  "CRLF; the guest gets none");
		c->agent->notify(c->agent_ctx, agent_type(t), NULL, 0);
	} else {
		c->agent->notify(c->agent_ctx, agent_type(t), (const uint8_t *)s, n);
	}
	g_free(s);
}

/* ---- text --------------------------------------------------------------- */

/* Valid UTF-8 up to the first NUL: a new string. */
static char *valid_text(const uint8_t *data, size_t len)
{
	const uint8_t *nul = data ? memchr(data, 0, len) : NULL;
	if (nul)
		len = (size_t)(nul - data);
	if (!len)
		return g_strdup("");
	return g_utf8_make_valid((const char *)data, (gssize)len);
}

char *lgi_clip_text_from_guest(const uint8_t *data, size_t len, size_t *out_len)
{
	char *s = valid_text(data, len);
	char *w = s;
	for (const char *r = s; *r; ++r) {
		if (r[0] == '\r' && r[1] == '\n')
			continue;
		*w++ = *r;
	}
	*w = 0;
	*out_len = (size_t)(w - s);
	return s;
}

char *lgi_clip_text_to_guest(const uint8_t *data, size_t len, bool crlf, size_t *out_len)
{
	char *s = valid_text(data, len);
	if (!crlf) {
		*out_len = strlen(s);
		return s;
	}
	GString *o = g_string_sized_new(strlen(s) + 16);
	for (const char *r = s; *r; ++r) {
		if (*r == '\n' && (r == s || r[-1] != '\r'))
			g_string_append_c(o, '\r');
		g_string_append_c(o, *r);
	}
	g_free(s);
	*out_len = o->len;
	return g_string_free(o, FALSE);
}
