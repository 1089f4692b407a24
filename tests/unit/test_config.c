/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lgview's configuration layer: defaults, layering, every type, bad values, hostile files. */
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

static char *tmp;         /* per-run temp dir, also $XDG_CONFIG_HOME */
static GString *warnings; /* what config.c logged with g_warning */

static void on_log(const char *domain, GLogLevelFlags level, const char *msg, gpointer data)
{
	g_string_append_printf(warnings, "%s\n", msg);
}

static char *write_file(const char *name, const char *text, size_t len)
{
	char *path = g_build_filename(tmp, name, NULL);
	assert_true(g_file_set_contents(path, text, (gssize)len, NULL));
	return path;
}

static char *write_text(const char *name, const char *text)
{
	return write_file(name, text, strlen(text));
}

/* Loads with "lgview" + args (NULL-terminated); both files skipped unless given.
 * *o must hold a previous load or zeroes: its strings are freed first. */
static enum lgv_config_result load_with(struct lgv_options *o, const char *sys, const char *user,
					const char *const *args, char **err)
{
	const char *argv[64] = {"lgview"};
	int argc = 1;
	struct lgv_config_paths paths = {sys ? sys : "", user ? user : ""};

	for (; args && args[argc - 1]; argc++)
		argv[argc] = args[argc - 1];
	g_string_truncate(warnings, 0);
	lgv_options_finish(o);
	return lgv_config_load(o, argc, (char **)argv, &paths, err);
}

static enum lgv_config_result load(struct lgv_options *o, const char *const *args, char **err)
{
	return load_with(o, NULL, NULL, args, err);
}

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

static void assert_value(const struct lgv_options *o, const char *sk, const char *want)
{
	char *v = lgv_config_value_string(o, sk);
	if (!v || strcmp(v, want))
		fail_msg("%s is '%s', want '%s'", sk, v ? v : "(unknown)", want);
	g_free(v);
}

static const char *shm_default(void)
{
	return access("/dev/kvmfr0", F_OK) == 0 ? "/dev/kvmfr0" : "/dev/shm/looking-glass";
}

