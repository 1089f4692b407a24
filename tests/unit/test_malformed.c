// SPDX-License-Identifier: GPL-2.0-or-later
/* A hostile guest: every malformed structure is rejected without a crash.
 * Table-driven: each row mutates a valid structure in one way. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>

#include "guest-proto/consumer.h"
#include "guest-proto/error.h"
#include "guest-proto/frame.h"
#include "guest-proto/producer.h"
#include "testutil.h"

/* ---- frame headers ------------------------------------------------------ */

#define SLOT (4096u + 256u * 64u * 4u)

static void valid_frame(struct kvmfr20_frame *f)
{
	memset(f, 0, sizeof(*f));
	f->type = KVMFR20_FRAME_BGRA;
	f->screen_width = f->frame_width = f->data_width = 256;
	f->screen_height = f->frame_height = f->data_height = 64;
	f->pitch = 1024;
	f->stride = 256;
	f->offset = 4092;
	f->damage_rects_count = 1;
	f->damage_rects[0] = (struct kvmfr20_damage_rect){10, 10, 20, 20};
}

typedef void (*frame_mutation)(struct kvmfr20_frame *f, uint32_t *msg_size);

#define FM(name, body) \
	static void fm_##name(struct kvmfr20_frame *f, uint32_t *msg_size) \
	{ \
		(void)f; \
		(void)msg_size; \
		body; \
	}

FM(valid, {})
FM(type_invalid, f->type = KVMFR20_FRAME_INVALID)
FM(type_max, f->type = KVMFR20_FRAME_MAX)
FM(type_huge, f->type = 0xffffffffu)
FM(width_zero, f->frame_width = 0)
FM(width_huge, f->frame_width = f->data_width = 16385)
FM(data_height_zero, f->data_height = 0)
FM(data_taller_than_frame, f->data_height = 65)
FM(data_narrower_than_frame, f->data_width = 255)
FM(pitch_too_small, f->pitch = 1020)
FM(pitch_height_overflow, {
	f->frame_height = f->data_height = 16384;
	f->pitch = 131072; /* 2 GiB of data */
})
FM(pitch_huge, f->pitch = 0x80000000u)
FM(data_past_slot, f->data_height = f->frame_height = 65)
FM(offset_into_header, f->offset = 100)
FM(offset_unaligned, f->offset = 4093)
FM(offset_overflow, f->offset = 0xfffffffcu)
FM(msg_smaller_than_header, *msg_size = sizeof(struct kvmfr20_frame) - 1)
FM(too_many_rects, f->damage_rects_count = 65)
FM(rect_outside_frame, f->damage_rects[0].x = 250)
FM(rect_overflow, {
	f->damage_rects[0].y = 0xffffffffu;
	f->damage_rects[0].height = 2;
})
FM(rotation_bad, f->rotation = 4)
FM(screen_huge, f->screen_width = 0x7fffffffu)
FM(bgr32_too_narrow, {
	f->type = KVMFR20_FRAME_BGR_32;
	f->data_width = 191; /* 256 pixels need 192 texels */
})
FM(bgr32_ok, {
	f->type = KVMFR20_FRAME_BGR_32;
	f->data_width = 192;
	f->pitch = 768;
})
FM(rgba16f_pitch_short, f->type = KVMFR20_FRAME_RGBA16F)
FM(rgb24_ok, {
	f->type = KVMFR20_FRAME_RGB_24;
	f->pitch = 768;
})

