// SPDX-License-Identifier: GPL-2.0-or-later
/* kvmfrtest: unload refusal, PCI expectations, unbind under live mappings, vgem import. */
#include "kvmfrtest.h"

/* ---- unload ------------------------------------------------------------- */

bool module_loaded(const char *mod)
{
	char p[128];
	snprintf(p, sizeof(p), "/sys/module/%s/initstate", mod);
	return access(p, F_OK) == 0;
}

/* rmmod must be refused (EBUSY/EAGAIN: "in use") and the module must stay. */
void expect_rmmod_refused(const char *name, const char *mod)
{
	errno = 0;
	long ret = syscall(SYS_delete_module, mod, O_NONBLOCK);
	int e = errno;
	bool still = module_loaded(mod);
	result(ret == -1 && (e == EBUSY || e == EAGAIN) && still, name,
	       "delete_module returned %ld errno %d (%s); module %s", ret, e, strerror(e),
	       still ? "still loaded" : "GONE");
	if (!still) {
		/* The memory behind our mappings may be freed: leave them alone. */
		printf("RESULT FAIL %sunload_stopped: the module unloaded while in use\n", tag);
		exit(1);
	}
}

void test_unload(const char *mod, const char *dev)
{
	int fd = open_dev(dev);
	if (fd < 0) {
		result(false, "open", "%s: %s", dev, strerror(errno));
		return;
	}
	long size = getsize(fd);
	uint8_t *m = size > 0 ? map_dev(fd, (uint64_t)size, 0) : MAP_FAILED;
	if (m == MAP_FAILED) {
		result(false, "mmap", "%s", strerror(errno));
		close(fd);
		return;
	}
	fill(m, 0, PAGE, 0xc0de);

	/* 1. An open fd. */
	expect_rmmod_refused("rmmod_refused_open_fd", mod);
	/* 2. Only a mapping (fd closed). */
	close(fd);
	expect_rmmod_refused("rmmod_refused_mapping_only", mod);
	int r = verify(m, 0, PAGE, 0xc0de);
	result(r == 0, "mapping_works_after_refused_rmmod", "%s", verdict(r));
	munmap(m, (uint64_t)size);

	/* 3. Only a dma-buf fd. */
	fd = open_dev(dev);
	int d = dmabuf(fd, KVMFR_DMABUF_FLAG_CLOEXEC, 0, PAGE);
	close(fd);
	if (d < 0) {
		result(false, "dmabuf_create", "%s", strerror(errno));
		return;
	}
	expect_rmmod_refused("rmmod_refused_dmabuf_fd_only", mod);
	/* 4. Only a dma-buf mapping. */
	uint8_t *dm = map_dev(d, PAGE, 0);
	close(d);
	if (dm == MAP_FAILED) {
		result(false, "dmabuf_mmap", "%s", strerror(errno));
		return;
	}
	expect_rmmod_refused("rmmod_refused_dmabuf_mapping_only", mod);
	r = verify(dm, 0, PAGE, 0xc0de);
	result(r == 0, "dmabuf_mapping_works_after_refused_rmmod", "%s", verdict(r));
	munmap(dm, PAGE);
	/* The caller now unloads with nothing open. */
}

/* ---- expect / pci --------------------------------------------------------- */

bool test_expect(const char *name, const char *dev, uint64_t off, const char *want)
{
	int fd = open_dev(dev);
	uint64_t base = off & ~(uint64_t)(PAGE - 1);
	uint8_t *m = fd >= 0 ? map_dev(fd, PAGE, base) : MAP_FAILED;
	bool ok = false;
	char got[128] = "";
	if (m != MAP_FAILED) {
		size_t n = strlen(want) < sizeof(got) - 1 ? strlen(want) : sizeof(got) - 1;
		if (off - base + n <= PAGE) {
			memcpy(got, m + (off - base), n);
			got[n] = '\0';
			ok = strcmp(got, want) == 0;
		}
		munmap(m, PAGE);
	}
	if (fd >= 0)
		close(fd);
	result(ok, name, "%s at 0x%" PRIx64 ": got '%s', want '%s' (%s)", dev, off, got, want,
	       m == MAP_FAILED ? strerror(errno) : "mapped");
	return ok;
}

