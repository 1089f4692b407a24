/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The configuration mechanism: one handler per option type, the layered
 * loading (defaults, files, command line) and the help text. What the
 * options are lives in config_table.c; nothing here names one.
 */
#define G_LOG_DOMAIN "lgview-config"
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>

#include "config.h"
#include "config_priv.h"

#define MAX_FILE_SIZE (1 << 20) /* a config file is a few KiB; refuse anything huge */
#define SHOWN_MAX 64		/* bytes of a bad value quoted in a message */

static bool owns_string(const struct lgv_option_def *d)
{
	return d->type == LGV_OPT_STRING || d->type == LGV_OPT_CHOICE ||
	       d->type == LGV_OPT_SIZE_STRING;
}

/* Lookups --------------------------------------------------------------- */

static bool eq_n(const char *s, const char *p, size_t n, bool nocase)
{
	return strlen(s) == n && !(nocase ? g_ascii_strncasecmp(s, p, n) : memcmp(s, p, n));
}

/* Whether section:key is sec:key (kn == SIZE_MAX: any key in sec). */
static bool names_match(const char *section, const char *key, const char *sec, size_t sn,
			const char *k, size_t kn, bool nocase)
{
	return eq_n(section, sec, sn, nocase) && (kn == SIZE_MAX || eq_n(key, k, kn, nocase));
}

/* By section and key (kn == SIZE_MAX: any key in the section), or by flag. */
static const struct lgv_option_def *find(const char *sec, size_t sn, const char *key, size_t kn,
					 bool nocase)
{
	size_t count;
	const struct lgv_option_def *t = lgv_config_table(&count);

	for (size_t i = 0; i < count; i++)
		if (names_match(t[i].section, t[i].key, sec, sn, key, kn, nocase))
			return &t[i];
	return NULL;
}

/* The same among the Looking Glass options lgview lacks. */
static const struct lgv_foreign_option *find_foreign(const char *sec, size_t sn, const char *key,
						     size_t kn, bool nocase)
{
	size_t count;
	const struct lgv_foreign_option *f = lgv_config_foreign(&count);

	for (size_t i = 0; i < count; i++)
		if (names_match(f[i].section, f[i].key, sec, sn, key, kn, nocase))
			return &f[i];
	return NULL;
}

static const struct lgv_option_def *find_flag(char c, const char *lng, size_t ln)
{
	size_t count;
	const struct lgv_option_def *t = lgv_config_table(&count);

	for (size_t i = 0; i < count; i++)
		if (c ? t[i].short_flag == c
		      : t[i].long_flag && eq_n(t[i].long_flag, lng, ln, false))
			return &t[i];
	return NULL;
}

static const struct lgv_foreign_option *find_foreign_flag(char c)
{
	size_t count;
	const struct lgv_foreign_option *f = lgv_config_foreign(&count);

	for (size_t i = 0; i < count; i++)
		if (f[i].short_flag == c)
			return &f[i];
	return NULL;
}

/* Whether lgview or the Looking Glass client has options in the section. */
static bool known_section(const char *sec, size_t sn)
{
	return find(sec, sn, NULL, SIZE_MAX, false) || find_foreign(sec, sn, NULL, SIZE_MAX, false);
}

/* A value or name as it may be quoted in a message: escaped, cut short. */
static char *shown(const char *v, size_t n)
{
	char *cut = g_strndup(v, MIN(n, SHOWN_MAX));
	char *esc = g_strescape(cut, NULL);
	char *out = g_strconcat(esc, n > SHOWN_MAX ? "..." : "", NULL);

	g_free(cut);
	g_free(esc);
	return out;
}

/* The one warning for a Looking Glass option lgview lacks, from origin (a
 * file or the command line). */
