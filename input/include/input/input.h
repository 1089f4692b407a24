/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lgview's SPICE session: keyboard, mouse and clipboard with the VM, on a
 * thread of its own that runs GLib's *default* main context, because libspice-client-glib schedules its own idles and
 * coroutines there. No other thread of the process may iterate the default
 * context.
 *
 * Threads:
 *  - lgi_input_start/stop: the thread that owns the session (lgview's main
 *    thread);
 *  - the event calls (key, motion, position, button, release_all,
 *    mouse mode): any thread; they are queued in order and sent from the
 *    SPICE thread, never blocking the caller;
 *  - the clipboard calls: any thread, queued like the events (the data is
 *    copied);
 *  - lgi_input_status: any thread;
 *  - the ops' callbacks: the SPICE thread; they must not block (posting an
 *    event to the main thread, e.g. SDL_PushEvent, is what they are for).
 */
#ifndef INPUT_INPUT_H
#define INPUT_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "input/clipboard.h"

struct lgi_input;

enum lgi_state {
	LGI_STATE_CONNECTING,
	LGI_STATE_CONNECTED, /* the inputs channel is open */
	LGI_STATE_RETRYING,  /* lost or refused: a new attempt is due */
	LGI_STATE_FAILED,    /* no attempt can work (a wrong password) */
};

enum lgi_button {
	LGI_BUTTON_LEFT = 1,
	LGI_BUTTON_MIDDLE,
	LGI_BUTTON_RIGHT,
	LGI_BUTTON_WHEEL_UP,
	LGI_BUTTON_WHEEL_DOWN,
	LGI_BUTTON_SIDE,
	LGI_BUTTON_EXTRA,
};

struct lgi_status {
	enum lgi_state state;
	bool server_mouse; /* SPICE server mouse mode (relative) */
	bool agent;        /* the guest's vdagent is connected */
	uint64_t attempts; /* connection attempts so far */
	bool has_uuid;     /* the server told the VM's UUID */
	uint8_t uuid[16];
	char text[160];    /* for the window and the log */
};

struct lgi_host_ops {
	/* The status changed: read it with lgi_input_status(). */
	void (*status_changed)(void *ctx);
};

/* The session's other channels (audio): each new SPICE channel that is
 * not main or inputs (a SpiceChannel *), for the hook to connect or not,
 * and each channel going away. The SPICE thread. */
struct lgi_channel_hook {
	void (*channel_new)(void *ctx, void *channel);
	void (*channel_destroy)(void *ctx, void *channel);
};

struct lgi_config {
	/* A host name or address with port (and tls_port), or the path of
	 * a UNIX socket (starts with '/'; port is then ignored). */
	const char *host;
	int port, tls_port;
	const char *password; /* NULL: none */
	const char *ca_file;  /* TLS: NULL for the system's */
	const struct lgi_host_ops *ops;
	void *ctx;
	/* The clipboard: the local side's callbacks run on the SPICE thread
	 * (see clipboard.h). NULL: no clipboard. */
	struct lgi_clip_policy clip_policy;
	const struct lgi_clip_local_ops *clip_ops;
	void *clip_ctx;
	/* NULL: the other channels stay unconnected. */
	const struct lgi_channel_hook *hook;
	void *hook_ctx;
};

/* Starts the SPICE thread and the first connection attempt. NULL only when
 * the configuration cannot work (said in the log). */
struct lgi_input *lgi_input_start(const struct lgi_config *cfg);
/* Ends the session and the thread, promptly in every state. NULL is fine. */
void lgi_input_stop(struct lgi_input *in);

void lgi_input_status(struct lgi_input *in, struct lgi_status *out);

/* key: a USB HID usage / SDL scancode (see keymap.h). */
void lgi_input_key(struct lgi_input *in, uint32_t key, bool down);
/* Release every key and button the guest believes held (focus loss). */
void lgi_input_release_all(struct lgi_input *in);
/* Relative motion (server mouse mode), split into steps PS/2 can carry. */
void lgi_input_motion(struct lgi_input *in, int dx, int dy);
/* Absolute position in guest pixels (client mouse mode). */
void lgi_input_position(struct lgi_input *in, int x, int y);
void lgi_input_button(struct lgi_input *in, enum lgi_button b, bool down);
/* Ask the server for server (relative) or client (absolute) mouse mode. */
void lgi_input_request_mouse_mode(struct lgi_input *in, bool server);

/* The local clipboard holds these types now (LGI_CLIP_BIT mask; 0: none
 * lgview carries): announced to the guest's agent. */
void lgi_input_clipboard_grab(struct lgi_input *in, unsigned types);
/* Ask for the guest's clipboard as t: clip_ops->guest_data answers. */
void lgi_input_clipboard_request(struct lgi_input *in, enum lgi_clip_type t);
/* The local clipboard's data answering clip_ops->guest_request (NULL:
 * none). */
void lgi_input_clipboard_data(struct lgi_input *in, enum lgi_clip_type t, const void *data,
			      size_t len);

#endif
