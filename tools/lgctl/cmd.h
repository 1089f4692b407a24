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

/* The shared options a command takes (and lists in its --help): only those that mean
 * something to it. At most one of the two --force. */
enum lgctl_common_opt {
	LGCTL_OPT_ROOT = 1 << 0,          /* --root DIR */
	LGCTL_OPT_STATE_DIR = 1 << 1,     /* --state-dir DIR */
	LGCTL_OPT_DRY_RUN = 1 << 2,       /* --dry-run */
	LGCTL_OPT_FORCE_CONSOLE = 1 << 3, /* --force: take the console's GPU too */
	LGCTL_OPT_FORCE_STOP = 1 << 4,    /* --force: pull the VM's plug */
	/* Commands that move devices between drivers. */
	LGCTL_OPT_BINDING = LGCTL_OPT_ROOT | LGCTL_OPT_STATE_DIR | LGCTL_OPT_DRY_RUN,
};

/*
 * Parses argv with `entries` (may be NULL) plus the shared options in
 * `common` (enum lgctl_common_opt); fills ctx from them (the real system and
 * the default state directory for those not taken). false (and prints the
 * usage error) on a bad option.
 */
bool lgctl_parse(int *argc, char ***argv, const char *params, const char *summary,
		 unsigned common, const GOptionEntry *entries, struct lgctl_ctx *ctx);

int lgctl_cmd_vfio(int argc, char **argv);
int lgctl_cmd_shm(int argc, char **argv);
int lgctl_cmd_doctor(int argc, char **argv);
int lgctl_cmd_vm(int argc, char **argv);
int lgctl_cmd_up(int argc, char **argv);
int lgctl_cmd_down(int argc, char **argv);
int lgctl_cmd_hook(int argc, char **argv);
int lgctl_cmd_reset(int argc, char **argv);

#endif /* LGCTL_CMD_H */