static void warn_foreign(const char *origin, const struct lgv_foreign_option *f)
{
	char *note = f->note ? g_strdup_printf(" (%s)", f->note) : g_strdup("");

	if (find(f->section, strlen(f->section), NULL, SIZE_MAX, false))
		g_warning("%s: %s:%s: lgview does not have this Looking Glass option yet%s; "
			  "ignored",
			  origin, f->section, f->key, note);
	else
		g_warning("%s: %s:%s: lgview has no [%s] options yet%s; ignored", origin,
			  f->section, f->key, f->section, note);
	g_free(note);
}

/* Loading -------------------------------------------------------------- */

static bool fail(char **err, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static bool fail(char **err, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		va_start(ap, fmt);
		*err = g_strdup_vprintf(fmt, ap);
		va_end(ap);
	}
	return false;
}

/* value NULL toggles a boolean (the parser lets nothing else through). */
static bool assign(struct lgv_options *opt, const struct lgv_option_def *d, const char *value,
		   const char *origin, char **err)
{
	GString *acc;
	char *v;

	if (!value) {
		bool *b = lgv_cfg_field(opt, d, 0);
		*b = !*b;
		return true;
	}
	if (lgv_cfg_setters[d->type](d, opt, value))
		return true;
	acc = g_string_new(NULL);
	lgv_cfg_describe(d, acc);
	v = shown(value, strlen(value));
	fail(err, "%s:%s: '%s' is not %s (%s)", d->section, d->key, v, acc->str, origin);
	g_free(v);
	g_string_free(acc, TRUE);
	return false;
}

static bool apply_defaults(struct lgv_options *opt, char **err)
{
	size_t count;
	const struct lgv_option_def *t = lgv_config_table(&count);

	for (size_t i = 0; i < count; i++) {
		const struct lgv_option_def *d = &t[i];
		char **alt;
		bool ok;

		if (d->type == LGV_OPT_CONFIG_FILE || !d->def)
			continue;
		if (!(d->flags & LGV_OPT_F_FIRST_EXISTING)) {
			if (!assign(opt, d, d->def, "built-in default", err))
				return false;
			continue;
		}
		alt = g_strsplit(d->def, "|", -1);
		size_t k = 0;
		while (alt[k + 1] && !g_file_test(alt[k], G_FILE_TEST_EXISTS))
			k++;
		ok = assign(opt, d, alt[k], "built-in default", err);
		g_strfreev(alt);
		if (!ok)
			return false;
	}
	return true;
}

/* GKeyFile keeps trailing blanks ("rotate = 90 "); drop the literal ones, as
 * Looking Glass does, but keep an escaped "\s". */
static void drop_trailing_blanks(GKeyFile *kf, const char *group, const char *key, char *value)
{
	char *raw = g_key_file_get_value(kf, group, key, NULL);
	size_t n = raw ? strlen(raw) : 0, len = strlen(value);

	while (n && len && (raw[n - 1] == ' ' || raw[n - 1] == '\t')) {
		value[--len] = '\0';
		n--;
	}
	g_free(raw);
}

/* A key of a file that sets nothing (d: lgview's option, if it has one). */
static void skip_key(const char *path, const char *group, const char *key,
		     const struct lgv_option_def *d)
{
	const struct lgv_foreign_option *f =
		d ? NULL : find_foreign(group, strlen(group), key, strlen(key), false);
	char *k;

	if (f) {
		warn_foreign(path, f);
		return;
	}
	k = shown(key, strlen(key));
	g_warning("%s: %s:%s %s; ignored", path, group, k,
		  d ? "is read from the command line only" : "is not a known option");
	g_free(k);
}

