/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * VM control through libvirt's C API. uri NULL means qemu:///system. Never
 * call these from a libvirt hook (libvirt deadlocks). Threads: none;
 * blocking: each call talks to libvirtd.
 */
#ifndef LGCTL_VM_H
#define LGCTL_VM_H

#include <stdbool.h>

#define LGCTL_VM_DEFAULT_URI "qemu:///system"

/* Starts (or leaves running) the domain. Prints why on failure. */
bool lgctl_vm_start(const char *uri, const char *name);

/* Asks the guest to shut down (ACPI); with force, pulls the plug. */
bool lgctl_vm_stop(const char *uri, const char *name, bool force);

/* Stores "running", "shut off", ... in *state (g_free it). */
bool lgctl_vm_state(const char *uri, const char *name, char **state);

/* The domain's XML (g_free it), or NULL after printing why. */
char *lgctl_vm_xml(const char *uri, const char *name);

#endif /* LGCTL_VM_H */
