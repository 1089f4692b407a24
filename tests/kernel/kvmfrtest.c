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
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/dma-buf.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kvmfr/uapi.h"

#define PAGE 4096u
#define MiB (1024u * 1024u)

static int failures;
static const char *tag = "";

static void result(bool ok, const char *name, const char *fmt, ...)
{
	if (ok) {
		printf("RESULT PASS %s%s\n", tag, name);
	} else {
		char why[512] = "";
		if (fmt) {
			va_list ap;
			va_start(ap, fmt);
			vsnprintf(why, sizeof(why), fmt, ap);
			va_end(ap);
		}
		printf("RESULT FAIL %s%s: %s\n", tag, name, why);
		failures++;
	}
	fflush(stdout);
}

static void info(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("INFO %s", tag);
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	fflush(stdout);
}

/* ---- memory access that survives SIGBUS/SIGSEGV ------------------------ */

static sigjmp_buf fault_jmp;
static volatile sig_atomic_t fault_armed;

static void on_fault(int sig)
{
	if (fault_armed)
		siglongjmp(fault_jmp, sig);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_faults(void)
{
	struct sigaction sa = {.sa_handler = on_fault};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
}

static uint32_t word_at(uint32_t seed, uint64_t off)
{
	uint32_t v = seed ^ (uint32_t)(off * 2654435761u) ^ (uint32_t)(off >> 32);
	return v ^ (v >> 13);
}

/* Write the seed's pattern over [p, p+len), `off` being p's device offset.
 * Returns 0, or the signal that stopped it. */
static int fill(volatile uint8_t *p, uint64_t off, uint64_t len, uint32_t seed)
{
	int sig = sigsetjmp(fault_jmp, 1);
	if (sig) {
		fault_armed = 0;
		return sig;
	}
	fault_armed = 1;
	for (uint64_t i = 0; i + 4 <= len; i += 4)
		*(volatile uint32_t *)(p + i) = word_at(seed, off + i);
	fault_armed = 0;
	return 0;
}

static uint64_t bad_at;

/* 0 when [p, p+len) holds the pattern; 1 with bad_at set when not; or the
 * signal. */
static int verify(const volatile uint8_t *p, uint64_t off, uint64_t len, uint32_t seed)
{
	int sig = sigsetjmp(fault_jmp, 1);
	if (sig) {
		fault_armed = 0;
		return sig;
	}
	fault_armed = 1;
	for (uint64_t i = 0; i + 4 <= len; i += 4) {
		if (*(const volatile uint32_t *)(p + i) != word_at(seed, off + i)) {
			fault_armed = 0;
			bad_at = off + i;
			return 1;
		}
	}
	fault_armed = 0;
	return 0;
}

static const char *verdict(int r)
{
	static char buf[96];
	if (r == 1)
		snprintf(buf, sizeof(buf), "wrong data at device offset 0x%" PRIx64, bad_at);
	else
		snprintf(buf, sizeof(buf), "%s on access", strsignal(r));
	return buf;
}

/* Fill through one mapping and check through another. */
static void check_alias(const char *name, volatile uint8_t *w, volatile uint8_t *r, uint64_t off,
			uint64_t len, uint32_t seed)
{
	int ret = fill(w, off, len, seed);
	if (ret == 0)
		ret = verify(r, off, len, seed);
	result(ret == 0, name, "%s", verdict(ret));
}

/* ---- helpers ------------------------------------------------------------ */

static void *map_dev(int fd, uint64_t len, uint64_t off)
{
	return mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)off);
}

static int open_dev(const char *dev)
{
	return open(dev, O_RDWR | O_CLOEXEC);
}

static long getsize(int fd)
{
	return ioctl(fd, KVMFR_DMABUF_GETSIZE);
}

static int dmabuf(int fd, uint8_t flags, uint64_t off, uint64_t size)
{
	struct kvmfr_dmabuf_create c = {.flags = flags, .offset = off, .size = size};
	return ioctl(fd, KVMFR_DMABUF_CREATE, &c);
}

static bool errno_in(int e, int a, int b)
{
	return e == a || e == b;
}

/* The fd the next open would get: with RLIMIT_NOFILE there, none is free. */
static int lowest_free_fd(int any_open)
{
	int fd = fcntl(any_open, F_DUPFD, 0);
	if (fd >= 0)
		close(fd);
	return fd;
}

