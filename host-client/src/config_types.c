// SPDX-License-Identifier: GPL-2.0-or-later
/* The type handlers of the configuration: parse, describe and print a value
 * of each option type. */
#define G_LOG_DOMAIN "lgview-config"
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "config.h"
#include "config_priv.h"

/* Type handlers --------------------------------------------------------- */

void *lgv_cfg_field(struct lgv_options *opt, const struct lgv_option_def *d, int i)
{
	return (char *)opt + d->offset[i];
}

const void *lgv_cfg_cfield(const struct lgv_options *opt, const struct lgv_option_def *d, int i)
{
	return (const char *)opt + d->offset[i];
}

/* A whole decimal integer in min..max ending at term; *end points at term. */
static bool parse_int_to(const char *s, char term, int min, int max, int *out, const char **end)
{
	const char *p = s + (*s == '-' || *s == '+');
	char *e;
	long long v;

	if (!g_ascii_isdigit(*p))
		return false;
	errno = 0;
	v = strtoll(s, &e, 10);
	if (errno || *e != term || v < min || v > max)
		return false;
	*out = (int)v;
	if (end)
		*end = e;
	return true;
}

/* "AxB" with both in min..max. */
static bool parse_pair(const char *s, int min, int max, int *a, int *b)
{
	const char *x;
	int va, vb;

	if (!parse_int_to(s, 'x', min, max, &va, &x) ||
	    !parse_int_to(x + 1, '\0', min, max, &vb, NULL))
		return false;
	*a = va;
	*b = vb;
	return true;
}

bool lgv_config_parse_size(const char *s, int *w, int *h)
{
	return parse_pair(s, 1, LGV_CONFIG_SIZE_MAX, w, h);
}

static void set_string(struct lgv_options *opt, const struct lgv_option_def *d, const char *v)
{
	char **p = lgv_cfg_field(opt, d, 0);
	g_free(*p);
	*p = g_strdup(v);
}

static bool set_bool(const struct lgv_option_def *d, struct lgv_options *opt, const char *v)
{
	static const char *const yes[] = {"yes", "true", "on", "1"};
	static const char *const no[] = {"no", "false", "off", "0"};

	for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
		if (!g_ascii_strcasecmp(v, yes[i]) || !g_ascii_strcasecmp(v, no[i])) {
			*(bool *)lgv_cfg_field(opt, d, 0) = !g_ascii_strcasecmp(v, yes[i]);
			return true;
		}
	}
	return false;
}

static bool set_int(const struct lgv_option_def *d, struct lgv_options *opt, const char *v)
{
	return parse_int_to(v, '\0', d->min, d->max, lgv_cfg_field(opt, d, 0), NULL);
}

static bool set_int_enum(const struct lgv_option_def *d, struct lgv_options *opt, const char *v)
{
	int n, c;

	if (!parse_int_to(v, '\0', INT_MIN, INT_MAX, &n, NULL))
		return false;
	for (const char *const *ch = d->choices; *ch; ch++) {
		if (parse_int_to(*ch, '\0', INT_MIN, INT_MAX, &c, NULL) && c == n) {
			*(int *)lgv_cfg_field(opt, d, 0) = n;
			return true;
		}
	}
	return false;
}

static bool set_str(const struct lgv_option_def *d, struct lgv_options *opt, const char *v)
{
	set_string(opt, d, v);
	return true;
}

/* Stores the table's spelling so that users of the field can strcmp. */
static bool set_choice(const struct lgv_option_def *d, struct lgv_options *opt, const char *v)
{
	for (const char *const *ch = d->choices; *ch; ch++) {
		if (!g_ascii_strcasecmp(v, *ch)) {
			set_string(opt, d, *ch);
			return true;
		}
	}
	return false;
}

static bool set_size(const struct lgv_option_def *d, struct lgv_options *opt, const char *v)
{
	return parse_pair(v, d->min, d->max, lgv_cfg_field(opt, d, 0), lgv_cfg_field(opt, d, 1));
}

