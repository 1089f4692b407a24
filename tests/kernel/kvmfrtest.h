/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kvmfrtest's shared helpers: results, fault-safe memory access, device
 * calls; the suites live in kvmfrtest_device.c and kvmfrtest_pci.c. */
#ifndef KVMFRTEST_H
#define KVMFRTEST_H

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


extern int failures;
extern const char *tag;
extern uint64_t bad_at;

void result(bool ok, const char *name, const char *fmt, ...);
void info(const char *fmt, ...);
void on_fault(int sig);
void catch_faults(void);
uint32_t word_at(uint32_t seed, uint64_t off);
int fill(volatile uint8_t *p, uint64_t off, uint64_t len, uint32_t seed);
int verify(const volatile uint8_t *p, uint64_t off, uint64_t len, uint32_t seed);
const char *verdict(int r);
void check_alias(const char *name, volatile uint8_t *w, volatile uint8_t *r, uint64_t off,
			uint64_t len, uint32_t seed);
void *map_dev(int fd, uint64_t len, uint64_t off);
int open_dev(const char *dev);
long getsize(int fd);
int dmabuf(int fd, uint8_t flags, uint64_t off, uint64_t size);
bool errno_in(int e, int a, int b);
int lowest_free_fd(int any_open);
int count_fds(void);
void expect_mmap_refused(const char *name, int fd, uint64_t len, uint64_t off);
void expect_create_refused(const char *name, int fd, uint8_t flags, uint64_t off,
				  uint64_t size, int want);
bool parse_u64(const char *s, uint64_t *v);
void test_node(const char *dev);
bool test_size(const char *dev, uint64_t want);
void test_device(const char *dev, uint64_t size, uint64_t scratch, uint64_t slen);
void test_separate(const char *dev0, uint64_t size0, const char *dev1, uint64_t size1);
bool module_loaded(const char *mod);
void expect_rmmod_refused(const char *name, const char *mod);
void test_unload(const char *mod, const char *dev);
bool test_expect(const char *name, const char *dev, uint64_t off, const char *want);
bool wait_for(pid_t pid, int ms, int *st);
const char *how(int st);
void touch_span(void *arg);
void use_stale(void *arg);
bool write_sysfs(const char *path, const char *val, int *err);
bool write_sysfs_child(const char *path, const char *val, int ms, int *err);
bool bound(const char *bdf);
void test_unbind(const char *dev, const char *bdf, uint64_t scratch, uint64_t slen);
int open_vgem(void);
void test_import(const char *mod, const char *dev, uint64_t off, uint64_t len);

#endif
