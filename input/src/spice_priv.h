/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SPICE session's insides, shared by spice_input.c (the thread, the
 * session, the queue, input) and spice_clipboard.c (the clipboard's agent
 * side). Everything but the queue and the status (under lock) is the SPICE
 * thread's.
 */
#ifndef INPUT_SPICE_PRIV_H
#define INPUT_SPICE_PRIV_H

#include <pthread.h>
#include <spice-client.h>

#include "input/clipboard.h"
#include "input/input.h"

#define HELD_KEYS 512u

enum cmd_type {
	CMD_KEY,
	CMD_RELEASE_ALL,
	CMD_MOTION,
	CMD_POSITION,
	CMD_BUTTON,
	CMD_MODE,
	CMD_CLIP_GRAB,
	CMD_CLIP_REQUEST,
	CMD_CLIP_DATA,
	CMD_QUIT,
};

struct cmd {
	enum cmd_type type;
	uint32_t key; /* a key, a button, clipboard types */
	int x, y;
	bool down;
	GBytes *bytes; /* CMD_CLIP_DATA: owned by the queue; NULL: none */
};

struct lgi_input {
	char *host, *password, *ca_file;
	int port, tls_port;
	const struct lgi_host_ops *ops;
	void *ctx;
	struct lgi_clip_policy clip_policy;
	const struct lgi_clip_local_ops *clip_ops; /* NULL: no clipboard */
	void *clip_ctx;
	const struct lgi_channel_hook *hook;
	void *hook_ctx;
	pthread_t thread;

	pthread_mutex_t lock; /* the queue and the status */
	GArray *queue;	      /* struct cmd */
	bool drain_pending;
	uint64_t dropped;
	struct lgi_status status;

	/* the SPICE thread only */
	GMainLoop *loop;
	SpiceSession *session;
	SpiceMainChannel *main;
	SpiceInputsChannel *inputs;
	struct lgi_clipboard *clip; /* NULL: no clipboard */
	guint retry_id;
	unsigned backoff_ms;
	bool held[HELD_KEYS];
	int buttons; /* SPICE_MOUSE_BUTTON_MASK_* */
	bool quitting;
	bool close_pending; /* a close of this session is scheduled */
	unsigned mode_changes;
};

/* spice_clipboard.c */
struct lgi_clipboard *lgi_spice_clip_create(struct lgi_input *in);
/* The main channel is new: its clipboard signals and limit. */
void lgi_spice_clip_connect(struct lgi_input *in, SpiceChannel *ch);
/* A CMD_CLIP_* from the local side. */
void lgi_spice_clip_cmd(struct lgi_input *in, const struct cmd *c);

#endif
