/* SPDX-License-Identifier: GPL-2.0-or-later */
/* VM control when lgctl was built without libvirt. */
#define G_LOG_DOMAIN "lgctl"
#include "vm.h"

#include <glib.h>

static bool missing(void)
{
	g_printerr("lgctl: built without libvirt: install libvirt-dev and rebuild\n");
	return false;
}

bool lgctl_vm_start(const char *uri, const char *name) { return missing(); }
bool lgctl_vm_stop(const char *uri, const char *name, bool force) { return missing(); }
bool lgctl_vm_state(const char *uri, const char *name, char **state) { return missing(); }
char *lgctl_vm_xml(const char *uri, const char *name) { return missing() ? NULL : NULL; }