static const struct {
	const char *name;
	frame_mutation mutate;
	int expect;
} frame_cases[] = {
#define ROW(n, e) {#n, fm_##n, e}
	ROW(valid, 0),
	ROW(type_invalid, LGP_ERR_BAD_MESSAGE),
	ROW(type_max, LGP_ERR_BAD_MESSAGE),
	ROW(type_huge, LGP_ERR_BAD_MESSAGE),
	ROW(width_zero, LGP_ERR_BAD_MESSAGE),
	ROW(width_huge, LGP_ERR_BAD_MESSAGE),
	ROW(data_height_zero, LGP_ERR_BAD_MESSAGE),
	ROW(data_taller_than_frame, LGP_ERR_BAD_MESSAGE),
	ROW(data_narrower_than_frame, LGP_ERR_BAD_MESSAGE),
	ROW(pitch_too_small, LGP_ERR_BAD_MESSAGE),
	ROW(pitch_height_overflow, LGP_ERR_BAD_MESSAGE),
	ROW(pitch_huge, LGP_ERR_BAD_MESSAGE),
	ROW(data_past_slot, LGP_ERR_BAD_MESSAGE),
	ROW(offset_into_header, LGP_ERR_BAD_MESSAGE),
	ROW(offset_unaligned, LGP_ERR_BAD_MESSAGE),
	ROW(offset_overflow, LGP_ERR_BAD_MESSAGE),
	ROW(msg_smaller_than_header, LGP_ERR_BAD_MESSAGE),
	ROW(too_many_rects, LGP_ERR_BAD_MESSAGE),
	ROW(rect_outside_frame, LGP_ERR_BAD_MESSAGE),
	ROW(rect_overflow, LGP_ERR_BAD_MESSAGE),
	ROW(rotation_bad, LGP_ERR_BAD_MESSAGE),
	ROW(screen_huge, LGP_ERR_BAD_MESSAGE),
	ROW(bgr32_too_narrow, LGP_ERR_BAD_MESSAGE),
	ROW(bgr32_ok, 0),
	ROW(rgba16f_pitch_short, LGP_ERR_BAD_MESSAGE),
	ROW(rgb24_ok, 0),
#undef ROW
};

static void test_frame_views(void **state)
{
	(void)state;
	uint8_t *slot = aligned_alloc(4096, SLOT);
	for (size_t i = 0; i < sizeof(frame_cases) / sizeof(frame_cases[0]); ++i) {
		struct kvmfr20_frame f;
		uint32_t msg_size = SLOT;
		valid_frame(&f);
		frame_cases[i].mutate(&f, &msg_size);
		memcpy(slot, &f, sizeof(f));
		struct lgmp_msg msg = {.size = msg_size, .offset = 8192, .ptr = slot};
		struct lgp_frame_view v;
		int ret = lgp_frame_view_init(&v, &msg);
		if (ret != frame_cases[i].expect)
			fail_msg("case %s: got %d (%s), want %d", frame_cases[i].name, ret,
				 lgp_strerror(ret), frame_cases[i].expect);
		if (ret == 0)
			assert_true((uint64_t)v.data_offset - msg.offset + v.data_bytes <= msg.size);
	}
	free(slot);
}

static void test_write_pointer_past_slot(void **state)
{
	(void)state;
	uint8_t *slot = aligned_alloc(4096, SLOT + 4096);
	struct kvmfr20_frame f;
	valid_frame(&f);
	memcpy(slot, &f, sizeof(f));
	struct lgmp_msg msg = {.size = SLOT + 4096, .offset = 8192, .ptr = slot};
	struct lgp_frame_view v;
	assert_int_equal(lgp_frame_view_init(&v, &msg), 0);
	uint32_t *wp = (uint32_t *)(slot + 4092);
	*wp = SLOT + 1; /* beyond the slot's capacity */
	uint8_t *dst = malloc(1024 * 64);
	assert_int_equal(lgp_frame_copy(&v, dst, 1024, NULL, lgp_monotonic_ns() + 1000000u),
			 LGP_ERR_BAD_MESSAGE);
	*wp = 1024 * 64 + 100; /* past the frame but inside the slot: complete */
	assert_int_equal(lgp_frame_copy(&v, dst, 1024, NULL, lgp_monotonic_ns() + 1000000u), 0);
	free(dst);
	free(slot);
}

/* ---- cursors --------------------------------------------------------------- */

