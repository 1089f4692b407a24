/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A copy of the newest frame in our own memory, for frames that an uploader
 * could not hand over in time: the direct and dmabuf uploaders offer a frame
 * that still lives in shared memory, and withdraw the offer when the main
 * thread does not take it within a bound (so the guest is never held up by
 * a busy main thread). The frame thread then copies the frame here before
 * it is released, and the main thread shows it at its next chance. Without
 * it, a guest that posts one frame and then waits (a still desktop) would
 * never be shown that frame.
 *
 * Threads: fill() and drop() on the frame thread; upload() on the main
 * thread with GL current. One lock, held by fill() while it copies and by
 * upload() while the texture reads the copy: both happen only after a
 * withdrawn offer.
 */
#ifndef LGVIEW_FRAME_STASH_H
#define LGVIEW_FRAME_STASH_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "guest-proto/frame.h"
#include "renderer.h"
#include "uploader.h"

struct lgv_frame_stash {
	pthread_mutex_t lock;
	uint8_t *data;
	size_t size;
	struct lgv_tex_format tf; /* what data holds: whole texels a row */
	struct lgv_frame_times times;
	bool pending;  /* holds a frame newer than anything the main thread has */
	uint64_t kept; /* frames kept here (statistics) */
};

void lgv_frame_stash_init(struct lgv_frame_stash *s);
void lgv_frame_stash_finish(struct lgv_frame_stash *s);

/* Frame thread: a newer frame is on its way; forget the one held. */
void lgv_frame_stash_drop(struct lgv_frame_stash *s);
/* Frame thread: copy a validated frame of format f (its data complete or
 * followed until deadline_ns) and mark it pending. LGP_ERR_* on failure,
 * and then nothing is pending. */
int lgv_frame_stash_fill(struct lgv_frame_stash *s, const struct lgp_frame_view *v,
			 const struct lgv_frame_format *f, const struct lgv_frame_times *t,
			 uint64_t deadline_ns);
/* Frames kept so far (any thread). */
uint64_t lgv_frame_stash_kept(struct lgv_frame_stash *s);
/* Main thread: upload a pending frame into the renderer's frame texture.
 * True when it did (times in *t); a frame of another format than the
 * renderer's is dropped. */
bool lgv_frame_stash_upload(struct lgv_frame_stash *s, struct lgv_renderer *r,
			    struct lgv_frame_times *t);

#endif
