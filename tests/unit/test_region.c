/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kvmfr region library: open/create/map, error detection and explanations. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kvmfr/region.h"
#include "kvmfr/uapi.h"

#define MIB (UINT64_C(1) << 20)

/* Every test gets a fresh temp dir and a unique /dev/shm name; teardown
 * removes both even when an assertion failed. */
struct fx {
	char dir[64];
	char shm[128];
};

static int fx_setup(void **state)
{
	static unsigned counter;
	struct fx *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/lgview-region-XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->shm, sizeof(f->shm), "/dev/shm/lgview-test-region-%ld-%u", (long)getpid(),
		 counter++);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	DIR *d = opendir(f->dir);
	if (d) {
		struct dirent *e;
		char p[512];
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			snprintf(p, sizeof(p), "%s/%s", f->dir, e->d_name);
			if (unlink(p) < 0)
				rmdir(p);
		}
		closedir(d);
	}
	rmdir(f->dir);
	unlink(f->shm);
	free(f);
	return 0;
}

static void in_dir(const struct fx *f, const char *name, char *out, size_t len)
{
	snprintf(out, len, "%s/%s", f->dir, name);
}

/* A file of `size` bytes (sparse) and `mode`, made without the library. */
static void make_file(const char *path, uint64_t size, mode_t mode)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	assert_true(fd >= 0);
	assert_int_equal(fchmod(fd, mode), 0);
	assert_int_equal(ftruncate(fd, (off_t)size), 0);
	close(fd);
}

static uint64_t file_size(const char *path)
{
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	return (uint64_t)st.st_size;
}

#define assert_contains(hay, needle)                                                     \
	do {                                                                             \
		if (!strstr((hay), (needle)))                                            \
			fail_msg("\"%s\" not in: %s", (needle), (hay));                  \
	} while (0)

static void test_uapi(void **state)
{
	assert_int_equal(KVMFR_DMABUF_GETSIZE, 0x7544);
	assert_int_equal(KVMFR_DMABUF_CREATE, 0x40187542);
	assert_int_equal(sizeof(struct kvmfr_dmabuf_create), 24);
	assert_int_equal(offsetof(struct kvmfr_dmabuf_create, offset), 8);
	assert_int_equal(offsetof(struct kvmfr_dmabuf_create, size), 16);
	assert_int_equal(KVMFR_DMABUF_FLAG_CLOEXEC, 1);
	assert_int_equal(KVMFR_MAX_DEVICES, 10);
}

static void test_open_shm_shared(void **state)
{
	struct fx *f = *state;
	struct kvmfr_region *a, *b;

	make_file(f->shm, MIB, 0600);
	assert_int_equal(kvmfr_region_open(f->shm, &a), 0);
	assert_int_equal(kvmfr_region_open(f->shm, &b), 0);
	assert_int_equal(a->size, MIB);
	assert_false(a->is_device);
	assert_string_equal(a->path, f->shm);
	assert_ptr_not_equal(a->map, b->map);

	memcpy((char *)a->map + 12345, "through a", 10);
	assert_string_equal((char *)b->map + 12345, "through a");
	((char *)b->map)[MIB - 1] = 'z';
	assert_int_equal(((char *)a->map)[MIB - 1], 'z');
	kvmfr_region_destroy(a);
	kvmfr_region_destroy(b);
}

static void test_create_shm_new(void **state)
{
	struct fx *f = *state;
	struct kvmfr_region *r;
	struct stat st;

	mode_t old = umask(022); /* would turn 0660 into 0640 without the fchmod */
	int ret = kvmfr_region_create_shm(f->shm, 256 * 1024, 0660, &r);
	umask(old);
	assert_int_equal(ret, 0);
	assert_int_equal(r->size, 256 * 1024);
	assert_int_equal(stat(f->shm, &st), 0);
	assert_int_equal(st.st_size, 256 * 1024);
	assert_int_equal(st.st_mode & 07777, 0660);
	kvmfr_region_destroy(r);
}

static void test_create_shm_grows(void **state)
{
	struct fx *f = *state;
	struct kvmfr_region *r;
	struct stat st;

	make_file(f->shm, 4096, 0640);
	int fd = open(f->shm, O_WRONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "kept", 5), 5);
	close(fd);

	assert_int_equal(kvmfr_region_create_shm(f->shm, MIB, 0666, &r), 0);
	assert_int_equal(r->size, MIB);
	assert_int_equal(file_size(f->shm), MIB);
	assert_string_equal((char *)r->map, "kept");
	assert_int_equal(stat(f->shm, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640); /* an existing file keeps its mode */
	kvmfr_region_destroy(r);
}