/* ---- unbind --------------------------------------------------------------- */

/* Wait up to ms for pid; its status in *st. */
bool wait_for(pid_t pid, int ms, int *st)
{
	for (int t = 0; t < ms; t += 20) {
		if (waitpid(pid, st, WNOHANG) == pid)
			return true;
		usleep(20000);
	}
	return false;
}

const char *how(int st)
{
	static char buf[64];
	if (WIFEXITED(st))
		snprintf(buf, sizeof(buf), "exit %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, sizeof(buf), "killed by %s", strsignal(WTERMSIG(st)));
	else
		snprintf(buf, sizeof(buf), "status 0x%x", st);
	return buf;
}

/* Run fn(arg) in a child; it passes when the child exits 0 or dies of
 * SIGBUS (what touching memory that is gone may do), within 20 s. */
static void in_child_sigbus_ok(const char *name, void (*fn)(void *), void *arg)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGBUS, SIG_DFL);
		signal(SIGSEGV, SIG_DFL);
		fn(arg);
		_exit(0);
	}
	int st = 0;
	bool done = wait_for(pid, 20000, &st);
	if (!done) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	result(done && ((WIFEXITED(st) && WEXITSTATUS(st) == 0) ||
			(WIFSIGNALED(st) && WTERMSIG(st) == SIGBUS)),
	       name, "%s", done ? how(st) : "hung for 20 s");
	if (done)
		info("%s: %s", name, how(st));
}

struct span {
	volatile uint8_t *p;
	uint64_t len;
};

void touch_span(void *arg)
{
	struct span *s = arg;
	uint32_t sink = 0;
	for (uint64_t i = 0; i < s->len; i += PAGE)
		sink += *(volatile uint32_t *)(s->p + i);
	*(volatile uint32_t *)s->p = sink;
}

struct stale {
	int fd;
	int dbuf;
};

/* ioctls and mmaps on files whose device is gone: errors are expected. */
void use_stale(void *arg)
{
	struct stale *st = arg;
	errno = 0;
	long g = getsize(st->fd);
	int ge = errno;
	int x = dmabuf(st->fd, 0, 0, PAGE);
	int xe = errno;
	void *dm = map_dev(st->fd, PAGE, 0);
	int de = errno;
	void *bm = map_dev(st->dbuf, PAGE, 0);
	int be = errno;
	printf("INFO %sstale files after unbind: GETSIZE %ld (%s), DMABUF_CREATE %d (%s), "
	       "new device mmap %s, new dma-buf mmap %s\n",
	       tag, g, g < 0 ? strerror(ge) : "ok", x, x < 0 ? strerror(xe) : "ok",
	       dm == MAP_FAILED ? strerror(de) : "allowed", bm == MAP_FAILED ? strerror(be) : "allowed");
	fflush(stdout);
	/* Whatever was allowed must at most SIGBUS. */
	if (x >= 0) {
		void *xm = map_dev(x, PAGE, 0);
		if (xm != MAP_FAILED)
			(void)*(volatile uint8_t *)xm;
	}
	if (dm != MAP_FAILED)
		(void)*(volatile uint8_t *)dm;
	if (bm != MAP_FAILED)
		(void)*(volatile uint8_t *)bm;
}

bool write_sysfs(const char *path, const char *val, int *err)
{
	int sfd = open(path, O_WRONLY);
	bool ok = sfd >= 0 && write(sfd, val, strlen(val)) == (ssize_t)strlen(val);
	*err = ok ? 0 : errno;
	if (sfd >= 0)
		close(sfd);
	return ok;
}

/* Write to a sysfs file in a child (the write may block); the errno (0 for
 * success) in *err. False when it did not finish within ms. */
bool write_sysfs_child(const char *path, const char *val, int ms, int *err)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		int e;
		write_sysfs(path, val, &e);
		_exit(e & 0xff);
	}
	int st = 0;
	if (!wait_for(pid, ms, &st)) {
		*err = -1;
		return false; /* left running: it finishes when it can */
	}
	*err = WIFEXITED(st) ? WEXITSTATUS(st) : 255;
	return true;
}

