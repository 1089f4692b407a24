/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lgctl doctor: the domain XML checks, table-driven over tests/data/lgctl
 * (good.xml has no problem; PROBLEM.xml has exactly the problem PROBLEM),
 * the host checks on a temp root, the passes printed next to the problems,
 * the shared-memory and kvmfr checks, and the exit status of the command.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <grp.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cmd.h"
#include "doctor.h"
#include "shm_check.h"

void lgctl_capture_start(void);
char *lgctl_capture_stop(char **err);

static const char *const problems[] = {
	"shmem-missing", "shmem-too-small", "shmem-not-pow2", "shmem-model", "spice-missing",
	"spicevmc-missing", "sound-not-ich9", "audio-not-spice", "hyperv-vendor-id",
	"kvm-hidden", "memballoon", "xml-invalid",
};

static char *data_path(const char *name)
{
	return g_strdup_printf("%s/%s.xml", LGCTL_TEST_DATA, name);
}

static GPtrArray *check_file(const char *name, uint32_t w, uint32_t h, bool hdr)
{
	char *path = data_path(name), *xml = NULL, *shm = NULL;
	size_t len;
	assert_true(g_file_get_contents(path, &xml, &len, NULL));
	GPtrArray *findings = lgctl_findings_new();
	lgctl_doctor_xml(xml, len, w, h, hdr, findings, &shm);
	g_free(shm);
	g_free(xml);
	g_free(path);
	return findings;
}

static void test_good_xml(void **state)
{
	GPtrArray *f = check_file("good", 1920, 1080, false);
	lgctl_findings_print(f);
	assert_int_equal(lgctl_findings_problems(f), 0);
	assert_true(lgctl_finding_passed(f, "shmem"));
	assert_true(lgctl_finding_passed(f, "spice-missing"));
	g_ptr_array_unref(f);
	/* 32 MiB is too small for 1440p. */
	f = check_file("good", 2560, 1440, false);
	assert_int_equal(lgctl_findings_problems(f), 1);
	assert_false(lgctl_finding_passed(f, "shmem"));
	assert_true(lgctl_finding_has(f, "shmem-too-small"));
	g_ptr_array_unref(f);
}

static void test_each_problem(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(problems); i++) {
		GPtrArray *f = check_file(problems[i], 1920, 1080, false);
		print_message("%s\n", problems[i]);
		lgctl_findings_print(f);
		assert_true(lgctl_finding_has(f, problems[i]));
		if (strcmp(problems[i], "xml-invalid"))
			assert_int_equal(lgctl_findings_problems(f), 1);
		for (guint j = 0; j < f->len; j++) {
			const struct lgctl_finding *x = f->pdata[j];
			assert_true(x->what[0] && (x->ok ? !x->fix : x->fix[0]));
		}
		g_ptr_array_unref(f);
	}
}

static void test_shm_path_and_units(void **state)
{
	static const struct {
		const char *size;
		bool ok;
	} sizes[] = {
		{"<size unit='M'>32</size>", true}, {"<size unit='MiB'>32</size>", true},
		{"<size unit='KiB'>32768</size>", true}, {"<size>33554432</size>", true},
		{"<size unit='G'>1</size>", true}, {"<size unit='MB'>32</size>", false},
		{"<size unit='parsecs'>32</size>", false},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
		char *xml = g_strdup_printf("<domain><devices><shmem name='lg'><model "
					    "type='ivshmem-plain'/>%s</shmem></devices></domain>",
					    sizes[i].size);
		GPtrArray *f = lgctl_findings_new();
		char *shm = NULL;
		lgctl_doctor_xml(xml, strlen(xml), 1920, 1080, false, f, &shm);
		assert_string_equal(shm, "/dev/shm/lg");
		assert_int_equal(lgctl_finding_has(f, "shmem-too-small") ||
				 lgctl_finding_has(f, "shmem-not-pow2"), !sizes[i].ok);
		g_free(shm);
		g_free(xml);
		g_ptr_array_unref(f);
	}
	/* kvmfr through qemu:commandline: no <shmem> needed. */
	const char *kvmfr = "<domain xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>"
			    "<qemu:commandline><qemu:arg value='-object'/><qemu:arg value='memory-"
			    "backend-file,id=lg,mem-path=/dev/kvmfr0,size=32M,share=yes'/>"
			    "</qemu:commandline></domain>";
	GPtrArray *f = lgctl_findings_new();
	char *shm = NULL;
	lgctl_doctor_xml(kvmfr, strlen(kvmfr), 1920, 1080, false, f, &shm);
	assert_string_equal(shm, "/dev/kvmfr0");
	assert_false(lgctl_finding_has(f, "shmem-missing"));
	g_free(shm);
	g_ptr_array_unref(f);
}

