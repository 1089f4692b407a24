// SPDX-License-Identifier: GPL-2.0-or-later
/* lgview: a native Looking Glass B7-compatible viewer. */
#define G_LOG_DOMAIN "lgview"
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "config.h"
#include "log.h"
#include "uploader.h"

int main(int argc, char **argv)
{
	struct lgv_options opt;
	char *err = NULL;
	lgv_log_init();
	/* Anywhere on the command line, as --help is. */
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--version")) {
			printf("lgview %s\n", G_STRINGIFY(LGVIEW_VERSION));
			return 0;
		}
	switch (lgv_config_load(&opt, argc, argv, NULL, &err)) {
	case LGV_CONFIG_EXIT_OK:
		lgv_options_finish(&opt);
		return 0;
	case LGV_CONFIG_ERROR:
		fprintf(stderr, "lgview: %s\n", err);
		g_free(err);
		lgv_options_finish(&opt);
		return 2;
	default:
		break;
	}
	if (!strcmp(opt.uploader, "help")) {
		lgv_uploader_print_help();
		lgv_options_finish(&opt);
		return 0;
	}
	int status = lgv_app_run(&opt);
	lgv_options_finish(&opt);
	return status;
}
