// SPDX-License-Identifier: GPL-2.0-or-later
/* The SPICE side of the clipboard (input/clipboard.c): the text
 * conversions (NUL, invalid UTF-8, CRLF both ways); a guest's grab offered
 * to the desktop with only the types lgview carries; requests both ways and
 * the answers matched to them; data never asked for, oversized data and a
 * malformed grab refused without reading; each direction's switch; the
 * local clipboard announced once the agent is there; the agent's leaving
 * answering what was pending. */
/* clang-format off: cmocka needs these first, in this order */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */
#include <glib.h>
#include <spice/vd_agent.h>
#include <string.h>

#include "input/clipboard.h"

static GString *log_;

static void a_grab(void *ctx, const uint32_t *types, unsigned n)
{
	(void)ctx;
	g_string_append(log_, "agent grab");
	for (unsigned i = 0; i < n; ++i)
		g_string_append_printf(log_, " %u", types[i]);
	g_string_append(log_, ";");
}
static void a_release(void *ctx)
{
	(void)ctx;
	g_string_append(log_, "agent release;");
}
static void a_notify(void *ctx, uint32_t type, const uint8_t *d, size_t len)
{
	(void)ctx;
	g_string_append_printf(log_, "agent notify %u '%.*s';", type, (int)len,
			       d ? (const char *)d : "");
}
static void a_request(void *ctx, uint32_t type)
{
	(void)ctx;
	g_string_append_printf(log_, "agent request %u;", type);
}
static const struct lgi_clip_agent_ops agent = {a_grab, a_release, a_notify, a_request};

static void l_grab(void *ctx, unsigned types)
{
	(void)ctx;
	g_string_append_printf(log_, "local grab %u;", types);
}
static void l_data(void *ctx, enum lgi_clip_type t, const uint8_t *d, size_t len)
{
	(void)ctx;
	if (d)
		g_string_append_printf(log_, "local data %d '%.*s';", t, (int)len, (const char *)d);
	else
		g_string_append_printf(log_, "local data %d none;", t);
}
static void l_request(void *ctx, enum lgi_clip_type t)
{
	(void)ctx;
	g_string_append_printf(log_, "local request %d;", t);
}
static const struct lgi_clip_local_ops local = {l_grab, l_data, l_request};

static struct lgi_clipboard *make(bool to_guest, bool to_local, size_t max)
{
	g_string_truncate(log_, 0);
	struct lgi_clip_policy p = {to_guest, to_local, max};
	struct lgi_clipboard *c = lgi_clipboard_create(&p, &agent, NULL, &local, NULL);
	lgi_clipboard_agent_state(c, true, false);
	return c;
}

#define SEL VD_AGENT_CLIPBOARD_SELECTION_CLIPBOARD
#define TEXT VD_AGENT_CLIPBOARD_UTF8_TEXT
#define PNG VD_AGENT_CLIPBOARD_IMAGE_PNG
#define U8(s) ((const uint8_t *)(s))

static void test_text_from_guest(void **state)
{
	(void)state;
	size_t n;
	char *s = lgi_clip_text_from_guest(U8("a\r\nb\rc\r\n\xc3\xa9\0junk"), 13, &n);
	assert_string_equal(s, "a\nb\rc\n\xc3\xa9");
	assert_int_equal(n, strlen(s));
	g_free(s);
	/* Invalid UTF-8 becomes U+FFFD, never passes through. */
	s = lgi_clip_text_from_guest(U8("x\xff\xfey"), 4, &n);
	assert_true(g_utf8_validate(s, (gssize)n, NULL));
	assert_non_null(strstr(s, "\xef\xbf\xbd"));
	g_free(s);
	s = lgi_clip_text_from_guest(NULL, 0, &n);
	assert_string_equal(s, "");
	g_free(s);
}

static void test_text_to_guest(void **state)
{
	(void)state;
	size_t n;
	char *s = lgi_clip_text_to_guest(U8("a\nb\r\nc\n"), 7, true, &n);
	assert_string_equal(s, "a\r\nb\r\nc\r\n");
	assert_int_equal(n, 9);
	g_free(s);
	s = lgi_clip_text_to_guest(U8("a\nb"), 3, false, &n);
	assert_string_equal(s, "a\nb");
	g_free(s);
	s = lgi_clip_text_to_guest(U8("\n"), 1, true, &n);
	assert_string_equal(s, "\r\n");
	g_free(s);
}

