/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lgview's configuration against bad and hostile input: bad values on the
 * command line and in files, INI syntax, unknown keys, huge and garbage files. */
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

/* Each class of bad input fails and says what, where and what is accepted. */
static void test_bad_command_line(void **state)
{
	static const struct {
		const char *args[3];
		const char *says[3];
	} cases[] = {
		{{"win:rotate=45"}, {"win:rotate: '45' is not one of 0, 90, 180, 270 (command line)"}},
		{{"egl:scale=3"}, {"egl:scale", "'3'", "one of 0, 1, 2"}},
		{{"win:size=0x10"}, {"win:size", "'0x10'", "1..16384"}},
		{{"win:size=100"}, {"win:size", "'100'", "WxH"}},
		{{"win:size=99999999999999999999x1"}, {"win:size", "1..16384"}},
		{{"app:demoSize=10x0"}, {"app:demoSize", "1..16384"}},
		{{"win:position=1x"}, {"win:position", "'1x'", "center or XxY"}},
		{{"win:position=x1"}, {"win:position", "-32768..32767"}},
		{{"win:fullScreen=maybe"}, {"win:fullScreen", "'maybe'", "yes/no"}},
		{{"win:fullScreen="}, {"win:fullScreen", "''", "yes/no"}},
		{{"win:fpsMin=99999999999"}, {"win:fpsMin", "'99999999999'", "-1..1000"}},
		{{"win:fpsMin=60abc"}, {"win:fpsMin", "-1..1000"}},
		{{"win:fpsMin= 6"}, {"win:fpsMin", "-1..1000"}},
		{{"win:fpsMin=--6"}, {"win:fpsMin", "-1..1000"}},
		{{"app:uploader=vulkan"}, {"app:uploader", "auto, copy, direct, dmabuf, help"}},
		{{"app:demoFormat=rgb"}, {"app:demoFormat", "bgra, rgba, rgba10, rgba16f, bgr32, rgb24"}},
		{{"win:bogus=1"}, {"win:bogus", "--help"}},
		{{"win:fullscreen"}, {"win:fullscreen", "win:fullScreen", "--help"}},
		{{"nosuch:key=1"}, {"unknown section", "nosuch:key", "--help"}},
		{{"win:title"}, {"win:title", "needs a value"}},
		{{"-x"}, {"-x", "--help"}},
		{{"-dF"}, {"-dF", "--help"}},
		{{"--bogus"}, {"--bogus", "--help"}},
		{{"-"}, {"'-'", "--help"}},
		{{"word"}, {"word", "section:key=value"}},
		{{"-K"}, {"-K", "needs a value", "win:fpsMin"}},
		{{"-K", "abc"}, {"win:fpsMin", "'abc'", "command line"}},
		{{"-C", "/nonexistent/lgview.ini"}, {"/nonexistent/lgview.ini"}},
	};
	struct lgv_options o = {0};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *err = NULL;
		enum lgv_config_result r = cfg_load(&o, cases[i].args, &err);
		if (r != LGV_CONFIG_ERROR || !err)
			fail_msg("%s: accepted", cases[i].args[0]);
		for (size_t k = 0; k < 3 && cases[i].says[k]; k++)
			if (!strstr(err, cases[i].says[k]))
				fail_msg("%s: '%s' lacks '%s'", cases[i].args[0], err,
					 cases[i].says[k]);
		assert_null(o.title); /* nothing left to free after an error */
		g_free(err);
	}
}

static void expect_file_error(const char *path, const char *const *args, const char *says)
{
	struct lgv_options o = {0};
	char *err = NULL;

	assert_int_equal(cfg_load_with(&o, NULL, path, args, &err), LGV_CONFIG_ERROR);
	if (!strstr(err, path) || !strstr(err, says))
		fail_msg("'%s' lacks '%s' or '%s'", err, path, says);
	lgv_options_finish(&o);
	g_free(err);
}

static void test_bad_files(void **state)
{
	char *p = cfg_write_text("rot.ini", "[win]\nrotate=45\n");
	expect_file_error(p, NULL, "win:rotate: '45' is not one of 0, 90, 180, 270");
	g_free(p);
	p = cfg_write_text("empty.ini", "[win]\nfullScreen=\n");
	expect_file_error(p, NULL, "win:fullScreen: '' is not a boolean");
	g_free(p);
	p = cfg_write_text("noini.ini", "this is not an INI file\n");
	expect_file_error(p, NULL, "config file");
	g_free(p);
	p = cfg_write_text("nogroup.ini", "title=x\n[win\n");
	expect_file_error(p, NULL, "config file");
	expect_file_error(p, ARGS("-C", p), "config file"); /* also as -C */
	g_free(p);
	p = cfg_write_text("latin1.ini", "[win]\ntitle=caf\xe9\n");
	expect_file_error(p, NULL, "win:title: 'caf\\351' is not valid UTF-8");
	g_free(p);
	expect_file_error(cfg_tmp, NULL, "not a regular file");
	p = cfg_write_text("unreadable.ini", "[win]\n");
	g_chmod(p, 0);
	if (access(p, R_OK) != 0) /* root reads anything */
		expect_file_error(p, NULL, "config file");
	g_free(p);
}

