// SPDX-License-Identifier: GPL-2.0-or-later
/* A SPICE server's audio formats and packets (audio/format.c): what can be
 * played is taken, absurd formats, rates and channel counts and empty,
 * partial or huge packets are refused with a reason; the delay reported
 * counts the ring and the device. */
/* clang-format off: cmocka needs these first, in this order */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */
#include <limits.h>
#include <spice/enums.h>

#include "audio/format.h"

static void test_formats(void **state)
{
	(void)state;
	struct lga_format f;
	const char *why;
	assert_true(lga_format_from_spice(SPICE_AUDIO_FMT_S16, 2, 48000, &f, &why));
	assert_int_equal(f.frame_bytes, 4);
	assert_null(why);
	assert_true(lga_format_from_spice(SPICE_AUDIO_FMT_S16, 1, 8000, &f, &why));
	assert_true(lga_format_from_spice(SPICE_AUDIO_FMT_S16, 8, 192000, &f, &why));
	static const int bad[][3] = {
		{SPICE_AUDIO_FMT_INVALID, 2, 48000}, {99, 2, 48000},
		{SPICE_AUDIO_FMT_S16, 0, 48000},     {SPICE_AUDIO_FMT_S16, -1, 48000},
		{SPICE_AUDIO_FMT_S16, 9, 48000},     {SPICE_AUDIO_FMT_S16, INT_MAX, 48000},
		{SPICE_AUDIO_FMT_S16, 2, 0},	     {SPICE_AUDIO_FMT_S16, 2, 7999},
		{SPICE_AUDIO_FMT_S16, 2, 192001},    {SPICE_AUDIO_FMT_S16, 2, INT_MIN},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); ++i) {
		why = NULL;
		assert_false(lga_format_from_spice(bad[i][0], bad[i][1], bad[i][2], &f, &why));
		assert_non_null(why);
	}
}

static void test_packets(void **state)
{
	(void)state;
	struct lga_format f;
	const char *why;
	assert_true(lga_format_from_spice(SPICE_AUDIO_FMT_S16, 2, 48000, &f, &why));
	assert_int_equal(lga_packet_frames(&f, 1920, &why), 480);
	assert_int_equal(lga_packet_frames(&f, 0, &why), -1);
	assert_non_null(why);
	assert_int_equal(lga_packet_frames(&f, 1921, &why), -1);
	assert_int_equal(lga_packet_frames(&f, LGA_PACKET_MAX + 4, &why), -1);
	assert_int_equal(lga_packet_frames(&f, (size_t)-4, &why), -1);
	struct lga_format none = {0};
	assert_int_equal(lga_packet_frames(&none, 4, &why), -1);
}

static void test_delay(void **state)
{
	(void)state;
	struct lga_format f;
	const char *why;
	assert_true(lga_format_from_spice(SPICE_AUDIO_FMT_S16, 2, 48000, &f, &why));
	/* 20 ms in the ring (3840 bytes) and a 256-frame device period. */
	assert_int_equal(lga_delay_ms(&f, 3840, 256), 25);
	assert_int_equal(lga_delay_ms(&f, 0, 0), 0);
	struct lga_format none = {0};
	assert_int_equal(lga_delay_ms(&none, 3840, 256), 0);
	assert_int_equal(lga_delay_ms(&f, 0, UINT64_MAX / 2000), UINT32_MAX);
	assert_int_equal(lga_delay_ms(&f, 4, UINT64_MAX), UINT32_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_packets),
		cmocka_unit_test(test_delay),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
