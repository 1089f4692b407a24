/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lgview's configuration layer: fills struct lgv_options from defaults, the
 * system and user INI files (GKeyFile), a -C file and the command line, in
 * that order. Everything about an option (name, short and long flag, type,
 * default, help, accepted values, field) lives in one table, config_table.c;
 * config.c holds only the mechanism and one handler per type.
 *
 * Threads: call from the main thread before any other thread starts; nothing
 * here keeps state between calls. Strings returned are freed with g_free().
 */
#ifndef LGVIEW_CONFIG_H
#define LGVIEW_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "options.h"

/* Where the layers come from; NULL members mean the real locations, "" means
 * "skip this layer". Tests pass their own. */
struct lgv_config_paths {
	const char *system_file; /* default /etc/lgview/lgview.ini */
	const char *user_file;	 /* default $XDG_CONFIG_HOME/lgview/lgview.ini */
};

enum lgv_config_result {
	LGV_CONFIG_OK,
	LGV_CONFIG_EXIT_OK, /* --help printed: exit 0 */
	LGV_CONFIG_ERROR,   /* message in *err: exit non-zero */
};

/*
 * Overwrites *opt with the defaults, then applies in order: the system file,
 * the user file, every -C FILE / --config FILE / app:configFile=FILE, then
 * the command line (argv[0] is the program name): `section:key=value`,
 * `section:key` alone for booleans (toggles the current value, as Looking
 * Glass does), short flags (booleans toggle, others take the next argument)
 * and the long forms --help, --demo and --config FILE. Missing files at the
 * default locations are skipped; a -C file that is missing is an error.
 * Unknown sections and keys in files are warned about (g_warning, domain
 * "lgview-config") and skipped; on the command line they are errors, except
 * the Looking Glass options lgview lacks (lgv_config_foreign()), which get
 * the same warning in both places.
 *
 * On LGV_CONFIG_ERROR, *err (if err is not NULL) gets a message naming the
 * option, the bad value, the accepted values and where it came from. In every
 * case *opt may be passed to lgv_options_finish(); after an error or
 * LGV_CONFIG_EXIT_OK it holds no strings.
 */
enum lgv_config_result lgv_config_load(struct lgv_options *opt, int argc, char **argv,
				       const struct lgv_config_paths *paths, char **err);

/* Frees the strings and zeroes *opt; safe to call twice. */
void lgv_options_finish(struct lgv_options *opt);

/* The system-wide file, read first. */
#define LGV_CONFIG_SYSTEM_FILE "/etc/lgview/lgview.ini"

/*
 * Every option rendered from the table, so that the help, the manual and the
 * shell completions never drift apart (config_help.c):
 *   TEXT       what --help prints: section:key, flags, accepted values,
 *              default and help;
 *   SCDOC      the options as scdoc, for lgview(1) (flags and section:key);
 *   SCDOC_INI  the same as INI keys by [section], for lgview.ini(5);
 *   LIST       one line an option for the completions, fields separated by
 *              a tab, "-" for none: section:key, short flag, long flag,
 *              kind (bool, choice, int, size, position, string, file),
 *              argument name, default, then the accepted values separated
 *              by spaces (choices; "yes no" for a boolean).
 * lgview --help-format FORMAT prints one of them.
 */
enum lgv_help_format { LGV_HELP_TEXT, LGV_HELP_SCDOC, LGV_HELP_SCDOC_INI, LGV_HELP_LIST };
bool lgv_help_format_parse(const char *name, enum lgv_help_format *out);
char *lgv_config_help_format(enum lgv_help_format format);
/* lgv_config_help_format(LGV_HELP_TEXT). */
char *lgv_config_help(void);

/* The effective value of "section:key" as it would be written in a file
 * (app:configFile, which has no field, reads as ""); NULL if there is no such
 * option. For tests and `lgview --dump-config`. */
char *lgv_config_value_string(const struct lgv_options *opt, const char *section_key);

#define LGV_CONFIG_SIZE_MAX 16384

/* Parses "WxH" with W and H in 1..LGV_CONFIG_SIZE_MAX, as app:demoSize and
 * win:size accept (app:demoSize stays a string in struct lgv_options). */
bool lgv_config_parse_size(const char *s, int *w, int *h);

/* The table ------------------------------------------------------------- */

enum lgv_opt_type {
	LGV_OPT_BOOL,	     /* bool; yes/no, true/false, on/off, 1/0 */
	LGV_OPT_INT,	     /* int in min..max */
	LGV_OPT_INT_ENUM,    /* int, one of choices (written as numbers) */
	LGV_OPT_STRING,	     /* char *, anything */
	LGV_OPT_CHOICE,	     /* char *, one of choices */
	LGV_OPT_SIZE,	     /* WxH, W and H in min..max: offset[0] = W, offset[1] = H (ints) */
	LGV_OPT_SIZE_STRING, /* WxH as above, kept as a char * at offset[0] */
	LGV_OPT_POSITION,    /* center or XxY in min..max: offset[0] bool center, [1] X, [2] Y */
	LGV_OPT_CONFIG_FILE, /* a file to load; command line only, no field */
};

enum lgv_opt_flags {
	/* def is "a|b|c": the first path that exists when loading, else the last */
	LGV_OPT_F_FIRST_EXISTING = 1 << 0,
};

struct lgv_option_def {
	const char *section;
	const char *key;
	char short_flag;       /* 0: none */
	const char *long_flag; /* without "--"; NULL: none */
	const char *arg_name;  /* for help: PATH, N, ... */
	enum lgv_opt_type type;
	const char *def; /* parsed like a value; NULL: unset string */
	const char *help;
	const char *const *choices; /* NULL-terminated, for INT_ENUM and CHOICE */
	int min, max;		    /* INT, SIZE, SIZE_STRING, POSITION */
	unsigned flags;		    /* enum lgv_opt_flags */
	size_t offset[3];	    /* into struct lgv_options, see the types */
};

/* The table, in help order. */
const struct lgv_option_def *lgv_config_table(size_t *count);

/* An option of the Looking Glass client that lgview does not have (yet). So
 * that Looking Glass command lines and files still work, the loader ignores
 * these with one warning each, on the command line and in files alike; a
 * name neither has stays an error on the command line. */
struct lgv_foreign_option {
	const char *section;
	const char *key;
	char short_flag;  /* 0: none */
	bool takes_value; /* the short flag takes an argument */
	const char *note; /* why lgview lacks it, or what is planned; NULL: nothing */
};

const struct lgv_foreign_option *lgv_config_foreign(size_t *count);

#endif
