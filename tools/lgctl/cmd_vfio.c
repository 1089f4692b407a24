/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `lgctl vfio bind|unbind DEV...` and `lgctl vfio status [DEV...]` */
#define G_LOG_DOMAIN "lgctl"
#include <string.h>

#include "cmd.h"
#include "vfio.h"

int lgctl_cmd_vfio(int argc, char **argv)
{
	struct lgctl_ctx ctx;
	if (!lgctl_parse(&argc, &argv, "bind|unbind DEV... | status [DEV...]",
			 "DEV is a PCI address (0000:01:00.0) or a vendor:device id (10de:1b80).\n"
			 "bind moves the devices to vfio-pci, unbind gives them back to the driver "
			 "they had; all or nothing.\nstatus without DEV lists the GPUs, audio and "
			 "USB controllers that could be passed through.",
			 LGCTL_OPT_BINDING | LGCTL_OPT_FORCE_CONSOLE, NULL, &ctx))
		return 2;
	if (argc == 2 && !strcmp(argv[1], "status"))
		return lgctl_vfio_list(&ctx) ? 0 : 1;
	if (argc < 3 || (strcmp(argv[1], "bind") && strcmp(argv[1], "unbind") &&
			 strcmp(argv[1], "status"))) {
		g_printerr("lgctl: usage: lgctl vfio bind|unbind DEV... | status [DEV...]\n");
		return 2;
	}
	GArray *devs = g_array_new(FALSE, TRUE, sizeof(struct lgctl_pci));
	bool ok = true;
	for (int i = 2; i < argc; i++)
		ok &= lgctl_pci_find(&ctx, argv[i], devs);
	if (ok) {
		if (!strcmp(argv[1], "bind"))
			ok = lgctl_vfio_bind(&ctx, devs);
		else if (!strcmp(argv[1], "unbind"))
			ok = lgctl_vfio_unbind(&ctx, devs);
		else
			lgctl_vfio_status(&ctx, devs);
	}
	g_array_free(devs, TRUE);
	return ok ? 0 : 1;
}