bool bound(const char *bdf)
{
	char p[128];
	snprintf(p, sizeof(p), "/sys/bus/pci/devices/%s/driver", bdf);
	return access(p, F_OK) == 0;
}

void test_unbind(const char *dev, const char *bdf, uint64_t scratch, uint64_t slen)
{
	int fd = open_dev(dev);
	long size = fd >= 0 ? getsize(fd) : -1;
	uint8_t *m = size > 0 ? map_dev(fd, (uint64_t)size, 0) : MAP_FAILED;
	int d = fd >= 0 ? dmabuf(fd, 0, scratch, slen) : -1;
	uint8_t *dm = d >= 0 ? map_dev(d, slen, 0) : MAP_FAILED;
	/* A second dma-buf stays open, unmapped, across the unbind. */
	int d2 = fd >= 0 ? dmabuf(fd, 0, scratch, PAGE) : -1;
	if (m == MAP_FAILED || dm == MAP_FAILED || d2 < 0) {
		result(false, "unbind_setup", "open/mmap/dmabuf: %s", strerror(errno));
		return;
	}
	close(d);
	fill(m + scratch, scratch, slen, 0xd00d);
	int r = verify(dm, scratch, slen, 0xd00d);
	result(r == 0, "unbind_setup", "%s", verdict(r));

	int err = 0;
	bool done = write_sysfs_child("/sys/bus/pci/drivers/kvmfr/unbind", bdf, 20000, &err);
	result(done && err == 0, "unbind_with_live_mapping",
	       done ? "writing %s to .../drivers/kvmfr/unbind: %s"
		    : "writing %s to .../drivers/kvmfr/unbind: still blocked after 20 s "
		      "while a mapping of the device is alive%s",
	       bdf, done ? strerror(err) : "");
	if (done) {
		result(!bound(bdf), "unbind_unbinds", "%s still has a driver", bdf);
		struct stat sb;
		result(stat(dev, &sb) != 0 && errno == ENOENT, "unbind_removes_devnode",
		       "%s still exists", dev);

		/* Our own mapping, its pages faulted in before the unbind. */
		r = verify(m + scratch, scratch, slen, 0xd00d);
		result(r == 0 || r == SIGBUS, "own_mapping_after_unbind", "%s", verdict(r));
		info("reading our own mapping after unbind: %s",
		     r == 0 ? "the data is still there" : verdict(r));
		/* The same mappings from a fresh process (fork: refaults). */
		struct span sd = {m + scratch, slen}, sb2 = {dm, slen};
		in_child_sigbus_ok("device_mapping_in_child_after_unbind", touch_span, &sd);
		in_child_sigbus_ok("dmabuf_mapping_in_child_after_unbind", touch_span, &sb2);
		struct stale st = {fd, d2};
		in_child_sigbus_ok("stale_files_after_unbind", use_stale, &st);

		/* Binding again while the old device's memory is still in use
		 * must not map the BAR twice: refused, or bound cleanly. */
		bool bdone = write_sysfs_child("/sys/bus/pci/drivers/kvmfr/bind", bdf, 20000, &err);
		result(bdone, "rebind_while_in_use_returns", "bind blocked for 20 s");
		if (bdone)
			info("binding again while the old mappings live: %s (%s)",
			     err ? "refused" : "bound", err ? strerror(err) : "ok");
	}
	munmap(dm, slen);
	munmap(m, (uint64_t)size);
	close(d2);
	close(fd);
	if (!done) {
		int t = 0;
		for (; t < 20000 && bound(bdf); t += 50)
			usleep(50000);
		info("the blocked unbind %s after the mappings were released",
		     bound(bdf) ? "still did not finish" : "finished");
	}
}

/* ---- a real importer: vgem ------------------------------------------------ */

