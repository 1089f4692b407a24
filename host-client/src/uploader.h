/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Uploaders move a frame from shared memory into the renderer's frame
 * texture. One interface, several implementations in priority order
 * (`lgview app:uploader=help` lists them; `auto` picks by capability and,
 * where two copying ones work, by a trial of each in the real loop: see
 * uploader_trial.h).
 *
 * Threads: frame() runs on the frame thread and may block (bounded by its
 * deadline); everything else runs on the main thread with GL current.
 */
#ifndef LGVIEW_UPLOADER_H
#define LGVIEW_UPLOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guest-proto/frame.h"
#include "renderer.h"

struct kvmfr_region;
struct lgv_uploader;

/* Stage timestamps of one frame (CLOCK_MONOTONIC ns), for the overlay and
 * lgbench. */
struct lgv_frame_times {
	uint32_t serial;
	uint64_t detected, copied, uploaded, presented;
	/* The poll before `detected` that found the queue empty, and when the
	 * guest had written the whole frame (0: not seen): see struct
	 * lgv_frame_detect in stats.h. */
	uint64_t empty_poll, complete;
	/* When the main thread began the upload (copied -> taken is the wait
	 * for the main thread). */
	uint64_t taken;
};

/* frame()'s one positive result: see there. */
#define LGV_UPLOAD_NOT_TAKEN 1

/* How long a frame offered straight from shared memory (direct, dmabuf)
 * waits for the main thread to take it. A main thread that is drawing or
 * presenting does not: the frame thread then copies the frame (see
 * frame_stash.h) and releases it. So the guest never waits for lgview's
 * main thread: each frame goes back within this bound plus one frame copy,
 * or, when taken, plus the upload. */
#define LGV_OFFER_NS 3000000u

struct lgv_upload_env {
	const struct kvmfr_region *region;
	/* The offer's bound; 0: LGV_OFFER_NS (tests give more). */
	uint64_t offer_ns;
	/* Wakes the main thread (any thread). */
	void (*wake)(void *ctx);
	void *ctx;
	bool allow_dma;
};

struct lgv_uploader_impl {
	const char *name;
	const char *description;
	/* Can it work here? If not, a reason in why. Main thread. */
	bool (*probe)(const struct lgv_upload_env *env, char *why, size_t len);
	struct lgv_uploader *(*create)(const struct lgv_upload_env *env);
	void (*destroy)(struct lgv_uploader *u);
	/* A new format: size buffers for it. Main thread, frame thread idle. */
	bool (*configure)(struct lgv_uploader *u, struct lgv_renderer *r);
	/* Frame thread: take the frame; when this returns the frame may be
	 * released to the guest. 0 when taken; LGV_UPLOAD_NOT_TAKEN when the
	 * frame is whole and still readable but the main thread did not take
	 * it in time (the pipe keeps a copy to show); LGP_ERR_* / negative on
	 * a dropped frame; LGP_ERR_NOT_SUPPORTED when this uploader cannot
	 * take such frames at all (the pipe then copies this one and the
	 * rest). */
	int (*frame)(struct lgv_uploader *u, const struct lgp_frame_view *v,
		     struct lgv_frame_times *t, uint64_t deadline_ns);
	/* Main thread: bring the texture up to the newest frame. True when it
	 * changed; *t gets that frame's times. */
	bool (*upload)(struct lgv_uploader *u, struct lgv_renderer *r, struct lgv_frame_times *t);
	/* Main thread, after a frame was presented. Optional. */
	void (*presented)(struct lgv_uploader *u);
	/* Main thread: the texture to draw instead of the renderer's own
	 * (zero-copy imports), or 0. Optional. */
	unsigned (*texture)(struct lgv_uploader *u);
	/* Any thread, at quit: end every wait of frame() on the main thread,
	 * at once and for good. Optional (for uploaders whose waits are all
	 * bounded by frame()'s deadline). */
	void (*close)(struct lgv_uploader *u);
};

/* The common part each implementation embeds first. */
struct lgv_uploader {
	const struct lgv_uploader_impl *impl;
	struct lgv_upload_env env;
};

static inline uint64_t lgv_upload_offer_ns(const struct lgv_upload_env *env)
{
	return env->offer_ns ? env->offer_ns : LGV_OFFER_NS;
}

/* In priority order, NULL-terminated. */
extern const struct lgv_uploader_impl *const lgv_uploaders[];
const struct lgv_uploader_impl *lgv_uploader_find(const char *name);
/* The list with descriptions, for app:uploader=help. */
void lgv_uploader_print_help(void);

extern const struct lgv_uploader_impl lgv_uploader_copy;
extern const struct lgv_uploader_impl lgv_uploader_direct;
extern const struct lgv_uploader_impl lgv_uploader_dmabuf;

/* Upload rows of frame data (at src with src_pitch) into the renderer's
 * texture: one call when the pitch is whole texels, else row by row. src is
 * a client pointer or an offset into the bound unpack buffer. Main thread. */
void lgv_upload_rows(const struct lgv_tex_format *t, const void *src, uint32_t src_pitch,
		     uint32_t y, uint32_t rows);

#endif
