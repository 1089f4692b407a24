// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "guest-proto/error.h"

const char *lgp_strerror(int err)
{
	switch (err) {
	case LGP_OK: return "success";
	case LGP_ERR_INVALID_ARGUMENT: return "invalid argument";
	case LGP_ERR_NO_SPACE: return "shared memory too small";
	case LGP_ERR_NO_HOST: return "no Looking Glass host application in the shared memory";
	case LGP_ERR_VERSION: return "protocol version mismatch";
	case LGP_ERR_HOST_STALLED: return "host heartbeat stalled";
	case LGP_ERR_SESSION_CHANGED: return "host restarted (new session)";
	case LGP_ERR_NO_SUCH_QUEUE: return "no such queue";
	case LGP_ERR_QUEUE_FULL: return "queue full";
	case LGP_ERR_QUEUE_EMPTY: return "queue empty";
	case LGP_ERR_QUEUE_TIMEOUT: return "subscriber timed out (too slow)";
	case LGP_ERR_UNSUBSCRIBED: return "not subscribed";
	case LGP_ERR_CORRUPTED: return "shared memory header corrupted";
	case LGP_ERR_BAD_MESSAGE: return "malformed message";
	case LGP_ERR_TIMEOUT: return "timed out waiting for the guest";
	case LGP_ERR_LOCK_TIMEOUT: return "shared-memory lock held too long";
	case LGP_ERR_BAD_UDATA: return "KVMFR header missing or malformed";
	case LGP_ERR_NOT_SUPPORTED: return "not supported by the host";
	case LGP_ERR_AGAIN: return "try again";
	case LGP_ERR_CANCELLED: return "cancelled";
	default: break;
	}
	if (err < 0 && err > -LGP_ERR_BASE)
		return strerror(-err);
	return "unknown error";
}
