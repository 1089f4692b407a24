// SPDX-License-Identifier: GPL-2.0-or-later
/* lgctl's VM profiles, the libvirt hook's decisions, `lgctl up` against
 * libvirt's test driver on a fake root, and device reset on a fake sysfs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "pci.h"
#include "profile.h"
#include "reset.h"

static char *tmp;

static void put(const char *rel, const char *text)
{
	char *path = g_build_filename(tmp, rel, NULL);
	char *dir = g_path_get_dirname(path);
	g_mkdir_with_parents(dir, 0755);
	assert_true(g_file_set_contents(path, text, -1, NULL));
	g_free(dir);
	g_free(path);
}

static int setup(void **state)
{
	(void)state;
	tmp = g_dir_make_tmp("lgctl-profile-XXXXXX", NULL);
	return tmp ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char *cmd = g_strdup_printf("rm -rf '%s'", tmp);
	assert_int_equal(system(cmd), 0);
	g_free(cmd);
	g_free(tmp);
	return 0;
}

static char *profiles(void)
{
	return g_build_filename(tmp, "vms", NULL);
}

static void test_load(void **state)
{
	(void)state;
	put("vms/win11.ini", "[vm]\nuri=test:///default\ndevices=0000:01:00.0;10de:1aef\n"
			     "reset=true\nwait=5\n[shm]\npath=/dev/shm/lg-win11\nsize=64\n"
			     "group=libvirt-qemu\nmode=0640\n[lgview]\noptions=-F;win:display=1\n");
	char *dir = profiles(), *err = NULL;
	struct lgctl_profile p;
	assert_true(lgctl_profile_load(dir, "win11", &p, &err));
	assert_string_equal(p.uri, "test:///default");
	assert_int_equal(g_strv_length(p.devices), 2);
	assert_string_equal(p.devices[1], "10de:1aef");
	assert_true(p.reset);
	assert_int_equal(p.wait_s, 5);
	assert_string_equal(p.shm.path, "/dev/shm/lg-win11");
	assert_int_equal(p.shm.size, 64u << 20);
	assert_string_equal(p.shm.group, "libvirt-qemu");
	assert_int_equal(p.shm.mode, 0640);
	assert_string_equal(p.lgview, "lgview");
	assert_string_equal(p.lgview_options[0], "-F");
	assert_string_equal(p.lgview_options[1], "win:display=1");
	lgctl_profile_finish(&p);

	/* Defaults from an almost empty profile. */
	put("vms/min.ini", "[vm]\n");
	assert_true(lgctl_profile_load(dir, "min", &p, &err));
	assert_null(p.uri);
	assert_int_equal(g_strv_length(p.devices), 0);
	assert_int_equal(p.wait_s, 30);
	assert_string_equal(p.shm.path, "/dev/shm/looking-glass");
	assert_int_equal(p.shm.mode, 0660);
	lgctl_profile_finish(&p);
	g_free(dir);
}

static void test_bad_profiles(void **state)
{
	(void)state;
	static const struct {
		const char *text, *want;
	} cases[] = {
		{"[shm]\nsize=lots\n", "shm:size"},
		{"[shm]\nsize=0\n", "shm:size"},
		{"[shm]\nmode=rw\n", "shm:mode"},
		{"[shm]\nmode=01777\n", "shm:mode"},
		{"[shm]\nfor=big\n", "shm:for"},
		{"[shm]\npath=relative\n", "shm:path"},
		{"[vm]\nwait=-1\n", "vm:wait"},
		{"[vm\nbroken", "bad.ini"},
	};
	char *dir = profiles();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
		put("vms/bad.ini", cases[i].text);
		struct lgctl_profile p;
		char *err = NULL;
		assert_false(lgctl_profile_load(dir, "bad", &p, &err));
		if (!strstr(err, cases[i].want))
			fail_msg("case %zu: '%s' lacks '%s'", i, err, cases[i].want);
		g_free(err);
	}
	struct lgctl_profile p;
	char *err = NULL;
	assert_false(lgctl_profile_load(dir, "../etc/passwd", &p, &err));
	g_free(err);
	assert_false(lgctl_profile_load(dir, "none-such", &p, &err));
	assert_non_null(strstr(err, "none-such.ini"));
	g_free(err);
	g_free(dir);
}

static void test_hook_actions(void **state)
{
	(void)state;
	assert_int_equal(lgctl_hook_action("prepare"), LGCTL_HOOK_BIND);
	assert_int_equal(lgctl_hook_action("release"), LGCTL_HOOK_UNBIND);
	assert_int_equal(lgctl_hook_action("start"), LGCTL_HOOK_NONE);
	assert_int_equal(lgctl_hook_action("started"), LGCTL_HOOK_NONE);
	assert_int_equal(lgctl_hook_action("stopped"), LGCTL_HOOK_NONE);
	assert_int_equal(lgctl_hook_action(NULL), LGCTL_HOOK_NONE);
}

static int run(int (*cmd)(int, char **), const char *const *args)
{
	/* The option parser reorders argv: free the strings from a copy. */
	char **strings = g_strdupv((char **)args);
	guint n = g_strv_length(strings);
	char **argv = g_memdup2(strings, (n + 1) * sizeof(char *));
	int rc = cmd((int)n, argv);
	g_free(argv);
	g_strfreev(strings);
	return rc;
}

/* The hook on a VM without devices: prepare makes its shared memory; a VM
 * without a profile is left alone; unknown operations do nothing. */
