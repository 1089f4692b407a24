/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where the guest's picture goes in the window: scaling modes, rotation and
 * the filter choice. Pure functions, any thread.
 *
 * Rotation r (0..3) shows the frame data turned clockwise by r * 90 degrees.
 */
#ifndef LGVIEW_GEOMETRY_H
#define LGVIEW_GEOMETRY_H

#include <stdbool.h>

#include "options.h"

struct lgv_rect {
	int x, y, w, h;
};

struct lgv_fit {
	struct lgv_rect dst; /* in window pixels, top-left origin */
	double scale_x, scale_y;
	bool nearest; /* the filter to use */
};

/* The displayed size of a w x h frame under rotation r. */
void lgv_rotated_size(int w, int h, int rotation, int *dw, int *dh);

/*
 * Fit a displayed image of src_w x src_h into win_w x win_h:
 * keep_aspect letterboxes (or pillarboxes), otherwise stretch; int_upscale
 * rounds an upscale down to a whole factor; dont_upscale never scales above
 * 1. The result is centred on whole pixels, so 1:1 is pixel exact.
 */
struct lgv_fit lgv_geometry_fit(int win_w, int win_h, int src_w, int src_h,
				const struct lgv_options *opt);

/* Map a point in the displayed image (after rotation) back to data
 * coordinates, for cursor placement and tests. */
void lgv_unrotate_point(double x, double y, int data_w, int data_h, int rotation, double *sx,
			double *sy);

/* Map a window point (pixels, top-left origin) through the fit, letterbox
 * and rotation to the guest's pixel under it, clamped to the frame. False
 * when the point is outside the picture (on a letterbox bar, or no fit). */
bool lgv_window_to_guest(const struct lgv_fit *fit, int data_w, int data_h, int rotation,
			 double wx, double wy, int *gx, int *gy);
/* The other way: the window point (pixels) where guest pixel (gx, gy)'s
 * centre is drawn; lgv_window_to_guest of it gives (gx, gy) back. False
 * without a fit. */
bool lgv_guest_to_window(const struct lgv_fit *fit, int data_w, int data_h, int rotation, int gx,
			 int gy, double *wx, double *wy);

#endif