static int count_fds(void)
{
	int n = 0;
	for (int fd = 0; fd < 1024; ++fd)
		n += fcntl(fd, F_GETFD) >= 0;
	return n;
}

/* An mmap that must be refused: EINVAL or ENXIO. */
static void expect_mmap_refused(const char *name, int fd, uint64_t len, uint64_t off)
{
	errno = 0;
	void *m = map_dev(fd, len, off);
	int e = errno;
	if (m != MAP_FAILED) {
		/* Do not touch it: the pages past the end are not ours. */
		munmap(m, len);
		result(false, name, "mmap of 0x%" PRIx64 " bytes at 0x%" PRIx64 " succeeded", len,
		       off);
		return;
	}
	result(errno_in(e, EINVAL, ENXIO), name, "errno %d (%s), want EINVAL or ENXIO", e,
	       strerror(e));
}

/* A DMABUF_CREATE that must fail with `want` (and create no fd). */
static void expect_create_refused(const char *name, int fd, uint8_t flags, uint64_t off,
				  uint64_t size, int want)
{
	int before = count_fds();
	errno = 0;
	int ret = dmabuf(fd, flags, off, size);
	int e = errno;
	if (ret >= 0) {
		close(ret);
		result(false, name,
		       "flags 0x%x offset 0x%" PRIx64 " size 0x%" PRIx64 " gave dma-buf fd %d",
		       flags, off, size, ret);
		return;
	}
	int after = count_fds();
	result(e == want && before == after, name, "errno %d (%s), want %d (%s); fds %d -> %d", e,
	       strerror(e), want, strerror(want), before, after);
}

static bool parse_u64(const char *s, uint64_t *v)
{
	char *end;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno == 0 && *s && !*end;
}

/* ---- node --------------------------------------------------------------- */

static void test_node(const char *dev)
{
	struct stat st;
	if (stat(dev, &st) != 0) {
		result(false, "node", "stat %s: %s", dev, strerror(errno));
		return;
	}
	result(S_ISCHR(st.st_mode), "node_is_chardev", "mode 0%o", st.st_mode);
	const char *base = strrchr(dev, '/') ? strrchr(dev, '/') + 1 : dev;
	char path[256], buf[64] = "";
	snprintf(path, sizeof(path), "/sys/class/kvmfr/%s/dev", base);
	FILE *f = fopen(path, "r");
	if (!f) {
		result(false, "sysfs_class_kvmfr", "%s: %s", path, strerror(errno));
		return;
	}
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	unsigned maj = 0, min = 0;
	bool ok = sscanf(buf, "%u:%u", &maj, &min) == 2 && maj == major(st.st_rdev) &&
		  min == minor(st.st_rdev);
	result(ok, "sysfs_class_kvmfr", "%s says %.20s, the node is %u:%u", path, buf,
	       major(st.st_rdev), minor(st.st_rdev));
}

/* ---- size --------------------------------------------------------------- */

static bool test_size(const char *dev, uint64_t want)
{
	int fd = open_dev(dev);
	if (fd < 0) {
		result(false, "open", "%s: %s", dev, strerror(errno));
		return false;
	}
	long got = getsize(fd);
	int e = errno;
	close(fd);
	result(got >= 0 && (uint64_t)got == want, "size",
	       "KVMFR_DMABUF_GETSIZE returned %ld (errno %d), want %" PRIu64, got,
	       got < 0 ? e : 0, want);
	return got >= 0 && (uint64_t)got == want;
}

/* ---- the device suite: mmap, aliasing, bounds, dma-bufs ---------------- */

/*
 * scratch: the part of the device these tests may overwrite (the whole
 * device for static devices; a window for the PCI device, whose memory is
 * also the host's).
 */