static void test_cursor_messages(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		uint32_t udata, type, w, h, pitch, size;
		int expect;
	} cases[] = {
		{"color ok", 7, 0, 32, 32, 128, 24 + 4096, 0},
		{"position only ignores shape fields", 3, 99, 0, 0, 0, 24, 0},
		{"unknown type", 7, 3, 32, 32, 128, 24 + 4096, LGP_ERR_BAD_MESSAGE},
		{"too wide", 7, 0, 513, 1, 2052, 24 + 2052, LGP_ERR_BAD_MESSAGE},
		{"too tall", 7, 0, 1, 513, 4, 24 + 2052, LGP_ERR_BAD_MESSAGE},
		{"zero size", 7, 0, 0, 32, 128, 24 + 4096, LGP_ERR_BAD_MESSAGE},
		{"monochrome odd rows", 7, 1, 32, 33, 4, 24 + 4096, LGP_ERR_BAD_MESSAGE},
		{"monochrome ok", 7, 1, 32, 64, 4, 24 + 256, 0},
		{"pitch too small", 7, 2, 32, 32, 127, 24 + 4096, LGP_ERR_BAD_MESSAGE},
		{"pitch huge", 7, 0, 32, 32, 0x40000000u, 24 + 4096, LGP_ERR_BAD_MESSAGE},
		{"pixels past message", 7, 0, 32, 32, 128, 24 + 4095, LGP_ERR_BAD_MESSAGE},
		{"message shorter than header", 1, 0, 0, 0, 0, 23, LGP_ERR_BAD_MESSAGE},
	};
	uint8_t *buf = calloc(1, 24 + 8192);
	uint8_t *shape = malloc(LGP_CURSOR_SHAPE_MAX);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
		struct kvmfr20_cursor c = {.x = 1, .y = 2, .type = cases[i].type,
					   .width = cases[i].w, .height = cases[i].h,
					   .pitch = cases[i].pitch};
		memcpy(buf, &c, sizeof(c));
		struct lgmp_msg msg = {.udata = cases[i].udata, .size = cases[i].size, .ptr = buf};
		struct lgp_cursor out;
		int ret = lgp_cursor_read(&msg, &out, shape, LGP_CURSOR_SHAPE_MAX);
		if (ret != cases[i].expect)
			fail_msg("case %s: got %d, want %d", cases[i].name, ret, cases[i].expect);
	}
	free(shape);
	free(buf);
}

/* ---- guest udata ------------------------------------------------------------ */

static void test_udata_records(void **state)
{
	(void)state;
	struct lgp_guest_info in = {.kvmfr_version = 20, .has_vminfo = true, .has_osinfo = true};
	strcpy(in.hostver, "B7");
	strcpy(in.model, "CPU");
	strcpy(in.os_name, "Windows");
	uint8_t u[512];
	size_t n = lgp_guest_info_build(&in, u, sizeof(u));
	struct lgp_guest_info out;

	assert_int_equal(lgp_guest_info_parse(u, 47, &out), LGP_ERR_BAD_UDATA);
	u[0] = 'X';
	assert_int_equal(lgp_guest_info_parse(u, n, &out), LGP_ERR_BAD_UDATA);
	u[0] = 'K';
	assert_int_equal(lgp_guest_info_parse(u, n, &out), 0);
	assert_true(out.has_vminfo && out.has_osinfo);

	/* The first record claims more bytes than are left: the walk stops. */
	uint32_t huge = 0xfffffff0u;
	uint8_t bad[512];
	memcpy(bad, u, n);
	memcpy(bad + 48 + 4, &huge, 4);
	assert_int_equal(lgp_guest_info_parse(bad, n, &out), 0);
	assert_false(out.has_vminfo);
	assert_false(out.has_osinfo);

	/* A record running past the end by one byte. */
	memcpy(bad, u, n);
	assert_int_equal(lgp_guest_info_parse(bad, n - 1, &out), 0);
	assert_true(out.has_vminfo);
	assert_false(out.has_osinfo);

	/* Strings without NUL and with control characters stay bounded and clean. */
	memcpy(bad, u, n);
	memset(bad + 12, '\x1b', 32);
	assert_int_equal(lgp_guest_info_parse(bad, n, &out), 0);
	assert_int_equal(strlen(out.hostver), 32);
	assert_null(strchr(out.hostver, '\x1b'));

	/* A VMINFO shorter than its fixed part is ignored. */
	uint8_t small[48 + 8 + 10];
	memcpy(small, u, 48);
	small[48] = KVMFR20_RECORD_VMINFO;
	uint32_t ten = 10;
	memcpy(small + 52, &ten, 4);
	assert_int_equal(lgp_guest_info_parse(small, sizeof(small), &out), 0);
	assert_false(out.has_vminfo);
}

