/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The option table rendered for people and for tools: --help, the scdoc
 * source of lgview(1) and lgview.ini(5), and the list the shell completions
 * read. One table, so that none of them can drift from what lgview accepts.
 */
#include <string.h>

#include "config_priv.h"

static const char *const format_names[] = {
	[LGV_HELP_TEXT] = "text",
	[LGV_HELP_SCDOC] = "scdoc",
	[LGV_HELP_SCDOC_INI] = "scdoc-ini",
	[LGV_HELP_LIST] = "list",
};

bool lgv_help_format_parse(const char *name, enum lgv_help_format *out)
{
	for (size_t i = 0; name && i < G_N_ELEMENTS(format_names); i++)
		if (!strcmp(name, format_names[i])) {
			*out = (enum lgv_help_format)i;
			return true;
		}
	return false;
}

static void append_default(const struct lgv_option_def *d, GString *out)
{
	char **alt;

	if (d->type == LGV_OPT_CONFIG_FILE || !d->def) {
		g_string_append(out, "none");
	} else if (!*d->def) {
		g_string_append(out, "\"\"");
	} else if (d->flags & LGV_OPT_F_FIRST_EXISTING) {
		alt = g_strsplit(d->def, "|", -1);
		for (size_t k = 0; alt[k]; k++)
			g_string_append_printf(out, "%s%s%s", k ? ", else " : "", alt[k],
					       alt[k + 1] ? " if present" : "");
		g_strfreev(alt);
	} else {
		g_string_append(out, d->def);
	}
}

static bool takes_value(const struct lgv_option_def *d)
{
	return d->type != LGV_OPT_BOOL;
}

static const char *arg_of(const struct lgv_option_def *d)
{
	return d->arg_name ? d->arg_name : "VALUE";
}

static bool new_section(const struct lgv_option_def *t, size_t i)
{
	return !i || strcmp(t[i].section, t[i - 1].section);
}

/* ---- --help ---- */

static void text_intro(GString *s)
{
	g_string_append(s, "Usage: lgview [FLAG]... [section:key[=value]]...\n\n"
			   "Options are read from " LGV_CONFIG_SYSTEM_FILE ", then\n"
			   "$XDG_CONFIG_HOME/lgview/lgview.ini, then -C FILE, then the command "
			   "line;\nthe last one wins. Files are INI: [section] then key=value.\n"
			   "A boolean named without a value, or its short flag, toggles it.\n"
			   "Looking Glass options that lgview does not have yet are ignored, "
			   "with a warning.\n\n"
			   "  -h, --help\n      Show this help and exit.\n"
			   "  --help-format FORMAT\n      Print the options as text (this help), "
			   "scdoc (lgview(1)), scdoc-ini\n      (lgview.ini(5)) or list (for shell "
			   "completion), and exit.\n");
}

static void text_option(const struct lgv_option_def *d, GString *s)
{
	bool takes = takes_value(d);

	g_string_append_printf(s, "  %s:%s", d->section, d->key);
	if (d->short_flag)
		g_string_append_printf(s, ", -%c%s%s", d->short_flag, takes ? " " : "",
				       takes ? arg_of(d) : "");
	if (d->long_flag)
		g_string_append_printf(s, ", --%s%s%s", d->long_flag, takes ? " " : "",
				       takes ? arg_of(d) : "");
	g_string_append_printf(s, "\n      %s\n      ", d->help);
	lgv_cfg_describe(d, s);
	g_string_append(s, "; default: ");
	append_default(d, s);
	g_string_append_c(s, '\n');
}

/* ---- scdoc ---- */

/* scdoc reads * and _ as emphasis and \ as an escape. */
static void scdoc_escaped(GString *s, const char *text)
{
	for (const char *c = text; *c; c++) {
		if (*c == '*' || *c == '_' || *c == '\\')
			g_string_append_c(s, '\\');
		g_string_append_c(s, *c);
	}
}

static void scdoc_body(const struct lgv_option_def *d, GString *s)
{
	GString *more = g_string_new(NULL);

	g_string_append_c(s, '\t');
	scdoc_escaped(s, d->help);
	g_string_append(more, " Value: ");
	lgv_cfg_describe(d, more);
	g_string_append(more, "; default: ");
	append_default(d, more);
	g_string_append(more, ".");
	scdoc_escaped(s, more->str);
	g_string_append(s, "\n\n");
	g_string_free(more, TRUE);
}