static void test_create_shm_never_shrinks(void **state)
{
	struct fx *f = *state;
	struct kvmfr_region *r;

	make_file(f->shm, 2 * MIB, 0600);
	assert_int_equal(kvmfr_region_create_shm(f->shm, MIB, 0600, &r), 0);
	assert_int_equal(r->size, 2 * MIB);
	assert_int_equal(file_size(f->shm), 2 * MIB);
	kvmfr_region_destroy(r);
}

static void test_create_shm_refuses(void **state)
{
	struct fx *f = *state;
	struct kvmfr_region *r = (void *)1;
	char p[256];
	struct stat st;

	in_dir(f, "kvmfr0", p, sizeof(p));
	assert_int_equal(kvmfr_region_create_shm(p, MIB, 0660, &r), -ENODEV);
	assert_null(r);
	assert_int_equal(stat(p, &st), -1); /* the trap file was not made */
	assert_int_equal(kvmfr_region_create_shm(f->shm, 0, 0660, &r), -EINVAL);
	assert_int_equal(kvmfr_region_create_shm(f->dir, MIB, 0660, &r), -EISDIR);
}

static void test_memfd(void **state)
{
	struct kvmfr_region *r;

	assert_int_equal(kvmfr_region_create_memfd("lgview-test", 3 * MIB, &r), 0);
	assert_int_equal(r->size, 3 * MIB);
	assert_false(r->is_device);
	assert_true(r->fd >= 0);
	assert_string_equal(r->path, "memfd:lgview-test");
	assert_int_equal(fcntl(r->fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	((char *)r->map)[3 * MIB - 1] = 7;
	char c = 0;
	assert_int_equal(pread(r->fd, &c, 1, (off_t)(3 * MIB - 1)), 1);
	assert_int_equal(c, 7);
	kvmfr_region_destroy(r);

	assert_int_equal(kvmfr_region_create_memfd("x", 0, &r), -EINVAL);
	assert_int_equal(kvmfr_region_create_memfd(NULL, MIB, &r), -EINVAL);
}

static void test_large_sparse(void **state)
{
	struct fx *f = *state;
	const uint64_t big = UINT64_C(3) << 30;
	struct kvmfr_region *r;
	char p[256];

	in_dir(f, "big", p, sizeof(p));
	make_file(p, big, 0600);
	int ret = kvmfr_region_open(p, &r);
	if (SIZE_MAX < big) {
		assert_int_equal(ret, -EINVAL);
		return;
	}
	assert_int_equal(ret, 0);
	assert_true(r->size == big);
	assert_int_equal(((volatile char *)r->map)[big - 1], 0);
	kvmfr_region_destroy(r);
}

static void test_missing(void **state)
{
	struct fx *f = *state;
	struct kvmfr_region *r = (void *)1;
	char msg[2048], p[256];

	assert_int_equal(kvmfr_region_open(f->shm, &r), -ENOENT);
	assert_null(r);
	kvmfr_region_explain(f->shm, -ENOENT, msg, sizeof(msg));
	assert_contains(msg, f->shm);
	assert_contains(msg, "QEMU");
	assert_contains(msg, "ivshmem");
	assert_contains(msg, "lgbench produce --shm");

	in_dir(f, "kvmfr7", p, sizeof(p));
	assert_int_equal(kvmfr_region_open(p, &r), -ENOENT);
	kvmfr_region_explain(p, -ENOENT, msg, sizeof(msg));
	assert_contains(msg, "modprobe kvmfr static_size_mb=");
}

/* Exit codes of the unprivileged child in test_permission. */
enum { CHILD_OK, CHILD_WRONG_ERR, CHILD_MISSING, CHILD_UNWANTED, CHILD_SKIP = 77 };

/* Whether msg has every string of says and none of never (NULL-ended). */
static int check_text(const char *msg, const char *const *says, const char *const *never)
{
	for (; *says; says++)
		if (!strstr(msg, *says)) {
			fprintf(stderr, "lacks \"%s\": %s\n", *says, msg);
			return CHILD_MISSING;
		}
	for (; never && *never; never++)
		if (strstr(msg, *never)) {
			fprintf(stderr, "has \"%s\": %s\n", *never, msg);
			return CHILD_UNWANTED;
		}
	return CHILD_OK;
}

static int check_denied(const char *path, const char *const *says, const char *const *never)
{
	struct kvmfr_region *r;
	char msg[2048];
	int ret = kvmfr_region_open(path, &r);

	if (ret != -EACCES) {
		fprintf(stderr, "open returned %d, expected %d\n", ret, -EACCES);
		return CHILD_WRONG_ERR;
	}
	kvmfr_region_explain(path, ret, msg, sizeof(msg));
	return check_text(msg, says, never);
}

#define STRS(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* As root: real files, opened by a child that is nobody (with or without one
 * extra group), so that the facts come from stat() and the process. */
static void permission_as_nobody(const char *path)
{
	enum { NOBODY = 65534, GRP = 4242 };
	static const struct {
		uid_t owner;
		gid_t group;
		mode_t mode;
		bool child_in_group;
		const char *says[8], *never[8]; /* NULL-ended */
	} rows[] = {
		{ 0, 0, 0600, false, { "user root", "0600", "sudo chgrp kvm", "chmod g+rw" },
		  { "-aG root" } },
		{ NOBODY, NOBODY, 0400, false, { "0400", "chmod u+rw" }, { "chown", "usermod" } },
		{ 0, GRP, 0660, false, { "-aG", "log in again" }, { "chmod" } },
		{ 0, GRP, 0640, true, { "You are in group", "sudo chmod g+rw" },
		  { "usermod" } },
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		gid_t extra = GRP;
		int status;

		make_file(path, 4096, rows[i].mode);
		assert_int_equal(chown(path, rows[i].owner, rows[i].group), 0);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			if (setgroups(rows[i].child_in_group, &extra) < 0 || setgid(NOBODY) < 0 ||
			    setuid(NOBODY) < 0)
				_exit(CHILD_SKIP);
			_exit(check_denied(path, rows[i].says, rows[i].never));
		}
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFEXITED(status));
		if (WEXITSTATUS(status) == CHILD_SKIP)
			skip();
		if (WEXITSTATUS(status) != CHILD_OK)
			fail_msg("row %zu: child says %d", i, WEXITSTATUS(status));
		unlink(path);
	}
}

