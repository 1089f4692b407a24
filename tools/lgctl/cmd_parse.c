/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The options lgctl's commands share, each offered only where it means something. */
#define G_LOG_DOMAIN "lgctl"
#include "cmd.h"

struct common_values {
	char *root;
	char *state_dir;
	gboolean dry_run;
	gboolean force;
};

/* The options in `common`, storing into c, NULL-terminated. g_free it. */
static GOptionEntry *common_entries(unsigned common, struct common_values *c)
{
	const struct {
		unsigned flag;
		GOptionEntry entry;
	} all[] = {
		{LGCTL_OPT_ROOT, {"root", 0, 0, G_OPTION_ARG_FILENAME, &c->root,
		 "Look for sys/, dev/, proc/, run/ and etc/ under DIR (tests)", "DIR"}},
		{LGCTL_OPT_STATE_DIR, {"state-dir", 0, 0, G_OPTION_ARG_FILENAME, &c->state_dir,
		 "Where to remember original drivers (default ROOT/run/lgctl)", "DIR"}},
		{LGCTL_OPT_DRY_RUN, {"dry-run", 'n', 0, G_OPTION_ARG_NONE, &c->dry_run,
		 "Print every write instead of doing it", NULL}},
		{LGCTL_OPT_FORCE_CONSOLE, {"force", 'f', 0, G_OPTION_ARG_NONE, &c->force,
		 "Take the device of the active console too", NULL}},
		{LGCTL_OPT_FORCE_STOP, {"force", 'f', 0, G_OPTION_ARG_NONE, &c->force,
		 "Pull the plug: stop the VM without asking the guest to shut down", NULL}},
	};
	GOptionEntry *out = g_new0(GOptionEntry, G_N_ELEMENTS(all) + 1);
	size_t n = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(all); i++)
		if (common & all[i].flag)
			out[n++] = all[i].entry;
	return out;
}

bool lgctl_parse(int *argc, char ***argv, const char *params, const char *summary,
		 unsigned common, const GOptionEntry *entries, struct lgctl_ctx *ctx)
{
	struct common_values c = {0};
	GOptionEntry *shared = common_entries(common, &c);
	GOptionContext *oc = g_option_context_new(params);
	GError *err = NULL;
	g_option_context_set_summary(oc, summary);
	g_option_context_add_main_entries(oc, shared, NULL);
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
	g_free(shared);
	g_free(c.root);
	g_free(c.state_dir);
	return ok;
}
