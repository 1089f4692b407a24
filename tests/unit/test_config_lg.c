/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Looking Glass's option names in lgview's configuration: what lgview lacks
 * warns alike on the command line and in files, what no Looking Glass has is
 * an error, and the table of foreign names stays true. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "config.h"
#include "config_fixture.h"

/* The Looking Glass options lgview lacks: the same one warning whether they
 * come from the command line or a file, and lgview goes on. */
static void test_looking_glass_options(void **state)
{
	static const struct {
		const char *arg, *ini, *says;
	} cases[] = {
		{"spice:largeCursorDot=no", "[spice]\nlargeCursorDot=no\n",
		 "spice:largeCursorDot: lgview does not have this Looking Glass option yet (the "
		 "cursor options are planned); ignored"},
		{"opengl:mipmap=no", "[opengl]\nmipmap=no\n",
		 "opengl:mipmap: lgview has no [opengl] options yet (lgview's renderer reads "
		 "[egl])"},
		{"wayland:warpSupport=no", "[wayland]\nwarpSupport=no\n",
		 "wayland:warpSupport: lgview has no [wayland] options yet; ignored"},
		{"i3:globalFullScreen=yes", "[i3]\nglobalFullScreen=yes\n",
		 "i3:globalFullScreen: lgview has no [i3] options yet; ignored"},
		{"win:autoResize=yes", "[win]\nautoResize=yes\n",
		 "win:autoResize: lgview does not have this Looking Glass option yet; ignored"},
		{"input:mouseRedraw=yes", "[input]\nmouseRedraw=yes\n",
		 "input:mouseRedraw: lgview does not have this Looking Glass option yet (planned); "
		 "ignored"},
		{"egl:doubleBuffer=yes", "[egl]\ndoubleBuffer=yes\n",
		 "egl:doubleBuffer: lgview does not have this Looking Glass option yet; ignored"},
		{"app:renderer=EGL", "[app]\nrenderer=EGL\n", "app:renderer: lgview does not have"},
	};
	struct lgv_options o = {0};
	char *err = NULL, *p, *ini;

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		if (cfg_load(&o, ARGS(cases[i].arg, "win:title=t"), &err) != LGV_CONFIG_OK)
			fail_msg("%s: %s", cases[i].arg, err);
		assert_string_equal(o.title, "t");
		if (!strstr(cfg_warnings->str, cases[i].says) || cfg_lines(cfg_warnings->str) != 1 ||
		    strncmp(cfg_warnings->str, "command line: ", 14))
			fail_msg("%s: warned '%s'", cases[i].arg, cfg_warnings->str);

		ini = g_strconcat(cases[i].ini, "[win]\ntitle=f\n", NULL);
		assert_int_equal(cfg_load_ini(&o, ini, NULL, &err, &p), LGV_CONFIG_OK);
		assert_string_equal(o.title, "f");
		if (!strstr(cfg_warnings->str, cases[i].says) || cfg_lines(cfg_warnings->str) != 1 ||
		    strncmp(cfg_warnings->str, p, strlen(p)))
			fail_msg("%s: warned '%s'", cases[i].ini, cfg_warnings->str);
		g_free(ini);
		g_free(p);
	}
	lgv_options_finish(&o);
}

/* Looking Glass's short flags and bare booleans: ignored with the warning,
 * each flag's argument with it. */
static void test_looking_glass_flags(void **state)
{
	static const struct {
		const char *args[3];
		const char *says;
	} cases[] = {
		{{"spice:largeCursorDot"}, "spice:largeCursorDot: lgview does not have this Looking"},
		{{"-j"}, "spice:scaleCursor: lgview does not have this Looking Glass option"},
		{{"-g", "win:title=host"}, "app:renderer: lgview does not have this Looking Glass"},
		{{"-gEGL"}, "app:renderer: lgview does not have this Looking Glass option"},
		{{"-Q"}, "win:ignoreQuit: lgview does not have this Looking Glass option"},
		{{"-a"}, "win:autoResize: lgview does not have this Looking Glass option"},
	};
	struct lgv_options o = {0};
	char *err = NULL;

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		const char *const *a = cases[i].args;
		const char *args[] = {a[0], a[1] ? a[1] : "win:title=t",
				      a[1] ? "win:title=t" : NULL, NULL};
		if (cfg_load(&o, args, &err) != LGV_CONFIG_OK)
			fail_msg("%s: %s", a[0], err);
		assert_string_equal(o.title, "t"); /* -c took its argument, nothing more */
		if (!strstr(cfg_warnings->str, cases[i].says) || cfg_lines(cfg_warnings->str) != 1)
			fail_msg("%s: warned '%s'", a[0], cfg_warnings->str);
	}
	lgv_options_finish(&o);
}

