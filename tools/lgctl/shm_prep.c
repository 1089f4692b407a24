/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Creating the /dev/shm file or checking the kvmfr node, and what QEMU's confinement needs. */
#define G_LOG_DOMAIN "lgctl"
#include "shm_prep.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <glib.h>

#include "kvmfr/region.h"
#include "shm_check.h"

#define MIB (UINT64_C(1) << 20)

void lgctl_shm_opts_init(struct lgctl_shm_opts *o)
{
	*o = (struct lgctl_shm_opts){
		.path = LGCTL_SHM_DEFAULT_PATH, .width = 1920, .height = 1080,
		.group = "kvm", .mode = 0660,
	};
}

uint64_t lgctl_shm_size(const struct lgctl_shm_opts *o)
{
	return o->size ? o->size : kvmfr_recommended_size(o->width, o->height, o->hdr);
}

static bool file_contains(const struct lgctl_ctx *ctx, const char *rel, const char *needle)
{
	char *path = lgctl_path(ctx, "%s", rel);
	char *text = NULL;
	bool found = g_file_get_contents(path, &text, NULL, NULL) && strstr(text, needle);
	g_free(text);
	g_free(path);
	return found;
}

/* Under an enforcing SELinux policy, QEMU (svirt) may only open the region
 * when it carries an svirt label. */
static bool selinux_ok(const struct lgctl_ctx *ctx, const char *path)
{
	char *enforce_path = lgctl_path(ctx, "/sys/fs/selinux/enforce");
	char *enforce = lgctl_read_line(enforce_path);
	g_free(enforce_path);
	bool enforcing = enforce && !strcmp(enforce, "1");
	g_free(enforce);
	if (!enforcing)
		return true;
	char *file = lgctl_path(ctx, "%s", path);
	char label[256] = "";
	ssize_t n = getxattr(file, "security.selinux", label, sizeof(label) - 1);
	g_free(file);
	if (n > 0 && strstr(label, "svirt"))
		return true;
	bool device = kvmfr_is_device_name(path);
	g_print("SELinux: label %s for QEMU (svirt), then check with `ls -Z %s`:\n"
		"  semanage fcontext -a -t %s '%s'\n  restorecon -v %s\n",
		path, path, device ? "svirt_image_t" : "svirt_tmpfs_t",
		device ? "/dev/kvmfr[0-9]+" : path, path);
	return false;
}

bool lgctl_shm_check_confinement(const struct lgctl_ctx *ctx, const char *path)
{
	bool ok = true;
	char *apparmor = lgctl_path(ctx, "/sys/module/apparmor");
	if (lgctl_exists(apparmor) &&
	    !file_contains(ctx, "/etc/apparmor.d/local/abstractions/libvirt-qemu", path)) {
		g_print("AppArmor: add this line to /etc/apparmor.d/local/abstractions/libvirt-qemu, "
			"then `systemctl reload apparmor`:\n  %s rw,\n", path);
		ok = false;
	}
	g_free(apparmor);
	if (!selinux_ok(ctx, path))
		ok = false;
	if (kvmfr_is_device_name(path) && !file_contains(ctx, "/etc/libvirt/qemu.conf", path)) {
		g_print("libvirt: add %s to cgroup_device_acl in /etc/libvirt/qemu.conf (keep the "
			"defaults), then `systemctl restart libvirtd`:\n"
			"  cgroup_device_acl = [\n    \"/dev/null\", \"/dev/full\", \"/dev/zero\",\n"
			"    \"/dev/random\", \"/dev/urandom\", \"/dev/ptmx\", \"/dev/kvm\",\n"
			"    \"/dev/userfaultfd\", \"%s\"\n  ]\n", path, path);
		ok = false;
	}
	return ok;
}

const char *lgctl_default_shm(const struct lgctl_ctx *ctx)
{
	char *node = lgctl_path(ctx, "/dev/kvmfr0");
	bool kvmfr = lgctl_module_loaded(ctx, "kvmfr") || lgctl_exists(node);
	g_free(node);
	return kvmfr ? "/dev/kvmfr0" : LGCTL_SHM_DEFAULT_PATH;
}

/* The kvmfr module makes the node: check it, and print the udev rule. */
static bool check_device(const struct lgctl_ctx *ctx, const struct lgctl_shm_opts *o)
{
	bool ok = lgctl_shm_check(ctx, o);
	char *udev = lgctl_kvmfr_udev_fix(o);
	g_print("udev: %s\n", udev);
	g_free(udev);
	return ok;
}

static bool prepare_file(struct lgctl_ctx *ctx, const struct lgctl_shm_opts *o)
{
	uint64_t size = lgctl_shm_size(o);
	char *path = lgctl_path(ctx, "%s", o->path);
	GPtrArray *findings = lgctl_findings_new();
	gid_t gid;
	bool ok = false;
	if (!lgctl_shm_gid(o->group, &gid, findings)) {
		lgctl_findings_complain(findings);
		goto out;
	}
	if (ctx->dry_run) {
		g_print("would create or grow %s to %" G_GUINT64_FORMAT " MiB, group %s, mode %04o\n",
			path, size / MIB, o->group, (unsigned)o->mode);
		ok = true;
		goto out;
	}
	struct kvmfr_region *r = NULL;
	int err = kvmfr_region_create_shm(path, size, o->mode, &r);
	if (err) {
		char why[1024];
		kvmfr_region_explain(path, err, why, sizeof(why));
		g_printerr("lgctl: %s\n", why);
		goto out;
	}
	if (r->size > size)
		g_print("%s is %" G_GUINT64_FORMAT " MiB, more than the %" G_GUINT64_FORMAT
			" MiB needed: kept (the VM's ivshmem size must match it)\n", path,
			r->size / MIB, size / MIB);
	/* An existing file keeps its mode and group: set both. */
	if (fchown(r->fd, (uid_t)-1, gid) < 0 || fchmod(r->fd, o->mode) < 0) {
		g_printerr("lgctl: cannot set group %s and mode %04o on %s: %s (run as root)\n",
			   o->group, (unsigned)o->mode, path, g_strerror(errno));
		kvmfr_region_destroy(r);
		goto out;
	}
	g_print("%s: %" G_GUINT64_FORMAT " MiB, group %s, mode %04o\n", path, r->size / MIB,
		o->group, (unsigned)o->mode);
	kvmfr_region_destroy(r);
	ok = true;
out:
	g_ptr_array_unref(findings);
	g_free(path);
	return ok;
}

bool lgctl_shm_prepare(struct lgctl_ctx *ctx, const struct lgctl_shm_opts *o)
{
	if (!lgctl_shm_size(o)) {
		g_printerr("lgctl: no size for %ux%u: give --for WxH or --size MiB\n", o->width,
			   o->height);
		return false;
	}
	bool ok = kvmfr_is_device_name(o->path) ? check_device(ctx, o) : prepare_file(ctx, o);
	lgctl_shm_check_confinement(ctx, o->path);
	return ok;
}

bool lgctl_shm_check(const struct lgctl_ctx *ctx, const struct lgctl_shm_opts *o)
{
	GPtrArray *findings = lgctl_findings_new();
	lgctl_shm_inspect(ctx, o, findings);
	bool ok = lgctl_findings_complain(findings);
	g_ptr_array_unref(findings);
	return ok;
}