static bool apply_group(struct lgv_options *opt, GKeyFile *kf, const char *path, const char *group,
			char **err)
{
	char **keys = g_key_file_get_keys(kf, group, NULL, NULL);
	bool ok = true;

	for (size_t i = 0; ok && keys && keys[i]; i++) {
		const struct lgv_option_def *d =
			find(group, strlen(group), keys[i], strlen(keys[i]), false);
		GError *e = NULL;
		char *value, *k;

		if (!d || d->type == LGV_OPT_CONFIG_FILE) {
			skip_key(path, group, keys[i], d);
			continue;
		}
		value = g_key_file_get_string(kf, group, keys[i], &e);
		if (value) {
			drop_trailing_blanks(kf, group, keys[i], value);
			ok = assign(opt, d, value, path, err);
		} else { /* not UTF-8: quote it escaped rather than GLib's raw message */
			value = g_key_file_get_value(kf, group, keys[i], NULL);
			k = shown(value ? value : "", value ? strlen(value) : 0);
			ok = fail(err, "%s:%s: '%s' is not valid UTF-8 (%s)", d->section, d->key, k,
				  path);
			g_free(k);
			g_clear_error(&e);
		}
		g_free(value);
	}
	g_strfreev(keys);
	return ok;
}

/* Looking Glass's files may use ';' comments, which GKeyFile does not know. */
static void semicolon_comments(char *text)
{
	for (char *line = text; line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		char *p = line + strspn(line, " \t");
		if (*p == ';')
			*p = '#';
	}
}

/* A missing file is skipped unless required; anything else wrong is an error. */
static bool load_file(struct lgv_options *opt, const char *path, bool required, char **err)
{
	struct stat st;
	GKeyFile *kf;
	GError *e = NULL;
	char **groups, *text;
	gsize len;
	bool ok = true;

	if (stat(path, &st) != 0) {
		if (errno == ENOENT && !required)
			return true;
		return fail(err, "config file '%s': %s", path, g_strerror(errno));
	}
	if (!S_ISREG(st.st_mode))
		return fail(err, "config file '%s': not a regular file", path);
	if (st.st_size > MAX_FILE_SIZE)
		return fail(err, "config file '%s': larger than %d bytes", path, MAX_FILE_SIZE);

	if (!g_file_get_contents(path, &text, &len, &e)) {
		fail(err, "config file '%s': %s", path, e->message);
		g_error_free(e);
		return false;
	}
	semicolon_comments(text);
	kf = g_key_file_new();
	ok = g_key_file_load_from_data(kf, text, len, G_KEY_FILE_NONE, &e);
	g_free(text);
	if (!ok) {
		fail(err, "config file '%s': %s", path, e->message);
		g_error_free(e);
		g_key_file_free(kf);
		return false;
	}
	groups = g_key_file_get_groups(kf, NULL);
	for (size_t i = 0; ok && groups[i]; i++) {
		if (known_section(groups[i], strlen(groups[i]))) {
			ok = apply_group(opt, kf, path, groups[i], err);
		} else {
			char *g = shown(groups[i], strlen(groups[i]));
			g_warning("%s: unknown section [%s]; ignored", path, g);
			g_free(g);
		}
	}
	g_strfreev(groups);
	g_key_file_free(kf);
	return ok;
}

/* One option of the command line: lgview's (d) or one it lacks (foreign). */
struct pending {
	const struct lgv_option_def *d;
	const struct lgv_foreign_option *foreign;
	const char *value; /* into argv; NULL: toggle */
};

static bool unknown_word(const char *a, size_t n, char **err)
{
	const char *colon = memchr(a, ':', n), *key = colon + 1;
	size_t sn = colon - a, kn = n - sn - 1;
	const struct lgv_option_def *near = find(a, sn, key, kn, true);
	const struct lgv_foreign_option *near_lg = near ? NULL : find_foreign(a, sn, key, kn, true);
	char *s = shown(a, n);
	bool r;

	if (near || near_lg)
		r = fail(err, "unknown option '%s' (command line); did you mean %s:%s? See --help",
			 s, near ? near->section : near_lg->section,
			 near ? near->key : near_lg->key);
	else if (!known_section(a, sn))
		r = fail(err, "unknown section in '%s' (command line); see --help", s);
	else
		r = fail(err, "unknown option '%s' (command line); see --help", s);
	g_free(s);
	return r;
}