/* ---- the region: LGMP header, queues and ring entries ---------------------- */

#define REGION (8u * MiB)

struct region_fixture {
	uint8_t *mem;
	struct lgp_producer *prod;
	struct lgp_consumer *cons;
};

static void region_setup(struct region_fixture *r)
{
	r->mem = test_region_alloc(REGION);
	assert_int_equal(lgp_producer_create(r->mem, REGION, NULL, &r->prod), 0);
	assert_int_equal(lgp_consumer_create(r->mem, REGION, NULL, &r->cons), 0);
	lgp_sleep_us(1500);
	assert_int_equal(lgp_producer_process(r->prod), 0);
}

static void region_teardown(struct region_fixture *r)
{
	lgp_consumer_destroy(r->cons);
	lgp_producer_destroy(r->prod);
	test_region_free(r->mem, REGION);
}

static struct lgmp6_header *hdr(struct region_fixture *r)
{
	return (struct lgmp6_header *)r->mem;
}

static void post_frame(struct region_fixture *r)
{
	static uint8_t px[16 * 16 * 4];
	struct lgp_frame_desc d = {.type = KVMFR20_FRAME_BGRA, .frame_width = 16, .frame_height = 16};
	assert_int_equal(lgp_producer_frame_post(r->prod, &d, px, 64, 1000), 0);
}

typedef void (*ring_mutation)(struct region_fixture *r, struct lgmp6_message *m);

static void rm_offset_outside(struct region_fixture *r, struct lgmp6_message *m)
{
	(void)r;
	m->offset = REGION + 4096;
}
static void rm_offset_in_header(struct region_fixture *r, struct lgmp6_message *m)
{
	(void)r;
	m->offset = 1024;
}
static void rm_size_overflow(struct region_fixture *r, struct lgmp6_message *m)
{
	(void)r;
	m->size = 0xffffff00u;
}
static void rm_size_zero(struct region_fixture *r, struct lgmp6_message *m)
{
	(void)r;
	m->size = 0;
}
static void rm_frame_garbage(struct region_fixture *r, struct lgmp6_message *m)
{
	struct kvmfr20_frame *f = (void *)(r->mem + m->offset);
	f->pitch = 3;
}

static void test_ring_messages(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		ring_mutation mutate;
	} cases[] = {
		{"message offset outside the region", rm_offset_outside},
		{"message offset into the header", rm_offset_in_header},
		{"message size overflows the region", rm_size_overflow},
		{"message size zero", rm_size_zero},
		{"frame header malformed", rm_frame_garbage},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
		struct region_fixture r;
		region_setup(&r);
		assert_int_equal(lgp_consumer_connect(r.cons), 0);
		struct lgp_frame_view v;
		assert_int_equal(lgp_consumer_frame_next(r.cons, &v), LGP_ERR_QUEUE_EMPTY);
		post_frame(&r);
		uint32_t pos = (hdr(&r)->queues[0].position + 2) % 3; /* the slot just posted */
		struct lgmp6_message *ring = (void *)(r.mem + hdr(&r)->queues[0].messages_offset);
		cases[i].mutate(&r, &ring[pos]);
		if (lgp_consumer_frame_next(r.cons, &v) != LGP_ERR_QUEUE_EMPTY)
			fail_msg("case %s: the malformed frame was accepted", cases[i].name);
		struct lgp_consumer_stats st;
		lgp_consumer_get_stats(r.cons, &st);
		if (st.frames_malformed != 1)
			fail_msg("case %s: malformed count %lu", cases[i].name,
				 (unsigned long)st.frames_malformed);
		/* The session goes on: the next good frame arrives. */
		post_frame(&r);
		if (lgp_consumer_frame_next(r.cons, &v) != 0)
			fail_msg("case %s: no recovery", cases[i].name);
		lgp_consumer_frame_done(r.cons);
		region_teardown(&r);
	}
}

