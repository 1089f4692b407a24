#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The main job: build lgview (with lgbench and lgctl beside it) and run
# `lgview --demo`, the viewer on its built-in synthetic guest (no VM
# needed). With a desktop (DISPLAY or WAYLAND_DISPLAY) the window opens
# there; close it or press ScrollLock+Q.
# Without one (a server, CI) it runs for DEMO_SECONDS (default 10) on a
# virtual X server with Mesa's software GL, then prints what it showed and
# where the screenshot is. Extra arguments go to lgview.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh demo
cmake -S . -B build -DBUILD_TESTING=ON >/dev/null
cmake --build build -j"$(nproc)" --target lgview lgbench lgctl xgrab-cli

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
	exec build/host-client/lgview --demo win:showFPS=yes "$@"
fi

XENV_SRCDIR="$PWD/tests/integration/x11"
export XENV_SRCDIR
. "$XENV_SRCDIR/xenv.sh"
trap xenv_stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
xenv_start_xvfb auto 1920x1080
seconds="${DEMO_SECONDS:-10}"
times="$PWD/build/demo-timestamps.csv"
shot="$PWD/build/demo-screenshot.ppm"
echo "== lgview --demo on a virtual display for $seconds s (Mesa llvmpipe, no GPU)"
build/host-client/lgview --demo win:showFPS=yes win:size=1920x1080 win:position=0x0 \
	"app:timestamps=$times" "$@" &
viewer=$!
xenv_track_pid $viewer lgview
sleep "$seconds"
build/tests/integration/xgrab-cli grab "$DISPLAY" 0 0 1920 1080 "$shot"
kill "$viewer"
wait "$viewer" || true
awk -F, -v s="$seconds" 'NR > 1 && $5 > $2 { n++; t += ($5 - $2) / 1e6 }
	END { if (n) printf "== %d frames shown (%.1f per second), mean %.2f ms from detection to screen\n", n, n / s, t / n;
	      else { print "== no frame reached the screen"; exit 1 } }' "$times"
echo "== screenshot of the last frame: $shot"