static bool bad_arg(const char *what, const char *a, const char *hint, char **err)
{
	char *s = shown(a, strlen(a));

	fail(err, "%s '%s' (command line)%s; see --help", what, s, hint);
	g_free(s);
	return false;
}

/* `section:key[=value]` into *p. */
static bool parse_word(const char *a, struct pending *p, char **err)
{
	const char *eq = strchr(a, '=');
	size_t n = eq ? (size_t)(eq - a) : strlen(a);
	const char *colon = memchr(a, ':', n);

	if (!colon)
		return bad_arg("unexpected argument", a, ": options are section:key=value or flags",
			       err);
	size_t sn = colon - a, kn = n - sn - 1;
	p->d = find(a, sn, colon + 1, kn, false);
	p->value = eq ? eq + 1 : NULL;
	if (!p->d) { /* one lgview lacks is ignored later, with a warning, whatever its value */
		p->foreign = find_foreign(a, sn, colon + 1, kn, false);
		return p->foreign ? true : unknown_word(a, n, err);
	}
	if (p->value || p->d->type == LGV_OPT_BOOL)
		return true;
	return fail(err, "%s:%s needs a value: %s:%s=%s (command line); see --help", p->d->section,
		    p->d->key, p->d->section, p->d->key, p->d->arg_name ? p->d->arg_name : "VALUE");
}

/* A short flag of a Looking Glass option lgview lacks: taken with its
 * argument, if it has one, to be ignored with a warning. */
static bool parse_foreign_flag(int argc, char **argv, int *i, struct pending *p, char **err)
{
	const char *a = argv[*i];

	p->foreign = find_foreign_flag(a[1]);
	if (!p->foreign || (a[2] && !p->foreign->takes_value))
		return bad_arg("unknown option", a, "", err);
	if (p->foreign->takes_value && !a[2] && ++*i >= argc)
		return fail(err, "%s needs a value (%s:%s, command line); see --help", a,
			    p->foreign->section, p->foreign->key);
	return true;
}

/* One argument (two when a flag takes the next one) into *p; *i advances.
 * Short boolean flags toggle, as in Looking Glass; long ones (--demo) set. */
static bool parse_arg(int argc, char **argv, int *i, struct pending *p, char **err)
{
	const char *a = argv[*i], *inline_value = NULL;

	*p = (struct pending){0};
	if (a[0] != '-')
		return parse_word(a, p, err);
	if (a[1] == '-' && a[2]) {
		const char *eq = strchr(a + 2, '=');
		p->d = find_flag(0, a + 2, eq ? (size_t)(eq - a - 2) : strlen(a + 2));
		inline_value = eq ? eq + 1 : NULL;
		if (p->d && p->d->type == LGV_OPT_BOOL) {
			p->value = inline_value ? inline_value : "yes";
			return true;
		}
	} else if (a[1] && a[1] != '-') {
		p->d = find_flag(a[1], NULL, 0);
		if (!p->d)
			return parse_foreign_flag(argc, argv, i, p, err);
		inline_value = a[2] ? a + 2 : NULL; /* -K60 */
		if (p->d && p->d->type == LGV_OPT_BOOL) {
			p->value = NULL;
			return inline_value ? bad_arg("unknown option", a, "", err) : true;
		}
	} else {
		p->d = NULL;
	}
	if (!p->d)
		return bad_arg("unknown option", a, "", err);
	p->value = inline_value ? inline_value : *i + 1 < argc ? argv[++*i] : NULL;
	if (!p->value)
		return fail(err, "%s needs a value (%s:%s, command line); see --help", a,
			    p->d->section, p->d->key);
	return true;
}

