/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The KVMFR 20 consumer: what a viewer needs from the ring. It performs the
 * session handshake, parses the guest's KVMFR header, subscribes to the frame
 * and pointer queues on demand, hands out fully validated frame views and
 * cursor copies, drops and counts malformed messages, and recovers from
 * being marked too slow by re-subscribing (the B7 viewer exits instead).
 *
 * Threads: one control thread owns the session: connect, check, frame_*
 * and set_cancel run there (a viewer's frame thread). cursor_next and
 * set_cursor_pos may run on other threads at any time, also during connect
 * and check: they share the pointer queue under the consumer's pointer
 * lock, and every change of the connection is made under that lock, so a
 * pointer call either finishes before a disconnect or sees it (and then
 * returns LGP_ERR_SESSION_CHANGED until the next connect). create and
 * destroy run while no other call does.
 */
#ifndef GUEST_PROTO_CONSUMER_H
#define GUEST_PROTO_CONSUMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guest-proto/clock.h"
#include "guest-proto/cursor.h"
#include "guest-proto/frame.h"
#include "guest-proto/kvmfr.h"

struct lgp_consumer;

struct lgp_consumer_stats {
	uint64_t frames;           /* valid frames handed out */
	uint64_t frames_malformed; /* dropped by validation */
	uint64_t frames_repeated;  /* re-posts of a frame we already had */
	uint64_t cursors;
	uint64_t cursors_malformed;
	uint64_t resubscribes; /* recoveries after being marked too slow */
	uint64_t sessions;     /* successful connects */
};

int lgp_consumer_create(void *mem, uint64_t size, const struct lgp_clock *clock,
			struct lgp_consumer **out);
void lgp_consumer_destroy(struct lgp_consumer *c);

/* A stop flag (read atomically; may be raised from any thread) copied into
 * every frame view handed out: waits on that frame's write pointer end with
 * LGP_ERR_CANCELLED once it is non-zero. NULL for none. */
void lgp_consumer_set_cancel(struct lgp_consumer *c, const int *flag);

/*
 * One connection attempt. 0 when connected; LGP_ERR_NO_HOST (no guest
 * application yet), LGP_ERR_AGAIN (header present, heartbeat not seen moving
 * yet: call again in ~100 ms; after a second or more of this the guest
 * application is not running), LGP_ERR_VERSION (guest info says which
 * release the guest runs), LGP_ERR_BAD_UDATA, LGP_ERR_CORRUPTED.
 */
int lgp_consumer_connect(struct lgp_consumer *c);
bool lgp_consumer_connected(const struct lgp_consumer *c);

/* What the guest told us (also filled on LGP_ERR_VERSION). */
const struct lgp_guest_info *lgp_consumer_guest(const struct lgp_consumer *c);

/* Call about every 100 ms: 0, or LGP_ERR_SESSION_CHANGED /
 * LGP_ERR_HOST_STALLED / LGP_ERR_NO_HOST after which the consumer is
 * disconnected and connect must be called again. */
int lgp_consumer_check(struct lgp_consumer *c);

/* The next frame as a validated view (0), or LGP_ERR_QUEUE_EMPTY, or a
 * session error. Malformed and repeated messages are dropped and counted,
 * at most a ring's worth per call. Each frame returned must be finished
 * with frame_done. */
int lgp_consumer_frame_next(struct lgp_consumer *c, struct lgp_frame_view *view);
int lgp_consumer_frame_done(struct lgp_consumer *c);
/* Stop taking frames: leave the frame queue, so that a guest that watches
 * for viewers (the Looking Glass host does) can stop capturing. The next
 * lgp_consumer_frame_next joins it again, and the guest re-posts its last
 * frame. The frame thread's call, like the two above. */
void lgp_consumer_frames_pause(struct lgp_consumer *c);

/* The next cursor update, copied and acknowledged at once; shape needs
 * LGP_CURSOR_SHAPE_MAX bytes. 0 only for a valid update (malformed ones are
 * dropped and counted, at most a ring's worth per call), else
 * LGP_ERR_QUEUE_EMPTY or a session error: *cursor and shape then hold
 * nothing to use. */
int lgp_consumer_cursor_next(struct lgp_consumer *c, struct lgp_cursor *cursor, void *shape,
			     size_t cap);

/* Ask the guest to move its pointer (hotspot at x,y in guest desktop pixels)
 * and wait until it has (LGP_ERR_TIMEOUT after timeout_ms;
 * LGP_ERR_NOT_SUPPORTED when the guest lacks the feature). */
int lgp_consumer_set_cursor_pos(struct lgp_consumer *c, int32_t x, int32_t y,
				uint32_t timeout_ms);

void lgp_consumer_get_stats(struct lgp_consumer *c, struct lgp_consumer_stats *stats);

#endif
