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
};

static void usage(FILE *out)
{
	fprintf(out, "Usage: lgbench COMMAND [OPTIONS]\n\nCommands:\n");
	for (size_t i = 0; i < G_N_ELEMENTS(commands); ++i)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(out, "\n'lgbench COMMAND --help' lists a command's options.\n");
}

bool lgbench_parse_options(const char *cmd, const char *what, const char *summary,
			   const GOptionEntry *entries, int argc, char **argv)
{
	GOptionContext *ctx = g_option_context_new(what);
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (summary)
		g_option_context_set_summary(ctx, summary);
	GError *err = NULL;
	bool ok = g_option_context_parse(ctx, &argc, &argv, &err);
	g_option_context_free(ctx);
	if (!ok) {
		fprintf(stderr, "lgbench %s: %s\n", cmd, err->message);
		g_error_free(err);
	}
	return ok;
}

uint32_t lgbench_parse_format(const char *s)
{
	return lgp_format_by_option(s);
}

const char *lgbench_format_names(void)
{
	return "bgra, rgba, rgba10, rgba16f, bgr32, rgb24";
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
	if (!strcmp(argv[1], LGBENCH_GL_PROBE_COMMAND))
		lgbench_gl_probe_child();
	for (size_t i = 0; i < G_N_ELEMENTS(commands); ++i)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "lgbench: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