static void test_permission(void **state)
{
	struct fx *f = *state;

	if (geteuid() == 0) {
		permission_as_nobody(f->shm);
		return;
	}
	struct passwd *pw = getpwuid(geteuid());
	make_file(f->shm, 4096, 0000);
	assert_int_equal(check_denied(f->shm, STRS(pw ? pw->pw_name : "uid", "0000", "chmod u+rw"),
				      STRS("chown")),
			 CHILD_OK);
}

/* The advice fits the case: who owns the file, its group, its mode, you. */
static void test_access_advice(void **state)
{
	static const struct {
		const char *path;
		struct kvmfr_access a;
		const char *says[8], *never[8]; /* NULL-ended */
	} rows[] = {
		/* Your own file, read-only: chmod it, no sudo, no new owner. */
		{ "/dev/shm/lg", { 1000, 1000, 0100400, 1000, true, true, "bob", "bob", "bob" },
		  { "mode 0400", "It is yours", "`chmod u+rw /dev/shm/lg`" },
		  { "chown", "sudo chmod", "usermod", "chgrp" } },
		/* 0660 for group kvm, which you are not in: join it; the mode is fine. */
		{ "/dev/shm/lg",
		  { 64055, 994, 0100660, 1000, false, false, "libvirt-qemu", "kvm", "bob" },
		  { "user libvirt-qemu (uid 64055) and group kvm (gid 994) with mode 0660",
		       "you are user bob (uid 1000) and need", "not in group kvm",
		       "`sudo usermod -aG kvm $USER`, then log in again", "sudo chown $USER" },
		  { "chmod", "chgrp" } },
		/* What QEMU does with a /dev/shm file, and the lasting fixes. */
		{ "/dev/shm/lg",
		  { 64055, 994, 0100660, 1000, false, false, "libvirt-qemu", "kvm", "bob" },
		  { "QEMU", "share=on", "creates it", "owned by the user QEMU runs as",
		       "/etc/tmpfiles.d/", "`f /dev/shm/lg 0660 bob kvm -`", "qemu.conf" },
		  { "beforehand", "each time", "udev" } },
		/* Added to kvm after this login began: log in again, no usermod. */
		{ "/dev/kvmfr0", { 0, 994, 020660, 1000, false, true, "root", "kvm", "bob" },
		  { "log in again", "newgrp kvm", "99-kvmfr.rules", "OWNER=\"bob\"",
		       "MODE=\"0660\"" },
		  { "usermod", "chmod", "tmpfiles", "QEMU" } },
		/* Another user's 0600 file: the group gets rw and you join it, or a new owner. */
		{ "/dev/shm/lg", { 107, 107, 0100600, 1000, false, false, "qemu", "qemu", "bob" },
		  { "`sudo chmod g+rw /dev/shm/lg`", "`sudo usermod -aG qemu $USER`",
		       "`sudo chown $USER /dev/shm/lg`)" },
		  { "chmod u+rw", "chgrp", "which may read" } },
		/* In the group, which may only read: chmod, no joining. */
		{ "/dev/shm/lg", { 107, 994, 0100640, 1000, true, true, "qemu", "kvm", "bob" },
		  { "You are in group kvm", "`sudo chmod g+rw /dev/shm/lg`" },
		  { "usermod", "chgrp", "log in again" } },
		/* root's group: hand the file to kvm, never join root. */
		{ "/dev/kvmfr0", { 0, 0, 020600, 1000, false, false, "root", "root", "bob" },
		  { "`sudo chgrp kvm /dev/kvmfr0 && sudo chmod g+rw /dev/kvmfr0`",
		       "usermod -aG kvm", "`sudo chown $USER /dev/kvmfr0`", "udev" },
		  { "-aG root", "tmpfiles" } },
		/* Nobody may use it, names unknown: a new owner also needs u+rw. */
		{ "/tmp/lg", { 107, 107, 0100000, 1000, false, false, NULL, NULL, NULL },
		  { "owned by uid 107 and gid 107", "you are uid 1000", "usermod -aG 107",
		       "`sudo chown $USER /tmp/lg`, then `chmod u+rw /tmp/lg`" },
		  { "udev", "tmpfiles", "QEMU" } },
		/* The mode lets you in: something else refuses. */
		{ "/dev/shm/lg", { 107, 107, 0100666, 1000, false, false, "qemu", "qemu", "bob" },
		  { "something else", "`getfacl /dev/shm/lg`", "SELinux" },
		  { "chmod", "usermod", "chown", "tmpfiles" } },
		{ "/dev/kvmfr0", { 1000, 1000, 020000, 0, false, false, "bob", "bob", "root" },
		  { "you are root", "something else" }, { "chmod", "chown", "udev" } },
	};
	char msg[1024]; /* what the programs give it */

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		kvmfr_region_explain_access(rows[i].path, &rows[i].a, msg, sizeof(msg));
		if (check_text(msg, rows[i].says, rows[i].never) != CHILD_OK)
			fail_msg("row %zu", i);
		assert_true(strlen(msg) < sizeof(msg) - 1); /* not cut short */
	}
	kvmfr_region_explain_access(NULL, &rows[0].a, msg, sizeof(msg));
	assert_string_equal(msg, "");
	kvmfr_region_explain_access("/x", NULL, msg, sizeof(msg));
	assert_string_equal(msg, "");
}

