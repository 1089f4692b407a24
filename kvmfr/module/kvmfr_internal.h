/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kvmfr: shared definitions of the three parts of the module
 * (kvmfr_main.c: char device and static memory, kvmfr_dmabuf.c: dma-buf
 * export, kvmfr_pci.c: IVSHMEM BAR 2 as struct-page memory) and the
 * kernel-version compatibility shims.
 */
#ifndef KVMFR_INTERNAL_H
#define KVMFR_INTERNAL_H

#include <linux/kref.h>
#include <linux/memremap.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/types.h>
#include <linux/version.h>

#include <kvmfr/uapi.h>

#define KVMFR_VERSION "0.1.0"

#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 10, 0)
#error "kvmfr needs Linux 5.10 or newer (struct dev_pagemap range API, dma_map_sgtable)"
#endif

/*
 * Where a device's memory comes from. Static memory is vmalloc_user() on the
 * host side (QEMU maps the node as its ivshmem backing file); PCI memory is
 * the IVSHMEM BAR 2 inside a guest, turned into struct pages so that it can
 * be mapped page by page and exported as a dma-buf.
 */
enum kvmfr_type {
	KVMFR_TYPE_STATIC,
	KVMFR_TYPE_PCI,
};

/*
 * One /dev/kvmfrN. Reference counted: the registry (from creation until the
 * node is removed), every open file and every exported dma-buf hold one.
 * A user mapping holds its file (the char device's or the dma-buf's), so the
 * memory outlives every mapping; it is released with the last reference.
 */
struct kvmfr_dev {
	struct kref ref;
	enum kvmfr_type type;
	int minor;
	/* Set once the node is removed (PCI unbind): new opens, mmaps, page
	 * faults, dma-bufs and importer mappings of dma-bufs fail from then on. */
	bool dead;
	size_t size;		  /* bytes, a multiple of PAGE_SIZE */
	void *vaddr;		  /* KVMFR_TYPE_STATIC: the vmalloc_user() area */
	unsigned long base_pfn;	  /* KVMFR_TYPE_PCI: first pfn of BAR 2 */
	struct dev_pagemap pgmap; /* KVMFR_TYPE_PCI: BAR 2's struct pages */
};

/* kvmfr_main.c */
int kvmfr_dev_register(struct kvmfr_dev *kdev, struct device *parent);
void kvmfr_dev_unregister(struct kvmfr_dev *kdev);
void kvmfr_dev_put(struct kvmfr_dev *kdev);
struct page *kvmfr_dev_page(struct kvmfr_dev *kdev, pgoff_t pgoff);
/* Sets the flags every kvmfr mapping has and the page protection
 * (decrypted for PCI memory: it is shared with the host, see kvmfr_main.c). */
void kvmfr_vma_setup(struct kvmfr_dev *kdev, struct vm_area_struct *vma);

/* kvmfr_dmabuf.c */
long kvmfr_dmabuf_create(struct kvmfr_dev *kdev, void __user *uarg);

/* kvmfr_pci.c: PCI mode needs ZONE_DEVICE (struct pages for the BAR). */
#ifdef CONFIG_ZONE_DEVICE
int kvmfr_pci_init(void);
void kvmfr_pci_exit(void);
/* Frees what a PCI device holds; called with the last reference. */
void kvmfr_pci_release(struct kvmfr_dev *kdev);
#else
static inline int kvmfr_pci_init(void)
{
	pr_info("kernel without CONFIG_ZONE_DEVICE: PCI (IVSHMEM) mode unavailable\n");
	return 0;
}

static inline void kvmfr_pci_exit(void)
{
}

static inline void kvmfr_pci_release(struct kvmfr_dev *kdev)
{
}
#endif

/* Compatibility: vma->vm_flags became read-only behind vm_flags_set() in 6.3. */
static inline void kvmfr_vm_flags_set(struct vm_area_struct *vma, unsigned long flags)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	vm_flags_set(vma, flags);
#else
	vma->vm_flags |= flags;
#endif
}

#endif /* KVMFR_INTERNAL_H */
