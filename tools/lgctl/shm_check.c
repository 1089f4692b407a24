/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The shared-memory region as it is: kind, group and mode, access, size. */
#define G_LOG_DOMAIN "lgctl"
#include "shm_check.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <sys/stat.h>

#include "kvmfr/region.h"
#include "user_access.h"

#define MIB (UINT64_C(1) << 20)

bool lgctl_shm_gid(const char *name, gid_t *gid, GPtrArray *findings)
{
	struct group *gr = getgrnam(name);
	if (gr) {
		*gid = gr->gr_gid;
		return true;
	}
	char *what = g_strdup_printf("there is no group '%s'", name);
	lgctl_finding_add(findings, "shm-group", what, "create it (`groupadd -r %s`) and add "
			  "yourself (`usermod -aG %s $USER`, then log in again), or choose another "
			  "with --group", name, name);
	g_free(what);
	return false;
}

/* The `lgctl shm prepare` command line that makes the file o describes. */
static char *prepare_command(const struct lgctl_shm_opts *o)
{
	struct lgctl_shm_opts d;
	lgctl_shm_opts_init(&d);
	GString *s = g_string_new("lgctl shm prepare");
	if (o->size)
		g_string_append_printf(s, " --size %" G_GUINT64_FORMAT, o->size / MIB);
	else
		g_string_append_printf(s, " --for %ux%u%s", o->width, o->height,
				       o->hdr ? " --hdr" : "");
	if (strcmp(o->path, d.path))
		g_string_append_printf(s, " --path %s", o->path);
	if (strcmp(o->group, d.group))
		g_string_append_printf(s, " --group %s", o->group);
	if (o->mode != d.mode)
		g_string_append_printf(s, " --mode %04o", (unsigned)o->mode);
	return g_string_free(s, FALSE);
}

/* A problem whose fix is the region library's explanation of err for path. */
static void explained(GPtrArray *findings, const char *id, const char *what, const char *path,
		      int err, const char *prefix)
{
	char why[1024];
	kvmfr_region_explain(path, err, why, sizeof(why));
	lgctl_finding_add(findings, id, what, "%s%s", prefix, why);
}

/* Exists and is a kvmfr character device or a regular file. */
static bool check_kind(const struct lgctl_shm_opts *o, const char *path, const struct stat *st,
		       int stat_err, GPtrArray *findings)
{
	bool device = kvmfr_is_device_name(o->path);
	char *cmd = prepare_command(o);
	bool ok = false;
	if (stat_err == -ENOENT) {
		char *prefix = device ? g_strdup("") :
			       g_strdup_printf("`%s` creates it now with group %s and mode %04o; a "
					       "file QEMU creates at VM start gets QEMU's user "
					       "instead. ", cmd, o->group, (unsigned)o->mode);
		explained(findings, "shm-missing", device ? "the kvmfr device node is missing" :
			  "the shared-memory file is missing", path, stat_err, prefix);
		g_free(prefix);
	} else if (stat_err) {
		explained(findings, "shm-access", "the shared memory cannot be reached", path,
			  stat_err, "");
	} else if (device && !S_ISCHR(st->st_mode)) {
		explained(findings, "kvmfr-not-device",
			  "the kvmfr path is not the module's character device", path, -ENODEV, "");
	} else if (!device && !S_ISREG(st->st_mode)) {
		char *what = g_strdup_printf("%s is not a regular file", path);
		lgctl_finding_add(findings, "shm-not-file", what, "remove it and run `%s`", cmd);
		g_free(what);
	} else {
		lgctl_finding_ok(findings, "shm-exists", "%s exists (%s)", path,
				 device ? "a kvmfr device" : "a file");
		ok = true;
	}
	g_free(cmd);
	return ok;
}

/* A user's or group's name, or its number. */
static void id_name(const char *name, unsigned id, char *buf, size_t len)
{
	if (name)
		g_strlcpy(buf, name, len);
	else
		g_snprintf(buf, len, "%u", id);
}