/* Every option's default as value_string shows it; the table may not grow untested. */
static void test_defaults(void **state)
{
	static const char *const want[][2] = {
		{"app:configFile", ""}, {"app:uploader", "auto"}, {"app:allowDMA", "yes"},
		{"app:framePollInterval", "1000"}, {"app:cursorPollInterval", "1000"},
		{"app:demo", "no"}, {"app:demoSize", "1920x1080"}, {"app:demoFormat", "bgra"},
		{"app:demoFps", "60"}, {"app:timestamps", ""}, {"win:title", "lgview"},
		{"win:appId", "lgview"}, {"win:position", "center"}, {"win:size", "1024x768"},
		{"win:allowResize", "yes"}, {"win:keepAspect", "yes"}, {"win:dontUpscale", "no"},
		{"win:intUpscale", "no"}, {"win:borderless", "no"}, {"win:fullScreen", "no"},
		{"win:maximize", "no"}, {"win:display", ""}, {"win:workspace", "-1"},
		{"win:fpsMin", "-1"}, {"win:noScreensaver", "no"}, {"win:autoScreensaver", "no"},
		{"win:rotate", "0"}, {"win:showFPS", "no"}, {"egl:vsync", "no"}, {"egl:scale", "0"},
		{"egl:scalePointer", "yes"}, {"egl:mapHDRtoSDR", "yes"},
		{"egl:peakLuminance", "250"}, {"egl:maxCLL", "10000"}, {"input:escapeKey", "70"},
		{"input:hideCursor", "yes"}, {"app:shmFile", NULL /* shm_default() */},
	};
	struct lgv_options o = {0};
	size_t count;
	const struct lgv_option_def *t = lgv_config_table(&count);

	assert_int_equal(load(&o, NULL, NULL), LGV_CONFIG_OK);
	assert_int_equal(count, G_N_ELEMENTS(want));
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
		assert_value(&o, want[i][0], want[i][1] ? want[i][1] : shm_default());

	/* The fields themselves, every one of them. */
	assert_string_equal(o.shm_file, shm_default());
	assert_string_equal(o.uploader, "auto");
	assert_true(o.allow_dma);
	assert_int_equal(o.frame_poll_us, 1000);
	assert_int_equal(o.cursor_poll_us, 1000);
	assert_false(o.demo);
	assert_string_equal(o.demo_size, "1920x1080");
	assert_string_equal(o.demo_format, "bgra");
	assert_int_equal(o.demo_fps, 60);
	assert_null(o.timestamps_file);
	assert_string_equal(o.title, "lgview");
	assert_string_equal(o.app_id, "lgview");
	assert_true(o.position_center);
	assert_int_equal(o.pos_x, 0);
	assert_int_equal(o.pos_y, 0);
	assert_int_equal(o.width, 1024);
	assert_int_equal(o.height, 768);
	assert_true(o.allow_resize);
	assert_true(o.keep_aspect);
	assert_false(o.dont_upscale);
	assert_false(o.int_upscale);
	assert_false(o.borderless);
	assert_false(o.fullscreen);
	assert_false(o.maximize);
	assert_string_equal(o.display, "");
	assert_int_equal(o.workspace, -1);
	assert_int_equal(o.fps_min, -1);
	assert_false(o.no_screensaver);
	assert_false(o.auto_screensaver);
	assert_int_equal(o.rotate, 0);
	assert_false(o.show_fps);
	assert_false(o.vsync);
	assert_int_equal(o.filter, LGV_FILTER_AUTO);
	assert_true(o.scale_pointer);
	assert_true(o.map_hdr_to_sdr);
	assert_int_equal(o.peak_luminance, 250);
	assert_int_equal(o.max_cll, 10000);
	assert_int_equal(o.escape_key, 70);
	assert_true(o.hide_cursor);
	for (size_t i = 0; i < count; i++) { /* nothing in the table outside the list above */
		char *name = g_strdup_printf("%s:%s", t[i].section, t[i].key);
		size_t k = 0;
		while (k < G_N_ELEMENTS(want) && strcmp(want[k][0], name))
			k++;
		if (k == G_N_ELEMENTS(want))
			fail_msg("%s has no expected default here", name);
		g_free(name);
	}
	lgv_options_finish(&o);
}

/* system < user < -C < command line, key by key. */
static void test_layering(void **state)
{
	char *sys = write_text("sys.ini", "[win]\ntitle=sys\nrotate=90\nfullScreen=yes\n"
					  "[egl]\nscale=1\n[app]\ndemoFps=10\n");
	char *user = write_text("user.ini", "[win]\ntitle=user\nrotate=180\n[app]\ndemoFps=20\n");
	char *extra = write_text("extra.ini", "[win]\ntitle=extra\n[app]\ndemoFps=30\n");
	struct lgv_options o = {0};
	char *err = NULL;

	assert_int_equal(load_with(&o, sys, user, ARGS("-C", extra), &err), LGV_CONFIG_OK);
	assert_string_equal(o.title, "extra");
	assert_int_equal(o.rotate, 180);
	assert_int_equal(o.filter, 1);
	assert_int_equal(o.demo_fps, 30);
	assert_true(o.fullscreen);

	/* The command line wins over every file, and toggles what the files left. */
	assert_int_equal(load_with(&o, sys, user,
				   ARGS("win:title=cli", "--config", extra, "win:fullScreen",
					"egl:scale=2"),
				   &err),
			 LGV_CONFIG_OK);
	assert_string_equal(o.title, "cli");
	assert_false(o.fullscreen);
	assert_int_equal(o.filter, 2);
	assert_int_equal(o.demo_fps, 30);

	/* The default user location, $XDG_CONFIG_HOME/lgview/lgview.ini (set in main). */
	char *dir = g_build_filename(tmp, "lgview", NULL);
	g_mkdir(dir, 0700);
	char *xdg = write_text("lgview/lgview.ini", "[win]\ntitle=xdg\n");
	struct lgv_config_paths paths = {"", NULL};
	char *argv[] = {"lgview", NULL};
	lgv_options_finish(&o);
	assert_int_equal(lgv_config_load(&o, 1, argv, &paths, &err), LGV_CONFIG_OK);
	assert_string_equal(o.title, "xdg");
	g_remove(xdg);
	g_rmdir(dir);
	lgv_options_finish(&o);
	g_free(xdg);
	g_free(dir);
	g_free(sys);
	g_free(user);
	g_free(extra);
}

