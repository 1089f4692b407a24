/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The doctor's list of findings. */
#define G_LOG_DOMAIN "lgctl"
#include "doctor.h"

#include <stdarg.h>
#include <string.h>

static void finding_free(void *p)
{
	struct lgctl_finding *f = p;
	g_free(f->id);
	g_free(f->what);
	g_free(f->fix);
	g_free(f);
}

GPtrArray *lgctl_findings_new(void)
{
	return g_ptr_array_new_with_free_func(finding_free);
}

void lgctl_finding_add(GPtrArray *findings, const char *id, const char *what, const char *fix_fmt,
		       ...)
{
	struct lgctl_finding *f = g_new0(struct lgctl_finding, 1);
	va_list ap;
	va_start(ap, fix_fmt);
	f->fix = g_strdup_vprintf(fix_fmt, ap);
	va_end(ap);
	f->id = g_strdup(id);
	f->what = g_strdup(what);
	g_ptr_array_add(findings, f);
}

bool lgctl_finding_has(GPtrArray *findings, const char *id)
{
	for (guint i = 0; i < findings->len; i++)
		if (!strcmp(((struct lgctl_finding *)findings->pdata[i])->id, id))
			return true;
	return false;
}

void lgctl_findings_print(GPtrArray *findings)
{
	for (guint i = 0; i < findings->len; i++) {
		const struct lgctl_finding *f = findings->pdata[i];
		g_print("PROBLEM [%s] %s\n  fix: %s\n", f->id, f->what, f->fix);
	}
	if (findings->len)
		g_print("%u problem%s found\n", findings->len, findings->len == 1 ? "" : "s");
	else
		g_print("all is well\n");
}
