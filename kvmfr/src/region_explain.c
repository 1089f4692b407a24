/* SPDX-License-Identifier: GPL-2.0-or-later */
/* User-facing explanations of region errors: each names the cause and the fix. */
#include <errno.h>
#include <grp.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kvmfr/region.h"

#define MIB (UINT64_C(1) << 20)

struct text {
	char *buf;
	size_t len, pos;
};

__attribute__((format(printf, 2, 3))) static void put(struct text *t, const char *fmt, ...)
{
	if (!t->buf || t->pos + 1 >= t->len)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(t->buf + t->pos, t->len - t->pos, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->pos += (size_t)n < t->len - t->pos ? (size_t)n : t->len - t->pos - 1;
}

static struct text text_begin(char *buf, size_t len)
{
	if (buf && len)
		buf[0] = '\0';
	return (struct text){ .buf = buf, .len = len };
}

static const char *basename_of(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static bool in_dev_shm(const char *path)
{
	return strncmp(path, "/dev/shm/", 9) == 0;
}

static const char *errno_text(int err, char *tmp, size_t len)
{
#if defined(__GLIBC__) && defined(_GNU_SOURCE)
	return strerror_r(err, tmp, len);
#else
	if (strerror_r(err, tmp, len) != 0)
		snprintf(tmp, len, "error %d", err);
	return tmp;
#endif
}

static void put_user(struct text *t, uid_t uid)
{
	struct passwd pw, *res = NULL;
	char tmp[4096];
	if (getpwuid_r(uid, &pw, tmp, sizeof(tmp), &res) == 0 && res)
		put(t, "user %s (uid %u)", res->pw_name, (unsigned)uid);
	else
		put(t, "uid %u", (unsigned)uid);
}

/* Writes the group's name (or number) into name. */
static void group_name(gid_t gid, char *name, size_t len)
{
	struct group gr, *res = NULL;
	char tmp[16384]; /* member lists can be long */
	if (getgrgid_r(gid, &gr, tmp, sizeof(tmp), &res) == 0 && res)
		snprintf(name, len, "%s", res->gr_name);
	else
		snprintf(name, len, "%u", (unsigned)gid);
}

static void explain_access(struct text *t, const char *path)
{
	struct stat st;
	char grp[256];

	if (stat(path, &st) < 0) {
		put(t, "Permission denied: %s cannot be reached because a directory on the way is "
		       "not searchable by you (uid %u); check the directories' modes with "
		       "`namei -l %s`.", path, (unsigned)geteuid(), path);
		return;
	}
	group_name(st.st_gid, grp, sizeof(grp));
	put(t, "Permission denied: %s is owned by ", path);
	put_user(t, st.st_uid);
	put(t, " and group %s (gid %u) with mode %04o, and you (uid %u) may not read and write "
	       "it. Fix: ",
	    grp, (unsigned)st.st_gid, (unsigned)(st.st_mode & 07777), (unsigned)geteuid());
	if (st.st_gid == 0) /* nobody should join root: hand the file to a shared group */
		put(t, "give it a group you are in and make that group read-write (`sudo chown "
		       ":kvm %s && sudo chmod 0660 %s`, with you in kvm: `sudo usermod -aG kvm "
		       "$USER`, then log in again)",
		    path, path);
	else
		put(t, "add yourself to group %s (`sudo usermod -aG %s $USER`, then log in again) "
		       "and give the group read-write access (`sudo chmod 0660 %s`)",
		    grp, grp, path);
	put(t, ", or make it yours (`sudo chown $USER %s`).", path);
	if (kvmfr_is_device_name(path))
		put(t, " The kvmfr module creates its nodes as root with mode 0600 each time it "
		       "loads; make the fix permanent with a udev rule, e.g. "
		       "/etc/udev/rules.d/99-kvmfr.rules: SUBSYSTEM==\"kvmfr\", GROUP=\"kvm\", "
		       "MODE=\"0660\" (then add yourself to kvm).");
	else if (in_dev_shm(path))
		put(t, " QEMU (the libvirt <shmem name='%s'> element) creates this file again each "
		       "time the VM starts; create it beforehand with the owner and mode you need, "
		       "e.g. a systemd-tmpfiles line `f %s 0660 $USER kvm -`.",
		    basename_of(path), path);
}

static void explain_missing(struct text *t, const char *path)
{
	if (kvmfr_is_device_name(path)) {
		put(t, "%s does not exist: ", path);
		if (access("/sys/module/kvmfr", F_OK) == 0)
			put(t, "the kvmfr module is loaded but created fewer devices (one per "
			       "static_size_mb entry, e.g. static_size_mb=32,32 for two). ");
		else
			put(t, "the kvmfr kernel module is not loaded. ");
		put(t, "Load it before starting the VM: `sudo modprobe kvmfr static_size_mb=32` "
		       "(sizes in MiB); to load it at boot put `kvmfr` in "
		       "/etc/modules-load.d/kvmfr.conf and `options kvmfr static_size_mb=32` in "
		       "/etc/modprobe.d/kvmfr.conf.");
		return;
	}
	put(t, "%s does not exist. QEMU creates it when the VM starts with an ivshmem-plain "
	       "device backed by it (libvirt: <shmem name='%s'><model type='ivshmem-plain'/>"
	       "<size unit='M'>32</size></shmem> makes /dev/shm/%s), so start the VM first. To "
	       "try lgview without a VM, run the synthetic guest, which creates it: "
	       "`lgbench produce --shm %s`.",
	    path, basename_of(path), basename_of(path), path);
}

static void explain_not_device(struct text *t, const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode)) {
		put(t, "%s: names like kvmfrN belong to the kvmfr kernel module's devices; load the "
		       "module (`sudo modprobe kvmfr static_size_mb=32`) instead of creating a file.",
		    path);
		return;
	}
	put(t, "%s is a regular file, not the kvmfr device: QEMU created it because the kvmfr "
	       "module was not loaded when the VM started, so the VM's memory is not the "
	       "module's and this viewer would see nothing. Shut the VM down, remove the file "
	       "(`sudo rm %s`), load the module first (`sudo modprobe kvmfr static_size_mb=32`), "
	       "then start the VM again.",
	    path, path);
}