static void test_device(const char *dev, uint64_t size, uint64_t scratch, uint64_t slen)
{
	int fd = open_dev(dev);
	result(fd >= 0, "open", "%s: %s", dev, strerror(errno));
	if (fd < 0)
		return;
	long gs = getsize(fd);
	result(gs >= 0 && (uint64_t)gs == size, "getsize", "returned %ld, want %" PRIu64, gs,
	       size);

	/* The whole device in one mapping. */
	uint8_t *m1 = map_dev(fd, size, 0);
	result(m1 != MAP_FAILED, "mmap_whole", "mmap of %" PRIu64 " bytes: %s", size,
	       strerror(errno));
	if (m1 == MAP_FAILED) {
		close(fd);
		return;
	}
	int r = fill(m1 + scratch, scratch, slen, 0x1111);
	if (r == 0)
		r = verify(m1 + scratch, scratch, slen, 0x1111);
	result(r == 0, "mmap_write_read", "%s", verdict(r));

	/* A second mapping of the same fd, at an offset: same memory. */
	uint8_t *m2 = map_dev(fd, slen, scratch);
	result(m2 != MAP_FAILED, "mmap_second_at_offset", "%s", strerror(errno));
	if (m2 != MAP_FAILED) {
		r = verify(m2, scratch, slen, 0x1111);
		result(r == 0, "alias_second_mapping_sees_first", "%s", verdict(r));
		check_alias("alias_first_sees_second", m2, m1 + scratch, scratch, slen, 0x2222);
		munmap(m2, slen);
	}

	/* A second open. */
	int fd2 = open_dev(dev);
	uint8_t *m3 = fd2 >= 0 ? map_dev(fd2, size, 0) : MAP_FAILED;
	result(m3 != MAP_FAILED, "mmap_second_open", "%s", strerror(errno));
	if (m3 != MAP_FAILED) {
		r = verify(m3 + scratch, scratch, slen, 0x2222);
		result(r == 0, "alias_second_open_sees_first", "%s", verdict(r));
		check_alias("alias_first_sees_second_open", m3 + scratch, m1 + scratch, scratch,
			    slen, 0x3333);
		munmap(m3, size);
	}
	if (fd2 >= 0)
		close(fd2);

	/* The last page alone. */
	uint8_t *ml = map_dev(fd, PAGE, size - PAGE);
	result(ml != MAP_FAILED, "mmap_last_page", "%s", strerror(errno));
	if (ml != MAP_FAILED) {
		if (scratch + slen == size)
			check_alias("alias_last_page", ml, m1 + size - PAGE, size - PAGE, PAGE,
				    0x4444);
		munmap(ml, PAGE);
	}

	/* Bounds of mmap. */
	expect_mmap_refused("mmap_longer_than_device", fd, size + PAGE, 0);
	expect_mmap_refused("mmap_at_end", fd, PAGE, size);
	expect_mmap_refused("mmap_straddling_end", fd, 2 * PAGE, size - PAGE);
	expect_mmap_refused("mmap_far_offset", fd, PAGE, (uint64_t)1 << 44);
	/* MAP_PRIVATE may be refused; if allowed, writes must stay private
	 * (copy-on-write) and never reach the shared memory. */
	uint8_t *mp = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, (off_t)scratch);
	info("MAP_PRIVATE mmap of the device: %s", mp == MAP_FAILED ? strerror(errno) : "allowed");
	if (mp != MAP_FAILED) {
		fill(m1 + scratch, scratch, PAGE, 0x1212);
		r = verify(mp, scratch, PAGE, 0x1212);
		if (r == 0)
			r = fill(mp, scratch, PAGE, 0x2121);
		if (r == 0)
			r = verify(m1 + scratch, scratch, PAGE, 0x1212);
		result(r == 0, "map_private_writes_stay_private", "%s", verdict(r));
		munmap(mp, PAGE);
	}
	off_t end_pos = lseek(fd, 0, SEEK_END);
	info("lseek(SEEK_END) on the device: %lld", (long long)end_pos);
	lseek(fd, 0, SEEK_SET);

	/* ---- dma-bufs ---- */
	uint64_t doff = scratch + 4 * PAGE, dlen = slen / 2 > MiB ? MiB : slen / 2;
	fill(m1 + scratch, scratch, slen, 0x5555);

	int d = dmabuf(fd, 0, doff, dlen);
	result(d >= 0, "dmabuf_create", "offset 0x%" PRIx64 " size 0x%" PRIx64 ": %s", doff, dlen,
	       strerror(errno));
	if (d >= 0) {
		int fdf = fcntl(d, F_GETFD), fl = fcntl(d, F_GETFL);
		result(fdf >= 0 && !(fdf & FD_CLOEXEC), "dmabuf_no_cloexec_by_default",
		       "F_GETFD 0x%x", fdf);
		result(fl >= 0 && (fl & O_ACCMODE) == O_RDWR, "dmabuf_fd_rdwr", "F_GETFL 0x%x", fl);
		off_t end = lseek(d, 0, SEEK_END);
		result(end == (off_t)dlen, "dmabuf_size", "lseek SEEK_END %lld, want %" PRIu64,
		       (long long)end, dlen);
		lseek(d, 0, SEEK_SET);

		uint8_t *dm = map_dev(d, dlen, 0);
		result(dm != MAP_FAILED, "dmabuf_mmap", "%s", strerror(errno));
		if (dm != MAP_FAILED) {
			r = verify(dm, doff, dlen, 0x5555);
			result(r == 0, "dmabuf_sees_device", "%s", verdict(r));
			check_alias("device_sees_dmabuf_write", dm, m1 + doff, doff, dlen, 0x6666);
			check_alias("dmabuf_sees_device_write", m1 + doff, dm, doff, dlen, 0x7777);
			struct dma_buf_sync s = {.flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW};
			int s1 = ioctl(d, DMA_BUF_IOCTL_SYNC, &s);
			s.flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW;
			int s2 = ioctl(d, DMA_BUF_IOCTL_SYNC, &s);
			result(s1 == 0 && s2 == 0, "dmabuf_sync", "DMA_BUF_IOCTL_SYNC: %s",
			       strerror(errno));
			munmap(dm, dlen);
		}
		/* A mapping of the dma-buf at a page offset inside it. */
		uint8_t *dp = map_dev(d, PAGE, 3 * PAGE);
		result(dp != MAP_FAILED, "dmabuf_mmap_at_offset", "%s", strerror(errno));
		if (dp != MAP_FAILED) {
			r = verify(dp, doff + 3 * PAGE, PAGE, 0x7777);
			result(r == 0, "dmabuf_mmap_offset_honoured", "%s", verdict(r));
			munmap(dp, PAGE);
		}
		errno = 0;
		void *dx = map_dev(d, dlen + PAGE, 0);
		result(dx == MAP_FAILED, "dmabuf_mmap_past_end_refused", "mmap succeeded");
		if (dx != MAP_FAILED)
			munmap(dx, dlen + PAGE);
		char fdinfo[64], line[256];
		snprintf(fdinfo, sizeof(fdinfo), "/proc/self/fdinfo/%d", d);
		FILE *f = fopen(fdinfo, "r");
		while (f && fgets(line, sizeof(line), f))
			if (!strncmp(line, "exp_name:", 9))
				info("dma-buf %s", strtok(line, "\n"));
		if (f)
			fclose(f);
		close(d);
	}

	int dc = dmabuf(fd, KVMFR_DMABUF_FLAG_CLOEXEC, doff, PAGE);
	int fdf = dc >= 0 ? fcntl(dc, F_GETFD) : -1;
	result(dc >= 0 && fdf >= 0 && (fdf & FD_CLOEXEC), "dmabuf_cloexec_flag",
	       "fd %d F_GETFD 0x%x%s%s", dc, fdf, dc < 0 ? ": " : "", dc < 0 ? strerror(errno) : "");
	if (dc >= 0)
		close(dc);

	int dw = dmabuf(fd, 0, 0, size);
	result(dw >= 0, "dmabuf_whole_device", "%s", strerror(errno));
	if (dw >= 0)
		close(dw);
	int dl = dmabuf(fd, 0, size - PAGE, PAGE);
	result(dl >= 0, "dmabuf_last_page", "%s", strerror(errno));
	if (dl >= 0) {
		uint8_t *m = map_dev(dl, PAGE, 0);
		if (m != MAP_FAILED) {
			r = memcmp(m, m1 + size - PAGE, PAGE) ? 1 : 0;
			bad_at = size - PAGE;
			result(r == 0, "dmabuf_last_page_same_bytes", "%s", verdict(r));
			munmap(m, PAGE);
		} else {
			result(false, "dmabuf_last_page_same_bytes", "mmap: %s", strerror(errno));
		}
		close(dl);
	}

	/* Everything that must be refused. */
	const uint64_t top = UINT64_MAX & ~(uint64_t)(PAGE - 1);
	expect_create_refused("dmabuf_unaligned_offset", fd, 0, 1, PAGE, EINVAL);
	expect_create_refused("dmabuf_unaligned_offset_512", fd, 0, PAGE + 512, PAGE, EINVAL);
	expect_create_refused("dmabuf_unaligned_size", fd, 0, 0, PAGE + 1, EINVAL);
	expect_create_refused("dmabuf_size_zero", fd, 0, 0, 0, EINVAL);
	expect_create_refused("dmabuf_at_end", fd, 0, size, PAGE, EINVAL);
	expect_create_refused("dmabuf_straddling_end", fd, 0, size - PAGE, 2 * PAGE, EINVAL);
	expect_create_refused("dmabuf_larger_than_device", fd, 0, 0, size + PAGE, EINVAL);
	expect_create_refused("dmabuf_offset_overflow", fd, 0, top, 2 * PAGE, EINVAL);
	expect_create_refused("dmabuf_size_overflow", fd, 0, PAGE, top, EINVAL);
	expect_create_refused("dmabuf_sum_wraps_to_zero", fd, 0, PAGE, (uint64_t)0 - PAGE,
			      EINVAL);
	expect_create_refused("dmabuf_offset_2_63", fd, 0, (uint64_t)1 << 63, PAGE, EINVAL);
	expect_create_refused("dmabuf_flag_0x2", fd, 0x2, 0, PAGE, EINVAL);
	expect_create_refused("dmabuf_flag_0x80", fd, 0x80, 0, PAGE, EINVAL);
	expect_create_refused("dmabuf_flags_0xff", fd, 0xff, 0, PAGE, EINVAL);

	errno = 0;
	int ret = ioctl(fd, KVMFR_DMABUF_CREATE, NULL);
	result(ret == -1 && errno == EFAULT, "dmabuf_null_pointer", "ret %d errno %d (%s)", ret,
	       errno, strerror(errno));
	void *gone = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(gone, PAGE);
	errno = 0;
	ret = ioctl(fd, KVMFR_DMABUF_CREATE, gone);
	result(ret == -1 && errno == EFAULT, "dmabuf_unmapped_pointer", "ret %d errno %d (%s)",
	       ret, errno, strerror(errno));
	/* The struct straddling the end of readable memory. */
	uint8_t *two = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			    -1, 0);
	munmap(two + PAGE, PAGE);
	errno = 0;
	ret = ioctl(fd, KVMFR_DMABUF_CREATE, two + PAGE - 8);
	result(ret == -1 && errno == EFAULT, "dmabuf_pointer_straddling_unmapped",
	       "ret %d errno %d (%s)", ret, errno, strerror(errno));
	munmap(two, PAGE);

	const struct {
		const char *name;
		unsigned long cmd;
	} bad_cmds[] = {
		{"ioctl_unknown_nr", _IO('u', 0x43)},
		{"ioctl_unknown_type", _IO('v', 0x44)},
		{"ioctl_create_wrong_size", _IOW('u', 0x42, uint64_t)},
		{"ioctl_create_wrong_dir", _IOWR('u', 0x42, struct kvmfr_dmabuf_create)},
		{"ioctl_getsize_with_arg", _IOR('u', 0x44, uint64_t)},
	};
	for (size_t i = 0; i < sizeof(bad_cmds) / sizeof(bad_cmds[0]); ++i) {
		struct kvmfr_dmabuf_create c = {.offset = 0, .size = PAGE};
		errno = 0;
		ret = ioctl(fd, bad_cmds[i].cmd, &c);
		int e = errno;
		if (ret >= 0 && bad_cmds[i].cmd != KVMFR_DMABUF_GETSIZE)
			close(ret); /* in case it made a dma-buf */
		result(ret == -1 && e == ENOTTY, bad_cmds[i].name,
		       "cmd 0x%lx: ret %d errno %d (%s), want ENOTTY", bad_cmds[i].cmd, ret, e,
		       strerror(e));
	}

	/* Many dma-bufs made and dropped: nothing leaks into our fd table. */
	int before = count_fds(), made = 0;
	for (int i = 0; i < 200; ++i) {
		int x = dmabuf(fd, KVMFR_DMABUF_FLAG_CLOEXEC, (uint64_t)(i % 8) * PAGE, PAGE);
		if (x >= 0) {
			made++;
			close(x);
		}
	}
	result(made == 200 && count_fds() == before, "dmabuf_create_close_200", "%d made", made);

	/* No fd left for the dma-buf: EMFILE, and nothing leaks (the final
	 * rmmod shows that no device reference was lost either). */
	struct rlimit old_lim, lim;
	getrlimit(RLIMIT_NOFILE, &old_lim);
	lim = old_lim;
	lim.rlim_cur = (rlim_t)lowest_free_fd(fd);
	setrlimit(RLIMIT_NOFILE, &lim);
	errno = 0;
	int em = dmabuf(fd, 0, 0, PAGE);
	int eme = errno;
	setrlimit(RLIMIT_NOFILE, &old_lim);
	if (em >= 0)
		close(em);
	result(em == -1 && eme == EMFILE, "dmabuf_no_free_fd", "ret %d errno %d (%s), want EMFILE",
	       em, eme, strerror(eme));

	/* A dma-buf outlives the device fd and mappings it came from. */
	fill(m1 + doff, doff, dlen, 0x8888);
	d = dmabuf(fd, KVMFR_DMABUF_FLAG_CLOEXEC, doff, dlen);
	munmap(m1, size);
	close(fd);
	if (d >= 0) {
		uint8_t *dm = map_dev(d, dlen, 0);
		close(d);
		if (dm != MAP_FAILED) {
			r = verify(dm, doff, dlen, 0x8888);
			result(r == 0, "dmabuf_outlives_device_fd", "%s", verdict(r));
			munmap(dm, dlen);
		} else {
			result(false, "dmabuf_outlives_device_fd", "mmap: %s", strerror(errno));
		}
	} else {
		result(false, "dmabuf_outlives_device_fd", "create: %s", strerror(errno));
	}

	/* The memory keeps its contents with nothing open. */
	fd = open_dev(dev);
	m1 = fd >= 0 ? map_dev(fd, size, 0) : MAP_FAILED;
	if (m1 != MAP_FAILED) {
		r = verify(m1 + doff, doff, dlen, 0x8888);
		result(r == 0, "contents_kept_after_close", "%s", verdict(r));
		munmap(m1, size);
	} else {
		result(false, "contents_kept_after_close", "reopen: %s", strerror(errno));
	}
	if (fd >= 0)
		close(fd);
}

