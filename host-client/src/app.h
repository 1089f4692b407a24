/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The viewer: window, renderer, session and the main loop. Main thread. */
#ifndef LGVIEW_APP_H
#define LGVIEW_APP_H

#include "options.h"

/* Run until the user quits; returns the process exit status. */
int lgv_app_run(const struct lgv_options *opt);

#endif
