/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kvmfr character device interface (ioctl numbers and argument layout),
 * written from the documented facts of the Looking Glass B7 module so that
 * our viewer and a future kernel module share one definition. Usable from
 * kernel code and from userspace: it needs only <linux/types.h> and
 * <linux/ioctl.h>.
 *
 * Nodes: /dev/kvmfr0 .. /dev/kvmfr9, class "kvmfr", udev SUBSYSTEM=="kvmfr".
 */
#ifndef KVMFR_UAPI_H
#define KVMFR_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define KVMFR_MAX_DEVICES 10

/* KVMFR_DMABUF_CREATE flags: the returned dma-buf fd is close-on-exec. */
#define KVMFR_DMABUF_FLAG_CLOEXEC 0x1

/*
 * Argument of KVMFR_DMABUF_CREATE. offset and size are byte counts into the
 * device and must be page aligned and within it. The 64-bit members are
 * 8-byte aligned on every ABI (i386 included) so the layout is 24 bytes
 * everywhere and matches a 64-bit kernel.
 */
struct kvmfr_dmabuf_create {
	__u8 flags;           /* KVMFR_DMABUF_FLAG_* */
	/* 7 bytes of implicit padding */
	__aligned_u64 offset; /* byte offset into the device */
	__aligned_u64 size;   /* byte length */
};

/* Returns the device size in bytes as the ioctl's return value. */
#define KVMFR_DMABUF_GETSIZE _IO('u', 0x44)
/* Returns a new dma-buf fd (O_RDWR) for the range. */
#define KVMFR_DMABUF_CREATE _IOW('u', 0x42, struct kvmfr_dmabuf_create)

#ifndef __cplusplus
_Static_assert(sizeof(struct kvmfr_dmabuf_create) == 24, "kvmfr_dmabuf_create is 24 bytes");
_Static_assert(__builtin_offsetof(struct kvmfr_dmabuf_create, offset) == 8,
	       "kvmfr_dmabuf_create.offset at byte 8");
_Static_assert(__builtin_offsetof(struct kvmfr_dmabuf_create, size) == 16,
	       "kvmfr_dmabuf_create.size at byte 16");
/* The numbers below hold for the generic ioctl encoding (x86, arm, riscv...);
 * powerpc, mips, sparc and alpha encode direction and size differently. */
#if _IOC_NONE == 0U && _IOC_WRITE == 1U && _IOC_SIZEBITS == 14
_Static_assert(KVMFR_DMABUF_GETSIZE == 0x7544, "KVMFR_DMABUF_GETSIZE is 0x7544");
_Static_assert(KVMFR_DMABUF_CREATE == 0x40187542, "KVMFR_DMABUF_CREATE is 0x40187542");
#endif
#endif

#endif /* KVMFR_UAPI_H */
