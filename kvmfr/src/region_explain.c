/* SPDX-License-Identifier: GPL-2.0-or-later */
/* User-facing explanations of region errors: each names the cause and the fix. */
#include <errno.h>
#include <grp.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

#define RW 06 /* read and write, in one class of permission bits */

/* The user's name into name, or NULL when the database does not know it. */
static const char *user_lookup(uid_t uid, char *name, size_t len)
{
	struct passwd pw, *res = NULL;
	char tmp[4096];

	if (getpwuid_r(uid, &pw, tmp, sizeof(tmp), &res) != 0 || !res)
		return NULL;
	snprintf(name, len, "%s", res->pw_name);
	return name;
}

/* The group's name into name (NULL when unknown); *listed: whether its
 * member list names user. */
static const char *group_lookup(gid_t gid, const char *user, char *name, size_t len, bool *listed)
{
	struct group gr, *res = NULL;
	char tmp[16384]; /* member lists can be long */

	*listed = false;
	if (getgrgid_r(gid, &gr, tmp, sizeof(tmp), &res) != 0 || !res)
		return NULL;
	for (char **m = res->gr_mem; user && *m; m++)
		*listed = *listed || !strcmp(*m, user);
	snprintf(name, len, "%s", res->gr_name);
	return name;
}

/* Whether this process has gid among its groups: what the kernel checks. */
static bool in_group_now(gid_t gid)
{
	int n = getgroups(0, NULL);
	gid_t *list = n > 0 ? calloc((size_t)n, sizeof(*list)) : NULL;
	bool found = getegid() == gid;

	if (list)
		n = getgroups(n, list);
	for (int i = 0; list && i < n && !found; i++)
		found = list[i] == gid;
	free(list);
	return found;
}

struct access_names {
	char owner[256], group[256], user[256];
};

static void access_facts(const struct stat *st, struct kvmfr_access *a, struct access_names *n)
{
	*a = (struct kvmfr_access){
		.owner = st->st_uid,
		.group = st->st_gid,
		.mode = st->st_mode,
		.uid = geteuid(),
		.in_group = in_group_now(st->st_gid),
	};
	a->owner_name = user_lookup(a->owner, n->owner, sizeof(n->owner));
	a->user_name = user_lookup(a->uid, n->user, sizeof(n->user));
	a->group_name =
		group_lookup(a->group, a->user_name, n->group, sizeof(n->group), &a->listed);
}

/* "user bob (uid 1000)", or "uid 1000" without a name. */
static void put_id(struct text *t, const char *kind, const char *name, unsigned id)
{
	const char *num = kind[0] == 'g' ? "gid" : "uid";

	if (name)
		put(t, "%s %s (%s %u)", kind, name, num, id);
	else
		put(t, "%s %u", num, id);
}

enum { OWNER_BITS = 6, GROUP_BITS = 3, OTHER_BITS = 0 }; /* shifts into the mode */

static bool has_rw(mode_t mode, unsigned shift)
{
	return ((mode >> shift) & RW) == RW;
}

/* Whether the class of bits the kernel checks for the caller allows rw. */
static bool caller_rw(const struct kvmfr_access *a)
{
	unsigned shift = a->uid == a->owner ? OWNER_BITS : a->in_group ? GROUP_BITS : OTHER_BITS;

	return has_rw(a->mode, shift);
}

static void put_other_cause(struct text *t, const char *path, const struct kvmfr_access *a)
{
	put(t, "The mode does not stop you%s, so something else refuses: an ACL (`getfacl %s`), "
	       "the immutable attribute (`lsattr %s`) or a security module such as SELinux or "
	       "AppArmor (the audit log names it).",
	    a->uid == 0 ? " (you are root)" : "", path, path);
}

static void put_join(struct text *t, const char *grp, bool listed)
{
	if (listed)
		put(t, "log in again (you were added to group %s after this login began, so "
		       "it is not in effect yet; `newgrp %s` gives one shell the group now)",
		    grp, grp);
	else
		put(t, "join it (`sudo usermod -aG %s $USER`, then log in again)", grp);
}

