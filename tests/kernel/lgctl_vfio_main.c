// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lgctl for the test guest: the `vfio` command alone, so that the static
 * binary needs GLib but not libxml2 or libvirt (which lgctl's other commands
 * pull in). Same usage as the real one: `lgctl vfio bind|unbind|status DEV...`.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"

int main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "vfio")) {
		fprintf(stderr, "usage: lgctl vfio bind|unbind|status DEV... (this test build has "
				"only the vfio command)\n");
		return 2;
	}
	return lgctl_cmd_vfio(argc - 1, argv + 1);
}