/* -h, --help, --help-format FORMAT or --help-format=FORMAT at argv[*i]. */
static char *help_for(int argc, char **argv, int *i, char **err)
{
	const char *a = argv[*i], *name = NULL;
	enum lgv_help_format f = LGV_HELP_TEXT;

	if (!strncmp(a, "--help-format=", 14))
		name = a + 14;
	else if (!strcmp(a, "--help-format"))
		name = *i + 1 < argc ? argv[++*i] : "";
	else if (strcmp(a, "-h") && strcmp(a, "--help")) {
		fail(err, "unknown option '%s' (command line); see --help", a);
		return NULL;
	}
	if (name && !lgv_help_format_parse(name, &f)) {
		fail(err, "--help-format must be text, scdoc, scdoc-ini or list, not '%s'", name);
		return NULL;
	}
	return lgv_config_help_format(f);
}

enum lgv_config_result lgv_config_load(struct lgv_options *opt, int argc, char **argv,
				       const struct lgv_config_paths *paths, char **err)
{
	const char *sys = paths && paths->system_file ? paths->system_file : LGV_CONFIG_SYSTEM_FILE;
	char *user = paths && paths->user_file ? g_strdup(paths->user_file)
					       : g_build_filename(g_get_user_config_dir(), "lgview",
								  "lgview.ini", NULL);
	GArray *cli = g_array_new(FALSE, FALSE, sizeof(struct pending));
	enum lgv_config_result r = LGV_CONFIG_ERROR;
	struct pending *p;
	char *help;

	if (err)
		*err = NULL;
	memset(opt, 0, sizeof(*opt));
	for (int i = 1; i < argc; i++) {
		struct pending pe;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help") ||
		    !strncmp(argv[i], "--help-format", 13)) {
			if (!(help = help_for(argc, argv, &i, err)))
				goto out;
			fputs(help, stdout);
			g_free(help);
			r = LGV_CONFIG_EXIT_OK;
			goto out;
		}
		if (!parse_arg(argc, argv, &i, &pe, err))
			goto out;
		g_array_append_val(cli, pe);
	}

	if (!apply_defaults(opt, err))
		goto out;
	if (*sys && !load_file(opt, sys, false, err))
		goto out;
	if (*user && !load_file(opt, user, false, err))
		goto out;
	for (guint i = 0; i < cli->len; i++) {
		p = &g_array_index(cli, struct pending, i);
		if (p->d && p->d->type == LGV_OPT_CONFIG_FILE &&
		    !load_file(opt, p->value, true, err))
			goto out;
	}
	for (guint i = 0; i < cli->len; i++) {
		p = &g_array_index(cli, struct pending, i);
		if (p->foreign)
			warn_foreign("command line", p->foreign);
		else if (p->d->type != LGV_OPT_CONFIG_FILE &&
			 !assign(opt, p->d, p->value, "command line", err))
			goto out;
	}
	r = LGV_CONFIG_OK;
out:
	if (r != LGV_CONFIG_OK)
		lgv_options_finish(opt);
	g_array_free(cli, TRUE);
	g_free(user);
	return r;
}

void lgv_options_finish(struct lgv_options *opt)
{
	size_t count;
	const struct lgv_option_def *t = lgv_config_table(&count);

	for (size_t i = 0; i < count; i++)
		if (owns_string(&t[i]))
			g_clear_pointer((char **)lgv_cfg_field(opt, &t[i], 0), g_free);
	memset(opt, 0, sizeof(*opt));
}

/* Inspection ------------------------------------------------------------ */

char *lgv_config_value_string(const struct lgv_options *opt, const char *section_key)
{
	const char *colon = strchr(section_key, ':');
	const struct lgv_option_def *d;
	GString *s;

	if (!colon)
		return NULL;
	d = find(section_key, colon - section_key, colon + 1, strlen(colon + 1), false);
	if (!d)
		return NULL;
	s = g_string_new(NULL);
	lgv_cfg_format(d, opt, s);
	return g_string_free(s, FALSE);
}