static void scdoc_option(const struct lgv_option_def *d, bool ini, GString *s)
{
	bool takes = takes_value(d);

	g_string_append(s, "*");
	if (!ini) {
		scdoc_escaped(s, d->section);
		g_string_append_c(s, ':');
	}
	scdoc_escaped(s, d->key);
	g_string_append(s, "*=_");
	scdoc_escaped(s, takes ? arg_of(d) : "yes|no");
	g_string_append(s, "_");
	if (!ini && d->short_flag) {
		g_string_append_printf(s, ", *-%c*", d->short_flag);
		if (takes) {
			g_string_append(s, " _");
			scdoc_escaped(s, arg_of(d));
			g_string_append(s, "_");
		}
	}
	if (!ini && d->long_flag) {
		g_string_append(s, ", *--");
		scdoc_escaped(s, d->long_flag);
		g_string_append(s, "*");
		if (takes) {
			g_string_append(s, " _");
			scdoc_escaped(s, arg_of(d));
			g_string_append(s, "_");
		}
	}
	g_string_append_c(s, '\n');
	scdoc_body(d, s);
}

/* ---- the completions' list ---- */

static const char *kind_of(const struct lgv_option_def *d)
{
	switch (d->type) {
	case LGV_OPT_BOOL:
		return "bool";
	case LGV_OPT_INT:
		return "int";
	case LGV_OPT_INT_ENUM:
	case LGV_OPT_CHOICE:
		return "choice";
	case LGV_OPT_SIZE:
	case LGV_OPT_SIZE_STRING:
		return "size";
	case LGV_OPT_POSITION:
		return "position";
	case LGV_OPT_CONFIG_FILE:
		return "file";
	case LGV_OPT_STRING:
		break;
	}
	if (d->arg_name && (!strcmp(d->arg_name, "FILE") || !strcmp(d->arg_name, "PATH")))
		return "file";
	return "string";
}

static void list_option(const struct lgv_option_def *d, GString *s)
{
	g_string_append_printf(s, "%s:%s\t", d->section, d->key);
	if (d->short_flag)
		g_string_append_printf(s, "-%c\t", d->short_flag);
	else
		g_string_append(s, "-\t");
	g_string_append_printf(s, "%s%s\t%s\t%s\t", d->long_flag ? "--" : "-",
			       d->long_flag ? d->long_flag : "", kind_of(d), arg_of(d));
	/* The default as written in a file; the first of a list of paths. */
	if (d->type == LGV_OPT_CONFIG_FILE || !d->def || !*d->def)
		g_string_append(s, "-");
	else
		g_string_append_len(s, d->def, (gssize)strcspn(d->def, "|"));
	g_string_append_c(s, '\t');
	if (d->type == LGV_OPT_BOOL)
		g_string_append(s, "yes no");
	else if (d->choices)
		for (const char *const *ch = d->choices; *ch; ch++)
			g_string_append_printf(s, "%s%s", ch == d->choices ? "" : " ", *ch);
	else
		g_string_append(s, "-");
	g_string_append_c(s, '\n');
}

char *lgv_config_help_format(enum lgv_help_format format)
{
	size_t count;
	const struct lgv_option_def *t = lgv_config_table(&count);
	GString *s = g_string_new(NULL);
	const char *section = NULL; /* the last one scdoc opened */

	if (format == LGV_HELP_TEXT)
		text_intro(s);
	for (size_t i = 0; i < count; i++) {
		const struct lgv_option_def *d = &t[i];

		switch (format) {
		case LGV_HELP_TEXT:
			if (new_section(t, i))
				g_string_append_printf(s, "\n[%s]\n", d->section);
			text_option(d, s);
			break;
		case LGV_HELP_SCDOC:
		case LGV_HELP_SCDOC_INI:
			/* app:configFile names a file: it cannot be in one. */
			if (format == LGV_HELP_SCDOC_INI && d->type == LGV_OPT_CONFIG_FILE)
				break;
			if (!section || strcmp(section, d->section))
				g_string_append_printf(s, "## [%s]\n\n", d->section);
			section = d->section;
			scdoc_option(d, format == LGV_HELP_SCDOC_INI, s);
			break;
		case LGV_HELP_LIST:
			list_option(d, s);
			break;
		}
	}
	return g_string_free(s, FALSE);
}

char *lgv_config_help(void)
{
	return lgv_config_help_format(LGV_HELP_TEXT);
}
