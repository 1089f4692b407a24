// SPDX-License-Identifier: GPL-2.0-or-later
/* The machine a benchmark ran on: CPU model, online cores, kernel. */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "report.h"

/* The value of the first "key : value" line of /proc/cpuinfo whose key is
 * one of keys (x86 says "model name"; some ARM kernels only "Hardware" or
 * "Processor"; POWER "cpu"). */
static void cpu_model(char *out, size_t size)
{
	static const char *const keys[] = {"model name", "Hardware", "Processor", "cpu model",
					   "cpu"};
	gchar *text = NULL;
	if (!g_file_get_contents("/proc/cpuinfo", &text, NULL, NULL))
		return;
	gchar **lines = g_strsplit(text, "\n", -1);
	for (size_t k = 0; k < G_N_ELEMENTS(keys) && !*out; ++k) {
		for (gchar **l = lines; *l; ++l) {
			const char *colon = strchr(*l, ':');
			if (!colon)
				continue;
			gchar *key = g_strstrip(g_strndup(*l, (gsize)(colon - *l)));
			bool match = strcmp(key, keys[k]) == 0;
			g_free(key);
			if (match) {
				g_strlcpy(out, colon + 1, size);
				g_strstrip(out);
				break;
			}
		}
	}
	g_strfreev(lines);
	g_free(text);
}

void lgb_machine_probe(struct lgb_machine *m)
{
	*m = (struct lgb_machine){0};
	cpu_model(m->cpu, sizeof(m->cpu));
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	m->cores = cores > 0 ? (int)cores : 0;
	struct utsname u;
	if (uname(&u) == 0) {
		/* truncation is fine: it is for people */
		gchar *k = g_strdup_printf("%s %s %s", u.sysname, u.release, u.machine);
		g_strlcpy(m->kernel, k, sizeof(m->kernel));
		g_free(k);
	}
}

bool lgb_cpu_times_read(struct lgb_cpu_times *t)
{
	char *text = NULL;
	bool ok = false;

	memset(t, 0, sizeof(*t));
	if (!g_file_get_contents("/proc/stat", &text, NULL, NULL))
		return false;
	/* "cpu  user nice system idle iowait irq softirq steal ..." */
	if (!strncmp(text, "cpu ", 4)) {
		unsigned long long v[8] = {0};
		int n = sscanf(text + 4, "%llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1],
			       &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
		if (n >= 4) {
			for (int i = 0; i < n; i++)
				t->total += v[i];
			t->steal = n == 8 ? v[7] : 0;
			ok = true;
		}
	}
	g_free(text);
	return ok;
}

double lgb_cpu_steal_percent(const struct lgb_cpu_times *a, const struct lgb_cpu_times *b)
{
	if (b->total <= a->total || b->steal < a->steal)
		return NAN;
	return 100.0 * (double)(b->steal - a->steal) / (double)(b->total - a->total);
}
