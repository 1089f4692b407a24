/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `lgctl vm start|stop|status NAME [--uri URI] [--force]` */
#define G_LOG_DOMAIN "lgctl"
#include <string.h>

#include "cmd.h"
#include "vm.h"

int lgctl_cmd_vm(int argc, char **argv)
{
	struct lgctl_ctx ctx;
	char *uri = NULL;
	const GOptionEntry entries[] = {
		{"uri", 0, 0, G_OPTION_ARG_STRING, &uri, "libvirt URI (default qemu:///system)", "URI"},
		{NULL},
	};
	int rc = 2;
	if (!lgctl_parse(&argc, &argv, "start|stop|status NAME", "Controls the VM through libvirt "
			 "(stop --force pulls the plug).", entries, &ctx))
		goto out;
	if (argc != 3) {
		g_printerr("lgctl: usage: lgctl vm start|stop|status NAME [--uri URI]\n");
		goto out;
	}
	if (!strcmp(argv[1], "start")) {
		rc = lgctl_vm_start(uri, argv[2]) ? 0 : 1;
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
	return rc;
}
