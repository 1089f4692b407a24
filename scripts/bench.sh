#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The standard benchmark set (the CMake `bench` target runs it):
#   1. the frame ring at 60 fps and as fast as possible (1920x1080 BGRA);
#   2. lgview glass to glass on a virtual X display at 60 fps: at 1920x1080
#      with its default (auto) against the copy and direct uploaders, then
#      at 1280x720, 2560x1440 and 3840x2160 with its default; each run with
#      the floor (a minimal viewer on the same display), the guest's rate
#      with and without lgview, and lgview's idle CPU; looking-glass-client
#      beside it when it is installed;
#   3. lgview's audio latency (lgbench audio) into a private headless
#      PipeWire (so nothing plays on your speakers), raw PCM against Opus,
#      when the test SPICE server was built and PipeWire is installed.
# Usage: bench.sh LGBENCH LGVIEW OUTDIR [SPICE_TEST_SERVER]
# (BENCH_SECONDS scales the runs; BENCH_DISPLAY and BENCH_SIZES: see below)
set -eu
lgbench=$1 lgview=$2 out=$3 server=${4:-}
secs=${BENCH_SECONDS:-5}
mkdir -p "$out"
here=$(cd "$(dirname "$0")/.." && pwd)

echo "== lgbench ring, 1920x1080 BGRA at 60 fps"
"$lgbench" ring --size 1920x1080 --fps 60 --duration "$secs" \
	--csv "$out/ring60.csv" --json "$out/ring60.json" --svg "$out/ring60.svg"
echo "== lgbench ring, 1920x1080 BGRA as fast as possible"
"$lgbench" ring --size 1920x1080 --fps 0 --duration "$secs" \
	--csv "$out/ringmax.csv" --json "$out/ringmax.json" --svg "$out/ringmax.svg"

XENV_SRCDIR="$here/tests/integration/x11"
export XENV_SRCDIR
. "$XENV_SRCDIR/xenv.sh"
trap xenv_stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# A private virtual display unless BENCH_DISPLAY names one (a real GPU's
# desktop, say: windows open at its top left); BENCH_SIZES picks the sizes
# there (default 1920x1080 on a given display, all four on our own).
if [ -n "${BENCH_DISPLAY:-}" ]; then
	DISPLAY=$BENCH_DISPLAY
	export DISPLAY
	sizes=${BENCH_SIZES:-1920x1080}
else
	xenv_start_xvfb auto 3840x2160
	sizes=${BENCH_SIZES:-1920x1080 1280x720 2560x1440 3840x2160}
fi
view="-f {shm} -d win:position=0x0 win:size={w}x{h} app:timestamps={timestamps}"
b7=
if command -v looking-glass-client >/dev/null 2>&1; then
	b7="looking-glass-client -f {shm} -s win:position=0x0 win:size={w}x{h} win:borderless=yes"
fi
for size in $sizes; do
	set -- --viewer "$lgview $view"
	if [ "$size" = 1920x1080 ]; then
		set -- "$@" --viewer "$lgview $view app:uploader=copy" \
			--viewer "$lgview $view app:uploader=direct"
	fi
	[ -z "$b7" ] || set -- "$@" --viewer "$b7"
	echo "== lgbench viewer, $size BGRA at 60 fps, on $DISPLAY"
	# auto tries its uploaders for the first 2-3 s: warm up past that.
	"$lgbench" viewer --size "$size" --fps 60 --duration "$((secs * 2))" --rounds 2 \
		--warmup 4 "$@" --csv "$out/viewer-$size.csv" --json "$out/viewer-$size.json" \
		--svg "$out/viewer-$size.svg"
done

if [ -n "$server" ] && command -v pipewire >/dev/null 2>&1 && command -v wireplumber >/dev/null 2>&1; then
	. "$here/tests/integration/audio/pwenv.sh"
	pw_start "$out/pipewire"
	trap 'pw_stop; xenv_stop' EXIT
	set -- --viewer "'$lgview' app:shmFile={shm} spice:host={sock} win:size=320x200" \
		--viewer "'$lgview' app:shmFile={shm} spice:host={sock} win:size=320x200 audio:opus=yes"
	# Untested here (the Looking Glass client is not installed on our
	# machines): B7 takes a UNIX socket as spice:host with port 0.
	if command -v looking-glass-client >/dev/null 2>&1; then
		set -- "$@" --viewer "looking-glass-client -f {shm} -c {sock} -p 0"
	fi
	echo "== lgbench audio, raw PCM against Opus, into a private PipeWire"
	"$lgbench" audio --server "$server" --sink test-sink --duration "$((secs * 4))" "$@" \
		--csv "$out/audio.csv"
	pw_stop
else
	echo "== lgbench audio skipped: needs the test SPICE server (tests built) and pipewire + wireplumber"
fi
echo "== results in $out"
