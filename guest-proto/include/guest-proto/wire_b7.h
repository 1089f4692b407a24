/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The shared-memory wire layout of Looking Glass B7: LGMP protocol 6 and
 * KVMFR 20. Every size and offset is pinned by a static assertion so that a
 * change cannot slip through; a later release's layout goes into a sibling
 * header (wire_b8.h, ...) with its own prefixes.
 *
 * These structs describe memory written by the guest. Never dereference a
 * field of a struct that lives in shared memory twice: load it once (see
 * shm_access.h), validate the local copy and use that.
 */
#ifndef GUEST_PROTO_WIRE_B7_H
#define GUEST_PROTO_WIRE_B7_H

#include <stddef.h>
#include <stdint.h>

/* ---- LGMP 6 -------------------------------------------------------------- */

#define LGMP6_MAGIC 0x504d474cu /* "LGMP" little-endian */
#define LGMP6_VERSION 6u
#define LGMP6_MAX_QUEUES 5u
#define LGMP6_MSGS_MAX 10u       /* client->host slots per queue */
#define LGMP6_MSGS_SIZE 64u      /* payload bytes of one client->host message */
#define LGMP6_MAX_SUBS 32u       /* subscriber slots per queue */
#define LGMP6_HEARTBEAT_TIMEOUT_MS 1000u

struct lgmp6_client_msg {
	uint32_t size;
	uint8_t data[LGMP6_MSGS_SIZE];
};

struct lgmp6_queue {
	uint32_t queue_id;
	uint32_t num_messages;  /* ring slots = requested + 1 */
	uint32_t new_sub_count; /* atomic; the host reads and zeroes */
	uint32_t max_time;      /* subscriber timeout, ms */
	uint32_t position;      /* atomic; host write index */
	uint32_t messages_offset;
	uint64_t timeout[LGMP6_MAX_SUBS];
	uint32_t client_id[LGMP6_MAX_SUBS];
	uint32_t lock; /* atomic spinlock, CAS 0 -> 1 */
	uint32_t pad0;
	uint64_t subs; /* atomic; high 32 bits ON, low 32 bits BAD */
	uint32_t start;
	uint32_t pad1;
	uint64_t msg_timeout; /* atomic */
	uint32_t count;       /* atomic */
	uint32_t cmsg_lock;   /* atomic */
	uint32_t cmsg_avail;  /* atomic */
	uint32_t cmsg_wpos;   /* atomic */
	uint32_t cmsg_wserial; /* atomic */
	uint32_t cmsg_rserial; /* atomic */
	struct lgmp6_client_msg cmsgs[LGMP6_MSGS_MAX];
};

struct lgmp6_header {
	uint32_t magic;
	uint32_t version;
	uint32_t session_id;
	uint32_t pad0;
	uint64_t timestamp; /* atomic; host ms clock, the heartbeat */
	uint32_t num_queues;
	uint32_t pad1;
	struct lgmp6_queue queues[LGMP6_MAX_QUEUES];
	uint32_t udata_size;
	/* udata follows at LGMP6_UDATA_OFFSET, overlapping the tail padding */
};

struct lgmp6_message {
	uint32_t udata;
	uint32_t size;
	uint32_t offset;       /* from the region base */
	uint32_t pending_subs; /* atomic */
};

#define LGMP6_UDATA_OFFSET 5756u
#define LGMP6_HEADER_SIZE 5760u

/* ---- KVMFR 20 ------------------------------------------------------------ */

#define KVMFR20_MAGIC "KVMFR---"
#define KVMFR20_MAGIC_LEN 8u
#define KVMFR20_VERSION 20u
#define KVMFR20_MAX_DAMAGE_RECTS 64u
#define KVMFR20_HOSTVER_LEN 32u

#define KVMFR20_QUEUE_POINTER 1u
#define KVMFR20_QUEUE_FRAME 2u
#define KVMFR20_QUEUE_FRAME_LEN 2u
#define KVMFR20_QUEUE_POINTER_LEN 20u
#define KVMFR20_SUB_TIMEOUT_MS 1000u
#define KVMFR20_POINTER_SHAPE_BUFFERS 3u
#define KVMFR20_MAX_POINTER_DIM 512u
#define KVMFR20_FB_CHUNK_SIZE (1024u * 1024u)

#define KVMFR20_FEATURE_SETCURSORPOS 0x1u

enum kvmfr20_record_type {
	KVMFR20_RECORD_VMINFO = 1,
	KVMFR20_RECORD_OSINFO = 2,
};

enum kvmfr20_os {
	KVMFR20_OS_LINUX = 0,
	KVMFR20_OS_BSD = 1,
	KVMFR20_OS_OSX = 2,
	KVMFR20_OS_WINDOWS = 3,
	KVMFR20_OS_OTHER = 4,
};

enum kvmfr20_frame_type {
	KVMFR20_FRAME_INVALID = 0,
	KVMFR20_FRAME_BGRA = 1,
	KVMFR20_FRAME_RGBA = 2,
	KVMFR20_FRAME_RGBA10 = 3,
	KVMFR20_FRAME_RGBA16F = 4,
	KVMFR20_FRAME_BGR_32 = 5,
	KVMFR20_FRAME_RGB_24 = 6,
	KVMFR20_FRAME_MAX = 7,
};

