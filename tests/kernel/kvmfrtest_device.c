// SPDX-License-Identifier: GPL-2.0-or-later
/* kvmfrtest: node, size and the device suite (mmap, aliasing, bounds, dma-bufs). */
#include "kvmfrtest.h"

/* ---- node --------------------------------------------------------------- */

void test_node(const char *dev)
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

bool test_size(const char *dev, uint64_t want)
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
void test_device(const char *dev, uint64_t size, uint64_t scratch, uint64_t slen)
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
void test_separate(const char *dev0, uint64_t size0, const char *dev1, uint64_t size1)
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