static char *root;           /* a temp dir playing /, per test */
static struct lgctl_ctx ctx; /* looking under it */

static void put(const char *rel, const char *text)
{
	char *path = g_build_filename(root, rel, NULL);
	char *dir = g_path_get_dirname(path);
	g_mkdir_with_parents(dir, 0755);
	assert_true(g_file_set_contents(path, text, -1, NULL));
	g_free(dir);
	g_free(path);
}

static int setup(void **state)
{
	root = g_dir_make_tmp("lgctl-doctor-XXXXXX", NULL);
	if (!root)
		return -1;
	lgctl_ctx_init(&ctx, root, NULL, false);
	return 0;
}

/* A host under root that passes every host check. */
static void good_host(void)
{
	put("proc/cmdline", "root=/dev/sda1 intel_iommu=on iommu=pt\n");
	put("proc/cpuinfo", "vendor_id\t: GenuineIntel\n");
	put("sys/kernel/iommu_groups/0/devices/0000:00:00.0", "");
	put("sys/module/kvm/refcnt", "1");
	put("sys/module/kvm_intel/refcnt", "0");
	put("sys/module/vfio/refcnt", "0");
	put("sys/module/vfio_pci/refcnt", "0");
}

/* rm -rf ROOT/rel */
static void rm_rf(const char *rel)
{
	char *argv[] = {"rm", "-rf", NULL, NULL};
	argv[2] = g_build_filename(root, rel, NULL);
	g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
	g_free(argv[2]);
}

static int teardown(void **state)
{
	rm_rf("");
	g_free(root);
	return 0;
}

static void test_host(void **state)
{
	put("proc/cmdline", "BOOT_IMAGE=/vmlinuz root=/dev/sda1 quiet\n");
	put("proc/cpuinfo", "vendor_id\t: GenuineIntel\n");
	GPtrArray *f = lgctl_findings_new();
	lgctl_doctor_host(&ctx, f);
	assert_true(lgctl_finding_has(f, "iommu-cmdline"));
	assert_true(lgctl_finding_has(f, "module-kvm"));
	assert_true(lgctl_finding_has(f, "module-vfio"));
	g_ptr_array_unref(f);

	put("proc/cmdline", "root=/dev/sda1 intel_iommu=on iommu=pt\n");
	f = lgctl_findings_new();
	lgctl_doctor_host(&ctx, f);
	assert_true(lgctl_finding_has(f, "iommu-off")); /* asked for, but no groups: firmware */
	g_ptr_array_unref(f);

	good_host();
	f = lgctl_findings_new();
	lgctl_doctor_host(&ctx, f);
	lgctl_findings_print(f);
	assert_int_equal(lgctl_findings_problems(f), 0);
	g_ptr_array_unref(f);

	/* The command: host + XML + shm file; exit status 1, then 0 once the shm is ready. */
	char *xml = data_path("good");
	char *root_opt = g_strdup_printf("--root=%s", root);
	char *xml_opt = g_strdup_printf("--xml=%s", xml);
	char *argv1[] = {"doctor", root_opt, xml_opt, "--group=root", NULL};
	assert_int_equal(lgctl_cmd_doctor(4, argv1), 1); /* /dev/shm/looking-glass missing */
	char *argv2[] = {"shm", "prepare", root_opt, "--group=root", NULL};
	char *shm_dir = g_build_filename(root, "dev/shm", NULL);
	g_mkdir_with_parents(shm_dir, 0755);
	g_free(shm_dir);
	assert_int_equal(lgctl_cmd_shm(4, argv2), 0);
	char *argv3[] = {"doctor", root_opt, xml_opt, "--group=root", NULL};
	assert_int_equal(lgctl_cmd_doctor(4, argv3), 0);
	char *bad = data_path("memballoon");
	char *bad_opt = g_strdup_printf("--xml=%s", bad);
	char *argv4[] = {"doctor", "--no-host", bad_opt, NULL};
	assert_int_equal(lgctl_cmd_doctor(3, argv4), 1);
	char *argv5[] = {"doctor", "--for=wide", NULL};
	assert_int_equal(lgctl_cmd_doctor(2, argv5), 2);

	g_free(bad_opt);
	g_free(bad);
	g_free(xml_opt);
	g_free(root_opt);
	g_free(xml);
}

