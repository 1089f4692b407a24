/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Lists of passes and problems, and their two printed forms. */
#define G_LOG_DOMAIN "lgctl"
#include "findings.h"

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

static void add(GPtrArray *findings, const char *id, bool ok, char *what, char *fix)
{
	struct lgctl_finding *f = g_new0(struct lgctl_finding, 1);
	f->id = g_strdup(id);
	f->ok = ok;
	f->what = what;
	f->fix = fix;
	g_ptr_array_add(findings, f);
}

void lgctl_finding_add(GPtrArray *findings, const char *id, const char *what, const char *fix_fmt,
		       ...)
{
	va_list ap;
	va_start(ap, fix_fmt);
	char *fix = g_strdup_vprintf(fix_fmt, ap);
	va_end(ap);
	add(findings, id, false, g_strdup(what), fix);
}

void lgctl_finding_ok(GPtrArray *findings, const char *id, const char *what_fmt, ...)
{
	va_list ap;
	va_start(ap, what_fmt);
	char *what = g_strdup_vprintf(what_fmt, ap);
	va_end(ap);
	add(findings, id, true, what, NULL);
}

static bool has(GPtrArray *findings, const char *id, bool ok)
{
	for (guint i = 0; i < findings->len; i++) {
		const struct lgctl_finding *f = findings->pdata[i];
		if (f->ok == ok && !strcmp(f->id, id))
			return true;
	}
	return false;
}

bool lgctl_finding_has(GPtrArray *findings, const char *id)
{
	return has(findings, id, false);
}

bool lgctl_finding_passed(GPtrArray *findings, const char *id)
{
	return has(findings, id, true);
}

guint lgctl_findings_problems(GPtrArray *findings)
{
	guint n = 0;
	for (guint i = 0; i < findings->len; i++)
		n += !((const struct lgctl_finding *)findings->pdata[i])->ok;
	return n;
}

void lgctl_findings_print(GPtrArray *findings)
{
	guint problems = lgctl_findings_problems(findings);
	guint passed = findings->len - problems;
	for (guint i = 0; i < findings->len; i++) {
		const struct lgctl_finding *f = findings->pdata[i];
		if (f->ok)
			g_print("ok: %s\n", f->what);
		else
			g_print("PROBLEM [%s] %s\n  fix: %s\n", f->id, f->what, f->fix);
	}
	if (problems)
		g_print("%u problem%s found, %u check%s passed\n", problems,
			problems == 1 ? "" : "s", passed, passed == 1 ? "" : "s");
	else
		g_print("all is well (%u check%s passed)\n", passed, passed == 1 ? "" : "s");
}

bool lgctl_findings_complain(GPtrArray *findings)
{
	for (guint i = 0; i < findings->len; i++) {
		const struct lgctl_finding *f = findings->pdata[i];
		if (!f->ok)
			g_printerr("lgctl: %s: %s\n", f->what, f->fix);
	}
	return !lgctl_findings_problems(findings);
}
