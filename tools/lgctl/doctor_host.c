/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The doctor's host checks: IOMMU on, kvm and vfio modules loaded; each passes or fails. */
#define G_LOG_DOMAIN "lgctl"
#include <string.h>

#include "doctor.h"
#include "iommu.h"

static char *read_small(const struct lgctl_ctx *ctx, const char *rel)
{
	char *path = lgctl_path(ctx, "%s", rel), *text = NULL;
	if (!g_file_get_contents(path, &text, NULL, NULL))
		text = g_strdup("");
	g_free(path);
	return text;
}

/* The word of cmdline that is `word`, or starts with it when it ends in '='; NULL if none. */
static char *find_word(const char *cmdline, const char *word)
{
	char **words = g_strsplit_set(cmdline, " \t\n", -1);
	char *found = NULL;
	bool prefix = g_str_has_suffix(word, "=");
	for (char **w = words; *w && !found; w++)
		if (!strcmp(*w, word) || (prefix && g_str_has_prefix(*w, word)))
			found = g_strdup(*w);
	g_strfreev(words);
	return found;
}

static void check_iommu(const struct lgctl_ctx *ctx, GPtrArray *findings)
{
	char *cmdline = read_small(ctx, "/proc/cmdline");
	char *cpuinfo = read_small(ctx, "/proc/cpuinfo");
	bool amd = strstr(cpuinfo, "AuthenticAMD") != NULL;
	char *asked = find_word(cmdline, "intel_iommu=on");
	if (!asked)
		asked = find_word(cmdline, "amd_iommu=");
	const char *param = amd ? "amd_iommu=on iommu=pt" : "intel_iommu=on iommu=pt";

	/* Groups without the option are fine: some kernels and all AMD hosts default to on. */
	if (lgctl_iommu_enabled(ctx))
		lgctl_finding_ok(findings, "iommu", "IOMMU enabled (%s)",
				 asked ? asked : "groups present, on by default");
	else if (asked)
		lgctl_finding_add(findings, "iommu-off",
				  "the kernel command line asks for the IOMMU but there are "
				  "no IOMMU groups",
				  "enable %s in the firmware setup, then reboot",
				  amd ? "AMD-Vi / IOMMU (SVM alone is not enough)" : "VT-d");
	else
		lgctl_finding_add(findings, "iommu-cmdline",
				  "the IOMMU is off: no IOMMU groups and no IOMMU option on "
				  "the kernel command line",
				  "add `%s` to GRUB_CMDLINE_LINUX_DEFAULT in /etc/default/grub, "
				  "run `update-grub` and reboot (enable %s in the firmware too)",
				  param, amd ? "AMD-Vi" : "VT-d");
	g_free(asked);
	g_free(cmdline);
	g_free(cpuinfo);
}

static void check_modules(const struct lgctl_ctx *ctx, GPtrArray *findings)
{
	const char *kvm_cpu = lgctl_module_loaded(ctx, "kvm_intel") ? "kvm_intel" :
			      lgctl_module_loaded(ctx, "kvm_amd") ? "kvm_amd" : NULL;
	if (!lgctl_module_loaded(ctx, "kvm"))
		lgctl_finding_add(findings, "module-kvm", "the kvm module is not loaded",
				  "`modprobe kvm_intel` (or kvm_amd), and enable virtualisation "
				  "(VT-x / SVM) in the firmware");
	else if (!kvm_cpu)
		lgctl_finding_add(findings, "module-kvm",
				  "neither kvm_intel nor kvm_amd is loaded",
				  "`modprobe kvm_intel` (or kvm_amd); if it fails, enable VT-x / SVM "
				  "in the firmware");
	else
		lgctl_finding_ok(findings, "module-kvm", "kvm and %s loaded", kvm_cpu);
	if (!lgctl_module_loaded(ctx, "vfio") || !lgctl_module_loaded(ctx, "vfio_pci"))
		lgctl_finding_add(findings, "module-vfio", "the vfio and vfio_pci modules are not loaded",
				  "`modprobe vfio-pci`, and put vfio-pci in "
				  "/etc/modules-load.d/vfio.conf to load it at boot");
	else
		lgctl_finding_ok(findings, "module-vfio", "vfio and vfio_pci loaded");
}

void lgctl_doctor_host(const struct lgctl_ctx *ctx, GPtrArray *findings)
{
	check_iommu(ctx, findings);
	check_modules(ctx, findings);
}
