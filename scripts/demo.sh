#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The main job: build lgview (with lgbench and lgctl beside it) and run
# `lgview --demo`, the viewer on its built-in synthetic guest (no VM
# needed). With a desktop (DISPLAY or WAYLAND_DISPLAY) the window opens
# there; close it or press ScrollLock+Q.
# Without one (a server, CI) it runs for DEMO_SECONDS (default 10) on a
# virtual X server (Xvfb: GL there is Mesa's, drawn by the CPU), then prints
# what it showed, what those figures mean with the GL renderer lgview
# reported, and where the screenshot (PNG) and lgview's messages are. Extra
# arguments go to lgview.
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
shot="$PWD/build/demo-screenshot.png"
log="$PWD/build/demo-lgview.log"
echo "== lgview --demo on a virtual X display (Xvfb) for $seconds s"
# lgview's messages go to the terminal as they come and to $log, where the
# summary finds the GL renderer lgview reports.
mkfifo "$XENV_DIR/lgview.out"
tee "$log" <"$XENV_DIR/lgview.out" &
tee_pid=$!
build/host-client/lgview --demo win:showFPS=yes win:size=1920x1080 win:position=0x0 \
	"app:timestamps=$times" "$@" >"$XENV_DIR/lgview.out" 2>&1 &
viewer=$!
xenv_track_pid $viewer lgview
sleep "$seconds"
grab() { build/tests/integration/xgrab-cli grab "$DISPLAY" 0 0 1920 1080 "$1"; }
if ! grab "$shot" 2>"$XENV_DIR/grab.err"; then
	# An xgrab-cli built without libpng writes PPM only.
	cat "$XENV_DIR/grab.err" >&2
	shot="${shot%.png}.ppm"
	grab "$shot"
fi
kill "$viewer"
wait "$viewer" || true
wait "$tee_pid" || true
shown=0
awk -F, -v s="$seconds" 'NR > 1 && $5 > $2 {
		n++; t += ($5 - $2) / 1e6
		c += ($3 - $2) / 1e6; u += ($4 - $3) / 1e6; p += ($5 - $4) / 1e6 }
	END { if (!n) { print "== no frame reached the screen"; exit 1 }
	      printf "== %d frames shown (%.1f per second), mean %.2f ms from detection to screen:\n", n, n / s, t / n
	      printf "   %.2f ms copying the frame, %.2f ms uploading it, %.2f ms drawing and presenting\n", c / n, u / n, p / n }' "$times" || shown=1

# What the figures mean depends on who draws: lgview logs
# "OpenGL: RENDERER, VERSION, via EGL|GLX".
gl=$(sed -n 's/^.*OpenGL: //p' "$log" | head -n 1)
renderer=$(printf '%s\n' "$gl" | sed 's/, [0-9][0-9]*\.[0-9.]* .*$//')
case "$renderer" in
"")
	echo "== GL renderer: lgview did not report one (see $log)" ;;
*llvmpipe* | *softpipe* | *swrast* | *"Software Rasterizer"* | *lavapipe*)
	echo "== GL renderer: $renderer"
	echo "   That is Mesa's software rendering on the CPU: no GPU driver is in use. The GL"
	echo "   stages above (uploading, drawing and presenting) are the CPU doing a GPU's work"
	echo "   on each 1920x1080 frame, and they set the frame rate and the latency; lgview's"
	echo "   own part is finding and copying the frame. With a GPU driver the GL stages are"
	echo "   far shorter: these figures say little about lgview itself."
	echo "   docs/benchmarks.md explains each stage and how lgbench measures them." ;;
*)
	echo "== GL renderer: $renderer (a GPU driver: the figures above are lgview's with it)" ;;
esac
echo "== lgview's messages: $log"
echo "== screenshot of the last frame: $shot"
exit "$shown"
