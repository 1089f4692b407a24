/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `lgctl doctor [NAME] [--xml FILE] [--for WxH] [--hdr] [--shm PATH] [--no-host]` */
#define G_LOG_DOMAIN "lgctl"
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "doctor.h"
#include "shm_check.h"
#include "vm.h"

/* The shared memory of the host: --shm, else the VM's, else the default. */
static void check_shm(const struct lgctl_ctx *ctx, const char *shm, const char *group, unsigned w,
		      unsigned h, bool hdr, GPtrArray *findings)
{
	struct lgctl_shm_opts o;
	lgctl_shm_opts_init(&o);
	o.width = w;
	o.height = h;
	o.hdr = hdr;
	o.path = shm ? shm : lgctl_default_shm(ctx);
	if (group)
		o.group = group;
	lgctl_shm_inspect(ctx, &o, findings);
}

int lgctl_cmd_doctor(int argc, char **argv)
{
	struct lgctl_ctx ctx;
	char *xml_file = NULL, *res = NULL, *uri = NULL, *group = NULL, *xml = NULL, *shm = NULL;
	char *vm_shm = NULL;
	gboolean hdr = FALSE, no_host = FALSE;
	const GOptionEntry entries[] = {
		{"xml", 0, 0, G_OPTION_ARG_FILENAME, &xml_file, "Check this domain XML file", "FILE"},
		{"for", 0, 0, G_OPTION_ARG_STRING, &res, "Guest resolution (default 1920x1080)", "WxH"},
		{"hdr", 0, 0, G_OPTION_ARG_NONE, &hdr, "The guest sends HDR frames", NULL},
		{"uri", 0, 0, G_OPTION_ARG_STRING, &uri, "libvirt URI (default qemu:///system)", "URI"},
		{"shm", 0, 0, G_OPTION_ARG_FILENAME, &shm, "The shared memory to check (default: "
		 "the VM's, else /dev/kvmfr0 with kvmfr loaded, else /dev/shm/looking-glass)",
		 "PATH"},
		{"group", 0, 0, G_OPTION_ARG_STRING, &group, "Group of the shm (default kvm)", "G"},
		{"no-host", 0, 0, G_OPTION_ARG_NONE, &no_host, "Check only the domain XML", NULL},
		{NULL},
	};
	unsigned w = 1920, h = 1080;
	int n = 0, rc = 2;
	size_t len = 0;
	GPtrArray *findings = lgctl_findings_new();
	if (!lgctl_parse(&argc, &argv, "[NAME]", "Checks the host, its shared memory and the VM "
			 "for lgview; says what passed and what failed.", LGCTL_OPT_ROOT, entries,
			 &ctx))
		goto out;
	if (argc > 2 || (argc == 2 && xml_file)) {
		g_printerr("lgctl: usage: lgctl doctor [NAME | --xml FILE] [--for WxH] [--hdr] "
			   "[--shm PATH]\n");
		goto out;
	}
	if (res && (sscanf(res, "%ux%u%n", &w, &h, &n) != 2 || res[n] || !w || !h)) {
		g_printerr("lgctl: --for '%s' is not a resolution like 2560x1440\n", res);
		goto out;
	}
	if (shm && shm[0] != '/') {
		g_printerr("lgctl: --shm '%s' must be absolute (/dev/shm/NAME or /dev/kvmfrN)\n",
			   shm);
		goto out;
	}
	if (xml_file && !g_file_get_contents(xml_file, &xml, &len, NULL)) {
		g_printerr("lgctl: cannot read %s: check the path (virsh dumpxml NAME > FILE)\n",
			   xml_file);
		goto out;
	}
	rc = 1;
	if (argc == 2 && !(xml = lgctl_vm_xml(uri, argv[1])))
		goto out;
	if (!no_host)
		lgctl_doctor_host(&ctx, findings);
	if (xml)
		lgctl_doctor_xml(xml, strlen(xml), w, h, hdr, findings, &vm_shm);
	if (!no_host)
		check_shm(&ctx, shm ? shm : vm_shm, group, w, h, hdr, findings);
	lgctl_findings_print(findings);
	rc = lgctl_findings_problems(findings) ? 1 : 0;
out:
	g_ptr_array_unref(findings);
	g_free(xml_file);
	g_free(res);
	g_free(uri);
	g_free(shm);
	g_free(vm_shm);
	g_free(group);
	g_free(xml);
	return rc;
}
