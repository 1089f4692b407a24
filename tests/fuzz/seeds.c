// SPDX-License-Identifier: GPL-2.0-or-later
/* The seed corpus: compact regions (32 KiB) that a real host could have
 * written, one per frame type family and cursor type. */
#include <stdio.h>
#include <string.h>

#include "fuzz_region.h"
#include "guest-proto/frame.h"
#include "guest-proto/kvmfr.h"
#include "guest-proto/lgmp_host.h"
#include "guest-proto/producer.h"

#define SEED_SIZE (32u * 1024u)

struct seed {
	const char *name;
	uint32_t frame_type, cursor_type, damage;
	uint32_t lgmp_version, kvmfr_version;
};

/* Put one message at ring index 0 of queue i, pending for subscriber 0. */
static void put_message(uint8_t *mem, unsigned i, uint32_t udata, const struct lgmp_mem *m)
{
	struct lgmp6_header *h = (struct lgmp6_header *)mem;
	struct lgmp6_message *ring = (void *)(mem + h->queues[i].messages_offset);
	ring[0] = (struct lgmp6_message){udata, m->size, m->offset, 1};
	h->queues[i].count = 1;
}

static int build(const struct seed *s, uint8_t *mem)
{
	memset(mem, 0, SEED_SIZE);
	struct lgp_guest_info info = {.kvmfr_version = s->kvmfr_version, .has_vminfo = true,
				      .has_osinfo = true, .cpus = 8, .cores = 4, .sockets = 1,
				      .os = KVMFR20_OS_WINDOWS};
	strcpy(info.hostver, "B7");
	strcpy(info.capture, "D12");
	strcpy(info.model, "Fuzz CPU");
	strcpy(info.os_name, "Windows 11");
	info.features = KVMFR20_FEATURE_SETCURSORPOS;
	uint8_t udata[256];
	size_t n = lgp_guest_info_build(&info, udata, sizeof(udata));
	struct lgmp_host *host;
	struct lgmp_host_queue *fq, *pq;
	struct lgmp_mem cursor, slot;
	if (lgmp_host_create(mem, SEED_SIZE, udata, (uint32_t)n, NULL, &host) < 0 ||
	    lgmp_host_queue_new(host, KVMFR20_QUEUE_FRAME, 2, 1000, &fq) < 0 ||
	    lgmp_host_queue_new(host, KVMFR20_QUEUE_POINTER, 20, 1000, &pq) < 0 ||
	    lgmp_host_mem_alloc(host, 24 + 16 * 16 * 4, 4, &cursor) < 0 ||
	    lgmp_host_mem_alloc(host, 4096 + 16 * 16 * 8, 4096, &slot) < 0)
		return -1;
	lgmp_host_destroy(host);

	struct lgp_frame_desc d = {.type = s->frame_type, .frame_width = 16, .frame_height = 16};
	lgp_frame_desc_complete(&d);
	struct kvmfr20_frame f = {
		.format_ver = 1, .frame_serial = 1, .type = d.type, .screen_width = 16,
		.screen_height = 16, .data_width = d.data_width, .data_height = d.data_height,
		.frame_width = 16, .frame_height = 16, .pitch = d.pitch, .offset = 4092,
		.damage_rects_count = s->damage,
	};
	for (uint32_t i = 0; i < s->damage; ++i)
		f.damage_rects[i] = (struct kvmfr20_damage_rect){i, i, 4, 3};
	memcpy(slot.ptr, &f, sizeof(f));
	uint32_t wp = d.pitch * d.data_height;
	memcpy((uint8_t *)slot.ptr + 4092, &wp, 4);
	for (uint32_t i = 0; i < wp; ++i)
		((uint8_t *)slot.ptr)[4096 + i] = (uint8_t)(i * 13);
	put_message(mem, 0, 0, &slot);

	uint32_t rows = s->cursor_type == KVMFR20_CURSOR_MONOCHROME ? 32 : 16;
	uint32_t pitch = s->cursor_type == KVMFR20_CURSOR_MONOCHROME ? 2 : 64;
	struct kvmfr20_cursor c = {.x = 3, .y = 4, .type = s->cursor_type, .hx = 1, .hy = 1,
				   .width = 16, .height = rows, .pitch = pitch};
	memcpy(cursor.ptr, &c, sizeof(c));
	memset((uint8_t *)cursor.ptr + 24, 0x5a, pitch * rows);
	put_message(mem, 1, KVMFR20_CURSOR_FLAG_POSITION | KVMFR20_CURSOR_FLAG_VISIBLE |
				    KVMFR20_CURSOR_FLAG_SHAPE, &cursor);
	((struct lgmp6_header *)mem)->version = s->lgmp_version;
	return 0;
}

int fuzz_write_seeds(const char *dir)
{
	static const struct seed seeds[] = {
		{"bgra-color", KVMFR20_FRAME_BGRA, KVMFR20_CURSOR_COLOR, 0, 6, 20},
		{"rgba-damage-masked", KVMFR20_FRAME_RGBA, KVMFR20_CURSOR_MASKED_COLOR, 3, 6, 20},
		{"rgba10-mono", KVMFR20_FRAME_RGBA10, KVMFR20_CURSOR_MONOCHROME, 1, 6, 20},
		{"rgba16f", KVMFR20_FRAME_RGBA16F, KVMFR20_CURSOR_COLOR, 2, 6, 20},
		{"bgr32-damage", KVMFR20_FRAME_BGR_32, KVMFR20_CURSOR_COLOR, 4, 6, 20},
		{"rgb24", KVMFR20_FRAME_RGB_24, KVMFR20_CURSOR_MONOCHROME, 0, 6, 20},
		{"b6-guest", KVMFR20_FRAME_BGRA, KVMFR20_CURSOR_COLOR, 0, 5, 19},
		{"kvmfr19-on-lgmp6", KVMFR20_FRAME_BGRA, KVMFR20_CURSOR_COLOR, 0, 6, 19},
	};
	static uint8_t mem[SEED_SIZE];
	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); ++i) {
		if (build(&seeds[i], mem) < 0)
			return -1;
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s.bin", dir, seeds[i].name);
		FILE *fp = fopen(path, "wb");
		if (!fp || fwrite(mem, 1, SEED_SIZE, fp) != SEED_SIZE) {
			perror(path);
			if (fp)
				fclose(fp);
			return -1;
		}
		fclose(fp);
	}
	return 0;
}
