/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `lgctl vm start|stop|status NAME [--uri URI] [--force]` */
#define G_LOG_DOMAIN "lgctl"
#include <string.h>

#include "cmd.h"
#include "heartbeat.h"
#include "shm_prep.h"
#include "vm.h"

int lgctl_cmd_vm(int argc, char **argv)
{
	struct lgctl_ctx ctx;
	char *uri = NULL, *shm = NULL;
	gint wait = 30;
	const GOptionEntry entries[] = {
		{"uri", 0, 0, G_OPTION_ARG_STRING, &uri, "libvirt URI (default qemu:///system)", "URI"},
		{"shm", 0, 0, G_OPTION_ARG_FILENAME, &shm, "start: the VM's shared memory (default "
		 "/dev/kvmfr0 when kvmfr is loaded or it exists, else /dev/shm/looking-glass)",
		 "PATH"},
		{"wait", 0, 0, G_OPTION_ARG_INT, &wait, "start: seconds to wait for the guest "
		 "application's frames, 0 = do not wait (default 30)", "S"},
		{NULL},
	};
	int rc = 2;
	if (!lgctl_parse(&argc, &argv, "start|stop|status NAME", "Controls the VM through libvirt.",
			 LGCTL_OPT_FORCE_STOP, entries, &ctx))
		goto out;
	if (argc != 3) {
		g_printerr("lgctl: usage: lgctl vm start|stop|status NAME [--uri URI]\n");
		goto out;
	}
	if (wait < 0 || wait > 3600) {
		g_printerr("lgctl: --wait must be 0..3600 seconds\n");
		goto out;
	}
	if (!strcmp(argv[1], "start")) {
		rc = lgctl_vm_start(uri, argv[2]) ? 0 : 1;
		const char *path = shm ? shm : lgctl_default_shm(&ctx);
		if (rc == 0 && wait && !ctx.dry_run) {
			if (lgctl_wait_guest(path, wait)) {
				g_print("%s: the guest application is sending frames on %s\n", argv[2],
					path);
			} else {
				g_printerr("lgctl: %s started, but no frames on %s within %d s: is the "
					   "Looking Glass host application installed and running in the "
					   "guest? (`lgctl doctor %s` checks the VM's setup)\n", argv[2],
					   path, wait, argv[2]);
				rc = 1;
			}
		}
	} else if (!strcmp(argv[1], "stop")) {
		rc = lgctl_vm_stop(uri, argv[2], ctx.force) ? 0 : 1;
	} else if (!strcmp(argv[1], "status")) {
		char *state = NULL;
		rc = lgctl_vm_state(uri, argv[2], &state) ? 0 : 1;
		if (state)
			g_print("%s: %s\n", argv[2], state);
		g_free(state);
	} else {
		g_printerr("lgctl: usage: lgctl vm start|stop|status NAME [--uri URI]\n");
	}
out:
	g_free(uri);
	g_free(shm);
	return rc;
}
