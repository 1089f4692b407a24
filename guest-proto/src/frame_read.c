// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "guest-proto/clock.h"
#include "guest-proto/error.h"
#include "guest-proto/frame.h"
#include "shm_access.h"
#include "util.h"

/* Every offset below, (row + 1) * pitch included, is computed in 32 bits:
 * the validated view keeps pitch and rows within these bounds. */
_Static_assert((uint64_t)LGP_FRAME_MAX_PITCH * LGP_FRAME_MAX_DIM <= (1ull << 31),
	       "frame offsets must fit in 32 bits");

int lgp_frame_write_pointer(const struct lgp_frame_view *v, uint32_t *wp)
{
	uint32_t w = shm_acq32(v->wp);
	if (w > v->capacity)
		return LGP_ERR_BAD_MESSAGE;
	*wp = w;
	return 0;
}

static bool cancelled(const struct lgp_frame_view *v)
{
	return v->cancel && __atomic_load_n(v->cancel, __ATOMIC_RELAXED);
}

/* Wait for at least `bytes` valid bytes; *avail gets the write pointer seen
 * (clamped to the frame's data), which may be well beyond `bytes`. The
 * deadline and the cancel flag are looked at on every pass, progress or not:
 * a frame's whole copy is bounded by one deadline, not each step of it. */
static int wait_avail(const struct lgp_frame_view *v, uint32_t bytes, uint64_t deadline_ns,
		      uint32_t *avail)
{
	uint32_t wp;
	for (unsigned spin = 0;; ++spin) {
		int ret = lgp_frame_write_pointer(v, &wp);
		if (ret < 0)
			return ret;
		if (wp >= bytes)
			break;
		if (cancelled(v))
			return LGP_ERR_CANCELLED;
		if (lgp_monotonic_ns() >= deadline_ns)
			return LGP_ERR_TIMEOUT;
		if (spin < 64)
			shm_cpu_relax();
		else
			lgp_sleep_us(1);
	}
	*avail = LGP_MIN(wp, v->data_bytes);
	return 0;
}

int lgp_frame_wait(const struct lgp_frame_view *v, uint32_t bytes, uint64_t deadline_ns)
{
	uint32_t avail;
	return wait_avail(v, LGP_MIN(bytes, v->data_bytes), deadline_ns, &avail);
}

/* Same pitch: one linear copy that trails the write pointer. */
static int copy_linear(const struct lgp_frame_view *v, uint8_t *dst, uint64_t deadline_ns)
{
	uint32_t done = 0;
	while (done < v->data_bytes) {
		uint32_t avail;
		int ret = wait_avail(v, done + 1, deadline_ns, &avail);
		if (ret < 0)
			return ret;
		memcpy(dst + done, v->data + done, avail - done);
		done = avail;
	}
	return 0;
}

static int copy_rows(const struct lgp_frame_view *v, uint8_t *dst, uint32_t dst_pitch,
		     uint64_t deadline_ns)
{
	const uint32_t pitch = v->hdr.pitch, rows = v->hdr.data_height;
	uint32_t len = LGP_MIN(v->row_bytes, dst_pitch);
	uint32_t y = 0;
	while (y < rows) {
		uint32_t avail;
		int ret = wait_avail(v, (y + 1) * pitch, deadline_ns, &avail);
		if (ret < 0)
			return ret;
		uint32_t ready = avail / pitch;
		for (; y < ready && y < rows; ++y)
			memcpy(dst + (size_t)y * dst_pitch, v->data + (size_t)y * pitch, len);
	}
	return 0;
}

static int by_bottom(const void *a, const void *b)
{
	const struct lgp_rect *ra = a, *rb = b;
	uint64_t ea = (uint64_t)ra->y + ra->h, eb = (uint64_t)rb->y + rb->h;
	return (ea > eb) - (ea < eb);
}

static int copy_damage(const struct lgp_frame_view *v, uint8_t *dst, uint32_t dst_pitch,
		       const struct lgp_damage *damage, uint64_t deadline_ns)
{
	struct lgp_rect rects[KVMFR20_MAX_DAMAGE_RECTS];
	uint32_t n = (uint32_t)damage->count;
	memcpy(rects, damage->rects, n * sizeof(rects[0]));
	qsort(rects, n, sizeof(rects[0]), by_bottom);

	const uint32_t pitch = v->hdr.pitch, rows = v->hdr.data_height;
	uint32_t ready_rows = 0;
	for (uint32_t i = 0; i < n; ++i) {
		const struct lgp_rect *r = &rects[i];
		uint32_t y0 = LGP_MIN(r->y, rows);
		uint32_t y1 = (uint32_t)LGP_MIN((uint64_t)r->y + r->h, (uint64_t)rows);
		if (y1 > ready_rows) {
			uint32_t avail;
			int ret = wait_avail(v, y1 * pitch, deadline_ns, &avail);
			if (ret < 0)
				return ret;
			ready_rows = avail / pitch;
		}
		uint32_t xb, len;
		lgp_frame_rect_span(v, r, &xb, &len);
		if (xb >= dst_pitch)
			continue;
		len = LGP_MIN(len, dst_pitch - xb);
		for (uint32_t y = y0; y < y1; ++y)
			memcpy(dst + (size_t)y * dst_pitch + xb, v->data + (size_t)y * pitch + xb, len);
	}
	return 0;
}

int lgp_frame_copy(const struct lgp_frame_view *v, uint8_t *dst, uint32_t dst_pitch,
		   const struct lgp_damage *damage, uint64_t deadline_ns)
{
	if (!dst || dst_pitch == 0)
		return LGP_ERR_INVALID_ARGUMENT;
	if (damage && !lgp_damage_is_full(damage))
		return copy_damage(v, dst, dst_pitch, damage, deadline_ns);
	if (dst_pitch == v->hdr.pitch)
		return copy_linear(v, dst, deadline_ns);
	return copy_rows(v, dst, dst_pitch, deadline_ns);
}
