/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `lgctl doctor`: what stands between this host and a working lgview
 * session. Every check adds a pass or a problem (findings.h); a problem
 * names what is wrong, gives the exact fix (a command or an XML snippet)
 * and has a stable id that scripts and tests match on. Threads: none.
 */
#ifndef LGCTL_DOCTOR_H
#define LGCTL_DOCTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "findings.h"
#include "root.h"

/* Checks the domain XML for a guest showing width x height (hdr: 8 bytes a pixel).
 * Sets *shm_path (g_free it; may stay NULL) to the /dev/shm file or kvmfr node it uses. */
void lgctl_doctor_xml(const char *xml, size_t len, uint32_t width, uint32_t height, bool hdr,
		      GPtrArray *findings, char **shm_path);

/* Checks the host under ctx's root: IOMMU, kvm and vfio modules. */
void lgctl_doctor_host(const struct lgctl_ctx *ctx, GPtrArray *findings);

#endif /* LGCTL_DOCTOR_H */