/* `section:key=value` for every type, and the flags. */
static void test_values(void **state)
{
	static const struct {
		const char *arg, *key, *want;
	} cases[] = {
		{"win:fullScreen=yes", "win:fullScreen", "yes"},
		{"win:fullScreen=TRUE", "win:fullScreen", "yes"},
		{"win:fullScreen=On", "win:fullScreen", "yes"},
		{"win:fullScreen=1", "win:fullScreen", "yes"},
		{"app:allowDMA=no", "app:allowDMA", "no"},
		{"app:allowDMA=false", "app:allowDMA", "no"},
		{"app:allowDMA=OFF", "app:allowDMA", "no"},
		{"app:allowDMA=0", "app:allowDMA", "no"},
		{"win:fpsMin=0", "win:fpsMin", "0"},
		{"win:fpsMin=1000", "win:fpsMin", "1000"},
		{"win:fpsMin=-1", "win:fpsMin", "-1"},
		{"win:fpsMin=+5", "win:fpsMin", "5"},
		{"win:rotate=270", "win:rotate", "270"},
		{"egl:scale=2", "egl:scale", "2"},
		{"win:title=a b=c:d", "win:title", "a b=c:d"},
		{"win:display=", "win:display", ""},
		{"app:timestamps=/tmp/t.csv", "app:timestamps", "/tmp/t.csv"},
		{"app:uploader=dmabuf", "app:uploader", "dmabuf"},
		{"app:uploader=HELP", "app:uploader", "help"},
		{"app:demoFormat=rgba16f", "app:demoFormat", "rgba16f"},
		{"app:demoFormat=rgb24", "app:demoFormat", "rgb24"},
		{"win:size=16384x1", "win:size", "16384x1"},
		{"app:demoSize=640x480", "app:demoSize", "640x480"},
		{"win:position=-10x-20", "win:position", "-10x-20"},
		{"win:position=center", "win:position", "center"},
		{"input:escapeKey=97", "input:escapeKey", "97"},
	};
	struct lgv_options o = {0};
	char *err = NULL;

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		if (load(&o, ARGS(cases[i].arg), &err) != LGV_CONFIG_OK)
			fail_msg("%s: %s", cases[i].arg, err);
		assert_value(&o, cases[i].key, cases[i].want);
		lgv_options_finish(&o);
	}
	assert_int_equal(load(&o, ARGS("win:size=800x600", "win:position=5x7"), &err),
			 LGV_CONFIG_OK);
	assert_int_equal(o.width, 800);
	assert_int_equal(o.height, 600);
	assert_false(o.position_center);
	assert_int_equal(o.pos_x, 5);
	assert_int_equal(o.pos_y, 7);
	lgv_options_finish(&o);
}