/* Names no Looking Glass version has: an error on the command line (with a
 * hint where one is near), a warning in a file. */
static void test_not_looking_glass(void **state)
{
	static const struct {
		const char *arg, *ini, *cli_says[2], *file_says;
	} cases[] = {
		{"spice:bogus=1", "[spice]\nbogus=1\n", {"unknown option 'spice:bogus'", "--help"},
		 "spice:bogus is not a known option; ignored"},
		{"spice:Enable=no", "[spice]\nEnable=no\n", {"did you mean spice:enable?"},
		 "spice:Enable is not a known option"},
		{"win:autoresize=1", "[win]\nautoresize=1\n", {"did you mean win:autoResize?"},
		 "win:autoresize is not a known option"},
		{"egl:Vsync=1", "[egl]\nVsync=1\n", {"did you mean egl:vsync?"},
		 "egl:Vsync is not a known option"},
		{"nosuch:key=1", "[nosuch]\nkey=1\n", {"unknown section in 'nosuch:key'"},
		 "unknown section [nosuch]; ignored"},
	};
	static const struct {
		const char *args[2], *says[2];
	} flags[] = {
		{{"-s5"}, {"unknown option '-s5'"}},
		{{"-c"}, {"-c needs a value", "spice:host"}},
		{{"-Z"}, {"unknown option '-Z'"}},
	};
	struct lgv_options o = {0};
	char *err = NULL, *p;

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		assert_int_equal(cfg_load(&o, ARGS(cases[i].arg), &err), LGV_CONFIG_ERROR);
		for (size_t k = 0; k < 2 && cases[i].cli_says[k]; k++)
			if (!strstr(err, cases[i].cli_says[k]))
				fail_msg("%s: '%s' lacks '%s'", cases[i].arg, err,
					 cases[i].cli_says[k]);
		g_clear_pointer(&err, g_free);
		assert_int_equal(cfg_load_ini(&o, cases[i].ini, NULL, &err, &p), LGV_CONFIG_OK);
		if (!strstr(cfg_warnings->str, cases[i].file_says) || cfg_lines(cfg_warnings->str) != 1)
			fail_msg("%s: warned '%s'", cases[i].ini, cfg_warnings->str);
		g_free(p);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(flags); i++) {
		assert_int_equal(cfg_load(&o, flags[i].args, &err), LGV_CONFIG_ERROR);
		for (size_t k = 0; k < 2 && flags[i].says[k]; k++)
			if (!strstr(err, flags[i].says[k]))
				fail_msg("%s: '%s' lacks '%s'", flags[i].args[0], err,
					 flags[i].says[k]);
		g_clear_pointer(&err, g_free);
	}
	lgv_options_finish(&o);
}

/* The list of what lgview lacks never names what it has, flags stay unique,
 * and every entry is taken on the command line with its warning. */
static void test_foreign_table(void **state)
{
	size_t nt, nf;
	const struct lgv_option_def *t = lgv_config_table(&nt);
	const struct lgv_foreign_option *f = lgv_config_foreign(&nf);
	struct lgv_options o = {0};
	char *err = NULL;

	for (size_t i = 0; i < nf; i++) {
		char *name = g_strdup_printf("%s:%s", f[i].section, f[i].key);
		char *arg = g_strconcat(name, "=1", NULL);

		assert_null(lgv_config_value_string(&o, name)); /* not lgview's own */
		for (size_t k = 0; f[i].short_flag && k < nt; k++)
			assert_int_not_equal(f[i].short_flag, t[k].short_flag);
		for (size_t k = i + 1; f[i].short_flag && k < nf; k++)
			assert_int_not_equal(f[i].short_flag, f[k].short_flag);
		if (cfg_load(&o, ARGS(arg), &err) != LGV_CONFIG_OK)
			fail_msg("%s: %s", arg, err);
		if (!strstr(cfg_warnings->str, name) || !strstr(cfg_warnings->str, "; ignored"))
			fail_msg("%s: warned '%s'", arg, cfg_warnings->str);
		g_free(arg);
		g_free(name);
	}
	lgv_options_finish(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_looking_glass_options),
		cmocka_unit_test(test_looking_glass_flags),
		cmocka_unit_test(test_not_looking_glass),
		cmocka_unit_test(test_foreign_table),
	};
	return CFG_RUN(tests);
}