/* Two static devices are separate memory. */
static void test_separate(const char *dev0, uint64_t size0, const char *dev1, uint64_t size1)
{
	int f0 = open_dev(dev0), f1 = open_dev(dev1);
	uint8_t *a = f0 >= 0 ? map_dev(f0, size0, 0) : MAP_FAILED;
	uint8_t *b = f1 >= 0 ? map_dev(f1, size1, 0) : MAP_FAILED;
	if (a == MAP_FAILED || b == MAP_FAILED) {
		result(false, "devices_separate", "open/mmap: %s", strerror(errno));
	} else {
		int r = fill(a, 0, size0, 0xaaaa);
		if (r == 0)
			r = fill(b, 0, size1, 0xbbbb);
		if (r == 0)
			r = verify(a, 0, size0, 0xaaaa);
		if (r == 0)
			r = verify(b, 0, size1, 0xbbbb);
		result(r == 0, "devices_separate", "%s", verdict(r));
	}
	if (a != MAP_FAILED)
		munmap(a, size0);
	if (b != MAP_FAILED)
		munmap(b, size1);
	if (f0 >= 0)
		close(f0);
	if (f1 >= 0)
		close(f1);
}

/* ---- unload ------------------------------------------------------------- */

static bool module_loaded(const char *mod)
{
	char p[128];
	snprintf(p, sizeof(p), "/sys/module/%s/initstate", mod);
	return access(p, F_OK) == 0;
}

/* rmmod must be refused (EBUSY/EAGAIN: "in use") and the module must stay. */
static void expect_rmmod_refused(const char *name, const char *mod)
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

static void test_unload(const char *mod, const char *dev)
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

static bool test_expect(const char *name, const char *dev, uint64_t off, const char *want)
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
static bool wait_for(pid_t pid, int ms, int *st)
{
	for (int t = 0; t < ms; t += 20) {
		if (waitpid(pid, st, WNOHANG) == pid)
			return true;
		usleep(20000);
	}
	return false;
}

static const char *how(int st)
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

static void touch_span(void *arg)
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
static void use_stale(void *arg)
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

static bool write_sysfs(const char *path, const char *val, int *err)
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
static bool write_sysfs_child(const char *path, const char *val, int ms, int *err)
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

static bool bound(const char *bdf)
{
	char p[128];
	snprintf(p, sizeof(p), "/sys/bus/pci/devices/%s/driver", bdf);
	return access(p, F_OK) == 0;
}

static void test_unbind(const char *dev, const char *bdf, uint64_t scratch, uint64_t slen)
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

static int open_vgem(void)
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
static void test_import(const char *mod, const char *dev, uint64_t off, uint64_t len)
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