static void test_hook(void **state)
{
	(void)state;
	put("vms/test.ini", "[shm]\npath=/dev/shm/lg-hook\nsize=16\ngroup=root\n");
	put("dev/shm/.keep", "");
	char *dir = profiles();
	const char *prepare[] = {"hook", "test", "prepare", "begin", "-", "--root", tmp,
				 "--profiles", dir, NULL};
	assert_int_equal(run(lgctl_cmd_hook, prepare), 0);
	char *shm = g_build_filename(tmp, "dev/shm/lg-hook", NULL);
	struct stat st;
	assert_int_equal(stat(shm, &st), 0);
	assert_int_equal(st.st_size, 16 << 20);
	const char *other[] = {"hook", "not-ours", "prepare", "begin", "-", "--root", tmp,
			       "--profiles", dir, NULL};
	assert_int_equal(run(lgctl_cmd_hook, other), 0);
	const char *started[] = {"hook", "test", "started", "begin", "-", "--root", tmp,
				 "--profiles", dir, NULL};
	assert_int_equal(run(lgctl_cmd_hook, started), 0);
	const char *release[] = {"hook", "test", "release", "end", "-", "--root", tmp,
				 "--profiles", dir, NULL};
	assert_int_equal(run(lgctl_cmd_hook, release), 0);
	g_free(shm);
	g_free(dir);
}

/* up on libvirt's test driver: shared memory prepared, VM started. */
static void test_up_no_viewer(void **state)
{
	(void)state;
#ifdef LGCTL_HAVE_LIBVIRT
	put("vms/test.ini", "[vm]\nuri=test:///default\nwait=0\n"
			    "[shm]\npath=/dev/shm/lg-up\nsize=16\ngroup=root\n");
	put("dev/shm/.keep", "");
	char *dir = profiles();
	const char *up[] = {"up", "test", "--no-viewer", "--root", tmp, "--profiles", dir, NULL};
	assert_int_equal(run(lgctl_cmd_up, up), 0);
	char *shm = g_build_filename(tmp, "dev/shm/lg-up", NULL);
	assert_true(g_file_test(shm, G_FILE_TEST_EXISTS));
	g_free(shm);
	/* A VM libvirt does not know: up fails and says so. */
	put("vms/ghost.ini", "[vm]\nuri=test:///default\nwait=0\n[shm]\npath=/dev/shm/lg-g\n"
			     "size=16\ngroup=root\n");
	const char *ghost[] = {"up", "ghost", "--no-viewer", "--root", tmp, "--profiles", dir,
			       NULL};
	assert_int_equal(run(lgctl_cmd_up, ghost), 1);
	g_free(dir);
#else
	skip();
#endif
}

static GString *writes;

static int record(struct lgctl_ctx *ctx, const char *path, const char *value)
{
	g_string_append_printf(writes, "%s=%s\n", path + strlen(ctx->root), value);
	return 0;
}

static void add_gpu(const char *addr, bool with_reset)
{
	char rel[256];
	const char *files[][2] = {{"vendor", "0x1002\n"}, {"device", "0x731f\n"},
				  {"class", "0x030000\n"}, {"boot_vga", "0\n"}};
	for (size_t i = 0; i < 4; ++i) {
		snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s/%s", addr, files[i][0]);
		put(rel, files[i][1]);
	}
	if (with_reset) {
		snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s/reset", addr);
		put(rel, "");
		snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s/reset_method", addr);
		put(rel, "flr bus\n");
	}
}

static void test_reset(void **state)
{
	(void)state;
	struct lgctl_ctx ctx;
	lgctl_ctx_init(&ctx, tmp, NULL, false);
	ctx.write = record;
	writes = g_string_new(NULL);
	add_gpu("0000:0a:00.0", true);
	add_gpu("0000:0b:00.0", false);
	add_gpu("0000:0b:00.1", false);
	struct lgctl_pci dev;

	/* The kernel's method when there is one. */
	assert_true(lgctl_pci_read(&ctx, "0000:0a:00.0", &dev));
	assert_true(lgctl_reset(&ctx, &dev, false, 5));
	assert_string_equal(writes->str, "/sys/bus/pci/devices/0000:0a:00.0/reset=1\n");

	/* None: refused unless the suspend cycle is asked for... */
	g_string_truncate(writes, 0);
	assert_true(lgctl_pci_read(&ctx, "0000:0b:00.0", &dev));
	assert_false(lgctl_reset(&ctx, &dev, false, 5));
	assert_string_equal(writes->str, "");
	/* ...which removes every function of the slot, sleeps, rescans. */
	assert_true(lgctl_reset(&ctx, &dev, true, 7));
	const char *want[] = {"/sys/bus/pci/devices/0000:0b:00.", "/sys/bus/pci/devices/0000:0b:00.",
			      "/sys/class/rtc/rtc0/wakealarm=0\n",
			      "/sys/class/rtc/rtc0/wakealarm=+7\n", "/sys/power/state=mem\n",
			      "/sys/bus/pci/rescan=1\n"};
	const char *p = writes->str;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); ++i) {
		if (strncmp(p, want[i], strlen(want[i])))
			fail_msg("write %zu: got '%s', want '%s'", i, p, want[i]);
		p = strchr(p, '\n') + 1;
	}
	assert_string_equal(p, "");
	g_string_free(writes, TRUE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_load, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_profiles, setup, teardown),
		cmocka_unit_test(test_hook_actions),
		cmocka_unit_test_setup_teardown(test_hook, setup, teardown),
		cmocka_unit_test_setup_teardown(test_up_no_viewer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