static bool set_size_string(const struct lgv_option_def *d, struct lgv_options *opt, const char *v)
{
	int w, h;
	char buf[32];

	if (!parse_pair(v, d->min, d->max, &w, &h))
		return false;
	snprintf(buf, sizeof(buf), "%dx%d", w, h);
	set_string(opt, d, buf);
	return true;
}

static bool set_position(const struct lgv_option_def *d, struct lgv_options *opt, const char *v)
{
	bool center = !g_ascii_strcasecmp(v, "center");
	int x = 0, y = 0;

	if (!center && !parse_pair(v, d->min, d->max, &x, &y))
		return false;
	*(bool *)lgv_cfg_field(opt, d, 0) = center;
	*(int *)lgv_cfg_field(opt, d, 1) = x;
	*(int *)lgv_cfg_field(opt, d, 2) = y;
	return true;
}

static void describe_choices(const struct lgv_option_def *d, GString *out)
{
	g_string_append(out, "one of ");
	for (const char *const *ch = d->choices; *ch; ch++)
		g_string_append_printf(out, "%s%s", ch == d->choices ? "" : ", ", *ch);
}

void lgv_cfg_describe(const struct lgv_option_def *d, GString *out)
{
	switch (d->type) {
	case LGV_OPT_BOOL:
		g_string_append(out, "a boolean (yes/no, true/false, on/off, 1/0)");
		break;
	case LGV_OPT_INT:
		g_string_append_printf(out, "an integer in %d..%d", d->min, d->max);
		break;
	case LGV_OPT_INT_ENUM:
	case LGV_OPT_CHOICE:
		describe_choices(d, out);
		break;
	case LGV_OPT_STRING:
		g_string_append(out, "a string");
		break;
	case LGV_OPT_SIZE:
	case LGV_OPT_SIZE_STRING:
		g_string_append_printf(out, "WxH with W and H in %d..%d", d->min, d->max);
		break;
	case LGV_OPT_POSITION:
		g_string_append_printf(out, "center or XxY with X and Y in %d..%d", d->min, d->max);
		break;
	case LGV_OPT_CONFIG_FILE:
		g_string_append(out, "a file name");
		break;
	}
}

void lgv_cfg_format(const struct lgv_option_def *d, const struct lgv_options *opt, GString *out)
{
	const char *s;

	switch (d->type) {
	case LGV_OPT_BOOL:
		g_string_append(out, *(const bool *)lgv_cfg_cfield(opt, d, 0) ? "yes" : "no");
		break;
	case LGV_OPT_INT:
	case LGV_OPT_INT_ENUM:
		g_string_append_printf(out, "%d", *(const int *)lgv_cfg_cfield(opt, d, 0));
		break;
	case LGV_OPT_STRING:
	case LGV_OPT_CHOICE:
	case LGV_OPT_SIZE_STRING:
		s = *(char *const *)lgv_cfg_cfield(opt, d, 0);
		g_string_append(out, s ? s : "");
		break;
	case LGV_OPT_SIZE:
		g_string_append_printf(out, "%dx%d", *(const int *)lgv_cfg_cfield(opt, d, 0),
				       *(const int *)lgv_cfg_cfield(opt, d, 1));
		break;
	case LGV_OPT_POSITION:
		if (*(const bool *)lgv_cfg_cfield(opt, d, 0))
			g_string_append(out, "center");
		else
			g_string_append_printf(out, "%dx%d", *(const int *)lgv_cfg_cfield(opt, d, 1),
					       *(const int *)lgv_cfg_cfield(opt, d, 2));
		break;
	case LGV_OPT_CONFIG_FILE:
		break;
	}
}


/* Indexed by enum lgv_opt_type; CONFIG_FILE is handled by the loader. */
const lgv_cfg_setter lgv_cfg_setters[] = {
	[LGV_OPT_BOOL] = set_bool,
	[LGV_OPT_INT] = set_int,
	[LGV_OPT_INT_ENUM] = set_int_enum,
	[LGV_OPT_STRING] = set_str,
	[LGV_OPT_CHOICE] = set_choice,
	[LGV_OPT_SIZE] = set_size,
	[LGV_OPT_SIZE_STRING] = set_size_string,
	[LGV_OPT_POSITION] = set_position,
	[LGV_OPT_CONFIG_FILE] = NULL,
};

