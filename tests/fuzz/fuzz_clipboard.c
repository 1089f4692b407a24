// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzz target: arbitrary bytes become a conversation between a hostile
 * guest agent and the local side, driven through input/'s lgi_clipboard
 * exactly as spice-glib's signals and the window's backend drive it. The
 * callbacks check what lgview promises whatever the guest says:
 *  - the desktop gets the guest's data only as answers to its requests,
 *    of a type it asked for, within the size limit, text as valid UTF-8
 *    with no CRLF and no NUL;
 *  - the guest gets local data only for a type lgview announced, within
 *    the limit, and text valid, NUL-free and, for a CRLF guest, with every
 *    LF after a CR;
 *  - nothing passes a direction that is switched off.
 * Without libFuzzer (every build) main() replays seeds and deterministic
 * random conversations: fuzz_clipboard_replay [RUNS].
 */
#include <glib.h>
#include <spice/vd_agent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/clipboard.h"

#define MAX_BYTES 64u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct reader {
	const uint8_t *d;
	size_t n, at;
};

static unsigned byte(struct reader *r)
{
	return r->at < r->n ? r->d[r->at++] : 0;
}

static uint32_t word(struct reader *r)
{
	uint32_t v = 0;
	for (int i = 0; i < 4; ++i)
		v = v << 8 | byte(r);
	return v;
}

/* What lgview has let out so far, to check the callbacks against. */
static struct {
	struct lgi_clip_policy policy;
	bool crlf;
	unsigned announced;	 /* types the guest was told of (a mask) */
	unsigned asked;		 /* the desktop's open requests (a mask) */
	size_t want_lf, want_cr; /* in the guest's text being handed over */
} st;

/* What the guest's text must become: every LF kept, CRs less the CRLFs'. */
static void expect_text(const uint8_t *d, size_t n)
{
	const uint8_t *nul = memchr(d, 0, n);
	if (nul)
		n = (size_t)(nul - d);
	st.want_lf = st.want_cr = 0;
	for (size_t i = 0; i < n; ++i) {
		st.want_lf += d[i] == '\n';
		st.want_cr += d[i] == '\r' && !(i + 1 < n && d[i + 1] == '\n');
	}
}

static void check_text(const uint8_t *d, size_t n, bool to_guest)
{
	if (!g_utf8_validate((const char *)d, (gssize)n, NULL) || memchr(d, 0, n))
		abort();
	size_t lf = 0, cr = 0;
	for (size_t i = 0; i < n; ++i) {
		lf += d[i] == '\n';
		cr += d[i] == '\r';
		if (to_guest && st.crlf && d[i] == '\n' && (i == 0 || d[i - 1] != '\r'))
			abort(); /* a bare LF reached a CRLF guest */
	}
	if (!to_guest && (lf != st.want_lf || cr != st.want_cr))
		abort(); /* a CRLF of the guest's reached the desktop, or a line was lost */
}

static void a_grab(void *ctx, const uint32_t *types, unsigned n)
{
	(void)ctx;
	if (!st.policy.to_guest || n == 0 || n > 2)
		abort();
	st.announced = 0;
	for (unsigned i = 0; i < n; ++i) {
		if (types[i] != VD_AGENT_CLIPBOARD_UTF8_TEXT &&
		    types[i] != VD_AGENT_CLIPBOARD_IMAGE_PNG)
			abort();
		st.announced |= LGI_CLIP_BIT(
			types[i] == VD_AGENT_CLIPBOARD_UTF8_TEXT ? LGI_CLIP_TEXT : LGI_CLIP_PNG);
	}
}

static void a_release(void *ctx)
{
	(void)ctx;
	st.announced = 0;
}

static void a_notify(void *ctx, uint32_t type, const uint8_t *d, size_t len)
{
	(void)ctx;
	if (!st.policy.to_guest || len > st.policy.max_bytes || (len && !d))
		abort();
	if (type == VD_AGENT_CLIPBOARD_UTF8_TEXT && len)
		check_text(d, len, true);
}

static void a_request(void *ctx, uint32_t type)
{
	(void)ctx;
	if (!st.policy.to_local ||
	    (type != VD_AGENT_CLIPBOARD_UTF8_TEXT && type != VD_AGENT_CLIPBOARD_IMAGE_PNG))
		abort();
}

static const struct lgi_clip_agent_ops agent = {a_grab, a_release, a_notify, a_request};

static void l_grab(void *ctx, unsigned types)
{
	(void)ctx;
	if (!st.policy.to_local || (types & ~LGI_CLIP_ALL))
		abort();
}

static void l_data(void *ctx, enum lgi_clip_type t, const uint8_t *d, size_t len)
{
	(void)ctx;
	if (!(st.asked & LGI_CLIP_BIT(t)))
		abort(); /* an answer nobody asked for */
	st.asked &= ~LGI_CLIP_BIT(t);
	if (!d)
		return;
	if (!st.policy.to_local || len > st.policy.max_bytes)
		abort();
	if (t == LGI_CLIP_TEXT)
		check_text(d, len, false);
}