static void test_toggles_and_flags(void **state)
{
	struct lgv_options o = {0};
	char *err = NULL;

	assert_int_equal(load(&o, ARGS("win:fullScreen"), &err), LGV_CONFIG_OK);
	assert_true(o.fullscreen);
	assert_int_equal(load(&o, ARGS("win:fullScreen", "win:fullScreen"), &err), LGV_CONFIG_OK);
	assert_false(o.fullscreen);
	assert_int_equal(load(&o, ARGS("win:keepAspect"), &err), LGV_CONFIG_OK);
	assert_false(o.keep_aspect);
	assert_int_equal(load(&o, ARGS("-F", "-d", "-K", "60", "-f", "/tmp/x", "-n", "-r", "-T",
				       "-S", "-k", "-M", "-m", "97", "--demo"),
			      &err),
			 LGV_CONFIG_OK);
	assert_true(o.fullscreen);
	assert_true(o.borderless);
	assert_int_equal(o.fps_min, 60);
	assert_string_equal(o.shm_file, "/tmp/x");
	assert_false(o.allow_resize);
	assert_false(o.keep_aspect);
	assert_true(o.maximize);
	assert_true(o.no_screensaver);
	assert_true(o.show_fps);
	assert_false(o.hide_cursor);
	assert_int_equal(o.escape_key, 97);
	assert_true(o.demo);
	assert_int_equal(load(&o, ARGS("-F", "-F", "-K30", "--demo", "--demo"), &err),
			 LGV_CONFIG_OK);
	assert_false(o.fullscreen);
	assert_int_equal(o.fps_min, 30);
	assert_true(o.demo); /* --demo sets, it does not toggle */
	lgv_options_finish(&o);
}

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
		enum lgv_config_result r = load(&o, cases[i].args, &err);
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

	assert_int_equal(load_with(&o, NULL, path, args, &err), LGV_CONFIG_ERROR);
	if (!strstr(err, path) || !strstr(err, says))
		fail_msg("'%s' lacks '%s' or '%s'", err, path, says);
	lgv_options_finish(&o);
	g_free(err);
}

static void test_bad_files(void **state)
{
	char *p = write_text("rot.ini", "[win]\nrotate=45\n");
	expect_file_error(p, NULL, "win:rotate: '45' is not one of 0, 90, 180, 270");
	g_free(p);
	p = write_text("empty.ini", "[win]\nfullScreen=\n");
	expect_file_error(p, NULL, "win:fullScreen: '' is not a boolean");
	g_free(p);
	p = write_text("noini.ini", "this is not an INI file\n");
	expect_file_error(p, NULL, "config file");
	g_free(p);
	p = write_text("nogroup.ini", "title=x\n[win\n");
	expect_file_error(p, NULL, "config file");
	expect_file_error(p, ARGS("-C", p), "config file"); /* also as -C */
	g_free(p);
	p = write_text("latin1.ini", "[win]\ntitle=caf\xe9\n");
	expect_file_error(p, NULL, "win:title: 'caf\\351' is not valid UTF-8");
	g_free(p);
	expect_file_error(tmp, NULL, "not a regular file");
	p = write_text("unreadable.ini", "[win]\n");
	g_chmod(p, 0);
	if (access(p, R_OK) != 0) /* root reads anything */
		expect_file_error(p, NULL, "config file");
	g_free(p);
}

/* What Looking Glass users write: ';' comments, blanks around values. */
static void test_file_syntax(void **state)
{
	char *p = write_text("syntax.ini", "; a Looking Glass comment\n  ; indented\n# GKeyFile's\n"
					   "[win]\nrotate = 90 \t\ntitle = a b\\s \n[egl]\nscale=1\n");
	struct lgv_options o = {0};
	char *err = NULL;

	if (load_with(&o, NULL, p, NULL, &err) != LGV_CONFIG_OK)
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
	char *p = write_text("future.ini", "[win]\nfutureKey=1\ntitle=t\n[future]\nx=1\n"
					   "[app]\nconfigFile=/x\n");
	struct lgv_options o = {0};
	char *err = NULL;

	assert_int_equal(load_with(&o, NULL, p, NULL, &err), LGV_CONFIG_OK);
	assert_string_equal(o.title, "t");
	assert_non_null(strstr(warnings->str, "win:futureKey"));
	assert_non_null(strstr(warnings->str, "[future]"));
	assert_non_null(strstr(warnings->str, "app:configFile"));
	assert_non_null(strstr(warnings->str, p));
	lgv_options_finish(&o);
	g_free(p);
}