/* The doctor says what passed, not only what failed. */
static void test_passes_printed(void **state)
{
	good_host();
	GPtrArray *f = lgctl_findings_new();
	lgctl_doctor_host(&ctx, f);
	assert_true(lgctl_finding_passed(f, "iommu"));
	assert_true(lgctl_finding_passed(f, "module-kvm"));
	assert_true(lgctl_finding_passed(f, "module-vfio"));
	lgctl_capture_start();
	lgctl_findings_print(f);
	char *out = lgctl_capture_stop(NULL);
	assert_string_equal(out, "ok: IOMMU enabled (intel_iommu=on)\n"
			    "ok: kvm and kvm_intel loaded\n"
			    "ok: vfio and vfio_pci loaded\n"
			    "all is well (3 checks passed)\n");
	g_free(out);
	g_ptr_array_unref(f);

	/* One failure among the passes: both are shown, in the order checked. */
	rm_rf("sys/module/vfio_pci");
	put("proc/cmdline", "root=/dev/sda1\n"); /* groups without the option */
	f = lgctl_findings_new();
	lgctl_doctor_host(&ctx, f);
	lgctl_capture_start();
	lgctl_findings_print(f);
	out = lgctl_capture_stop(NULL);
	assert_true(g_str_has_prefix(out, "ok: IOMMU enabled (groups present, on by default)\n"
				     "ok: kvm and kvm_intel loaded\n"
				     "PROBLEM [module-vfio] "));
	assert_true(g_str_has_suffix(out, "\n1 problem found, 2 checks passed\n"));
	g_free(out);
	g_ptr_array_unref(f);
}

static char group_name[64]; /* our own primary group: exists everywhere */

static GPtrArray *inspect(const char *path, const char *group, mode_t mode)
{
	struct lgctl_shm_opts o;
	lgctl_shm_opts_init(&o);
	o.path = path;
	o.group = group;
	o.mode = mode;
	GPtrArray *f = lgctl_findings_new();
	lgctl_shm_inspect(&ctx, &o, f);
	lgctl_findings_print(f);
	return f;
}

/* The fix of the problem `id` (which must be there). */
static const char *fix_of(GPtrArray *f, const char *id)
{
	for (guint i = 0; i < f->len; i++) {
		const struct lgctl_finding *x = f->pdata[i];
		if (!x->ok && !strcmp(x->id, id))
			return x->fix;
	}
	fail_msg("no problem %s", id);
	return NULL;
}

