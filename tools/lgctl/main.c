/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lgctl: gets a passthrough VM ready for lgview, and says what is wrong when it cannot. */
#define G_LOG_DOMAIN "lgctl"
#include <stdio.h>
#include <string.h>

#include "cmd.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;
} commands[] = {
	{"vfio", lgctl_cmd_vfio, "bind|unbind DEV...         move devices to vfio-pci and back\n"
	 "          status [DEV...]            show them (no DEV: every GPU, audio, USB)"},
	{"shm", lgctl_cmd_shm, "prepare                    create the shared-memory file"},
	{"doctor", lgctl_cmd_doctor, "[NAME] [--xml FILE]        check host, shm and VM"},
	{"vm", lgctl_cmd_vm, "start|stop|status NAME     control the VM through libvirt"},
	{"up", lgctl_cmd_up, "NAME                       bind + shm + start + lgview (profile)"},
	{"down", lgctl_cmd_down, "NAME                       stop + give the devices back"},
	{"hook", lgctl_cmd_hook, "NAME OP ...                libvirt qemu hook (prepare/release)"},
	{"reset", lgctl_cmd_reset, "DEV... [--suspend-cycle]   reset devices for the next start"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: lgctl COMMAND [ARGS] [--help]\n       lgctl --version\n\ncommands:\n");
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		fprintf(f, "  %-7s %s\n", commands[i].name, commands[i].help);
}

int main(int argc, char **argv)
{
	/* Installed as libvirt's hook (/etc/libvirt/hooks/qemu -> lgctl), libvirt
	 * runs it as `qemu NAME OP SUBOP EXTRA`. */
	char *base = g_path_get_basename(argv[0]);
	bool as_hook = !strcmp(base, "qemu");
	g_free(base);
	if (as_hook)
		return lgctl_cmd_hook(argc, argv);
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("lgctl %s\n", G_STRINGIFY(LGVIEW_VERSION));
		return 0;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "lgctl: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
