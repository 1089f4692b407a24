/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lgview's configuration layer: every option's default, layering of files
 * and the command line, every type, flags, help and lookups. */
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
		{"win:glInterface", "auto"},
		{"win:fpsMin", "-1"}, {"win:noScreensaver", "no"}, {"win:autoScreensaver", "no"},
		{"win:rotate", "0"}, {"win:showFPS", "no"}, {"egl:vsync", "no"}, {"egl:scale", "0"},
		{"egl:scalePointer", "yes"}, {"egl:mapHDRtoSDR", "yes"},
		{"egl:peakLuminance", "250"}, {"egl:maxCLL", "10000"}, {"input:escapeKey", "70"},
		{"input:hideCursor", "yes"}, {"input:grabKeyboard", "yes"},
		{"input:releaseKeysOnFocusLoss", "yes"}, {"input:mouseSens", "0"},
		{"input:rawMouse", "yes"}, {"input:grabKeyboardOnFocus", "no"},
		{"input:ignoreWindowsKeys", "no"}, {"input:captureOnly", "no"},
		{"input:helpMenuDelay", "200"}, {"input:autoCapture", "no"},
		{"input:mouseSmoothing", "yes"},
		{"spice:enable", "yes"}, {"spice:host", "127.0.0.1"}, {"spice:port", "5900"},
		{"spice:tlsPort", "0"}, {"spice:caFile", ""}, {"spice:password", ""},
		{"spice:passwordFile", ""}, {"spice:input", "yes"}, {"spice:captureOnStart", "no"},
		{"spice:alwaysShowCursor", "no"}, {"spice:showCursorDot", "yes"},
		{"spice:clipboard", "yes"}, {"spice:clipboardToVM", "yes"},
		{"spice:clipboardToLocal", "yes"}, {"spice:clipboardMaxSize", "64"},
		{"spice:audio", "yes"}, {"audio:periodSize", "256"}, {"audio:bufferLatency", "12"},
		{"audio:latency", "0"}, {"audio:syncVolume", "yes"}, {"audio:micDefault", "prompt"},
		{"audio:micShowIndicator", "yes"}, {"audio:keepAlive", "10000"},
		{"audio:opus", "no"}, {"audio:driftCorrection", "yes"},
		{"pipewire:outDevice", ""}, {"pipewire:recDevice", ""},
		{"app:shmFile", NULL /* shm_default() */},
	};
	struct lgv_options o = {0};
	size_t count;
	const struct lgv_option_def *t = lgv_config_table(&count);

	assert_int_equal(cfg_load(&o, NULL, NULL), LGV_CONFIG_OK);
	assert_int_equal(count, G_N_ELEMENTS(want));
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
		cfg_assert_value(&o, want[i][0], want[i][1] ? want[i][1] : shm_default());

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
	assert_true(o.grab_keyboard);
	assert_true(o.release_keys_on_focus_loss);
	assert_int_equal(o.mouse_sens, 0);
	assert_true(o.spice_enable);
	assert_string_equal(o.spice_host, "127.0.0.1");
	assert_int_equal(o.spice_port, 5900);
	assert_int_equal(o.spice_tls_port, 0);
	assert_null(o.spice_ca_file);
	assert_null(o.spice_password);
	assert_null(o.spice_password_file);
	assert_true(o.spice_input);
	assert_false(o.capture_on_start);
	assert_true(o.raw_mouse);
	assert_false(o.grab_keyboard_on_focus);
	assert_false(o.ignore_windows_keys);
	assert_false(o.capture_only);
	assert_int_equal(o.help_menu_delay_ms, 200);
	assert_false(o.auto_capture);
	assert_true(o.mouse_smoothing);
	assert_false(o.always_show_cursor);
	assert_true(o.show_cursor_dot);
	assert_true(o.clipboard);
	assert_true(o.clipboard_to_vm);
	assert_true(o.clipboard_to_local);
	assert_int_equal(o.clipboard_max_mib, 64);
	assert_true(o.spice_audio);
	assert_int_equal(o.audio_period, 256);
	assert_int_equal(o.audio_buffer_ms, 12);
	assert_int_equal(o.audio_latency_ms, 0);
	assert_true(o.audio_sync_volume);
	assert_string_equal(o.audio_mic, "prompt");
	assert_true(o.audio_mic_indicator);
	assert_int_equal(o.audio_keep_alive_ms, 10000);
	assert_false(o.audio_opus);
	assert_true(o.audio_drift);
	assert_string_equal(o.pw_out_device, "");
	assert_string_equal(o.pw_rec_device, "");
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
	char *sys = cfg_write_text("sys.ini", "[win]\ntitle=sys\nrotate=90\nfullScreen=yes\n"
					  "[egl]\nscale=1\n[app]\ndemoFps=10\n");
	char *user = cfg_write_text("user.ini", "[win]\ntitle=user\nrotate=180\n[app]\ndemoFps=20\n");
	char *extra = cfg_write_text("extra.ini", "[win]\ntitle=extra\n[app]\ndemoFps=30\n");
	struct lgv_options o = {0};
	char *err = NULL;

	assert_int_equal(cfg_load_with(&o, sys, user, ARGS("-C", extra), &err), LGV_CONFIG_OK);
	assert_string_equal(o.title, "extra");
	assert_int_equal(o.rotate, 180);
	assert_int_equal(o.filter, 1);
	assert_int_equal(o.demo_fps, 30);
	assert_true(o.fullscreen);

	/* The command line wins over every file, and toggles what the files left. */
	assert_int_equal(cfg_load_with(&o, sys, user,
				   ARGS("win:title=cli", "--config", extra, "win:fullScreen",
					"egl:scale=2"),
				   &err),
			 LGV_CONFIG_OK);
	assert_string_equal(o.title, "cli");
	assert_false(o.fullscreen);
	assert_int_equal(o.filter, 2);
	assert_int_equal(o.demo_fps, 30);

	/* The default user location, $XDG_CONFIG_HOME/lgview/lgview.ini (set in main). */
	char *dir = g_build_filename(cfg_tmp, "lgview", NULL);
	g_mkdir(dir, 0700);
	char *xdg = cfg_write_text("lgview/lgview.ini", "[win]\ntitle=xdg\n");
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
		if (cfg_load(&o, ARGS(cases[i].arg), &err) != LGV_CONFIG_OK)
			fail_msg("%s: %s", cases[i].arg, err);
		cfg_assert_value(&o, cases[i].key, cases[i].want);
		lgv_options_finish(&o);
	}
	assert_int_equal(cfg_load(&o, ARGS("win:size=800x600", "win:position=5x7"), &err),
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

	assert_int_equal(cfg_load(&o, ARGS("win:fullScreen"), &err), LGV_CONFIG_OK);
	assert_true(o.fullscreen);
	assert_int_equal(cfg_load(&o, ARGS("win:fullScreen", "win:fullScreen"), &err), LGV_CONFIG_OK);
	assert_false(o.fullscreen);
	assert_int_equal(cfg_load(&o, ARGS("win:keepAspect"), &err), LGV_CONFIG_OK);
	assert_false(o.keep_aspect);
	assert_int_equal(cfg_load(&o, ARGS("-F", "-d", "-K", "60", "-f", "/tmp/x", "-n", "-r", "-T",
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
	assert_int_equal(cfg_load(&o, ARGS("-F", "-F", "-K30", "--demo", "--demo"), &err),
			 LGV_CONFIG_OK);
	assert_false(o.fullscreen);
	assert_int_equal(o.fps_min, 30);
	assert_true(o.demo); /* --demo sets, it does not toggle */
	lgv_options_finish(&o);
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
	enum lgv_config_result r1 = cfg_load(&o, ARGS("--help"), &err);
	enum lgv_config_result r2 = cfg_load(&o, ARGS("win:title=x", "-h"), &err);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	close(null);
	assert_int_equal(r1, LGV_CONFIG_EXIT_OK);
	assert_int_equal(r2, LGV_CONFIG_EXIT_OK);
	assert_null(err);

	/* Every option has a block "  section:key..." with its default on it. */
	assert_int_equal(cfg_load(&d, NULL, &err), LGV_CONFIG_OK);
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

/* The man pages and completions are made from these: every option in each,
 * with its flags, kind, default and values. */
static void test_help_formats(void **state)
{
	size_t count;
	const struct lgv_option_def *t = lgv_config_table(&count);
	struct lgv_options d = {0};
	enum lgv_help_format f;
	char *err = NULL;
	char *list = lgv_config_help_format(LGV_HELP_LIST);
	char *scd = lgv_config_help_format(LGV_HELP_SCDOC);
	char *ini = lgv_config_help_format(LGV_HELP_SCDOC_INI);
	char **lines = g_strsplit(list, "\n", -1);

	assert_true(lgv_help_format_parse("scdoc-ini", &f));
	assert_int_equal(f, LGV_HELP_SCDOC_INI);
	assert_false(lgv_help_format_parse("man", &f));
	assert_false(lgv_help_format_parse(NULL, &f));
	assert_int_equal(cfg_load(&d, NULL, &err), LGV_CONFIG_OK);
	assert_int_equal(g_strv_length(lines), count + 1); /* and the empty tail */
	for (size_t i = 0; i < count; i++) {
		char **fl = g_strsplit(lines[i], "\t", -1);
		char *name = g_strdup_printf("%s:%s", t[i].section, t[i].key);
		char *entry = g_strdup_printf("*%s:%s*=_", t[i].section, t[i].key);
		char *key = g_strdup_printf("\n*%s*=_", t[i].key);
		char *def = lgv_config_value_string(&d, name);

		assert_int_equal(g_strv_length(fl), 7);
		assert_string_equal(fl[0], name);
		for (int k = 0; k < 7; k++)
			assert_true(fl[k][0]); /* "-" stands for none */
		if (t[i].short_flag)
			assert_true(fl[1][0] == '-' && fl[1][1] == t[i].short_flag);
		if (t[i].long_flag)
			assert_string_equal(fl[2] + 2, t[i].long_flag);
		if (t[i].type == LGV_OPT_BOOL) {
			assert_string_equal(fl[3], "bool");
			assert_string_equal(fl[6], "yes no");
		} else if (t[i].type == LGV_OPT_CHOICE) {
			assert_string_equal(fl[3], "choice");
			assert_non_null(strstr(fl[6], t[i].choices[0]));
		}
		/* The default as a file would hold it (the first path of a list). */
		if (*def && t[i].type != LGV_OPT_CONFIG_FILE && !(t[i].flags & LGV_OPT_F_FIRST_EXISTING))
			assert_string_equal(fl[5], def);
		if (!strstr(scd, entry))
			fail_msg("scdoc lacks %s", entry);
		if (t[i].type != LGV_OPT_CONFIG_FILE && !strstr(ini, key))
			fail_msg("scdoc-ini lacks %s", key);
		g_free(def);
		g_free(key);
		g_free(entry);
		g_free(name);
		g_strfreev(fl);
	}
	assert_int_equal(cfg_load(&d, ARGS("--help-format", "bogus"), &err), LGV_CONFIG_ERROR);
	assert_non_null(strstr(err, "bogus"));
	g_free(err);
	err = NULL;
	assert_int_equal(cfg_load(&d, ARGS("--help-format"), &err), LGV_CONFIG_ERROR);
	g_free(err);
	lgv_options_finish(&d);
	g_strfreev(lines);
	g_free(ini);
	g_free(scd);
	g_free(list);
}

static void test_finish_and_lookup(void **state)
{
	struct lgv_options o = {0};
	char *err = NULL;
	int w, h;

	assert_int_equal(cfg_load(&o, ARGS("win:title=t", "win:display=1", "app:timestamps=/tmp/ts"),
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

/* docs/lgview.ini.example (installed) names every option in its section,
 * and as a file it loads cleanly to the defaults. */
static void test_example_file(void **state)
{
	(void)state;
	char *text = NULL;
	assert_true(g_file_get_contents(LGVIEW_EXAMPLE_INI, &text, NULL, NULL));
	size_t count;
	const struct lgv_option_def *t = lgv_config_table(&count);
	for (size_t i = 0; i < count; i++) {
		if (t[i].type == LGV_OPT_CONFIG_FILE)
			continue; /* command line only */
		bool found = false;
		char section[64] = "";
		char **lines = g_strsplit(text, "\n", -1);
		for (char **l = lines; *l && !found; l++) {
			const char *k = *l[0] == ';' ? *l + 1 : *l;
			if (**l == '[')
				g_strlcpy(section, *l, sizeof(section));
			else if (g_str_has_prefix(k, t[i].key) && g_str_has_prefix(k + strlen(t[i].key), " ="))
				found = section[0] && !strncmp(section + 1, t[i].section,
							       strlen(t[i].section)) &&
					section[1 + strlen(t[i].section)] == ']';
		}
		g_strfreev(lines);
		if (!found)
			fail_msg("docs/lgview.ini.example lacks %s:%s", t[i].section, t[i].key);
	}
	g_free(text);
	struct lgv_options o = {0};
	char *err = NULL;
	assert_int_equal(cfg_load_with(&o, NULL, LGVIEW_EXAMPLE_INI, NULL, &err), LGV_CONFIG_OK);
	assert_string_equal(cfg_warnings->str, "");
	cfg_assert_value(&o, "spice:port", "5900");
	cfg_assert_value(&o, "input:grabKeyboard", "yes");
	lgv_options_finish(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_layering),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_toggles_and_flags),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_help_formats),
		cmocka_unit_test(test_finish_and_lookup),
		cmocka_unit_test(test_example_file),
	};
	return CFG_RUN(tests);
}
