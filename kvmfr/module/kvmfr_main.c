// SPDX-License-Identifier: GPL-2.0-only
/*
 * kvmfr: the /dev/kvmfrN character devices, static (vmalloc) memory and the
 * module entry points.
 *
 * Written for lgview from the documented user interface of the Looking Glass
 * kvmfr module (device names, module parameter, ioctls), so that QEMU
 * configurations and both viewers work with either module.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "kvmfr_internal.h"

static int static_size_mb[KVMFR_MAX_DEVICES];
static unsigned int static_count;
module_param_array(static_size_mb, int, &static_count, 0444);
MODULE_PARM_DESC(static_size_mb, "List of static devices to create in MiB");

/* kvmfr_lock guards kvmfr_idr (minor -> device, both modes share it) and
 * the creation and removal of the nodes. */
static DEFINE_MUTEX(kvmfr_lock);
static DEFINE_IDR(kvmfr_idr);
static dev_t kvmfr_devt;
static struct cdev kvmfr_cdev;
static struct class *kvmfr_class;
static struct kvmfr_dev *kvmfr_static[KVMFR_MAX_DEVICES];

static void kvmfr_dev_release(struct kref *ref)
{
	struct kvmfr_dev *kdev = container_of(ref, struct kvmfr_dev, ref);

	if (kdev->type == KVMFR_TYPE_PCI)
		kvmfr_pci_release(kdev);
	else
		vfree(kdev->vaddr);
	kfree(kdev);
}

void kvmfr_dev_put(struct kvmfr_dev *kdev)
{
	kref_put(&kdev->ref, kvmfr_dev_release);
}

/* The caller checks pgoff < size / PAGE_SIZE. */
struct page *kvmfr_dev_page(struct kvmfr_dev *kdev, pgoff_t pgoff)
{
	if (kdev->type == KVMFR_TYPE_PCI)
		return pfn_to_page(kdev->base_pfn + pgoff);
	return vmalloc_to_page((u8 *)kdev->vaddr + ((size_t)pgoff << PAGE_SHIFT));
}

void kvmfr_vma_setup(struct kvmfr_dev *kdev, struct vm_area_struct *vma)
{
	/* The size is fixed: mremap must not grow the mapping past the
	 * device, and a core dump must not copy the frame buffer. */
	kvmfr_vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
	/* IVSHMEM memory is shared with the host: under memory encryption
	 * (AMD SEV) the user mapping must not use the guest's key. */
	if (kdev->type == KVMFR_TYPE_PCI)
		vma->vm_page_prot = pgprot_decrypted(vma->vm_page_prot);
}

int kvmfr_dev_register(struct kvmfr_dev *kdev, struct device *parent)
{
	struct device *dev;
	int minor;

	mutex_lock(&kvmfr_lock);
	minor = idr_alloc(&kvmfr_idr, kdev, 0, KVMFR_MAX_DEVICES, GFP_KERNEL);
	if (minor < 0) {
		mutex_unlock(&kvmfr_lock);
		pr_err("no free minor (at most %d devices)\n", KVMFR_MAX_DEVICES);
		return minor;
	}
	kdev->minor = minor;
	dev = device_create(kvmfr_class, parent, MKDEV(MAJOR(kvmfr_devt), minor), kdev,
			    KBUILD_MODNAME "%d", minor);
	if (IS_ERR(dev)) {
		idr_remove(&kvmfr_idr, minor);
		mutex_unlock(&kvmfr_lock);
		pr_err("device_create kvmfr%d: %ld\n", minor, PTR_ERR(dev));
		return PTR_ERR(dev);
	}
	mutex_unlock(&kvmfr_lock);
	return 0;
}

/*
 * Removes the node; the caller then drops the registry reference. Files
 * already open keep the device (and its memory) until they are closed and
 * unmapped, but can do nothing new with it.
 */