static void test_guest_to_local(void **state)
{
	(void)state;
	struct lgi_clipboard *c = make(true, true, 1000);
	uint32_t types[] = {VD_AGENT_CLIPBOARD_IMAGE_BMP, PNG, TEXT, 999};
	assert_true(lgi_clipboard_agent_grab(c, SEL, types, 4));
	lgi_clipboard_local_request(c, LGI_CLIP_TEXT);
	lgi_clipboard_local_request(c, LGI_CLIP_TEXT); /* one request at a time */
	lgi_clipboard_agent_data(c, SEL, TEXT, U8("hi\r\nthere"), 9);
	lgi_clipboard_local_request(c, LGI_CLIP_PNG);
	lgi_clipboard_agent_data(c, SEL, PNG, U8("\x89PNG"), 4);
	assert_string_equal(log_->str, "local grab 6;agent request 1;local data 1 'hi\nthere';"
				       "agent request 2;local data 2 '\x89PNG';");
	/* A type the guest did not offer: no request, none at once. */
	uint32_t only_text = TEXT;
	lgi_clipboard_agent_grab(c, SEL, &only_text, 1);
	g_string_truncate(log_, 0);
	lgi_clipboard_local_request(c, LGI_CLIP_PNG);
	assert_string_equal(log_->str, "local data 2 none;");
	/* The guest releases: the desktop lets go. */
	g_string_truncate(log_, 0);
	lgi_clipboard_agent_release(c, SEL);
	assert_string_equal(log_->str, "local grab 0;");
	lgi_clipboard_destroy(c);
}

static void test_local_to_guest(void **state)
{
	(void)state;
	struct lgi_clipboard *c = make(true, true, 1000);
	lgi_clipboard_agent_state(c, true, true); /* a Windows guest */
	lgi_clipboard_local_grab(c, LGI_CLIP_ALL);
	assert_true(lgi_clipboard_agent_request(c, SEL, TEXT));
	lgi_clipboard_local_data(c, LGI_CLIP_TEXT, U8("a\nb"), 3);
	/* An answer nobody asked for (any more) goes nowhere. */
	lgi_clipboard_local_data(c, LGI_CLIP_TEXT, U8("late"), 4);
	assert_string_equal(log_->str, "agent grab 1 2;local request 1;agent notify 1 'a\r\nb';");
	/* A type lgview did not offer is refused. */
	g_string_truncate(log_, 0);
	assert_false(lgi_clipboard_agent_request(c, SEL, VD_AGENT_CLIPBOARD_IMAGE_BMP));
	assert_string_equal(log_->str, "");
	/* No data locally: the guest gets an empty answer, not silence. */
	assert_true(lgi_clipboard_agent_request(c, SEL, PNG));
	lgi_clipboard_local_data(c, LGI_CLIP_PNG, NULL, 0);
	assert_string_equal(log_->str, "local request 2;agent notify 2 '';");
	/* The local clipboard empties: the guest's grab is released. */
	g_string_truncate(log_, 0);
	lgi_clipboard_local_grab(c, 0);
	assert_string_equal(log_->str, "agent release;");
	lgi_clipboard_destroy(c);
}

static void test_hostile_guest(void **state)
{
	(void)state;
	struct lgi_clipboard *c = make(true, true, 8);
	/* Data never asked for. */
	lgi_clipboard_agent_data(c, SEL, TEXT, U8("surprise"), 8);
	assert_string_equal(log_->str, "");
	/* spice-glib's count from a message shorter than its header: the
	 * types are never read (NULL would crash if they were). */
	assert_false(lgi_clipboard_agent_grab(c, SEL, NULL, 1073741823));
	assert_string_equal(log_->str, "");
	/* Other selections (PRIMARY) are not the clipboard. */
	uint32_t t = TEXT;
	assert_false(lgi_clipboard_agent_grab(c, VD_AGENT_CLIPBOARD_SELECTION_PRIMARY, &t, 1));
	/* Over the limit: refused, and its bytes are not read (size is a lie). */
	lgi_clipboard_agent_grab(c, SEL, &t, 1);
	lgi_clipboard_local_request(c, LGI_CLIP_TEXT);
	g_string_truncate(log_, 0);
	lgi_clipboard_agent_data(c, SEL, TEXT, U8("123"), (size_t)4294967290u);
	assert_string_equal(log_->str, "local data 1 none;");
	/* A grab with nothing lgview carries still tells the desktop. */
	uint32_t odd[] = {0, VD_AGENT_CLIPBOARD_FILE_LIST, 4294967295u};
	g_string_truncate(log_, 0);
	assert_true(lgi_clipboard_agent_grab(c, SEL, odd, 3));
	assert_string_equal(log_->str, "local grab 0;");
	/* The local side over the limit: the guest gets none. */
	lgi_clipboard_local_grab(c, LGI_CLIP_BIT(LGI_CLIP_TEXT));
	lgi_clipboard_agent_request(c, SEL, TEXT);
	g_string_truncate(log_, 0);
	lgi_clipboard_local_data(c, LGI_CLIP_TEXT, U8("123456789"), 9);
	assert_string_equal(log_->str, "agent notify 1 '';");
	lgi_clipboard_destroy(c);
}

