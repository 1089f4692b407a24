/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The options every lgctl command shares. */
#define G_LOG_DOMAIN "lgctl"
#include "cmd.h"

bool lgctl_parse(int *argc, char ***argv, const char *params, const char *summary,
		 const GOptionEntry *entries, struct lgctl_ctx *ctx)
{
	struct lgctl_common c = {0};
	const GOptionEntry common[] = {
		{"root", 0, 0, G_OPTION_ARG_FILENAME, &c.root,
		 "Look for sys/, dev/, proc/ and run/ under DIR (tests)", "DIR"},
		{"state-dir", 0, 0, G_OPTION_ARG_FILENAME, &c.state_dir,
		 "Where to remember original drivers (default ROOT/run/lgctl)", "DIR"},
		{"dry-run", 'n', 0, G_OPTION_ARG_NONE, &c.dry_run,
		 "Print every write instead of doing it", NULL},
		{"force", 'f', 0, G_OPTION_ARG_NONE, &c.force,
		 "Take the device of the active console too", NULL},
		{NULL},
	};
	GOptionContext *oc = g_option_context_new(params);
	GError *err = NULL;
	g_option_context_set_summary(oc, summary);
	g_option_context_add_main_entries(oc, common, NULL);
	if (entries)
		g_option_context_add_main_entries(oc, entries, NULL);
	bool ok = g_option_context_parse(oc, argc, argv, &err);
	if (!ok) {
		g_printerr("lgctl: %s (see %s --help)\n", err->message, (*argv)[0]);
		g_error_free(err);
	} else {
		lgctl_ctx_init(ctx, c.root, c.state_dir, c.dry_run);
		ctx->force = c.force;
	}
	g_option_context_free(oc);
	g_free(c.root);
	g_free(c.state_dir);
	return ok;
}
