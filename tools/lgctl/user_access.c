/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Read-write access to a file for the user behind lgctl (sudo aware). */
#define G_LOG_DOMAIN "lgctl"
#include "user_access.h"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

#include <glib.h>

/* The uid sudo was run by, when this process is root through sudo; else -1. */
static uid_t sudo_uid(void)
{
	const char *s = getenv("SUDO_UID");
	char *end;
	if (geteuid() != 0 || !s || !*s)
		return (uid_t)-1;
	unsigned long uid = strtoul(s, &end, 10);
	return *end ? (uid_t)-1 : (uid_t)uid;
}

static bool user_in_group(const struct passwd *pw, gid_t gid)
{
	int n = 64;
	gid_t *groups = g_new(gid_t, n);
	if (getgrouplist(pw->pw_name, pw->pw_gid, groups, &n) < 0) {
		groups = g_renew(gid_t, groups, n);
		if (getgrouplist(pw->pw_name, pw->pw_gid, groups, &n) < 0)
			n = 0;
	}
	bool member = false;
	for (int i = 0; i < n && !member; i++)
		member = groups[i] == gid;
	g_free(groups);
	return member;
}

/* The kernel's rule: the owner's bits for the owner, else the group's for a
 * member, else the others'. ACLs are not looked at. */
static bool bits_allow(uid_t uid, const struct passwd *pw, const struct stat *st)
{
	mode_t rw;
	if (uid == 0)
		return true;
	if (st->st_uid == uid)
		rw = S_IRUSR | S_IWUSR;
	else if (pw && (pw->pw_gid == st->st_gid || user_in_group(pw, st->st_gid)))
		rw = S_IRGRP | S_IWGRP;
	else
		rw = S_IROTH | S_IWOTH;
	return (st->st_mode & rw) == rw;
}

bool lgctl_user_can_rw(const char *path, const struct stat *st, char *who, size_t len)
{
	uid_t uid = sudo_uid();
	bool via_sudo = uid != (uid_t)-1;
	if (!via_sudo)
		uid = geteuid();
	struct passwd *pw = getpwuid(uid);
	const char *how = via_sudo ? ", who ran sudo" : "";
	if (pw)
		g_snprintf(who, len, "user %s (uid %u%s)", pw->pw_name, (unsigned)uid, how);
	else
		g_snprintf(who, len, "uid %u%s", (unsigned)uid, how);
	if (via_sudo)
		return bits_allow(uid, pw, st);
	return faccessat(AT_FDCWD, path, R_OK | W_OK, AT_EACCESS) == 0;
}
