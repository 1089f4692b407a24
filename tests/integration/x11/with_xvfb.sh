#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs a test program on a private Xvfb (1280x720): with_xvfb.sh PROGRAM [ARGS]
set -eu
XENV_SRCDIR=$(cd "$(dirname "$0")" && pwd)
export XENV_SRCDIR
. "$XENV_SRCDIR/xenv.sh"
trap 'status=$?; [ $status -eq 0 ] || xenv_dump_logs; xenv_stop' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
xenv_start_xvfb auto 1280x720
"$@"
