// SPDX-License-Identifier: GPL-2.0-or-later
/* `lgctl up|down NAME`, `lgctl hook NAME OP ...` and `lgctl reset DEV...`. */
#define G_LOG_DOMAIN "lgctl"
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "guest-proto/clock.h"
#include "heartbeat.h"
#include "profile.h"
#include "reset.h"
#include "vfio.h"
#include "vm.h"

static GArray *find_devices(const struct lgctl_ctx *ctx, char **specs, bool *ok)
{
	GArray *devs = g_array_new(FALSE, TRUE, sizeof(struct lgctl_pci));
	*ok = true;
	for (int i = 0; specs && specs[i]; ++i)
		*ok &= lgctl_pci_find(ctx, specs[i], devs);
	return devs;
}

static bool load(const char *dir, const char *name, struct lgctl_profile *p)
{
	char *err = NULL;
	if (lgctl_profile_load(dir, name, p, &err))
		return true;
	g_printerr("lgctl: %s\n", err);
	g_free(err);
	return false;
}

/* Bind the profile's devices and prepare its shared memory, all or nothing.
 * The devices (to give back later), or NULL on failure. */
static GArray *take(struct lgctl_ctx *ctx, struct lgctl_profile *p)
{
	bool found;
	GArray *devs = find_devices(ctx, p->devices, &found);
	if (found && (!devs->len || lgctl_vfio_bind(ctx, devs))) {
		if (lgctl_shm_prepare(ctx, &p->shm))
			return devs;
		if (devs->len)
			lgctl_vfio_unbind(ctx, devs);
	}
	g_array_free(devs, TRUE);
	return NULL;
}

