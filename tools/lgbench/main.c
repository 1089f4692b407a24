// SPDX-License-Identifier: GPL-2.0-or-later
/* lgbench: the synthetic guest and the frame-latency tools of lgview. */
#define G_LOG_DOMAIN "lgbench"
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "guest-proto/kvmfr.h"
#include "lgbench.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;
} commands[] = {
	{"produce", lgbench_produce,
	 "be a Looking Glass B7 guest: write an animated scene into a region"},
	{"watch", lgbench_watch, "be a viewer without a window: print live frame statistics"},
	{"ring", lgbench_ring, "measure the frame ring: publish->detect latency, copy bandwidth"},
	{"viewer", lgbench_viewer,
	 "measure viewers glass to glass on an X display, and compare them"},
	{"floor", lgbench_floor, "time a minimal viewer's upload, draw and present on this display"},
	{"audio", lgbench_audio, "measure SPICE clients' audio latency into PipeWire, and compare them"},
};

static void usage(FILE *out)
{
	fprintf(out, "Usage: lgbench COMMAND [OPTIONS]\n\nCommands:\n");
	for (size_t i = 0; i < G_N_ELEMENTS(commands); ++i)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(out, "\n'lgbench COMMAND --help' lists a command's options; "
		"'lgbench --version' prints the version.\n");
}

/* Edit distance between a and b, adjacent swaps counting as one edit. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	/* Three rows of the table: two back, one back, this one. */
	size_t *row = g_new(size_t, 3 * (m + 1));
	size_t *r2 = row, *r1 = row + m + 1, *r0 = row + 2 * (m + 1);
	for (size_t j = 0; j <= m; ++j)
		r1[j] = j;
	for (size_t i = 1; i <= n; ++i) {
		r0[0] = i;
		for (size_t j = 1; j <= m; ++j) {
			size_t d = r1[j - 1] + (a[i - 1] != b[j - 1]);
			d = MIN(d, r1[j] + 1);
			d = MIN(d, r0[j - 1] + 1);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
				d = MIN(d, r2[j - 2] + 1);
			r0[j] = d;
		}
		size_t *t = r2;
		r2 = r1;
		r1 = r0;
		r0 = t;
	}
	size_t d = r1[m];
	g_free(row);
	return d;
}

/* Words people reach for that lgbench spells another way. */
static const struct {
	const char *word, *option;
} synonyms[] = {
	{"seconds", "duration"}, {"secs", "duration"},	 {"time", "duration"},
	{"rate", "fps"},	 {"framerate", "fps"},	 {"resolution", "size"},
	{"file", "shm"},	 {"pixel-format", "format"},
};

static bool has_option(const GOptionEntry *entries, const char *name)
{
	for (const GOptionEntry *e = entries; e->long_name; ++e)
		if (!strcmp(e->long_name, name))
			return true;
	return false;
}

/* The option of this command that `name` (without "--") most likely meant:
 * a misspelling of one, the start of one, or a synonym; NULL if none is
 * close. */
static const char *closest_option(const GOptionEntry *entries, const char *name)
{
	const char *best = NULL;
	size_t best_d = SIZE_MAX, len = strlen(name);
	for (const GOptionEntry *e = entries; e->long_name; ++e) {
		size_t d = edit_distance(name, e->long_name);
		if (len >= 2 && g_str_has_prefix(e->long_name, name))
			d = MIN(d, 1);
		if (d < best_d) {
			best_d = d;
			best = e->long_name;
		}
	}
	for (size_t i = 0; i < G_N_ELEMENTS(synonyms); ++i) {
		size_t d = edit_distance(name, synonyms[i].word);
		if (d < best_d && has_option(entries, synonyms[i].option)) {
			best_d = d;
			best = synonyms[i].option;
		}
	}
	/* One edit in a short name, a third of a longer one. */
	return best_d <= MAX(1, len / 3) ? best : NULL;
}

/* What GLib left in argv that looks like an option was not one of ours. */
static bool report_unknown(const char *cmd, const GOptionEntry *entries, int argc, char **argv)
{
	for (int i = 1; i < argc; ++i) {
		const char *a = argv[i];
		if (!strcmp(a, "--"))
			break; /* the rest are not options */
		if (a[0] != '-' || !a[1])
			continue;
		if (a[1] != '-') {
			fprintf(stderr, "lgbench %s: unknown option %s; see 'lgbench %s --help'\n", cmd,
				a, cmd);
			return true;
		}
		char *name = g_strndup(a + 2, strcspn(a + 2, "="));
		const char *near = closest_option(entries, name);
		if (near)
			fprintf(stderr, "lgbench %s: unknown option --%s; did you mean --%s?\n", cmd,
				name, near);
		else
			fprintf(stderr, "lgbench %s: unknown option --%s; see 'lgbench %s --help'\n",
				cmd, name, cmd);
		g_free(name);
		return true;
	}
	return false;
}

bool lgbench_parse_options(const char *cmd, const char *what, const char *summary,
			   const GOptionEntry *entries, int argc, char **argv)
{
	GOptionContext *ctx = g_option_context_new(what);
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (summary)
		g_option_context_set_summary(ctx, summary);
	/* Unknown options stay in argv, where report_unknown() finds them. */
	g_option_context_set_ignore_unknown_options(ctx, TRUE);
	GError *err = NULL;
	bool ok = g_option_context_parse(ctx, &argc, &argv, &err);
	g_option_context_free(ctx);
	if (!ok) {
		fprintf(stderr, "lgbench %s: %s\n", cmd, err->message);
		g_error_free(err);
	}
	return ok && !report_unknown(cmd, entries, argc, argv);
}

uint32_t lgbench_parse_format(const char *s)
{
	return lgp_format_by_option(s);
}

const char *lgbench_format_names(void)
{
	return lgp_format_option_list;
}

bool lgbench_parse_size(const char *s, uint32_t *w, uint32_t *h)
{
	if (!s)
		return false;
	char *end;
	guint64 a = g_ascii_strtoull(s, &end, 10);
	if (end == s || (*end != 'x' && *end != 'X'))
		return false;
	const char *p = end + 1;
	guint64 b = g_ascii_strtoull(p, &end, 10);
	if (end == p || *end || a == 0 || b == 0 || a > 16384 || b > 16384)
		return false;
	*w = (uint32_t)a;
	*h = (uint32_t)b;
	return true;
}

const char *lgbench_default_shm(void)
{
	return access("/dev/kvmfr0", F_OK) == 0 ? "/dev/kvmfr0" : "/dev/shm/looking-glass";
}

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

void lgbench_catch_signals(void)
{
	struct sigaction sa = {.sa_handler = on_signal};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

bool lgbench_stopping(void)
{
	return stopping != 0;
}

int main(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("lgbench %s\n", G_STRINGIFY(LGVIEW_VERSION));
		return 0;
	}
	if (!strcmp(argv[1], LGBENCH_GL_PROBE_COMMAND))
		lgbench_gl_probe_child();
	if (!strcmp(argv[1], LGBENCH_FLOOR_COMMAND))
		lgbench_floor_child(argc - 1, argv + 1);
	for (size_t i = 0; i < G_N_ELEMENTS(commands); ++i)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "lgbench: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