static size_t lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* Loads text as the user file, with args; the warnings are in `warnings`. */
static enum lgv_config_result load_ini(struct lgv_options *o, const char *text,
				       const char *const *args, char **err, char **path)
{
	*path = write_text("lg.ini", text);
	return load_with(o, NULL, *path, args, err);
}

/* The Looking Glass options lgview lacks: the same one warning whether they
 * come from the command line or a file, and lgview goes on. */
static void test_looking_glass_options(void **state)
{
	static const struct {
		const char *arg, *ini, *says;
	} cases[] = {
		{"spice:enable=no", "[spice]\nenable=no\n",
		 "spice:enable: lgview has no [spice] options yet (input and audio are planned); "
		 "ignored"},
		{"spice:host=10.0.0.1", "[spice]\nhost=10.0.0.1\n",
		 "spice:host: lgview has no [spice] options yet"},
		{"audio:periodSize=256", "[audio]\nperiodSize=256\n",
		 "audio:periodSize: lgview has no [audio] options yet (audio is planned); ignored"},
		{"pipewire:outDevice=x", "[pipewire]\noutDevice=x\n",
		 "pipewire:outDevice: lgview has no [pipewire] options yet"},
		{"opengl:mipmap=no", "[opengl]\nmipmap=no\n",
		 "opengl:mipmap: lgview has no [opengl] options yet (lgview's renderer reads "
		 "[egl])"},
		{"wayland:warpSupport=no", "[wayland]\nwarpSupport=no\n",
		 "wayland:warpSupport: lgview has no [wayland] options yet; ignored"},
		{"i3:globalFullScreen=yes", "[i3]\nglobalFullScreen=yes\n",
		 "i3:globalFullScreen: lgview has no [i3] options yet; ignored"},
		{"win:autoResize=yes", "[win]\nautoResize=yes\n",
		 "win:autoResize: lgview does not have this Looking Glass option yet; ignored"},
		{"input:grabKeyboard=no", "[input]\ngrabKeyboard=no\n",
		 "input:grabKeyboard: lgview does not have this Looking Glass option yet (input is "
		 "planned); ignored"},
		{"egl:doubleBuffer=yes", "[egl]\ndoubleBuffer=yes\n",
		 "egl:doubleBuffer: lgview does not have this Looking Glass option yet; ignored"},
		{"app:renderer=EGL", "[app]\nrenderer=EGL\n", "app:renderer: lgview does not have"},
	};
	struct lgv_options o = {0};
	char *err = NULL, *p, *ini;

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		if (load(&o, ARGS(cases[i].arg, "win:title=t"), &err) != LGV_CONFIG_OK)
			fail_msg("%s: %s", cases[i].arg, err);
		assert_string_equal(o.title, "t");
		if (!strstr(warnings->str, cases[i].says) || lines(warnings->str) != 1 ||
		    strncmp(warnings->str, "command line: ", 14))
			fail_msg("%s: warned '%s'", cases[i].arg, warnings->str);

		ini = g_strconcat(cases[i].ini, "[win]\ntitle=f\n", NULL);
		assert_int_equal(load_ini(&o, ini, NULL, &err, &p), LGV_CONFIG_OK);
		assert_string_equal(o.title, "f");
		if (!strstr(warnings->str, cases[i].says) || lines(warnings->str) != 1 ||
		    strncmp(warnings->str, p, strlen(p)))
			fail_msg("%s: warned '%s'", cases[i].ini, warnings->str);
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
		{{"spice:enable"}, "spice:enable: lgview has no [spice] options yet"},
		{{"-s"}, "spice:enable: lgview has no [spice] options yet"},
		{{"-c", "win:title=host"}, "spice:host: lgview has no [spice] options yet"},
		{{"-p5900"}, "spice:port: lgview has no [spice] options yet"},
		{{"-G"}, "input:grabKeyboard: lgview does not have this Looking Glass option"},
		{{"-a"}, "win:autoResize: lgview does not have this Looking Glass option"},
	};
	struct lgv_options o = {0};
	char *err = NULL;

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		const char *const *a = cases[i].args;
		const char *args[] = {a[0], a[1] ? a[1] : "win:title=t",
				      a[1] ? "win:title=t" : NULL, NULL};
		if (load(&o, args, &err) != LGV_CONFIG_OK)
			fail_msg("%s: %s", a[0], err);
		assert_string_equal(o.title, "t"); /* -c took its argument, nothing more */
		if (!strstr(warnings->str, cases[i].says) || lines(warnings->str) != 1)
			fail_msg("%s: warned '%s'", a[0], warnings->str);
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
		assert_int_equal(load(&o, ARGS(cases[i].arg), &err), LGV_CONFIG_ERROR);
		for (size_t k = 0; k < 2 && cases[i].cli_says[k]; k++)
			if (!strstr(err, cases[i].cli_says[k]))
				fail_msg("%s: '%s' lacks '%s'", cases[i].arg, err,
					 cases[i].cli_says[k]);
		g_clear_pointer(&err, g_free);
		assert_int_equal(load_ini(&o, cases[i].ini, NULL, &err, &p), LGV_CONFIG_OK);
		if (!strstr(warnings->str, cases[i].file_says) || lines(warnings->str) != 1)
			fail_msg("%s: warned '%s'", cases[i].ini, warnings->str);
		g_free(p);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(flags); i++) {
		assert_int_equal(load(&o, flags[i].args, &err), LGV_CONFIG_ERROR);
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
		if (load(&o, ARGS(arg), &err) != LGV_CONFIG_OK)
			fail_msg("%s: %s", arg, err);
		if (!strstr(warnings->str, name) || !strstr(warnings->str, "; ignored"))
			fail_msg("%s: warned '%s'", arg, warnings->str);
		g_free(arg);
		g_free(name);
	}
	lgv_options_finish(&o);
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
		p = write_file(pass ? "longbad.ini" : "long.ini", s->str, s->len);
		if (pass)
			break;
		assert_int_equal(load_with(&o, NULL, p, NULL, &err), LGV_CONFIG_OK);
		assert_int_equal(strlen(o.title), 200 * 1024);
		g_free(p);
	}
	expect_file_error(p, NULL, "win:rotate");
	assert_int_equal(load_with(&o, NULL, p, NULL, &err), LGV_CONFIG_ERROR);
	assert_true(strlen(err) < 512);
	g_free(err);
	g_free(p);

	/* Over 1 MiB is refused before parsing. */
	g_string_set_size(s, (1 << 20) + 1);
	memset(s->str, '#', s->len);
	p = write_file("huge.ini", s->str, s->len);
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
		p = write_file("garbage.ini", s->str, s->len);
		enum lgv_config_result r = load_with(&o, NULL, p, NULL, &err);
		assert_true(r == LGV_CONFIG_OK || (r == LGV_CONFIG_ERROR && err));
		lgv_options_finish(&o);
		g_clear_pointer(&err, g_free);
		g_free(p);
	}
	g_rand_free(rng);
	g_string_free(s, TRUE);
}

