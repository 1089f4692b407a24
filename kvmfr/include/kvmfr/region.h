/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A shared-memory region the guest writes frames into: a /dev/shm file made
 * by QEMU's ivshmem-plain device, a /dev/kvmfrN character device of the
 * kvmfr module (which can also export dma-bufs), or a private memfd.
 *
 * Errors: every int-returning function returns 0 or a negative errno; the
 * library never prints. kvmfr_region_explain() turns an error from open or
 * create into a sentence for the user.
 *
 * Threads: all functions are reentrant and may be called from any thread.
 * A region object is not locked: do not destroy it while another thread
 * still uses it or its mapping. The mapping is shared with another process
 * (QEMU, the guest); how both sides take turns is the caller's protocol.
 *
 * Ownership: a region owns its fd and its mapping; kvmfr_region_destroy()
 * releases both. A dma-buf fd from kvmfr_region_dmabuf() belongs to the
 * caller and stays valid after the region is destroyed.
 */
#ifndef KVMFR_REGION_H
#define KVMFR_REGION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct kvmfr_region {
	int fd;
	void *map;       /* size bytes, MAP_SHARED, PROT_READ | PROT_WRITE */
	uint64_t size;   /* 64-bit: regions over 2 GiB must work */
	bool is_device;  /* a /dev/kvmfrN character device (dma-buf capable) */
	char path[4096]; /* as given, or "memfd:<name>" */
};

/*
 * Opens and maps an existing region. A regular file's size comes from
 * fstat(), a character device's from the KVMFR_DMABUF_GETSIZE ioctl.
 * Besides open()'s own errors: -EINVAL for a NULL path or out, an empty
 * file, a size that does not fit the address space, or a path that is
 * neither a regular file nor a character device (-EISDIR for a directory);
 * -ENAMETOOLONG for a path that does not fit path[]; -ENODEV for a regular
 * file named kvmfrN (QEMU made it because the module was not loaded);
 * -ENOTTY for a character device that is not a kvmfr device.
 */
int kvmfr_region_open(const char *path, struct kvmfr_region **out);

/*
 * Creates the regular file `path` with `mode` (exactly, regardless of the
 * umask) and `size` bytes (sparse), or grows an existing smaller one to
 * `size` (keeping its mode and contents), then opens it. Never shrinks an
 * existing larger file: the region then has the file's size. -ENODEV for a
 * path named kvmfrN (reserved for the module's devices); -EINVAL for size 0
 * or a path that exists but is not a regular file.
 */
int kvmfr_region_create_shm(const char *path, uint64_t size, mode_t mode,
			    struct kvmfr_region **out);

/* A private anonymous region (memfd_create, MFD_CLOEXEC) of `size` bytes,
 * for demos and tests; path is "memfd:<name>". */
int kvmfr_region_create_memfd(const char *name, uint64_t size, struct kvmfr_region **out);

/* Unmaps and closes. Accepts NULL. */
void kvmfr_region_destroy(struct kvmfr_region *r);

/*
 * Exports [offset, offset + size) of a kvmfr device as a close-on-exec
 * dma-buf fd (KVMFR_DMABUF_CREATE), stored in *fd_out (-1 on failure).
 * -EINVAL for NULL arguments or a range kvmfr_region_check_range() rejects
 * (checked first, for every kind of region); then -ENOTSUP when the region
 * is not a kvmfr device; then the ioctl's error.
 */
int kvmfr_region_dmabuf(const struct kvmfr_region *r, uint64_t offset, uint64_t size,
			int *fd_out);

/* 0 when offset and size are multiples of the page size, size is not 0 and
 * the range lies inside region_size bytes (no overflow); else -EINVAL. */
int kvmfr_region_check_range(uint64_t region_size, uint64_t offset, uint64_t size);

/* Whether the last component of `path` is kvmfr<digits>, the name of a
 * kvmfr module device node. False for NULL. */
bool kvmfr_is_device_name(const char *path);

/*
 * The Looking Glass B7 size rule: W*H*BPP*2 bytes (BPP 4 SDR, 8 HDR) in MiB,
 * plus 10 MiB, rounded up to a power of two; in bytes. 1080p and 1200p:
 * 32 MiB (HDR 64); 1440p: 64 (128); 2160p: 128 (256). 0 when width or
 * height is 0 or the result does not fit 64 bits. Pure.
 */
uint64_t kvmfr_recommended_size(uint32_t width, uint32_t height, bool hdr);

/*
 * Writes into buf (always NUL-terminated when len > 0; truncated to fit) a
 * one-paragraph explanation for the user of why opening or creating `path`
 * failed with `err` (a negative errno from kvmfr_region_open/create_*), and
 * how to fix it. It looks at the path again (stat) to be specific.
 */
void kvmfr_region_explain(const char *path, int err, char *buf, size_t len);

/* Who may open a file: what kvmfr_region_explain() finds out about a path
 * for -EACCES and -EPERM. */
struct kvmfr_access {
	uid_t owner;
	gid_t group;
	mode_t mode;   /* only the permission bits matter */
	uid_t uid;     /* the caller's effective uid */
	bool in_group; /* group is one of the caller's groups now */
	bool listed;   /* the group database lists the caller in group, maybe
			* only since after this login (not in effect yet) */
	const char *owner_name, *group_name, *user_name; /* NULL: not known */
};

/*
 * The explanation kvmfr_region_explain() gives for a permission error, for
 * the facts in *a (read and write access is what a region needs): why the
 * caller is refused and the fix that fits, plus how to make it last for a
 * /dev/shm file or a kvmfrN device. Pure. Same buffer rules as
 * kvmfr_region_explain().
 */
void kvmfr_region_explain_access(const char *path, const struct kvmfr_access *a, char *buf,
				 size_t len);

/*
 * "PATH is N MiB, too small for WxH frames: make it M MiB", and how to
 * resize that kind of region. Same buffer rules as kvmfr_region_explain().
 */
void kvmfr_region_explain_too_small(const char *path, uint64_t size, uint32_t width,
				    uint32_t height, bool hdr, char *buf, size_t len);

#endif /* KVMFR_REGION_H */