/* What Looking Glass users write: ';' comments, blanks around values. */
static void test_file_syntax(void **state)
{
	char *p = cfg_write_text("syntax.ini", "; a Looking Glass comment\n  ; indented\n# GKeyFile's\n"
					   "[win]\nrotate = 90 \t\ntitle = a b\\s \n[egl]\nscale=1\n");
	struct lgv_options o = {0};
	char *err = NULL;

	if (cfg_load_with(&o, NULL, p, NULL, &err) != LGV_CONFIG_OK)
		fail_msg("%s", err);
	assert_int_equal(o.rotate, 90);
	assert_string_equal(o.title, "a b "); /* the escaped blank stays */
	assert_int_equal(o.filter, 1);
	lgv_options_finish(&o);
	g_free(p);
}

/* Forward compatibility: unknown sections and keys in files are warnings. */
static void test_unknown_in_file(void **state)
{
	char *p = cfg_write_text("future.ini", "[win]\nfutureKey=1\ntitle=t\n[future]\nx=1\n"
					   "[app]\nconfigFile=/x\n");
	struct lgv_options o = {0};
	char *err = NULL;

	assert_int_equal(cfg_load_with(&o, NULL, p, NULL, &err), LGV_CONFIG_OK);
	assert_string_equal(o.title, "t");
	assert_non_null(strstr(cfg_warnings->str, "win:futureKey"));
	assert_non_null(strstr(cfg_warnings->str, "[future]"));
	assert_non_null(strstr(cfg_warnings->str, "app:configFile"));
	assert_non_null(strstr(cfg_warnings->str, p));
	lgv_options_finish(&o);
	g_free(p);
}

static void test_hostile_files(void **state)
{
	struct lgv_options o = {0};
	char *err = NULL;
	GString *s = g_string_new(NULL);
	char *p;

	/* A 200 KiB line is fine where anything goes, and quoted short where it is wrong. */
	for (int pass = 0; pass < 2; pass++) {
		g_string_assign(s, pass ? "[win]\nrotate=" : "[win]\ntitle=");
		for (int i = 0; i < 200 * 1024; i++)
			g_string_append_c(s, 'a' + i % 26);
		g_string_append(s, "\n");
		p = cfg_write_file(pass ? "longbad.ini" : "long.ini", s->str, s->len);
		if (pass)
			break;
		assert_int_equal(cfg_load_with(&o, NULL, p, NULL, &err), LGV_CONFIG_OK);
		assert_int_equal(strlen(o.title), 200 * 1024);
		g_free(p);
	}
	expect_file_error(p, NULL, "win:rotate");
	assert_int_equal(cfg_load_with(&o, NULL, p, NULL, &err), LGV_CONFIG_ERROR);
	assert_true(strlen(err) < 512);
	g_free(err);
	g_free(p);

	/* Over 1 MiB is refused before parsing. */
	g_string_set_size(s, (1 << 20) + 1);
	memset(s->str, '#', s->len);
	p = cfg_write_file("huge.ini", s->str, s->len);
	expect_file_error(p, NULL, "larger");
	g_free(p);

	/* NUL-free garbage: an error or an accepted file, never a crash (ASan watches). */
	GRand *rng = g_rand_new_with_seed(7);
	for (int round = 0; round < 200; round++) {
		size_t n = g_rand_int_range(rng, 1, 4096);
		g_string_set_size(s, n);
		for (size_t i = 0; i < n; i++)
			s->str[i] = (char)g_rand_int_range(rng, 1, 256);
		if (round % 2) /* half of them look like INI */
			memcpy(s->str, "[win]\nrotate=", MIN(n, 13));
		p = cfg_write_file("garbage.ini", s->str, s->len);
		enum lgv_config_result r = cfg_load_with(&o, NULL, p, NULL, &err);
		assert_true(r == LGV_CONFIG_OK || (r == LGV_CONFIG_ERROR && err));
		lgv_options_finish(&o);
		g_clear_pointer(&err, g_free);
		g_free(p);
	}
	g_rand_free(rng);
	g_string_free(s, TRUE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_command_line),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_file_syntax),
		cmocka_unit_test(test_unknown_in_file),
		cmocka_unit_test(test_hostile_files),
	};
	return CFG_RUN(tests);
}
