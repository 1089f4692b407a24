// SPDX-License-Identifier: GPL-2.0-or-later
/* kvmfrtest: results, fault-safe memory access and device calls. */
#include "kvmfrtest.h"

int failures;
const char *tag = "";

void result(bool ok, const char *name, const char *fmt, ...)
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

void info(const char *fmt, ...)
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

void on_fault(int sig)
{
	if (fault_armed)
		siglongjmp(fault_jmp, sig);
	signal(sig, SIG_DFL);
	raise(sig);
}

void catch_faults(void)
{
	struct sigaction sa = {.sa_handler = on_fault};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
}

uint32_t word_at(uint32_t seed, uint64_t off)
{
	uint32_t v = seed ^ (uint32_t)(off * 2654435761u) ^ (uint32_t)(off >> 32);
	return v ^ (v >> 13);
}

/* Write the seed's pattern over [p, p+len), `off` being p's device offset.
 * Returns 0, or the signal that stopped it. */
int fill(volatile uint8_t *p, uint64_t off, uint64_t len, uint32_t seed)
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

uint64_t bad_at;

/* 0 when [p, p+len) holds the pattern; 1 with bad_at set when not; or the
 * signal. */
int verify(const volatile uint8_t *p, uint64_t off, uint64_t len, uint32_t seed)
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

const char *verdict(int r)
{
	static char buf[96];
	if (r == 1)
		snprintf(buf, sizeof(buf), "wrong data at device offset 0x%" PRIx64, bad_at);
	else
		snprintf(buf, sizeof(buf), "%s on access", strsignal(r));
	return buf;
}

/* Fill through one mapping and check through another. */
void check_alias(const char *name, volatile uint8_t *w, volatile uint8_t *r, uint64_t off,
			uint64_t len, uint32_t seed)
{
	int ret = fill(w, off, len, seed);
	if (ret == 0)
		ret = verify(r, off, len, seed);
	result(ret == 0, name, "%s", verdict(ret));
}

/* ---- helpers ------------------------------------------------------------ */

void *map_dev(int fd, uint64_t len, uint64_t off)
{
	return mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)off);
}

int open_dev(const char *dev)
{
	return open(dev, O_RDWR | O_CLOEXEC);
}

long getsize(int fd)
{
	return ioctl(fd, KVMFR_DMABUF_GETSIZE);
}

int dmabuf(int fd, uint8_t flags, uint64_t off, uint64_t size)
{
	struct kvmfr_dmabuf_create c = {.flags = flags, .offset = off, .size = size};
	return ioctl(fd, KVMFR_DMABUF_CREATE, &c);
}

bool errno_in(int e, int a, int b)
{
	return e == a || e == b;
}

/* The fd the next open would get: with RLIMIT_NOFILE there, none is free. */
int lowest_free_fd(int any_open)
{
	int fd = fcntl(any_open, F_DUPFD, 0);
	if (fd >= 0)
		close(fd);
	return fd;
}

int count_fds(void)
{
	int n = 0;
	for (int fd = 0; fd < 1024; ++fd)
		n += fcntl(fd, F_GETFD) >= 0;
	return n;
}

/* An mmap that must be refused: EINVAL or ENXIO. */
void expect_mmap_refused(const char *name, int fd, uint64_t len, uint64_t off)
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
void expect_create_refused(const char *name, int fd, uint8_t flags, uint64_t off,
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

bool parse_u64(const char *s, uint64_t *v)
{
	char *end;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno == 0 && *s && !*end;
}