static void test_help(void **state)
{
	struct lgv_options o = {0}, d = {0};
	char *err = NULL, *help = lgv_config_help();
	size_t count;
	const struct lgv_option_def *t = lgv_config_table(&count);
	int saved = dup(STDOUT_FILENO), null = open("/dev/null", O_WRONLY);

	fflush(stdout);
	dup2(null, STDOUT_FILENO);
	enum lgv_config_result r1 = load(&o, ARGS("--help"), &err);
	enum lgv_config_result r2 = load(&o, ARGS("win:title=x", "-h"), &err);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	close(null);
	assert_int_equal(r1, LGV_CONFIG_EXIT_OK);
	assert_int_equal(r2, LGV_CONFIG_EXIT_OK);
	assert_null(err);

	/* Every option has a block "  section:key..." with its default on it. */
	assert_int_equal(load(&d, NULL, &err), LGV_CONFIG_OK);
	for (size_t i = 0; i < count; i++) {
		char *name = g_strdup_printf("\n  %s:%s", t[i].section, t[i].key);
		char *at = strstr(help, name);
		while (at && at[strlen(name)] != ',' && at[strlen(name)] != '\n')
			at = strstr(at + 1, name);
		if (!at)
			fail_msg("help lacks %s", name + 3);
		const char *end = at; /* up to the next line "  x", past the indented ones */
		while ((end = strstr(end + 1, "\n  ")) && end[3] == ' ')
			;
		char *block = g_strndup(at, end ? (size_t)(end - at) : strlen(at));
		char *def = lgv_config_value_string(&d, name + 3);
		const char *want = *def ? def : t[i].def ? "default: \"\"" : "default: none";
		if (!strstr(block, "default: ") || !strstr(block, want))
			fail_msg("help for %s lacks its default '%s':%s", name + 3, want, block);
		if (t[i].short_flag) {
			char flag[5] = {',', ' ', '-', t[i].short_flag};
			assert_non_null(strstr(block, flag));
		}
		g_free(def);
		g_free(block);
		g_free(name);
	}
	lgv_options_finish(&d);
	g_free(help);
}

