/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The test server's display (test_qxl.c says what it is for). */
#ifndef LGVIEW_TEST_QXL_H
#define LGVIEW_TEST_QXL_H

#include <spice.h>

/* Adds the display, starts the "VM" and creates a width x height primary. */
void test_qxl_add(SpiceServer *s, int width, int height);

#endif