void kvmfr_dev_unregister(struct kvmfr_dev *kdev)
{
	mutex_lock(&kvmfr_lock);
	WRITE_ONCE(kdev->dead, true);
	/* Destroy before freeing the minor, so a new device cannot collide
	 * with the old name in sysfs. */
	device_destroy(kvmfr_class, MKDEV(MAJOR(kvmfr_devt), kdev->minor));
	idr_remove(&kvmfr_idr, kdev->minor);
	mutex_unlock(&kvmfr_lock);
}

static vm_fault_t kvmfr_vm_fault(struct vm_fault *vmf)
{
	struct kvmfr_dev *kdev = vmf->vma->vm_private_data;
	struct page *page;

	if (READ_ONCE(kdev->dead) || vmf->pgoff >= kdev->size >> PAGE_SHIFT)
		return VM_FAULT_SIGBUS;
	page = kvmfr_dev_page(kdev, vmf->pgoff);
	get_page(page);
	vmf->page = page;
	return 0;
}

static const struct vm_operations_struct kvmfr_vm_ops = {
	.fault = kvmfr_vm_fault,
};

static int kvmfr_open(struct inode *inode, struct file *file)
{
	struct kvmfr_dev *kdev;

	mutex_lock(&kvmfr_lock);
	kdev = idr_find(&kvmfr_idr, iminor(inode));
	if (kdev && !kdev->dead)
		kref_get(&kdev->ref);
	else
		kdev = NULL;
	mutex_unlock(&kvmfr_lock);
	if (!kdev)
		return -ENODEV;
	file->private_data = kdev;
	return 0;
}

static int kvmfr_release(struct inode *inode, struct file *file)
{
	kvmfr_dev_put(file->private_data);
	return 0;
}

static int kvmfr_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct kvmfr_dev *kdev = file->private_data;
	unsigned long total = kdev->size >> PAGE_SHIFT;

	if (vma->vm_pgoff > total || vma_pages(vma) > total - vma->vm_pgoff)
		return -EINVAL;
	if (READ_ONCE(kdev->dead))
		return -ENODEV;
	kvmfr_vma_setup(kdev, vma);
	vma->vm_ops = &kvmfr_vm_ops;
	vma->vm_private_data = kdev;
	return 0;
}

static long kvmfr_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct kvmfr_dev *kdev = file->private_data;

	switch (cmd) {
	case KVMFR_DMABUF_GETSIZE:
		if (READ_ONCE(kdev->dead))
			return -ENODEV;
		/* The return value is a long: a size above LONG_MAX cannot
		 * occur on a 64-bit kernel, but never let it turn negative. */
		return (long)min_t(u64, kdev->size, LONG_MAX);
	case KVMFR_DMABUF_CREATE:
		return kvmfr_dmabuf_create(kdev, (void __user *)arg);
	default:
		return -ENOTTY;
	}
}

/* SEEK_END gives the size, so QEMU's memory-backend-file can check its
 * size= option against the device instead of failing in mmap. */
static loff_t kvmfr_llseek(struct file *file, loff_t offset, int whence)
{
	struct kvmfr_dev *kdev = file->private_data;

	return fixed_size_llseek(file, offset, whence, kdev->size);
}

