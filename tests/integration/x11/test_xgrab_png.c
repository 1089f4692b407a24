// SPDX-License-Identifier: GPL-2.0-or-later
/* xgrab's PNG screenshots (scripts/demo.sh): a known picture written as PNG
 * and read back with libpng has every pixel it had, the same bytes as the
 * PPM of it, in a fraction of the size; bad arguments and paths fail. */
#include <png.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xgrab.h"

#define W 257
#define H 131

static char dir[64];

static int make_dir(void **state)
{
	snprintf(dir, sizeof(dir), "/tmp/test_xgrab_png.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	char path[128];
	const char *names[] = {"shot.png", "shot.ppm", "flat.png"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	return rmdir(dir);
}

/* Gradients, a checker, the extremes, and junk in bits 24-31 (ignored). */
static void known_image(uint32_t *px)
{
	for (int y = 0; y < H; y++) {
		for (int x = 0; x < W; x++) {
			uint32_t r = (uint32_t)x * 255 / (W - 1), g = (uint32_t)y * 255 / (H - 1);
			uint32_t b = ((x / 8 + y / 8) & 1) ? 0xe0 : (uint32_t)(x * 7 + y * 13) & 0xff;
			px[y * W + x] = (uint32_t)(x ^ y) << 24 | r << 16 | g << 8 | b;
		}
	}
	px[0] = 0;
	px[W - 1] = 0xffffff;
	px[(H - 1) * W] = 0x123456;
}

static off_t file_size(const char *path)
{
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	return st.st_size;
}

static void test_png_round_trip(void **state)
{
	static uint32_t px[W * H];
	known_image(px);
	char png_path[128], ppm_path[128];
	snprintf(png_path, sizeof(png_path), "%s/shot.png", dir);
	snprintf(ppm_path, sizeof(ppm_path), "%s/shot.ppm", dir);
	assert_int_equal(xgrab_write_png(png_path, px, W, H), 0);
	assert_int_equal(xgrab_write_ppm(ppm_path, px, W, H), 0);

	png_image img = {.version = PNG_IMAGE_VERSION};
	assert_true(png_image_begin_read_from_file(&img, png_path));
	assert_int_equal(img.width, W);
	assert_int_equal(img.height, H);
	assert_int_equal(img.format & PNG_FORMAT_FLAG_ALPHA, 0); /* RGB, nothing invented */
	img.format = PNG_FORMAT_RGB;
	static unsigned char rgb[W * H * 3];
	assert_int_equal(PNG_IMAGE_SIZE(img), sizeof(rgb));
	assert_true(png_image_finish_read(&img, NULL, rgb, 0, NULL));
	for (int i = 0; i < W * H; i++) {
		uint32_t got = (uint32_t)rgb[i * 3] << 16 | (uint32_t)rgb[i * 3 + 1] << 8 |
			       rgb[i * 3 + 2];
		if (got != (px[i] & 0xffffff))
			fail_msg("pixel (%d,%d): %06x, want %06x", i % W, i / W, got,
				 px[i] & 0xffffff);
	}

	/* The PPM's pixel bytes, exactly. */
	FILE *f = fopen(ppm_path, "rb");
	assert_non_null(f);
	char header[32];
	int hlen = snprintf(header, sizeof(header), "P6\n%d %d\n255\n", W, H);
	static unsigned char ppm[W * H * 3 + 64];
	size_t n = fread(ppm, 1, sizeof(ppm), f);
	fclose(f);
	assert_int_equal(n, (size_t)hlen + sizeof(rgb));
	assert_memory_equal(ppm, header, (size_t)hlen);
	assert_memory_equal(ppm + hlen, rgb, sizeof(rgb));

	/* A flat picture, like most of a desktop, costs next to nothing. */
	for (int i = 0; i < W * H; i++)
		px[i] = 0x204060;
	snprintf(png_path, sizeof(png_path), "%s/flat.png", dir);
	assert_int_equal(xgrab_write_png(png_path, px, W, H), 0);
	assert_true(file_size(png_path) < file_size(ppm_path) / 50);
}

static void test_png_errors(void **state)
{
	static uint32_t px[4];
	char path[128];
	snprintf(path, sizeof(path), "%s/no/such/dir.png", dir);
	assert_int_equal(xgrab_write_png(path, px, 2, 2), -1);
	snprintf(path, sizeof(path), "%s/shot.png", dir);
	assert_int_equal(xgrab_write_png(path, NULL, 2, 2), -1);
	assert_int_equal(xgrab_write_png(path, px, 0, 2), -1);
	assert_int_equal(xgrab_write_png(path, px, 2, -1), -1);
	assert_int_equal(xgrab_write_png(NULL, px, 2, 2), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_png_round_trip),
		cmocka_unit_test(test_png_errors),
	};
	return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
