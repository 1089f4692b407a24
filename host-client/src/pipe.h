/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The frame path between the frame thread and the main thread: format
 * changes (the main thread re-creates textures and buffers while the frame
 * thread waits), the choice of uploader, and handing each frame over.
 */
#ifndef LGVIEW_PIPE_H
#define LGVIEW_PIPE_H

#include <stdbool.h>

#include "renderer.h"
#include "uploader.h"

struct lgv_pipe;

/* uploader: a name from the registry or "auto". */
struct lgv_pipe *lgv_pipe_create(const char *uploader, const struct lgv_upload_env *env);
/* The same with one uploader given (no probe: it is meant to work), as
 * tests and benchmarks drive the pipe. A refusal still falls back to copy. */
struct lgv_pipe *lgv_pipe_create_with(const struct lgv_uploader_impl *impl,
				      const struct lgv_upload_env *env);
/* auto over the given candidates (stand-ins in tests), tried in this
 * order in the real loop (uploader_trial.h). cands must outlive the pipe. */
struct lgv_pipe *lgv_pipe_create_auto(const struct lgv_uploader_impl *const *cands, int n,
				      const struct lgv_upload_env *env);
void lgv_pipe_destroy(struct lgv_pipe *p); /* main thread, frame thread stopped */

/* Frame thread: pass a validated frame on. Returns when it may be released
 * to the guest; negative when it was dropped. A frame the main thread did
 * not take in time is copied (see frame_stash.h) and shown later. */
int lgv_pipe_frame(struct lgv_pipe *p, const struct lgp_frame_view *v, struct lgv_frame_times *t,
		   uint64_t deadline_ns);
/* Main thread: stop waiting for the main thread, for good (before stopping
 * the frame thread, at quit). No frame is serviced after it. */
void lgv_pipe_close(struct lgv_pipe *p);
/* Frame thread: the next frame must re-establish the format (new session). */
void lgv_pipe_reset(struct lgv_pipe *p);

/* Main thread: serve format requests and upload the newest frame. True when
 * the texture changed (times in *t). False also sets *failed when the
 * renderer could not take the format. */
bool lgv_pipe_service(struct lgv_pipe *p, struct lgv_renderer *r, struct lgv_frame_times *t);
/* Main thread, after presenting. */
void lgv_pipe_presented(struct lgv_pipe *p);
/* Frames shown from a copy because the main thread did not take them in
 * time (any thread). */
uint64_t lgv_pipe_frames_kept(struct lgv_pipe *p);
/* The uploader in use ("" before the first frame). */
const char *lgv_pipe_uploader_name(struct lgv_pipe *p);

#endif
