/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The clipboard between the guest's SPICE agent and the local desktop:
 * which types travel (UTF-8 text, PNG images), a switch per direction and a
 * size limit, and the text conversions (the guest's CRLF becomes LF; LF
 * becomes CRLF for a guest whose agent asks for it).
 *
 * lgi_clipboard is the SPICE side's state: spice_input.c drives it with
 * what the agent said (every argument is the guest's, so hostile: unknown
 * types, data never asked for, oversized or malformed text) and with what
 * the local side said. It sends to the agent through lgi_clip_agent_ops and
 * to the local side through lgi_clip_local_ops. Selections other than
 * CLIPBOARD (the X PRIMARY a Linux guest may announce) are ignored.
 *
 * Threads: every lgi_clipboard call and both ops tables' callbacks run on
 * the one thread that owns it (the SPICE thread); the local side's ops must
 * not block. The conversions are pure and thread-free.
 */
#ifndef INPUT_CLIPBOARD_H
#define INPUT_CLIPBOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum lgi_clip_type {
	LGI_CLIP_TEXT = 1, /* UTF-8, LF line ends, no NUL */
	LGI_CLIP_PNG = 2,
};
#define LGI_CLIP_BIT(t) (1u << (t))
#define LGI_CLIP_ALL (LGI_CLIP_BIT(LGI_CLIP_TEXT) | LGI_CLIP_BIT(LGI_CLIP_PNG))

struct lgi_clip_policy {
	bool to_guest; /* local clipboard → guest (spice:clipboardToVM) */
	bool to_local; /* guest → local clipboard (spice:clipboardToLocal) */
	size_t max_bytes;
};

/* The local side (lgview's window: host-client's clipboard backends). */
struct lgi_clip_local_ops {
	/* The guest's clipboard holds data of these types now (a mask of
	 * LGI_CLIP_BIT; 0: it holds nothing lgview carries). Take the local
	 * clipboard for it; its data comes on request. */
	void (*guest_grab)(void *ctx, unsigned types);
	/* The guest's data answering a request (lgi_clipboard_local_request);
	 * NULL when there is none (refused, too big, switched off). Valid
	 * during the call only. */
	void (*guest_data)(void *ctx, enum lgi_clip_type t, const uint8_t *data, size_t len);
	/* The guest asks for the local clipboard as t: answer with
	 * lgi_clipboard_local_data (NULL if it cannot be had). */
	void (*guest_request)(void *ctx, enum lgi_clip_type t);
};

/* Towards the agent: the spice-glib main channel's clipboard calls. The
 * types are VD_AGENT_CLIPBOARD_*. */
struct lgi_clip_agent_ops {
	void (*grab)(void *ctx, const uint32_t *types, unsigned n);
	void (*release)(void *ctx);
	void (*notify)(void *ctx, uint32_t type, const uint8_t *data, size_t len);
	void (*request)(void *ctx, uint32_t type);
};

struct lgi_clipboard;

struct lgi_clipboard *lgi_clipboard_create(const struct lgi_clip_policy *policy,
					   const struct lgi_clip_agent_ops *agent, void *agent_ctx,
					   const struct lgi_clip_local_ops *local, void *local_ctx);
void lgi_clipboard_destroy(struct lgi_clipboard *c);

/* The agent connected (ready) or went away; crlf: it wants CRLF text (a
 * Windows guest). While it is away every request is answered with none. */
void lgi_clipboard_agent_state(struct lgi_clipboard *c, bool ready, bool crlf);

/* A grab listing more types than this is malformed and ignored (real
 * agents offer a handful). */
#define LGI_CLIP_GRAB_TYPES_MAX 64

/* What the agent said. The bools are the answer spice-glib wants: whether
 * lgview takes the grab / will answer the request. */
bool lgi_clipboard_agent_grab(struct lgi_clipboard *c, unsigned selection, const uint32_t *types,
			      size_t n);
bool lgi_clipboard_agent_request(struct lgi_clipboard *c, unsigned selection, uint32_t type);
void lgi_clipboard_agent_data(struct lgi_clipboard *c, unsigned selection, uint32_t type,
			      const uint8_t *data, size_t len);
void lgi_clipboard_agent_release(struct lgi_clipboard *c, unsigned selection);

/* What the local side said: its clipboard now holds these types (0: none
 * lgview carries, or nothing); it wants the guest's data as t; its data
 * answering guest_request (NULL: none). */
void lgi_clipboard_local_grab(struct lgi_clipboard *c, unsigned types);
void lgi_clipboard_local_request(struct lgi_clipboard *c, enum lgi_clip_type t);
void lgi_clipboard_local_data(struct lgi_clipboard *c, enum lgi_clip_type t, const uint8_t *data,
			      size_t len);

/* Text the guest sent: cut at the first NUL, invalid UTF-8 replaced
 * (U+FFFD), CRLF made LF. A new NUL-terminated string; *out_len without
 * the NUL. */
char *lgi_clip_text_from_guest(const uint8_t *data, size_t len, size_t *out_len);
/* Local text for the guest: invalid UTF-8 replaced, cut at a NUL, LF made
 * CRLF when crlf (an existing CRLF stays). A new string, as above. */
char *lgi_clip_text_to_guest(const uint8_t *data, size_t len, bool crlf, size_t *out_len);

#endif