/* A /dev/shm file: exists, owner, group, mode, access for the user, size. */
static void test_shm_file(void **state)
{
	struct group *gr = getgrgid(getgid());
	assert_non_null(gr);
	g_strlcpy(group_name, gr->gr_name, sizeof(group_name));
	const char *shm = lgctl_default_shm(&ctx);
	assert_string_equal(shm, "/dev/shm/looking-glass"); /* no kvmfr here */

	GPtrArray *f = inspect(shm, group_name, 0660);
	assert_true(lgctl_finding_passed(f, "kvmfr")); /* not in use: nothing to fix */
	assert_non_null(strstr(fix_of(f, "shm-missing"), "lgctl shm prepare --for 1920x1080"));
	assert_non_null(strstr(fix_of(f, "shm-missing"), "QEMU creates it"));
	assert_int_equal(lgctl_findings_problems(f), 1);
	g_ptr_array_unref(f);

	put("dev/shm/looking-glass", "");
	char *file = g_build_filename(root, "dev/shm/looking-glass", NULL);
	assert_int_equal(truncate(file, 32 << 20), 0);
	assert_int_equal(chown(file, (uid_t)-1, getgid()), 0);
	assert_int_equal(chmod(file, 0660), 0);
	f = inspect(shm, group_name, 0660);
	assert_int_equal(lgctl_findings_problems(f), 0);
	assert_true(lgctl_finding_passed(f, "shm-exists"));
	assert_true(lgctl_finding_passed(f, "shm-owner"));
	assert_true(lgctl_finding_passed(f, "shm-access"));
	assert_true(lgctl_finding_passed(f, "shm-size"));
	g_ptr_array_unref(f);

	assert_int_equal(truncate(file, 16 << 20), 0);
	f = inspect(shm, group_name, 0660);
	assert_non_null(strstr(fix_of(f, "shm-too-small"), "make it 32 MiB"));
	assert_int_equal(lgctl_findings_problems(f), 1);
	g_ptr_array_unref(f);
	assert_int_equal(truncate(file, 32 << 20), 0);

	/* Not readable by the user: as root under sudo, the user who ran it (nobody here). */
	g_setenv("SUDO_UID", "65534", TRUE);
	assert_int_equal(chmod(file, 0), 0);
	f = inspect(shm, group_name, 0);
	assert_true(lgctl_finding_has(f, "shm-access"));
	assert_int_equal(lgctl_findings_problems(f), 1);
	g_ptr_array_unref(f);
	assert_int_equal(chmod(file, 0666), 0); /* everyone's */
	f = inspect(shm, group_name, 0660);
	assert_true(lgctl_finding_passed(f, "shm-access"));
	assert_true(lgctl_finding_has(f, "shm-mode"));
	assert_non_null(strstr(fix_of(f, "shm-mode"), "chmod 0660"));
	g_ptr_array_unref(f);
	g_unsetenv("SUDO_UID");

	f = inspect(shm, "no-such-group-lgctl", 0666);
	assert_true(lgctl_finding_has(f, "shm-group"));
	g_ptr_array_unref(f);
	g_unlink(file);
	g_mkdir(file, 0755);
	f = inspect(shm, group_name, 0660);
	assert_true(lgctl_finding_has(f, "shm-not-file"));
	g_ptr_array_unref(f);
	g_free(file);
}

/* kvmfr: the module, its static_size_mb and the node (a character device). */
static void test_kvmfr(void **state)
{
	struct stat null_st;
	assert_int_equal(stat("/dev/null", &null_st), 0);
	struct group *gr = getgrgid(null_st.st_gid);
	assert_non_null(gr);
	g_strlcpy(group_name, gr->gr_name, sizeof(group_name));
	mode_t null_mode = null_st.st_mode & 07777;

	GPtrArray *f = inspect("/dev/kvmfr0", group_name, null_mode);
	assert_true(lgctl_finding_has(f, "kvmfr-module"));
	assert_true(lgctl_finding_has(f, "shm-missing"));
	g_ptr_array_unref(f);

	/* Loaded without a size: no device. The default is the kvmfr node now. */
	put("sys/module/kvmfr/parameters/static_size_mb", "\n");
	assert_string_equal(lgctl_default_shm(&ctx), "/dev/kvmfr0");
	f = inspect("/dev/kvmfr0", group_name, null_mode);
	assert_true(lgctl_finding_passed(f, "kvmfr-module"));
	assert_non_null(strstr(fix_of(f, "kvmfr-size"), "static_size_mb=32"));
	assert_true(lgctl_finding_has(f, "shm-missing"));
	g_ptr_array_unref(f);

	/* A plain file where the node belongs: QEMU made it. */
	put("sys/module/kvmfr/parameters/static_size_mb", "64,32\n");
	put("dev/kvmfr0", "");
	f = inspect("/dev/kvmfr0", group_name, null_mode);
	assert_true(lgctl_finding_passed(f, "kvmfr-size"));
	assert_true(lgctl_finding_has(f, "kvmfr-not-device"));
	assert_int_equal(lgctl_findings_problems(f), 1);
	g_ptr_array_unref(f);

	/* A character device (udev may make a symlink), 64 MiB: all is well. */
	char *node = g_build_filename(root, "dev/kvmfr0", NULL);
	g_unlink(node);
	assert_int_equal(symlink("/dev/null", node), 0);
	f = inspect("/dev/kvmfr0", group_name, null_mode);
	assert_int_equal(lgctl_findings_problems(f), 0);
	assert_true(lgctl_finding_passed(f, "shm-exists"));
	assert_true(lgctl_finding_passed(f, "shm-size"));
	g_ptr_array_unref(f);
	f = inspect("/dev/kvmfr0", group_name, 0600); /* udev gave another mode */
	assert_non_null(strstr(fix_of(f, "shm-mode"), "99-kvmfr.rules"));
	g_ptr_array_unref(f);

	/* Too small for the frames, and a device the module was not asked for. */
	put("sys/module/kvmfr/parameters/static_size_mb", "16\n");
	f = inspect("/dev/kvmfr0", group_name, null_mode);
	assert_non_null(strstr(fix_of(f, "shm-too-small"), "static_size_mb=32"));
	g_ptr_array_unref(f);
	f = inspect("/dev/kvmfr2", group_name, null_mode);
	assert_non_null(strstr(fix_of(f, "kvmfr-size"), "static_size_mb=16,32,32"));
	g_ptr_array_unref(f);
	g_free(node);
}