#define KVMFR20_FRAME_FLAG_BLOCK_SCREENSAVER 0x01u
#define KVMFR20_FRAME_FLAG_REQUEST_ACTIVATION 0x02u
#define KVMFR20_FRAME_FLAG_TRUNCATED 0x04u
#define KVMFR20_FRAME_FLAG_HDR 0x08u
#define KVMFR20_FRAME_FLAG_HDR_PQ 0x10u

enum kvmfr20_cursor_type {
	KVMFR20_CURSOR_COLOR = 0,
	KVMFR20_CURSOR_MONOCHROME = 1,
	KVMFR20_CURSOR_MASKED_COLOR = 2,
};

#define KVMFR20_CURSOR_FLAG_POSITION 0x1u
#define KVMFR20_CURSOR_FLAG_VISIBLE 0x2u
#define KVMFR20_CURSOR_FLAG_SHAPE 0x4u

#define KVMFR20_MESSAGE_SETCURSORPOS 0u

struct kvmfr20_header {
	char magic[KVMFR20_MAGIC_LEN];
	uint32_t version;
	char hostver[KVMFR20_HOSTVER_LEN];
	uint32_t features;
};

struct kvmfr20_record {
	uint8_t type;
	uint8_t pad[3];
	uint32_t size; /* bytes of data after this header */
};

struct kvmfr20_vminfo {
	uint8_t uuid[16];
	char capture[32];
	uint8_t cpus;
	uint8_t cores;
	uint8_t sockets;
	/* char model[] follows, NUL-terminated */
};
#define KVMFR20_VMINFO_MODEL_OFFSET 51u

struct kvmfr20_damage_rect {
	uint32_t x, y, width, height;
};

struct kvmfr20_frame {
	uint32_t format_ver;
	uint32_t frame_serial;
	uint32_t type;
	uint32_t screen_width;
	uint32_t screen_height;
	uint32_t data_width;
	uint32_t data_height;
	uint32_t frame_width;
	uint32_t frame_height;
	uint32_t rotation;
	uint32_t stride;
	uint32_t pitch;
	uint32_t offset; /* from this struct to the framebuffer header */
	uint32_t damage_rects_count;
	struct kvmfr20_damage_rect damage_rects[KVMFR20_MAX_DAMAGE_RECTS];
	uint32_t flags;
};

/* The framebuffer: a write pointer (bytes valid from data[0], row-major)
 * followed by the pixels. */
struct kvmfr20_framebuffer {
	uint32_t wp;
	uint8_t data[];
};

struct kvmfr20_cursor {
	int16_t x; /* top-left of the image; the hotspot is at x + hx */
	int16_t y;
	uint32_t type;
	int8_t hx;
	int8_t hy;
	uint16_t pad;
	uint32_t width;
	uint32_t height; /* monochrome: AND rows then XOR rows, twice the image */
	uint32_t pitch;
};

#define KVMFR20_MAX_POINTER_SIZE \
	(sizeof(struct kvmfr20_cursor) + KVMFR20_MAX_POINTER_DIM * KVMFR20_MAX_POINTER_DIM * 4u)

struct kvmfr20_message {
	uint32_t type;
};

struct kvmfr20_set_cursor_pos {
	uint32_t type;
	int32_t x;
	int32_t y;
};

/* ---- Layout pins (PROTOCOL-FACTS.md sections 2.2-2.4, 3.2-3.7) ---------- */

