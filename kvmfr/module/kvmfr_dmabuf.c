// SPDX-License-Identifier: GPL-2.0-only
/*
 * kvmfr: KVMFR_DMABUF_CREATE, a page range of a device exported as a dma-buf
 * so that a GPU driver can import the guest's frame without a copy.
 *
 * The pages belong to the device (vmalloc or ZONE_DEVICE memory), so the
 * buffer holds a device reference instead of page references; the device
 * memory is released only after the last buffer.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/fcntl.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "kvmfr_internal.h"

struct kvmfr_buf {
	struct kvmfr_dev *kdev; /* reference held */
	struct page **pages;
	pgoff_t npages;
};

static struct sg_table *kvmfr_buf_map(struct dma_buf_attachment *at, enum dma_data_direction dir)
{
	struct kvmfr_buf *kbuf = at->dmabuf->priv;
	struct sg_table *sgt;
	int ret;

	if (READ_ONCE(kbuf->kdev->dead))
		return ERR_PTR(-ENODEV);
	sgt = kzalloc(sizeof(*sgt), GFP_KERNEL);
	if (!sgt)
		return ERR_PTR(-ENOMEM);
	ret = sg_alloc_table_from_pages(sgt, kbuf->pages, kbuf->npages, 0,
					(unsigned long)kbuf->npages << PAGE_SHIFT, GFP_KERNEL);
	if (ret)
		goto err_free;
	ret = dma_map_sgtable(at->dev, sgt, dir, 0);
	if (ret)
		goto err_table;
	return sgt;

err_table:
	sg_free_table(sgt);
err_free:
	kfree(sgt);
	return ERR_PTR(ret);
}

static void kvmfr_buf_unmap(struct dma_buf_attachment *at, struct sg_table *sgt,
			    enum dma_data_direction dir)
{
	dma_unmap_sgtable(at->dev, sgt, dir, 0);
	sg_free_table(sgt);
	kfree(sgt);
}

static void kvmfr_buf_release(struct dma_buf *buf)
{
	struct kvmfr_buf *kbuf = buf->priv;

	kvfree(kbuf->pages);
	kvmfr_dev_put(kbuf->kdev);
	kfree(kbuf);
}

static vm_fault_t kvmfr_buf_fault(struct vm_fault *vmf)
{
	struct kvmfr_buf *kbuf = vmf->vma->vm_private_data;
	struct page *page;

	if (READ_ONCE(kbuf->kdev->dead) || vmf->pgoff >= kbuf->npages)
		return VM_FAULT_SIGBUS;
	page = kbuf->pages[vmf->pgoff];
	get_page(page);
	vmf->page = page;
	return 0;
}

static const struct vm_operations_struct kvmfr_buf_vm_ops = {
	.fault = kvmfr_buf_fault,
};

static int kvmfr_buf_mmap(struct dma_buf *buf, struct vm_area_struct *vma)
{
	struct kvmfr_buf *kbuf = buf->priv;

	/* A private (copy-on-write) view of a shared frame makes no sense. */
	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	if (vma->vm_pgoff > kbuf->npages || vma_pages(vma) > kbuf->npages - vma->vm_pgoff)
		return -EINVAL;
	if (READ_ONCE(kbuf->kdev->dead))
		return -ENODEV;
	kvmfr_vma_setup(kbuf->kdev, vma);
	vma->vm_ops = &kvmfr_buf_vm_ops;
	vma->vm_private_data = kbuf;
	return 0;
}

/* Both kinds of memory are mapped write-back everywhere and DMA on the
 * platforms QEMU/KVM runs on is cache coherent: nothing to synchronise. The
 * callbacks exist so that DMA_BUF_IOCTL_SYNC succeeds. */
static int kvmfr_buf_begin_cpu_access(struct dma_buf *buf, enum dma_data_direction dir)
{
	return 0;
}

static int kvmfr_buf_end_cpu_access(struct dma_buf *buf, enum dma_data_direction dir)
{
	return 0;
}

static const struct dma_buf_ops kvmfr_buf_ops = {
	.map_dma_buf = kvmfr_buf_map,
	.unmap_dma_buf = kvmfr_buf_unmap,
	.release = kvmfr_buf_release,
	.mmap = kvmfr_buf_mmap,
	.begin_cpu_access = kvmfr_buf_begin_cpu_access,
	.end_cpu_access = kvmfr_buf_end_cpu_access,
};

long kvmfr_dmabuf_create(struct kvmfr_dev *kdev, void __user *uarg)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct kvmfr_dmabuf_create req;
	struct kvmfr_buf *kbuf;
	struct dma_buf *buf;
	pgoff_t first, i;
	int fd;

	if (copy_from_user(&req, uarg, sizeof(req)))
		return -EFAULT;
	if (req.flags & ~KVMFR_DMABUF_FLAG_CLOEXEC)
		return -EINVAL;
	if (!req.size || ((req.offset | req.size) & (PAGE_SIZE - 1)))
		return -EINVAL;
	/* offset + size <= device size, written so that it cannot wrap. */
	if (req.offset > kdev->size || req.size > kdev->size - req.offset)
		return -EINVAL;
	if (READ_ONCE(kdev->dead))
		return -ENODEV;

	kbuf = kzalloc(sizeof(*kbuf), GFP_KERNEL);
	if (!kbuf)
		return -ENOMEM;
	kbuf->npages = req.size >> PAGE_SHIFT;
	kbuf->pages = kvmalloc_array(kbuf->npages, sizeof(*kbuf->pages), GFP_KERNEL);
	if (!kbuf->pages) {
		kfree(kbuf);
		return -ENOMEM;
	}
	first = req.offset >> PAGE_SHIFT;
	for (i = 0; i < kbuf->npages; i++)
		kbuf->pages[i] = kvmfr_dev_page(kdev, first + i);
	/* The caller's open file holds a reference, so this cannot be the
	 * first one. */
	kref_get(&kdev->ref);
	kbuf->kdev = kdev;

	exp_info.ops = &kvmfr_buf_ops;
	exp_info.size = req.size;
	exp_info.flags = O_RDWR;
	exp_info.priv = kbuf;
	buf = dma_buf_export(&exp_info);
	if (IS_ERR(buf)) {
		kvfree(kbuf->pages);
		kvmfr_dev_put(kdev);
		kfree(kbuf);
		return PTR_ERR(buf);
	}

	/* From here the buffer owns kbuf: dma_buf_put() releases it. */
	fd = dma_buf_fd(buf, (req.flags & KVMFR_DMABUF_FLAG_CLOEXEC) ? O_CLOEXEC : 0);
	if (fd < 0)
		dma_buf_put(buf);
	return fd;
}
