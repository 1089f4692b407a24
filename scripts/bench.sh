#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The standard benchmark set (the CMake `bench` target runs it):
#   1. the frame ring at 60 fps and as fast as possible (1920x1080 BGRA);
#   2. lgview glass to glass on a virtual X display, through its direct and
#      copy uploaders, alternating, and looking-glass-client beside it when
#      it is installed;
#   3. lgview's audio latency (lgbench audio) into a private headless
#      PipeWire (so nothing plays on your speakers), raw PCM against Opus,
#      when the test SPICE server was built and PipeWire is installed.
# Usage: bench.sh LGBENCH LGVIEW OUTDIR [SPICE_TEST_SERVER]
# (BENCH_SECONDS scales the runs)
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
if [ -z "${DISPLAY:-}" ]; then
	xenv_start_xvfb auto 1920x1080
fi
set -- --viewer "$lgview -f {shm} -d win:position=0x0 win:size={w}x{h} app:uploader=direct app:timestamps={timestamps}" \
	--viewer "$lgview -f {shm} -d win:position=0x0 win:size={w}x{h} app:uploader=copy app:timestamps={timestamps}"
if command -v looking-glass-client >/dev/null 2>&1; then
	set -- "$@" --viewer "looking-glass-client -f {shm} -s win:position=0x0 win:size={w}x{h} win:borderless=yes"
fi
echo "== lgbench viewer, 1280x720 BGRA at 30 fps, on $DISPLAY"
"$lgbench" viewer --size 1280x720 --fps 30 --duration "$((secs * 2))" --rounds 2 "$@" \
	--csv "$out/viewer.csv" --json "$out/viewer.json" --svg "$out/viewer.svg"

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
