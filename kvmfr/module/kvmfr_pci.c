// SPDX-License-Identifier: GPL-2.0-only
/*
 * kvmfr: PCI mode. Inside a guest, BAR 2 of an IVSHMEM device (1af4:1110)
 * becomes a /dev/kvmfrN whose memory has struct pages, so that it can be
 * mapped page by page and exported as a dma-buf.
 *
 * The struct pages are created with memremap_pages() and not the devm_
 * variant on purpose: devm would tear them down at unbind even while a user
 * mapping or a dma-buf still points at them. Here they live as long as the
 * device's last reference (see struct kvmfr_dev). The BAR reservation, on
 * the other hand, is given back at unbind like any driver's: the PCI device
 * may be gone for good by the time the last user lets go.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/memremap.h>
#include <linux/mmzone.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "kvmfr_internal.h"

#define KVMFR_PCI_BAR 2
#define KVMFR_PCI_DEVICE_IVSHMEM 0x1110

void kvmfr_pci_release(struct kvmfr_dev *kdev)
{
	memunmap_pages(&kdev->pgmap);
}

/* Struct pages still alive for this range: a previous binding whose users
 * have not let go yet. memremap_pages() would WARN about the overlap. */
static bool kvmfr_pci_range_busy(resource_size_t start, resource_size_t len)
{
	unsigned long pfns[] = { PHYS_PFN(start), PHYS_PFN(start + len - 1) };
	struct dev_pagemap *pgmap;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(pfns); i++) {
		pgmap = get_dev_pagemap(pfns[i], NULL);
		if (pgmap) {
			put_dev_pagemap(pgmap);
			return true;
		}
	}
	return false;
}

static int kvmfr_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	resource_size_t start = pci_resource_start(pdev, KVMFR_PCI_BAR);
	resource_size_t len = pci_resource_len(pdev, KVMFR_PCI_BAR);
	struct kvmfr_dev *kdev;
	void *addr;
	int ret;

	if (!len || !(pci_resource_flags(pdev, KVMFR_PCI_BAR) & IORESOURCE_MEM)) {
		dev_err(&pdev->dev, "BAR %d is not a memory BAR\n", KVMFR_PCI_BAR);
		return -ENODEV;
	}
	/* Memory hotplug works in subsections (2 MiB on x86-64); checked here
	 * because the core would WARN. */
	if (!IS_ALIGNED(start, SUBSECTION_SIZE) || !IS_ALIGNED(len, SUBSECTION_SIZE)) {
		dev_err(&pdev->dev, "BAR %d %pa+%pa is not %lu KiB aligned\n", KVMFR_PCI_BAR,
			&start, &len, SUBSECTION_SIZE / 1024);
		return -EINVAL;
	}

	kdev = kzalloc(sizeof(*kdev), GFP_KERNEL);
	if (!kdev)
		return -ENOMEM;
	kref_init(&kdev->ref);
	kdev->type = KVMFR_TYPE_PCI;
	kdev->size = len;
	kdev->base_pfn = PHYS_PFN(start);

	ret = pci_enable_device_mem(pdev);
	if (ret) {
		dev_err(&pdev->dev, "cannot enable the device: %d\n", ret);
		goto err_free;
	}
	ret = pci_request_region(pdev, KVMFR_PCI_BAR, KBUILD_MODNAME);
	if (ret) /* the PCI core has said why */
		goto err_disable;
	if (kvmfr_pci_range_busy(start, len)) {
		dev_err(&pdev->dev,
			"BAR %d is still mapped by users of its previous binding: close them first\n",
			KVMFR_PCI_BAR);
		ret = -EBUSY;
		goto err_region;
	}

	kdev->pgmap.type = MEMORY_DEVICE_GENERIC;
	kdev->pgmap.range.start = start;
	kdev->pgmap.range.end = start + len - 1;
	kdev->pgmap.nr_range = 1;
	addr = memremap_pages(&kdev->pgmap, dev_to_node(&pdev->dev));
	if (IS_ERR(addr)) {
		ret = PTR_ERR(addr);
		dev_err(&pdev->dev, "memremap_pages: %d\n", ret);
		goto err_region;
	}

	ret = kvmfr_dev_register(kdev, &pdev->dev);
	if (ret)
		goto err_unmap;
	pci_set_drvdata(pdev, kdev);
	dev_info(&pdev->dev, "kvmfr%d: BAR %d, %llu MiB\n", kdev->minor, KVMFR_PCI_BAR,
		 (unsigned long long)len >> 20);
	return 0;

err_unmap:
	memunmap_pages(&kdev->pgmap);
err_region:
	pci_release_region(pdev, KVMFR_PCI_BAR);
err_disable:
	pci_disable_device(pdev);
err_free:
	kfree(kdev);
	return ret;
}

static void kvmfr_pci_remove(struct pci_dev *pdev)
{
	struct kvmfr_dev *kdev = pci_get_drvdata(pdev);

	kvmfr_dev_unregister(kdev);
	pci_set_drvdata(pdev, NULL);
	pci_release_region(pdev, KVMFR_PCI_BAR);
	/* Bus mastering off; memory decoding stays on, so pages already
	 * mapped still reach the BAR until their owners let go. */
	pci_disable_device(pdev);
	if (kref_read(&kdev->ref) > 1)
		dev_info(&pdev->dev,
			 "kvmfr%d removed while in use: its struct pages stay until the last mapping or dma-buf is gone\n",
			 kdev->minor);
	kvmfr_dev_put(kdev);
}

static const struct pci_device_id kvmfr_pci_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_REDHAT_QUMRANET, KVMFR_PCI_DEVICE_IVSHMEM) },
	{ 0 }
};
MODULE_DEVICE_TABLE(pci, kvmfr_pci_ids);

static struct pci_driver kvmfr_pci_driver = {
	.name = KBUILD_MODNAME,
	.id_table = kvmfr_pci_ids,
	.probe = kvmfr_pci_probe,
	.remove = kvmfr_pci_remove,
};

int kvmfr_pci_init(void)
{
	return pci_register_driver(&kvmfr_pci_driver);
}

void kvmfr_pci_exit(void)
{
	pci_unregister_driver(&kvmfr_pci_driver);
}
