/* SPDX-License-Identifier: GPL-2.0-or-later */
/* VM control with libvirt. */
#define G_LOG_DOMAIN "lgctl"
#include "vm.h"

#include <stdlib.h>

#include <glib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

static void quiet(void *data, virErrorPtr err)
{
	/* Errors are reported once, with context, by report(). */
}

static void report(const char *what, const char *uri, const char *name)
{
	virErrorPtr err = virGetLastError();
	g_printerr("lgctl: cannot %s %s on %s: %s%s\n", what, name ? name : "", uri,
		   err && err->message ? err->message : "unknown error",
		   err && err->code == VIR_ERR_NO_DOMAIN ? " (list the domains with `virsh list --all`)"
		   : err && err->domain == VIR_FROM_REMOTE ? " (is libvirtd running? are you in group "
							  "libvirt?)" : "");
}

static virDomainPtr open_domain(const char *uri, const char *name, virConnectPtr *conn)
{
	virSetErrorFunc(NULL, quiet);
	*conn = virConnectOpen(uri);
	if (!*conn) {
		report("connect to", uri, NULL);
		return NULL;
	}
	virDomainPtr dom = virDomainLookupByName(*conn, name);
	if (!dom) {
		report("find", uri, name);
		virConnectClose(*conn);
		*conn = NULL;
	}
	return dom;
}

static void close_domain(virConnectPtr conn, virDomainPtr dom)
{
	virDomainFree(dom);
	virConnectClose(conn);
}

bool lgctl_vm_start(const char *uri, const char *name)
{
	virConnectPtr conn;
	uri = uri ? uri : LGCTL_VM_DEFAULT_URI;
	virDomainPtr dom = open_domain(uri, name, &conn);
	if (!dom)
		return false;
	bool ok = virDomainIsActive(dom) == 1 || virDomainCreate(dom) == 0;
	if (!ok)
		report("start", uri, name);
	close_domain(conn, dom);
	return ok;
}

bool lgctl_vm_stop(const char *uri, const char *name, bool force)
{
	virConnectPtr conn;
	uri = uri ? uri : LGCTL_VM_DEFAULT_URI;
	virDomainPtr dom = open_domain(uri, name, &conn);
	if (!dom)
		return false;
	bool ok = virDomainIsActive(dom) == 0 ||
		  (force ? virDomainDestroy(dom) : virDomainShutdown(dom)) == 0;
	if (!ok)
		report("stop", uri, name);
	close_domain(conn, dom);
	return ok;
}

bool lgctl_vm_state(const char *uri, const char *name, char **state)
{
	static const char *const names[] = {
		[VIR_DOMAIN_NOSTATE] = "no state", [VIR_DOMAIN_RUNNING] = "running",
		[VIR_DOMAIN_BLOCKED] = "blocked", [VIR_DOMAIN_PAUSED] = "paused",
		[VIR_DOMAIN_SHUTDOWN] = "shutting down", [VIR_DOMAIN_SHUTOFF] = "shut off",
		[VIR_DOMAIN_CRASHED] = "crashed", [VIR_DOMAIN_PMSUSPENDED] = "suspended",
	};
	virConnectPtr conn;
	int st, reason;
	uri = uri ? uri : LGCTL_VM_DEFAULT_URI;
	virDomainPtr dom = open_domain(uri, name, &conn);
	if (!dom)
		return false;
	bool ok = virDomainGetState(dom, &st, &reason, 0) == 0;
	if (ok)
		*state = g_strdup(st >= 0 && (size_t)st < G_N_ELEMENTS(names) && names[st]
				  ? names[st] : "unknown");
	else
		report("read the state of", uri, name);
	close_domain(conn, dom);
	return ok;
}

char *lgctl_vm_xml(const char *uri, const char *name)
{
	virConnectPtr conn;
	uri = uri ? uri : LGCTL_VM_DEFAULT_URI;
	virDomainPtr dom = open_domain(uri, name, &conn);
	if (!dom)
		return NULL;
	char *xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
	char *copy = xml ? g_strdup(xml) : NULL;
	if (!xml)
		report("read the XML of", uri, name);
	free(xml);
	close_domain(conn, dom);
	return copy;
}
