// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "config.h"
#include "config_fixture.h"

char *cfg_tmp;
GString *cfg_warnings;

static void on_log(const char *domain, GLogLevelFlags level, const char *msg, gpointer data)
{
	(void)domain, (void)level, (void)data;
	g_string_append_printf(cfg_warnings, "%s\n", msg);
}

char *cfg_write_file(const char *name, const char *text, size_t len)
{
	char *path = g_build_filename(cfg_tmp, name, NULL);
	assert_true(g_file_set_contents(path, text, (gssize)len, NULL));
	return path;
}

char *cfg_write_text(const char *name, const char *text)
{
	return cfg_write_file(name, text, strlen(text));
}

enum lgv_config_result cfg_load_with(struct lgv_options *o, const char *sys, const char *user,
				     const char *const *args, char **err)
{
	const char *argv[64] = {"lgview"};
	int argc = 1;
	struct lgv_config_paths paths = {sys ? sys : "", user ? user : ""};

	for (; args && args[argc - 1]; argc++)
		argv[argc] = args[argc - 1];
	g_string_truncate(cfg_warnings, 0);
	lgv_options_finish(o);
	return lgv_config_load(o, argc, (char **)argv, &paths, err);
}

enum lgv_config_result cfg_load(struct lgv_options *o, const char *const *args, char **err)
{
	return cfg_load_with(o, NULL, NULL, args, err);
}

enum lgv_config_result cfg_load_ini(struct lgv_options *o, const char *text,
				    const char *const *args, char **err, char **path)
{
	*path = cfg_write_text("lg.ini", text);
	return cfg_load_with(o, NULL, *path, args, err);
}

void cfg_assert_value(const struct lgv_options *o, const char *sk, const char *want)
{
	char *v = lgv_config_value_string(o, sk);
	if (!v || strcmp(v, want))
		fail_msg("%s is '%s', want '%s'", sk, v ? v : "(unknown)", want);
	g_free(v);
}

size_t cfg_lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

int cfg_run_group(const struct CMUnitTest *tests, size_t n)
{
	cfg_tmp = g_dir_make_tmp("lgview-config-XXXXXX", NULL);
	assert_non_null(cfg_tmp);
	g_setenv("XDG_CONFIG_HOME", cfg_tmp, TRUE); /* before GLib caches it */
	cfg_warnings = g_string_new(NULL);
	g_log_set_handler("lgview-config", G_LOG_LEVEL_WARNING, on_log, NULL);
	int r = _cmocka_run_group_tests("config", tests, n, NULL, NULL);

	char *xdg = g_build_filename(cfg_tmp, "lgview", "lgview.ini", NULL);
	g_remove(xdg); /* left behind if test_layering failed half-way */
	*strrchr(xdg, '/') = 0;
	g_rmdir(xdg);
	g_free(xdg);
	GDir *dir = g_dir_open(cfg_tmp, 0, NULL);
	for (const char *name; dir && (name = g_dir_read_name(dir));) {
		char *p = g_build_filename(cfg_tmp, name, NULL);
		g_remove(p);
		g_free(p);
	}
	if (dir)
		g_dir_close(dir);
	g_rmdir(cfg_tmp);
	g_free(cfg_tmp);
	g_string_free(cfg_warnings, TRUE);
	return r;
}
