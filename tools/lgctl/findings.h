/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A list of check results: problems, each with what is wrong, the exact fix
 * and a stable id that scripts and tests match on, and passes, each saying
 * what is fine. The doctor prints the whole list; `lgctl shm prepare` prints
 * only the problems. Threads: none.
 */
#ifndef LGCTL_FINDINGS_H
#define LGCTL_FINDINGS_H

#include <stdbool.h>

#include <glib.h>

struct lgctl_finding {
	char *id;   /* "spice-missing", "shm-too-small", ...; a pass has its check's id */
	bool ok;    /* a pass: `what` says what is fine and there is no fix */
	char *what; /* one sentence */
	char *fix;  /* the command or XML snippet that fixes it; NULL for a pass */
};

/* A GPtrArray of struct lgctl_finding that frees them. */
GPtrArray *lgctl_findings_new(void);

/* Appends a problem (printf-style fix). */
void lgctl_finding_add(GPtrArray *findings, const char *id, const char *what, const char *fix_fmt,
		       ...) __attribute__((format(printf, 4, 5)));

/* Appends a pass (printf-style what). */
void lgctl_finding_ok(GPtrArray *findings, const char *id, const char *what_fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Whether a problem with `id` is in the list. */
bool lgctl_finding_has(GPtrArray *findings, const char *id);

/* Whether a pass with `id` is in the list. */
bool lgctl_finding_passed(GPtrArray *findings, const char *id);

/* How many problems the list holds. */
guint lgctl_findings_problems(GPtrArray *findings);

/* Prints every pass ("ok: ...") and problem with its fix, then a summary line. */
void lgctl_findings_print(GPtrArray *findings);

/* Prints only the problems, as "lgctl: WHAT: FIX" on stderr. true when there are none. */
bool lgctl_findings_complain(GPtrArray *findings);

#endif /* LGCTL_FINDINGS_H */
