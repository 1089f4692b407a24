/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One error convention for guest-proto: functions return 0 on success and a
 * negative LGP_ERR_* value (or a negative errno, for system calls) on
 * failure. lgp_strerror() names both kinds.
 */
#ifndef GUEST_PROTO_ERROR_H
#define GUEST_PROTO_ERROR_H

enum lgp_error {
	LGP_OK = 0,
	LGP_ERR_BASE = 1000, /* below this magnitude, values are -errno */
	LGP_ERR_INVALID_ARGUMENT = -1001,
	LGP_ERR_NO_SPACE = -1002,        /* region too small for what was asked */
	LGP_ERR_NO_HOST = -1003,         /* no LGMP magic: the guest app is not there */
	LGP_ERR_VERSION = -1004,         /* LGMP or KVMFR version mismatch */
	LGP_ERR_HOST_STALLED = -1005,    /* heartbeat did not move */
	LGP_ERR_SESSION_CHANGED = -1006, /* the host restarted (new session id) */
	LGP_ERR_NO_SUCH_QUEUE = -1007,
	LGP_ERR_QUEUE_FULL = -1008,
	LGP_ERR_QUEUE_EMPTY = -1009,
	LGP_ERR_QUEUE_TIMEOUT = -1010,   /* we were too slow and were marked BAD */
	LGP_ERR_UNSUBSCRIBED = -1011,
	LGP_ERR_CORRUPTED = -1012,       /* a header field is out of range */
	LGP_ERR_BAD_MESSAGE = -1013,     /* one message is malformed; skip it */
	LGP_ERR_TIMEOUT = -1014,         /* a bounded wait on the guest ran out */
	LGP_ERR_LOCK_TIMEOUT = -1015,    /* a spinlock in shared memory stayed held */
	LGP_ERR_BAD_UDATA = -1016,       /* KVMFR header missing or malformed */
	LGP_ERR_NOT_SUPPORTED = -1017,   /* the host lacks a feature */
	LGP_ERR_AGAIN = -1018,           /* not yet: call again later */
	LGP_ERR_CANCELLED = -1019,       /* the caller's stop flag was raised */
};

/* A static string for an LGP_ERR_* value or a negative errno. */
const char *lgp_strerror(int err);

#endif
