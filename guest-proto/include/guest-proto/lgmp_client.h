/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The LGMP 6 client (consumer) role, hardened: the host side of the region
 * is written by the guest and is treated as hostile. Every value is loaded
 * once, checked against the region, and every wait is bounded.
 *
 * Threads: a client may be shared by several threads as long as each
 * lgmp_client_queue is used by one thread at a time (lgview's frame thread
 * owns the frame queue, its cursor thread the pointer queue).
 * lgmp_client_session_check() is safe from any thread.
 */
#ifndef GUEST_PROTO_LGMP_CLIENT_H
#define GUEST_PROTO_LGMP_CLIENT_H

#include <stdbool.h>
#include <stdint.h>

#include "guest-proto/clock.h"

struct lgmp_client;
struct lgmp_client_queue;

/* A message as read from a ring slot; offset/size are already checked to
 * lie inside the region and outside the header. */
struct lgmp_msg {
	uint32_t udata;
	uint32_t size;
	uint32_t offset;
	void *ptr;
};

struct lgmp_session {
	uint32_t session_id;
	uint32_t lgmp_version; /* as found in the region */
	const uint8_t *udata;  /* private copy, valid until the next session_init */
	uint32_t udata_size;
};

int lgmp_client_create(void *mem, uint64_t size, const struct lgp_clock *clock,
		       struct lgmp_client **out);
void lgmp_client_destroy(struct lgmp_client *client);

/*
 * Start a session. LGP_ERR_NO_HOST: no magic. LGP_ERR_VERSION: the magic is
 * there but another LGMP version (session->lgmp_version says which).
 * LGP_ERR_AGAIN: the heartbeat has not moved since the last call (or since
 * create): the host is not (yet) running; call again after ~100 ms.
 */
int lgmp_client_session_init(struct lgmp_client *client, struct lgmp_session *session);

/*
 * 0 while the session is good; LGP_ERR_SESSION_CHANGED when the session id
 * changed (host restarted), LGP_ERR_HOST_STALLED when the heartbeat has not
 * moved for LGMP6_HEARTBEAT_TIMEOUT_MS, LGP_ERR_NO_HOST when the magic went.
 */
int lgmp_client_session_check(struct lgmp_client *client);

int lgmp_client_subscribe(struct lgmp_client *client, uint32_t queue_id,
			  struct lgmp_client_queue **out);
/* Unsubscribe and free q. A BAD subscriber is only freed locally: the host
 * reaps its slot. */
int lgmp_client_unsubscribe(struct lgmp_client_queue *q);

/* Free q without touching shared memory: for queues of a session that has
 * ended (the new host re-initialised the header). */
void lgmp_client_queue_forget(struct lgmp_client_queue *q);

/* Our subscriber slot (0..31), for tests and logs. */
uint32_t lgmp_client_queue_slot(const struct lgmp_client_queue *q);
/* The ring's slot count (validated at subscribe: 2..4097). */
uint32_t lgmp_client_queue_size(const struct lgmp_client_queue *q);

/*
 * Peek at the next message without consuming it. LGP_ERR_QUEUE_EMPTY,
 * LGP_ERR_QUEUE_TIMEOUT (we were marked BAD: re-subscribe),
 * LGP_ERR_UNSUBSCRIBED, LGP_ERR_CORRUPTED, or LGP_ERR_BAD_MESSAGE when the
 * slot's offset/size are outside the region (call message_done to skip it).
 */
int lgmp_client_process(struct lgmp_client_queue *q, struct lgmp_msg *msg);
/* Finish the message process() returned and move on to the next, whatever
 * happens: LGP_ERR_CORRUPTED when the queue's count could not be updated
 * (the message is dropped all the same), the queue states above, or 0. */
int lgmp_client_message_done(struct lgmp_client_queue *q);

/* Client->host message of at most LGMP6_MSGS_SIZE bytes; *serial is what
 * lgmp_client_get_serial() reaches once the host has acted on it. */
int lgmp_client_send_data(struct lgmp_client_queue *q, const void *data, uint32_t size,
			  uint32_t *serial);
uint32_t lgmp_client_get_serial(struct lgmp_client_queue *q);

#endif