/* `lgctl doctor` checks the shared memory (--shm, else the default) and
 * fails only for a problem. */
static void test_command_shm(void **state)
{
	good_host();
	struct group *gr = getgrgid(getgid());
	assert_non_null(gr);
	char *root_opt = g_strdup_printf("--root=%s", root);
	char *group_opt = g_strdup_printf("--group=%s", gr->gr_name);
	char *argv1[] = {"doctor", root_opt, "--shm=/dev/shm/lg-doctor", group_opt, NULL};
	lgctl_capture_start();
	assert_int_equal(lgctl_cmd_doctor(4, argv1), 1);
	char *out = lgctl_capture_stop(NULL);
	assert_non_null(strstr(out, "ok: IOMMU enabled (intel_iommu=on)\n"));
	assert_non_null(strstr(out, "PROBLEM [shm-missing] the shared-memory file is missing\n"));
	assert_non_null(strstr(out, "lgctl shm prepare --for 1920x1080 --path /dev/shm/lg-doctor"));
	g_free(out);

	char *file = g_build_filename(root, "dev/shm/lg-doctor", NULL);
	put("dev/shm/lg-doctor", "");
	assert_int_equal(truncate(file, 32 << 20), 0);
	assert_int_equal(chown(file, (uid_t)-1, getgid()), 0);
	assert_int_equal(chmod(file, 0660), 0);
	char *argv2[] = {"doctor", root_opt, "--shm=/dev/shm/lg-doctor", group_opt, NULL};
	lgctl_capture_start();
	assert_int_equal(lgctl_cmd_doctor(4, argv2), 0);
	out = lgctl_capture_stop(NULL);
	assert_non_null(strstr(out, "/dev/shm/lg-doctor exists (a file)\n"));
	assert_non_null(strstr(out, "can read and write "));
	assert_true(g_str_has_suffix(out, "all is well (8 checks passed)\n"));
	g_free(out);

	/* With kvmfr loaded, the default is its node. */
	put("sys/module/kvmfr/parameters/static_size_mb", "32\n");
	char *argv3[] = {"doctor", root_opt, group_opt, NULL};
	lgctl_capture_start();
	assert_int_equal(lgctl_cmd_doctor(3, argv3), 1);
	out = lgctl_capture_stop(NULL);
	assert_non_null(strstr(out, "ok: kvmfr module loaded\n"));
	assert_non_null(strstr(out, "PROBLEM [shm-missing] the kvmfr device node is missing\n"));
	g_free(out);
	char *argv4[] = {"doctor", "--shm=relative", NULL};
	assert_int_equal(lgctl_cmd_doctor(2, argv4), 2);
	g_free(file);
	g_free(group_opt);
	g_free(root_opt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_xml),
		cmocka_unit_test(test_each_problem),
		cmocka_unit_test(test_shm_path_and_units),
		cmocka_unit_test_setup_teardown(test_host, setup, teardown),
		cmocka_unit_test_setup_teardown(test_passes_printed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shm_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kvmfr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_command_shm, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
