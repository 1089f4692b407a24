/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lgbench's subcommands and the option helpers they share. */
#ifndef LGBENCH_H
#define LGBENCH_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Each returns the process exit status. */
int lgbench_produce(int argc, char **argv);
int lgbench_watch(int argc, char **argv);
int lgbench_ring(int argc, char **argv);
int lgbench_viewer(int argc, char **argv);
int lgbench_audio(int argc, char **argv);
int lgbench_floor(int argc, char **argv);

/* Parse a subcommand's options; prints "lgbench CMD: why" and returns false
 * on a bad option. */
bool lgbench_parse_options(const char *cmd, const char *what, const char *summary,
			   const GOptionEntry *entries, int argc, char **argv);

/* "1920x1080" -> width, height (1..16384). */
bool lgbench_parse_size(const char *s, uint32_t *w, uint32_t *h);
/* "bgra|rgba|rgba10|rgba16f|bgr32|rgb24" -> enum kvmfr20_frame_type; 0 if unknown. */
uint32_t lgbench_parse_format(const char *s);
const char *lgbench_format_names(void);

/* The default region: /dev/kvmfr0 if it exists, else /dev/shm/looking-glass. */
const char *lgbench_default_shm(void);

/* The GL renderer string of this machine ("-" when none), probed in a
 * child process (gl_probe.c says why). */
void lgbench_gl_renderer(char *out, size_t len);
/* The hidden command that child runs; never returns. */
#define LGBENCH_GL_PROBE_COMMAND "__gl-renderer"
_Noreturn int lgbench_gl_probe_child(void);
/* The floor's child (floor.c): COMMAND API WxH DISPLAY FPS. */
#define LGBENCH_FLOOR_COMMAND "__floor"
_Noreturn int lgbench_floor_child(int argc, char **argv);

/* Run argv (lgbench itself, with a hidden command) and read what it prints
 * to stdout (up to len - 1 bytes) until EOF or deadline_ms; killed past the
 * deadline (said with `what`). True when it exited 0 and printed something. */
bool lgbench_run_child(const char *what, char **argv, char *out, size_t len, int deadline_ms);

/* SIGINT/SIGTERM set the flag returned by lgbench_stopping(). */
void lgbench_catch_signals(void);
bool lgbench_stopping(void);

/* The lgview `lgbench viewer` runs when given none: the one beside the
 * lgbench at `exe` (installed together), else the one of the build tree
 * (build/tools/lgbench/lgbench beside build/host-client/lgview), else the
 * first on PATH. *where says which of the three; NULL if there is none.
 * Free with g_free. */
char *lgbench_find_lgview(const char *exe, const char **where);

#endif