static const char *kind_of(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISCHR(mode))
		return "a character device";
	return "not a regular file";
}

static void explain_invalid(struct text *t, const char *path, int err)
{
	struct stat st;

	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0) {
		put(t, "%s is empty (0 bytes): the VM that backs it has not been started yet "
		       "(QEMU sizes the file when it starts), or it is a leftover of a stopped VM "
		       "or program. Start the VM, or remove the file and let QEMU "
		       "create it when the VM starts.",
		    path);
	} else if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		put(t, "%s is %s, not a shared-memory file or a kvmfr device; give the path of the "
		       "region itself, e.g. /dev/shm/looking-glass or /dev/kvmfr0.",
		    path, kind_of(st.st_mode));
	} else {
		char tmp[128];
		put(t, "Could not use %s: %s (its size does not fit this system's address space, "
		       "or an argument was invalid).",
		    path, errno_text(-err, tmp, sizeof(tmp)));
	}
}

void kvmfr_region_explain(const char *path, int err, char *buf, size_t len)
{
	struct text t = text_begin(buf, len);
	char tmp[128];

	if (!path) {
		put(&t, "No shared-memory path was given: pass one, e.g. /dev/shm/looking-glass or "
			"/dev/kvmfr0.");
		return;
	}
	switch (err) {
	case 0:
		put(&t, "%s: no error.", path);
		break;
	case -EACCES:
	case -EPERM:
		explain_access(&t, path);
		break;
	case -ENOENT:
		explain_missing(&t, path);
		break;
	case -ENODEV:
		explain_not_device(&t, path);
		break;
	case -EINVAL:
	case -EISDIR:
		explain_invalid(&t, path, err);
		break;
	case -ENAMETOOLONG:
		put(&t, "The path %.64s... is too long (at most %zu bytes).", path,
		    sizeof(((struct kvmfr_region *)0)->path) - 1);
		break;
	case -ENOTTY:
		put(&t, "%s is a character device but not a kvmfr device (it does not answer "
			"KVMFR_DMABUF_GETSIZE); use /dev/kvmfrN or a /dev/shm file.",
		    path);
		break;
	default:
		put(&t, "Could not open %s: %s (errno %d).", path,
		    errno_text(err < 0 ? -err : err, tmp, sizeof(tmp)), err < 0 ? -err : err);
		break;
	}
}

void kvmfr_region_explain_too_small(const char *path, uint64_t size, uint32_t width,
				    uint32_t height, bool hdr, char *buf, size_t len)
{
	struct text t = text_begin(buf, len);
	uint64_t want = kvmfr_recommended_size(width, height, hdr);

	if (!path)
		path = "the shared memory";
	if (!want) {
		put(&t, "%s: invalid frame size %" PRIu32 "x%" PRIu32 ".", path, width, height);
		return;
	}
	uint64_t want_mib = want / MIB;
	if (size % MIB)
		put(&t, "%s is %" PRIu64 " bytes", path, size);
	else
		put(&t, "%s is %" PRIu64 " MiB", path, size / MIB);
	put(&t, ", too small for %" PRIu32 "x%" PRIu32 "%s frames: make it %" PRIu64 " MiB "
		"(two frames plus 10 MiB, rounded up to a power of two). ",
	    width, height, hdr ? " HDR" : "", want_mib);
	if (kvmfr_is_device_name(path)) {
		put(&t, "Reload the kvmfr module with static_size_mb=%" PRIu64 " (`sudo modprobe -r "
			"kvmfr && sudo modprobe kvmfr static_size_mb=%" PRIu64 "`, and in "
			"/etc/modprobe.d/kvmfr.conf) and give the VM's memory-backend-file the same "
			"size=%" PRIu64 "M, then start the VM again.",
		    want_mib, want_mib, want_mib);
	} else {
		put(&t, "Set <size unit='M'>%" PRIu64 "</size> in the VM's <shmem> element "
			"(libvirt), or size=%" PRIu64 "M in QEMU's "
			"-object memory-backend-file for the ivshmem-plain device, then restart "
			"the VM.",
		    want_mib, want_mib);
	}
}