/* Not the owner: the fix goes through the file's group, or a new owner. */
static void put_group_fix(struct text *t, const char *path, const struct kvmfr_access *a)
{
	bool group_rw = has_rw(a->mode, GROUP_BITS);
	char num[16];
	const char *grp = a->group_name;

	if (!grp) {
		snprintf(num, sizeof(num), "%u", (unsigned)a->group);
		grp = num;
	}
	if (a->in_group) {
		put(t, "You are in group %s, but the group may not read and write it. Fix: "
		       "`sudo chmod g+rw %s`",
		    grp, path);
	} else if (a->group == 0) { /* nobody should join root: hand it to a shared group */
		put(t, "Fix: give it a group you are in and let that group read and write it "
		       "(`sudo chgrp kvm %s && sudo chmod g+rw %s`, with you in kvm: "
		       "`sudo usermod -aG kvm $USER`, then log in again)",
		    path, path);
	} else {
		put(t, "You are not in group %s%s. Fix: ", grp,
		    group_rw ? ", which may read and write it" : "");
		if (!group_rw)
			put(t, "let the group read and write it (`sudo chmod g+rw %s`) and ", path);
		put_join(t, grp, a->listed);
	}
	put(t, "; or make it yours (`sudo chown $USER %s`", path);
	if (!has_rw(a->mode, OWNER_BITS))
		put(t, ", then `chmod u+rw %s`", path);
	put(t, ").");
}

/* A fix by hand does not outlive the file; what makes one last. */
static void put_lasting(struct text *t, const char *path, const struct kvmfr_access *a)
{
	const char *user = a->user_name ? a->user_name : "USER";

	if (kvmfr_is_device_name(path))
		put(t, " The kvmfr module makes its nodes root-owned with mode 0600 each time it "
		       "loads, so a fix by hand lasts until then; to keep one, add a udev rule, "
		       "e.g. /etc/udev/rules.d/99-kvmfr.rules: SUBSYSTEM==\"kvmfr\", "
		       "OWNER=\"%s\", GROUP=\"kvm\", MODE=\"0660\".",
		    user);
	else if (in_dev_shm(path))
		put(t, " If it is missing when the VM starts, QEMU (ivshmem-plain with a "
		       "memory-backend-file, share=on; libvirt's <shmem name='%s'>) creates it, "
		       "owned by the user QEMU runs as, so a fix by hand lasts until the file "
		       "goes (at reboot at the latest). To keep one, have tmpfiles.d create it "
		       "first: /etc/tmpfiles.d/10-looking-glass.conf with `f %s 0660 %s kvm -` "
		       "(`sudo systemd-tmpfiles --create` applies it now); or set user and group "
		       "in /etc/libvirt/qemu.conf to ones you share.",
		    basename_of(path), path, user);
}

static void put_access(struct text *t, const char *path, const struct kvmfr_access *a)
{
	put(t, "Permission denied: %s is owned by ", path);
	put_id(t, "user", a->owner_name, (unsigned)a->owner);
	put(t, " and ");
	put_id(t, "group", a->group_name, (unsigned)a->group);
	put(t, " with mode %04o; you are ", (unsigned)(a->mode & 07777));
	put_id(t, "user", a->user_name, (unsigned)a->uid);
	put(t, " and need to read and write it. ");
	if (a->uid == 0 || caller_rw(a)) {
		put_other_cause(t, path, a);
		return; /* the owner and mode are not the problem */
	}
	if (a->uid == a->owner)
		put(t, "It is yours, so you can let yourself in without sudo: `chmod u+rw %s`.",
		    path);
	else
		put_group_fix(t, path, a);
	put_lasting(t, path, a);
}

static void explain_access(struct text *t, const char *path)
{
	struct stat st;
	struct kvmfr_access a;
	struct access_names names;

	if (stat(path, &st) < 0) {
		put(t, "Permission denied: %s cannot be reached because a directory on the way is "
		       "not searchable by you (uid %u); check the directories' modes with "
		       "`namei -l %s`.", path, (unsigned)geteuid(), path);
		return;
	}
	access_facts(&st, &a, &names);
	put_access(t, path, &a);
}

void kvmfr_region_explain_access(const char *path, const struct kvmfr_access *a, char *buf,
				 size_t len)
{
	struct text t = text_begin(buf, len);

	if (path && a)
		put_access(&t, path, a);
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
