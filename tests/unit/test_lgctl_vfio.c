/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lgctl's PCI discovery, IOMMU group checks and vfio-pci binding with
 * rollback, on a fake sysfs tree in a temp dir. The write hook plays the
 * kernel: it applies each write to the tree (driver symlinks), and refuses
 * to bind the devices listed in `fail_bind`. `vfio status` without devices
 * lists the tree's GPUs, audio and USB controllers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cmd.h"
#include "iommu.h"
#include "pci.h"
#include "state.h"
#include "vfio.h"

void lgctl_capture_start(void);
char *lgctl_capture_stop(char **err);

static char *tmp;
static struct lgctl_ctx ctx;
static GString *writes;        /* "path=value\n" for each write, root stripped */
static const char *fail_bind;  /* address whose bind to vfio-pci "fails" */

static void put(const char *rel, const char *text)
{
	char *path = g_build_filename(tmp, rel, NULL);
	char *dir = g_path_get_dirname(path);
	g_mkdir_with_parents(dir, 0755);
	assert_true(g_file_set_contents(path, text, -1, NULL));
	g_free(dir);
	g_free(path);
}

/* rm -rf TMP/rel */
static void remove_rel(const char *rel)
{
	char *argv[] = {"rm", "-rf", NULL, NULL};
	argv[2] = g_build_filename(tmp, rel, NULL);
	g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
	g_free(argv[2]);
}

static void link_to(const char *rel, const char *target)
{
	char *path = g_build_filename(tmp, rel, NULL);
	unlink(path);
	if (target)
		assert_int_equal(symlink(target, path), 0);
	g_free(path);
}

static void set_driver(const char *addr, const char *driver)
{
	char rel[256], target[256];
	snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s/driver", addr);
	snprintf(target, sizeof(target), "../../drivers/%s", driver ? driver : "");
	link_to(rel, driver ? target : NULL);
}

static void add_driver(const char *name)
{
	char rel[256];
	snprintf(rel, sizeof(rel), "sys/bus/pci/drivers/%s/bind", name);
	put(rel, "");
	snprintf(rel, sizeof(rel), "sys/bus/pci/drivers/%s/unbind", name);
	put(rel, "");
}

static void add_dev(const char *addr, const char *id, const char *cls, const char *driver,
		    int group, bool boot_vga)
{
	char rel[256], target[256];
	snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s/vendor", addr);
	char vendor[8] = "0x", device[8] = "0x";
	memcpy(vendor + 2, id, 4);
	memcpy(device + 2, id + 5, 4);
	put(rel, vendor);
	snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s/device", addr);
	put(rel, device);
	snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s/class", addr);
	put(rel, cls);
	snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s/driver_override", addr);
	put(rel, "(null)\n");
	snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s/boot_vga", addr);
	put(rel, boot_vga ? "1\n" : "0\n");
	set_driver(addr, driver);
	snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s/iommu_group", addr);
	snprintf(target, sizeof(target), "../../../../kernel/iommu_groups/%d", group);
	link_to(rel, target);
	snprintf(rel, sizeof(rel), "sys/kernel/iommu_groups/%d/devices/%s", group, addr);
	put(rel, "");
}

static char *read_rel(const char *fmt, const char *addr)
{
	char rel[256];
	snprintf(rel, sizeof(rel), fmt, addr);
	char *path = g_build_filename(tmp, rel, NULL);
	char *line = lgctl_read_line(path);
	g_free(path);
	return line;
}

static const char *driver_of(const char *addr)
{
	static struct lgctl_pci dev;
	assert_true(lgctl_pci_read(&ctx, addr, &dev));
	return dev.driver[0] ? dev.driver : "";
}

/* The kernel's side of each write. */
static int fake_kernel(struct lgctl_ctx *c, const char *path, const char *value)
{
	int err = lgctl_write_file(c, path, value);
	if (err)
		return err;
	const char *rel = path + strlen(c->root);
	g_string_append_printf(writes, "%s=%s\n", rel, value);
	char drv[64];
	const char *op = strrchr(rel, '/');
	if (sscanf(rel, "/sys/bus/pci/drivers/%63[^/]/", drv) == 1 && !strcmp(op, "/unbind")) {
		set_driver(value, NULL);
	} else if (sscanf(rel, "/sys/bus/pci/drivers/%63[^/]/", drv) == 1 && !strcmp(op, "/bind")) {
		set_driver(value, drv);
	} else if (!strcmp(rel, "/sys/bus/pci/drivers_probe")) {
		char *ovr = read_rel("sys/bus/pci/devices/%s/driver_override", value);
		bool to_vfio = ovr && !strcmp(ovr, "vfio-pci");
		if (!(to_vfio && fail_bind && !strcmp(fail_bind, value)))
			/* Without an override the probe finds the device's native driver. */
			set_driver(value, to_vfio ? "vfio-pci" : "native");
		g_free(ovr);
	}
	return 0;
}

