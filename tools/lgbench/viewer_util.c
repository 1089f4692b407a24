// SPDX-License-Identifier: GPL-2.0-or-later
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lgbench.h"
#include "viewer_bench.h"

char **lgb_viewer_argv(const char *cmd, const char *shm, uint32_t w, uint32_t h,
		       const char *timestamps)
{
	GString *s = g_string_new(cmd);
	char num[16];
	snprintf(num, sizeof(num), "%u", w);
	g_string_replace(s, "{w}", num, 0);
	snprintf(num, sizeof(num), "%u", h);
	g_string_replace(s, "{h}", num, 0);
	g_string_replace(s, "{shm}", shm, 0);
	g_string_replace(s, "{timestamps}", timestamps ? timestamps : "", 0);
	char **argv = NULL;
	if (!g_shell_parse_argv(s->str, NULL, &argv, NULL))
		argv = NULL;
	g_string_free(s, TRUE);
	return argv;
}

double lgb_process_cpu_ms(int pid)
{
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	FILE *fp = fopen(path, "r");
	if (!fp)
		return NAN;
	size_t n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	/* Fields after the command (which may contain spaces) start at ')'. */
	const char *p = strrchr(buf, ')');
	unsigned long utime, stime;
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime,
			 &stime) != 2)
		return NAN;
	return (double)(utime + stime) * 1000.0 / (double)sysconf(_SC_CLK_TCK);
}

size_t lgb_read_stage_times(const char *path, struct lgb_stage_times **out)
{
	*out = NULL;
	FILE *fp = fopen(path, "r");
	if (!fp)
		return 0;
	size_t n = 0, cap = 0;
	char line[256];
	while (fgets(line, sizeof(line), fp)) {
		struct lgb_stage_times t;
		unsigned long long d, c, u, p, k = 0;
		if (sscanf(line, "%u,%llu,%llu,%llu,%llu,%llu", &t.serial, &d, &c, &u, &p, &k) < 5)
			continue;
		t.taken = k;
		t.detected = d;
		t.copied = c;
		t.uploaded = u;
		t.presented = p;
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			*out = g_renew(struct lgb_stage_times, *out, cap);
		}
		(*out)[n++] = t;
	}
	fclose(fp);
	return n;
}

char *lgbench_find_lgview(const char *exe, const char **where)
{
	static const struct {
		const char *rel, *where;
	} places[] = {
		{"lgview", "beside lgbench"},
		{"../../host-client/lgview", "in the build tree"},
	};
	char *dir = exe ? g_path_get_dirname(exe) : NULL;
	for (size_t i = 0; dir && i < G_N_ELEMENTS(places); ++i) {
		char *path = g_build_filename(dir, places[i].rel, NULL);
		char *real = realpath(path, NULL), *found = NULL;
		g_free(path);
		if (real && g_file_test(real, G_FILE_TEST_IS_REGULAR) &&
		    g_file_test(real, G_FILE_TEST_IS_EXECUTABLE))
			found = g_strdup(real);
		free(real);
		if (found) {
			g_free(dir);
			*where = places[i].where;
			return found;
		}
	}
	g_free(dir);
	char *found = g_find_program_in_path("lgview");
	*where = found ? "on PATH" : NULL;
	return found;
}
