// SPDX-License-Identifier: GPL-2.0-or-later
/* lgbench built without X11/MIT-SHM development files: viewer and floor say so. */
#include <stdio.h>
#include <unistd.h>

#include "lgbench.h"

int lgbench_viewer(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "lgbench viewer: this lgbench was built without X11 and MIT-SHM "
		"(libx11-dev, libxext-dev); install them and rebuild\n");
	return 2;
}

int lgbench_floor(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "lgbench floor: this lgbench was built without X11 and MIT-SHM "
		"(libx11-dev, libxext-dev); install them and rebuild\n");
	return 2;
}

_Noreturn int lgbench_floor_child(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	_exit(2);
}
