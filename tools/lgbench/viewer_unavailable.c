// SPDX-License-Identifier: GPL-2.0-or-later
/* lgbench built without X11/MIT-SHM development files: say so. */
#include <stdio.h>

#include "lgbench.h"

int lgbench_viewer(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "lgbench viewer: this lgbench was built without X11 and MIT-SHM "
		"(libx11-dev, libxext-dev); install them and rebuild\n");
	return 2;
}
