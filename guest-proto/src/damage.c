// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "guest-proto/frame.h"

void lgp_damage_set_full(struct lgp_damage *d)
{
	d->count = -1;
}

void lgp_damage_clear(struct lgp_damage *d)
{
	d->count = 0;
}

bool lgp_damage_is_full(const struct lgp_damage *d)
{
	return d->count < 0;
}

static bool contains(const struct lgp_rect *a, const struct lgp_rect *b)
{
	return b->x >= a->x && b->y >= a->y && b->x + b->w <= a->x + a->w &&
	       b->y + b->h <= a->y + a->h;
}

void lgp_damage_add(struct lgp_damage *d, const struct lgp_rect *rects, uint32_t n)
{
	if (d->count < 0)
		return;
	if (n == 0 || n > KVMFR20_MAX_DAMAGE_RECTS) {
		d->count = -1;
		return;
	}
	for (uint32_t i = 0; i < n; ++i) {
		bool covered = false;
		for (int32_t j = 0; j < d->count && !covered; ++j)
			covered = contains(&d->rects[j], &rects[i]);
		if (covered || rects[i].w == 0 || rects[i].h == 0)
			continue;
		if (d->count >= (int32_t)KVMFR20_MAX_DAMAGE_RECTS) {
			d->count = -1;
			return;
		}
		d->rects[d->count++] = rects[i];
	}
}