static void check_owner(const struct lgctl_shm_opts *o, const char *path, const struct stat *st,
			GPtrArray *findings)
{
	bool device = kvmfr_is_device_name(o->path);
	char *udev = lgctl_kvmfr_udev_fix(o);
	char *what, *fix, name[64];
	gid_t gid;
	bool ok = lgctl_shm_gid(o->group, &gid, findings);
	if (ok && st->st_gid != gid) {
		struct group *gr = getgrgid(st->st_gid);
		id_name(gr ? gr->gr_name : NULL, (unsigned)st->st_gid, name, sizeof(name));
		what = g_strdup_printf("%s belongs to group %s, not %s", path, name, o->group);
		fix = device ? g_strdup(udev) : g_strdup_printf("`chgrp %s %s`", o->group, path);
		lgctl_finding_add(findings, "shm-group", what, "%s", fix);
		g_free(fix);
		g_free(what);
		ok = false;
	}
	if ((st->st_mode & 07777) != o->mode) {
		what = g_strdup_printf("%s has mode %04o, not %04o", path,
				       (unsigned)(st->st_mode & 07777), (unsigned)o->mode);
		fix = device ? g_strdup(udev) :
			       g_strdup_printf("`chmod %04o %s`", (unsigned)o->mode, path);
		lgctl_finding_add(findings, "shm-mode", what, "%s", fix);
		g_free(fix);
		g_free(what);
		ok = false;
	}
	if (ok) {
		struct passwd *pw = getpwuid(st->st_uid);
		id_name(pw ? pw->pw_name : NULL, (unsigned)st->st_uid, name, sizeof(name));
		lgctl_finding_ok(findings, "shm-owner", "%s: owner %s, group %s, mode %04o", path,
				 name, o->group, (unsigned)o->mode);
	}
	g_free(udev);
}

static void check_access(const char *path, const struct stat *st, GPtrArray *findings)
{
	char who[160];
	if (lgctl_user_can_rw(path, st, who, sizeof(who))) {
		lgctl_finding_ok(findings, "shm-access", "%s can read and write %s", who, path);
		return;
	}
	char *what = g_strdup_printf("%s cannot read and write the shared memory", who);
	explained(findings, "shm-access", what, path, -EACCES, "");
	g_free(what);
}

static void check_size(const struct lgctl_shm_opts *o, const char *path, uint64_t size,
		       GPtrArray *findings)
{
	uint64_t need = lgctl_shm_size(o);
	char *what, fix[1024];
	if (size >= need) {
		if (o->size)
			lgctl_finding_ok(findings, "shm-size", "%s is %" G_GUINT64_FORMAT " MiB "
					 "(%" G_GUINT64_FORMAT " MiB asked for)", path,
					 size / MIB, need / MIB);
		else
			lgctl_finding_ok(findings, "shm-size", "%s is %" G_GUINT64_FORMAT " MiB "
					 "(%ux%u%s needs %" G_GUINT64_FORMAT " MiB)", path,
					 size / MIB, o->width, o->height, o->hdr ? " HDR" : "",
					 need / MIB);
		return;
	}
	if (!o->size) {
		what = g_strdup_printf("the shared memory is too small for %ux%u%s", o->width,
				       o->height, o->hdr ? " HDR" : "");
		kvmfr_region_explain_too_small(path, size, o->width, o->height, o->hdr, fix,
					       sizeof(fix));
	} else {
		what = g_strdup_printf("%s is %" G_GUINT64_FORMAT " MiB, less than the %"
				       G_GUINT64_FORMAT " MiB asked for", path, size / MIB,
				       need / MIB);
		char *cmd = kvmfr_is_device_name(o->path) ? NULL : prepare_command(o);
		if (cmd)
			g_snprintf(fix, sizeof(fix), "`%s`", cmd);
		else
			g_snprintf(fix, sizeof(fix), "reload the kvmfr module with static_size_mb=%"
				   G_GUINT64_FORMAT " for this device", need / MIB);
		g_free(cmd);
	}
	lgctl_finding_add(findings, "shm-too-small", what, "%s", fix);
	g_free(what);
}

void lgctl_shm_inspect(const struct lgctl_ctx *ctx, const struct lgctl_shm_opts *o,
		       GPtrArray *findings)
{
	uint64_t device_size = lgctl_kvmfr_inspect(ctx, o, findings);
	char *path = lgctl_path(ctx, "%s", o->path);
	struct stat st;
	int err = stat(path, &st) < 0 ? -errno : 0; /* udev may add a symlink: follow it */
	if (check_kind(o, path, &st, err, findings)) {
		check_owner(o, path, &st, findings);
		check_access(path, &st, findings);
		/* A device's size is unknown when static_size_mb has none for it. */
		uint64_t size = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : device_size;
		if (S_ISREG(st.st_mode) || device_size)
			check_size(o, path, size, findings);
	}
	g_free(path);
}