int lgctl_cmd_up(int argc, char **argv)
{
	struct lgctl_ctx ctx;
	char *dir = NULL;
	gboolean no_viewer = FALSE;
	const GOptionEntry entries[] = {
		{"profiles", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Profile folder", "DIR"},
		{"no-viewer", 0, 0, G_OPTION_ARG_NONE, &no_viewer, "Do not start lgview", NULL},
		{NULL},
	};
	int rc = 2;
	struct lgctl_profile p;
	if (!lgctl_parse(&argc, &argv, "NAME", "Binds the profile's devices, prepares the shared "
			 "memory, starts the VM, waits for its frames and starts lgview.",
			 LGCTL_OPT_BINDING | LGCTL_OPT_FORCE_CONSOLE, entries, &ctx) || argc != 2 ||
	    !load(dir, argv[1], &p))
		goto out;
	rc = 1;
	GArray *devs = take(&ctx, &p);
	if (!devs)
		goto out_p;
	if (!lgctl_vm_start(p.uri, p.name))
		goto out_unbind;
	if (ctx.dry_run) {
		rc = 0;
		goto out_devs;
	}
	if (p.wait_s && !lgctl_wait_guest(p.shm.path, p.wait_s))
		g_printerr("lgctl: no frames from %s within %d s: is the Looking Glass host "
			   "application installed and running in the guest? lgview will wait for "
			   "it.\n", p.name, p.wait_s);
	if (no_viewer) {
		rc = 0;
		goto out_devs;
	}
	GPtrArray *args = g_ptr_array_new();
	g_ptr_array_add(args, p.lgview);
	g_ptr_array_add(args, "-f");
	g_ptr_array_add(args, (char *)p.shm.path);
	for (int i = 0; p.lgview_options[i]; ++i)
		g_ptr_array_add(args, p.lgview_options[i]);
	g_ptr_array_add(args, NULL);
	execvp(p.lgview, (char **)args->pdata);
	g_printerr("lgctl: cannot start %s: %s (the VM is running; start the viewer by hand)\n",
		   p.lgview, g_strerror(errno));
	g_ptr_array_free(args, TRUE);
	goto out_devs;
out_unbind:
	/* All or nothing: the devices go back when the VM could not start. */
	if (devs->len)
		lgctl_vfio_unbind(&ctx, devs);
out_devs:
	g_array_free(devs, TRUE);
out_p:
	lgctl_profile_finish(&p);
out:
	g_free(dir);
	return rc;
}

static bool give_back(struct lgctl_ctx *ctx, struct lgctl_profile *p, bool reset)
{
	bool found;
	GArray *devs = find_devices(ctx, p->devices, &found);
	bool ok = found && (!devs->len || lgctl_vfio_unbind(ctx, devs));
	for (guint i = 0; ok && reset && i < devs->len; ++i)
		ok = lgctl_reset(ctx, &g_array_index(devs, struct lgctl_pci, i), false, 0);
	g_array_free(devs, TRUE);
	return ok;
}

int lgctl_cmd_down(int argc, char **argv)
{
	struct lgctl_ctx ctx;
	char *dir = NULL;
	const GOptionEntry entries[] = {
		{"profiles", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Profile folder", "DIR"},
		{NULL},
	};
	int rc = 2;
	struct lgctl_profile p;
	if (!lgctl_parse(&argc, &argv, "NAME", "Stops the VM, then gives its devices back (and "
			 "resets them if the profile says so).", LGCTL_OPT_BINDING |
			 LGCTL_OPT_FORCE_STOP, entries, &ctx) || argc != 2 ||
	    !load(dir, argv[1], &p))
		goto out;
	rc = 1;
	if (!lgctl_vm_stop(p.uri, p.name, ctx.force))
		goto out_p;
	/* The devices are busy until the VM is really off. */
	char *state = NULL;
	for (int i = 0; !ctx.dry_run && i < 600; ++i) {
		g_free(state);
		state = NULL;
		if (!lgctl_vm_state(p.uri, p.name, &state) || !strcmp(state, "shut off"))
			break;
		lgp_sleep_us(100000);
	}
	if (state && strcmp(state, "shut off")) {
		g_printerr("lgctl: %s is still %s after 60 s; `lgctl down --force %s` stops it "
			   "hard\n", p.name, state, p.name);
		g_free(state);
		goto out_p;
	}
	g_free(state);
	rc = give_back(&ctx, &p, p.reset) ? 0 : 1;
out_p:
	lgctl_profile_finish(&p);
out:
	g_free(dir);
	return rc;
}

int lgctl_cmd_hook(int argc, char **argv)
{
	struct lgctl_ctx ctx;
	char *dir = NULL;
	const GOptionEntry entries[] = {
		{"profiles", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Profile folder", "DIR"},
		{NULL},
	};
	int rc = 2;
	if (!lgctl_parse(&argc, &argv, "NAME OP [SUBOP EXTRA]", "libvirt's qemu hook: binds the "
			 "profile's devices on prepare, gives them back on release. It never calls "
			 "libvirt (that would deadlock).", LGCTL_OPT_BINDING, entries, &ctx) ||
	    argc < 3)
		goto out;
	enum lgctl_hook_action act = lgctl_hook_action(argv[2]);
	struct lgctl_profile p;
	char *err = NULL;
	if (act == LGCTL_HOOK_NONE) {
		rc = 0;
		goto out;
	}
	/* VMs without a profile are not ours: nothing to do. */
	if (!lgctl_profile_load(dir, argv[1], &p, &err)) {
		g_free(err);
		rc = 0;
		goto out;
	}
	if (act == LGCTL_HOOK_BIND) {
		GArray *devs = take(&ctx, &p);
		rc = devs ? 0 : 1;
		if (devs)
			g_array_free(devs, TRUE);
	} else {
		rc = give_back(&ctx, &p, p.reset) ? 0 : 1;
	}
	lgctl_profile_finish(&p);
out:
	g_free(dir);
	return rc;
}

int lgctl_cmd_reset(int argc, char **argv)
{
	struct lgctl_ctx ctx;
	gboolean suspend = FALSE;
	gint wake = 5;
	const GOptionEntry entries[] = {
		{"suspend-cycle", 0, 0, G_OPTION_ARG_NONE, &suspend, "For devices without a reset "
		 "method: remove, suspend the host to RAM, rescan", NULL},
		{"wake", 0, 0, G_OPTION_ARG_INT, &wake, "Seconds asleep (default 5)", "S"},
		{NULL},
	};
	if (!lgctl_parse(&argc, &argv, "DEV...", "Resets devices so that a VM can start again.",
			 LGCTL_OPT_ROOT | LGCTL_OPT_DRY_RUN, entries, &ctx) || argc < 2 ||
	    wake < 2 || wake > 120)
		return 2;
	bool found;
	GArray *devs = find_devices(&ctx, argv + 1, &found);
	bool ok = found;
	for (guint i = 0; ok && i < devs->len; ++i)
		ok = lgctl_reset(&ctx, &g_array_index(devs, struct lgctl_pci, i), suspend, wake);
	g_array_free(devs, TRUE);
	return ok ? 0 : 1;
}