static void test_kvmfr_named_regular_file(void **state)
{
	struct fx *f = *state;
	struct kvmfr_region *r;
	char msg[2048], p[256];

	in_dir(f, "kvmfr0", p, sizeof(p));
	make_file(p, 32 * MIB, 0660);
	assert_int_equal(kvmfr_region_open(p, &r), -ENODEV);
	kvmfr_region_explain(p, -ENODEV, msg, sizeof(msg));
	assert_contains(msg, "regular file");
	assert_contains(msg, "not loaded");
	assert_contains(msg, "load the module first");
	assert_contains(msg, "rm ");
	assert_contains(msg, "start the VM again");
}

static void test_empty_file(void **state)
{
	struct fx *f = *state;
	struct kvmfr_region *r;
	char msg[2048];

	make_file(f->shm, 0, 0600);
	assert_int_equal(kvmfr_region_open(f->shm, &r), -EINVAL);
	kvmfr_region_explain(f->shm, -EINVAL, msg, sizeof(msg));
	assert_contains(msg, "empty");
	assert_contains(msg, "not been started");
}

static void test_directory(void **state)
{
	struct fx *f = *state;
	struct kvmfr_region *r;
	char msg[2048];

	int ret = kvmfr_region_open(f->dir, &r);
	assert_true(ret == -EISDIR || ret == -EINVAL);
	kvmfr_region_explain(f->dir, ret, msg, sizeof(msg));
	assert_contains(msg, "is a directory");
}

