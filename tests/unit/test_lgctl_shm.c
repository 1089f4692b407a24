/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `lgctl shm prepare` and the shm checks, under a temp root. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cmd.h"
#include "shm_prep.h"

#define MIB (UINT64_C(1) << 20)

static char *tmp;
static char group[64]; /* our own primary group: exists everywhere */

static int setup(void **state)
{
	tmp = g_dir_make_tmp("lgctl-shm-XXXXXX", NULL);
	assert_non_null(tmp);
	char *shm = g_build_filename(tmp, "dev", "shm", NULL);
	g_mkdir_with_parents(shm, 0755);
	g_free(shm);
	struct group *gr = getgrgid(getgid());
	assert_non_null(gr);
	g_strlcpy(group, gr->gr_name, sizeof(group));
	return 0;
}

static int teardown(void **state)
{
	char *argv[] = {"rm", "-rf", tmp, NULL};
	g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
	g_free(tmp);
	return 0;
}

/* Runs `lgctl shm prepare --root TMP --group GROUP` + args (NULL-terminated). */
static int run(const char *first, ...)
{
	GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(argv, g_strdup("shm"));
	g_ptr_array_add(argv, g_strdup("prepare"));
	g_ptr_array_add(argv, g_strdup_printf("--root=%s", tmp));
	g_ptr_array_add(argv, g_strdup_printf("--group=%s", group));
	va_list ap;
	va_start(ap, first);
	for (const char *a = first; a; a = va_arg(ap, const char *))
		g_ptr_array_add(argv, g_strdup(a));
	va_end(ap);
	g_ptr_array_add(argv, NULL);
	/* GOption rearranges argv: parse a copy. */
	char **copy = g_memdup2(argv->pdata, argv->len * sizeof(char *));
	int rc = lgctl_cmd_shm((int)argv->len - 1, copy);
	g_free(copy);
	g_ptr_array_unref(argv);
	return rc;
}

static struct stat stat_rel(const char *rel)
{
	struct stat st;
	char *path = g_build_filename(tmp, rel, NULL);
	assert_int_equal(stat(path, &st), 0);
	g_free(path);
	return st;
}

static void test_sizes(void **state)
{
	static const struct {
		const char *args[3];
		uint64_t mib;
	} cases[] = {
		{{NULL}, 32},
		{{"--for=2560x1440", NULL}, 64},
		{{"--for=2560x1440", "--hdr", NULL}, 128},
		{{"--for=3840x2160", NULL}, 128},
		{{"--size=auto", "--for=1920x1200", NULL}, 32},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct lgctl_shm_opts o;
		lgctl_shm_opts_init(&o);
		for (const char *const *a = cases[i].args; *a; a++) {
			if (!strcmp(*a, "--hdr"))
				o.hdr = true;
			else if (!strncmp(*a, "--for=", 6))
				sscanf(*a + 6, "%ux%u", &o.width, &o.height);
		}
		assert_int_equal(lgctl_shm_size(&o), cases[i].mib * MIB);
	}
}

static void test_prepare_creates_and_grows(void **state)
{
	assert_int_equal(run("--mode=0640", NULL), 0);
	struct stat st = stat_rel("dev/shm/looking-glass");
	assert_int_equal(st.st_size, 32 * MIB);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(st.st_gid, getgid());

	/* Grows, and fixes the mode of an existing file. */
	assert_int_equal(run("--for=2560x1440", NULL), 0);
	st = stat_rel("dev/shm/looking-glass");
	assert_int_equal(st.st_size, 64 * MIB);
	assert_int_equal(st.st_mode & 07777, 0660);

	/* Never shrinks. */
	assert_int_equal(run("--size=16", NULL), 0);
	assert_int_equal(stat_rel("dev/shm/looking-glass").st_size, 64 * MIB);

	assert_int_equal(run("--size=8", "--path=/dev/shm/other", NULL), 0);
	assert_int_equal(stat_rel("dev/shm/other").st_size, 8 * MIB);
}

static void test_check(void **state)
{
	struct lgctl_ctx ctx;
	struct lgctl_shm_opts o;
	lgctl_ctx_init(&ctx, tmp, NULL, false);
	lgctl_shm_opts_init(&o);
	o.group = group;
	assert_false(lgctl_shm_check(&ctx, &o)); /* missing */
	assert_int_equal(run(NULL), 0);
	assert_true(lgctl_shm_check(&ctx, &o));
	o.height = 1440;
	o.width = 2560;
	assert_false(lgctl_shm_check(&ctx, &o)); /* too small */
	o.width = 1920;
	o.height = 1080;
	o.mode = 0600;
	assert_false(lgctl_shm_check(&ctx, &o)); /* wrong mode */
}