static void l_request(void *ctx, enum lgi_clip_type t)
{
	(void)ctx;
	if (!st.policy.to_guest || !(st.announced & LGI_CLIP_BIT(t)))
		abort();
}

static const struct lgi_clip_local_ops local = {l_grab, l_data, l_request};

/* The complaints about the agent are expected: not printed. */
static GLogWriterOutput quiet(GLogLevelFlags level, const GLogField *f, gsize n, gpointer data)
{
	if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
		return g_log_writer_default(level, f, n, data);
	return G_LOG_WRITER_HANDLED;
}

#ifdef LGVIEW_LIBFUZZER
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	g_log_set_writer_func(quiet, NULL, NULL);
	return 0;
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reader r = {data, size, 0};
	unsigned flags = byte(&r);
	memset(&st, 0, sizeof(st));
	st.policy = (struct lgi_clip_policy){flags & 1, flags & 2, MAX_BYTES};
	struct lgi_clipboard *c = lgi_clipboard_create(&st.policy, &agent, NULL, &local, NULL);
	uint8_t buf[256];
	while (r.at < r.n) {
		unsigned op = byte(&r) % 8, sel = byte(&r) % 4 == 3 ? 1 : 0;
		switch (op) {
		case 0: {
			unsigned f = byte(&r);
			st.crlf = f & 2;
			if (!(f & 1)) { /* the agent leaves: its grab goes */
				st.announced = 0;
				st.crlf = false;
			}
			lgi_clipboard_agent_state(c, f & 1, f & 2);
			break;
		}
		case 1: {
			uint32_t types[8];
			size_t n = byte(&r) % 9;
			for (size_t i = 0; i < n; ++i)
				types[i] = byte(&r) % 4 ? byte(&r) % 8 : word(&r);
			/* Sometimes spice-glib's unchecked count, with no types behind it. */
			bool lie = byte(&r) == 0xff;
			if (sel == 0 && !lie)
				st.announced = 0; /* the guest's clipboard is new */
			lgi_clipboard_agent_grab(c, sel, lie ? NULL : types, lie ? 1073741823u : n);
			break;
		}
		case 2:
			lgi_clipboard_agent_request(c, sel, byte(&r) % 8);
			break;
		case 3: {
			uint32_t type = byte(&r) % 8;
			size_t n = byte(&r) % (sizeof(buf) + 1);
			for (size_t i = 0; i < n; ++i)
				buf[i] = (uint8_t)byte(&r);
			/* A size that lies past the data is never read. */
			bool lie = byte(&r) == 0xff;
			expect_text(buf, n);
			lgi_clipboard_agent_data(c, sel, type, buf,
						 lie ? (size_t)UINT32_MAX - 3 : n);
			break;
		}
		case 4:
			lgi_clipboard_agent_release(c, sel);
			break;
		case 5:
			lgi_clipboard_local_grab(c, byte(&r));
			break;
		case 6: {
			enum lgi_clip_type t = byte(&r) % 2 ? LGI_CLIP_PNG : LGI_CLIP_TEXT;
			st.asked |= LGI_CLIP_BIT(t);
			lgi_clipboard_local_request(c, t);
			break;
		}
		case 7: {
			enum lgi_clip_type t = byte(&r) % 2 ? LGI_CLIP_PNG : LGI_CLIP_TEXT;
			size_t n = byte(&r) % (sizeof(buf) + 1);
			for (size_t i = 0; i < n; ++i)
				buf[i] = (uint8_t)byte(&r);
			lgi_clipboard_local_data(c, t, byte(&r) % 5 ? buf : NULL, n);
			break;
		}
		}
	}
	lgi_clipboard_destroy(c);
	return 0;
}

#ifndef LGVIEW_LIBFUZZER
static uint32_t rng = 0x9e3779b9u;

static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

int main(int argc, char **argv)
{
	unsigned runs = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 20000;
	g_log_set_writer_func(quiet, NULL, NULL);
	static const uint8_t seeds[][24] = {
		/* both ways: agent up, guest grabs text, desktop asks, guest answers */
		{3, 0, 0, 1, 1, 0, 1, 1, 1, 0xfe, 6, 0, 0, 3, 0, 1, 4, 'a', '\r', '\n', 'b', 0},
		/* local grab both, guest asks text, local answers with LF, CRLF guest */
		{3, 0, 0, 3, 5, 0, 6, 2, 0, 1, 7, 0, 0, 3, 'x', '\n', 'y', 1},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(seeds); ++i)
		LLVMFuzzerTestOneInput(seeds[i], sizeof(seeds[i]));
	uint8_t buf[512];
	for (unsigned i = 0; i < runs; ++i) {
		size_t n = next() % sizeof(buf);
		for (size_t k = 0; k < n; ++k)
			buf[k] = (uint8_t)(next() % 3 ? next() % 16 : next());
		LLVMFuzzerTestOneInput(buf, n);
	}
	printf("%u random conversations with a hostile agent: every promise kept\n", runs);
	return 0;
}
#endif