static void test_other_char_device(void **state)
{
	struct kvmfr_region *r;
	struct stat st;
	char msg[2048];

	if (stat("/dev/null", &st) < 0 || !S_ISCHR(st.st_mode))
		skip();
	assert_int_equal(kvmfr_region_open("/dev/null", &r), -ENOTTY);
	kvmfr_region_explain("/dev/null", -ENOTTY, msg, sizeof(msg));
	assert_contains(msg, "not a kvmfr device");
}

static void test_hostile_input(void **state)
{
	struct kvmfr_region *r = (void *)1;
	char msg[64], longpath[5000];

	assert_int_equal(kvmfr_region_open(NULL, &r), -EINVAL);
	assert_null(r);
	assert_int_equal(kvmfr_region_open("/dev/shm/x", NULL), -EINVAL);
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = '\0';
	assert_int_equal(kvmfr_region_open(longpath, &r), -ENAMETOOLONG);
	assert_int_equal(kvmfr_region_create_shm(longpath, MIB, 0600, &r), -ENAMETOOLONG);
	assert_int_equal(kvmfr_region_create_shm(NULL, MIB, 0600, &r), -EINVAL);
	assert_int_equal(kvmfr_region_create_shm("/dev/shm/x", UINT64_MAX, 0600, &r), -EINVAL);

	/* Explanations never overrun and are always terminated. */
	kvmfr_region_explain(longpath, -ENAMETOOLONG, msg, sizeof(msg));
	assert_int_equal(strlen(msg), sizeof(msg) - 1);
	kvmfr_region_explain(NULL, -EINVAL, msg, sizeof(msg));
	assert_true(strlen(msg) > 0);
	kvmfr_region_explain("/x", -EIO, NULL, 0);
	msg[0] = 'q';
	kvmfr_region_explain("/x", -EIO, msg, 1);
	assert_int_equal(msg[0], '\0');
	kvmfr_region_explain("/x", 12345, msg, 8);
	assert_int_equal(strlen(msg), 7);
	kvmfr_region_explain_too_small(NULL, 0, 0, 0, false, msg, sizeof(msg));
	assert_true(strlen(msg) > 0);
	kvmfr_region_destroy(NULL);
}

static void test_dmabuf_not_device(void **state)
{
	struct kvmfr_region *r;
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	int fd = 5;

	assert_int_equal(kvmfr_region_create_memfd("dmabuf", 4 * MIB, &r), 0);
	assert_int_equal(kvmfr_region_dmabuf(r, 0, page, &fd), -ENOTSUP);
	assert_int_equal(fd, -1);
	assert_int_equal(kvmfr_region_dmabuf(r, 1, page, &fd), -EINVAL);
	assert_int_equal(kvmfr_region_dmabuf(r, 0, page + 1, &fd), -EINVAL);
	assert_int_equal(kvmfr_region_dmabuf(r, 0, 0, &fd), -EINVAL);
	assert_int_equal(kvmfr_region_dmabuf(r, 4 * MIB, page, &fd), -EINVAL);
	assert_int_equal(kvmfr_region_dmabuf(r, 0, 4 * MIB + page, &fd), -EINVAL);
	assert_int_equal(kvmfr_region_dmabuf(r, page, UINT64_MAX - page + 1, &fd), -EINVAL);
	assert_int_equal(kvmfr_region_dmabuf(r, 0, page, NULL), -EINVAL);
	assert_int_equal(kvmfr_region_dmabuf(NULL, 0, page, &fd), -EINVAL);
	kvmfr_region_destroy(r);
}