static const struct file_operations kvmfr_fops = {
	.owner = THIS_MODULE,
	.open = kvmfr_open,
	.release = kvmfr_release,
	.mmap = kvmfr_mmap,
	.llseek = kvmfr_llseek,
	.unlocked_ioctl = kvmfr_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct kvmfr_dev *kvmfr_static_create(int size_mb)
{
	struct kvmfr_dev *kdev;
	size_t size;
	int ret;

	if (size_mb <= 0 || check_mul_overflow((size_t)size_mb, (size_t)SZ_1M, &size)) {
		pr_err("static_size_mb=%d: the size must be a positive number of MiB\n", size_mb);
		return ERR_PTR(-EINVAL);
	}
	/* A typo such as 128000 would make vmalloc fail with a stack dump
	 * (or invoke the OOM killer): refuse what the machine cannot hold. */
	if (size >> PAGE_SHIFT >= totalram_pages()) {
		pr_err("static_size_mb=%d is more than the machine's memory\n", size_mb);
		return ERR_PTR(-ENOMEM);
	}
	kdev = kzalloc(sizeof(*kdev), GFP_KERNEL);
	if (!kdev)
		return ERR_PTR(-ENOMEM);
	kref_init(&kdev->ref);
	kdev->type = KVMFR_TYPE_STATIC;
	kdev->size = size;
	kdev->vaddr = vmalloc_user(size); /* zeroed, mappable to user space */
	if (!kdev->vaddr) {
		pr_err("cannot allocate %d MiB for a static device\n", size_mb);
		kfree(kdev);
		return ERR_PTR(-ENOMEM);
	}
	ret = kvmfr_dev_register(kdev, NULL);
	if (ret) {
		kvmfr_dev_put(kdev);
		return ERR_PTR(ret);
	}
	pr_info("kvmfr%d: static, %d MiB\n", kdev->minor, size_mb);
	return kdev;
}

static void kvmfr_static_destroy_all(void)
{
	int i;

	for (i = KVMFR_MAX_DEVICES - 1; i >= 0; i--) {
		if (!kvmfr_static[i])
			continue;
		kvmfr_dev_unregister(kvmfr_static[i]);
		kvmfr_dev_put(kvmfr_static[i]);
		kvmfr_static[i] = NULL;
	}
}

static int __init kvmfr_init(void)
{
	unsigned int i;
	int ret;

	ret = alloc_chrdev_region(&kvmfr_devt, 0, KVMFR_MAX_DEVICES, KBUILD_MODNAME);
	if (ret)
		return ret;
	cdev_init(&kvmfr_cdev, &kvmfr_fops);
	kvmfr_cdev.owner = THIS_MODULE;
	ret = cdev_add(&kvmfr_cdev, kvmfr_devt, KVMFR_MAX_DEVICES);
	if (ret)
		goto err_region;

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
	kvmfr_class = class_create(KBUILD_MODNAME);
#else
	kvmfr_class = class_create(THIS_MODULE, KBUILD_MODNAME);
#endif
	if (IS_ERR(kvmfr_class)) {
		ret = PTR_ERR(kvmfr_class);
		goto err_cdev;
	}

	for (i = 0; i < static_count; i++) {
		struct kvmfr_dev *kdev = kvmfr_static_create(static_size_mb[i]);

		if (IS_ERR(kdev)) {
			ret = PTR_ERR(kdev);
			goto err_static;
		}
		kvmfr_static[i] = kdev;
	}

	ret = kvmfr_pci_init();
	if (ret)
		goto err_static;
	return 0;

err_static:
	kvmfr_static_destroy_all();
	class_destroy(kvmfr_class);
err_cdev:
	cdev_del(&kvmfr_cdev);
err_region:
	unregister_chrdev_region(kvmfr_devt, KVMFR_MAX_DEVICES);
	return ret;
}

static void __exit kvmfr_exit(void)
{
	/* No file or dma-buf is open (each holds a module reference), so
	 * every device goes away here with its memory. */
	kvmfr_pci_exit();
	kvmfr_static_destroy_all();
	class_destroy(kvmfr_class);
	cdev_del(&kvmfr_cdev);
	unregister_chrdev_region(kvmfr_devt, KVMFR_MAX_DEVICES);
	idr_destroy(&kvmfr_idr);
}

module_init(kvmfr_init);
module_exit(kvmfr_exit);

MODULE_DESCRIPTION("kvmfr: IVSHMEM and static shared memory as /dev/kvmfrN with dma-buf export");
MODULE_LICENSE("GPL v2");
MODULE_VERSION(KVMFR_VERSION);
MODULE_AUTHOR("lgview contributors");
/* dma_buf_export() and friends live in the DMA_BUF symbol namespace since
 * 5.16; since 6.13 the namespace is a string literal. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
MODULE_IMPORT_NS("DMA_BUF");
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(5, 16, 0)
MODULE_IMPORT_NS(DMA_BUF);
#endif
