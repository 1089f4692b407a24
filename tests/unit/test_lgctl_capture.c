/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * For the lgctl tests: what lgctl prints (it prints through g_print and
 * g_printerr only), caught for the test to look at, and shown when the
 * capture stops. Each test declares the two functions it uses:
 *   void lgctl_capture_start(void);
 *   char *lgctl_capture_stop(char **err); - stdout's text; *err (may be NULL) stderr's
 */
#include <glib.h>

void lgctl_capture_start(void);
char *lgctl_capture_stop(char **err);

static GString *out, *err_text;
static GPrintFunc old_print, old_printerr;

static void to_out(const char *s)
{
	g_string_append(out, s);
}

static void to_err(const char *s)
{
	g_string_append(err_text, s);
}

void lgctl_capture_start(void)
{
	out = g_string_new(NULL);
	err_text = g_string_new(NULL);
	old_print = g_set_print_handler(to_out);
	old_printerr = g_set_printerr_handler(to_err);
}

char *lgctl_capture_stop(char **err)
{
	g_set_print_handler(old_print);
	g_set_printerr_handler(old_printerr);
	g_print("%s", out->str);
	g_printerr("%s", err_text->str);
	char *e = g_string_free(err_text, FALSE);
	if (err)
		*err = e;
	else
		g_free(e);
	return g_string_free(out, FALSE);
}