typedef void (*header_mutation)(struct lgmp6_header *h);

static void hm_six_queues(struct lgmp6_header *h) { h->num_queues = 6; }
static void hm_queues_huge(struct lgmp6_header *h) { h->num_queues = 0xffffffffu; }
static void hm_ring_outside(struct lgmp6_header *h) { h->queues[0].messages_offset = REGION - 8; }
static void hm_ring_in_header(struct lgmp6_header *h) { h->queues[0].messages_offset = 64; }
static void hm_ring_zero_slots(struct lgmp6_header *h) { h->queues[0].num_messages = 0; }
static void hm_ring_huge(struct lgmp6_header *h) { h->queues[0].num_messages = 0x10000000u; }
static void hm_position_past_ring(struct lgmp6_header *h) { h->queues[0].position = 3; }

static void test_region_headers(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		header_mutation mutate;
	} cases[] = {
		{"six queues", hm_six_queues},
		{"queue count huge", hm_queues_huge},
		{"ring outside the region", hm_ring_outside},
		{"ring inside the header", hm_ring_in_header},
		{"ring of zero slots", hm_ring_zero_slots},
		{"ring of 2^28 slots", hm_ring_huge},
		{"position past the ring", hm_position_past_ring},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
		struct region_fixture r;
		region_setup(&r);
		assert_int_equal(lgp_consumer_connect(r.cons), 0);
		cases[i].mutate(hdr(&r));
		struct lgp_frame_view v;
		int ret = lgp_consumer_frame_next(r.cons, &v);
		if (ret != LGP_ERR_CORRUPTED)
			fail_msg("case %s: got %d (%s)", cases[i].name, ret, lgp_strerror(ret));
		region_teardown(&r);
	}

	/* udata larger than the region */
	struct region_fixture r;
	region_setup(&r);
	hdr(&r)->udata_size = REGION;
	lgp_sleep_us(1500);
	lgp_producer_process(r.prod);
	assert_int_equal(lgp_consumer_connect(r.cons), LGP_ERR_CORRUPTED);
	region_teardown(&r);
}

/* VM UUIDs as text: the one form both ways; anything else refused. */
static void test_uuid_text(void **state)
{
	(void)state;
	uint8_t u[16], v[16];
	char t[LGP_UUID_TEXT_LEN];
	assert_true(lgp_uuid_parse("0123ABCD-89ab-cdef-0123-456789abcdef", u));
	assert_int_equal(u[0], 0x01);
	assert_int_equal(u[3], 0xcd);
	assert_int_equal(u[15], 0xef);
	lgp_uuid_format(u, t);
	assert_string_equal(t, "0123abcd-89ab-cdef-0123-456789abcdef");
	assert_true(lgp_uuid_parse(t, v));
	assert_memory_equal(u, v, 16);
	static const char *const bad[] = {
		"", "0123abcd89abcdef0123456789abcdef", "0123abcd-89ab-cdef-0123-456789abcde",
		"0123abcd-89ab-cdef-0123-456789abcdef0", "0123abcd-89ab-cdef-0123-456789abcdeg",
		"0123abcd-89ab-cdef-0123+456789abcdef", "{0123abcd-89ab-cdef-0123-456789abcdef}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); ++i)
		if (lgp_uuid_parse(bad[i], v))
			fail_msg("'%s' parsed", bad[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_frame_views),
		cmocka_unit_test(test_write_pointer_past_slot),
		cmocka_unit_test(test_cursor_messages),
		cmocka_unit_test(test_udata_records),
		cmocka_unit_test(test_ring_messages),
		cmocka_unit_test(test_region_headers),
		cmocka_unit_test(test_uuid_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
