/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lgctl doctor: the domain XML checks, table-driven over tests/data/lgctl
 * (good.xml has no finding; PROBLEM.xml has exactly the finding PROBLEM),
 * the host checks on a temp root, and the exit status of the command.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include <glib.h>

#include "cmd.h"
#include "doctor.h"

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
	assert_int_equal(f->len, 0);
	g_ptr_array_unref(f);
	/* 32 MiB is too small for 1440p. */
	f = check_file("good", 2560, 1440, false);
	assert_int_equal(f->len, 1);
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
			assert_int_equal(f->len, 1);
		for (guint j = 0; j < f->len; j++) {
			const struct lgctl_finding *x = f->pdata[j];
			assert_true(x->what[0] && x->fix[0]);
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

static void put(const char *root, const char *rel, const char *text)
{
	char *path = g_build_filename(root, rel, NULL);
	char *dir = g_path_get_dirname(path);
	g_mkdir_with_parents(dir, 0755);
	assert_true(g_file_set_contents(path, text, -1, NULL));
	g_free(dir);
	g_free(path);
}

static void test_host(void **state)
{
	char *root = g_dir_make_tmp("lgctl-doctor-XXXXXX", NULL);
	struct lgctl_ctx ctx;
	lgctl_ctx_init(&ctx, root, NULL, false);
	put(root, "proc/cmdline", "BOOT_IMAGE=/vmlinuz root=/dev/sda1 quiet\n");
	put(root, "proc/cpuinfo", "vendor_id\t: GenuineIntel\n");
	GPtrArray *f = lgctl_findings_new();
	lgctl_doctor_host(&ctx, f);
	assert_true(lgctl_finding_has(f, "iommu-cmdline"));
	assert_true(lgctl_finding_has(f, "module-kvm"));
	assert_true(lgctl_finding_has(f, "module-vfio"));
	g_ptr_array_unref(f);

	put(root, "proc/cmdline", "root=/dev/sda1 intel_iommu=on iommu=pt\n");
	f = lgctl_findings_new();
	lgctl_doctor_host(&ctx, f);
	assert_true(lgctl_finding_has(f, "iommu-off")); /* asked for, but no groups: firmware */
	g_ptr_array_unref(f);

	put(root, "sys/kernel/iommu_groups/0/devices/0000:00:00.0", "");
	put(root, "sys/module/kvm/refcnt", "1");
	put(root, "sys/module/kvm_intel/refcnt", "0");
	put(root, "sys/module/vfio/refcnt", "0");
	put(root, "sys/module/vfio_pci/refcnt", "0");
	f = lgctl_findings_new();
	lgctl_doctor_host(&ctx, f);
	lgctl_findings_print(f);
	assert_int_equal(f->len, 0);
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

	char *rm[] = {"rm", "-rf", root, NULL};
	g_spawn_sync(NULL, rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
	g_free(bad_opt);
	g_free(bad);
	g_free(xml_opt);
	g_free(root_opt);
	g_free(xml);
	g_free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_xml),
		cmocka_unit_test(test_each_problem),
		cmocka_unit_test(test_shm_path_and_units),
		cmocka_unit_test(test_host),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
