/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `lgctl doctor`: what stands between this host and a working lgview
 * session. Every finding names the problem, gives the exact fix (a command
 * or an XML snippet) and has a stable id that scripts and tests match on.
 * Threads: none.
 */
#ifndef LGCTL_DOCTOR_H
#define LGCTL_DOCTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "root.h"

struct lgctl_finding {
	char *id;   /* "spice-missing", "shmem-too-small", ... */
	char *what; /* what is wrong, one sentence */
	char *fix;  /* the command or XML snippet that fixes it */
};

/* A GPtrArray of struct lgctl_finding that frees them. */
GPtrArray *lgctl_findings_new(void);

/* Appends a finding (printf-style fix). */
void lgctl_finding_add(GPtrArray *findings, const char *id, const char *what, const char *fix_fmt,
		       ...) __attribute__((format(printf, 4, 5)));

/* Whether a finding with `id` is in the list. */
bool lgctl_finding_has(GPtrArray *findings, const char *id);

/* Prints each finding with its fix, then a summary line. */
void lgctl_findings_print(GPtrArray *findings);

/* Checks the domain XML for a guest showing width x height (hdr: 8 bytes a pixel).
 * Sets *shm_path (g_free it; may stay NULL) to the /dev/shm file or kvmfr node it uses. */
void lgctl_doctor_xml(const char *xml, size_t len, uint32_t width, uint32_t height, bool hdr,
		      GPtrArray *findings, char **shm_path);

/* Checks the host under ctx's root: IOMMU, kvm and vfio modules. */
void lgctl_doctor_host(const struct lgctl_ctx *ctx, GPtrArray *findings);

#endif /* LGCTL_DOCTOR_H */