static int setup(void **state)
{
	tmp = g_dir_make_tmp("lgctl-vfio-XXXXXX", NULL);
	assert_non_null(tmp);
	put("sys/bus/pci/drivers_probe", "");
	add_driver("vfio-pci");
	add_driver("nvidia");
	add_driver("snd_hda_intel");
	add_driver("pcieport");
	add_driver("native");
	add_dev("0000:00:01.0", "8086:1901", "0x060400", "pcieport", 1, false);
	add_dev("0000:01:00.0", "10de:1b80", "0x030000", "nvidia", 1, false);
	add_dev("0000:01:00.1", "10de:10f0", "0x040300", "snd_hda_intel", 1, false);
	add_dev("0000:02:00.0", "1002:67df", "0x030000", "amdgpu", 2, true);
	add_dev("0000:03:00.0", "1b21:1242", "0x0c0330", NULL, 3, false);
	lgctl_ctx_init(&ctx, tmp, NULL, false);
	ctx.write = fake_kernel;
	writes = g_string_new("");
	fail_bind = NULL;
	return 0;
}

static int teardown(void **state)
{
	char *argv[] = {"rm", "-rf", tmp, NULL};
	g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
	g_free(tmp);
	g_string_free(writes, TRUE);
	return 0;
}

static GArray *find(const char *const *specs)
{
	GArray *devs = g_array_new(FALSE, TRUE, sizeof(struct lgctl_pci));
	for (; *specs; specs++)
		assert_true(lgctl_pci_find(&ctx, *specs, devs));
	return devs;
}

static void test_find_by_address_and_id(void **state)
{
	GArray *devs = g_array_new(FALSE, TRUE, sizeof(struct lgctl_pci));
	assert_true(lgctl_pci_find(&ctx, "01:00.0", devs));
	assert_true(lgctl_pci_find(&ctx, "10de:10f0", devs));
	assert_true(lgctl_pci_find(&ctx, "0000:01:00.0", devs)); /* no duplicate */
	assert_int_equal(devs->len, 2);
	struct lgctl_pci *gpu = &g_array_index(devs, struct lgctl_pci, 0);
	assert_string_equal(gpu->addr, "0000:01:00.0");
	assert_int_equal(gpu->vendor, 0x10de);
	assert_int_equal(gpu->device, 0x1b80);
	assert_int_equal(gpu->class, 0x030000);
	assert_string_equal(gpu->driver, "nvidia");
	assert_int_equal(gpu->iommu_group, 1);
	assert_string_equal(g_array_index(devs, struct lgctl_pci, 1).addr, "0000:01:00.1");
	assert_false(lgctl_pci_find(&ctx, "05:00.0", devs));
	assert_false(lgctl_pci_find(&ctx, "dead:beef", devs));
	assert_false(lgctl_pci_find(&ctx, "garbage", devs));
	assert_false(lgctl_pci_find(&ctx, "01:00.0x", devs));
	g_array_free(devs, TRUE);
}

static void test_group_needs_every_endpoint(void **state)
{
	GArray *devs = find((const char *[]){"01:00.0", NULL});
	assert_false(lgctl_iommu_check(&ctx, devs)); /* 01:00.1 has snd_hda_intel */
	g_array_free(devs, TRUE);
	devs = find((const char *[]){"01:00.0", "01:00.1", NULL});
	assert_true(lgctl_iommu_check(&ctx, devs)); /* the bridge 00:01.0 is fine */
	g_array_free(devs, TRUE);
	devs = find((const char *[]){"03:00.0", NULL});
	assert_true(lgctl_iommu_check(&ctx, devs));
	g_array_free(devs, TRUE);
}

static void test_no_iommu_group(void **state)
{
	link_to("sys/bus/pci/devices/0000:03:00.0/iommu_group", NULL);
	GArray *devs = find((const char *[]){"03:00.0", NULL});
	assert_int_equal(g_array_index(devs, struct lgctl_pci, 0).iommu_group, -1);
	assert_false(lgctl_iommu_check(&ctx, devs));
	assert_false(lgctl_vfio_bind(&ctx, devs));
	assert_string_equal(writes->str, "");
	g_array_free(devs, TRUE);
}