/* A guest asking for the local clipboard again and again: one fetch while
 * one is open, and no more than four limits' worth of one clipboard. */
static void test_request_flood(void **state)
{
	(void)state;
	struct lgi_clipboard *c = make(true, true, 10);
	lgi_clipboard_local_grab(c, LGI_CLIP_BIT(LGI_CLIP_PNG));
	g_string_truncate(log_, 0);
	assert_true(lgi_clipboard_agent_request(c, SEL, PNG));
	assert_true(lgi_clipboard_agent_request(c, SEL, PNG));
	assert_string_equal(log_->str, "local request 2;");
	for (int i = 0; i < 5; ++i) {
		if (i)
			lgi_clipboard_agent_request(c, SEL, PNG);
		g_string_truncate(log_, 0);
		lgi_clipboard_local_data(c, LGI_CLIP_PNG, U8("0123456789"), 10);
		assert_string_equal(log_->str, i < 4 ? "agent notify 2 '0123456789';"
						     : "agent notify 2 '';");
	}
	/* A new local clipboard: a new budget. */
	lgi_clipboard_local_grab(c, LGI_CLIP_BIT(LGI_CLIP_PNG));
	lgi_clipboard_agent_request(c, SEL, PNG);
	g_string_truncate(log_, 0);
	lgi_clipboard_local_data(c, LGI_CLIP_PNG, U8("0123456789"), 10);
	assert_string_equal(log_->str, "agent notify 2 '0123456789';");
	/* Invalid text that could grow past the limit is refused unmade. */
	uint32_t t = TEXT;
	lgi_clipboard_agent_grab(c, SEL, &t, 1);
	lgi_clipboard_local_request(c, LGI_CLIP_TEXT);
	g_string_truncate(log_, 0);
	lgi_clipboard_agent_data(c, SEL, TEXT, U8("\xff\xff\xff\xff"), 4);
	assert_string_equal(log_->str, "local data 1 none;");
	lgi_clipboard_destroy(c);
}

static void test_switches(void **state)
{
	(void)state;
	uint32_t t = TEXT;
	struct lgi_clipboard *c = make(false, true, 100);
	lgi_clipboard_local_grab(c, LGI_CLIP_ALL);
	assert_false(lgi_clipboard_agent_request(c, SEL, TEXT));
	lgi_clipboard_agent_grab(c, SEL, &t, 1);
	assert_string_equal(log_->str, "local grab 2;");
	lgi_clipboard_destroy(c);

	c = make(true, false, 100);
	lgi_clipboard_agent_grab(c, SEL, &t, 1);
	lgi_clipboard_local_request(c, LGI_CLIP_TEXT);
	lgi_clipboard_local_grab(c, LGI_CLIP_BIT(LGI_CLIP_TEXT));
	assert_string_equal(log_->str, "local data 1 none;agent grab 1;");
	lgi_clipboard_destroy(c);
}

static void test_agent_comes_and_goes(void **state)
{
	(void)state;
	g_string_truncate(log_, 0);
	struct lgi_clip_policy p = {true, true, 100};
	struct lgi_clipboard *c = lgi_clipboard_create(&p, &agent, NULL, &local, NULL);
	/* Copied before the agent is there: announced when it comes. */
	lgi_clipboard_local_grab(c, LGI_CLIP_BIT(LGI_CLIP_PNG));
	assert_string_equal(log_->str, "");
	lgi_clipboard_agent_state(c, true, false);
	assert_string_equal(log_->str, "agent grab 2;");
	/* It leaves with a request of ours open: answered with none. */
	uint32_t t = TEXT;
	lgi_clipboard_agent_grab(c, SEL, &t, 1);
	lgi_clipboard_local_request(c, LGI_CLIP_TEXT);
	g_string_truncate(log_, 0);
	lgi_clipboard_agent_state(c, false, false);
	assert_string_equal(log_->str, "local data 1 none;local grab 0;");
	/* Without it, requests are answered with none at once. */
	g_string_truncate(log_, 0);
	lgi_clipboard_local_request(c, LGI_CLIP_TEXT);
	assert_string_equal(log_->str, "local data 1 none;");
	lgi_clipboard_destroy(c);
}

int main(void)
{
	log_ = g_string_new(NULL);
	/* The refusals are warnings; they must not abort the test. */
	g_log_set_always_fatal(G_LOG_FATAL_MASK);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_from_guest),	     cmocka_unit_test(test_text_to_guest),
		cmocka_unit_test(test_guest_to_local),	     cmocka_unit_test(test_local_to_guest),
		cmocka_unit_test(test_hostile_guest),	     cmocka_unit_test(test_switches),
		cmocka_unit_test(test_agent_comes_and_goes), cmocka_unit_test(test_request_flood),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	g_string_free(log_, TRUE);
	return r;
}