/* The few DRM ioctls needed, as in <drm/drm.h> (stable ABI). */
struct ktest_drm_version {
	int major, minor, patch;
	size_t name_len;
	char *name;
	size_t date_len;
	char *date;
	size_t desc_len;
	char *desc;
};
struct ktest_drm_gem_close {
	uint32_t handle, pad;
};
struct ktest_drm_prime_handle {
	uint32_t handle, flags;
	int32_t fd;
};
#define KTEST_DRM_IOCTL_VERSION _IOWR('d', 0x00, struct ktest_drm_version)
#define KTEST_DRM_IOCTL_GEM_CLOSE _IOW('d', 0x09, struct ktest_drm_gem_close)
#define KTEST_DRM_IOCTL_PRIME_HANDLE_TO_FD _IOWR('d', 0x2d, struct ktest_drm_prime_handle)
#define KTEST_DRM_IOCTL_PRIME_FD_TO_HANDLE _IOWR('d', 0x2e, struct ktest_drm_prime_handle)

int open_vgem(void)
{
	for (int i = 0; i < 16; ++i) {
		char path[64], name[32] = "";
		snprintf(path, sizeof(path), "/dev/dri/card%d", i);
		int fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		struct ktest_drm_version v = {.name_len = sizeof(name) - 1, .name = name};
		if (ioctl(fd, KTEST_DRM_IOCTL_VERSION, &v) == 0 && !strcmp(name, "vgem"))
			return fd;
		close(fd);
	}
	return -1;
}

/*
 * A GPU driver imports the dma-buf (attach + map_dma_buf: a scatterlist
 * DMA-mapped for its device), the way a viewer's EGL import does; the import
 * keeps the module busy; re-exporting gives the same memory; closing the GEM
 * handle unmaps and detaches.
 */
void test_import(const char *mod, const char *dev, uint64_t off, uint64_t len)
{
	int card = open_vgem();
	result(card >= 0, "vgem_present", "no /dev/dri/cardN of the vgem driver");
	if (card < 0)
		return;
	int fd = open_dev(dev);
	uint8_t *m = fd >= 0 ? map_dev(fd, len, off) : MAP_FAILED;
	if (m == MAP_FAILED) {
		result(false, "import_setup", "%s: %s", dev, strerror(errno));
		close(card);
		return;
	}
	fill(m, off, len, 0x1e1e);
	int d = dmabuf(fd, KVMFR_DMABUF_FLAG_CLOEXEC, off, len);
	munmap(m, len);
	close(fd);
	struct ktest_drm_prime_handle ph = {.fd = d};
	errno = 0;
	int ret = d >= 0 ? ioctl(card, KTEST_DRM_IOCTL_PRIME_FD_TO_HANDLE, &ph) : -1;
	result(ret == 0, "vgem_imports_dmabuf", "PRIME_FD_TO_HANDLE: %s", strerror(errno));
	if (d >= 0)
		close(d);
	if (ret != 0) {
		close(card);
		return;
	}
	/* Now only the importer holds the buffer. */
	expect_rmmod_refused("rmmod_refused_while_imported", mod);
	struct ktest_drm_prime_handle ex = {.handle = ph.handle, .flags = O_CLOEXEC | O_RDWR,
					    .fd = -1};
	ret = ioctl(card, KTEST_DRM_IOCTL_PRIME_HANDLE_TO_FD, &ex);
	uint8_t *em = ret == 0 ? map_dev(ex.fd, len, 0) : MAP_FAILED;
	if (em != MAP_FAILED) {
		int r = verify(em, off, len, 0x1e1e);
		result(r == 0, "reexported_dmabuf_same_memory", "%s", verdict(r));
		munmap(em, len);
	} else {
		result(false, "reexported_dmabuf_same_memory", "export/mmap: %s", strerror(errno));
	}
	if (ex.fd >= 0)
		close(ex.fd);
	struct ktest_drm_gem_close gc = {.handle = ph.handle};
	ret = ioctl(card, KTEST_DRM_IOCTL_GEM_CLOSE, &gc);
	result(ret == 0, "vgem_releases_import", "GEM_CLOSE: %s", strerror(errno));
	close(card);
}