static void test_bind_then_unbind(void **state)
{
	GArray *devs = find((const char *[]){"01:00.0", "01:00.1", NULL});
	assert_true(lgctl_vfio_bind(&ctx, devs));
	assert_string_equal(driver_of("0000:01:00.0"), "vfio-pci");
	assert_string_equal(driver_of("0000:01:00.1"), "vfio-pci");
	/* The plan, in order, for the first device. */
	assert_non_null(strstr(writes->str,
			       "/sys/bus/pci/devices/0000:01:00.0/driver_override=vfio-pci\n"
			       "/sys/bus/pci/drivers/nvidia/unbind=0000:01:00.0\n"
			       "/sys/bus/pci/drivers_probe=0000:01:00.0\n"));
	char *orig = lgctl_state_get(&ctx, "0000:01:00.1");
	assert_string_equal(orig, "snd_hda_intel");
	g_free(orig);

	g_string_truncate(writes, 0);
	assert_true(lgctl_vfio_unbind(&ctx, devs));
	assert_string_equal(driver_of("0000:01:00.0"), "nvidia");
	assert_string_equal(driver_of("0000:01:00.1"), "snd_hda_intel");
	assert_non_null(strstr(writes->str,
			       "/sys/bus/pci/devices/0000:01:00.0/driver_override=\n\n"
			       "/sys/bus/pci/drivers/vfio-pci/unbind=0000:01:00.0\n"
			       "/sys/bus/pci/drivers/nvidia/bind=0000:01:00.0\n"));
	assert_null(lgctl_state_get(&ctx, "0000:01:00.0"));
	g_array_free(devs, TRUE);
}

static void test_failure_halfway_rolls_back(void **state)
{
	fail_bind = "0000:01:00.1";
	GArray *devs = find((const char *[]){"01:00.0", "01:00.1", NULL});
	assert_false(lgctl_vfio_bind(&ctx, devs));
	assert_string_equal(driver_of("0000:01:00.0"), "nvidia");
	assert_string_equal(driver_of("0000:01:00.1"), "snd_hda_intel");
	char *ovr = read_rel("sys/bus/pci/devices/%s/driver_override", "0000:01:00.0");
	assert_string_equal(ovr, ""); /* cleared, so a later probe picks nvidia again */
	g_free(ovr);
	assert_null(lgctl_state_get(&ctx, "0000:01:00.0"));
	g_array_free(devs, TRUE);
}

static void test_unbind_failure_rolls_back(void **state)
{
	GArray *devs = find((const char *[]){"01:00.0", "01:00.1", NULL});
	assert_true(lgctl_vfio_bind(&ctx, devs));
	/* The second device's original driver went away (module unloaded). */
	char *path = g_build_filename(tmp, "sys/bus/pci/drivers/snd_hda_intel/bind", NULL);
	g_unlink(path);
	g_free(path);
	assert_false(lgctl_vfio_unbind(&ctx, devs));
	assert_string_equal(driver_of("0000:01:00.0"), "vfio-pci");
	assert_string_equal(driver_of("0000:01:00.1"), "vfio-pci");
	g_array_free(devs, TRUE);
}

static void test_console_device_needs_force(void **state)
{
	GArray *devs = find((const char *[]){"1002:67df", NULL});
	assert_false(lgctl_vfio_bind(&ctx, devs));
	assert_string_equal(writes->str, "");
	assert_string_equal(driver_of("0000:02:00.0"), "amdgpu");
	add_driver("amdgpu");
	ctx.force = true;
	assert_true(lgctl_vfio_bind(&ctx, devs));
	assert_string_equal(driver_of("0000:02:00.0"), "vfio-pci");
	g_array_free(devs, TRUE);
}

static void test_dry_run_writes_nothing(void **state)
{
	lgctl_ctx_init(&ctx, tmp, NULL, true);
	GArray *devs = find((const char *[]){"01:00.0", "01:00.1", NULL});
	assert_true(lgctl_vfio_bind(&ctx, devs));
	assert_string_equal(driver_of("0000:01:00.0"), "nvidia");
	char *ovr = read_rel("sys/bus/pci/devices/%s/driver_override", "0000:01:00.0");
	assert_string_equal(ovr, "(null)");
	g_free(ovr);
	assert_null(lgctl_state_get(&ctx, "0000:01:00.0"));
	g_array_free(devs, TRUE);
}

static void test_no_vfio_driver(void **state)
{
	remove_rel("sys/bus/pci/drivers/vfio-pci");
	GArray *devs = find((const char *[]){"03:00.0", NULL});
	assert_false(lgctl_vfio_bind(&ctx, devs));
	g_array_free(devs, TRUE);
}

