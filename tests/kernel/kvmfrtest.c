// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kvmfr module's user interface, checked from inside a guest: device
 * nodes, GETSIZE, mmap and its bounds, aliasing between mappings and opens,
 * DMABUF_CREATE and every way to call it wrong, dma-buf mappings, unload
 * refusal while anything is in use, and unbinding a PCI device under a live
 * mapping. Built with gcc -static; runs from the test initramfs.
 *
 * Prints "RESULT PASS name" / "RESULT FAIL name: why" lines (the host counts
 * them) and "INFO ..." lines. Exit status: 0 all passed, 1 some failed,
 * 2 usage; anything else (a signal) means it died and the boot fails.
 *
 *   kvmfrtest node DEV                    char device, sysfs class entry
 *   kvmfrtest size DEV BYTES              GETSIZE
 *   kvmfrtest static DEV0 BYTES0 DEV1 BYTES1
 *   kvmfrtest unload MODULE DEV           rmmod refused while in use
 *   kvmfrtest pci DEV BYTES NONCE         the suite on a PCI (IVSHMEM) device
 *   kvmfrtest expect NAME DEV OFFSET STRING  STRING is at OFFSET
 *   kvmfrtest unbind DEV BDF              unbind with a live mapping
 *   kvmfrtest import MODULE DEV OFFSET LEN  a dma-buf imported by vgem
 */
#include "kvmfrtest.h"

/* ---- main ----------------------------------------------------------------- */

static int usage(void)
{
	fprintf(stderr, "usage: kvmfrtest node DEV | size DEV BYTES | "
			"static DEV0 BYTES0 DEV1 BYTES1 | unload MODULE DEV | "
			"pci DEV BYTES NONCE | expect NAME DEV OFFSET STRING | unbind DEV BDF | "
			"import MODULE DEV OFFSET LEN\n");
	return 2;
}

static char tagbuf[64];

static void set_tag(const char *dev)
{
	const char *b = strrchr(dev, '/') ? strrchr(dev, '/') + 1 : dev;
	snprintf(tagbuf, sizeof(tagbuf), "%s_", b);
	tag = tagbuf;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	catch_faults();
	uint64_t a, b;
	if (argc == 3 && !strcmp(argv[1], "node")) {
		set_tag(argv[2]);
		test_node(argv[2]);
	} else if (argc == 4 && !strcmp(argv[1], "size") && parse_u64(argv[3], &a)) {
		set_tag(argv[2]);
		test_size(argv[2], a);
	} else if (argc == 6 && !strcmp(argv[1], "static") && parse_u64(argv[3], &a) &&
		   parse_u64(argv[5], &b)) {
		set_tag(argv[2]);
		test_device(argv[2], a, 0, a);
		set_tag(argv[4]);
		test_device(argv[4], b, 0, b);
		tag = "static_";
		test_separate(argv[2], a, argv[4], b);
	} else if (argc == 6 && !strcmp(argv[1], "import") && parse_u64(argv[4], &a) &&
		   parse_u64(argv[5], &b)) {
		tag = "";
		test_import(argv[2], argv[3], a, b);
	} else if (argc == 4 && !strcmp(argv[1], "unload")) {
		tag = "";
		test_unload(argv[2], argv[3]);
	} else if (argc == 5 && !strcmp(argv[1], "pci") && parse_u64(argv[3], &a) && a >= 4 * MiB) {
		tag = "pci_";
		if (test_size(argv[2], a)) {
			char want[128];
			snprintf(want, sizeof(want), "HOSTNONCE:%s", argv[4]);
			/* Written by the host into the QEMU backing file before boot. */
			test_expect("host_data_visible", argv[2], a - PAGE, want);
			/* [size-3 MiB, size-1 MiB): the producer's frames stay below
			 * it and the nonce above it. */
			test_device(argv[2], a, a - 3 * MiB, 2 * MiB);
			/* Leave the window clean. */
			int fd = open_dev(argv[2]);
			uint8_t *m = fd >= 0 ? map_dev(fd, 2 * MiB, a - 3 * MiB) : MAP_FAILED;
			if (m != MAP_FAILED) {
				memset(m, 0, 2 * MiB);
				munmap(m, 2 * MiB);
			}
			if (fd >= 0)
				close(fd);
		}
	} else if (argc == 6 && !strcmp(argv[1], "expect") && parse_u64(argv[4], &a)) {
		tag = "";
		test_expect(argv[2], argv[3], a, argv[5]);
	} else if (argc == 4 && !strcmp(argv[1], "unbind")) {
		tag = "pci_";
		int fd = open_dev(argv[2]);
		long size = fd >= 0 ? getsize(fd) : -1;
		if (fd >= 0)
			close(fd);
		if (size < 4 * (long)MiB) {
			result(false, "unbind_setup", "%s: size %ld: %s", argv[2], size,
			       strerror(errno));
		} else {
			test_unbind(argv[2], argv[3], (uint64_t)size - 3 * MiB, 2 * MiB);
		}
	} else {
		return usage();
	}
	return failures ? 1 : 0;
}

