// SPDX-License-Identifier: GPL-2.0-or-later
#include "guest-proto/consumer.h"
#include "heartbeat.h"
#include "kvmfr/region.h"

bool lgctl_wait_guest(const char *path, int seconds)
{
	struct kvmfr_region *r = NULL;
	struct lgp_consumer *c = NULL;
	bool up = false;
	for (int ms = 0; ms <= seconds * 1000 && !up; ms += 200) {
		if (!r && kvmfr_region_open(path, &r) < 0)
			r = NULL;
		if (r && !c && lgp_consumer_create(r->map, r->size, NULL, &c) < 0)
			c = NULL;
		up = c && lgp_consumer_connect(c) == 0;
		if (!up)
			lgp_sleep_us(200000);
	}
	lgp_consumer_destroy(c);
	kvmfr_region_destroy(r);
	return up;
}