/* `lgctl vfio ARGS... --root TMP`: the exit status, stdout in *out (stderr in *err). */
static int vfio_cmd(const char *const *args, char **out, char **err)
{
	GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(argv, g_strdup("vfio"));
	for (; *args; args++)
		g_ptr_array_add(argv, g_strdup(*args));
	g_ptr_array_add(argv, g_strdup_printf("--root=%s", tmp));
	g_ptr_array_add(argv, NULL);
	/* GOption rearranges argv: parse a copy. */
	char **copy = g_memdup2(argv->pdata, argv->len * sizeof(char *));
	lgctl_capture_start();
	int rc = lgctl_cmd_vfio((int)argv->len - 1, copy);
	*out = lgctl_capture_stop(err);
	g_free(copy);
	g_ptr_array_unref(argv);
	return rc;
}

/* The printed table's rows, runs of spaces squeezed to one. */
static char **rows(const char *text)
{
	GRegex *spaces = g_regex_new(" +", 0, 0, NULL);
	char *squeezed = g_regex_replace_literal(spaces, text, -1, 0, " ", 0, NULL);
	char **lines = g_strsplit(g_strchomp(squeezed), "\n", -1);
	g_free(squeezed);
	g_regex_unref(spaces);
	return lines;
}

static void test_status_lists_candidates(void **state)
{
	put("sys/bus/pci/devices/0000:01:00.0/reset_method", "flr bus\n");
	put("sys/bus/pci/devices/0000:02:00.0/reset_method", "\n"); /* none left */
	link_to("sys/bus/pci/devices/0000:03:00.0/iommu_group", NULL);
	char *out, *err;
	assert_int_equal(vfio_cmd((const char *[]){"status", NULL}, &out, &err), 0);
	char **lines = rows(out);
	/* Sorted by address; the bridge 00:01.0 is not a candidate. */
	const char *want[] = {
		"ADDRESS ID CLASS IOMMU GROUP DRIVER RESET",
		"0000:01:00.0 10de:1b80 GPU (VGA) 1 nvidia flr bus",
		"0000:01:00.1 10de:10f0 HD audio 1 snd_hda_intel unknown",
		"0000:02:00.0 1002:67df GPU (VGA) 2 amdgpu unknown",
		"0000:03:00.0 1b21:1242 USB 3 controller (xHCI) none none unknown",
	};
	assert_int_equal(g_strv_length(lines), G_N_ELEMENTS(want));
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
		assert_string_equal(lines[i], want[i]);
	assert_string_equal(err, "");
	g_strfreev(lines);
	g_free(out);
	g_free(err);

	/* Naming devices keeps the one line each of before. */
	assert_int_equal(vfio_cmd((const char *[]){"status", "01:00.1", NULL}, &out, &err), 0);
	assert_string_equal(out, "0000:01:00.1 [10de:10f0] class 040300 driver snd_hda_intel "
			    "iommu_group 1\n");
	g_free(out);
	g_free(err);
	/* bind and unbind still need devices. */
	assert_int_equal(vfio_cmd((const char *[]){"bind", NULL}, &out, &err), 2);
	g_free(out);
	g_free(err);

	/* With the IOMMU off no device has a group, and the list says why. */
	remove_rel("sys/kernel/iommu_groups");
	const char *addrs[] = {"0000:00:01.0", "0000:01:00.0", "0000:01:00.1", "0000:02:00.0"};
	for (size_t i = 0; i < G_N_ELEMENTS(addrs); i++) {
		char rel[128];
		snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s/iommu_group", addrs[i]);
		link_to(rel, NULL);
	}
	assert_int_equal(vfio_cmd((const char *[]){"status", NULL}, &out, &err), 0);
	lines = rows(out);
	assert_string_equal(lines[1], "0000:01:00.0 10de:1b80 GPU (VGA) none: IOMMU off nvidia "
			    "flr bus");
	assert_string_equal(lines[4], "0000:03:00.0 1b21:1242 USB 3 controller (xHCI) none: IOMMU "
			    "off none unknown");
	g_strfreev(lines);
	g_free(out);
	g_free(err);
}

static void test_status_without_candidates(void **state)
{
	remove_rel("sys/bus/pci/devices");
	char *out, *err;
	assert_int_equal(vfio_cmd((const char *[]){"status", NULL}, &out, &err), 1);
	assert_string_equal(out, "");
	assert_non_null(strstr(err, "no GPU, HD audio or USB controller in "));
	assert_non_null(strstr(err, "/sys/bus/pci/devices"));
	g_free(out);
	g_free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_find_by_address_and_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_group_needs_every_endpoint, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_iommu_group, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bind_then_unbind, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure_halfway_rolls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unbind_failure_rolls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_console_device_needs_force, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dry_run_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_vfio_driver, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_lists_candidates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_without_candidates, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
