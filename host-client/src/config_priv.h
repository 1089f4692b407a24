/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared between config.c (loading) and config_types.c (type handlers). */
#ifndef LGVIEW_CONFIG_PRIV_H
#define LGVIEW_CONFIG_PRIV_H

#include <glib.h>
#include <stdbool.h>

#include "config.h"

void *lgv_cfg_field(struct lgv_options *opt, const struct lgv_option_def *d, int i);
const void *lgv_cfg_cfield(const struct lgv_options *opt, const struct lgv_option_def *d, int i);
/* The accepted values of an option, for messages and --help. */
void lgv_cfg_describe(const struct lgv_option_def *d, GString *out);
/* The option's current value as it would be written in a file. */
void lgv_cfg_format(const struct lgv_option_def *d, const struct lgv_options *opt, GString *out);

typedef bool (*lgv_cfg_setter)(const struct lgv_option_def *d, struct lgv_options *opt,
			       const char *v);
/* Indexed by enum lgv_opt_type; CONFIG_FILE is handled by the loader. */
extern const lgv_cfg_setter lgv_cfg_setters[];

#endif
