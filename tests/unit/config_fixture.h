/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What lgview's configuration tests share: a temporary directory (also
 * $XDG_CONFIG_HOME) for the files they write, the warnings config.c logs,
 * and loading with arguments. */
#ifndef LGVIEW_CONFIG_FIXTURE_H
#define LGVIEW_CONFIG_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib.h>

#include "config.h"

extern char *cfg_tmp;         /* per-run temp dir, also $XDG_CONFIG_HOME */
extern GString *cfg_warnings; /* what config.c logged with g_warning */

/* A file under cfg_tmp with these bytes; the path (g_free it). */
char *cfg_write_file(const char *name, const char *text, size_t len);
char *cfg_write_text(const char *name, const char *text);

/* Loads with "lgview" + args (NULL-terminated); both files skipped unless given.
 * *o must hold a previous load or zeroes: its strings are freed first. */
enum lgv_config_result cfg_load_with(struct lgv_options *o, const char *sys, const char *user,
				     const char *const *args, char **err);
enum lgv_config_result cfg_load(struct lgv_options *o, const char *const *args, char **err);
/* Loads text as the user file, with args; the warnings are in cfg_warnings. */
enum lgv_config_result cfg_load_ini(struct lgv_options *o, const char *text,
				    const char *const *args, char **err, char **path);

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* Fails unless "section:key" reads as want. */
void cfg_assert_value(const struct lgv_options *o, const char *sk, const char *want);
/* Lines in s. */
size_t cfg_lines(const char *s);

/* Runs the group with the directory and the log handler set up, and
 * removes what the tests left. */
int cfg_run_group(const struct CMUnitTest *tests, size_t n);
#define CFG_RUN(tests) cfg_run_group(tests, sizeof(tests) / sizeof(tests[0]))

#endif