static void test_check_range(void **state)
{
	const uint64_t pg = (uint64_t)sysconf(_SC_PAGESIZE);
	const uint64_t top = UINT64_MAX - pg + 1; /* the highest page-aligned value */
	static const struct {
		uint64_t region, offset, size; /* in pages */
		int want;
	} rows[] = {
		{ 16, 0, 16, 0 },       { 16, 0, 1, 0 },  { 16, 15, 1, 0 },
		{ 16, 15, 2, -EINVAL }, { 16, 16, 1, -EINVAL }, { 16, 17, 1, -EINVAL },
		{ 16, 0, 0, -EINVAL },  { 16, 0, 17, -EINVAL }, { 0, 0, 1, -EINVAL },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		assert_int_equal(kvmfr_region_check_range(rows[i].region * pg, rows[i].offset * pg,
							  rows[i].size * pg),
				 rows[i].want);
	assert_int_equal(kvmfr_region_check_range(16 * pg, pg / 2, pg), -EINVAL);
	assert_int_equal(kvmfr_region_check_range(16 * pg, 0, pg / 2), -EINVAL);
	/* offset + size wraps to a small value: must not pass */
	assert_int_equal(kvmfr_region_check_range(16 * pg, top, 2 * pg), -EINVAL);
	assert_int_equal(kvmfr_region_check_range(16 * pg, 2 * pg, top), -EINVAL);
	assert_int_equal(kvmfr_region_check_range(top, top - pg, pg), 0);
}

static void test_recommended_size(void **state)
{
	static const struct {
		uint32_t w, h;
		uint64_t sdr_mib, hdr_mib;
	} rows[] = {
		{ 1920, 1080, 32, 64 },   { 1920, 1200, 32, 64 }, { 2560, 1440, 64, 128 },
		{ 3840, 2160, 128, 256 }, { 640, 480, 16, 16 },   { 1, 1, 16, 16 },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		assert_int_equal(kvmfr_recommended_size(rows[i].w, rows[i].h, false),
				 rows[i].sdr_mib * MIB);
		assert_int_equal(kvmfr_recommended_size(rows[i].w, rows[i].h, true),
				 rows[i].hdr_mib * MIB);
	}
	assert_int_equal(kvmfr_recommended_size(0, 1080, false), 0);
	assert_int_equal(kvmfr_recommended_size(1920, 0, true), 0);
	assert_int_equal(kvmfr_recommended_size(UINT32_MAX, UINT32_MAX, true), 0);
}

static void test_explain_too_small(void **state)
{
	char msg[2048];

	kvmfr_region_explain_too_small("/dev/shm/looking-glass", 16 * MIB, 2560, 1440, false,
				       msg, sizeof(msg));
	assert_contains(msg, "/dev/shm/looking-glass is 16 MiB, too small for 2560x1440");
	assert_contains(msg, "make it 64 MiB");
	assert_contains(msg, "<size unit='M'>64</size>");
	assert_contains(msg, "<shmem>");
	assert_contains(msg, "size=64M");

	kvmfr_region_explain_too_small("/dev/kvmfr0", 32 * MIB, 3840, 2160, true, msg,
				       sizeof(msg));
	assert_contains(msg, "make it 256 MiB");
	assert_contains(msg, "static_size_mb=256");
}

static void test_device_name(void **state)
{
	assert_true(kvmfr_is_device_name("/dev/kvmfr0"));
	assert_true(kvmfr_is_device_name("kvmfr12"));
	assert_true(kvmfr_is_device_name("/tmp/x/kvmfr9"));
	assert_false(kvmfr_is_device_name("/dev/kvmfr"));
	assert_false(kvmfr_is_device_name("/dev/kvmfr0x"));
	assert_false(kvmfr_is_device_name("/dev/kvmfr0/"));
	assert_false(kvmfr_is_device_name("/dev/shm/looking-glass"));
	assert_false(kvmfr_is_device_name("/kvmfr0/x"));
	assert_false(kvmfr_is_device_name(NULL));
}

#define FX_TEST(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uapi),
		FX_TEST(test_open_shm_shared),
		FX_TEST(test_create_shm_new),
		FX_TEST(test_create_shm_grows),
		FX_TEST(test_create_shm_never_shrinks),
		FX_TEST(test_create_shm_refuses),
		cmocka_unit_test(test_memfd),
		FX_TEST(test_large_sparse),
		FX_TEST(test_missing),
		FX_TEST(test_permission),
		cmocka_unit_test(test_access_advice),
		FX_TEST(test_kvmfr_named_regular_file),
		FX_TEST(test_empty_file),
		FX_TEST(test_directory),
		cmocka_unit_test(test_other_char_device),
		cmocka_unit_test(test_hostile_input),
		cmocka_unit_test(test_dmabuf_not_device),
		cmocka_unit_test(test_check_range),
		cmocka_unit_test(test_recommended_size),
		cmocka_unit_test(test_explain_too_small),
		cmocka_unit_test(test_device_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
