/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lgview --demo: a built-in synthetic guest. The producer role of
 * guest-proto runs in a thread and writes lgbench's animated scene into a
 * private memfd region, which the viewer then reads like any other.
 */
#ifndef LGVIEW_DEMO_H
#define LGVIEW_DEMO_H

#include "options.h"

struct kvmfr_region;
struct lgv_demo;

struct lgv_demo *lgv_demo_start(const struct lgv_options *opt, struct kvmfr_region **region);
void lgv_demo_stop(struct lgv_demo *d);

#endif
