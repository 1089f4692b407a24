/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lgctl's subcommands. Each takes the arguments after the command name
 * (argv[0] is the command) and returns the process exit status: 0 when all
 * is well, 1 when something is wrong (the reason is printed), 2 for a usage
 * error. Threads: main only.
 */
#ifndef LGCTL_CMD_H
#define LGCTL_CMD_H

#include <glib.h>

#include "root.h"

/* Options every command takes: --root, --state-dir, --dry-run, --force. */
struct lgctl_common {
	char *root;
	char *state_dir;
	gboolean dry_run;
	gboolean force;
};

/*
 * Parses argv with `entries` (may be NULL) plus the common options; fills
 * ctx from them. false (and prints the usage error) on a bad option.
 */
bool lgctl_parse(int *argc, char ***argv, const char *params, const char *summary,
		 const GOptionEntry *entries, struct lgctl_ctx *ctx);

int lgctl_cmd_vfio(int argc, char **argv);
int lgctl_cmd_shm(int argc, char **argv);
int lgctl_cmd_doctor(int argc, char **argv);
int lgctl_cmd_vm(int argc, char **argv);
int lgctl_cmd_up(int argc, char **argv);
int lgctl_cmd_down(int argc, char **argv);
int lgctl_cmd_hook(int argc, char **argv);
int lgctl_cmd_reset(int argc, char **argv);

#endif /* LGCTL_CMD_H */
