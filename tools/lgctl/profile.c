// SPDX-License-Identifier: GPL-2.0-or-later
#define G_LOG_DOMAIN "lgctl"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

static bool bad(char **err, const char *file, const char *what)
{
	if (err)
		*err = g_strdup_printf("%s: %s", file, what);
	return false;
}

/* A valid VM name: no path tricks in the profile's file name. */
static bool name_ok(const char *name)
{
	if (!name || !*name || strlen(name) > 200 || name[0] == '.')
		return false;
	for (const char *c = name; *c; ++c)
		if (*c == '/' || (unsigned char)*c < 0x20)
			return false;
	return true;
}

static bool parse_shm(GKeyFile *kf, const char *file, struct lgctl_profile *p, char **err)
{
	lgctl_shm_opts_init(&p->shm);
	p->shm_path = g_key_file_get_string(kf, "shm", "path", NULL);
	if (p->shm_path) {
		if (p->shm_path[0] != '/')
			return bad(err, file, "shm:path must be an absolute path");
		p->shm.path = p->shm_path;
	}
	p->shm_group = g_key_file_get_string(kf, "shm", "group", NULL);
	if (p->shm_group)
		p->shm.group = p->shm_group;
	char *size = g_key_file_get_string(kf, "shm", "size", NULL);
	if (size && strcmp(size, "auto")) {
		char *end;
		guint64 mib = g_ascii_strtoull(size, &end, 10);
		if (end == size || *end || mib == 0 || mib > 1024 * 1024) {
			g_free(size);
			return bad(err, file, "shm:size must be 'auto' or MiB (1..1048576)");
		}
		p->shm.size = mib << 20;
	}
	g_free(size);
	char *res = g_key_file_get_string(kf, "shm", "for", NULL);
	if (res && sscanf(res, "%ux%u", &p->shm.width, &p->shm.height) != 2) {
		g_free(res);
		return bad(err, file, "shm:for must be WxH, e.g. 2560x1440");
	}
	g_free(res);
	p->shm.hdr = g_key_file_get_boolean(kf, "shm", "hdr", NULL);
	char *mode = g_key_file_get_string(kf, "shm", "mode", NULL);
	if (mode) {
		char *end;
		unsigned long m = strtoul(mode, &end, 8);
		bool ok = end != mode && !*end && m <= 0777;
		g_free(mode);
		if (!ok)
			return bad(err, file, "shm:mode must be octal, e.g. 0660");
		p->shm.mode = (mode_t)m;
	}
	return true;
}

bool lgctl_profile_load(const char *dir, const char *name, struct lgctl_profile *p, char **err)
{
	memset(p, 0, sizeof(*p));
	if (!name_ok(name)) {
		if (err)
			*err = g_strdup_printf("'%s' is not a VM name", name ? name : "");
		return false;
	}
	char *base = dir ? g_strdup(dir) : g_build_filename(g_get_user_config_dir(), "lgview",
							     "vms", NULL);
	char *leaf = g_strconcat(name, ".ini", NULL);
	char *file = g_build_filename(base, leaf, NULL);
	g_free(leaf);
	g_free(base);
	GKeyFile *kf = g_key_file_new();
	GError *gerr = NULL;
	bool ok = g_key_file_load_from_file(kf, file, G_KEY_FILE_NONE, &gerr);
	if (!ok) {
		bad(err, file, gerr->message);
		g_error_free(gerr);
		goto out;
	}
	p->name = g_strdup(name);
	p->uri = g_key_file_get_string(kf, "vm", "uri", NULL);
	p->devices = g_key_file_get_string_list(kf, "vm", "devices", NULL, NULL);
	if (!p->devices)
		p->devices = g_new0(char *, 1);
	p->reset = g_key_file_get_boolean(kf, "vm", "reset", NULL);
	p->wait_s = 30;
	if (g_key_file_has_key(kf, "vm", "wait", NULL)) {
		p->wait_s = g_key_file_get_integer(kf, "vm", "wait", &gerr);
		if (gerr || p->wait_s < 0 || p->wait_s > 3600) {
			g_clear_error(&gerr);
			ok = bad(err, file, "vm:wait must be 0..3600 seconds");
			goto out;
		}
	}
	ok = parse_shm(kf, file, p, err);
	if (!ok)
		goto out;
	p->lgview = g_key_file_get_string(kf, "lgview", "command", NULL);
	if (!p->lgview)
		p->lgview = g_strdup("lgview");
	p->lgview_options = g_key_file_get_string_list(kf, "lgview", "options", NULL, NULL);
	if (!p->lgview_options)
		p->lgview_options = g_new0(char *, 1);
out:
	g_key_file_free(kf);
	g_free(file);
	if (!ok)
		lgctl_profile_finish(p);
	return ok;
}

void lgctl_profile_finish(struct lgctl_profile *p)
{
	g_free(p->name);
	g_free(p->uri);
	g_strfreev(p->devices);
	g_free(p->shm_path);
	g_free(p->shm_group);
	g_free(p->lgview);
	g_strfreev(p->lgview_options);
	memset(p, 0, sizeof(*p));
}

enum lgctl_hook_action lgctl_hook_action(const char *op)
{
	if (!op)
		return LGCTL_HOOK_NONE;
	if (!strcmp(op, "prepare"))
		return LGCTL_HOOK_BIND;
	if (!strcmp(op, "release"))
		return LGCTL_HOOK_UNBIND;
	return LGCTL_HOOK_NONE;
}
