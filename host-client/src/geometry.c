// SPDX-License-Identifier: GPL-2.0-or-later
#include <math.h>

#include "geometry.h"

void lgv_rotated_size(int w, int h, int rotation, int *dw, int *dh)
{
	bool quarter = rotation & 1;
	*dw = quarter ? h : w;
	*dh = quarter ? w : h;
}

static double limit_scale(double s, const struct lgv_options *opt)
{
	if (opt->int_upscale && s >= 1.0)
		s = floor(s);
	if (opt->dont_upscale && s > 1.0)
		s = 1.0;
	return s;
}

/* A whole number of pixels per pixel, within rounding. */
static bool whole(double s)
{
	return fabs(s - round(s)) < 1e-6 || fabs(1.0 / s - round(1.0 / s)) < 1e-6;
}

struct lgv_fit lgv_geometry_fit(int win_w, int win_h, int src_w, int src_h,
				const struct lgv_options *opt)
{
	struct lgv_fit fit = {.scale_x = 1, .scale_y = 1};
	if (win_w <= 0 || win_h <= 0 || src_w <= 0 || src_h <= 0)
		return fit;
	double sx = (double)win_w / src_w, sy = (double)win_h / src_h;
	if (opt->keep_aspect)
		sx = sy = fmin(sx, sy);
	sx = limit_scale(sx, opt);
	sy = limit_scale(sy, opt);
	int w = (int)lround(src_w * sx), h = (int)lround(src_h * sy);
	if (w > win_w)
		w = win_w;
	if (h > win_h)
		h = win_h;
	fit.dst = (struct lgv_rect){(win_w - w) / 2, (win_h - h) / 2, w, h};
	fit.scale_x = (double)w / src_w;
	fit.scale_y = (double)h / src_h;
	switch (opt->filter) {
	case LGV_FILTER_NEAREST:
		fit.nearest = true;
		break;
	case LGV_FILTER_LINEAR:
		fit.nearest = false;
		break;
	default:
		fit.nearest = whole(fit.scale_x) && whole(fit.scale_y) &&
			      fabs(fit.scale_x - fit.scale_y) < 1e-6;
		break;
	}
	return fit;
}

void lgv_unrotate_point(double x, double y, int data_w, int data_h, int rotation, double *sx,
			double *sy)
{
	switch (rotation & 3) {
	case 0: *sx = x; *sy = y; break;
	case 1: *sx = y; *sy = data_h - x; break;
	case 2: *sx = data_w - x; *sy = data_h - y; break;
	default: *sx = data_w - y; *sy = x; break;
	}
}

bool lgv_guest_to_window(const struct lgv_fit *fit, int data_w, int data_h, int rotation, int gx,
			 int gy, double *wx, double *wy)
{
	if (fit->dst.w <= 0 || fit->dst.h <= 0 || data_w <= 0 || data_h <= 0)
		return false;
	double sx = gx + 0.5, sy = gy + 0.5, x, y;
	/* lgv_unrotate_point, undone. */
	switch (rotation & 3) {
	case 0: x = sx; y = sy; break;
	case 1: x = data_h - sy; y = sx; break;
	case 2: x = data_w - sx; y = data_h - sy; break;
	default: x = sy; y = data_w - sx; break;
	}
	int dw, dh;
	lgv_rotated_size(data_w, data_h, rotation, &dw, &dh);
	*wx = fit->dst.x + x * fit->dst.w / dw - 0.5;
	*wy = fit->dst.y + y * fit->dst.h / dh - 0.5;
	return true;
}

bool lgv_window_to_guest(const struct lgv_fit *fit, int data_w, int data_h, int rotation,
			 double wx, double wy, int *gx, int *gy)
{
	if (fit->dst.w <= 0 || fit->dst.h <= 0 || data_w <= 0 || data_h <= 0)
		return false;
	bool inside = wx >= fit->dst.x && wy >= fit->dst.y && wx < fit->dst.x + fit->dst.w &&
		      wy < fit->dst.y + fit->dst.h;
	int dw, dh;
	lgv_rotated_size(data_w, data_h, rotation, &dw, &dh);
	/* The pixel's centre, in the displayed (rotated) image. */
	double x = (wx - fit->dst.x + 0.5) * dw / fit->dst.w;
	double y = (wy - fit->dst.y + 0.5) * dh / fit->dst.h;
	double sx, sy;
	lgv_unrotate_point(x, y, data_w, data_h, rotation, &sx, &sy);
	int ix = (int)sx, iy = (int)sy;
	*gx = ix < 0 ? 0 : ix >= data_w ? data_w - 1 : ix;
	*gy = iy < 0 ? 0 : iy >= data_h ? data_h - 1 : iy;
	return inside;
}
