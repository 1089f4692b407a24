/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Opening, creating and mapping shared-memory regions; dma-buf export. */
#include "kvmfr/region.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kvmfr/uapi.h"

#define PATH_CAP sizeof(((struct kvmfr_region *)0)->path)

static int neg_errno(void)
{
	return errno > 0 ? -errno : -EIO;
}

bool kvmfr_is_device_name(const char *path)
{
	if (!path)
		return false;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (strncmp(base, "kvmfr", 5) != 0 || !base[5])
		return false;
	for (base += 5; *base; base++)
		if (*base < '0' || *base > '9')
			return false;
	return true;
}

static int check_path(const char *path)
{
	if (!path)
		return -EINVAL;
	if (strnlen(path, PATH_CAP) == PATH_CAP)
		return -ENAMETOOLONG;
	return 0;
}

/* What kvmfr_region_open accepts; checked before open() and again after. */
static int check_kind(const char *path, const struct stat *st)
{
	if (S_ISREG(st->st_mode))
		return kvmfr_is_device_name(path) ? -ENODEV : 0;
	if (S_ISCHR(st->st_mode))
		return 0;
	return S_ISDIR(st->st_mode) ? -EISDIR : -EINVAL;
}

static int device_size(int fd, uint64_t *size)
{
	/* syscall(), not ioctl(): glibc's ioctl() returns an int, which cannot
	 * hold a device size of 2 GiB or more. */
	long ret = syscall(SYS_ioctl, fd, (unsigned long)KVMFR_DMABUF_GETSIZE, 0UL);
	if (ret < 0)
		return neg_errno();
	*size = (uint64_t)ret;
	return 0;
}

/* Maps fd whole; on success the region owns fd. */
static int region_map(int fd, const char *path, bool is_device, uint64_t size,
		      struct kvmfr_region **out)
{
	int ret;

	if (size == 0 || size > SIZE_MAX)
		return -EINVAL;
	struct kvmfr_region *r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->map = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (r->map == MAP_FAILED) {
		ret = neg_errno();
		goto err_free;
	}
	r->fd = fd;
	r->size = size;
	r->is_device = is_device;
	snprintf(r->path, sizeof(r->path), "%s", path);
	*out = r;
	return 0;

err_free:
	free(r);
	return ret;
}

int kvmfr_region_open(const char *path, struct kvmfr_region **out)
{
	struct stat st;
	uint64_t size;
	int ret;

	if (!out)
		return -EINVAL;
	*out = NULL;
	ret = check_path(path);
	if (ret)
		return ret;
	/* Classify before opening: opening a FIFO or a stray device can block
	 * or have side effects. */
	if (stat(path, &st) < 0)
		return neg_errno();
	ret = check_kind(path, &st);
	if (ret)
		return ret;

	int fd = open(path, O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return neg_errno();
	if (fstat(fd, &st) < 0) {
		ret = neg_errno();
		goto err_close;
	}
	ret = check_kind(path, &st); /* it may have been replaced meanwhile */
	if (ret)
		goto err_close;

	bool is_device = S_ISCHR(st.st_mode);
	if (is_device) {
		ret = device_size(fd, &size);
		if (ret)
			goto err_close;
	} else {
		size = st.st_size > 0 ? (uint64_t)st.st_size : 0;
	}
	ret = region_map(fd, path, is_device, size, out);
	if (ret)
		goto err_close;
	return 0;

err_close:
	close(fd);
	return ret;
}

/* Opens an existing path for create_shm; only regular files. */
static int open_existing(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return neg_errno();
	if (!S_ISREG(st.st_mode))
		return S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
	int fd = open(path, O_RDWR | O_CLOEXEC | O_NOCTTY);
	return fd < 0 ? neg_errno() : fd;
}

int kvmfr_region_create_shm(const char *path, uint64_t size, mode_t mode,
			    struct kvmfr_region **out)
{
	struct stat st;
	int ret;

	if (!out)
		return -EINVAL;
	*out = NULL;
	ret = check_path(path);
	if (ret)
		return ret;
	/* A file named kvmfrN is exactly the trap of a VM started before the
	 * module was loaded: never make one. */
	if (kvmfr_is_device_name(path))
		return -ENODEV;
	if (size == 0 || size > SIZE_MAX || size > (uint64_t)INT64_MAX)
		return -EINVAL;

	bool created = true;
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, mode);
	if (fd < 0 && errno == EEXIST) {
		created = false;
		fd = open_existing(path);
		if (fd < 0)
			return fd;
	} else if (fd < 0) {
		return neg_errno();
	}
	/* open() applied the umask; the caller asked for this exact mode. */
	if (created && fchmod(fd, mode & 07777) < 0) {
		ret = neg_errno();
		goto err_close;
	}
	if (fstat(fd, &st) < 0) {
		ret = neg_errno();
		goto err_close;
	}
	if (!S_ISREG(st.st_mode)) {
		ret = -EINVAL;
		goto err_close;
	}
	uint64_t cur = st.st_size > 0 ? (uint64_t)st.st_size : 0;
	if (cur < size) {
		if (ftruncate(fd, (off_t)size) < 0) {
			ret = neg_errno();
			goto err_close;
		}
		cur = size;
	}
	ret = region_map(fd, path, false, cur, out);
	if (ret)
		goto err_close;
	return 0;

err_close:
	close(fd);
	if (created)
		unlink(path);
	return ret;
}

int kvmfr_region_create_memfd(const char *name, uint64_t size, struct kvmfr_region **out)
{
	char label[PATH_CAP];
	int ret;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (!name || size == 0 || size > SIZE_MAX || size > (uint64_t)INT64_MAX)
		return -EINVAL;
	int fd = memfd_create(name, MFD_CLOEXEC);
	if (fd < 0)
		return neg_errno();
	if (ftruncate(fd, (off_t)size) < 0) {
		ret = neg_errno();
		goto err_close;
	}
	snprintf(label, sizeof(label), "memfd:%s", name);
	ret = region_map(fd, label, false, size, out);
	if (ret)
		goto err_close;
	return 0;

err_close:
	close(fd);
	return ret;
}

void kvmfr_region_destroy(struct kvmfr_region *r)
{
	if (!r)
		return;
	if (r->map && r->map != MAP_FAILED)
		munmap(r->map, (size_t)r->size);
	if (r->fd >= 0)
		close(r->fd);
	free(r);
}

int kvmfr_region_check_range(uint64_t region_size, uint64_t offset, uint64_t size)
{
	long ps = sysconf(_SC_PAGESIZE);
	uint64_t page = ps > 0 ? (uint64_t)ps : 4096;

	if (size == 0 || offset % page || size % page)
		return -EINVAL;
	if (offset > region_size || size > region_size - offset)
		return -EINVAL;
	return 0;
}

int kvmfr_region_dmabuf(const struct kvmfr_region *r, uint64_t offset, uint64_t size,
			int *fd_out)
{
	if (fd_out)
		*fd_out = -1;
	if (!r || !fd_out)
		return -EINVAL;
	int ret = kvmfr_region_check_range(r->size, offset, size);
	if (ret)
		return ret;
	if (!r->is_device)
		return -ENOTSUP;

	struct kvmfr_dmabuf_create arg = {
		.flags = KVMFR_DMABUF_FLAG_CLOEXEC,
		.offset = offset,
		.size = size,
	};
	int fd = ioctl(r->fd, KVMFR_DMABUF_CREATE, &arg);
	if (fd < 0)
		return neg_errno();
	*fd_out = fd;
	return 0;
}