#define LGP_PIN(type, field, off) \
	_Static_assert(offsetof(struct type, field) == (off), #type "." #field " must sit at " #off)
#define LGP_PIN_SIZE(type, size) \
	_Static_assert(sizeof(struct type) == (size), "sizeof(" #type ") must be " #size)

LGP_PIN_SIZE(lgmp6_client_msg, 68);
LGP_PIN(lgmp6_client_msg, size, 0);
LGP_PIN(lgmp6_client_msg, data, 4);

LGP_PIN_SIZE(lgmp6_queue, 1144);
_Static_assert(_Alignof(struct lgmp6_queue) == 8, "lgmp6_queue aligns to 8");
LGP_PIN(lgmp6_queue, queue_id, 0);
LGP_PIN(lgmp6_queue, num_messages, 4);
LGP_PIN(lgmp6_queue, new_sub_count, 8);
LGP_PIN(lgmp6_queue, max_time, 12);
LGP_PIN(lgmp6_queue, position, 16);
LGP_PIN(lgmp6_queue, messages_offset, 20);
LGP_PIN(lgmp6_queue, timeout, 24);
LGP_PIN(lgmp6_queue, client_id, 280);
LGP_PIN(lgmp6_queue, lock, 408);
LGP_PIN(lgmp6_queue, subs, 416);
LGP_PIN(lgmp6_queue, start, 424);
LGP_PIN(lgmp6_queue, msg_timeout, 432);
LGP_PIN(lgmp6_queue, count, 440);
LGP_PIN(lgmp6_queue, cmsg_lock, 444);
LGP_PIN(lgmp6_queue, cmsg_avail, 448);
LGP_PIN(lgmp6_queue, cmsg_wpos, 452);
LGP_PIN(lgmp6_queue, cmsg_wserial, 456);
LGP_PIN(lgmp6_queue, cmsg_rserial, 460);
LGP_PIN(lgmp6_queue, cmsgs, 464);

LGP_PIN_SIZE(lgmp6_header, LGMP6_HEADER_SIZE);
_Static_assert(_Alignof(struct lgmp6_header) == 8, "lgmp6_header aligns to 8");
LGP_PIN(lgmp6_header, magic, 0);
LGP_PIN(lgmp6_header, version, 4);
LGP_PIN(lgmp6_header, session_id, 8);
LGP_PIN(lgmp6_header, timestamp, 16);
LGP_PIN(lgmp6_header, num_queues, 24);
LGP_PIN(lgmp6_header, queues, 32);
LGP_PIN(lgmp6_header, udata_size, 5752);
_Static_assert(offsetof(struct lgmp6_header, udata_size) + 4 == LGMP6_UDATA_OFFSET,
	       "LGMP udata starts right after udata_size");

LGP_PIN_SIZE(lgmp6_message, 16);
LGP_PIN(lgmp6_message, udata, 0);
LGP_PIN(lgmp6_message, size, 4);
LGP_PIN(lgmp6_message, offset, 8);
LGP_PIN(lgmp6_message, pending_subs, 12);

LGP_PIN_SIZE(kvmfr20_header, 48);
LGP_PIN(kvmfr20_header, magic, 0);
LGP_PIN(kvmfr20_header, version, 8);
LGP_PIN(kvmfr20_header, hostver, 12);
LGP_PIN(kvmfr20_header, features, 44);

LGP_PIN_SIZE(kvmfr20_record, 8);
LGP_PIN(kvmfr20_record, type, 0);
LGP_PIN(kvmfr20_record, size, 4);

LGP_PIN(kvmfr20_vminfo, uuid, 0);
LGP_PIN(kvmfr20_vminfo, capture, 16);
LGP_PIN(kvmfr20_vminfo, cpus, 48);
LGP_PIN(kvmfr20_vminfo, cores, 49);
LGP_PIN(kvmfr20_vminfo, sockets, 50);
_Static_assert(offsetof(struct kvmfr20_vminfo, sockets) + 1 == KVMFR20_VMINFO_MODEL_OFFSET,
	       "VMINFO model string follows sockets");

LGP_PIN_SIZE(kvmfr20_damage_rect, 16);
LGP_PIN_SIZE(kvmfr20_frame, 1084);
LGP_PIN(kvmfr20_frame, format_ver, 0);
LGP_PIN(kvmfr20_frame, frame_serial, 4);
LGP_PIN(kvmfr20_frame, type, 8);
LGP_PIN(kvmfr20_frame, screen_width, 12);
LGP_PIN(kvmfr20_frame, screen_height, 16);
LGP_PIN(kvmfr20_frame, data_width, 20);
LGP_PIN(kvmfr20_frame, data_height, 24);
LGP_PIN(kvmfr20_frame, frame_width, 28);
LGP_PIN(kvmfr20_frame, frame_height, 32);
LGP_PIN(kvmfr20_frame, rotation, 36);
LGP_PIN(kvmfr20_frame, stride, 40);
LGP_PIN(kvmfr20_frame, pitch, 44);
LGP_PIN(kvmfr20_frame, offset, 48);
LGP_PIN(kvmfr20_frame, damage_rects_count, 52);
LGP_PIN(kvmfr20_frame, damage_rects, 56);
LGP_PIN(kvmfr20_frame, flags, 1080);

LGP_PIN_SIZE(kvmfr20_framebuffer, 4);
LGP_PIN(kvmfr20_framebuffer, data, 4);

LGP_PIN_SIZE(kvmfr20_cursor, 24);
LGP_PIN(kvmfr20_cursor, x, 0);
LGP_PIN(kvmfr20_cursor, y, 2);
LGP_PIN(kvmfr20_cursor, type, 4);
LGP_PIN(kvmfr20_cursor, hx, 8);
LGP_PIN(kvmfr20_cursor, hy, 9);
LGP_PIN(kvmfr20_cursor, width, 12);
LGP_PIN(kvmfr20_cursor, height, 16);
LGP_PIN(kvmfr20_cursor, pitch, 20);
_Static_assert(KVMFR20_MAX_POINTER_SIZE == 1048600u, "MAX_POINTER_SIZE is 1,048,600 bytes");

LGP_PIN_SIZE(kvmfr20_message, 4);
LGP_PIN_SIZE(kvmfr20_set_cursor_pos, 12);
LGP_PIN(kvmfr20_set_cursor_pos, x, 4);
LGP_PIN(kvmfr20_set_cursor_pos, y, 8);

#endif