static void test_finish_and_lookup(void **state)
{
	struct lgv_options o = {0};
	char *err = NULL;
	int w, h;

	assert_int_equal(load(&o, ARGS("win:title=t", "win:display=1", "app:timestamps=/tmp/ts"),
			      &err),
			 LGV_CONFIG_OK);
	lgv_options_finish(&o);
	assert_null(o.title);
	assert_null(o.shm_file);
	assert_null(o.timestamps_file);
	lgv_options_finish(&o); /* twice is fine */
	assert_null(lgv_config_value_string(&o, "win:nope"));
	assert_null(lgv_config_value_string(&o, "nope:title"));
	assert_null(lgv_config_value_string(&o, "title"));
	assert_true(lgv_config_parse_size("1920x1080", &w, &h));
	assert_int_equal(w * 10000 + h, 19201080);
	assert_false(lgv_config_parse_size("1920x", &w, &h));
	assert_false(lgv_config_parse_size("16385x1", &w, &h));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_layering),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_toggles_and_flags),
		cmocka_unit_test(test_bad_command_line),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_file_syntax),
		cmocka_unit_test(test_unknown_in_file),
		cmocka_unit_test(test_looking_glass_options),
		cmocka_unit_test(test_looking_glass_flags),
		cmocka_unit_test(test_not_looking_glass),
		cmocka_unit_test(test_foreign_table),
		cmocka_unit_test(test_hostile_files),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_finish_and_lookup),
	};
	int r;

	tmp = g_dir_make_tmp("lgview-config-XXXXXX", NULL);
	assert_non_null(tmp);
	g_setenv("XDG_CONFIG_HOME", tmp, TRUE); /* before GLib caches it */
	warnings = g_string_new(NULL);
	g_log_set_handler("lgview-config", G_LOG_LEVEL_WARNING, on_log, NULL);
	r = cmocka_run_group_tests(tests, NULL, NULL);

	char *xdg = g_build_filename(tmp, "lgview", "lgview.ini", NULL);
	g_remove(xdg); /* left behind if test_layering failed half-way */
	*strrchr(xdg, '/') = 0;
	g_rmdir(xdg);
	g_free(xdg);
	GDir *dir = g_dir_open(tmp, 0, NULL);
	for (const char *n; dir && (n = g_dir_read_name(dir));) {
		char *p = g_build_filename(tmp, n, NULL);
		g_remove(p);
		g_free(p);
	}
	if (dir)
		g_dir_close(dir);
	g_rmdir(tmp);
	g_free(tmp);
	g_string_free(warnings, TRUE);
	return r;
}
