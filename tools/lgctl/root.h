/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where lgctl looks and how it writes: the sysfs, /dev and /proc roots (all
 * under one --root prefix, "" for the real system), the state directory, and
 * the single path every sysfs write goes through.
 *
 * Writes go through ctx->write so that --dry-run prints them and tests can
 * play the kernel (make a driver symlink appear after a write to
 * drivers_probe, or refuse a bind). Callers never trust a write: they
 * re-read sysfs to see its effect (skipped in dry-run).
 *
 * Threads: none; a context is used by one thread.
 */
#ifndef LGCTL_ROOT_H
#define LGCTL_ROOT_H

#include <stdbool.h>
#include <stddef.h>

#include <glib.h>

struct lgctl_ctx;

/* Writes `value` to the file at `path` (absolute, root included). 0 or -errno. */
typedef int (*lgctl_write_fn)(struct lgctl_ctx *ctx, const char *path, const char *value);

struct lgctl_ctx {
	char root[1024];      /* prefix for /sys, /dev, /proc, /run; "" = the real system */
	char state_dir[1024]; /* default ROOT/run/lgctl */
	bool dry_run;         /* print writes, do not verify their effect */
	bool force;           /* take the device of the active console too */
	lgctl_write_fn write; /* default lgctl_write_file (or the dry-run printer) */
	void *user;           /* for a test's write hook */
};

/* Sets the roots ("" or NULL root for the real system) and the default writer. */
void lgctl_ctx_init(struct lgctl_ctx *ctx, const char *root, const char *state_dir, bool dry_run);

/* ROOT + the printf-formatted absolute path; the caller frees it (g_free). */
char *lgctl_path(const struct lgctl_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The real writer: open(O_WRONLY) + one write(). 0 or -errno. */
int lgctl_write_file(struct lgctl_ctx *ctx, const char *path, const char *value);

/* Writes through ctx->write, prints the failure with the errno. */
bool lgctl_write(struct lgctl_ctx *ctx, const char *path, const char *value);

/* The first line of a small file, trailing newline removed; NULL if unreadable. g_free it. */
char *lgctl_read_line(const char *path);

/* The last component of a symlink's target (a driver's or group's name); NULL if none. */
char *lgctl_link_name(const char *path);

/* Whether `path` exists (any kind of file). */
bool lgctl_exists(const char *path);

/* The names in directory `path`, sorted (a GPtrArray of strings, empty when it cannot be
 * read; free with g_ptr_array_unref). */
GPtrArray *lgctl_dir_names(const char *path);

/* Whether the kernel module `name` is loaded (ROOT/sys/module/NAME exists). */
bool lgctl_module_loaded(const struct lgctl_ctx *ctx, const char *name);

#endif /* LGCTL_ROOT_H */
