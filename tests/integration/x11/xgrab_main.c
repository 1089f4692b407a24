/* SPDX-License-Identifier: GPL-2.0-or-later */
/* xgrab-cli - command-line front end of xgrab for shell tests.
 *
 *   xgrab-cli grab   DISPLAY X Y W H OUT.png|OUT.ppm  PNG when the name ends in .png
 *   xgrab-cli pixel  DISPLAY X Y                      prints RRGGBB (lower-case hex)
 *   xgrab-cli window DISPLAY WMCLASS TIMEOUT_MS       prints "XID X Y W H" (XID as 0x...)
 *   xgrab-cli solid  DISPLAY X Y W H RRGGBB [TOLERANCE [FAIL.ppm]]
 *                    checks that every pixel of the rectangle is RRGGBB (per-channel
 *                    tolerance, default 0); on a mismatch prints the count and the
 *                    first one and writes the grab to FAIL.ppm (or .png) when given.
 *
 * DISPLAY "-" or "" means $DISPLAY. RRGGBB may start with '#' or 0x.
 * Exit status: 0 success, 1 failure (message on stderr), 2 usage error. */
#include "xgrab.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void usage(void)
{
	fprintf(stderr,
	        "usage: xgrab-cli grab DISPLAY X Y W H OUT.png|OUT.ppm\n"
	        "       xgrab-cli pixel DISPLAY X Y\n"
	        "       xgrab-cli window DISPLAY WMCLASS TIMEOUT_MS\n"
	        "       xgrab-cli solid DISPLAY X Y W H RRGGBB [TOLERANCE [FAIL.ppm]]\n"
	        "DISPLAY '-' means $DISPLAY\n");
}

static int parse_int(const char *s, const char *what, int min, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > INT_MAX) {
		fprintf(stderr, "xgrab-cli: bad %s '%s'\n", what, s);
		return -1;
	}
	*out = (int)v;
	return 0;
}

static int parse_rgb(const char *s, uint32_t *out)
{
	char *end;
	unsigned long v;

	if (*s == '#')
		s++;
	else if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (strlen(s) != 6 || strspn(s, "0123456789abcdefABCDEF") != 6) {
		fprintf(stderr, "xgrab-cli: bad colour '%s' (want RRGGBB)\n", s);
		return -1;
	}
	v = strtoul(s, &end, 16);
	*out = (uint32_t)v;
	return 0;
}

/* PNG when the name ends in .png, else PPM. */
static int write_image(const char *path, const uint32_t *px, int w, int h)
{
	size_t n = strlen(path);

	if (n >= 4 && strcasecmp(path + n - 4, ".png") == 0)
		return xgrab_write_png(path, px, w, h);
	return xgrab_write_ppm(path, px, w, h);
}

static const char *disp(const char *s)
{
	return strcmp(s, "-") == 0 ? NULL : s;
}

/* Parse X Y W H from argv[0..3] and grab; returns the pixels or NULL. */
static uint32_t *grab_rect(const char *display, char **argv, int *x, int *y, int *w, int *h)
{
	uint32_t *px;

	if (parse_int(argv[0], "X", 0, x) || parse_int(argv[1], "Y", 0, y) ||
	    parse_int(argv[2], "W", 1, w) || parse_int(argv[3], "H", 1, h))
		return NULL;
	if ((uint64_t)*w * (uint64_t)*h > (uint64_t)1 << 28) {
		fprintf(stderr, "xgrab-cli: rectangle %dx%d too large\n", *w, *h);
		return NULL;
	}
	px = malloc((size_t)*w * (size_t)*h * sizeof(*px));
	if (!px) {
		fprintf(stderr, "xgrab-cli: out of memory\n");
		return NULL;
	}
	if (xgrab_root(display, *x, *y, *w, *h, px) < 0) {
		free(px);
		return NULL;
	}
	return px;
}

static int cmd_grab(int argc, char **argv)
{
	int x, y, w, h, rc;
	uint32_t *px;

	if (argc != 7) {
		usage();
		return 2;
	}
	px = grab_rect(disp(argv[1]), argv + 2, &x, &y, &w, &h);
	if (!px)
		return 1;
	rc = write_image(argv[6], px, w, h) < 0 ? 1 : 0;
	free(px);
	return rc;
}

static int cmd_pixel(int argc, char **argv)
{
	int x, y;
	uint32_t p;

	if (argc != 4) {
		usage();
		return 2;
	}
	if (parse_int(argv[2], "X", 0, &x) || parse_int(argv[3], "Y", 0, &y))
		return 2;
	if (xgrab_root(disp(argv[1]), x, y, 1, 1, &p) < 0)
		return 1;
	printf("%06" PRIx32 "\n", p & 0xffffff);
	return 0;
}

static int cmd_window(int argc, char **argv)
{
	int timeout, x, y, w, h;
	unsigned long xid;

	if (argc != 4) {
		usage();
		return 2;
	}
	if (parse_int(argv[3], "TIMEOUT_MS", 0, &timeout))
		return 2;
	if (xgrab_find_window(disp(argv[1]), argv[2], timeout, &xid, &x, &y, &w, &h) < 0)
		return 1;
	printf("0x%lx %d %d %d %d\n", xid, x, y, w, h);
	return 0;
}

static int cmd_solid(int argc, char **argv)
{
	int x, y, w, h, tol = 0, fx, fy;
	uint32_t rgb, *px, *want;
	uint64_t n;

	if (argc < 7 || argc > 9) {
		usage();
		return 2;
	}
	if (parse_rgb(argv[6], &rgb) || (argc > 7 && parse_int(argv[7], "TOLERANCE", 0, &tol)))
		return 2;
	px = grab_rect(disp(argv[1]), argv + 2, &x, &y, &w, &h);
	if (!px)
		return 1;
	want = malloc((size_t)w * (size_t)h * sizeof(*want));
	if (!want) {
		free(px);
		fprintf(stderr, "xgrab-cli: out of memory\n");
		return 1;
	}
	for (size_t k = 0; k < (size_t)w * (size_t)h; k++)
		want[k] = rgb;
	n = xgrab_compare(px, want, w, h, tol, &fx, &fy);
	if (n) {
		fprintf(stderr,
		        "xgrab-cli: %" PRIu64 " of %d pixels in %dx%d+%d+%d differ from %06" PRIx32
		        " (tolerance %d); first at %d,%d: %06" PRIx32 "\n",
		        n, w * h, w, h, x, y, rgb, tol, x + fx, y + fy,
		        px[(size_t)fy * (size_t)w + (size_t)fx]);
		if (argc > 8 && write_image(argv[8], px, w, h) == 0)
			fprintf(stderr, "xgrab-cli: grab written to %s\n", argv[8]);
	}
	free(want);
	free(px);
	return n ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage();
		return 2;
	}
	if (strcmp(argv[1], "grab") == 0)
		return cmd_grab(argc - 1, argv + 1);
	if (strcmp(argv[1], "pixel") == 0)
		return cmd_pixel(argc - 1, argv + 1);
	if (strcmp(argv[1], "window") == 0)
		return cmd_window(argc - 1, argv + 1);
	if (strcmp(argv[1], "solid") == 0)
		return cmd_solid(argc - 1, argv + 1);
	usage();
	return 2;
}