static void test_bad_arguments(void **state)
{
	assert_int_equal(run("--size=lots", NULL), 2);
	assert_int_equal(run("--for=1920", NULL), 2);
	assert_int_equal(run("--for=0x1080", NULL), 2);
	assert_int_equal(run("--mode=999", NULL), 2);
	assert_int_equal(run("--path=relative", NULL), 2);
	assert_int_equal(run("--group=no-such-group-lgctl", NULL), 1);
	char *argv[] = {"shm", "resize", NULL};
	assert_int_equal(lgctl_cmd_shm(2, argv), 2);
}

static void test_dry_run(void **state)
{
	assert_int_equal(run("--dry-run", NULL), 0);
	char *path = g_build_filename(tmp, "dev/shm/looking-glass", NULL);
	assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
	g_free(path);
}

static void test_kvmfr_device(void **state)
{
	/* No module, no node. */
	assert_int_equal(run("--path=/dev/kvmfr0", NULL), 1);
	char *module = g_build_filename(tmp, "sys/module/kvmfr/parameters", NULL);
	g_mkdir_with_parents(module, 0755);
	g_free(module);
	/* Loaded, but without a size for kvmfr0: it made no device. */
	char *param = g_build_filename(tmp, "sys/module/kvmfr/parameters/static_size_mb", NULL);
	assert_true(g_file_set_contents(param, "\n", -1, NULL));
	/* A plain file where the node should be (QEMU made it). */
	char *node = g_build_filename(tmp, "dev/kvmfr0", NULL);
	assert_true(g_file_set_contents(node, "", 0, NULL));
	assert_int_equal(run("--path=/dev/kvmfr0", NULL), 1);
	/* A character device with the wrong mode, then the right group and mode. */
	g_unlink(node);
	assert_int_equal(symlink("/dev/null", node), 0);
	struct stat st;
	assert_int_equal(stat("/dev/null", &st), 0);
	assert_int_equal(run("--path=/dev/kvmfr0", "--mode=0600", NULL), 1);
	struct group *gr = getgrgid(st.st_gid);
	assert_non_null(gr);
	g_strlcpy(group, gr->gr_name, sizeof(group));
	char mode[16];
	snprintf(mode, sizeof(mode), "--mode=%04o", (unsigned)(st.st_mode & 07777));
	assert_int_equal(run("--path=/dev/kvmfr0", mode, NULL), 1); /* no static_size_mb */
	assert_true(g_file_set_contents(param, "16\n", -1, NULL));
	assert_int_equal(run("--path=/dev/kvmfr0", mode, NULL), 1); /* 16 MiB: too small */
	assert_true(g_file_set_contents(param, "32\n", -1, NULL));
	assert_int_equal(run("--path=/dev/kvmfr0", mode, NULL), 0);
	g_free(param);
	g_free(node);
}

static void test_confinement_lines(void **state)
{
	struct lgctl_ctx ctx;
	lgctl_ctx_init(&ctx, tmp, NULL, false);
	assert_true(lgctl_shm_check_confinement(&ctx, "/dev/shm/looking-glass")); /* no AppArmor */
	assert_false(lgctl_shm_check_confinement(&ctx, "/dev/kvmfr0")); /* no qemu.conf entry */
	char *dir = g_build_filename(tmp, "sys/module/apparmor", NULL);
	g_mkdir_with_parents(dir, 0755);
	g_free(dir);
	assert_false(lgctl_shm_check_confinement(&ctx, "/dev/shm/looking-glass"));
	dir = g_build_filename(tmp, "etc/apparmor.d/local/abstractions", NULL);
	g_mkdir_with_parents(dir, 0755);
	char *file = g_build_filename(dir, "libvirt-qemu", NULL);
	assert_true(g_file_set_contents(file, "/dev/shm/looking-glass rw,\n", -1, NULL));
	assert_true(lgctl_shm_check_confinement(&ctx, "/dev/shm/looking-glass"));
	g_free(file);
	g_free(dir);

	/* SELinux enforcing, file without an svirt label: the labelling lines. */
	dir = g_build_filename(tmp, "sys/fs/selinux", NULL);
	g_mkdir_with_parents(dir, 0755);
	file = g_build_filename(dir, "enforce", NULL);
	assert_true(g_file_set_contents(file, "1\n", -1, NULL));
	assert_false(lgctl_shm_check_confinement(&ctx, "/dev/shm/looking-glass"));
	assert_true(g_file_set_contents(file, "0\n", -1, NULL)); /* permissive */
	assert_true(lgctl_shm_check_confinement(&ctx, "/dev/shm/looking-glass"));
	g_free(file);
	g_free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test_setup_teardown(test_prepare_creates_and_grows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_arguments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dry_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kvmfr_device, setup, teardown),
		cmocka_unit_test_setup_teardown(test_confinement_lines, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
